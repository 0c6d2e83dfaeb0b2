"""The reporting calendar: each quarter's package deadline (kept in both modes)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.errors import Issue, ValidationError
from app.text import format_date

DEADLINE_DAY = 10  # default deadline: the 10th day of the month after the quarter


@dataclass(frozen=True)
class DeadlineRow:
    """A quarter of the reporting calendar and its deadline."""

    period: str
    title: str
    deadline: dt.date


def default_deadlines(year: int) -> dict[str, dt.date]:
    """The four quarters of calendar ``year``: the 10th day of the month after each quarter
    (I кв. → 10.04, II → 10.07, III → 10.10, IV → 10.01 of the next year)."""
    out = {}
    for number in range(1, 5):
        month = 3 * number + 1
        out[f"{year}-Q{number}"] = dt.date(year + 1, 1, DEADLINE_DAY) if month > 12 else dt.date(year, month,
                                                                                                   DEADLINE_DAY)
    return out


def calendar_periods(today: dt.date) -> list[str]:
    """The quarters of the current and the next academic year."""
    from app.periods import academic_year_of, quarters_of_year

    current = academic_year_of(today)
    following = academic_year_of(current.end + dt.timedelta(days=1))
    return [q.code for year in (current, following) for q in quarters_of_year(year)]


def two_years(today: dt.date) -> dict[str, dt.date]:
    defaults = {**default_deadlines(today.year - 1), **default_deadlines(today.year),
                **default_deadlines(today.year + 1), **default_deadlines(today.year + 2)}
    return {code: defaults[code] for code in calendar_periods(today)}


def _deadline_rows(session) -> list:  # noqa: ANN001
    from sqlmodel import select

    from db.models_municipality import ReportingDeadline

    return list(session.exec(select(ReportingDeadline)))


def _add_deadline(session, period: str, deadline: dt.date) -> None:  # noqa: ANN001
    from db.models_municipality import ReportingDeadline

    session.add(ReportingDeadline(period=period, deadline=deadline))


def check_deadline(period: str, deadline: object) -> tuple[str, dt.date]:
    """Validated (quarter code, date): a quarter, a date from its first day to a year after its end."""
    from app.periods import parse_period

    quarter = parse_period(str(period))
    if quarter.kind != "quarter":
        raise ValidationError([Issue(f"«{period}» — срок сдачи задаётся для квартала ГГГГ-Qn", field="Период")])
    if not isinstance(deadline, dt.date) or isinstance(deadline, dt.datetime):
        raise ValidationError([Issue("ожидается дата", field="Срок сдачи")])
    if not quarter.start <= deadline <= quarter.end + dt.timedelta(days=366):
        raise ValidationError([Issue(f"{format_date(deadline)} — срок сдачи за {quarter.title} должен быть не раньше "
                                     f"{format_date(quarter.start)} и не позже чем через год после конца квартала",
                                     field="Срок сдачи")])
    return quarter.code, deadline


def store_deadlines(session, deadlines: dict[str, dt.date]) -> None:  # noqa: ANN001
    """Insert or update calendar rows inside the caller's transaction."""
    rows = {row.period: row for row in _deadline_rows(session)}
    for period, deadline in deadlines.items():
        if period in rows:
            rows[period].deadline = deadline
            session.add(rows[period])
        else:
            _add_deadline(session, period, deadline)


def set_deadline(session, *, period: str, deadline: dt.date) -> DeadlineRow:  # noqa: ANN001
    from db.engine import transaction

    code, day = check_deadline(period, deadline)
    with transaction(session):
        store_deadlines(session, {code: day})
    return next(r for r in list_deadlines(session) if r.period == code)


def list_deadlines(session) -> list[DeadlineRow]:  # noqa: ANN001
    from app.periods import parse_period

    return sorted((DeadlineRow(r.period, parse_period(r.period).title, r.deadline) for r in _deadline_rows(session)),
                  key=lambda r: r.period)


def deadlines_for(session, *, periods: list[str]) -> dict[str, dt.date]:  # noqa: ANN001
    """The stored deadline of each period, else the default one."""
    stored = {r.period: r.deadline for r in _deadline_rows(session)}
    out = {}
    for code in periods:
        if code in stored:
            out[code] = stored[code]
        else:
            year = int(code[:4])
            out[code] = default_deadlines(year)[code]
    return out
