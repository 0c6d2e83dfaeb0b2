"""Add or edit one entry of the schools register: code, names, type, contact; errors stay inline."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QDialog, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.errors import AppError, ConflictError, Issue, ValidationError
from ui.inline_issues import InlineIssues, mark_invalid
from ui.people.person_form import STYLE, required
from ui.widgets import fit_to_screen, save_cancel_buttons


def run_dialog(dialog: QDialog) -> bool:
    """``exec`` a dialog; tests replace this to drive dialogs without a modal loop."""
    return dialog.exec() == QDialog.DialogCode.Accepted


class SchoolEntryDialog(InlineIssues, QDialog):
    """The register entry form; ``saved`` holds the stored SchoolEntry after «Сохранить».

    Attributes:
        edits: field label (as the service names it) → QLineEdit; kind_box: the type.
    """

    def __init__(self, parent: QWidget | None, *, db: Any, entry: Any = None) -> None:
        super().__init__(parent)
        from app.municipality.register import KINDS

        self.db, self.entry = db, entry
        self.saved: Any = None
        self.setWindowTitle("Новая организация" if entry is None else "Организация")
        self.setStyleSheet(STYLE)
        self.code = QLineEdit(self)
        self.code.setMaxLength(32)
        self.code.setPlaceholderText("например, 001 или sch-12 — как в отчётах управления")
        self.full_name = QLineEdit(self)
        self.full_name.setPlaceholderText("например, Муниципальное бюджетное общеобразовательное учреждение …")
        self.short_name = QLineEdit(self)
        self.short_name.setPlaceholderText("например, МБОУ СОШ № 1")
        self.kind_box = QComboBox(self)
        self.kind_box.addItems(list(KINDS))
        self.contact = QLineEdit(self)
        self.contact.setPlaceholderText("куратор, телефон или e-mail")
        self.issues_label = QLabel(self)
        self.issues_label.setObjectName("issues")
        self.issues_label.setWordWrap(True)
        self.issues_label.hide()
        self.field_widgets = {"Код": self.code, "Полное наименование": self.full_name,
                              "Краткое наименование": self.short_name, "Тип": self.kind_box,
                              "Контакт": self.contact}
        form = QFormLayout()
        form.addRow(required("Код"), self.code)
        form.addRow(required("Полное наименование"), self.full_name)
        form.addRow("Краткое наименование", self.short_name)
        form.addRow("Тип", self.kind_box)
        form.addRow("Контакт", self.contact)
        note = QLabel("Код организации попадает в файл настройки школы и в её пакеты мониторинга: "
                      "по нему пакеты сопоставляются с реестром.", self)
        note.setObjectName("note")
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.issues_label)
        layout.addLayout(form)
        layout.addWidget(note)
        if entry is not None and entry.archived:
            banner = QLabel("Организация в архиве: её пакеты принимаются, но файл настройки не выдаётся. "
                            "Вернуть из архива — кнопка «Из архива» на вкладке.", self)
            banner.setObjectName("archived")
            banner.setWordWrap(True)
            layout.insertWidget(0, banner)
        layout.addStretch(1)
        self.buttons = save_cancel_buttons(self, on_save=self.save)
        layout.addWidget(self.buttons)
        if entry is not None:
            self.code.setText(entry.code)
            self.full_name.setText(entry.full_name)
            self.short_name.setText(entry.short_name)
            self.kind_box.setCurrentIndex(max(0, self.kind_box.findText(entry.kind)))
            self.contact.setText(entry.contact)
            for edit in (self.full_name, self.short_name, self.contact):
                edit.setCursorPosition(0)
        fit_to_screen(self, 640, 330)

    def values(self) -> dict[str, str]:
        return {"code": self.code.text(), "full_name": self.full_name.text(), "short_name": self.short_name.text(),
                "kind": self.kind_box.currentText(), "contact": self.contact.text()}

    def show_conflict(self, exc: AppError) -> None:
        """A duplicate code: the service's sentence above the form, the code field marked."""
        self.clear_issues()
        self.issues_label.setText(f"Не сохранено: {exc}")
        self.issues_label.show()
        mark_invalid(self.code, True)
        self.code.setFocus()

    def save(self) -> bool:
        from app.municipality.register import add_school, update_school

        self.clear_issues()
        try:
            with self.db.session() as session:
                if self.entry is None:
                    self.saved = add_school(session, **self.values())
                else:
                    self.saved = update_school(session, school_id=self.entry.id, **self.values())
        except ValidationError as exc:
            self.show_issues(exc.issues)
            first = next((self.field_widgets[i.field] for i in exc.issues if i.field in self.field_widgets), None)
            if first is not None:
                first.setFocus()
            return False
        except ConflictError as exc:
            self.show_conflict(exc)
            return False
        except AppError as exc:
            self.show_issues([Issue(str(exc))])
            return False
        self.accept()
        return True


def edit_school(parent: QWidget | None, *, db: Any, entry: Any = None) -> Any:
    """Open the form for a new (``entry`` None) or an existing entry; the saved SchoolEntry or None."""
    dialog = SchoolEntryDialog(parent, db=db, entry=entry)
    try:
        return dialog.saved if run_dialog(dialog) else None
    finally:
        dialog.deleteLater()


__all__ = ["SchoolEntryDialog", "edit_school", "run_dialog"]
