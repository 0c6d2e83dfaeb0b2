"""Pure roadmap rules: «Срок» parsing, recurrence expansion, overdue."""

from __future__ import annotations

import datetime as dt

import pytest

from app.errors import ValidationError
from app.roadmap_rules import academic_year_code, expand, is_overdue, parse_deadline_text, resolve_deadline

D = dt.date


@pytest.mark.parametrize(("text", "expected"), [
    ("сентябрь 2023", ("once", 9, 2023)),
    ("август, 2023", ("once", 8, 2023)),
    ("С сентября 2023 по май 2024", ("during_year", 5, 2024)),
    ("ежеквартально", ("quarterly", None, None)),
    ("декабрь", ("once", 12, None)),
    ("Декабрь 2023", ("once", 12, 2023)),
    ("в течение года", ("during_year", None, None)),
    ("постоянно", ("during_year", None, None)),
    ("в течение всего периода реализации ЦМН", ("during_year", None, None)),
    ("Май-июнь 2024", ("once", 6, 2024)),
    ("ежегодно, ноябрь", ("yearly", 11, None)),
    ("март", ("once", 3, None)),
    ("в течение двух недель с даты определения модели", ("once", None, None)),
    ("", ("once", None, None)),
])
def test_parse_deadline_text(text, expected):
    assert parse_deadline_text(text) == expected


def test_quarterly_expands_to_quarter_ends_of_the_academic_year():
    assert expand("quarterly", "2026/2027") == [
        (D(2026, 9, 30), "ежеквартально, III кв. 2026"), (D(2026, 12, 31), "ежеквартально, IV кв. 2026"),
        (D(2027, 3, 31), "ежеквартально, I кв. 2027"), (D(2027, 6, 30), "ежеквартально, II кв. 2027")]
    assert [d for d, _ in expand("quarterly", "2026/2027", day=5)] == [D(2026, 9, 5), D(2026, 12, 5), D(2027, 3, 5),
                                                                      D(2027, 6, 5)]


def test_once_month_falls_in_the_right_calendar_year():
    assert expand("once", "2026/2027", 9) == [(D(2026, 9, 30), "сентябрь 2026")]
    assert expand("once", "2026/2027", 2) == [(D(2027, 2, 28), "февраль 2027")]
    assert expand("once", "2027/2028", 2) == [(D(2028, 2, 29), "февраль 2028")]  # leap year
    assert expand("once", "2026/2027", 8, year=2026) == [(D(2026, 8, 31), "август 2026")]
    assert expand("once", "2026/2027") == [(None, "")]
    assert expand("once", "2026/2027", 6, month_from=5) == [(D(2027, 6, 30), "май–июнь 2027")]


def test_yearly_and_during_year():
    assert expand("yearly", "2026/2027", 11) == [(D(2026, 11, 30), "ежегодно, ноябрь 2026")]
    assert expand("during_year", "2026/2027") == [(D(2027, 5, 31), "в течение года")]
    assert expand("during_year", "2026/2027", 5, month_from=9) == [(D(2027, 5, 31), "с сентября 2026 по май 2027")]


def test_unknown_recurrence_and_bad_year_rejected():
    with pytest.raises(ValueError):
        expand("weekly", "2026/2027")
    with pytest.raises(ValidationError):
        expand("once", "2026-Q1", 9)
    with pytest.raises(ValidationError):
        expand("once", "2026/2028", 9)


def test_resolve_deadline_keeps_a_single_quarter_and_a_fixed_date():
    assert resolve_deadline("ежеквартально, IV кв. 2026", "2026/2027") == [(D(2026, 12, 31),
                                                                            "ежеквартально, IV кв. 2026", "quarterly")]
    assert len(resolve_deadline("ежеквартально", "2026/2027")) == 4
    assert resolve_deadline("октябрь 2026 (до 15.10.2026)", "2026/2027") == [(D(2026, 10, 15), "октябрь 2026", "once")]
    assert resolve_deadline("август 2023", "2026/2027", year_shift=3) == [(D(2026, 8, 31), "август 2026", "once")]


@pytest.mark.parametrize(("deadline", "status", "today", "overdue"), [
    (D(2026, 9, 30), "planned", D(2026, 10, 1), True),
    (D(2026, 9, 30), "in_progress", D(2026, 10, 1), True),
    (D(2026, 9, 30), "planned", D(2026, 9, 30), False),  # due today is not late yet
    (D(2026, 9, 30), "done", D(2027, 1, 1), False),
    (D(2026, 9, 30), "failed", D(2027, 1, 1), False),
    (None, "planned", D(2027, 1, 1), False),
])
def test_is_overdue(deadline, status, today, overdue):
    assert is_overdue(deadline, status, today) is overdue


def test_academic_year_code():
    assert academic_year_code(D(2026, 9, 1)) == "2026/2027"
    assert academic_year_code(D(2027, 8, 31)) == "2026/2027"


def test_quarters_of_the_year_reach_every_dated_item():
    """An item due 31.08.2026 in the 2026/2027 roadmap (a template's «август») belongs to the first quarter,
    one due after 31.08.2027 to the last: the quarters' item sets together cover the year."""
    from app.roadmap_rules import due_in, report_quarters

    year = "2026/2027"
    deadlines = [D(2026, 8, 31), D(2026, 9, 1), D(2026, 9, 30), D(2026, 10, 1), D(2026, 12, 31), D(2027, 1, 1),
                 D(2027, 3, 31), D(2027, 6, 30), D(2027, 7, 1), D(2027, 8, 31)]
    quarters = report_quarters(year, deadlines=deadlines)
    covered = [d for d in deadlines if any(due_in(d, q.start, q.end, academic_year=year) for q in quarters)]
    assert covered == deadlines
    for d in deadlines:  # and each in exactly one quarter
        assert sum(due_in(d, q.start, q.end, academic_year=year) for q in quarters) == 1
    assert quarters[0].title == "III квартал 2026 года (август–сентябрь)"
    assert (quarters[0].start, quarters[0].end) == (D(2026, 9, 1), D(2026, 9, 30))  # within the year
    assert report_quarters(year)[0].title == "III квартал 2026 года (сентябрь)"
    assert report_quarters(year, deadlines=[D(2026, 7, 1)])[0].title == "III квартал 2026 года"
    assert due_in(None, None, None, academic_year=year) and not due_in(None, D(2026, 9, 1), D(2026, 9, 30),
                                                                       academic_year=year)
    assert not due_in(D(2026, 8, 31), D(2026, 10, 1), D(2026, 12, 31), academic_year=year)


def test_undated_items_belong_to_any_period_covering_the_whole_year():
    from app.roadmap_rules import due_in

    year = "2026/2027"
    assert due_in(None, dt.date(2026, 9, 1), dt.date(2027, 8, 31), academic_year=year)  # «за 2026/2027 учебный год»
    assert due_in(None, None, None, academic_year=year)
    assert not due_in(None, dt.date(2026, 9, 1), dt.date(2026, 12, 31), academic_year=year)
