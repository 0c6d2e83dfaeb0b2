"""Reporting periods: quarter and academic-year bounds, parsing, titles."""

from __future__ import annotations

import datetime as dt

import pytest

from app.errors import ValidationError
from app.periods import academic_year_of, parse_period, quarter_of, quarters_of_year

D = dt.date


def test_quarters_and_years():
    q = parse_period("2026-q4")
    assert (q.code, q.start, q.end, q.title) == ("2026-Q4", D(2026, 10, 1), D(2026, 12, 31), "IV квартал 2026 года")
    assert parse_period("2027-Q1").end == D(2027, 3, 31)
    assert quarter_of(D(2026, 5, 31)).code == "2026-Q2"
    y = academic_year_of(D(2027, 3, 1))
    assert (y.code, y.start, y.end, y.title) == ("2026/2027", D(2026, 9, 1), D(2027, 8, 31), "2026/2027 учебный год")
    assert academic_year_of(D(2026, 9, 1)).code == "2026/2027"
    assert [p.code for p in quarters_of_year(y)] == ["2026-Q3", "2026-Q4", "2027-Q1", "2027-Q2", "2027-Q3"]
    assert q.overlaps(None, D(2026, 10, 1)) and not q.overlaps(D(2027, 1, 1), None)


@pytest.mark.parametrize("bad", ["2026-Q5", "2026Q4", "2026/2028", "", "IV 2026"])
def test_bad_period_is_a_clear_error(bad):
    with pytest.raises(ValidationError) as err:
        parse_period(bad)
    assert err.value.issues[0].field == "Период"

