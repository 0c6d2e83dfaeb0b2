"""Small view helpers of the pairs tab and its dialogs: a read-only row table, a search box, a titled box."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QTableView,
                               QVBoxLayout, QWidget)

from ui.pairs.models import RowsModel


def make_view(model: RowsModel, parent: QWidget, widths: tuple[int, ...],
              sort: tuple[int, Qt.SortOrder] | None = (0, Qt.SortOrder.AscendingOrder)) -> QTableView:
    """A read-only table of whole rows; ``sort`` is the initial order (None: the model's order, no sorting)."""
    view = QTableView(parent)
    view.setModel(model)
    view.setAlternatingRowColors(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setWordWrap(False)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 6)
    header = view.horizontalHeader()
    header.setStretchLastSection(True)
    header.setHighlightSections(False)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    for n, width in enumerate(widths):
        header.resizeSection(n, width)
    if sort is not None:
        header.setSortIndicator(*sort)
        view.setSortingEnabled(True)
    return view


def enable_mentee_drag(source: QTableView, target: QTableView) -> None:
    """Waiting mentees (``source``) can be dragged onto a mentor row of ``target``."""
    source.setDragEnabled(True)
    source.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
    source.setDefaultDropAction(Qt.DropAction.CopyAction)
    target.setAcceptDrops(True)
    target.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
    target.setDragDropOverwriteMode(True)  # a drop lands on the mentor under the cursor, not between rows
    target.setDropIndicatorShown(True)


def search_box(placeholder: str, parent: QWidget) -> QLineEdit:
    box = QLineEdit(parent)
    box.setPlaceholderText(placeholder)
    box.setClearButtonEnabled(True)
    return box


def titled(title: str, *widgets: Any) -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(4)
    header = QHBoxLayout()
    label = QLabel(f"<b>{title}</b>")
    header.addWidget(label)
    for widget in widgets[:-1]:
        header.addWidget(widget) if isinstance(widget, QWidget) else header.addLayout(widget)
    layout.addLayout(header)
    layout.addWidget(widgets[-1], 1)
    return box


def select_row_ids(view: QTableView, ids: list[int]) -> None:
    """Select (only) the whole rows whose DTO ``id`` is in ``ids``."""
    from PySide6.QtCore import QItemSelection, QItemSelectionModel

    model, wanted, selection = view.model(), set(ids), QItemSelection()
    for n in range(model.rowCount()):
        if model.row_at(n).id in wanted:
            selection.select(model.index(n, 0), model.index(n, model.columnCount() - 1))
    flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    view.selectionModel().select(selection, flags)


__all__ = ["enable_mentee_drag", "make_view", "search_box", "select_row_ids", "titled"]
