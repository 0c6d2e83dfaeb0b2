"""The school profile: read and save the single organisation row."""

from __future__ import annotations

import re
from dataclasses import asdict, fields

from sqlmodel import Session, select

from app.errors import Issue, ValidationError
from app.schemas import SchoolData
from db.engine import transaction
from db.models import School, utcnow

_YEAR_RE = re.compile(r"^(\d{4})\s*[/–-]\s*(\d{4})$")


def get_school(session: Session) -> SchoolData | None:
    """The profile, or None when the school has not been described yet."""
    row = session.exec(select(School)).first()
    if row is None:
        return None
    return SchoolData(**{f.name: getattr(row, f.name) for f in fields(SchoolData)})


def validate_school(data: SchoolData) -> list[Issue]:
    issues = []
    required = {
        "full_name": "Полное наименование",
        "short_name": "Краткое наименование",
        "municipality": "Муниципалитет",
        "director_name": "ФИО директора",
        "curator_name": "ФИО куратора",
        "academic_year": "Учебный год",
    }
    for name, label in required.items():
        if not getattr(data, name).strip():
            issues.append(Issue("обязательное поле", field=label))
    if data.code and not re.fullmatch(r"[0-9A-Za-zА-Яа-яЁё_\-.]{1,32}", data.code):
        issues.append(Issue("только буквы, цифры, «-», «_» и «.» (до 32 знаков)", field="Код ОО"))
    if data.academic_year.strip():
        m = _YEAR_RE.match(data.academic_year.strip())
        if not m or int(m.group(2)) != int(m.group(1)) + 1:
            issues.append(Issue("формат ГГГГ/ГГГГ, например 2026/2027", field="Учебный год"))
    return issues


def save_school(session: Session, *, data: SchoolData) -> SchoolData:
    """Create or update the profile after validation."""
    issues = validate_school(data)
    if issues:
        raise ValidationError(issues)
    values = {k: (v.strip() if isinstance(v, str) else v) for k, v in asdict(data).items()}
    m = _YEAR_RE.match(values["academic_year"])
    if m:
        values["academic_year"] = f"{m.group(1)}/{m.group(2)}"
    with transaction(session):
        row = session.exec(select(School)).first()
        if row is None:
            row = School(**values)
        else:
            for key, value in values.items():
                setattr(row, key, value)
            row.updated_at = utcnow()
        session.add(row)
    return get_school(session)  # type: ignore[return-value]
