"""Table models of the «Пакеты» tab (received packages) and of the import summary (one row per file)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from app.text import fold
from ui.monitoring.models import local_time_text, size_text
from ui.pairs.models import RowsModel

GREY = QBrush(QColor(140, 140, 140))
BLACK = QBrush(QColor(0, 0, 0))
REJECTED_BG = QBrush(QColor(255, 205, 210))  # red-ish
WARNING_BG = QBrush(QColor(255, 224, 178))  # orange
COUNT_LABELS = (("mentees", "наставляемых"), ("mentors", "наставников"), ("groups", "пар и групп"),
                ("meetings", "встреч"))


def local_date_text(moment: dt.datetime | None) -> str:
    """A naive UTC timestamp as the local date ДД.ММ.ГГГГ."""
    return local_time_text(moment)[:10] if moment is not None else ""


def never_current(row: Any) -> bool:
    """A package filed straight into the history (a newer one was already loaded): the importer stamps such a
    row ``superseded_at == received_at``; a package replaced later was superseded by a later import."""
    return not row.current and (row.superseded_at is None or row.superseded_at == row.received_at)


def state_text(row: Any) -> str:
    """«действующий», «заменён ДД.ММ.ГГГГ» or «в истории (есть более новый)»."""
    if row.current:
        return "действующий"
    if never_current(row):
        return "в истории (есть более новый)"
    return f"заменён {local_date_text(row.superseded_at)}"


def state_tip(row: Any) -> str:
    if row.current:
        return "Действующий пакет: учитывается в своде"
    if never_current(row):
        return ("Пакет сохранён в истории: при загрузке уже был пакет, созданный в школе позже; "
                "в своде не учитывается")
    return "Пакет заменён более новым; в своде не учитывается"


class PackagesModel(RowsModel):
    """Received packages (``ReceivedRow``) filtered by quarter, organisation text and «show replaced»."""

    COLUMNS = ("Организация", "Квартал", "Файл", "Создан в школе", "Получен", "Шифрование", "ПДн", "Состояние",
               "Размер")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.period = ""  # "" — every quarter
        self.school_id: int | None = None  # set by «история» from the «Свод»; cleared when the search is edited
        self.show_replaced = False

    def cells(self, row: Any) -> tuple[str, ...]:
        from app.municipality.received import period_title

        return (f"{row.school_code} · {row.school_name}", period_title(row.period), row.file_name,
                local_time_text(row.created_at), local_time_text(row.received_at), "да" if row.encrypted else "нет",
                "есть" if row.personal_data else "нет", state_text(row), size_text(row.size))

    def sort_key(self, row: Any, column: int) -> Any:
        if column == 0:
            return fold(row.school_code), fold(row.school_name)
        if column == 1:
            return row.period
        if column in (3, 4):
            return row.created_at if column == 3 else row.received_at
        if column == 7:
            return (not row.current, row.superseded_at or dt.datetime.min)
        if column == 8:
            return row.size
        return super().sort_key(row, column)

    def accepts(self, row: Any) -> bool:
        if self.period and row.period != self.period:
            return False
        if self.school_id is not None and row.school_id != self.school_id:
            return False
        if not self.show_replaced and not row.current:
            return False
        return not self.text_filter or self.text_filter in fold(f"{row.school_code} {row.school_name}")

    def style(self, row: Any, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and not row.current:
            return GREY
        if role == Qt.ItemDataRole.ToolTipRole:
            counts = ", ".join(f"{label}: {row.counts[key]}" for key, label in COUNT_LABELS if key in row.counts)
            notes = [state_tip(row), f"Сведения: {counts}" if counts else "", f"SHA-256: {row.sha256}",
                     "Двойной щелчок или Enter — подробно об организации за квартал"]
            return "\n".join(n for n in notes if n)
        return None

    def set_filter(self, *, period: str, text: str, show_replaced: bool, school_id: int | None = None) -> None:
        self.period, self.text_filter = period, fold(text)
        self.show_replaced, self.school_id = show_replaced, school_id
        self.refilter()

    def current_count(self) -> int:
        return sum(1 for r in self._all if r.current)

    def is_filtered(self) -> bool:
        """Whether some packages are hidden (by quarter, organisation or «show replaced»)."""
        return self.rowCount() != len(self._all)


class ImportResultModel(RowsModel):
    """``ImportResultRow`` of one import: rejected rows red-ish, rows with warnings orange, skipped greyed."""

    COLUMNS = ("Файл", "Результат", "Организация", "Квартал", "Причина, предупреждения")

    def cells(self, row: Any) -> tuple[str, ...]:
        return row.file_name, row.label, row.school, row.period_title, row.details

    def style(self, row: Any, role: int) -> Any:
        if role == Qt.ItemDataRole.BackgroundRole:
            if row.outcome == "rejected":
                return REJECTED_BG
            if row.warnings:
                return WARNING_BG
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.outcome == "rejected" or row.warnings:
                return BLACK  # readable on the coloured background in a dark theme too
            return GREY if row.outcome in ("skipped", "unchanged", "historical") else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return "\n".join(part for part in (row.path, row.details) if part)
        return None


__all__ = ["ImportResultModel", "PackagesModel", "local_date_text", "never_current", "state_text"]
