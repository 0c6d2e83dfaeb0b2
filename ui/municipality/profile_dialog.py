"""The municipality profile: name, region, specialist, contact; on first start it also creates the key pair."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.errors import AppError, Issue, ValidationError
from ui.inline_issues import InlineIssues
from ui.people.person_form import STYLE, required
from ui.widgets import fit_to_screen, save_cancel_buttons

FIELDS = (("name", "Наименование управления образования"), ("region", "Регион"),
          ("specialist", "Ответственный специалист"), ("contact", "Контакт"))
SPECIALIST_HINT = ("Должность можно добавить через запятую: «Петрова Анна Сергеевна, главный специалист». "
                   "В справке подпись будет: «Главный специалист ____ А.С. Петрова».")
FIRST_START_TEXT = (
    "Заполните сведения об управлении образования: они попадут в файлы настройки школ и в сводные отчёты.\n\n"
    "При сохранении программа создаст пару ключей шифрования. Открытый ключ войдёт в файлы настройки, "
    "и школы будут шифровать им свои пакеты мониторинга: потерянная флешка ничего не раскроет. "
    "Закрытый ключ хранится в этой базе — только она может расшифровать пакеты.")


def run_dialog(dialog: QDialog) -> bool:
    """``exec`` a dialog; tests replace this to drive dialogs without a modal loop."""
    return dialog.exec() == QDialog.DialogCode.Accepted


class ProfileDialog(InlineIssues, QDialog):
    """The profile form; ``saved`` holds the stored MunicipalityData after «Сохранить».

    Attributes:
        edits: field name (name|region|specialist|contact) → QLineEdit.
    """

    def __init__(self, parent: QWidget | None, *, db: Any, first_start: bool = False) -> None:
        super().__init__(parent)
        from app.municipality.register import get_profile

        self.db = db
        self.saved: Any = None
        with db.session() as session:
            current = get_profile(session)
        self.creating = current is None
        self.setWindowTitle("Профиль управления образования")
        self.setStyleSheet(STYLE)
        self.edits: dict[str, QLineEdit] = {name: QLineEdit(self) for name, _label in FIELDS}
        self.edits["name"].setPlaceholderText("например, Управление образования администрации г. Энска")
        self.edits["region"].setPlaceholderText("например, Энская область")
        self.edits["specialist"].setPlaceholderText("Фамилия Имя Отчество")
        self.edits["specialist"].setToolTip(SPECIALIST_HINT)
        self.edits["contact"].setPlaceholderText("телефон или e-mail")
        for edit in self.edits.values():
            edit.setMaxLength(300)
        self.issues_label = QLabel(self)
        self.issues_label.setObjectName("issues")
        self.issues_label.setWordWrap(True)
        self.issues_label.hide()
        self.field_widgets = {label: self.edits[name] for name, label in FIELDS}
        layout = QVBoxLayout(self)
        if first_start or self.creating:
            intro = QLabel(FIRST_START_TEXT, self)
            intro.setWordWrap(True)
            layout.addWidget(intro)
        layout.addWidget(self.issues_label)
        form = QFormLayout()
        for name, label in FIELDS:
            field: Any = self.edits[name]
            if name == "specialist":  # the hint under the field: how the name and position are printed
                field = QVBoxLayout()
                field.setSpacing(2)
                hint = QLabel(SPECIALIST_HINT, self)
                hint.setObjectName("note")
                hint.setWordWrap(True)
                field.addWidget(self.edits[name])
                field.addWidget(hint)
            form.addRow(required(label) if name == "name" else QLabel(label, self), field)
        layout.addLayout(form)
        if current is not None:
            key = QLabel(f"Ключ шифрования: {current.key_id or '—'} (создан вместе с базой; открытый ключ — "
                         "«Сервис → Сохранить открытый ключ…»)", self)
            key.setObjectName("note")
            key.setWordWrap(True)
            layout.addWidget(key)
            for name, _label in FIELDS:
                self.edits[name].setText(getattr(current, name))
                self.edits[name].setCursorPosition(0)
        layout.addStretch(1)
        self.buttons = save_cancel_buttons(self, on_save=self.save)
        if self.creating:
            self.buttons.button(self.buttons.StandardButton.Save).setText("Создать")
        layout.addWidget(self.buttons)
        fit_to_screen(self, 660, 400 if self.creating else 330)

    def values(self) -> dict[str, str]:
        return {name: edit.text() for name, edit in self.edits.items()}

    def save(self) -> bool:
        from app.municipality.register import MunicipalityData, init_municipality, save_profile

        self.clear_issues()
        values = self.values()
        try:
            with self.db.session() as session:
                if self.creating:
                    self.saved = init_municipality(session, name=values["name"], region=values["region"],
                                                   specialist=values["specialist"])
                    self.creating = False  # the key pair exists now: a retry only saves the profile
                    if values["contact"].strip():
                        self.saved = save_profile(session, data=MunicipalityData(**values))
                else:
                    self.saved = save_profile(session, data=MunicipalityData(**values))
        except ValidationError as exc:
            self.show_issues(exc.issues)
            first = next((self.field_widgets[i.field] for i in exc.issues if i.field in self.field_widgets), None)
            (first or self.edits["name"]).setFocus()
            return False
        except AppError as exc:
            self.show_issues([Issue(str(exc))])
            return False
        self.accept()
        return True


def edit_profile(parent: QWidget | None, *, db: Any, first_start: bool = False) -> Any:
    """Create (first start, no profile yet) or edit the profile; the saved MunicipalityData or None."""
    dialog = ProfileDialog(parent, db=db, first_start=first_start)
    try:
        return dialog.saved if run_dialog(dialog) else None
    finally:
        dialog.deleteLater()


__all__ = ["ProfileDialog", "edit_profile", "run_dialog"]
