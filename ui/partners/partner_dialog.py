"""The editor of one partner organisation: name, type, contacts, the agreement and its term, inline errors."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (QDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QSizePolicy,
                               QVBoxLayout, QWidget)

from app.errors import Issue, ValidationError
from app.schemas_partners import PartnerData, PartnerRow
from app.text import clean
from ui import messages
from ui.inline_issues import InlineIssues
from ui.people.person_form import STYLE, choice_combo, required
from ui.widgets import DateField, save_cancel_buttons


def run_dialog(dialog: QDialog) -> bool:
    """``exec`` a dialog; tests replace this to drive dialogs without a modal loop."""
    return dialog.exec() == QDialog.DialogCode.Accepted


def mentors_text(row: PartnerRow | None) -> str:
    if row is None or not row.mentor_names:
        return "Наставников из этой организации в базе пока нет. Организацию указывают в карточке наставника."
    return f"Наставники в базе ({row.mentors}): " + ", ".join(row.mentor_names)


def mentors_short(row: PartnerRow | None) -> str:
    """The editor's «Наставники» row: the names, or how to link mentors when there are none."""
    if row is None or not row.mentor_names:
        return "пока нет — организацию указывают в карточке наставника"
    return f"{row.mentors}: " + ", ".join(row.mentor_names)


class PartnerDialog(InlineIssues, QDialog):
    """Add (``partner_id`` None) or edit an organisation; ``saved`` holds the stored row after «Сохранить»."""

    def __init__(self, parent: QWidget | None, *, db: Any, partner_id: int | None = None) -> None:
        super().__init__(parent)
        from app.services.partners import get_partner
        from app.services.reference import names

        self.db, self.partner_id = db, partner_id
        self.saved: PartnerRow | None = None
        self.row: PartnerRow | None = None
        with db.session() as session:
            kinds = names(session, list_code="partner_kind")
            if partner_id is not None:
                self.row = get_partner(session, partner_id=partner_id)
        self.setWindowTitle("Новая организация-партнёр" if partner_id is None else "Организация-партнёр")
        self.setStyleSheet(STYLE)
        self._build(kinds)
        self._fill()

    def _build(self, kinds: list[str]) -> None:
        self.name = QLineEdit(self)
        self.name.setPlaceholderText("как в договоре: ООО «Техносфера»")
        self.name.setMinimumWidth(440)  # the dialog's width (its layout sets the minimum size)
        self.kind = choice_combo(kinds, self.row.kind if self.row else "", editable=True)
        self.kind.setParent(self)
        self.kind.lineEdit().setPlaceholderText("предприятие, вуз, колледж, учреждение культуры…")
        self.contact_person = QLineEdit(self)
        self.contact_person.setPlaceholderText("ФИО, должность")
        self.contact = QLineEdit(self)
        self.contact.setPlaceholderText("телефон, электронная почта")
        self.number = QLineEdit(self)
        self.number.setPlaceholderText("номер")
        self.agreement_date = DateField(self)
        self.until = DateField(self)
        self.until.edit.setPlaceholderText("ДД.ММ.ГГГГ — пусто: без срока")
        self.notes = QPlainTextEdit(self)
        self.notes.setTabChangesFocus(True)
        self.notes.setMinimumHeight(54)
        self.notes.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        agreement = QHBoxLayout()
        agreement.addWidget(QLabel("№", self))
        agreement.addWidget(self.number, 1)
        agreement.addWidget(QLabel("от", self))
        agreement.addWidget(self.agreement_date, 1)
        self.mentors_label = QLabel(mentors_short(self.row), self)
        self.mentors_label.setObjectName("note")
        self.mentors_label.setWordWrap(True)
        self.mentors_label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        form.addRow(required("Наименование"), self.name)
        form.addRow("Тип", self.kind)
        form.addRow("Контактное лицо", self.contact_person)
        form.addRow("Контакты", self.contact)
        form.addRow("Договор о сотрудничестве", agreement)
        form.addRow("Срок действия до", self.until)
        form.addRow("Примечание", self.notes)
        form.addRow("Наставники", self.mentors_label)
        self.issues_label = QLabel(self)
        self.issues_label.setObjectName("issues")
        self.issues_label.setWordWrap(True)
        self.issues_label.hide()
        self.buttons = save_cancel_buttons(self, on_save=self.save)
        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QVBoxLayout.SizeConstraint.SetMinimumSize)  # grows when the error box appears
        layout.addWidget(self.issues_label)  # errors above the form, as in the other editors
        layout.addLayout(form, 1)
        layout.addWidget(self.buttons)
        self.field_widgets = {"Наименование": self.name, "Тип": self.kind, "Контактное лицо": self.contact_person,
                              "Контакты": self.contact, "Номер договора": self.number,
                              "Дата договора": self.agreement_date.edit, "Срок действия": self.until.edit,
                              "Примечание": self.notes}

    def _fill(self) -> None:
        row = self.row
        if row is None:
            return
        self.name.setText(row.name)
        self.contact_person.setText(row.contact_person)
        self.contact.setText(row.contact)
        self.number.setText(row.agreement_number)
        self.agreement_date.set_date(row.agreement_date)
        self.until.set_date(row.agreement_until)
        self.notes.setPlainText(row.notes)

    def collect(self) -> tuple[PartnerData | None, list[Issue]]:
        """The typed values; unreadable dates become issues named like the service's fields."""
        issues: list[Issue] = []
        dates = {}
        for key, field, label in (("agreement_date", self.agreement_date, "Дата договора"),
                                  ("agreement_until", self.until, "Срок действия")):
            try:
                dates[key] = field.date()
            except ValueError as exc:
                issues.append(Issue(str(exc), field=label))
        name = clean(self.name.text())
        if not name:
            issues.insert(0, Issue("укажите наименование организации", field="Наименование"))
        if issues:
            return None, issues
        return PartnerData(name=name, kind=clean(self.kind.currentText()),
                           contact_person=clean(self.contact_person.text()), contact=clean(self.contact.text()),
                           agreement_number=clean(self.number.text()), notes=self.notes.toPlainText().strip(),
                           **dates), issues

    def save(self) -> bool:
        """Check and save; on errors the dialog stays open with the fields marked."""
        from app.services.partners import save_partner

        data, issues = self.collect()
        if data is None:
            self.show_issues(issues)
            return False
        try:
            with self.db.session() as session:
                self.saved = save_partner(session, data=data, partner_id=self.partner_id)
        except ValidationError as exc:
            self.show_issues(exc.issues)
            return False
        except Exception as exc:  # noqa: BLE001 - shown to the user, the dialog stays open
            messages.show_error(self, exc, title="Организация не сохранена")
            return False
        self.clear_issues()
        self.accept()
        return True


def edit_partner(parent: QWidget | None, *, db: Any, partner_id: int | None = None) -> PartnerRow | None:
    """Open the editor; the saved row, or None when cancelled."""
    dialog = PartnerDialog(parent, db=db, partner_id=partner_id)
    try:
        return dialog.saved if run_dialog(dialog) else None
    finally:
        dialog.deleteLater()


__all__ = ["PartnerDialog", "edit_partner", "mentors_short", "mentors_text", "run_dialog"]
