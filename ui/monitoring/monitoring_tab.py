"""The «Мониторинг» tab: a period chooser, the indicators with their people, yearly federal figures, actions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QHBoxLayout, QLabel,
                               QPushButton, QVBoxLayout, QWidget)

from ui import messages
from ui.monitoring.models import FederalModel, IndicatorModel, PeopleModel
from ui.pairs.views import make_view
from ui.widgets import fit_to_screen

KINDS = (("Квартал", "quarter"), ("Учебный год", "year"))
INDICATOR_WIDTHS = (520, 85, 95, 75, 300)
FEDERAL_WIDTHS = (150, 70, 600)
NOTE_STYLE = {"ok": "color: #555555;", "fallback": "color: #e67800;", "missing": "color: #c62828;"}
DEADLINE_STYLE = {"ok": "color: #555555;", "sent": "color: #2e7d32;", "soon": "color: #e67800; font-weight: bold;",
                  "late": "color: #c62828; font-weight: bold;"}


def run_dialog(dialog: QDialog) -> bool:
    """``exec`` a dialog; tests replace this to drive dialogs without a modal loop."""
    return dialog.exec() == QDialog.DialogCode.Accepted


def period_choices(kind: str, today: dt.date) -> list[Any]:
    """Periods of the current and the previous academic year, newest first (future quarters left out)."""
    from app.periods import academic_year, academic_year_of, quarter_of, quarters_of_year

    current = academic_year_of(today)
    years = [current, academic_year(start_year=current.start.year - 1)]
    if kind == "year":
        return years
    latest = quarter_of(today)
    quarters = {q.code: q for year in years for q in quarters_of_year(year) if q.start <= latest.start}
    return sorted(quarters.values(), key=lambda q: q.start, reverse=True)  # III кв. belongs to two years: once


class PeopleDialog(QDialog):
    """Who is counted in the numerator of one indicator (ФИО, роль, сведения)."""

    def __init__(self, parent: QWidget | None, *, title: str, period_title: str, people: list) -> None:
        super().__init__(parent)
        self.setWindowTitle("Кто учтён в показателе")
        self.model = PeopleModel(self)
        self.model.set_rows(people)
        self.view = make_view(self.model, self, (300, 120, 300))
        heading = QLabel(f"<b>{title}</b><br>{period_title}: {len(people)} чел.", self)
        heading.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, parent=self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Закрыть")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        fit_to_screen(self, 780, 520)


class MonitoringTab(QWidget):
    """Indicators of the chosen period over an opened database (``set_database``); loads in the background.

    Signals:
        data_changed: this tab changed the database (other tabs may reload).
        counts_changed: the status-bar text changed.
        load_failed(object): the background load raised.
        status_message(str): a short note for the window's status bar.
        navigate(str, object): jump to another tab — target (mentees|mentors|pairs|meetings|settings|profile)
            and the record id (or None).
    """

    data_changed = Signal()
    status_message = Signal(str)
    counts_changed = Signal()
    load_failed = Signal(object)
    navigate = Signal(str, object)
    title = "Мониторинг"

    def __init__(self, *, runner: Any, parent: QWidget | None = None, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.today = today
        self.db: Any = None
        self.loaded = False
        self.source = ""
        self._generation = 0
        self.kind_box = QComboBox(self)
        for text, code in KINDS:
            self.kind_box.addItem(text, code)
        self.period_box = QComboBox(self)
        self.period_box.setMinimumContentsLength(24)
        self.period_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)

        def button(text: str, slot: Callable[[], Any], tip: str) -> QPushButton:
            b = QPushButton(text, self)
            b.setToolTip(tip)
            b.clicked.connect(lambda _checked=False: slot())
            return b

        self.contingent_button = button("Контингент…", self.edit_contingent,
                                        "Знаменатели показателей: численность обучающихся и педагогов за период")
        self.check_button = button("Проверка квартала…", self.open_check,
                                   "Что нужно исправить перед выгрузкой пакета за квартал")
        self.package_button = button("Выгрузить пакет за квартал…", self.export_package,
                                     "Записать пакет мониторинга для управления образования в папку (флешку)")
        self.exports_button = button("Журнал выгрузок…", self.open_exports, "Какие пакеты, когда и куда записаны")
        self.people_button = button("Кто учтён…", self.show_people,
                                    "Список участников, учтённых в числителе выбранного показателя")
        self.heading = QLabel(self)
        self.deadline = QLabel(self)  # the quarter's deadline from the municipality's calendar (setup file)
        self.deadline.setWordWrap(True)
        self.deadline.hide()
        self.indicator_model = IndicatorModel(self)
        self.indicator_view = make_view(self.indicator_model, self, INDICATOR_WIDTHS, None)
        self.indicator_view.setWordWrap(True)
        self.indicator_view.doubleClicked.connect(lambda _index: self.show_people())
        self.indicator_view.selectionModel().selectionChanged.connect(lambda *_: self.update_buttons())
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.federal_heading = QLabel(self)
        self.federal_model = FederalModel(self)
        self.federal_view = make_view(self.federal_model, self, FEDERAL_WIDTHS, None)
        self.federal_view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        rows = 4
        self.federal_view.setFixedHeight(self.federal_view.verticalHeader().defaultSectionSize() * rows
                                         + self.federal_view.horizontalHeader().sizeHint().height() + 4)

        top = QHBoxLayout()
        top.addWidget(QLabel("Период:", self))
        top.addWidget(self.kind_box)
        top.addWidget(self.period_box)
        top.addStretch(1)
        for b in (self.contingent_button, self.check_button, self.package_button, self.exports_button):
            top.addWidget(b)
        title_bar = QHBoxLayout()
        title_bar.addWidget(self.heading, 1)
        title_bar.addWidget(self.people_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(self.deadline)
        layout.addLayout(title_bar)
        layout.addWidget(self.indicator_view, 1)
        layout.addWidget(self.note)
        layout.addWidget(self.federal_heading)
        layout.addWidget(self.federal_view)
        self.fill_periods()
        self.kind_box.currentIndexChanged.connect(lambda _n: self.fill_periods())
        self.period_box.currentIndexChanged.connect(lambda _n: self.reload())
        self.update_buttons()

    # -- period ----------------------------------------------------------------
    def current_day(self) -> dt.date:
        return self.today or dt.date.today()

    def fill_periods(self) -> None:
        kind = self.kind_box.currentData()
        self.period_box.blockSignals(True)
        self.period_box.clear()
        for period in period_choices(kind, self.current_day()):
            self.period_box.addItem(period.title, period.code)
        self.period_box.setCurrentIndex(0)
        self.period_box.blockSignals(False)
        self.reload()

    def period(self) -> Any:
        from app.periods import parse_period

        return parse_period(self.period_box.currentData())

    def set_period(self, code: str) -> None:
        """Choose a period by code (switching the kind when needed)."""
        kind = "year" if "/" in code else "quarter"
        self.kind_box.setCurrentIndex(self.kind_box.findData(kind))
        index = self.period_box.findData(code)
        if index >= 0:
            self.period_box.setCurrentIndex(index)

    # -- loading ---------------------------------------------------------------
    def set_database(self, db: Any) -> None:
        self.db = db
        self.reload()

    def reload(self) -> None:
        """Indicators, the contingent source and the federal figures in one background read."""
        self.update_buttons()
        if self.db is None or self.period_box.currentData() is None:
            return
        self._generation += 1
        generation, db, period, today = self._generation, self.db, self.period(), self.today
        day = self.current_day()

        def work(_progress: Callable[[int, int], None]) -> tuple:
            from app.indicators import compute_indicators, federal_stats
            from app.services.contingent import effective_contingent, missing_fields
            from app.services.deadlines import deadline_note

            with db.session() as session:
                data, source = effective_contingent(session, period=period)
                return (compute_indicators(session, period=period, today=today), federal_stats(session, period=period),
                        source, missing_fields(data), deadline_note(session, period=period.code, today=day))

        def done(result: tuple) -> None:
            if generation == self._generation:
                self.set_data(period, *result[:4])
                self.set_deadline(result[4])

        self.runner.run(work, on_done=done, on_error=self.load_failed.emit)

    def set_data(self, period: Any, values: list, stats: dict, source: str, missing: list[str]) -> None:
        from app.schemas_monitoring import CONTINGENT_FIELDS
        from app.services.contingent import source_note

        selected = self.selected_indicator()
        self.indicator_model.set_rows(values)
        self.indicator_view.resizeRowsToContents()
        code = selected.code if selected is not None else (values[0].code if values else "")
        if (n := self.indicator_model.row_of_code(code)) >= 0:
            self.indicator_view.selectRow(n)
        self.heading.setText(f"<b>Показатели за {period.title}</b>")
        self.source = source
        if not source:
            text, style = (f"«Контингент» за {period.title} не заполнен — доли не вычислены. "
                           "Нажмите «Контингент…» и введите численность обучающихся и педагогов."), "missing"
        else:
            note = source_note(period, source)
            text = (f"Знаменатели: {note}." if note else f"Знаменатели — из «Контингента» за {period.title}.")
            style = "fallback" if note else "ok"
            if missing:
                labels = ", ".join(f"«{CONTINGENT_FIELDS[name]}»" for name in missing)
                text += f" Не введено: {labels}."
                style = "missing"
        self.note.setText(text)
        self.note.setStyleSheet(NOTE_STYLE[style])
        self.federal_heading.setText(f"<b>Федеральная статистика за {stats['title']}</b> "
                                     "(участники пар и групп, работавших в учебном году)")
        self.federal_model.set_rows(FederalModel.rows_of(stats))
        self.loaded = True
        self.update_buttons()
        self.counts_changed.emit()

    def set_deadline(self, note: Any) -> None:
        """Show the quarter's deadline (app.services.deadlines.DeadlineNote), or nothing without a calendar."""
        self.deadline.setVisible(note is not None)
        self.deadline.setText(note.text if note is not None else "")
        self.deadline.setStyleSheet(DEADLINE_STYLE[note.level] if note is not None else "")

    def counts_text(self) -> str:
        if not self.loaded:
            return ""
        computed = sum(1 for v in self.indicator_model.all_rows() if v.percent is not None)
        return f"{self.period_box.currentText()}: показателей вычислено {computed} из {self.indicator_model.rowCount()}"

    def focus_search(self) -> None:
        self.period_box.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def selected_indicator(self) -> Any:
        rows = self.indicator_view.selectionModel().selectedRows()
        return self.indicator_model.row_at(rows[0].row()) if rows else None

    def update_buttons(self) -> None:
        has_db = self.db is not None
        quarter = self.kind_box.currentData() == "quarter"
        for b in (self.contingent_button, self.exports_button, self.package_button):
            b.setEnabled(has_db)
        self.check_button.setEnabled(has_db and quarter)
        self.check_button.setToolTip("Что нужно исправить перед выгрузкой пакета за квартал" if quarter
                                     else "Выберите квартал: проверка и выгрузка делаются по кварталам")
        self.people_button.setEnabled(has_db and self.selected_indicator() is not None)

    # -- actions ---------------------------------------------------------------
    def show_people(self, code: str | None = None) -> PeopleDialog | None:
        """The people behind the numerator of the selected indicator (or ``code``)."""
        from app.indicators import indicator_people

        value = self.selected_indicator() if code is None else next(
            (v for v in self.indicator_model.all_rows() if v.code == code), None)
        if self.db is None or value is None:
            return None
        period = self.period()
        try:
            with self.db.session() as session:
                people = indicator_people(session, code=value.code, period=period, today=self.today)
        except Exception as exc:  # noqa: BLE001
            messages.show_error(self, exc)
            return None
        dialog = PeopleDialog(self, title=value.title, period_title=period.title, people=people)
        try:
            run_dialog(dialog)
        finally:
            dialog.deleteLater()
        return dialog

    def edit_contingent(self) -> bool:
        from ui.monitoring.contingent_dialog import edit_contingent

        return edit_contingent(self)

    def open_check(self) -> Any:
        from ui.monitoring.check_dialog import open_check

        return open_check(self)

    def export_package(self) -> Any:
        from ui.monitoring.package_dialog import open_package_dialog

        return open_package_dialog(self)

    def open_exports(self) -> Any:
        from ui.monitoring.exports_dialog import open_exports

        return open_exports(self)


__all__ = ["MonitoringTab", "PeopleDialog", "period_choices", "run_dialog"]
