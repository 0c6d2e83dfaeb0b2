"""«Контингент»: the denominators of the indicators entered per quarter or academic year, with fallbacks."""

from __future__ import annotations

from dataclasses import fields, replace

from sqlmodel import Session, select

from app.errors import Issue, ValidationError
from app.periods import Period, academic_year_of, parse_period, quarters_of_year
from app.schemas_monitoring import CONTINGENT_FIELDS, ContingentData
from db.engine import transaction
from db.models import Contingent, utcnow

def _to_data(row: Contingent) -> ContingentData:
    return ContingentData(period=row.period, **{name: getattr(row, name) for name in CONTINGENT_FIELDS})


def validate_contingent(data: ContingentData) -> list[Issue]:
    """Issues in Russian naming the field: non-negative integers, parts not above their totals."""
    issues: list[Issue] = []
    try:
        parse_period(data.period)
    except ValidationError as error:
        issues.extend(error.issues)
    ok: dict[str, int] = {}
    for name, label in CONTINGENT_FIELDS.items():
        value = getattr(data, name)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int):
            issues.append(Issue("ожидается целое число", field=label))
        elif value < 0:
            issues.append(Issue("не может быть отрицательным", field=label))
        else:
            ok[name] = value
    for part, whole in (("students_10_18", "students_total"), ("students_15_19", "students_total"),
                        ("young_teachers", "teachers_total")):
        if part in ok and whole in ok and ok[part] > ok[whole]:
            issues.append(Issue(f"больше, чем «{CONTINGENT_FIELDS[whole]}» ({ok[whole]})",
                                field=CONTINGENT_FIELDS[part]))
    return issues


def get_contingent(session: Session, *, period: str) -> ContingentData:
    """The values entered for ``period`` (a quarter «2026-Q4» or a year «2026/2027»); empty when none."""
    code = parse_period(period).code
    row = session.exec(select(Contingent).where(Contingent.period == code)).first()
    return _to_data(row) if row is not None else ContingentData(period=code)


def save_contingent(session: Session, *, data: ContingentData) -> None:
    """Validate and store (insert or replace) the contingent of one period."""
    issues = validate_contingent(data)
    if issues:
        raise ValidationError(issues)
    code = parse_period(data.period).code
    with transaction(session):
        row = session.exec(select(Contingent).where(Contingent.period == code)).first()
        if row is None:
            row = Contingent(period=code)
        for name in CONTINGENT_FIELDS:
            setattr(row, name, getattr(data, name))
        row.updated_at = utcnow()
        session.add(row)


def list_contingents(session: Session) -> list[ContingentData]:
    """Every stored contingent, by period start (a year before the quarters that start with it)."""
    rows = [_to_data(r) for r in session.exec(select(Contingent))]

    def key(d: ContingentData) -> tuple:
        try:
            p = parse_period(d.period)
        except ValidationError:
            return (1, d.period, 0)
        return (0, p.start.isoformat(), 0 if p.kind == "year" else 1)

    return sorted(rows, key=key)


def is_empty(data: ContingentData) -> bool:
    return all(getattr(data, name) is None for name in CONTINGENT_FIELDS)


def effective_contingent(session: Session, *, period: Period) -> tuple[ContingentData, str]:
    """The contingent that applies to ``period`` and the code of the period it was entered for ('' = none).

    A quarter without an entry takes the academic year containing its last day, then the nearest earlier
    quarter of that academic year. A year without an entry takes its latest entered quarter. The returned
    data carries the requested ``period`` code; the fallback is per record (an entry with some fields
    empty is still the entry, and its empty fields stay empty).
    """
    stored = {d.period: d for d in list_contingents(session) if not is_empty(d)}
    if period.code in stored:
        return stored[period.code], period.code
    candidates: list[str] = []
    if period.kind == "quarter":
        year = academic_year_of(period.end)
        candidates.append(year.code)
        candidates += [q.code for q in reversed(quarters_of_year(year)) if q.end < period.start]
    else:
        candidates += [q.code for q in reversed(quarters_of_year(period))]
    for code in candidates:
        if code in stored:
            return replace(stored[code], period=period.code), code
    return ContingentData(period=period.code), ""


def source_note(period: Period, source: str) -> str:
    """«знаменатели из «Контингента» за …» when a fallback was used, else ''."""
    if not source or source == period.code:
        return ""
    return f"знаменатели из «Контингента» за {parse_period(source).title}"


def missing_fields(data: ContingentData) -> list[str]:
    """Codes of the fields not entered."""
    return [f.name for f in fields(data) if f.name in CONTINGENT_FIELDS and getattr(data, f.name) is None]
