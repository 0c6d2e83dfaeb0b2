"""Candidates for «Наставник года» and «Лучшая пара» of an academic year, with the data and a transparent score."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, replace

from app.meeting_rules import needs_feedback
from app.periods import Period, academic_year, academic_year_of, parse_period
from app.survey_analytics import SurveyData, satisfaction
from app.text import fold, format_date, full_name

NOMINATED_STATUSES = ("approved", "working", "finished")
MENTOR_MEETINGS_CAP, PAIR_MEETINGS_CAP = 30, 20
MENTOR_FORMULA = (f"Балл = встречи за год (не более {MENTOR_MEETINGS_CAP}) + 20 × доля рабочих встреч с обратной "
                  "связью + 0,2 × удовлетворённость наставляемых, % + 5 × завершённые пары с результатами "
                  "+ 5 за обучение («Школа наставников»)")
PAIR_FORMULA = (f"Балл = встречи за год (не более {PAIR_MEETINGS_CAP}) + 20 × доля рабочих встреч с обратной "
                "связью + 0,1 × удовлетворённость наставляемых, % + 0,1 × удовлетворённость наставника, % "
                "+ 10 за завершение с результатами + 5 за итоговую встречу − 2 × отступления от "
                "последовательности встреч (не ниже 0)")


def _share(given: int, needed: int) -> float | None:
    return given / needed if needed else None


@dataclass(frozen=True)
class MentorCandidate:
    """A mentor's year: pairs, meetings, feedback, the mentees' satisfaction, completed pairs, training."""

    mentor_id: int
    name: str
    position: str
    groups: int
    mentees: int
    meetings: int
    feedback_needed: int  # working/group meetings (feedback is required after each)
    feedback_given: int  # … of them with feedback from the mentee and the mentor
    satisfaction: float | None  # mentees' satisfaction, %
    satisfaction_n: int
    completed: int
    completed_with_results: int
    results: tuple[str, ...]
    training: str  # «01.10.2026, Сертификат № 12»; "" when not trained
    score: float
    place: int = 0  # 1, 2, 2, 4…: equal scores share a place

    @property
    def feedback_share(self) -> float | None:
        return _share(self.feedback_given, self.feedback_needed)


@dataclass(frozen=True)
class PairCandidate:
    """A pair/group's year: meetings, feedback, sequence warnings, satisfaction of both sides, completion."""

    group_id: int
    label: str
    mentor_id: int
    mentor_name: str
    mentee_names: tuple[str, ...]
    form: str
    status: str
    start_date: dt.date | None
    end_date: dt.date | None
    meetings: int
    feedback_needed: int
    feedback_given: int
    warnings: int
    warning_texts: tuple[str, ...]
    mentee_satisfaction: float | None
    mentee_n: int
    mentor_satisfaction: float | None
    mentor_n: int
    final_meeting: bool
    results: str
    case_url: str
    final_survey_done: bool
    score: float
    place: int = 0  # 1, 2, 2, 4…: equal scores share a place

    @property
    def feedback_share(self) -> float | None:
        return _share(self.feedback_given, self.feedback_needed)

    @property
    def completed(self) -> bool:
        return self.status == "finished"


@dataclass(frozen=True)
class Nominations:
    """Both candidate lists of one academic year, best score first."""

    year: Period
    method: str
    mentors: tuple[MentorCandidate, ...]
    pairs: tuple[PairCandidate, ...]
    mentor_formula: str = MENTOR_FORMULA
    pair_formula: str = PAIR_FORMULA


def mentor_score(*, meetings: int, feedback_share: float | None, satisfaction_pct: float | None,
                 completed_with_results: int, trained: bool) -> float:
    """MENTOR_FORMULA; missing data adds nothing."""
    value = (min(meetings, MENTOR_MEETINGS_CAP) + 20 * (feedback_share or 0) + 0.2 * (satisfaction_pct or 0)
             + 5 * completed_with_results + (5 if trained else 0))
    return round(value, 1)


