"""Table models of the pairs tab: waiting mentees, mentors with their load, pairs and groups."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QMimeData, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from app.schemas import ACTIVE_GROUP_STATUSES, GROUP_STATUSES, GroupRow, MentorLoad, WaitingMentee
from app.text import fold, format_date

Index = QModelIndex | QPersistentModelIndex
AMBER = QBrush(QColor(255, 224, 130))
GREY = QBrush(QColor(140, 140, 140))
MENTEE_MIME = "application/x-mentordesk-mentee-ids"  # dragged waiting mentees: "12,15"


def mentee_ids_of(data: QMimeData | None) -> list[int]:
    """The mentee ids carried by a drag (empty for anything else)."""
    if data is None or not data.hasFormat(MENTEE_MIME):
        return []
    text = bytes(data.data(MENTEE_MIME).data()).decode("ascii", "ignore")
    return [int(x) for x in text.split(",") if x.strip().isdigit()]


def days_genitive(n: int) -> str:
    """«дольше 14 дней», «дольше 21 дня»."""
    return f"{n} дня" if n % 10 == 1 and n % 100 != 11 else f"{n} дней"


class RowsModel(QAbstractTableModel):
    """Read-only rows of one DTO type; subclasses give the columns, the cells and the sort keys."""

    COLUMNS: tuple[str, ...] = ()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._all: list[Any] = []
        self._rows: list[Any] = []
        self._sort: tuple[int, Qt.SortOrder] = (-1, Qt.SortOrder.AscendingOrder)
        self.text_filter = ""

    # -- to override -------------------------------------------------------
    def cells(self, row: Any) -> tuple[str, ...]:
        raise NotImplementedError

    def sort_key(self, row: Any, column: int) -> Any:
        return fold(self.cells(row)[column])

    def accepts(self, row: Any) -> bool:
        return not self.text_filter or self.text_filter in fold(" ".join(self.cells(row)))

    def style(self, row: Any, role: int) -> Any:
        return None

    # -- Qt interface ------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows) or index.column() >= len(self.COLUMNS):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cells(row)[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            styled = self.style(row, role)
            text = self.cells(row)[index.column()]
            return "\n".join(t for t in (text, styled) if t) or None
        return self.style(row, role)

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
        self.beginResetModel()
        self._rows = self._sorted([r for r in self._all if self.accepts(r)])
        self.endResetModel()

    # -- our interface -----------------------------------------------------
    def _sorted(self, rows: list[Any]) -> list[Any]:
        column, order = self._sort
        if column < 0:
            return rows
        return sorted(rows, key=lambda r: self.sort_key(r, column),
                      reverse=order == Qt.SortOrder.DescendingOrder)

    def set_rows(self, rows: Sequence[Any]) -> None:
        self._all = list(rows)
        self.refilter()

    def set_text(self, text: str) -> None:
        self.text_filter = fold(text)
        self.refilter()

    def refilter(self) -> None:
        self.beginResetModel()
        self._rows = self._sorted([r for r in self._all if self.accepts(r)])
        self.endResetModel()

    def all_rows(self) -> list[Any]:
        return list(self._all)

    def row_at(self, row: int) -> Any:
        return self._rows[row]

    def row_of_id(self, row_id: int) -> int | None:
        for n, row in enumerate(self._rows):
            if row.id == row_id:
                return n
        return None


class WaitingModel(RowsModel):
    """Mentees without an active pair; those waiting longer than the deadline on amber."""

    COLUMNS = ("ФИО", "Класс / должность", "Запросы", "Ждёт, дней")

    def __init__(self, parent: Any = None, *, deadline_days: int = 14) -> None:
        super().__init__(parent)
        self.deadline_days = deadline_days

    def cells(self, row: WaitingMentee) -> tuple[str, ...]:
        days = "" if row.days_waiting is None else str(row.days_waiting)
        return row.name, row.group_name, ", ".join(row.requests), days

    def sort_key(self, row: WaitingMentee, column: int) -> Any:
        if column == 3:
            return row.days_waiting if row.days_waiting is not None else -1
        return super().sort_key(row, column)

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        return flags | Qt.ItemFlag.ItemIsDragEnabled if index.isValid() else flags

    def mimeTypes(self) -> list[str]:  # noqa: N802
        return [MENTEE_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:  # noqa: N802
        """The dragged rows' mentee ids, each once, in row order."""
        rows = sorted({i.row() for i in indexes if i.isValid() and i.row() < len(self._rows)})
        data = QMimeData()
        data.setData(MENTEE_MIME, ",".join(str(self._rows[r].id) for r in rows).encode("ascii"))
        return data

    def overdue(self, row: WaitingMentee) -> bool:
        return row.days_waiting is not None and row.days_waiting > self.deadline_days

    def overdue_count(self) -> int:
        return sum(1 for r in self._all if self.overdue(r))

    def style(self, row: WaitingMentee, role: int) -> Any:
        if not self.overdue(row):
            return None
        if role == Qt.ItemDataRole.BackgroundRole:
            return AMBER
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor(0, 0, 0))
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"ожидает дольше {days_genitive(self.deadline_days)}"
        return None


