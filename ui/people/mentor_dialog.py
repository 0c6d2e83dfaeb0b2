"""The mentor edit dialog: person, profile, programme and consents tabs; saved through app.services.people."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QLabel, QLineEdit, QSpinBox, QWidget

from app.errors import Issue
from app.schemas import MENTOR_STATUSES, MentorData
from app.text import clean
from ui.people.person_form import (STAFF_CATEGORIES, STUDENT_CATEGORIES, OptionalSpin, OptionalYears, PersonDialog,
                                   choice_combo, date_field, note, person_title, status_combo, text_area)
from ui.people.editing import open_editor


class MentorDialog(PersonDialog):
    """Create or edit one mentor; ``saved_id`` holds the id after «Сохранить»."""

    def __init__(self, parent: QWidget | None = None, *, db, data: MentorData | None = None) -> None:  # noqa: ANN001
        from app.services.people import partner_names
        from app.services.reference import names
        from app.settings import load_settings

        with db.session() as session:
            categories = names(session, list_code="mentor_category")
            competency_tags = names(session, list_code="competency_tag")
            partners = partner_names(session)
            if data is None:
                data = MentorData(capacity=load_settings(session).default_mentor_capacity,
                                  entry_date=dt.date.today())
        super().__init__(parent, db=db, data=data, title=person_title("Наставник", data))

        main = self.add_tab("Основное")
        self.build_person_fields(main, categories=categories)
        self.group_label = QLabel("Должность / класс")
        self.group_name = QLineEdit(data.group_name)
        main.addRow(self.group_label, self.group_name)
        self.workplace = QLineEdit(data.workplace)
        self.workplace.setPlaceholderText("школа, вуз, предприятие")
        main.addRow("Место работы / учёбы", self.workplace)
        self.experience = OptionalYears()
        self.experience.set_value_or_none(data.experience_years)
        main.addRow("Стаж, лет", self.experience)
        self.contacts = QLineEdit(data.contacts)
        self.contacts.setPlaceholderText("телефон, почта")
        main.addRow("Контактные данные", self.contacts)
        self.partner = choice_combo(partners, data.partner_name, editable=True)
        self.partner.lineEdit().setPlaceholderText("не из организации-партнёра — оставьте пустым")
        main.addRow("Организация-партнёр", self.partner)
        main.addRow("", note("Новое название организации будет добавлено в список партнёров при сохранении."))
        self.notes = text_area(lines=3, placeholder="Любые заметки куратора")
        self.notes.setPlainText(data.notes)
        main.addRow("Примечания", self.notes)

        profile = self.add_tab("Наставничество")
        self.competencies = self.make_tags(competency_tags, data.competencies,
                                           "Другая компетенция — введите и нажмите «Добавить»")
        profile.addRow("Компетенции", self.competencies)
        self.achievements = text_area(lines=2)
        self.achievements.setPlainText(data.achievements)
        profile.addRow("Достижения", self.achievements)
        self.interests = text_area(lines=2)
        self.interests.setPlainText(data.interests)
        profile.addRow("Интересы", self.interests)
        self.age_min = OptionalSpin(5, 80)
        self.age_max = OptionalSpin(5, 80)
        self.age_min.set_value_or_none(data.desired_age_min)
        self.age_max.set_value_or_none(data.desired_age_max)
        profile.addRow("Желаемый возраст\nнаставляемых, лет", self._beside(QLabel("от"), self.age_min,
                                                                     QLabel("до"), self.age_max))
        self.capacity = QSpinBox()
        self.capacity.setRange(1, 50)
        self.capacity.setValue(data.capacity)
        self.capacity.setMaximumWidth(90)
        profile.addRow("Наставляемых одновременно", self.capacity)
        self.training_date = date_field()
        self.training_date.set_date(data.training_date)
        self.training_document = QLineEdit(data.training_document)
        self.training_document.setPlaceholderText("документ: сертификат, удостоверение, №")
        profile.addRow("«Школа наставников»:\nдата обучения", self._beside(self.training_date, self.training_document))
        self.training_document.setMinimumWidth(300)

        program = self.add_tab("Программа")
        self.entry_date = date_field()
        self.entry_date.set_date(data.entry_date)
        program.addRow("Дата вхождения в программу", self.entry_date)
        self.status = status_combo(MENTOR_STATUSES, data.status)
        program.addRow("Статус", self.status)
        self.results = text_area(lines=3)
        self.results.setPlainText(data.results)
        program.addRow("Результаты программы", self.results)
        self.case_url = QLineEdit(data.case_url)
        self.case_url.setPlaceholderText("https://…")
        program.addRow("Ссылка на кейс/отзыв", self.case_url)
        self.photo_url = QLineEdit(data.photo_url)
        self.photo_url.setPlaceholderText("только при согласии на публикацию")
        program.addRow("Ссылка на фото (с согласия)", self.photo_url)

        self.build_consents_tab()
        self.field_widgets.update({
            "Педагогический стаж": self.experience, "Дата вхождения в программу": self.entry_date.edit,
            "Статус": self.status, "Наставляемых одновременно": self.capacity,
            "Желаемый возраст: от": self.age_min, "Желаемый возраст: до": self.age_max,
            "Желаемый возраст наставляемых": self.age_min, "Обучение: дата": self.training_date.edit,
            "Организация-партнёр": self.partner})
        self.category.currentTextChanged.connect(self.update_category)
        self.update_category()
        self.finish_building()

    def update_category(self, *_args) -> None:  # noqa: ANN002
        category = self.category.currentText()
        if category in STUDENT_CATEGORIES:
            self.group_label.setText("Класс / группа")
        elif category in STAFF_CATEGORIES:
            self.group_label.setText("Должность")
        else:
            self.group_label.setText("Должность / класс")

    def collect(self) -> tuple[MentorData, list[Issue]]:
        issues: list[Issue] = []
        values = self.person_values(issues)
        data = MentorData(
            **values,
            group_name=clean(self.group_name.text()),
            workplace=clean(self.workplace.text()),
            experience_years=self.experience.value_or_none(),
            contacts=clean(self.contacts.text()),
            competencies=self.competencies.tags(),
            achievements=self.achievements.toPlainText().strip(),
            interests=self.interests.toPlainText().strip(),
            desired_age_min=self.age_min.value_or_none(),
            desired_age_max=self.age_max.value_or_none(),
            capacity=self.capacity.value(),
            training_date=self.read_date(self.training_date, "Обучение: дата", issues),
            training_document=clean(self.training_document.text()),
            partner_name=clean(self.partner.currentText()),
            entry_date=self.read_date(self.entry_date, "Дата вхождения в программу", issues),
            results=self.results.toPlainText().strip(),
            case_url=clean(self.case_url.text()),
            photo_url=clean(self.photo_url.text()),
            status=self.status.currentData(),
            notes=self.notes.toPlainText().strip(),
            id=self.data.id, uuid=self.data.uuid, archived=self.data.archived)
        return data, issues

    def validate(self, data: MentorData) -> list[Issue]:
        from app.validation import validate_mentor

        return validate_mentor(data)

    def store(self, session, data: MentorData) -> int:  # noqa: ANN001
        from app.services.people import save_mentor

        return save_mentor(session, data=data)


def edit_mentor(parent: QWidget | None, *, db, mentor_id: int | None) -> int | None:  # noqa: ANN001
    """Open the dialog modally for a new (None) or existing mentor; the saved id, or None if cancelled."""
    from app.services.people import get_mentor

    return open_editor(parent, dialog_class=MentorDialog, db=db,
                       load=None if mentor_id is None else (lambda s: get_mentor(s, mentor_id=mentor_id)))
