"""The mentee edit dialog: person, programme and consents tabs; saved through app.services.people."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from app.errors import Issue
from app.schemas import MENTEE_STATUSES, MenteeData
from app.text import clean
from ui.people.person_form import (STAFF_CATEGORIES, STUDENT_CATEGORIES, OptionalYears, PersonDialog, date_field,
                                   note, person_title, status_combo, text_area)
from ui.people.editing import open_editor


class MenteeDialog(PersonDialog):
    """Create or edit one mentee; ``saved_id`` holds the id after «Сохранить»."""

    def __init__(self, parent: QWidget | None = None, *, db, data: MenteeData | None = None) -> None:  # noqa: ANN001
        from app.services.reference import names

        data = data or MenteeData(entry_date=dt.date.today())
        with db.session() as session:
            categories = names(session, list_code="mentee_category")
            request_tags = names(session, list_code="request_tag")
        super().__init__(parent, db=db, data=data, title=person_title("Наставляемый", data))

        main = self.add_tab("Основное")
        self.build_person_fields(main, categories=categories)
        self.group_label = QLabel("Класс / группа")
        self.group_name = QLineEdit(data.group_name)
        main.addRow(self.group_label, self.group_name)
        self.experience_label = QLabel("Педагогический стаж, лет")
        self.experience = OptionalYears()
        self.experience.set_value_or_none(data.experience_years)
        main.addRow(self.experience_label, self.experience)
        self.contacts = QLineEdit(data.contacts)
        self.contacts.setPlaceholderText("телефон, почта — или контакты законного представителя")
        main.addRow("Контактные данные", self.contacts)
        self.representative = QLineEdit(data.representative)
        self.representative.setPlaceholderText("ФИО родителя или опекуна")
        main.addRow("Законный представитель (ФИО)", self.representative)
        self.representative_hint = note("Для несовершеннолетнего обязательно: согласия подписывает законный "
                                        "представитель.")
        main.addRow("", self.representative_hint)
        self.notes = text_area(lines=3, placeholder="Любые заметки куратора")
        self.notes.setPlainText(data.notes)
        main.addRow("Примечания", self.notes)

        program = self.add_tab("Программа")
        self.requests = self.make_tags(request_tags, data.requests, "Другой запрос — введите и нажмите «Добавить»")
        program.addRow("Запросы", self.requests)
        self.request_text = text_area(lines=2, placeholder="Например: подтянуть алгебру к ОГЭ")
        self.request_text.setPlainText(data.request_text)
        program.addRow("Основной запрос\n(свободный текст)", self.request_text)
        self.entry_date = date_field()
        self.entry_date.set_date(data.entry_date)
        program.addRow("Дата вхождения в программу", self.entry_date)
        self.exit_date = date_field()
        self.exit_date.set_date(data.exit_date)
        program.addRow("Дата завершения программы", self.exit_date)
        self.status = status_combo(MENTEE_STATUSES, data.status)
        program.addRow("Статус", self.status)
        self.results = text_area(lines=2)
        self.results.setPlainText(data.results)
        program.addRow("Результаты программы", self.results)
        self.case_url = QLineEdit(data.case_url)
        self.case_url.setPlaceholderText("https://…")
        program.addRow("Ссылка на кейс/отзыв", self.case_url)

        self.build_consents_tab()
        self.field_widgets.update({
            "Педагогический стаж": self.experience, "Дата вхождения в программу": self.entry_date.edit,
            "Дата завершения программы": self.exit_date.edit, "Статус": self.status,
            "Законный представитель": self.representative})
        self.category.currentTextChanged.connect(self.update_category)
        self.representative.textChanged.connect(self.update_minor)
        self.update_category()
        self.finish_building()

    def representative_name(self) -> str:
        return self.representative.text()

    def update_category(self, *_args) -> None:  # noqa: ANN002
        category = self.category.currentText()
        staff = category in STAFF_CATEGORIES
        if category in STUDENT_CATEGORIES:
            self.group_label.setText("Класс / группа")
        elif staff:
            self.group_label.setText("Должность")
        else:
            self.group_label.setText("Класс / группа или должность")
        self.experience_label.setVisible(staff)
        self.experience.setVisible(staff)
        self.experience.setEnabled(staff)

    def update_minor(self, *_args) -> None:  # noqa: ANN002
        super().update_minor()
        if hasattr(self, "representative_hint"):
            self.representative_hint.setVisible(self.consents.is_minor())

    def collect(self) -> tuple[MenteeData, list[Issue]]:
        issues: list[Issue] = []
        values = self.person_values(issues)
        staff = self.category.currentText() in STAFF_CATEGORIES
        data = MenteeData(
            **values,
            group_name=clean(self.group_name.text()),
            experience_years=self.experience.value_or_none() if staff else None,
            contacts=clean(self.contacts.text()),
            representative=clean(self.representative.text()),
            requests=self.requests.tags(),
            request_text=self.request_text.toPlainText().strip(),
            entry_date=self.read_date(self.entry_date, "Дата вхождения в программу", issues),
            exit_date=self.read_date(self.exit_date, "Дата завершения программы", issues),
            results=self.results.toPlainText().strip(),
            case_url=clean(self.case_url.text()),
            status=self.status.currentData(),
            notes=self.notes.toPlainText().strip(),
            id=self.data.id, uuid=self.data.uuid, archived=self.data.archived)
        return data, issues

    def validate(self, data: MenteeData) -> list[Issue]:
        from app.validation import validate_mentee

        return validate_mentee(data)

    def store(self, session, data: MenteeData) -> int:  # noqa: ANN001
        from app.services.people import save_mentee

        return save_mentee(session, data=data)


def edit_mentee(parent: QWidget | None, *, db, mentee_id: int | None) -> int | None:  # noqa: ANN001
    """Open the dialog modally for a new (None) or existing mentee; the saved id, or None if cancelled."""
    from app.services.people import get_mentee

    return open_editor(parent, dialog_class=MenteeDialog, db=db,
                       load=None if mentee_id is None else (lambda s: get_mentee(s, mentee_id=mentee_id)))