class MentorModel(RowsModel):
    """Mentors with «свободно N из M»; the ones without a free place greyed."""

    COLUMNS = ("ФИО", "Места", "Категория", "Должность / класс", "Компетенции")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.on_drop: Any = None  # called with (mentor_id, mentee_ids) when mentees are dropped on a mentor

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        return flags | Qt.ItemFlag.ItemIsDropEnabled if index.isValid() else flags

    def mimeTypes(self) -> list[str]:  # noqa: N802
        return [MENTEE_MIME]

    def supportedDropActions(self) -> Qt.DropAction:  # noqa: N802
        return Qt.DropAction.CopyAction | Qt.DropAction.MoveAction

    def _target(self, row: int, parent: Index) -> MentorLoad | None:
        n = parent.row() if parent.isValid() else row
        return self._rows[n] if 0 <= n < len(self._rows) else None

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,  # noqa: N802
                        parent: Index) -> bool:
        return bool(mentee_ids_of(data)) and self._target(row, parent) is not None

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,  # noqa: N802
                     parent: Index) -> bool:
        """Mentees dropped on a mentor: hand them to ``on_drop`` (the model itself never changes)."""
        ids, target = mentee_ids_of(data), self._target(row, parent)
        if not ids or target is None or self.on_drop is None:
            return False
        self.on_drop(target.id, ids)
        return False  # nothing moved: the source list must not remove the dragged rows

    def cells(self, row: MentorLoad) -> tuple[str, ...]:
        return (row.name, f"свободно {row.free} из {row.capacity}", row.category, row.group_name,
                ", ".join(row.competencies))

    def sort_key(self, row: MentorLoad, column: int) -> Any:
        if column == 1:
            return row.free, row.capacity
        return super().sort_key(row, column)

    def style(self, row: MentorLoad, role: int) -> Any:
        if row.free > 0:
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            return GREY
        if role == Qt.ItemDataRole.ToolTipRole:
            return "свободных мест нет"
        return None


def status_text(row: GroupRow) -> str:
    """The Russian status («утверждена приказом»: the order itself is in its own column)."""
    return GROUP_STATUSES.get(row.status, row.status) + (" · закреплена" if row.pinned else "")


class GroupModel(RowsModel):
    """Pairs and groups, filtered by status and a folded search text."""

    COLUMNS = ("№", "Наставник", "Наставляемые", "Форма", "Статус", "Приказ", "Начало", "Окончание")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.status_filter = ""  # a GROUP_STATUSES code, "active" or "" for every row

    def cells(self, row: GroupRow) -> tuple[str, ...]:
        end = row.end_date or row.planned_end_date
        return (str(row.id), row.mentor_name, ", ".join(row.mentee_names), row.form, status_text(row),
                row.order_label, format_date(row.start_date), format_date(end))

    def sort_key(self, row: GroupRow, column: int) -> Any:
        if column == 0:
            return row.id
        if column in (6, 7):
            value = row.start_date if column == 6 else (row.end_date or row.planned_end_date)
            return value.toordinal() if value else 0
        return super().sort_key(row, column)

    def style(self, row: GroupRow, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and row.status not in ACTIVE_GROUP_STATUSES:
            return GREY
        if role == Qt.ItemDataRole.ToolTipRole:
            approved = f"Утверждена приказом {row.order_label}" if row.order_label else ""
            notes = [approved, f"Причина: {row.status_reason}" if row.status_reason else "", row.over_capacity_note,
                     f"Цель: {row.goal}" if row.goal else ""]
            return "\n".join(n for n in notes if n) or None
        return None

    def accepts(self, row: GroupRow) -> bool:
        if self.status_filter == "active" and row.status not in ACTIVE_GROUP_STATUSES:
            return False
        if self.status_filter not in ("", "active") and row.status != self.status_filter:
            return False
        return super().accepts(row)

    def set_filter(self, *, status: str, text: str) -> None:
        self.status_filter, self.text_filter = status, fold(text)
        self.refilter()


class SuggestionModel(RowsModel):
    """Mentors ranked for one mentee (``app.services.matching.Suggestion``), best first."""

    COLUMNS = ("Оценка", "Наставник", "Должность / класс", "Места", "Почему")

    def cells(self, row: Any) -> tuple[str, ...]:
        return (f"{row.score:.0f}", row.name, row.group_name, f"свободно {row.free} из {row.capacity}",
                "; ".join(row.reasons))

    def sort_key(self, row: Any, column: int) -> Any:
        return row.score if column == 0 else super().sort_key(row, column)


class ProposalModel(RowsModel):
    """Proposals of «Подобрать всем» with a check box each (all checked at first)."""

    COLUMNS = ("Принять", "Наставляемый", "Класс", "Наставник", "Оценка", "Почему")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.checked: set[int] = set()

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.checked = {r.mentee_id for r in rows}
        super().set_rows(rows)

    def cells(self, row: Any) -> tuple[str, ...]:
        return ("", row.mentee_name, row.mentee_group, row.mentor_name, f"{row.score:.0f}", "; ".join(row.reasons))

    def sort_key(self, row: Any, column: int) -> Any:
        if column == 0:
            return row.mentee_id in self.checked
        return row.score if column == 4 else super().sort_key(row, column)

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        return flags | Qt.ItemFlag.ItemIsUserCheckable if index.isValid() and index.column() == 0 else flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.CheckStateRole and index.isValid() and index.column() == 0 \
                and index.row() < len(self._rows):
            on = self._rows[index.row()].mentee_id in self.checked
            return Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
        return super().data(index, role)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid() or index.column() != 0:
            return False
        mentee_id = self._rows[index.row()].mentee_id
        state = value.value if hasattr(value, "value") else value
        if state == Qt.CheckState.Checked.value:
            self.checked.add(mentee_id)
        else:
            self.checked.discard(mentee_id)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        return True

    def set_all(self, checked: bool) -> None:
        self.checked = {r.mentee_id for r in self._all} if checked else set()
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, 0),
                                  [Qt.ItemDataRole.CheckStateRole])

    def checked_rows(self) -> list[Any]:
        return [r for r in self._all if r.mentee_id in self.checked]


__all__ = ["MENTEE_MIME", "GroupModel", "MentorModel", "mentee_ids_of", "ProposalModel", "RowsModel", "SuggestionModel", "WaitingModel",
           "days_genitive", "status_text"]
