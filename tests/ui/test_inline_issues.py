"""ui.inline_issues: a corrected field loses its red border and its line at once, the rest stay."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout

from app.errors import Issue
from ui.inline_issues import InlineIssues


class _Form(InlineIssues, QDialog):
    def __init__(self) -> None:
        super().__init__()
        self.name, self.note, self.kind = QLineEdit(self), QPlainTextEdit(self), QComboBox(self)
        self.kind.addItems(["а", "б"])
        self.issues_label = QLabel(self)
        layout = QVBoxLayout(self)
        for w in (self.issues_label, self.name, self.note, self.kind):
            layout.addWidget(w)
        self.field_widgets = {"Имя": self.name, "name": self.name, "Примечание": self.note, "Вид": self.kind}


def test_editing_a_field_clears_its_issue(qtbot):
    form = _Form()
    qtbot.addWidget(form)
    form.show()
    issues = [Issue("укажите имя", field="Имя"), Issue("слишком длинно", field="Примечание"),
              Issue("не выбран", field="Вид"), Issue("база недоступна")]
    form.show_issues(issues)
    assert set(form.marked_fields()) == {"Имя", "name", "Примечание", "Вид"}
    form.name.textEdited.emit("Анна")  # what typing emits (keyClicks cannot type Cyrillic)
    assert set(form.marked_fields()) == {"Примечание", "Вид"}
    assert "укажите имя" not in form.issues_label.text() and "слишком длинно" in form.issues_label.text()
    form.note.setPlainText("коротко")
    form.kind.setCurrentIndex(1)
    assert form.marked_fields() == [] and form.issues_label.isVisible()  # the issue of no field stays
    assert form.issues_label.text() == "Не сохранено — исправьте:\n• База недоступна"
    form.show_issues(issues[:1])  # shown again: one connection per widget, cleared again by an edit
    form.name.textEdited.emit("Анна")
    assert form.marked_fields() == [] and not form.issues_label.isVisible()
    form.name.textEdited.emit("Анна")  # nothing marked: nothing happens
    assert not form.issues_label.isVisible()
