"""Fast entry of paper questionnaires: a grid, one row per respondent and one column per question."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import (QAbstractItemDelegate, QAbstractItemView, QCompleter, QDialog, QHBoxLayout, QLabel,
                               QLineEdit, QPushButton, QStyledItemDelegate, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from app.errors import Issue, ValidationError
from app.schemas_surveys import RESPONDENTS, Question, ResponseData, TemplateData
from app.survey_entry import Person, load_people, prepare
from app.survey_rules import format_answer, parse_answer
from app.text import fold, format_date, parse_date
from ui import messages
from ui.widgets import fit_to_screen, save_cancel_buttons

WHO, DATE = 0, 1
FIRST = 2  # the first question column
RED = QBrush(QColor(255, 205, 205))
ERROR_ROLE = Qt.ItemDataRole.UserRole + 1
PERSON_ROLE = Qt.ItemDataRole.UserRole


def run_dialog(dialog: QDialog) -> bool:
    """``exec`` a dialog; tests replace this."""
    return dialog.exec() == QDialog.DialogCode.Accepted


class _NameDelegate(QStyledItemDelegate):
    """The respondent cell: a line edit completing names by any part of the label."""

    def __init__(self, labels: list[str], parent: Any) -> None:
        super().__init__(parent)
        self.labels = labels

    def createEditor(self, parent: QWidget, option: Any, index: QModelIndex | QPersistentModelIndex) -> QWidget:  # noqa: N802
        editor = QLineEdit(parent)
        completer = QCompleter(self.labels, editor)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        editor.setCompleter(completer)
        return editor


class GridTable(QTableWidget):
    """Enter and Tab go to the next cell; past the last cell of the last row a new row is added."""

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if (event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab)
                and self.state() != QAbstractItemView.State.EditingState):
            self.advance()
            return
        super().keyPressEvent(event)

    def focusNextPrevChild(self, forward: bool) -> bool:  # noqa: N802 - Tab stays in the grid
        if forward and self.state() != QAbstractItemView.State.EditingState:
            self.advance()
            return True
        return super().focusNextPrevChild(forward)

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:  # noqa: N802
        if hint in (QAbstractItemDelegate.EndEditHint.EditNextItem, QAbstractItemDelegate.EndEditHint.SubmitModelCache):
            super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
            self.advance()
            return
        super().closeEditor(editor, hint)

    def advance(self) -> None:
        row, column = max(self.currentRow(), 0), max(self.currentColumn(), 0)
        if column + 1 < self.columnCount():
            self.setCurrentCell(row, column + 1)
            return
        if row + 1 >= self.rowCount():
            dialog = self.window()
            if isinstance(dialog, EntryDialog):
                dialog.add_row()
        self.setCurrentCell(row + 1, FIRST if self.item(row + 1, WHO) and self.item(row + 1, WHO).text() else WHO)


class EntryDialog(QDialog):
    """The grid of one template; «Сохранить» stores every filled row at once (``saved_count``)."""

    def __init__(self, parent: QWidget | None, *, db: Any, template: TemplateData, people: list[Person],
                 default_date: dt.date | None = None, group_id: int | None = None,
                 meeting_id: int | None = None) -> None:
        super().__init__(parent)
        self.db, self.template, self.people = db, template, people
        self.group_id, self.meeting_id = group_id, meeting_id
        self.default_date = default_date or dt.date.today()
        self.saved_count = 0
        self._busy = False
        self.by_label = {fold(p.label): p for p in people}
        names: dict[str, list[Person]] = {}
        for p in people:
            names.setdefault(fold(p.name), []).append(p)
        self.by_name = {k: v[0] for k, v in names.items() if len(v) == 1}
        self.setWindowTitle(f"Ввод с бумаги — «{template.title}»")
        questions = template.questions
        self.table = GridTable(0, FIRST + len(questions), self)
        self.table.setItemDelegateForColumn(WHO, _NameDelegate([p.label for p in people], self.table))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers
                                   & ~QAbstractItemView.EditTrigger.CurrentChanged)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ContiguousSelection)
        labels = ["Респондент", "Дата"] + [self.header_text(n, q) for n, q in enumerate(questions, start=1)]
        self.table.setHorizontalHeaderLabels(labels)
        header = self.table.horizontalHeader()
        header.resizeSection(WHO, 280)
        header.resizeSection(DATE, 90)
        for n, q in enumerate(questions):
            item = self.table.horizontalHeaderItem(FIRST + n)
            item.setToolTip(f"{n + 1}. {q.text}\n{self.hint(q)}")
            header.resizeSection(FIRST + n, 150 if q.type == "text" else 64)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.itemChanged.connect(self.check_item)
        self.errors = QLabel(self)
        self.errors.setWordWrap(True)
        self.errors.setStyleSheet("color: #b00020;")
        self.errors.setVisible(False)
        help_text = QLabel("Enter или Tab — следующая ячейка; в конце строки добавляется новая. "
                           "Шкала — число, «да/нет» — д, н, 1 или 0, выбор — номер варианта. "
                           "Подсказка по вопросу — в заголовке столбца.", self)
        help_text.setWordWrap(True)
        help_text.setStyleSheet("color: #555;")
        self.current = QLabel(self)
        self.current.setWordWrap(True)
        self.table.currentCellChanged.connect(self.show_question)
        add = QPushButton("Добавить строку", self)
        add.setAutoDefault(False)
        add.clicked.connect(lambda _c=False: self.add_row())
        remove = QPushButton("Удалить строку", self)
        remove.setAutoDefault(False)
        remove.clicked.connect(lambda _c=False: self.remove_row())
        self.buttons = save_cancel_buttons(self, on_save=self.save)
        for b in self.buttons.buttons():
            b.setAutoDefault(False)
            b.setDefault(False)
        bottom = QHBoxLayout()
        bottom.addWidget(add)
        bottom.addWidget(remove)
        bottom.addStretch(1)
        bottom.addWidget(self.buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(help_text)
        layout.addWidget(self.current)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.errors)
        layout.addLayout(bottom)
        fit_to_screen(self, min(1300, 420 + sum(header.sectionSize(FIRST + n) for n in range(len(questions)))), 560)

    @staticmethod
    def header_text(number: int, q: Question) -> str:
        """«3» over a short kind: «1–10», «да/нет», «выбор», «текст»."""
        kind = {"scale": f"{q.min}–{q.max}", "yesno": "да/нет", "choice": "выбор"}.get(q.type, "текст")
        return f"{number}\n{kind}"

    def show_question(self, _row: int = -1, column: int = -1, *_rest: int) -> None:
        """The full text of the current column's question above the grid."""
        if column >= FIRST:
            q = self.question(column)
            self.current.setText(f"<b>Вопрос {column - FIRST + 1}.</b> {q.text} <i>({self.hint(q)})</i>")
        else:
            self.current.setText("<b>Респондент</b> — начните вводить фамилию" if column == WHO
                                 else "<b>Дата</b> заполнения ДД.ММ.ГГГГ")

    @staticmethod
    def hint(q: Question) -> str:
        if q.type == "scale":
            return f"Число от {q.min} до {q.max}"
        if q.type == "yesno":
            return "да / нет (д, н, 1, 0)"
        if q.type == "choice":
            return "; ".join(f"{n} — {o}" for n, o in enumerate(q.options, start=1))
        return "Открытый ответ"

    # -- rows ------------------------------------------------------------------
    def add_row(self, person: Person | None = None, date: dt.date | None = None) -> int:
        row = self.table.rowCount()
        self._busy = True
        self.table.insertRow(row)
        who = QTableWidgetItem(person.label if person else "")
        who.setData(PERSON_ROLE, person)
        self.table.setItem(row, WHO, who)
        self.table.setItem(row, DATE, QTableWidgetItem(format_date(date or self.default_date)))
        for column in range(FIRST, self.table.columnCount()):
            self.table.setItem(row, column, QTableWidgetItem(""))
        self._busy = False
        return row

    def remove_row(self) -> None:
        row = self.table.currentRow()
        if 0 <= row < self.table.rowCount():
            self.table.removeRow(row)

    def question(self, column: int) -> Question:
        return self.template.questions[column - FIRST]

    def resolve(self, text: str) -> tuple[Person | None, str]:
        key = fold(text)
        if not key:
            return None, ""
        person = self.by_label.get(key) or self.by_name.get(key)
        if person is None:
            matches = [p for p in self.people if key in fold(p.label)]
            person = matches[0] if len(matches) == 1 else None
        return (person, "") if person else (None, f"«{text[:40]}» — нет в базе (выберите из подсказок)")

    def parse_cell(self, column: int, text: str) -> tuple[Any, str]:
        q = self.question(column)
        raw = text.strip()
        if q.type == "choice" and raw.isdigit() and 1 <= int(raw) <= len(q.options):
            raw = q.options[int(raw) - 1]
        if not raw:
            return None, ""  # «обязательный» is checked on saving, not while typing
        return parse_answer(q, raw)

    def check_item(self, item: QTableWidgetItem) -> None:
        """Validate the edited cell: red with the error as tooltip; good answers shown normalised."""
        if self._busy:
            return
        self._busy = True
        try:
            column, text, error = item.column(), item.text(), ""
            if column == WHO:
                person, error = self.resolve(text)
                item.setData(PERSON_ROLE, person)
                if person is not None:
                    item.setText(person.label)
            elif column == DATE:
                try:
                    if text.strip():
                        item.setText(format_date(parse_date(text)))
                    else:
                        error = "укажите дату"
                except ValueError as exc:
                    error = str(exc)
            else:
                value, error = self.parse_cell(column, text)
                if not error and value is not None and self.question(column).type != "text":
                    item.setText(format_answer(self.question(column), value))
            item.setData(ERROR_ROLE, error or None)
            item.setBackground(RED if error else QBrush())
            item.setToolTip(error)
        finally:
            self._busy = False

    def cell_error(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return (item.data(ERROR_ROLE) or "") if item is not None else ""

    def row_is_empty(self, row: int) -> bool:
        return not any((self.table.item(row, c).text().strip() if self.table.item(row, c) else "")
                       for c in range(FIRST, self.table.columnCount()))

    # -- saving ----------------------------------------------------------------
    def collect(self) -> tuple[list[ResponseData], list[int]]:
        """Responses of the filled rows and their grid row numbers; ValidationError naming row and question."""
        responses, rows, issues = [], [], []
        for r in range(self.table.rowCount()):
            if self.row_is_empty(r):
                continue
            who = self.table.item(r, WHO)
            person, error = self.resolve(who.text() if who else "")
            if error:
                issues.append(Issue(error, field="Респондент", row=r + 1))
            try:
                date = parse_date(self.table.item(r, DATE).text())
            except (ValueError, AttributeError):
                issues.append(Issue("дата ДД.ММ.ГГГГ", field="Дата", row=r + 1))
                date = self.default_date
            answers: dict[str, Any] = {}
            for c in range(FIRST, self.table.columnCount()):
                q = self.question(c)
                value, error = self.parse_cell(c, self.table.item(r, c).text())
                if not error and value is None and q.required:
                    error = "обязательный вопрос"
                if error:
                    issues.append(Issue(error, field=f"Вопрос {c - FIRST + 1}", row=r + 1))
                elif value is not None:
                    answers[q.key] = value
            role = person.role if person else self.template.respondent
            responses.append(ResponseData(
                template_id=self.template.id or 0, answered_on=date, respondent_role=role,
                mentee_id=person.id if person and role == "mentee" else None,
                mentor_id=person.id if person and role == "mentor" else None,
                group_id=self.group_id, meeting_id=self.meeting_id, answers=answers, source="grid"))
            rows.append(r + 1)
        if not responses:
            issues.append(Issue("нет ни одной заполненной строки"))
        if issues:
            raise ValidationError(issues)
        return responses, rows

    def save(self) -> bool:
        from app.services.surveys import add_responses

        try:
            responses, rows = self.collect()
            try:
                with self.db.session() as session:
                    self.saved_count = len(add_responses(session, responses=responses))
            except ValidationError as exc:  # renumber the service's rows as grid rows
                raise ValidationError([Issue(i.message, field=i.field, row=rows[(i.row or 1) - 1])
                                       for i in exc.issues]) from exc
        except ValidationError as exc:
            self.errors.setText("Не сохранено, исправьте:\n" + "\n".join(i.describe() for i in exc.issues[:12]))
            self.errors.setVisible(True)
            messages.show_error(self, exc, title="Ответы не сохранены")
            return False
        except Exception as exc:  # noqa: BLE001
            messages.show_error(self, exc, title="Ответы не сохранены")
            return False
        self.accept()
        return True


def enter_responses(parent: QWidget | None, *, db: Any, template_id: int | None = None,
                    template_code: str | None = None, meeting_id: int | None = None,
                    group_id: int | None = None) -> int:
    """Open the grid (prefilled for a pair/group or a meeting); the number of responses saved."""
    try:
        with db.session() as session:
            ctx = prepare(session, template_id=template_id, template_code=template_code, meeting_id=meeting_id,
                          group_id=group_id)
    except Exception as exc:  # noqa: BLE001
        messages.show_error(parent, exc)
        return 0
    dialog = EntryDialog(parent, db=db, template=ctx["template"], people=ctx["people"], default_date=ctx["date"],
                         group_id=ctx["group_id"], meeting_id=ctx["meeting_id"])
    for person in ctx["prefill"]:
        dialog.add_row(person)
    if not ctx["prefill"]:
        dialog.add_row()
    dialog.table.setCurrentCell(0, FIRST if ctx["prefill"] else WHO)
    return dialog.saved_count if run_dialog(dialog) else 0


__all__ = ["EntryDialog", "Person", "RESPONDENTS", "enter_responses", "load_people", "prepare", "run_dialog"]
