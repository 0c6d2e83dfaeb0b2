"""«Отчёт о выполнении…»: choose a period (year, quarter, dates) and a format (PDF preview or xlsx), then build it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import (QButtonGroup, QComboBox, QDialog, QGridLayout, QGroupBox, QHBoxLayout, QLabel,
                               QRadioButton, QVBoxLayout, QWidget)

from app.errors import Issue
from app.text import format_date
from ui import messages
from ui.inline_issues import InlineIssues
from ui.people.person_form import STYLE
from ui.widgets import DateField, save_cancel_buttons


def run_dialog(dialog: QDialog) -> bool:
    """``exec`` a dialog; tests replace this to drive dialogs without a modal loop."""
    return dialog.exec() == QDialog.DialogCode.Accepted


@dataclass(frozen=True)
class ReportChoice:
    """The period asked for (None ends: the whole year) and the format («pdf» or «xlsx»)."""

    academic_year: str
    start: dt.date | None
    end: dt.date | None
    label: str  # «2026/2027 учебный год», «I квартал 2027 года», «01.09.2026 – 31.12.2026»
    fmt: str


class ReportDialog(InlineIssues, QDialog):
    """The period and format chooser; ``choice`` is set after «Сформировать»."""

    def __init__(self, parent: QWidget | None, *, academic_year: str, today: dt.date | None = None,
                 deadlines: list[dt.date | None] | None = None) -> None:
        super().__init__(parent)
        from app.periods import parse_period
        from app.roadmap_rules import report_quarters

        self.academic_year = academic_year
        self.choice: ReportChoice | None = None
        self.year = parse_period(academic_year)
        today = today or dt.date.today()
        self.setWindowTitle("Отчёт о выполнении дорожной карты")
        self.setStyleSheet(STYLE)
        self.setMinimumWidth(520)
        self.whole = QRadioButton(f"Весь {self.year.title}", self)
        self.by_quarter = QRadioButton("Квартал", self)
        self.by_dates = QRadioButton("Период", self)
        self.kind = QButtonGroup(self)
        for n, button in enumerate((self.whole, self.by_quarter, self.by_dates)):
            self.kind.addButton(button, n)
        self.quarter = QComboBox(self)
        self.deadlines = deadlines  # the year's items' deadlines (None: not known, every quarter is offered as is)
        # clipped to the year: «III квартал 2026 года (сентябрь)»; earlier items go into the first one
        self.quarters = report_quarters(academic_year, deadlines=deadlines or ())
        for q in self.quarters:
            self.quarter.addItem(q.title + self._count_suffix(q.start, q.end), q.code)
        current = next((n for n, q in enumerate(self.quarters) if q.start <= today <= q.end), 0)
        self.quarter.setCurrentIndex(current)
        self.date_from, self.date_to = DateField(self), DateField(self)
        self.date_from.set_date(self.year.start)
        self.date_to.set_date(min(today, self.year.end) if today >= self.year.start else self.year.end)
        dates = QHBoxLayout()
        dates.addWidget(QLabel("с", self))
        dates.addWidget(self.date_from, 1)
        dates.addWidget(QLabel("по", self))
        dates.addWidget(self.date_to, 1)
        period_box = QGroupBox("За какой период", self)
        grid = QGridLayout(period_box)
        grid.addWidget(self.whole, 0, 0, 1, 2)
        grid.addWidget(self.by_quarter, 1, 0)
        grid.addWidget(self.quarter, 1, 1)
        grid.addWidget(self.by_dates, 2, 0)
        grid.addLayout(dates, 2, 1)
        grid.setColumnStretch(1, 1)
        note = QLabel("В отчёт за квартал или период входят мероприятия со сроком в нём; "
                      "в отчёт за год — все мероприятия года.", self)
        note.setObjectName("note")
        note.setWordWrap(True)
        self.pdf = QRadioButton("PDF — просмотр и печать", self)
        self.xlsx = QRadioButton("Excel (xlsx)", self)
        self.pdf.setChecked(True)
        format_box = QGroupBox("Формат", self)
        fmt_row = QHBoxLayout(format_box)
        fmt_row.addWidget(self.pdf)
        fmt_row.addWidget(self.xlsx)
        fmt_row.addStretch(1)
        self.issues_label = QLabel(self)
        self.issues_label.setObjectName("issues")
        self.issues_label.setWordWrap(True)
        self.issues_label.hide()
        self.buttons = save_cancel_buttons(self, on_save=self.build)
        self.buttons.button(self.buttons.StandardButton.Save).setText("Сформировать")
        layout = QVBoxLayout(self)
        layout.addWidget(period_box)
        layout.addWidget(note)
        layout.addWidget(format_box)
        layout.addWidget(self.issues_label)
        layout.addWidget(self.buttons)
        self.field_widgets = {"С": self.date_from.edit, "По": self.date_to.edit, "Период": self.date_from.edit,
                              "Квартал": self.quarter}
        self.kind.idToggled.connect(lambda _id, _on: self._sync())
        self.quarter.currentIndexChanged.connect(lambda _i: self.by_quarter.setChecked(True))
        self.date_from.changed.connect(lambda: self.by_dates.setChecked(True))
        self.date_to.changed.connect(lambda: self.by_dates.setChecked(True))
        self.whole.setChecked(True)

    def _due(self, start: dt.date, end: dt.date) -> int | None:
        if self.deadlines is None:
            return None
        from app.roadmap_rules import due_in

        year = self.academic_year
        return sum(1 for d in self.deadlines if d is not None and due_in(d, start, end, academic_year=year))

    def _count_suffix(self, start: dt.date, end: dt.date) -> str:
        from ui.roadmap.actions import items_word

        count = self._due(start, end)
        return "" if count is None else (" — нет мероприятий" if not count else f" — {items_word(count)}")

    def _sync(self) -> None:
        self.clear_issues()

    def collect(self) -> tuple[ReportChoice | None, list[Issue]]:
        fmt = "xlsx" if self.xlsx.isChecked() else "pdf"
        year = self.academic_year
        if self.whole.isChecked():
            return ReportChoice(year, None, None, self.year.title, fmt), []
        if self.by_quarter.isChecked():
            q = self.quarters[max(self.quarter.currentIndex(), 0)]
            if self._due(q.start, q.end) == 0:
                return None, [Issue(f"на {q.title} не приходится ни одного срока мероприятий — выберите другой "
                                    "квартал или весь год",
                                    field="Квартал")]
            return ReportChoice(year, q.start, q.end, q.title, fmt), []
        issues: list[Issue] = []
        values = []
        for field, name in ((self.date_from, "С"), (self.date_to, "По")):
            try:
                value = field.date()
            except ValueError as exc:
                issues.append(Issue(str(exc), field=name))
                value = None
            else:
                if value is None:
                    issues.append(Issue("укажите дату", field=name))
            values.append(value)
        start, end = values
        if start and end and start > end:
            issues.append(Issue("начало периода позже его конца", field="Период"))
        for value, name in ((start, "С"), (end, "По")):
            if value and not self.year.contains(value):
                issues.append(Issue(f"{format_date(value)} вне {self.academic_year} учебного года ({format_date(self.year.start)} – "
                                    f"{format_date(self.year.end)})", field=name))
        if issues or start is None or end is None:
            return None, issues
        return ReportChoice(year, start, end, f"{format_date(start)} – {format_date(end)}", fmt), []

    def build(self) -> bool:
        choice, issues = self.collect()
        if choice is None:
            self.show_issues(issues)
            return False
        self.choice = choice
        self.accept()
        return True


def open_report(tab: Any, *, today: dt.date | None = None) -> ReportChoice | None:
    """Ask for the period and format, then build the report in the background (PDF: preview, xlsx: save)."""
    if tab.db is None:
        return None
    dialog = ReportDialog(tab, academic_year=tab.year, today=today,
                          deadlines=[r.deadline for r in tab.model.all_rows()])
    if not run_dialog(dialog) or dialog.choice is None:
        return None
    choice = dialog.choice
    if choice.fmt == "pdf":
        render_pdf(tab, choice)
    else:
        save_xlsx(tab, choice)
    return choice


def render_pdf(tab: Any, choice: ReportChoice) -> None:
    from ui import pdf_preview
    from ui.roadmap.actions import file_year

    db = tab.db
    path = pdf_preview.preview_dir() / f"roadmap_report_{file_year(choice.academic_year)}.pdf"
    title = f"Отчёт о выполнении дорожной карты — {choice.label}"

    def work(_progress: Any) -> Any:
        from app.documents.roadmap_report import roadmap_report_pdf

        with db.session() as session:
            return roadmap_report_pdf(session, path=path, academic_year=choice.academic_year,
                                      start=choice.start, end=choice.end)

    tab.runner.run(work, on_done=lambda _report: pdf_preview.show_pdf(tab, path=path, title=title),
                   on_error=lambda exc: messages.show_error(tab, exc, title="Отчёт о выполнении"),
                   title="Готовлю отчёт…", parent=tab)


def save_xlsx(tab: Any, choice: ReportChoice) -> None:
    from ui.roadmap.actions import ask_save_path, file_year, remember_dir

    suffix = "" if choice.start is None else f" {format_date(choice.start)}-{format_date(choice.end)}"
    path = ask_save_path(tab, f"Отчёт о выполнении дорожной карты {file_year(choice.academic_year)}{suffix}.xlsx")
    if path is None:
        return
    remember_dir(tab, path)
    db = tab.db

    def work(_progress: Any) -> Any:
        from app.roadmap_report_xlsx import roadmap_report_xlsx

        with db.session() as session:
            return roadmap_report_xlsx(session, path=path, academic_year=choice.academic_year,
                                       start=choice.start, end=choice.end)

    tab.runner.run(work, on_done=lambda _r: tab.status_message.emit(f"Отчёт сохранён: {path}"),
                   on_error=lambda exc: messages.show_error(tab, exc, title="Отчёт о выполнении"),
                   title="Готовлю отчёт…", parent=tab)


__all__ = ["ReportChoice", "ReportDialog", "open_report", "render_pdf", "run_dialog", "save_xlsx"]
