"""SQLModel tables of the programme lifecycle: the roadmap (дорожная карта) and the school-year rollovers."""

from __future__ import annotations

import datetime as dt
from typing import Optional

from sqlalchemy import JSON, Column, DateTime
from sqlmodel import Field, SQLModel

from db.models import new_uuid, utcnow


class RoadmapItem(SQLModel, table=True):
    """One row of a year's roadmap; a recurring template row becomes one item per dated instance."""

    __tablename__ = "roadmap_item"

    id: Optional[int] = Field(default=None, primary_key=True)
    uuid: str = Field(default_factory=new_uuid, unique=True, max_length=36)
    academic_year: str = Field(index=True)  # «2026/2027»
    number: str = ""  # «1.2», as printed in the «№ п/п» column
    section: str = ""  # the stage/section heading the row belongs to (for grouping in reports)
    title: str  # «Наименование мероприятия»
    deadline: Optional[dt.date] = None  # the date the item is due (None: «в течение года» without a date)
    deadline_text: str = ""  # the «Срок» as written: «сентябрь 2026», «ежеквартально», «в течение года»
    recurrence: str = "once"  # once | quarterly | yearly | during_year (app.roadmap_rules)
    series: str = ""  # the template row an instance was expanded from (instances of one row share it)
    responsible: str = ""  # «Ответственный»
    result: str = ""  # «Результат / вид документа» expected
    status: str = "planned"  # planned | in_progress | done | failed
    done_date: Optional[dt.date] = None
    evidence_number: str = ""  # «Подтверждение»: document number …
    evidence_date: Optional[dt.date] = None  # … and date
    evidence_note: str = ""
    evidence_path: str = ""  # a file on the curator's computer (not copied)
    template_code: str = ""  # the template the item came from («school-000», …), empty when typed by hand
    position: int = 0
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=DateTime)
    updated_at: dt.datetime = Field(default_factory=utcnow, sa_type=DateTime)


class YearRollover(SQLModel, table=True):
    """A done «Новый учебный год»: from which year to which, the backup taken first, what was changed."""

    __tablename__ = "year_rollover"

    id: Optional[int] = Field(default=None, primary_key=True)
    uuid: str = Field(default_factory=new_uuid, unique=True, max_length=36)
    from_year: str
    to_year: str
    done_at: dt.datetime = Field(default_factory=utcnow, sa_type=DateTime)
    backup_path: str = ""
    summary: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
