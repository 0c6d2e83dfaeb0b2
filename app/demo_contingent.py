"""Demo «Контингент»: plausible denominators for every quarter and academic year the demo data covers."""

from __future__ import annotations

import datetime as dt
import zlib

from app.periods import Period, academic_year, academic_year_of, quarters_of_year

STUDENT_SHARE_10_18 = 0.62  # grades 5–11 of 1–11
STUDENT_SHARE_15_19 = 0.21  # grades 9–11
YOUNG_TEACHER_SHARE = 0.12
MIN_STUDENTS, MIN_TEACHERS = 60, 12


def _years(session, today: dt.date) -> list[Period]:  # noqa: ANN001
    """Academic years from the earliest pair/mentee date to the one containing ``today``."""
    from sqlalchemy import func, select

    from db.models import Mentee, MentoringGroup

    first = [session.execute(select(func.min(MentoringGroup.start_date))).scalar_one(),
             session.execute(select(func.min(Mentee.entry_date))).scalar_one()]
    first = [d for d in first if d is not None]
    start = min([*first, today])
    return [academic_year(start_year=y)
            for y in range(academic_year_of(start).start.year, academic_year_of(today).start.year + 1)]


def _year_values(facts, year: Period, age_reference: str) -> dict[str, int]:  # noqa: ANN001
    """Denominators comfortably above what the demo people could count (≈ 2.4 students per student mentee)."""
    from app.indicator_defs import age_on, is_student, is_teacher, is_young_teacher, reference_date

    ref = reference_date(year, age_reference)
    people = list(facts.mentees.values()) + list(facts.mentors.values())
    students = [p for p in people if is_student(p)]
    aged_10_18 = sum(1 for p in students if p.role == "mentee" and (a := age_on(p, ref)) is not None
                     and 10 <= a <= 18)
    aged_15_19 = sum(1 for p in students if (a := age_on(p, ref)) is not None and 15 <= a <= 19)
    teachers = [p for p in people if is_teacher(p)]
    young = sum(1 for p in teachers if p.role == "mentee" and is_young_teacher(p))
    total = max(MIN_STUDENTS, round(len(students) * 2.4 / 10) * 10)
    teachers_total = max(MIN_TEACHERS, round(len(teachers) * 1.6))
    return {
        "students_total": total,
        "students_10_18": min(total, max(round(total * STUDENT_SHARE_10_18), round(aged_10_18 * 1.5))),
        "students_15_19": min(total, max(round(total * STUDENT_SHARE_15_19), round(aged_15_19 * 1.5))),
        "teachers_total": teachers_total,
        "young_teachers": min(teachers_total, max(round(teachers_total * YOUNG_TEACHER_SHARE), round(young * 1.5))),
    }


def _quarter_values(values: dict[str, int], code: str) -> dict[str, int]:
    """The year's values with a small, deterministic movement of students (arrivals and departures)."""
    shift = zlib.crc32(code.encode()) % 7 - 3  # −3 … +3
    out = dict(values)
    out["students_total"] = values["students_total"] + shift
    for part in ("students_10_18", "students_15_19"):
        out[part] = min(out["students_total"], values[part] + (shift if part == "students_10_18" else 0))
    return out


def fill_demo_contingent(session, *, today: dt.date | None = None) -> int:  # noqa: ANN001 - sqlmodel Session
    """Enter «Контингент» for every academic year and each of its quarters the demo covers (up to the academic
    year containing ``today``), keeping periods already entered; returns the number of periods written."""
    from app.indicators import load_facts
    from app.schemas_monitoring import ContingentData
    from app.services.contingent import is_empty, list_contingents, save_contingent
    from app.settings import load_settings

    today = today or dt.date.today()
    entered = {d.period for d in list_contingents(session) if not is_empty(d)}
    facts = load_facts(session)
    age_reference = load_settings(session).age_reference
    written = 0
    for year in reversed(_years(session, today)):  # a quarter on two years takes the one with its last day
        values = _year_values(facts, year, age_reference)
        periods = [(year.code, values)] + [(q.code, _quarter_values(values, q.code)) for q in quarters_of_year(year)]
        for code, numbers in periods:
            if code in entered:
                continue
            save_contingent(session, data=ContingentData(period=code, **numbers))
            entered.add(code)
            written += 1
    return written