def pair_score(*, meetings: int, feedback_share: float | None, mentee_pct: float | None, mentor_pct: float | None,
               completed_with_results: bool, final_meeting: bool, warnings: int) -> float:
    """PAIR_FORMULA; missing data adds nothing; never below zero."""
    value = (min(meetings, PAIR_MEETINGS_CAP) + 20 * (feedback_share or 0) + 0.1 * (mentee_pct or 0)
             + 0.1 * (mentor_pct or 0) + (10 if completed_with_results else 0) + (5 if final_meeting else 0)
             - 2 * warnings)
    return round(max(value, 0.0), 1)


def _span_overlaps(year: Period, start: dt.date | None, status: str, end: dt.date | None) -> bool:
    return year.overlaps(start, end if status == "finished" else None)


def _responses_of(rows: tuple, *, group_id: int, mentor_id: int, mentee_ids: tuple[int, ...]) -> list:
    """Responses belonging to one pair: linked to it, or unlinked and answered by its members."""
    out = []
    for r in rows:
        if r.group_id is not None and r.group_id != group_id:
            continue
        if r.group_id == group_id or (r.respondent_role == "mentee" and r.mentee_id in mentee_ids) or (
                r.respondent_role == "mentor" and r.mentor_id == mentor_id):
            out.append(r)
    return out


