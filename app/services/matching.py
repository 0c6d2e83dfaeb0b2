"""Matching use cases: candidates from the database, suggestions, optimal proposals, drafts, criteria settings."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlmodel import Session

from app.errors import Issue, NotFoundError, ValidationError
from app.matching import (CRITERIA, Criteria, Match, MenteeCandidate, MentorCandidate, guess_form, interest_stems,
                          rank, score)
from app.text import class_parallel, fold, full_name, short_name
from db.engine import transaction
from db.models import BannedMatch, GroupMember, Mentee, Mentor, MentoringGroup, Setting

CRITERIA_KEY = "matching_criteria"
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Suggestion:
    """A mentor ranked for one mentee."""

    mentor_id: int
    name: str
    group_name: str
    category: str
    score: float
    reasons: tuple[str, ...]
    free: int
    capacity: int


@dataclass(frozen=True)
class Proposal:
    """A mentee–mentor pair proposed by the optimal assignment (becomes a draft when applied)."""

    mentee_id: int
    mentee_name: str
    mentee_group: str
    mentor_id: int
    mentor_name: str
    mentor_short: str
    mentor_group: str
    score: float
    reasons: tuple[str, ...]
    form: str = ""


# -- criteria settings ------------------------------------------------------------


def load_criteria(session: Session) -> Criteria:
    """The stored criteria, or the defaults when none (or damaged)."""
    row = session.get(Setting, CRITERIA_KEY)
    if row is None:
        return Criteria()
    try:
        return Criteria.from_json(row.value)
    except (ValueError, ValidationError):
        return Criteria()


def save_criteria(session: Session, *, criteria: Criteria) -> Criteria:
    """Validate and store the criteria in one transaction."""
    checked = Criteria.from_json(criteria.to_json())
    if not any(checked.rule(code).mode != "ignore" and checked.rule(code).weight > 0 for code in CRITERIA):
        raise ValidationError([Issue("ни один критерий не учитывается с весом больше 0 — все оценки были бы "
                                     "одинаковыми; включите хотя бы один критерий", field="Критерии подбора")])
    with transaction(session):
        session.merge(Setting(key=CRITERIA_KEY, value=checked.to_json()))
    return load_criteria(session)


# -- candidates -------------------------------------------------------------------


def age_reference_date(session: Session, *, today: dt.date | None = None) -> dt.date:
    """The last occurrence of the settings' age reference day (01.09 by default) not after ``today``."""
    from app.settings import load_settings

    today = today or dt.date.today()
    try:
        month, day = (int(p) for p in load_settings(session).age_reference.split("-"))
        ref = dt.date(today.year, month, day)
    except ValueError:
        ref = dt.date(today.year, 9, 1)
    return ref if ref <= today else ref.replace(year=ref.year - 1)


def _age(birth_date: dt.date | None, birth_year: int | None, on: dt.date) -> int | None:
    if birth_date is not None:
        return on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))
    return on.year - birth_year if birth_year else None


def _relations(session: Session) -> tuple[dict[int, set[int]], dict[int, set[int]]]:
    banned: dict[int, set[int]] = defaultdict(set)
    for mentee_id, mentor_id in session.execute(select(BannedMatch.mentee_id, BannedMatch.mentor_id)):
        banned[mentee_id].add(mentor_id)
    previous: dict[int, set[int]] = defaultdict(set)
    for mentee_id, mentor_id in session.execute(
            select(GroupMember.mentee_id, MentoringGroup.mentor_id)
            .join(MentoringGroup, MentoringGroup.id == GroupMember.group_id)
            .where(MentoringGroup.status.in_(("finished", "dissolved")))):
        previous[mentee_id].add(mentor_id)
    return banned, previous


def load_mentees(session: Session, *, ids: Iterable[int], on: dt.date) -> list[MenteeCandidate]:
    """Candidates for the given mentee ids (in that order)."""
    wanted = list(ids)
    banned, previous = _relations(session)
    cols = (Mentee.id, Mentee.last_name, Mentee.first_name, Mentee.middle_name, Mentee.birth_date,
            Mentee.birth_year, Mentee.category, Mentee.group_name, Mentee.experience_years, Mentee.requests,
            Mentee.request_text, Mentee.archived_at)
    rows = {}
    for start in range(0, len(wanted), 900):  # SQLite's bound-parameter limit
        chunk = wanted[start:start + 900]
        rows.update((r[0], r) for r in session.execute(select(*cols).where(Mentee.id.in_(chunk))))
    out = []
    for mentee_id in wanted:
        r = rows.get(mentee_id)
        if r is None:
            continue
        name = full_name(r[1], r[2], r[3])
        out.append(MenteeCandidate(
            id=r[0], name=name, category=r[6], group_name=r[7], parallel=class_parallel(r[7]),
            age=_age(r[4], r[5], on), experience=r[8], requests=tuple(r[9] or ()), words=interest_stems(r[10]),
            person_key=fold(name), birth_year=r[4].year if r[4] else r[5],
            banned=frozenset(banned.get(r[0], ())), previous=frozenset(previous.get(r[0], ())),
            archived=r[11] is not None))
    return out


