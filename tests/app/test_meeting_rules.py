"""The sequence rules on their own: stage of a type name, stage text, warnings."""

from __future__ import annotations

import datetime as dt

from app.meeting_rules import pair_warnings, stage_of, stage_text
from app.schemas_meetings import MeetingFact, PairFacts

D = dt.date


def facts(*meetings: tuple, status: str = "working", planned_end: dt.date | None = None) -> PairFacts:
    return PairFacts(group_id=1, label="Ёлкина С.В. — Иванов П.С.", status=status, start_date=D(2026, 9, 15),
                     planned_end_date=planned_end, end_date=None,
                     meetings=tuple(MeetingFact(i, d, s, fm, fr) for i, (d, s, fm, fr) in enumerate(meetings, 1)))


def codes(f: PairFacts, today: dt.date = D(2026, 10, 20)) -> list[str]:
    return [w.code for w in pair_warnings(f, today=today, inactivity_weeks=4, planning_within=3)]


def test_stage_of_recognises_the_methodology_names_and_variants():
    assert stage_of("встреча-знакомство") == "intro"
    assert stage_of("Знакомство с наставником") == "intro"
    assert stage_of("пробная встреча") == "trial"
    assert stage_of("Встреча-планирование") == "planning"
    assert stage_of("рабочая встреча") == "working"
    assert stage_of("ИТОГОВАЯ ВСТРЕЧА") == "final"
    assert stage_of("групповая встреча") == "group"
    assert stage_of("экскурсия") == "other"


def test_a_pair_following_the_sequence_has_no_warnings():
    f = facts((D(2026, 9, 20), "intro", False, False), (D(2026, 9, 27), "trial", False, False),
              (D(2026, 10, 4), "planning", False, False), (D(2026, 10, 11), "working", True, True))
    assert codes(f) == []
    assert stage_text(f) == "рабочие встречи (1)"


def test_first_meeting_not_intro_and_late_planning():
    f = facts((D(2026, 9, 20), "working", True, True), (D(2026, 9, 27), "working", True, True),
              (D(2026, 10, 4), "working", True, True), (D(2026, 10, 11), "planning", False, False))
    assert codes(f) == ["first_not_intro", "no_planning"]


def test_working_meeting_without_feedback_names_who_is_missing():
    f = facts((D(2026, 9, 20), "intro", False, False), (D(2026, 10, 11), "working", True, False))
    warnings = pair_warnings(f, today=D(2026, 10, 20), inactivity_weeks=4)
    assert [w.code for w in warnings] == ["no_feedback"]
    assert "наставника" in warnings[0].message and "наставляемого" not in warnings[0].message
    assert warnings[0].meeting_id == 2


def test_inactivity_counts_from_the_last_meeting_or_the_start():
    f = facts((D(2026, 9, 20), "intro", False, False))
    assert codes(f, today=D(2026, 10, 18)) == []  # exactly 4 weeks
    assert codes(f, today=D(2026, 10, 19)) == ["inactive"]
    assert codes(facts(), today=D(2026, 10, 14)) == ["inactive"]  # 29 days after the start
    assert codes(facts(status="approved"), today=D(2026, 10, 13)) == []


def test_planned_end_without_final_meeting_and_closed_pairs():
    f = facts((D(2026, 9, 20), "intro", False, False), (D(2026, 10, 10), "final", False, False),
              planned_end=D(2026, 10, 1))
    assert codes(f) == []
    assert stage_text(f) == "итоговая встреча проведена"
    f = facts((D(2026, 9, 20), "intro", False, False), status="finished", planned_end=D(2026, 10, 1))
    assert codes(f) == ["no_final"]
    assert codes(facts(status="dissolved", planned_end=D(2026, 10, 1))) == []
    assert codes(facts(status="draft")) == []
