"""The reporting calendar: each quarter's package deadline, editable as ДД.ММ.ГГГГ; the next academic year on demand."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QHBoxLayout, QHeaderView, QLabel, QPushButton,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from app.errors import AppError, Issue, ValidationError
from app.text import format_date, parse_date
from ui import messages
from ui.inline_issues import issue_line
from ui.people.person_form import STYLE
from ui.widgets import fit_to_screen, save_cancel_buttons

ERROR_BRUSH = QBrush(QColor(255, 224, 224))
NOTE = ("Срок сдачи пакета мониторинга за каждый квартал. По этим срокам в своде отмечается, кто сдал отчёт "
        "вовремя, а кто с опозданием. Школы видят сроки из файла настройки: после изменений выдайте им файлы "
        "настройки заново («Организации → Файлы настройки…»).")


def run_dialog(dialog: QDialog) -> bool:
    """``exec`` a dialog; tests replace this to drive dialogs without a modal loop."""
    return dialog.exec() == QDialog.DialogCode.Accepted


def next_academic_year(codes: list[str], today: dt.date) -> dict[str, dt.date]:
    """Quarters of the first academic year after the last of ``codes`` not yet in it, with default deadlines."""
    from app.municipality.calendar import default_deadlines
    from app.periods import academic_year_of, parse_period, quarters_of_year

    present = set(codes)
    day = (max((parse_period(c).end for c in codes), default=today - dt.timedelta(days=1)) + dt.timedelta(days=1))
    for _attempt in range(3):  # a III quarter belongs to two academic years: step on until something is new
        year = academic_year_of(day)
        new = [q for q in quarters_of_year(year) if q.code not in present]
        if new:
            return {q.code: default_deadlines(q.start.year)[q.code] for q in new}
        day = year.end + dt.timedelta(days=1)
    return {}


class CalendarDialog(QDialog):
    """Quarters and deadlines; «Сохранить» stores the changed and added rows, errors stay on their cells.

    Attributes:
        table: rows of (quarter title [code in UserRole], deadline text); saved: the number of rows stored.
    """

    def __init__(self, parent: QWidget | None, *, db: Any, today: dt.date | None = None) -> None:
        super().__init__(parent)
        from app.municipality.calendar import list_deadlines

        self.db = db
        self.today = today or dt.date.today()
        self.saved = 0
        self.setWindowTitle("Сроки сдачи отчётов")
        self.setStyleSheet(STYLE)
        with db.session() as session:
            rows = list_deadlines(session)
        self.stored: dict[str, dt.date] = {r.period: r.deadline for r in rows}
        self.table = QTableWidget(0, 2, self)
        self.table.setHorizontalHeaderLabels(["Квартал", "Срок сдачи (ДД.ММ.ГГГГ)"])
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for row in rows:
            self._add_row(row.period, row.title, row.deadline, new=False)
        self.table.itemChanged.connect(lambda item: item.setBackground(QBrush()) if item.column() == 1 else None)
        self.issues_label = QLabel(self)
        self.issues_label.setObjectName("issues")
        self.issues_label.setWordWrap(True)
        self.issues_label.hide()
        note = QLabel(NOTE, self)
        note.setObjectName("note")
        note.setWordWrap(True)
        self.add_year_button = QPushButton("Добавить следующий учебный год", self)
        self.add_year_button.setToolTip("Кварталы следующего учебного года со сроками по умолчанию "
                                        "(10-е число месяца после квартала)")
        self.add_year_button.clicked.connect(lambda _checked=False: self.add_next_year())
        bottom = QHBoxLayout()
        bottom.addWidget(self.add_year_button)
        bottom.addStretch(1)
        self.buttons = save_cancel_buttons(self, on_save=self.save)
        bottom.addWidget(self.buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.issues_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        fit_to_screen(self, 620, 560)

    def _add_row(self, code: str, title: str, deadline: dt.date, *, new: bool) -> None:
        n = self.table.rowCount()
        self.table.insertRow(n)
        quarter = QTableWidgetItem(title + (" — новый" if new else ""))
        quarter.setData(Qt.ItemDataRole.UserRole, code)
        quarter.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        if new:
            font = QFont(quarter.font())
            font.setItalic(True)
            quarter.setFont(font)
            quarter.setToolTip("Будет добавлен при сохранении")
        self.table.setItem(n, 0, quarter)
        self.table.setItem(n, 1, QTableWidgetItem(format_date(deadline)))

    def codes(self) -> list[str]:
        return [self.table.item(n, 0).data(Qt.ItemDataRole.UserRole) for n in range(self.table.rowCount())]

    def row_of(self, code: str) -> int:
        return self.codes().index(code)

    def set_deadline_text(self, code: str, text: str) -> None:
        self.table.item(self.row_of(code), 1).setText(text)

    def deadline_text(self, code: str) -> str:
        return self.table.item(self.row_of(code), 1).text()

    def add_next_year(self) -> int:
        """Append the next academic year's quarters (default deadlines); how many rows were added."""
        from app.periods import parse_period

        added = next_academic_year(self.codes(), self.today)
        for code, deadline in added.items():
            self._add_row(code, parse_period(code).title, deadline, new=True)
        if added:
            self.table.scrollToBottom()
            self.table.setCurrentCell(self.row_of(next(iter(added))), 1)
        return len(added)

    def changes(self) -> tuple[dict[str, dt.date], list[tuple[int, Issue]]]:
        """Changed or new (code → date) and the problems of unreadable or out-of-range dates (row, issue)."""
        from app.municipality.calendar import check_deadline
        from app.periods import parse_period

        out: dict[str, dt.date] = {}
        problems: list[tuple[int, Issue]] = []
        for n, code in enumerate(self.codes()):
            text = self.table.item(n, 1).text().strip()
            title = parse_period(code).title
            try:
                if not text:
                    raise ValueError("укажите дату ДД.ММ.ГГГГ")
                _code, day = check_deadline(code, parse_date(text))
            except ValueError as exc:
                problems.append((n, Issue(f"{title}: {exc}")))
                continue
            except ValidationError as exc:
                problems.extend((n, Issue(f"{title}: {i.message}")) for i in exc.issues)
                continue
            if self.stored.get(code) != day:
                out[code] = day
        return out, problems

    def show_problems(self, problems: list[tuple[int, Issue]]) -> None:
        self.table.blockSignals(True)  # itemChanged clears a cell's mark when the user edits it
        for n in range(self.table.rowCount()):
            self.table.item(n, 1).setBackground(ERROR_BRUSH if any(r == n for r, _i in problems) else QBrush())
        self.table.blockSignals(False)
        self.issues_label.setText("Не сохранено — исправьте:\n" + "\n".join(f"• {issue_line(i)}" for _n, i in problems))
        self.issues_label.show()
        first = self.table.model().index(problems[0][0], 1)
        self.table.clearSelection()  # a selected row would hide the red cell
        self.table.selectionModel().setCurrentIndex(first, self.table.selectionModel().SelectionFlag.NoUpdate)
        self.table.scrollTo(first)
        self.table.setFocus()

    def save(self) -> bool:
        from app.municipality.calendar import set_deadline

        self.issues_label.hide()
        changed, problems = self.changes()
        if problems:
            self.show_problems(problems)
            return False
        try:
            with self.db.session() as session:
                for code, day in changed.items():
                    set_deadline(session, period=code, deadline=day)
                    self.stored[code] = day
                    self.saved += 1
        except AppError as exc:
            messages.show_error(self, exc, title="Сроки не сохранены")
            return False
        self.accept()
        return True


def edit_calendar(parent: QWidget | None, *, db: Any) -> bool:
    """Open the calendar; True when a deadline was changed or added."""
    dialog = CalendarDialog(parent, db=db)
    try:
        return run_dialog(dialog) and dialog.saved > 0
    finally:
        dialog.deleteLater()


__all__ = ["CalendarDialog", "edit_calendar", "next_academic_year", "run_dialog"]
