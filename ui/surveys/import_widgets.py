"""Small table and page builders of the forms-import dialog."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QFormLayout, QHBoxLayout, QHeaderView, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)


def item(text: str, *, tip: str = "") -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    if tip:
        item.setToolTip(tip)
    return item


def cols_text(cols: tuple[int, ...]) -> str:
    return ",".join(str(i) for i in cols)


def page(*parts: QWidget | QHBoxLayout | QFormLayout) -> QWidget:
    """A page of widgets and layouts one under another; the last one takes the spare height."""
    page = QWidget()
    layout = QVBoxLayout(page)
    for n, part in enumerate(parts):
        stretch = 1 if n == len(parts) - 1 else 0
        layout.addLayout(part, stretch) if isinstance(part, (QHBoxLayout, QFormLayout)) else \
            layout.addWidget(part, stretch)
    return page


def table(headers: list[str], *, widths: dict[int, int] | None = None, stretch: tuple[int, ...] = ()) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setStretchLastSection(True)
    table.setWordWrap(True)
    for column, width in (widths or {}).items():
        table.setColumnWidth(column, width)
    for column in stretch:
        table.horizontalHeader().setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
    return table
