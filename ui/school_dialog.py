"""The school profile dialog: organisation, director, curator, Положение, academic year."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtWidgets import (QDialog, QFormLayout, QGroupBox, QLabel, QLineEdit, QVBoxLayout,
                               QWidget)

from app.errors import AppError, Issue, ValidationError
from app.schemas import SchoolData
from ui.widgets import DateField, save_cancel_buttons

_ERROR_STYLE = "border: 1px solid #c62828; background: #fff3f3;"

# field name → (label on the form, label the service uses in its messages)
FIELDS: dict[str, tuple[str, str]] = {
    "full_name": ("Полное наименование (как в Уставе)", "Полное наименование"),
    "short_name": ("Краткое наименование", "Краткое наименование"),
    "municipality": ("Муниципалитет", "Муниципалитет"),
    "code": ("Код ОО", "Код ОО"),
    "director_name": ("ФИО директора", "ФИО директора"),
    "director_position": ("Должность руководителя", "Должность руководителя"),
    "curator_name": ("ФИО куратора", "ФИО куратора"),
    "curator_contact": ("Контакты куратора", "Контакты куратора"),
    "regulation_number": ("Номер", "Номер положения"),
    "regulation_date": ("Дата", "Дата положения"),
    "academic_year": ("Учебный год", "Учебный год"),
}


def current_academic_year(today: dt.date | None = None) -> str:
    """«2026/2027»: a new academic year starts in September."""
    today = today or dt.date.today()
    start = today.year if today.month >= 9 else today.year - 1
    return f"{start}/{start + 1}"


class SchoolDialog(QDialog):
    """Edits the profile; «Сохранить» validates through the service and keeps the dialog open on errors."""

    def __init__(self, parent: QWidget | None = None, *, db: Any, first_start: bool = False) -> None:
        super().__init__(parent)
        self.db = db
        self.saved: SchoolData | None = None
        self.setWindowTitle("Профиль организации")
        self.edits: dict[str, QLineEdit | DateField] = {}
        for name in FIELDS:
            self.edits[name] = DateField(self) if name == "regulation_date" else QLineEdit(self)
        self.edits["full_name"].setPlaceholderText("например, Муниципальное бюджетное общеобразовательное учреждение …")
        self.edits["short_name"].setPlaceholderText("например, МБОУ СШ № 1")
        self.edits["code"].setPlaceholderText("необязательно; выдаёт управление образования")
        self.edits["academic_year"].setPlaceholderText("ГГГГ/ГГГГ")
        self.edits["curator_contact"].setPlaceholderText("телефон или e-mail")
        self.edits["full_name"].setMinimumWidth(560)

        layout = QVBoxLayout(self)
        if first_start:
            intro = QLabel("Добро пожаловать! Расскажите о своей организации: эти сведения попадут "
                           "в приказы, отчёты и пакет мониторинга. Их можно изменить позже: "
                           "«Файл → Профиль организации…».", self)
            intro.setWordWrap(True)
            layout.addWidget(intro)
        groups = (("Организация", ("full_name", "short_name", "municipality", "code")),
                  ("Руководитель и куратор", ("director_name", "director_position", "curator_name",
                                              "curator_contact")),
                  ("Положение о наставничестве", ("regulation_number", "regulation_date")),
                  ("Программа", ("academic_year",)))
        required = {"full_name", "short_name", "municipality", "director_name", "curator_name", "academic_year"}
        label_width = max(self.fontMetrics().horizontalAdvance(f"{form} *") for form, _s in FIELDS.values()) + 8
        for title, names in groups:
            box = QGroupBox(title, self)
            form = QFormLayout(box)
            for name in names:
                label = QLabel(FIELDS[name][0] + (" *" if name in required else ""), box)
                label.setMinimumWidth(label_width)
                label.setBuddy(self.edits[name])
                form.addRow(label, self.edits[name])
            layout.addWidget(box)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #c62828;")
        self.message.hide()
        layout.addWidget(self.message)
        note = QLabel("* — обязательные поля", self)
        note.setStyleSheet("color: palette(mid);")
        layout.addWidget(note)
        buttons = save_cancel_buttons(self, on_save=self.save)
        layout.addWidget(buttons)
        self.buttons = buttons
        self._load()

    def _load(self) -> None:
        from app.services.school import get_school

        with self.db.session() as session:
            data = get_school(session)
        if data is None:
            data = SchoolData(academic_year=current_academic_year())
        self.set_data(data)

    def set_data(self, data: SchoolData) -> None:
        for name, edit in self.edits.items():
            value = getattr(data, name)
            if isinstance(edit, DateField):
                edit.set_date(value)
            else:
                edit.setText(value or "")
                edit.setCursorPosition(0)  # long names show their beginning

    def data(self) -> SchoolData:
        """The form as a DTO; ValidationError when the date is unreadable."""
        values: dict[str, Any] = {}
        for name, edit in self.edits.items():
            if isinstance(edit, DateField):
                try:
                    values[name] = edit.date()
                except ValueError as exc:
                    raise ValidationError([Issue(str(exc), field=FIELDS[name][1])]) from None
            else:
                values[name] = edit.text().strip()
        return SchoolData(**values)

    def show_issues(self, exc: AppError) -> None:
        """Highlight the fields named in ``exc`` and list the messages under the form."""
        by_label = {service: name for name, (_form, service) in FIELDS.items()}
        by_label.update({form: name for name, (form, _service) in FIELDS.items()})
        self.clear_issues()
        lines = []
        first = None
        for issue in getattr(exc, "issues", []) or []:
            name = by_label.get(issue.field or "")
            if name:
                widget = self.edits[name]
                target = widget.edit if isinstance(widget, DateField) else widget
                target.setStyleSheet(_ERROR_STYLE)
                first = first or target
            lines.append(f"• {issue.describe()}")
        if not lines:
            from ui.messages import error_text

            lines.append(error_text(exc))
        self.message.setText("Профиль не сохранён:\n" + "\n".join(lines))
        self.message.show()
        if first is not None:
            first.setFocus()

    def clear_issues(self) -> None:
        for widget in self.edits.values():
            (widget.edit if isinstance(widget, DateField) else widget).setStyleSheet("")
        self.message.hide()
        self.message.clear()

    def save(self) -> None:
        from app.services.school import save_school

        try:
            data = self.data()
            with self.db.session() as session:
                self.saved = save_school(session, data=data)
        except AppError as exc:
            self.show_issues(exc)
            return
        except Exception as exc:  # noqa: BLE001 - unexpected: message box, dialog stays open
            from ui.messages import show_error

            show_error(self, exc)
            return
        self.clear_issues()
        self.accept()


def edit_school(parent: QWidget | None, *, db: Any, first_start: bool = False) -> SchoolData | None:
    """Modal profile dialog; the saved profile, or None when cancelled."""
    dialog = SchoolDialog(parent, db=db, first_start=first_start)
    try:
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.saved
        return None
    finally:
        dialog.deleteLater()


__all__ = ["FIELDS", "SchoolDialog", "current_academic_year", "edit_school"]
