"""Reporting periods: calendar quarters («I кв.» = January–March) and academic years (1 September – 31 August)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from app.errors import Issue, ValidationError

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_YEAR = re.compile(r"^(\d{4})/(\d{4})$")


@dataclass(frozen=True)
class Period:
    """A quarter (``2026-Q4``) or an academic year (``2026/2027``) with its first and last day."""

    code: str
    kind: str  # quarter | year
    start: dt.date
    end: dt.date

    @property
    def title(self) -> str:
        if self.kind == "quarter":
            return f"{ROMAN[(self.start.month - 1) // 3 + 1]} квартал {self.start.year} года"
        return f"{self.start.year}/{self.end.year} учебный год"

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def overlaps(self, start: dt.date | None, end: dt.date | None) -> bool:
        """Whether [start, end] (open ends allowed) shares a day with the period."""
        return (start is None or start <= self.end) and (end is None or end >= self.start)


def quarter(*, year: int, number: int) -> Period:
    if not 1 <= number <= 4:
        raise ValidationError([Issue("номер квартала от 1 до 4", field="Квартал")])
    start = dt.date(year, 3 * number - 2, 1)
    end = dt.date(year + 1, 1, 1) if number == 4 else dt.date(year, 3 * number + 1, 1)
    return Period(f"{year}-Q{number}", "quarter", start, end - dt.timedelta(days=1))


def quarter_of(day: dt.date) -> Period:
    return quarter(year=day.year, number=(day.month - 1) // 3 + 1)


def academic_year(*, start_year: int) -> Period:
    return Period(f"{start_year}/{start_year + 1}", "year", dt.date(start_year, 9, 1), dt.date(start_year + 1, 8, 31))


def academic_year_of(day: dt.date) -> Period:
    return academic_year(start_year=day.year if day.month >= 9 else day.year - 1)


def parse_period(code: str) -> Period:
    """``2026-Q4`` or ``2026/2027``; a ValidationError in Russian otherwise."""
    text = (code or "").strip().upper()
    if m := _QUARTER.match(text):
        return quarter(year=int(m.group(1)), number=int(m.group(2)))
    if (m := _YEAR.match(text)) and int(m.group(2)) == int(m.group(1)) + 1:
        return academic_year(start_year=int(m.group(1)))
    raise ValidationError([Issue(f"«{code}» — ожидается квартал ГГГГ-Qn (например 2026-Q4) или учебный год "
                                 "ГГГГ/ГГГГ (например 2026/2027)", field="Период")])


def quarters_of_year(period: Period) -> list[Period]:
    """The four calendar quarters touching an academic year (III of the first year … II of the next)."""
    out, day = [], period.start
    while day <= period.end:
        q = quarter_of(day)
        out.append(q)
        day = q.end + dt.timedelta(days=1)
    return out
