"""«Бланк для печати»: an empty questionnaire, or prefilled copies for a person or for a pair/group."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QButtonGroup, QComboBox, QCompleter, QDialog, QDialogButtonBox, QFormLayout, QLabel,
                               QLineEdit, QRadioButton, QVBoxLayout, QWidget)

from app.schemas_surveys import TemplateData
from app.text import fold
from ui import messages, pdf_preview
from ui.widgets import fit_to_screen

EMPTY, PERSON, GROUP = range(3)


def run_dialog(dialog: QDialog) -> bool:
    """``exec`` a dialog; tests replace this."""
    return dialog.exec() == QDialog.DialogCode.Accepted


def group_label(group: Any) -> str:
    """«Ёлкина Светлана Викторовна — Иванов Пётр Сергеевич, Петрова Алёна»."""
    return f"{group.mentor_name} — {', '.join(group.mentee_names)}"


def copies_for_group(template: TemplateData, group: Any) -> list[dict[str, str]]:
    """A copy per mentee (mentee templates), for the mentor (mentor templates), both for meeting feedback."""
    label = group_label(group)
    names = list(group.mentee_names) if template.respondent == "mentee" else []
    if template.respondent == "mentor" or template.code == "meeting_feedback":
        names.append(group.mentor_name)
    return [{"respondent": name, "pair_label": label} for name in names]


class BlankDialog(QDialog):
    """Who the blank is for: nobody (empty), one person, or every member of a pair/group."""

    def __init__(self, parent: QWidget | None, *, template: TemplateData, people: list[Any], groups: list[Any]) -> None:
        super().__init__(parent)
        self.template, self.people, self.groups = template, people, groups
        self.setWindowTitle(f"Бланк анкеты «{template.title}»")
        self.choice = QButtonGroup(self)
        self.empty = QRadioButton("Пустой бланк (ФИО вписывают от руки)", self)
        self.person_radio = QRadioButton("Для человека:", self)
        self.group_radio = QRadioButton("Для пары / группы (бланк каждому участнику):", self)
        for n, radio in enumerate((self.empty, self.person_radio, self.group_radio)):
            self.choice.addButton(radio, n)
        self.empty.setChecked(True)
        self.person = QComboBox(self)
        self.person.setEditable(True)
        self.person.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for p in people:
            self.person.addItem(p.label, p.name)
        self.person.setCurrentIndex(-1)
        self.person.completer().setFilterMode(Qt.MatchFlag.MatchContains)
        self.person.completer().setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.person.lineEdit().setPlaceholderText("Начните вводить фамилию")
        self.group = QComboBox(self)
        for g in groups:
            self.group.addItem(group_label(g), g.id)
        self.date = QLineEdit(self)
        self.date.setPlaceholderText("ДД.ММ.ГГГГ — пусто, чтобы вписать от руки")
        self.person.currentTextChanged.connect(lambda _t: self.person_radio.setChecked(True))
        self.group.activated.connect(lambda _i: self.group_radio.setChecked(True))
        self.error = QLabel(self)
        self.error.setStyleSheet("color: #b00020;")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Показать бланк")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Отмена")
        buttons.accepted.connect(self.check)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.empty)
        form.addRow(self.person_radio, self.person)
        form.addRow(self.group_radio)
        form.addRow(self.group)
        form.addRow("Дата заполнения:", self.date)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.group_radio.setEnabled(bool(groups))
        fit_to_screen(self, 620, 260)

    def copies(self) -> list[dict[str, str]]:
        """The blanks to print (without school and date)."""
        mode = self.choice.checkedId()
        if mode == PERSON:
            text = self.person.currentText().strip()
            for p in self.people:
                if fold(p.label) == fold(text) or fold(p.name) == fold(text):
                    return [{"respondent": p.name}]
            return [{"respondent": text}] if text else []
        if mode == GROUP:
            group = next((g for g in self.groups if g.id == self.group.currentData()), None)
            return copies_for_group(self.template, group) if group else []
        return [{}]

    def check(self) -> None:
        from app.text import parse_date

        try:
            if self.date.text().strip():
                parse_date(self.date.text())
        except ValueError as exc:
            self.error.setText(str(exc))
            return
        if not self.copies():
            self.error.setText("Выберите человека или пару (группу)")
            return
        self.accept()


def print_blank(parent: QWidget | None, *, db: Any, template_id: int) -> Path | None:
    """Ask whom the blank is for, render the PDF into the preview folder and show it."""
    from app.documents.questionnaire import render_blanks
    from app.services.pairs import list_groups
    from app.services.school import get_school
    from app.services.surveys import get_template
    from app.text import format_date, parse_date
    from ui.surveys.entry_grid import load_people

    try:
        with db.session() as session:
            template = get_template(session, template_id=template_id)
            roles = ("mentee", "mentor") if template.code == "meeting_feedback" else (template.respondent,)
            people = load_people(session, roles=roles)
            groups = list_groups(session, include_closed=False)
            school = get_school(session)
    except Exception as exc:  # noqa: BLE001
        messages.show_error(parent, exc)
        return None
    dialog = BlankDialog(parent, template=template, people=people, groups=groups)
    if not run_dialog(dialog):
        return None
    school_name = (school.short_name or school.full_name) if school is not None else ""
    date_text = format_date(parse_date(dialog.date.text())) if dialog.date.text().strip() else ""
    copies = [{"school_name": school_name, "date_text": date_text, **c} for c in dialog.copies()]
    who = copies[0].get("respondent", "") if len(copies) == 1 else f"{len(copies)} бланков"
    prefix = "" if template.title.lower().startswith("анкета") else "Анкета "
    name = pdf_preview.safe_file_name(f"{prefix}{template.title} {who}".strip())
    path = pdf_preview.preview_dir() / f"{name}.pdf"
    try:
        render_blanks(template=template, path=path, copies=copies)
    except Exception as exc:  # noqa: BLE001
        messages.show_error(parent, exc, title="Бланк не создан")
        return None
    pdf_preview.show_pdf(parent, path=path, title=f"Бланк анкеты «{template.title}»")
    return path


__all__ = ["BlankDialog", "copies_for_group", "group_label", "print_blank", "run_dialog"]
