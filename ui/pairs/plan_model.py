"""The table model of plan (ИПР) lines and the status combo delegate of the plan dialog."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QWidget

from app.services.plans import PLAN_STATUSES

STATUS_LABELS = PLAN_STATUSES
COLUMNS = ("Цель", "Задача", "Срок", "Статус", "Дата выполнения", "Результат")
FIELDS = ("goal", "task", "deadline", "status", "done_date", "result")
DATE_COLUMNS = (2, 4)
STATUS_COLUMN = 3
WIDTHS = (190, 260, 95, 120, 125, 200)
Index = QModelIndex | QPersistentModelIndex


@dataclass
class Line:
    """One editable plan line; dates are kept as typed until saved (nothing the user typed is lost)."""

    mentee_id: int
    goal: str = ""
    task: str = ""
    deadline: str = ""
    status: str = "planned"
    done_date: str = ""
    result: str = ""
    id: int | None = None


class PlanModel(QAbstractTableModel):
    """The plan lines of one mentee (``set_lines``); every cell editable, the status as its Russian label."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lines: list[Line] = []
        self.dirty = False

    def set_lines(self, lines: list[Line]) -> None:
        self.beginResetModel()
        self.lines = lines  # the dialog's own list for this mentee: edits land there
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        line, column = self.lines[index.row()], index.column()
        value = getattr(line, FIELDS[column])
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return STATUS_LABELS.get(value, value) if column == STATUS_COLUMN else value
        if role == Qt.ItemDataRole.ToolTipRole and column in DATE_COLUMNS:
            return "ДД.ММ.ГГГГ" + (" (пусто — сегодня, при статусе «выполнено»)" if column == 4 else "")
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        text = str(value or "").strip() if index.column() != 1 else str(value or "")
        if index.column() == STATUS_COLUMN:
            codes = {label: code for code, label in STATUS_LABELS.items()}
            text = codes.get(text, text)
            if text not in STATUS_LABELS:
                return False
        setattr(self.lines[index.row()], FIELDS[index.column()], text)
        self.dirty = True
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole])
        return True

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section] if 0 <= section < len(COLUMNS) else None
        return str(section + 1)

    def insert_line(self, row: int, line: Line) -> None:
        self.beginInsertRows(QModelIndex(), row, row)
        self.lines.insert(row, line)
        self.endInsertRows()
        self.dirty = True

    def remove_line(self, row: int) -> None:
        self.beginRemoveRows(QModelIndex(), row, row)
        del self.lines[row]
        self.endRemoveRows()
        self.dirty = True

    def move_line(self, row: int, step: int) -> bool:
        """Move a line one place up (-1) or down (+1)."""
        target = row + step
        if not (0 <= row < len(self.lines) and 0 <= target < len(self.lines)):
            return False
        self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), target + 1 if step > 0 else target)
        self.lines[row], self.lines[target] = self.lines[target], self.lines[row]
        self.endMoveRows()
        self.dirty = True
        return True


class StatusDelegate(QStyledItemDelegate):
    """A combo box of the Russian status labels."""

    def createEditor(self, parent: QWidget, option: Any, index: Index) -> QWidget:  # noqa: N802 - Qt API
        combo = QComboBox(parent)
        combo.addItems(list(STATUS_LABELS.values()))
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:  # noqa: N802
        editor.setCurrentText(index.data(Qt.ItemDataRole.EditRole))  # type: ignore[attr-defined]

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:  # noqa: N802
        model.setData(index, editor.currentText(), Qt.ItemDataRole.EditRole)  # type: ignore[attr-defined]
