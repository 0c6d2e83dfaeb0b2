"""The methodology's meeting sequence as pure functions: type → stage, current stage, warnings."""

from __future__ import annotations

import datetime as dt

from app.schemas_meetings import STAGES, PairFacts, PairTimeline, PairWarning
from app.text import fold, format_date

ACTIVE_STATUSES = ("approved", "working")
# Word stems that identify the methodology's stages in a meeting type name (the list is editable).
_STEMS: tuple[tuple[str, str], ...] = (
    ("знакомств", "intro"),
    ("пробн", "trial"),
    ("планир", "planning"),
    ("итогов", "final"),
    ("заключ", "final"),
    ("рабоч", "working"),
    ("группов", "group"),
)


def stage_of(kind: str) -> str:
    """The stage code of a meeting type name (``other`` for a type the rules do not know)."""
    folded = fold(kind)
    for stem, code in _STEMS:
        if stem in folded:
            return code
    return "other"


def needs_feedback(stage: str) -> bool:
    """Working (and group) meetings require feedback after each (seed 000, item 4.4)."""
    return stage in ("working", "group")


def next_stage(stages: list[str]) -> str:
    """The stage the methodology expects next: знакомство, пробная, планирование, then рабочая."""
    for code in ("intro", "trial", "planning"):
        if code not in stages:
            return code
    return "working"


def stage_text(facts: PairFacts) -> str:
    """Where the pair is in the sequence, in Russian."""
    meetings = facts.meetings
    if facts.status == "dissolved":
        return "расформирована"
    if not meetings:
        return "встреч ещё не было"
    stages = [m.stage for m in meetings]
    if "final" in stages:
        return "итоговая встреча проведена"
    working = sum(1 for s in stages if s in ("working", "group"))
    if working:
        return f"рабочие встречи ({working})"
    return STAGES.get(stages[-1], STAGES["other"])


def pair_warnings(facts: PairFacts, *, today: dt.date, inactivity_weeks: int,
                  planning_within: int = 3) -> list[PairWarning]:
    """Every deviation from the sequence, oldest first."""
    out: list[PairWarning] = []
    if facts.status in ("draft", "dissolved"):
        return out
    meetings = facts.meetings

    def warn(code: str, message: str, date: dt.date | None = None, meeting_id: int | None = None) -> None:
        out.append(PairWarning(facts.group_id, facts.label, code, message, date, meeting_id))

    if meetings and meetings[0].stage != "intro":
        first = meetings[0]
        warn("first_not_intro", f"первая встреча {format_date(first.date)} — не встреча-знакомство",
             first.date, first.id)
    stages = [m.stage for m in meetings]
    if len(meetings) >= planning_within and "planning" not in stages[:planning_within]:
        late = meetings[planning_within - 1]
        warn("no_planning", f"нет встречи-планирования среди первых {planning_within} встреч", late.date, late.id)
    for m in meetings:
        if not needs_feedback(m.stage):
            continue
        missing = [who for who, got in (("наставляемого", m.feedback_mentee), ("наставника", m.feedback_mentor))
                   if not got]
        if missing:
            warn("no_feedback", f"встреча {format_date(m.date)} без обратной связи от {' и '.join(missing)}",
                 m.date, m.id)
    finished = "final" in stages or facts.status == "finished"
    if facts.status in ACTIVE_STATUSES and not finished:
        last = meetings[-1].date if meetings else facts.start_date
        if last is not None and (today - last).days > inactivity_weeks * 7:
            since = f"с {format_date(last)}" if meetings else f"с начала работы {format_date(last)}"
            weeks = (today - last).days // 7
            warn("inactive", f"нет встреч {weeks} нед. ({since})", last)
    if facts.planned_end_date and facts.planned_end_date < today and "final" not in stages:
        warn("no_final", f"плановый срок {format_date(facts.planned_end_date)} прошёл, итоговой встречи нет",
             facts.planned_end_date)
    return out


def timeline(facts: PairFacts, *, today: dt.date, inactivity_weeks: int, planning_within: int = 3) -> PairTimeline:
    """The pair's stage and warnings together."""
    return PairTimeline(facts=facts, stage_text=stage_text(facts),
                        warnings=tuple(pair_warnings(facts, today=today, inactivity_weeks=inactivity_weeks,
                                                     planning_within=planning_within)))
