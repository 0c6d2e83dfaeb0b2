"""The journal filter and sort: period, pair, mentor, type, format, missing feedback, folded search."""

from __future__ import annotations

import datetime as dt

from app.meeting_filter import MeetingFilter, feedback_text, filter_meetings, search_text, sort_meetings
from app.meeting_rules import stage_of
from app.schemas_meetings import MeetingRow

D = dt.date


def row(mid: int, *, date: dt.date = D(2026, 10, 1), group_id: int = 1, mentor_id: int = 10,
        kind: str = "рабочая встреча", fmt: str = "in_person", topic: str = "", fb: tuple[bool, bool] = (True, True),
        label: str = "Ёлкина А.С. — Иванов И.П.",
        start: str = "", absent: tuple[str, ...] = ()) -> MeetingRow:
    return MeetingRow(id=mid, group_id=group_id, group_label=label, group_status="working", is_group=False,
                      form="ученик – ученик", mentor_id=mentor_id,
                      mentor_name="Ёлкина Анна Сергеевна" if mentor_id == 10 else "Зайцев Олег Петрович",
                      mentee_names=("Иванов Иван Петрович",), date=date, start_time=start, duration_min=None,
                      kind=kind, stage=stage_of(kind), format=fmt, topic=topic, outcome="", next_steps="",
                      feedback_mentee=fb[0], feedback_mentor=fb[1], linked_responses=0, absent_names=absent)


ROWS = [
    row(1, date=D(2026, 9, 20), kind="встреча-знакомство", fb=(False, False), topic="Знакомство и ожидания"),
    row(2, date=D(2026, 10, 1), fmt="remote", fb=(True, False), topic="Подготовка к олимпиаде"),
    row(3, date=D(2026, 10, 15), group_id=2, mentor_id=11, label="Зайцев О.П. — Петрова А.И.",
        topic="Проект «Ёжик в тумане»", start="15:30"),
    row(4, date=D(2026, 11, 2), group_id=2, mentor_id=11, label="Зайцев О.П. — Петрова А.И.",
        kind="итоговая встреча", fb=(False, False), absent=("Петрова А.И.",)),
]


def ids(flt: MeetingFilter) -> list[int]:
    return [r.id for r in filter_meetings(ROWS, flt=flt)]


def test_empty_filter_keeps_everything_in_order():
    assert ids(MeetingFilter()) == [1, 2, 3, 4]
    assert MeetingFilter().is_empty and not MeetingFilter(text="x").is_empty


def test_period_bounds_are_inclusive():
    assert ids(MeetingFilter(date_from=D(2026, 10, 1))) == [2, 3, 4]
    assert ids(MeetingFilter(date_to=D(2026, 10, 15))) == [1, 2, 3]
    assert ids(MeetingFilter(date_from=D(2026, 10, 1), date_to=D(2026, 10, 1))) == [2]


def test_pair_mentor_type_and_format():
    assert ids(MeetingFilter(group_id=2)) == [3, 4]
    assert ids(MeetingFilter(mentor_id=10)) == [1, 2]
    assert ids(MeetingFilter(kind="Итоговая встреча")) == [4]
    assert ids(MeetingFilter(format="remote")) == [2]
    assert ids(MeetingFilter(group_id=2, kind="рабочая встреча")) == [3]


def test_feedback_missing_only_counts_working_meetings():
    # 1 is an intro and 4 a final meeting: feedback is not mandatory there
    assert ids(MeetingFilter(feedback_missing=True)) == [2]
    assert feedback_text(ROWS[1], mentor=True) == "нет" and feedback_text(ROWS[1], mentor=False) == "да"
    assert feedback_text(ROWS[0], mentor=True) == "—"


def test_search_folds_case_and_yo_and_ands_words():
    assert ids(MeetingFilter(text="ежик")) == [3]
    assert ids(MeetingFilter(text="ЁЖИК")) == [3]
    assert ids(MeetingFilter(text="елкина")) == [1, 2]
    assert ids(MeetingFilter(text="зайцев  итоговая")) == [4]
    assert ids(MeetingFilter(text="зайцев олимпиад")) == []
    assert ids(MeetingFilter(text="дистанционно")) == [2]
    assert ids(MeetingFilter(text="15.10.2026")) == [3]
    assert ids(MeetingFilter(text="петрова", group_id=1)) == []
    assert "ежик в тумане" in search_text(ROWS[2])


def test_search_after_a_row_is_replaced_uses_the_new_text():
    first = [row(7, topic="Шахматы")]
    assert [r.id for r in filter_meetings(first, flt=MeetingFilter(text="шахматы"))] == [7]
    second = [row(7, topic="Театр")]
    assert filter_meetings(second, flt=MeetingFilter(text="шахматы")) == []
    assert [r.id for r in filter_meetings(second, flt=MeetingFilter(text="театр"))] == [7]


def test_sort_by_columns():
    assert [r.id for r in sort_meetings(ROWS, column=0, descending=True)] == [4, 3, 2, 1]
    assert [r.id for r in sort_meetings(ROWS, column=2)] == [1, 2, 3, 4]  # «Ёлкина» as «Елкина», before «Зайцев»
    assert [r.id for r in sort_meetings(ROWS, column=8)] == [2, 1, 4, 3]  # «нет», «—», «—», «да»
    assert [r.id for r in sort_meetings(ROWS, column=9, descending=True)][0] == 4
    assert [r.id for r in sort_meetings(ROWS, column=99)] == [1, 2, 3, 4]