def load_mentors(session: Session) -> list[MentorCandidate]:
    """Every mentor that may take mentees (candidates and active, not archived), with free places."""
    from app.services.pairs import mentor_loads

    loads = {m.id: m for m in mentor_loads(session)}
    cols = (Mentor.id, Mentor.last_name, Mentor.first_name, Mentor.middle_name, Mentor.birth_date,
            Mentor.birth_year, Mentor.category, Mentor.group_name, Mentor.experience_years, Mentor.competencies,
            Mentor.interests, Mentor.desired_age_min, Mentor.desired_age_max, Mentor.capacity, Mentor.partner_id)
    out = []
    for r in session.execute(select(*cols).where(Mentor.id.in_(list(loads))) if loads else ()):
        name = full_name(r[1], r[2], r[3])
        out.append(MentorCandidate(
            id=r[0], name=name, category=r[6], group_name=r[7], parallel=class_parallel(r[7]), experience=r[8],
            competencies=tuple(r[9] or ()), words=interest_stems(r[10]), interests=r[10] or "",
            age_min=r[11], age_max=r[12], capacity=r[13], free=loads[r[0]].free, partner=r[14] is not None,
            person_key=fold(name), birth_year=r[4].year if r[4] else r[5]))
    out.sort(key=lambda m: m.id)
    return out


# -- use cases ----------------------------------------------------------------------


def suggest_for_mentee(session: Session, *, mentee_id: int, limit: int = 10,
                       criteria: Criteria | None = None, today: dt.date | None = None) -> list[Suggestion]:
    """Mentors with a free place ranked for one mentee, each with reasons in Russian."""
    criteria = criteria or load_criteria(session)
    mentees = load_mentees(session, ids=[mentee_id], on=age_reference_date(session, today=today))
    if not mentees:
        raise NotFoundError("Наставляемый не найден")
    mentors = {m.id: m for m in load_mentors(session)}
    return [Suggestion(mentor_id=m.mentor_id, name=mentors[m.mentor_id].name,
                       group_name=mentors[m.mentor_id].group_name, category=mentors[m.mentor_id].category,
                       score=m.score, reasons=m.reasons, free=mentors[m.mentor_id].free,
                       capacity=mentors[m.mentor_id].capacity)
            for m in rank(mentees[0], list(mentors.values()), criteria, limit)]


def _short(name: str) -> str:
    parts = name.split(" ")
    return short_name(parts[0], *(parts[1:3])) if parts else name


def suggest_all(session: Session, *, mode: str = "best", progress: Progress | None = None,
                criteria: Criteria | None = None, today: dt.date | None = None) -> list[Proposal]:
    """The optimal assignment of every unpaired mentee to mentors' free places (pinned pairs stay: they
    are active groups and already hold their places). Sorted by mentee name."""
    from app.assignment import MODES_ALL, assign
    from app.services.pairs import unpaired_mentees

    if mode not in MODES_ALL:
        raise ValidationError([Issue(f"неизвестный режим «{mode}»: best или cover", field="Режим")])
    criteria = criteria or load_criteria(session)
    waiting = unpaired_mentees(session, today=today)
    mentees = load_mentees(session, ids=[w.id for w in waiting], on=age_reference_date(session, today=today))
    mentors = load_mentors(session)
    matches = assign(mentees, mentors, criteria, mode=mode, progress=progress)
    return _proposals(matches, mentees, mentors)


def _proposals(matches: list[Match], mentees: list[MenteeCandidate],
               mentors: list[MentorCandidate]) -> list[Proposal]:
    e_by_id, m_by_id = {e.id: e for e in mentees}, {m.id: m for m in mentors}
    out = []
    for match in matches:
        e, m = e_by_id[match.mentee_id], m_by_id[match.mentor_id]
        out.append(Proposal(mentee_id=e.id, mentee_name=e.name, mentee_group=e.group_name, mentor_id=m.id,
                            mentor_name=m.name, mentor_short=_short(m.name), mentor_group=m.group_name,
                            score=match.score, reasons=match.reasons,
                            form=guess_form(e.category, m.category, m.partner)))
    out.sort(key=lambda p: (fold(p.mentee_name), p.mentee_id))
    return out


def proposal_for(session: Session, *, mentee_id: int, mentor_id: int,
                 criteria: Criteria | None = None) -> Proposal:
    """A proposal for a combination chosen by hand from the suggestions (for ``apply_suggestions``)."""
    criteria = criteria or load_criteria(session)
    mentees = load_mentees(session, ids=[mentee_id], on=age_reference_date(session))
    mentors = [m for m in load_mentors(session) if m.id == mentor_id]
    if not mentees or not mentors:
        raise NotFoundError("Наставляемый или наставник не найден")
    match = score(mentees[0], mentors[0], criteria) or Match(mentee_id, mentor_id, 0.0, ())
    return _proposals([match], mentees, mentors)[0]


def apply_suggestions(session: Session, *, proposals: Iterable[Proposal],
                      start_date: dt.date | None = None, planned_end_date: dt.date | None = None) -> list[int]:
    """Store the proposals as draft pairs (source «suggested») in ONE transaction; returns the new group ids.

    ``start_date`` and ``planned_end_date`` (when given) are stored on every created draft.

    Every pair passes ``pairs.check_group`` (archive, self, bans, one active pair per mentee, capacity);
    any failure leaves the database unchanged.
    """
    from app.schemas import GroupData
    from app.services.pairs import check_group

    proposals = list(proposals)
    seen: set[int] = set()
    for p in proposals:
        if p.mentee_id in seen:
            raise ValidationError([Issue(f"{p.mentee_name} предложен(а) дважды", field="Наставляемые")])
        seen.add(p.mentee_id)
    ids: list[int] = []
    with transaction(session):
        for p in proposals:
            data = GroupData(mentor_id=p.mentor_id, mentee_ids=(p.mentee_id,), form=p.form, start_date=start_date,
                             planned_end_date=planned_end_date)
            check_group(session, data=data)
            group = MentoringGroup(mentor_id=p.mentor_id, source="suggested", form=p.form, start_date=start_date,
                                   planned_end_date=planned_end_date)
            session.add(group)
            session.flush()
            session.add(GroupMember(group_id=group.id, mentee_id=p.mentee_id))
            session.flush()
            ids.append(group.id)
    return ids
