"""The mode of a database: a school's («Образовательная организация») or a municipality's («Управление образования»)."""

from __future__ import annotations

import json

from sqlmodel import Session

from app.errors import Issue, ValidationError
from db.engine import transaction
from db.models import Setting

MODES: dict[str, str] = {"school": "Образовательная организация", "municipality": "Управление образования"}
_KEY = "app_mode"


def get_mode(session: Session) -> str:
    """``school`` unless the database was set up as a municipality's."""
    row = session.get(Setting, _KEY)
    try:
        mode = json.loads(row.value) if row is not None else "school"
    except ValueError:
        return "school"
    return mode if mode in MODES else "school"


def set_mode(session: Session, *, mode: str) -> None:
    if mode not in MODES:
        raise ValidationError([Issue("выберите «Образовательная организация» или «Управление образования»",
                                     field="Режим")])
    with transaction(session):
        session.merge(Setting(key=_KEY, value=json.dumps(mode)))
