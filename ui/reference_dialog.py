"""Editing one reference list: add, rename, archive and restore entries (role models with their form)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHBoxLayout, QInputDialog, QLabel, QLineEdit,
                               QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget)

from app.errors import AppError
from app.schemas import REFERENCE_LISTS, ReferenceEntry
from ui.widgets import fit_to_screen

PARENT_LIST = {"role_model": "form"}  # a role model belongs to a form of mentoring


def entry_text(entry: ReferenceEntry) -> str:
    text = entry.name
    if entry.parent:
        text += f"  (форма «{entry.parent}»)"
    if entry.archived:
        text += "  — в архиве"
    return text


class ReferenceDialog(QDialog):
    """One list of REFERENCE_LISTS; archived entries are shown greyed and can be returned."""

    def __init__(self, parent: QWidget | None = None, *, db: Any, list_code: str) -> None:
        super().__init__(parent)
        if list_code not in REFERENCE_LISTS:
            raise ValueError(list_code)
        self.db, self.list_code = db, list_code
        self.changed = False
        self.setWindowTitle(f"Справочник: {REFERENCE_LISTS[list_code]}")
        fit_to_screen(self, 820 if list_code in PARENT_LIST else 560, 500)
        self.list = QListWidget(self)
        self.list.setAlternatingRowColors(True)
        self.list.itemDoubleClicked.connect(lambda _item: self.rename())
        self.list.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.add_button = QPushButton("Добавить…", self)
        self.rename_button = QPushButton("Переименовать…", self)
        self.archive_button = QPushButton("В архив", self)
        self.restore_button = QPushButton("Вернуть", self)
        self.add_button.clicked.connect(lambda: self.add())
        self.rename_button.clicked.connect(lambda: self.rename())
        self.archive_button.clicked.connect(lambda: self.set_archived(True))
        self.restore_button.clicked.connect(lambda: self.set_archived(False))
        side = QVBoxLayout()
        for button in (self.add_button, self.rename_button, self.archive_button, self.restore_button):
            side.addWidget(button)
        side.addStretch(1)
        body = QHBoxLayout()
        body.addWidget(self.list, 1)
        body.addLayout(side)
        hint = QLabel("Записи в архиве не предлагаются при вводе, но сохраняются у тех, кому уже назначены.", self)
        hint.setWordWrap(True)
        hint.setStyleSheet("color: palette(mid);")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, parent=self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Закрыть")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        self.reload()

    # -- data ----------------------------------------------------------------
    def entries(self) -> list[ReferenceEntry]:
        return [self.list.item(n).data(Qt.ItemDataRole.UserRole) for n in range(self.list.count())]

    def reload(self, *, select_id: int | None = None) -> None:
        from app.services.reference import list_items

        current = self.current()
        select_id = select_id if select_id is not None else (current.id if current else None)
        with self.db.session() as session:
            items = list_items(session, list_code=self.list_code, include_archived=True)
        items.sort(key=lambda e: (e.archived, e.position, e.id))
        self.list.clear()
        for entry in items:
            item = QListWidgetItem(entry_text(entry))
            item.setData(Qt.ItemDataRole.UserRole, entry)
            if entry.archived:
                item.setForeground(QBrush(QColor(128, 128, 128)))
            self.list.addItem(item)
            if entry.id == select_id:
                self.list.setCurrentItem(item)
        self._update_buttons()

    def current(self) -> ReferenceEntry | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def _update_buttons(self) -> None:
        entry = self.current()
        self.rename_button.setEnabled(entry is not None)
        self.archive_button.setEnabled(entry is not None and not entry.archived)
        self.restore_button.setEnabled(entry is not None and entry.archived)

    def _run(self, fn: Any) -> Any:
        try:
            with self.db.session() as session:
                result = fn(session)
        except AppError as exc:
            from ui.messages import show_error

            show_error(self, exc)
            return None
        self.changed = True
        return result

    def parent_choices(self) -> list[str]:
        from app.services.reference import names

        with self.db.session() as session:
            return names(session, list_code=PARENT_LIST[self.list_code])

    # -- actions (arguments for tests; None asks the user) --------------------
    def add(self, name: str | None = None, parent: str | None = None) -> ReferenceEntry | None:
        from app.services.reference import add_item

        if name is None:
            name, ok = QInputDialog.getText(self, "Новая запись", "Название:", QLineEdit.EchoMode.Normal)
            if not ok:
                return None
        if parent is None and self.list_code in PARENT_LIST:
            forms = self.parent_choices()
            if forms:
                parent, ok = QInputDialog.getItem(self, "Форма наставничества",
                                                  "К какой форме относится ролевая модель?", forms, 0, False)
                if not ok:
                    return None
        entry = self._run(lambda s: add_item(s, list_code=self.list_code, name=name, parent=parent or ""))
        if entry is not None:
            self.reload(select_id=entry.id)
        return entry

    def rename(self, name: str | None = None) -> bool:
        from app.services.reference import rename_item

        entry = self.current()
        if entry is None:
            return False
        if name is None:
            name, ok = QInputDialog.getText(self, "Переименовать", "Новое название:", QLineEdit.EchoMode.Normal,
                                            entry.name)
            if not ok or name == entry.name:
                return False
        done = self._run(lambda s: rename_item(s, item_id=entry.id, name=name) or True)
        if done:
            self.reload(select_id=entry.id)
        return bool(done)

    def set_archived(self, archived: bool) -> bool:
        from app.services.reference import set_item_archived

        entry = self.current()
        if entry is None or entry.archived == archived:
            return False
        done = self._run(lambda s: set_item_archived(s, item_id=entry.id, archived=archived) or True)
        if done:
            self.reload(select_id=entry.id)
        return bool(done)


def edit_reference_list(parent: QWidget | None, *, db: Any, list_code: str) -> bool:
    """Modal editor; True when something was changed."""
    dialog = ReferenceDialog(parent, db=db, list_code=list_code)
    try:
        dialog.exec()
        return dialog.changed
    finally:
        dialog.deleteLater()


__all__ = ["PARENT_LIST", "ReferenceDialog", "edit_reference_list", "entry_text"]
