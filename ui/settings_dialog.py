"""The settings dialog: every field of app.settings.Settings with its Russian label."""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QFormLayout, QHBoxLayout, QLabel,
                               QLineEdit, QPushButton, QSpinBox, QVBoxLayout, QWidget)

from app.errors import AppError
from ui.widgets import save_cancel_buttons
from ui import file_dialogs

SATISFACTION_METHODS = {
    "mean": "Средний балл общей удовлетворённости ÷ 10 × 100 %",
    "share7": "Доля ответивших на 7 баллов и выше",
}
_ERROR_STYLE = "border: 1px solid #c62828; background: #fff3f3;"
KEY_FILTER = "Открытый ключ управления образования (*.pub *.json);;Все файлы (*)"


def choose_key_file(parent: QWidget, current: str) -> str | None:
    """The open-file dialog for the municipality's public key; tests replace this."""
    path, _filter = file_dialogs.getOpenFileName(parent, "Ключ управления образования", current, KEY_FILTER)
    return path or None


class SettingsDialog(QDialog):
    """Loads the settings, saves the changed ones with ``save_settings``; errors stay in the dialog."""

    def __init__(self, parent: QWidget | None = None, *, db: Any) -> None:
        super().__init__(parent)
        from app.settings import LABELS, LIMITS, Settings, load_settings

        self.db = db
        self.saved: Any = None
        self.setWindowTitle("Настройки")
        with db.session() as session:
            self.current = load_settings(session)
        self.edits: dict[str, QWidget] = {}
        form = QFormLayout()
        for f in fields(Settings):
            value = getattr(self.current, f.name)
            if f.name == "satisfaction_method":
                edit: QWidget = QComboBox(self)
                for code, text in SATISFACTION_METHODS.items():
                    edit.addItem(text, code)
                if edit.findData(value) < 0:
                    edit.addItem(str(value), value)
                edit.setCurrentIndex(edit.findData(value))
            elif isinstance(value, bool):
                edit = QCheckBox(self)
                edit.setChecked(value)
            elif isinstance(value, int):
                edit = QSpinBox(self)
                low, high = LIMITS.get(f.name, (0, 10**6))
                edit.setRange(low, high)
                edit.setValue(value)
            else:
                edit = QLineEdit(str(value), self)
                if f.name == "age_reference":
                    edit.setPlaceholderText("ММ-ДД, например 09-01")
            self.edits[f.name] = edit
            form.addRow(LABELS.get(f.name, f.name), self._key_row(edit) if f.name == "municipality_key_path" else edit)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #c62828;")
        self.message.hide()
        buttons = save_cancel_buttons(self, on_save=self.save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def _key_row(self, edit: QLineEdit) -> QWidget:
        """The key path with «Выбрать…» and «Очистить» (empty = packages are not encrypted)."""
        edit.setPlaceholderText("не задан — пакеты не шифруются")
        edit.setMinimumWidth(280)
        self.key_choose = QPushButton("Выбрать…", self)
        self.key_choose.setToolTip("Файл открытого ключа, полученный от управления образования")
        self.key_clear = QPushButton("Очистить", self)
        self.key_choose.clicked.connect(lambda _checked=False: self.choose_key())
        self.key_clear.clicked.connect(lambda _checked=False: edit.clear())
        row = QWidget(self)
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(edit, 1)
        layout.addWidget(self.key_choose)
        layout.addWidget(self.key_clear)
        return row

    def choose_key(self) -> str | None:
        edit = self.edits["municipality_key_path"]
        path = choose_key_file(self, edit.text().strip())
        if path:
            edit.setText(path)
        return path

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, edit in self.edits.items():
            if isinstance(edit, QComboBox):
                out[name] = edit.currentData()
            elif isinstance(edit, QCheckBox):
                out[name] = edit.isChecked()
            elif isinstance(edit, QSpinBox):
                out[name] = edit.value()
            elif isinstance(edit, QLineEdit):
                out[name] = edit.text().strip()
        return out

    def save(self) -> None:
        from app.settings import LABELS, save_settings

        changes = {k: v for k, v in self.values().items() if v != getattr(self.current, k)}
        for edit in self.edits.values():
            edit.setStyleSheet("")
        try:
            with self.db.session() as session:
                self.saved = save_settings(session, changes=changes)
        except AppError as exc:
            by_label = {label: name for name, label in LABELS.items()}
            lines = []
            for issue in getattr(exc, "issues", []) or []:
                name = by_label.get(issue.field or "")
                if name in self.edits:
                    self.edits[name].setStyleSheet(_ERROR_STYLE)
                lines.append(f"• {issue.describe()}")
            if not lines:
                from ui.messages import error_text

                lines.append(error_text(exc))
            self.message.setText("Настройки не сохранены:\n" + "\n".join(lines))
            self.message.show()
            return
        self.accept()


def edit_settings(parent: QWidget | None, *, db: Any) -> Any:
    """Modal settings dialog; the saved Settings, or None when cancelled."""
    dialog = SettingsDialog(parent, db=db)
    try:
        return dialog.saved if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()


__all__ = ["SATISFACTION_METHODS", "SettingsDialog", "choose_key_file", "edit_settings"]
