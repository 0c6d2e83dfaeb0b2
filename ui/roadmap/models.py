"""Table model of the roadmap tab: a year's items filtered by status, «только просроченные» and search text."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from app.schemas_roadmap import COLUMNS, RECURRENCES, STATUSES, RoadmapRow
from app.text import fold, format_date
from ui.pairs.models import Index, RowsModel

OVERDUE_BG = QBrush(QColor(253, 226, 226))
OVERDUE_FG = QBrush(QColor(160, 0, 24))
DONE_BG = QBrush(QColor(220, 241, 220))
DONE_FG = QBrush(QColor(27, 94, 32))
IN_PROGRESS_FG = QBrush(QColor(21, 76, 145))
FAILED_FG = QBrush(QColor(110, 110, 110))
BLACK = QBrush(QColor(0, 0, 0))
STATUS_ORDER = {code: n for n, code in enumerate(STATUSES)}
_PARTS = re.compile(r"\d+|\D+")


@dataclass(frozen=True)
class RoadmapFilter:
    """What the filter bar asks for: a status code ("" for any), overdue only, search text."""

    status: str = ""
    overdue_only: bool = False
    text: str = ""


def number_key(number: str) -> tuple:
    """«1.10» after «1.2»; items without a number last."""
    from app.roadmap_rules import number_key as key

    return key(fold(number))


def deadline_cell(row: RoadmapRow) -> str:
    """The date (ДД.ММ.ГГГГ) when there is one, else the deadline as written («в течение года»)."""
    if row.deadline:
        return format_date(row.deadline)
    return row.deadline_text or (RECURRENCES.get(row.recurrence, "") if row.recurrence != "once" else "")


def evidence_cell(row: RoadmapRow) -> str:
    """«№ 15 от 01.10.2026; протокол педсовета (файл)»."""
    doc = " ".join(p for p in (f"№ {row.evidence_number}" if row.evidence_number else "",
                               f"от {format_date(row.evidence_date)}" if row.evidence_date else "") if p)
    text = "; ".join(p for p in (doc, " ".join(row.evidence_note.split())) if p)
    if row.evidence_path:
        text = f"{text} (файл)" if text else "файл"
    return text


def status_text(row: RoadmapRow) -> str:
    text = STATUSES.get(row.status, row.status)
    if row.status == "done" and row.done_date:
        text += f" {format_date(row.done_date)}"
    return text


def current_year(today: dt.date | None = None) -> str:
    """«2026/2027» for any day from 1 September 2026 to 31 August 2027."""
    from app.periods import academic_year_of

    return academic_year_of(today or dt.date.today()).code


def year_choices(stored: list[str], school_year: str) -> list[str]:
    """The school's year, the next one (to plan ahead) and every year with items, newest first."""
    first = int(school_year[:4])
    return sorted(set(stored) | {school_year, f"{first + 1}/{first + 2}"}, reverse=True)


class RoadmapModel(RowsModel):
    """The items of one academic year; overdue rows on pale red, the status of done ones green."""

    COLUMNS = COLUMNS

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.filter = RoadmapFilter()
        self._text = ""

    # -- RowsModel hooks ---------------------------------------------------
    def cells(self, row: RoadmapRow) -> tuple[str, ...]:
        return (row.number, row.title, deadline_cell(row), row.responsible, row.result, status_text(row),
                evidence_cell(row))

    def sort_key(self, row: RoadmapRow, column: int) -> Any:
        if column == 0:
            return number_key(row.number), row.position, row.deadline.toordinal() if row.deadline else 0
        if column == 2:
            return (row.deadline is None, row.deadline.toordinal() if row.deadline else 0, fold(row.deadline_text))
        if column == 5:
            return STATUS_ORDER.get(row.status, 99), row.position
        return super().sort_key(row, column)

    def accepts(self, row: RoadmapRow) -> bool:
        flt = self.filter
        if flt.status and row.status != flt.status:
            return False
        if flt.overdue_only and not row.overdue:
            return False
        if self._text:
            haystack = fold(" ".join((*self.cells(row), row.section, row.deadline_text, row.evidence_note)))
            return self._text in haystack
        return True

    # -- Qt interface ------------------------------------------------------
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows) or index.column() >= len(self.COLUMNS):
            return None
        row, column = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cells(row)[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(row, column)
        if role == Qt.ItemDataRole.BackgroundRole:
            if column == 5 and row.status == "done":
                return DONE_BG
            return OVERDUE_BG if row.overdue else None
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == 5:
                return {"done": DONE_FG, "in_progress": IN_PROGRESS_FG, "failed": FAILED_FG}.get(
                    row.status, OVERDUE_FG if row.overdue else None)
            if row.overdue:
                return OVERDUE_FG if column == 2 else BLACK
            return None
        if role == Qt.ItemDataRole.FontRole and row.overdue and column == 2:
            from PySide6.QtGui import QFont

            font = QFont()
            font.setBold(True)
            return font
        return None

    def tooltip(self, row: RoadmapRow, column: int) -> str | None:
        if column == 2:
            lines = [f"Срок: {format_date(row.deadline)}" if row.deadline else "",
                     row.deadline_text if row.deadline_text and row.deadline_text != deadline_cell(row) else "",
                     f"Периодичность: {RECURRENCES.get(row.recurrence, row.recurrence)}"
                     if row.recurrence != "once" else "",
                     "Просрочено" if row.overdue else ""]
            return "\n".join(line for line in lines if line) or None
        if column == 6:
            lines = [evidence_cell(row).removesuffix(" (файл)"),
                     f"Файл: {row.evidence_path}" if row.evidence_path else ""]
            return "\n".join(line for line in lines if line and line != "файл") or None
        if column == 1 and row.section:
            return f"{row.section}\n{row.title}"
        text = self.cells(row)[column]
        return text or None

    # -- our interface -----------------------------------------------------
    def set_filter(self, flt: RoadmapFilter) -> None:
        self.filter = flt
        self._text = fold(flt.text)
        self.refilter()

    def shown_rows(self) -> list[RoadmapRow]:
        return list(self._rows)

    def counts(self) -> dict[str, int]:
        """Counts over every loaded item (not only the shown ones): by status code plus «overdue» and «total»."""
        rows = self._all
        out = {code: sum(1 for r in rows if r.status == code) for code in STATUSES}
        out["overdue"] = sum(1 for r in rows if r.overdue)
        out["total"] = len(rows)
        return out


__all__ = ["RoadmapFilter", "RoadmapModel", "current_year", "deadline_cell", "evidence_cell", "number_key",
           "status_text", "year_choices"]