def build_nominations(session, *, year: str | Period, today: dt.date | None = None) -> Nominations:  # noqa: ANN001
    """Candidates of the academic ``year`` («2026/2027») from pairs, the meeting log and the questionnaires."""
    from sqlalchemy import select

    from app.services.meetings import pair_timelines
    from app.survey_analytics import load_data
    from db.models import GroupMember, Mentee, Mentor, MentoringGroup

    period = parse_period(year) if isinstance(year, str) else year
    today = today or dt.date.today()
    groups = [g for g in session.execute(select(MentoringGroup).where(
        MentoringGroup.status.in_(NOMINATED_STATUSES)).order_by(MentoringGroup.id)).scalars()
        if _span_overlaps(period, g.start_date, g.status, g.end_date)]
    members: dict[int, list[int]] = defaultdict(list)
    for gid, mid in session.execute(select(GroupMember.group_id, GroupMember.mentee_id).order_by(GroupMember.id)):
        members[gid].append(mid)
    mentee_names = {r[0]: full_name(*r[1:]) for r in session.execute(
        select(Mentee.id, Mentee.last_name, Mentee.first_name, Mentee.middle_name))}
    mentors = {m.id: m for m in session.execute(select(Mentor)).scalars()}
    lines = pair_timelines(session, group_ids=[g.id for g in groups], today=min(today, period.end))
    data: SurveyData = load_data(session)
    window = (period.start, period.end)
    pairs: list[PairCandidate] = []
    for g in groups:
        line = lines.get(g.id)
        held = [m for m in (line.facts.meetings if line else ()) if period.contains(m.date)]
        needed = [m for m in held if needs_feedback(m.stage)]
        given = sum(1 for m in needed if m.feedback_mentee and m.feedback_mentor)
        ids = tuple(members.get(g.id, ()))
        rows = _responses_of(data.rows, group_id=g.id, mentor_id=g.mentor_id, mentee_ids=ids)
        mentee_sat = satisfaction(data.templates, rows, role="mentee", method=data.method, period=window)
        mentor_sat = satisfaction(data.templates, rows, role="mentor", method=data.method, period=window)
        finished = g.status == "finished" and g.end_date is not None and period.contains(g.end_date)
        final = any(m.stage == "final" for m in held)
        warnings = tuple(w.message for w in (line.warnings if line else ()))
        mentor = mentors.get(g.mentor_id)
        pairs.append(PairCandidate(
            g.id, line.facts.label if line else f"№ {g.id}", g.mentor_id,
            full_name(mentor.last_name, mentor.first_name, mentor.middle_name) if mentor else "?",
            tuple(mentee_names.get(i, "?") for i in ids), g.form, g.status, g.start_date, g.end_date, len(held),
            len(needed), given, len(warnings), warnings, mentee_sat.chosen_pct, mentee_sat.n,
            mentor_sat.chosen_pct, mentor_sat.n, final, g.results if finished else "",
            g.case_url if finished else "", bool(g.final_survey_done) if finished else False,
            pair_score(meetings=len(held), feedback_share=_share(given, len(needed)),
                       mentee_pct=mentee_sat.chosen_pct, mentor_pct=mentor_sat.chosen_pct,
                       completed_with_results=finished and bool(g.results.strip()), final_meeting=final,
                       warnings=len(warnings))))
    by_mentor: dict[int, list[PairCandidate]] = defaultdict(list)
    for p in pairs:
        by_mentor[p.mentor_id].append(p)
    candidates = []
    for mentor_id, own in by_mentor.items():
        mentor = mentors.get(mentor_id)
        if mentor is None:
            continue
        seen: dict[int, object] = {}
        for p in own:
            ids = tuple(members.get(p.group_id, ()))
            for r in _responses_of(data.rows, group_id=p.group_id, mentor_id=mentor_id, mentee_ids=ids):
                if r.respondent_role == "mentee":
                    seen[r.id] = r
        sat = satisfaction(data.templates, list(seen.values()), role="mentee", method=data.method, period=window)
        done = [p for p in own if p.completed and p.end_date is not None and period.contains(p.end_date)]
        with_results = [p for p in done if p.results.strip()]
        meetings = sum(p.meetings for p in own)
        needed, given = sum(p.feedback_needed for p in own), sum(p.feedback_given for p in own)
        training = ", ".join(x for x in (format_date(mentor.training_date), mentor.training_document.strip()) if x)
        mentees = {i for p in own for i in members.get(p.group_id, ())}
        candidates.append(MentorCandidate(
            mentor_id, full_name(mentor.last_name, mentor.first_name, mentor.middle_name), mentor.group_name,
            len(own), len(mentees), meetings, needed, given, sat.chosen_pct, sat.n, len(done), len(with_results),
            tuple(p.results for p in with_results), training,
            mentor_score(meetings=meetings, feedback_share=_share(given, needed), satisfaction_pct=sat.chosen_pct,
                         completed_with_results=len(with_results), trained=bool(training))))
    candidates.sort(key=lambda c: (-c.score, fold(c.name)))
    pairs.sort(key=lambda p: (-p.score, fold(p.label)))
    return Nominations(period, data.method, tuple(ranked(candidates)), tuple(ranked(pairs)))


def ranked(rows: list) -> list:
    """Rows sorted best first with their places: equal scores share one, the next skips (1, 2, 2, 4)."""
    out = []
    for n, row in enumerate(rows):
        same = out and out[-1].score == row.score
        out.append(replace(row, place=out[-1].place if same else n + 1))
    return out


def available_years(session, *, today: dt.date | None = None) -> list[str]:  # noqa: ANN001
    """Academic years from the earliest pair to the current one, newest first («2026/2027», …)."""
    from sqlalchemy import func, select

    from db.models import MentoringGroup

    current = academic_year_of(today or dt.date.today())
    first = session.execute(select(func.min(MentoringGroup.start_date)).where(
        MentoringGroup.status.in_(NOMINATED_STATUSES))).scalar()
    start = academic_year_of(first).start.year if first else current.start.year
    start = min(start, current.start.year)
    return [academic_year(start_year=y).code for y in range(current.start.year, start - 1, -1)]


__all__ = ["MENTOR_FORMULA", "PAIR_FORMULA", "MentorCandidate", "Nominations", "PairCandidate",
           "available_years", "build_nominations", "mentor_score", "pair_score", "ranked"]
