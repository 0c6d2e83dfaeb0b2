"""Indicator definitions as data (domain.md §6) and the pure rules they use: counted pairs, ages, categories."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from app.periods import Period, academic_year_of
from app.text import fold, plural

STUDENT_CATEGORIES = frozenset({"обучающийся", "студент"})
TEACHER_CATEGORIES = frozenset({"педагог", "молодой специалист"})
YOUNG_SPECIALIST = "молодой специалист"
YOUNG_MAX_EXPERIENCE = 3  # years: «с опытом работы от 0 до 3 лет»
COUNTED_STATUSES = ("approved", "working", "finished", "dissolved")
NO_FORM = "форма не указана"


@dataclass(frozen=True)
class IndicatorDef:
    """One indicator: code, the Russian title of roadmaps, what its numerator counts and its denominator.

    ``denominator`` is a field of «Контингент» (app.schemas_monitoring.CONTINGENT_FIELDS), or None when the
    school cannot compute it (``level`` «municipality») or it is a survey percentage (``survey_role``).
    """

    code: str
    title: str
    numerator: str  # what is counted, in English, for the specification
    denominator: str | None
    period: str  # period semantics
    level: str = "school"
    survey_role: str | None = None


_PAIRS = ("in pairs/groups counted for the period (see counted_group: approved, working or finished and "
          "overlapping the period; dissolved ones only when they had been active — approved by an order or "
          "with a meeting — and overlap it; drafts never)")

DEFINITIONS: tuple[IndicatorDef, ...] = (
    IndicatorDef(
        "mentees_10_18",
        "Доля детей в возрасте от 10 до 18 лет, вошедших в программы наставничества в роли наставляемого",
        "distinct mentees aged 10–18 on the reference date " + _PAIRS, "students_10_18",
        "ages on settings.age_reference within the period's academic year; pairs overlapping the period"),
    IndicatorDef(
        "mentors_15_19",
        "Доля детей и подростков в возрасте от 15 до 19 лет, вошедших в программы наставничества в роли "
        "наставника",
        "distinct student mentors (category «обучающийся» or «студент») aged 15–19 on the reference date "
        + _PAIRS, "students_15_19",
        "ages on settings.age_reference within the period's academic year; pairs overlapping the period"),
    IndicatorDef(
        "young_teachers",
        "Доля учителей – молодых специалистов (с опытом работы от 0 до 3 лет), вошедших в программы "
        "наставничества в роли наставляемого",
        "distinct mentees of category «молодой специалист», or «педагог» with experience ≤ 3 years, "
        + _PAIRS, "young_teachers", "pairs overlapping the period"),
    IndicatorDef(
        "students_involved",
        "Доля обучающихся, вовлечённых в различные формы сопровождения и наставничества",
        "distinct students (category «обучающийся» or «студент») as mentees or mentors " + _PAIRS
        + "; the same person in both bases (same name and birth year) counts once", "students_total",
        "pairs overlapping the period; national target ≥ 70 %"),
    IndicatorDef(
        "teacher_mentors",
        "Доля педагогов, вошедших в программы наставничества в роли наставника",
        "distinct mentors of category «педагог» or «молодой специалист» " + _PAIRS, "teachers_total",
        "pairs overlapping the period"),
    IndicatorDef(
        "partners",
        "Доля предприятий (организаций) … вступивших в программы наставничества, предоставив своих "
        "наставников",
        "distinct partner organisations of the mentors " + _PAIRS, None,
        "pairs overlapping the period; the share is computed by the municipality", level="municipality"),
    IndicatorDef(
        "satisfaction_mentees",
        "Уровень удовлетворённости наставляемых участием в программах наставничества (опросный)",
        "app.survey_analytics.satisfaction of mentees over responses answered within the period", None,
        "responses answered within the period; method from settings.satisfaction_method",
        survey_role="mentee"),
    IndicatorDef(
        "satisfaction_mentors",
        "Уровень удовлетворённости наставников участием в программах наставничества (опросный)",
        "app.survey_analytics.satisfaction of mentors over responses answered within the period", None,
        "responses answered within the period; method from settings.satisfaction_method",
        survey_role="mentor"),
)
BY_CODE: dict[str, IndicatorDef] = {d.code: d for d in DEFINITIONS}


# --- facts the rules read (loaded by app.indicators) -----------------------------------------------------------

@dataclass(frozen=True)
class Person:
    """A mentee or a mentor as the indicators see it."""

    role: str  # mentee | mentor
    id: int
    name: str
    birth_date: dt.date | None
    birth_year: int | None
    category: str
    group_name: str
    experience_years: float | None = None
    partner_id: int | None = None

    def identity(self) -> tuple[str, int | None]:
        """The same human in both bases: folded ФИО and birth year."""
        return fold(self.name), self.birth_date.year if self.birth_date else self.birth_year


@dataclass(frozen=True)
class Group:
    """A pair/group with what decides whether it counts."""

    id: int
    mentor_id: int
    mentee_ids: tuple[int, ...]
    status: str
    form: str
    start_date: dt.date | None
    end_date: dt.date | None
    status_date: dt.date | None
    approved_by_order: bool
    has_meetings: bool


@dataclass
class Facts:
    mentees: dict[int, Person] = field(default_factory=dict)
    mentors: dict[int, Person] = field(default_factory=dict)
    groups: list[Group] = field(default_factory=list)
    partners: dict[int, str] = field(default_factory=dict)


# --- the rules ----------------------------------------------------------------------------------------------

def reference_date(period: Period, age_reference: str) -> dt.date:
    """The MM-DD of ``age_reference`` inside the academic year containing the period's last day."""
    year = academic_year_of(period.end)
    month, day = (int(x) for x in age_reference.split("-"))
    calendar_year = year.start.year if month >= 9 else year.end.year
    if (month, day) == (2, 29):
        try:
            return dt.date(calendar_year, 2, 29)
        except ValueError:
            return dt.date(calendar_year, 2, 28)
    return dt.date(calendar_year, month, day)


