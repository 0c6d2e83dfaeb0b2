"""A tags editor: a wrapping checkable list from a reference list plus free additions."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (QHBoxLayout, QLineEdit, QListView, QListWidget, QListWidgetItem, QPushButton,
                               QVBoxLayout, QWidget)

from app.text import clean, fold


class TagsEditor(QWidget):
    """Tick tags from a reference list; type a new one to add it.

    Signals:
        changed: the set of chosen tags changed.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, *, choices: list[str] = (), add_hint: str = "") -> None:
        super().__init__(parent)
        self.list = QListWidget(self)
        self.list.setFlow(QListView.Flow.LeftToRight)
        self.list.setWrapping(True)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setSpacing(2)
        self.list.setUniformItemSizes(False)
        self.list.setMinimumHeight(110)
        self.list.itemChanged.connect(lambda _item: self.changed.emit())
        self.new_tag = QLineEdit(self)
        self.new_tag.setPlaceholderText(add_hint or "Нет в списке? Введите и нажмите «Добавить»")
        self.new_tag.returnPressed.connect(self.add_typed)
        self.add_button = QPushButton("Добавить", self)
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self.add_typed)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.new_tag, 1)
        row.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.list, 1)
        layout.addLayout(row)
        for name in choices:
            self._append(name, checked=False)
        self.setFocusProxy(self.list)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(420, 140)

    def _find(self, name: str) -> QListWidgetItem | None:
        key = fold(name)
        for i in range(self.list.count()):
            item = self.list.item(i)
            if fold(item.text()) == key:
                return item
        return None

    def _append(self, name: str, *, checked: bool) -> QListWidgetItem:
        item = QListWidgetItem(name)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.list.addItem(item)
        return item

    def add_tag(self, name: str) -> None:
        """Tick ``name``, adding it to the list when it is not there."""
        name = clean(name)
        if not name:
            return
        item = self._find(name)
        if item is None:
            self._append(name, checked=True)
            self.changed.emit()
        else:
            item.setCheckState(Qt.CheckState.Checked)
            self.list.scrollToItem(item)

    def add_typed(self) -> None:
        self.add_tag(self.new_tag.text())
        self.new_tag.clear()

    def set_tags(self, tags: tuple[str, ...] | list[str]) -> None:
        """Tick exactly ``tags`` (values missing from the list are kept and ticked)."""
        self.list.blockSignals(True)
        for i in range(self.list.count()):
            self.list.item(i).setCheckState(Qt.CheckState.Unchecked)
        for tag in tags:
            self.add_tag(tag)
        self.list.blockSignals(False)

    def tags(self) -> tuple[str, ...]:
        """Ticked tags in list order, plus a name still typed in the line."""
        chosen = [self.list.item(i).text() for i in range(self.list.count())
                  if self.list.item(i).checkState() == Qt.CheckState.Checked]
        typed = clean(self.new_tag.text())
        if typed and all(fold(typed) != fold(t) for t in chosen):
            chosen.append(typed)
        return tuple(chosen)
