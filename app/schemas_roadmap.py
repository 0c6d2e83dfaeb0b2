"""DTOs and vocabularies of the roadmap (дорожная карта): what the service takes and what widgets show."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

STATUSES: dict[str, str] = {"planned": "запланировано", "in_progress": "в работе", "done": "выполнено",
                            "failed": "не выполнено"}
RECURRENCES: dict[str, str] = {"once": "однократно", "quarterly": "ежеквартально", "yearly": "ежегодно",
                               "during_year": "в течение года"}
# The column layout of import/export and of the execution report (issue 7).
COLUMNS: tuple[str, ...] = ("№ п/п", "Наименование мероприятия", "Срок", "Ответственный",
                            "Результат / вид документа", "Статус", "Подтверждение")


@dataclass(frozen=True)
class RoadmapItemData:
    """What the curator types for one item (input of ``save_item``)."""

    title: str
    number: str = ""
    section: str = ""
    deadline: dt.date | None = None
    deadline_text: str = ""  # shown instead of / besides the date: «ежеквартально», «в течение года»
    recurrence: str = "once"
    responsible: str = ""
    result: str = ""
    status: str = "planned"
    done_date: dt.date | None = None
    evidence_number: str = ""
    evidence_date: dt.date | None = None
    evidence_note: str = ""
    evidence_path: str = ""


@dataclass(frozen=True)
class RoadmapRow:
    """One stored item as lists, reports and widgets see it; ``overdue`` is computed for «today»."""

    id: int
    academic_year: str
    number: str
    section: str
    title: str
    deadline: dt.date | None
    deadline_text: str
    recurrence: str
    series: str
    responsible: str
    result: str
    status: str
    done_date: dt.date | None
    evidence_number: str
    evidence_date: dt.date | None
    evidence_note: str
    evidence_path: str
    template_code: str
    position: int
    overdue: bool = False


@dataclass(frozen=True)
class RoadmapTemplate:
    """A shipped template (resources/roadmaps/*.json) as the «start from template» chooser lists it."""

    code: str
    title: str
    source: str  # the seed document it was written from
    items: int


@dataclass(frozen=True)
class RoadmapSummary:
    """Counts of a year's items (optionally those due within a period) by status, and the overdue ones."""

    academic_year: str
    total: int
    by_status: dict[str, int]
    overdue: int