def age_on(person: Person, day: dt.date) -> int | None:
    """Full years on ``day``; with only the birth year known, ``day.year − birth_year``."""
    if person.birth_date is not None:
        b = person.birth_date
        return day.year - b.year - ((day.month, day.day) < (b.month, b.day))
    if person.birth_year is not None:
        return day.year - person.birth_year
    return None


def is_student(person: Person) -> bool:
    return person.category in STUDENT_CATEGORIES


def is_teacher(person: Person) -> bool:
    return person.category in TEACHER_CATEGORIES


def is_young_teacher(person: Person) -> bool:
    if person.category == YOUNG_SPECIALIST:
        return True
    return (person.category == "педагог" and person.experience_years is not None
            and person.experience_years <= YOUNG_MAX_EXPERIENCE)


def active_span(group: Group) -> tuple[dt.date | None, dt.date | None]:
    """[start, end] of the pair's work; an open end while it works."""
    end = None
    if group.status in ("finished", "dissolved"):
        end = group.end_date or group.status_date
    return group.start_date, end


def counted_group(group: Group, period: Period, *, today: dt.date | None = None) -> bool:
    """Whether the pair/group counts for ``period``: not a draft, overlapping the period; a dissolved one only
    when it had been active (approved by an order or with a logged meeting); not one starting after ``today``."""
    if group.status not in COUNTED_STATUSES:
        return False
    if group.status == "dissolved" and not (group.approved_by_order or group.has_meetings):
        return False
    start, end = active_span(group)
    if start is not None and end is not None and end < start:
        return False
    if today is not None and start is not None and start > today:
        return False
    return period.overlaps(start, end)


def years_text(n: int) -> str:
    """14 → «14 лет», 21 → «21 год», 23 → «23 года»."""
    return f"{n} {plural(n, 'год', 'года', 'лет')}"
