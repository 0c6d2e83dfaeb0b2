"""Settings declared once with type, default and Russian label; stored in the database."""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from typing import Any

from app.errors import Issue, ValidationError


@dataclass(frozen=True)
class Settings:
    """Every school setting with its default (labels in ``LABELS``)."""

    default_mentor_capacity: int = 3
    backup_keep: int = 10
    pair_deadline_days: int = 14
    inactivity_weeks: int = 4
    planning_within: int = 3  # a встреча-планирование is expected among the first N meetings
    age_reference: str = "09-01"  # MM-DD: ages are counted on this day of the year
    satisfaction_method: str = "mean"  # mean | share7
    municipality_key_path: str = ""  # the municipality's public key file; packages are encrypted to it
    package_personal_data: bool = False  # names and birth dates in the package (only with consent to transfer)


LABELS: dict[str, str] = {
    "default_mentor_capacity": "Наставляемых у одного наставника (по умолчанию)",
    "backup_keep": "Сколько резервных копий хранить",
    "pair_deadline_days": "Срок формирования пары, дней",
    "inactivity_weeks": "Пара без встреч, недель (предупреждение)",
    "planning_within": "Встреча-планирование не позднее N-й встречи",
    "age_reference": "Дата расчёта возраста (ММ-ДД)",
    "satisfaction_method": "Метод расчёта удовлетворённости",
    "municipality_key_path": "Ключ управления образования (файл)",
    "package_personal_data": "Передавать ФИО и даты рождения (при согласии на передачу)",
}

LIMITS: dict[str, tuple[int, int]] = {
    "default_mentor_capacity": (1, 50),
    "backup_keep": (1, 365),
    "pair_deadline_days": (1, 365),
    "inactivity_weeks": (1, 52),
    "planning_within": (1, 20),
}


def _coerce(name: str, value: Any) -> Any:
    default = getattr(Settings(), name)
    if isinstance(default, bool):
        if isinstance(value, bool):
            return value
        if str(value).strip().lower() in ("1", "true", "да", "yes"):
            return True
        if str(value).strip().lower() in ("0", "false", "нет", "no", ""):
            return False
        raise ValidationError([Issue("ожидается «да» или «нет»", field=LABELS[name])])
    if isinstance(default, int):
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise ValidationError([Issue("ожидается целое число", field=LABELS[name])]) from None
        low, high = LIMITS.get(name, (-(10**9), 10**9))
        if not low <= number <= high:
            raise ValidationError([Issue(f"допустимо от {low} до {high}", field=LABELS[name])])
        return number
    text = str(value).strip()
    if name == "age_reference":
        import datetime as dt

        try:
            month, day = (int(part) for part in text.split("-"))
            dt.date(2000, month, day)  # a leap year, so 02-29 is allowed
        except ValueError:
            raise ValidationError([Issue("формат ММ-ДД, например 09-01 (1 сентября)", field=LABELS[name])]) from None
        return f"{month:02d}-{day:02d}"
    if name == "municipality_key_path" and text:
        from pathlib import Path

        from app.errors import AppError
        from app.package.crypto import load_public_key

        try:
            load_public_key(Path(text))
        except AppError as exc:
            raise ValidationError([Issue(str(exc), field=LABELS[name])]) from None
    if name == "satisfaction_method" and text not in ("mean", "share7"):
        raise ValidationError([Issue("допустимо mean или share7", field=LABELS[name])])
    return text


def load_settings(session) -> Settings:  # noqa: ANN001 - sqlmodel Session
    """Stored values over the declared defaults."""
    from sqlmodel import select

    from db.models import Setting

    stored = {row.key: row.value for row in session.exec(select(Setting))}
    values = {}
    for f in fields(Settings):
        if f.name in stored:
            try:
                values[f.name] = _coerce(f.name, json.loads(stored[f.name]))
            except (ValueError, ValidationError):
                continue  # a damaged value falls back to the default
    return Settings(**values)


def save_settings(session, *, changes: dict[str, Any]) -> Settings:  # noqa: ANN001
    """Validate and store ``changes`` in one transaction."""
    from db.engine import transaction
    from db.models import Setting

    known = {f.name for f in fields(Settings)}
    coerced = {}
    for name, value in changes.items():
        if name not in known:
            raise ValidationError([Issue(f"неизвестная настройка {name}")])
        coerced[name] = _coerce(name, value)
    with transaction(session):
        for name, value in coerced.items():
            session.merge(Setting(key=name, value=json.dumps(value, ensure_ascii=False)))
    return load_settings(session)
