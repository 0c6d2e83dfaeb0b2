"""The completion form of a pair/group: date, results (with typical ones offered), case link, final survey."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel,
                               QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget)

from app.errors import Issue, ValidationError
from app.text import format_date
from ui import messages
from ui.inline_issues import InlineIssues
from ui.widgets import DateField, fit_to_screen

HINT = "Вставить типичный результат…"


class CompletionDialog(InlineIssues, QDialog):
    """«Завершение пары»: saves through ``app.services.completion.complete_group``; ``saved`` after success."""

    def __init__(self, parent: QWidget | None, *, db: Any, group_id: int, today: dt.date | None = None) -> None:
        super().__init__(parent)
        from app.services.completion import TYPICAL_RESULTS, default_end_date, get_completion

        self.db, self.group_id, self.today, self.saved = db, group_id, today, False
        with db.session() as session:
            self.info = info = get_completion(session, group_id=group_id)
        self.setWindowTitle("Завершение пары (группы)")
        self.date = DateField(self)
        default, why = default_end_date(info, today=today or dt.date.today())
        self.date.set_date(default)
        self.date.setMaximumWidth(170)
        self.date_note = QLabel(why, self)
        self.date_note.setStyleSheet("color: palette(mid);")
        proposed = self.date.text()
        self.date.changed.connect(lambda: self.date_note.setVisible(self.date.text() == proposed))
        date_row = QHBoxLayout()
        date_row.addWidget(self.date)
        date_row.addWidget(self.date_note, 1)
        self.results = QPlainTextEdit(self)
        self.results.setPlaceholderText("Что достигнуто: по одному результату в строке")
        self.results.setPlainText(info.results)
        self.results.setTabChangesFocus(True)
        self.typical = QComboBox(self)
        self.typical.addItem(HINT)
        for text in TYPICAL_RESULTS:
            self.typical.addItem(text)
        self.typical.setToolTip("Ожидаемые результаты по методологии (Р-145, раздел 3): выбранный добавится строкой")
        self.typical.activated.connect(self.add_typical)
        self.case_url = QLineEdit(info.case_url, self)
        self.case_url.setPlaceholderText("https://… — кейс или отзыв на сайте школы (необязательно)")
        self.survey = QCheckBox("Итоговое анкетирование проведено", self)
        self.survey.setChecked(info.final_survey_done or info.survey.any)  # paper questionnaires: tick by hand
        self.survey_note = QLabel(info.survey.text, self)
        self.survey_note.setWordWrap(True)
        self.survey_note.setStyleSheet("color: palette(mid);")
        facts = []
        if info.start_date:
            facts.append(f"начало работы {format_date(info.start_date)}")
        facts.append(f"итоговая встреча {format_date(info.final_meeting)}" if info.final_meeting
                     else "итоговой встречи в журнале нет")
        self.issues_label = QLabel(self)
        self.issues_label.setStyleSheet("color: #8b1a1a;")
        self.issues_label.setWordWrap(True)
        self.issues_label.hide()
        self.field_widgets = {"Дата завершения": self.date, "Результаты": self.results,
                              "Ссылка на кейс": self.case_url}
        head = QLabel(f"{info.label}\n{'; '.join(facts).capitalize()}", self)
        head.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Дата завершения *", date_row)
        form.addRow("Результаты *", self.results)
        form.addRow("", self.typical)
        form.addRow("Ссылка на кейс / отзыв", self.case_url)
        form.addRow("", self.survey)
        form.addRow("", self.survey_note)
        buttons = QDialogButtonBox(self)
        buttons.addButton("Завершить", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("Отмена", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(head)
        layout.addWidget(self.issues_label)
        layout.addLayout(form, 1)
        layout.addWidget(buttons)
        fit_to_screen(self, 640, 460)

    def add_typical(self, index: int) -> None:
        if index <= 0:
            return
        text = self.typical.itemText(index)
        current = self.results.toPlainText().rstrip()
        if text not in current.splitlines():
            self.results.setPlainText(f"{current}\n{text}" if current else text)
        self.typical.setCurrentIndex(0)

    def save(self) -> bool:
        from app.services.completion import complete_group

        self.clear_issues()
        try:
            end = self.date.date()
        except ValueError as exc:
            self.show_issues([Issue(str(exc), field="Дата завершения")])
            return False
        try:
            with self.db.session() as session:
                complete_group(session, group_id=self.group_id, end_date=end, results=self.results.toPlainText(),
                               case_url=self.case_url.text(), final_survey_done=self.survey.isChecked(),
                               today=self.today)
        except ValidationError as exc:
            self.show_issues(exc.issues)
            return False
        except Exception as exc:  # noqa: BLE001
            messages.show_error(self, exc)
            return False
        self.saved = True
        self.accept()
        return True


__all__ = ["CompletionDialog", "HINT"]
