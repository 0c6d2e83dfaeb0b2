"""DTOs of monitoring: contingent (denominators), indicator values, the people behind a numerator, quarter checks."""

from __future__ import annotations

from dataclasses import dataclass

CONTINGENT_FIELDS: dict[str, str] = {
    "students_total": "Обучающихся всего",
    "students_10_18": "Обучающихся в возрасте 10–18 лет",
    "students_15_19": "Обучающихся в возрасте 15–19 лет",
    "teachers_total": "Педагогов всего",
    "young_teachers": "Молодых педагогов (стаж 0–3 года)",
}


@dataclass(frozen=True)
class ContingentData:
    """Denominators entered for a period (``None`` = not entered)."""

    period: str
    students_total: int | None = None
    students_10_18: int | None = None
    students_15_19: int | None = None
    teachers_total: int | None = None
    young_teachers: int | None = None


@dataclass(frozen=True)
class IndicatorValue:
    """One indicator for a period: numerator ÷ denominator × 100 %, or a survey percentage."""

    code: str
    title: str  # the Russian name as in roadmaps
    numerator: int | None
    denominator: int | None
    percent: float | None  # None when it cannot be computed (see ``note``)
    note: str = ""  # why it is missing, or how it was computed
    level: str = "school"  # school | municipality (computed only by the municipality)


@dataclass(frozen=True)
class PersonRef:
    """A person behind a numerator (mentee or mentor) for the drill-down list."""

    role: str  # mentee | mentor
    id: int
    name: str
    detail: str  # class/position, age on the reference date, form of mentoring


@dataclass(frozen=True)
class CheckItem:
    """A finding of the quarter-close check; ``target`` says where to jump (tab and record)."""

    severity: str  # error (blocks the export) | warning
    code: str
    message: str
    target: str = ""  # mentees | mentors | pairs | meetings | contingent | settings
    record_id: int | None = None
