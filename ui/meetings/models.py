"""Table models of the meeting journal: meetings and the «Требуют внимания» warnings."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from app.meeting_filter import (MEETING_COLUMNS, MeetingFilter, feedback_missing, feedback_text, filter_meetings,
                                sort_meetings)
from app.schemas_meetings import MEETING_FORMATS, MeetingRow, PairWarning
from app.text import fold, format_date

Index = QModelIndex | QPersistentModelIndex
MISSING_BG = QBrush(QColor(253, 226, 226))
MISSING_FG = QBrush(QColor(176, 0, 32))
BLACK = QBrush(QColor(0, 0, 0))


class MeetingModel(QAbstractTableModel):
    """Meetings filtered by a MeetingFilter and sorted by a clicked column (both in Python)."""

    COLUMNS = MEETING_COLUMNS

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._all: list[MeetingRow] = []
        self._rows: list[MeetingRow] = []
        self._sorted: list[MeetingRow] = []
        self.filter = MeetingFilter()
        self._sort: tuple[int, Qt.SortOrder] = (0, Qt.SortOrder.DescendingOrder)

    # -- Qt interface ------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.COLUMNS)

    def cell(self, row: MeetingRow, column: int) -> str:
        if column == 0:
            return format_date(row.date)
        if column == 1:
            return row.start_time
        if column == 2:
            return row.group_label
        if column == 3:
            return row.kind
        if column == 4:
            return MEETING_FORMATS.get(row.format, row.format)
        if column == 5:
            return row.topic
        if column == 6:
            return " ".join(row.outcome.split())
        if column in (7, 8):
            return feedback_text(row, mentor=column == 8)
        if column == 9:
            return ", ".join(row.absent_names)
        return ""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows) or index.column() >= len(self.COLUMNS):
            return None
        row, column = self._rows[index.row()], index.column()
        missing = column in (7, 8) and self.cell(row, column) == "нет"
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell(row, column)
        if role == Qt.ItemDataRole.BackgroundRole and missing:
            return MISSING_BG
        if role == Qt.ItemDataRole.ForegroundRole and missing:
            return MISSING_FG
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(row, column)
        return None

    def tooltip(self, row: MeetingRow, column: int) -> str | None:
        if column in (7, 8):
            if self.cell(row, column) == "нет":
                return "Рабочая встреча: обратная связь обязательна"
            if row.linked_responses:
                return f"Связанных анкет: {row.linked_responses}"
            return None
        if column == 2:
            return "\n".join((row.mentor_name, *row.mentee_names))
        if column in (5, 6):
            notes = [f"Тема: {row.topic}" if row.topic else "", f"Итоги: {row.outcome}" if row.outcome else "",
                     f"Дальнейшие шаги: {row.next_steps}" if row.next_steps else ""]
            return "\n".join(n for n in notes if n) or None
        return self.cell(row, column) or None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        return self.COLUMNS[section] if 0 <= section < len(self.COLUMNS) else None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.COLUMNS):
            return
        self._sort = (column, order)
        self._resort()
        self._refresh()

    # -- our interface -----------------------------------------------------
    def _resort(self) -> None:
        """Sort every row once; filtering keeps this order, so typing in the search box never re-sorts."""
        column, order = self._sort
        self._sorted = sort_meetings(self._all, column=column, descending=order == Qt.SortOrder.DescendingOrder)

    def _refresh(self) -> None:
        self.beginResetModel()
        self._rows = filter_meetings(self._sorted, flt=self.filter)
        self.endResetModel()

    def set_rows(self, rows: list[MeetingRow]) -> None:
        self._all = list(rows)
        self._resort()
        self._refresh()

    def set_filter(self, flt: MeetingFilter) -> None:
        self.filter = flt
        self._refresh()

    def all_rows(self) -> list[MeetingRow]:
        return list(self._all)

    def shown_rows(self) -> list[MeetingRow]:
        return list(self._rows)

    def row_at(self, row: int) -> MeetingRow:
        return self._rows[row]

    def row_of_id(self, meeting_id: int) -> int | None:
        for n, row in enumerate(self._rows):
            if row.id == meeting_id:
                return n
        return None

    def missing_feedback_count(self) -> int:
        return sum(1 for r in self._rows if feedback_missing(r))


class WarningModel(QAbstractTableModel):
    """Every PairWarning, grouped by pair (pairs alphabetically, then by date)."""

    COLUMNS = ("Пара/группа", "Что не так", "Дата")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[PairWarning] = []

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows) or index.column() >= len(self.COLUMNS):
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            first = index.row() == 0 or self._rows[index.row() - 1].group_id != row.group_id
            if index.column() == 0:
                return row.label if first or role == Qt.ItemDataRole.ToolTipRole else ""
            return row.message if index.column() == 1 else format_date(row.date)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        return self.COLUMNS[section] if 0 <= section < len(self.COLUMNS) else None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def set_rows(self, rows: list[PairWarning]) -> None:
        self.beginResetModel()
        self._rows = sorted(rows, key=lambda w: (fold(w.label), w.group_id,
                                                 w.date.toordinal() if w.date else 0))
        self.endResetModel()

    def row_at(self, row: int) -> PairWarning:
        return self._rows[row]

    def pair_count(self) -> int:
        return len({w.group_id for w in self._rows})


__all__ = ["MeetingModel", "WarningModel"]
