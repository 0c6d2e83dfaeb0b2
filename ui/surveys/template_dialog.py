"""The survey template editor: title, purpose, respondent, instruction and an ordered table of questions."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDialog, QFormLayout, QHBoxLayout, QHeaderView, QLabel,
                               QLineEdit, QPlainTextEdit, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout,
                               QWidget)

from app.errors import Issue, ValidationError
from app.schemas_surveys import QUESTION_TYPES, RESPONDENTS, SURVEY_PURPOSES, Question, TemplateData
from ui import messages
from ui.widgets import fit_to_screen, save_cancel_buttons

COLUMNS = ("№", "Текст вопроса", "Тип", "Мин", "Макс", "Варианты (через «;»)", "Показатель", "Удовлетворённость",
           "Обязательный")
WIDTHS = (34, 380, 150, 48, 48, 180, 110, 140, 105)
NUM, TEXT, TYPE, MIN, MAX, OPTIONS, MEASURE, SATISFACTION, REQUIRED = range(9)
CHECKS = (SATISFACTION, REQUIRED)


def run_dialog(dialog: QDialog) -> bool:
    """``exec`` a dialog; tests replace this to drive the editor without a modal loop."""
    return dialog.exec() == QDialog.DialogCode.Accepted


def new_key(used: set[str]) -> str:
    """The first of q1, q2, … not in ``used``."""
    n = 1
    while f"q{n}" in used:
        n += 1
    return f"q{n}"


class TemplateDialog(QDialog):
    """Edits one ``TemplateData``; «Сохранить» stores it (``saved_id``) and keeps the input on errors."""

    def __init__(self, parent: QWidget | None, *, db: Any, data: TemplateData, answered: int = 0) -> None:
        super().__init__(parent)
        self.db, self.data, self.saved_id = db, data, None
        self.setWindowTitle("Анкета" if data.id is None else f"Анкета «{data.title}»")
        self.title = QLineEdit(data.title, self)
        self.purpose = QComboBox(self)
        for code, text in SURVEY_PURPOSES.items():
            self.purpose.addItem(text, code)
        self.purpose.setCurrentIndex(max(0, self.purpose.findData(data.purpose)))
        self.respondent = QComboBox(self)
        for code, text in RESPONDENTS.items():
            self.respondent.addItem(text, code)
        self.respondent.setCurrentIndex(max(0, self.respondent.findData(data.respondent)))
        self.description = QPlainTextEdit(data.description, self)
        self.description.setPlaceholderText("Инструкция для отвечающего (печатается на бланке)")
        self.description.setFixedHeight(self.fontMetrics().height() * 3 + 14)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #8a5a00;")
        if answered:
            self.note.setText(f"Есть ответы: изменения вопросов сохранятся как новая версия {data.version + 1}, "
                              "старые ответы останутся читаемыми.")
        self.note.setVisible(bool(answered))
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        for n, width in enumerate(WIDTHS):
            header.resizeSection(n, width)
        header.setSectionResizeMode(TEXT, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeaderItem(MEASURE).setToolTip(
            "Одинаковый показатель связывает вопросы входной и итоговой анкет (сравнение «до» и «после»)")
        self.table.horizontalHeaderItem(SATISFACTION).setToolTip(
            "Вопрос об общей удовлетворённости (шкала); по нему считается процент удовлетворённости")
        self.errors = QLabel(self)
        self.errors.setWordWrap(True)
        self.errors.setStyleSheet("color: #b00020;")
        self.errors.setVisible(False)

        buttons = QHBoxLayout()
        self.add_button = QPushButton("Добавить вопрос", self)
        self.remove_button = QPushButton("Удалить", self)
        self.up_button = QPushButton("Выше", self)
        self.down_button = QPushButton("Ниже", self)
        self.up_button.setToolTip("Ctrl+↑")
        self.down_button.setToolTip("Ctrl+↓")
        self.add_button.clicked.connect(lambda _c=False: self.add_question())
        self.remove_button.clicked.connect(lambda _c=False: self.remove_question())
        self.up_button.clicked.connect(lambda _c=False: self.move(-1))
        self.down_button.clicked.connect(lambda _c=False: self.move(1))
        for b in (self.add_button, self.remove_button, self.up_button, self.down_button):
            b.setAutoDefault(False)
            buttons.addWidget(b)
        buttons.addStretch(1)
        self.table.installEventFilter(self)  # Ctrl+Up / Ctrl+Down move the current question

        form = QFormLayout()
        form.addRow("Название:", self.title)
        top = QHBoxLayout()
        top.addWidget(QLabel("Кто отвечает:", self))
        top.addWidget(self.respondent)
        top.addSpacing(16)
        top.addWidget(QLabel("Назначение:", self))
        top.addWidget(self.purpose)
        top.addStretch(1)
        form.addRow(top)
        form.addRow("Инструкция:", self.description)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(QLabel("<b>Вопросы</b>", self))
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.errors)
        layout.addWidget(save_cancel_buttons(self, on_save=self.save))
        self.fill([self._raw(q) for q in data.questions])
        fit_to_screen(self, 1220, 640)

    def eventFilter(self, watched: Any, event: Any) -> bool:  # noqa: N802 - Qt override
        if (watched is self.table and event.type() == QEvent.Type.KeyPress
                and event.modifiers() & Qt.KeyboardModifier.ControlModifier
                and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down)):
            self.move(-1 if event.key() == Qt.Key.Key_Up else 1)
            return True
        return super().eventFilter(watched, event)

    # -- rows as plain dicts -----------------------------------------------------
    @staticmethod
    def _raw(q: Question) -> dict[str, Any]:
        return {"key": q.key, "text": q.text, "type": q.type, "min": str(q.min), "max": str(q.max),
                "options": "; ".join(q.options), "measure": q.measure, "satisfaction": q.satisfaction,
                "required": q.required}

    def rows(self) -> list[dict[str, Any]]:
        """Everything typed in the table, as texts (nothing is lost on a failed save)."""
        out = []
        for r in range(self.table.rowCount()):
            def text(column: int, r: int = r) -> str:
                item = self.table.item(r, column)
                return item.text() if item is not None else ""

            combo = self.table.cellWidget(r, TYPE)
            key_item = self.table.item(r, TEXT)
            out.append({"key": key_item.data(Qt.ItemDataRole.UserRole) if key_item else "", "text": text(TEXT),
                        "type": combo.currentData() if isinstance(combo, QComboBox) else "scale",
                        "min": text(MIN), "max": text(MAX), "options": text(OPTIONS), "measure": text(MEASURE),
                        **{name: (self.table.item(r, c) is not None
                                  and self.table.item(r, c).checkState() == Qt.CheckState.Checked)
                           for name, c in (("satisfaction", SATISFACTION), ("required", REQUIRED))}})
        return out

    def fill(self, rows: list[dict[str, Any]]) -> None:
        self.table.setRowCount(0)
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            number = QTableWidgetItem(str(r + 1))
            number.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            number.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            self.table.setItem(r, NUM, number)
            text = QTableWidgetItem(row["text"])
            text.setData(Qt.ItemDataRole.UserRole, row["key"])
            text.setToolTip(row["text"])
            self.table.setItem(r, TEXT, text)
            combo = QComboBox(self.table)
            for code, label in QUESTION_TYPES.items():
                combo.addItem(label, code)
            combo.setCurrentIndex(max(0, combo.findData(row["type"])))
            self.table.setCellWidget(r, TYPE, combo)
            for column, name in ((MIN, "min"), (MAX, "max"), (OPTIONS, "options"), (MEASURE, "measure")):
                self.table.setItem(r, column, QTableWidgetItem(row[name]))
            for column, name in ((SATISFACTION, "satisfaction"), (REQUIRED, "required")):
                item = QTableWidgetItem("")
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                              | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if row[name] else Qt.CheckState.Unchecked)
                self.table.setItem(r, column, item)

    def current_row(self) -> int:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else self.table.currentRow()

    def add_question(self, text: str = "", kind: str = "scale") -> int:
        rows = self.rows()
        at = self.current_row() + 1 if 0 <= self.current_row() < len(rows) else len(rows)
        key = new_key({r["key"] for r in rows} | {q.key for q in self.data.questions})
        rows.insert(at, {"key": key, "text": text, "type": kind, "min": "1", "max": "10", "options": "",
                         "measure": "", "satisfaction": False, "required": False})
        self.fill(rows)
        self.table.selectRow(at)
        self.table.setCurrentCell(at, TEXT)
        self.table.editItem(self.table.item(at, TEXT)) if self.isVisible() else None
        return at

    def remove_question(self) -> None:
        rows, at = self.rows(), self.current_row()
        if not 0 <= at < len(rows):
            return
        del rows[at]
        self.fill(rows)
        if rows:
            self.table.selectRow(min(at, len(rows) - 1))

    def move(self, step: int) -> None:
        rows, at = self.rows(), self.current_row()
        to = at + step
        if not (0 <= at < len(rows) and 0 <= to < len(rows)):
            return
        rows[at], rows[to] = rows[to], rows[at]
        self.fill(rows)
        self.table.selectRow(to)

    # -- saving ----------------------------------------------------------------
    def collect(self) -> TemplateData:
        """The edited template; ValidationError naming the question number for unreadable numbers."""
        questions, issues = [], []
        for number, row in enumerate(self.rows(), start=1):
            bounds = []
            for name, label in (("min", "минимум"), ("max", "максимум")):
                try:
                    bounds.append(int(row[name].strip() or ("1" if name == "min" else "10")))
                except ValueError:
                    issues.append(Issue(f"{label} шкалы — целое число", field=f"Вопрос {number}"))
                    bounds.append(0)
            options = tuple(o.strip() for o in row["options"].split(";") if o.strip())
            questions.append(Question(key=row["key"] or new_key({q.key for q in questions}), text=row["text"].strip(),
                                      type=row["type"], min=bounds[0], max=bounds[1], options=options,
                                      measure=row["measure"].strip(), satisfaction=row["satisfaction"],
                                      required=row["required"]))
        if issues:
            raise ValidationError(issues)
        return TemplateData(title=self.title.text(), purpose=self.purpose.currentData(),
                            respondent=self.respondent.currentData(), description=self.description.toPlainText(),
                            questions=tuple(questions), id=self.data.id, version=self.data.version,
                            code=self.data.code)

    def save(self) -> bool:
        from app.services.surveys import save_template

        try:
            data = self.collect()
            with self.db.session() as session:
                self.saved_id = save_template(session, data=data)
        except ValidationError as exc:
            self.errors.setText("Не сохранено:\n" + "\n".join(i.describe() for i in exc.issues))
            self.errors.setVisible(True)
            messages.show_error(self, exc, title="Анкета не сохранена")
            return False
        except Exception as exc:  # noqa: BLE001
            messages.show_error(self, exc, title="Анкета не сохранена")
            return False
        self.accept()
        return True


def edit_template(parent: QWidget | None, *, db: Any, template_id: int | None = None) -> int | None:
    """Open the editor on a template (a new one when ``template_id`` is None); the saved id or None."""
    from app.services.surveys import get_template, list_responses

    try:
        with db.session() as session:
            if template_id is None:
                data, answered = TemplateData(title=""), 0
            else:
                data = get_template(session, template_id=template_id)
                answered = sum(1 for r in list_responses(session, template_id=template_id)
                               if r.version == data.version)
    except Exception as exc:  # noqa: BLE001
        messages.show_error(parent, exc)
        return None
    dialog = TemplateDialog(parent, db=db, data=data, answered=answered)
    if data.id is None:
        dialog.add_question()
    return dialog.saved_id if run_dialog(dialog) else None


__all__ = ["TemplateDialog", "edit_template", "new_key", "run_dialog"]
