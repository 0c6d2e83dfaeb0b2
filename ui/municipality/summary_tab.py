"""The «Свод» tab: who reported a quarter, indicators per school, municipal totals and their trend, over the
imported packages."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QEvent, QObject, QSettings, Qt, Signal
from PySide6.QtWidgets import (QComboBox, QDialog, QHBoxLayout, QHeaderView, QLabel, QStyledItemDelegate,
                               QStyleOptionViewItem, QTableView, QTabWidget, QVBoxLayout, QWidget)

from ui import file_dialogs, messages
from ui.municipality.summary_models import (SchoolIndicatorsModel, StatusModel, SummaryData, TotalsModel,
                                            counts_line, default_period, previous_quarter)
from ui.municipality.tab_base import MunicipalityTab
from ui.municipality.trend_chart import TrendPanel
from ui.pairs.views import make_view

MATRIX_WIDTHS = (80, 230, 0, 90, 140, 135, 130, 0, 140)  # 0: sized from the font (see MATRIX_SAMPLES)
MATRIX_SAMPLES = {2: "организация ДО", 7: "52-0313_2026-Q4_nokey (2).mdpkg"}
INDICATOR_FIXED_WIDTHS = (70, 170, 160)
INDICATOR_MIN_WIDTH, INDICATOR_MAX_WIDTH = 70, 150
TOTAL_WIDTHS = (430, 90, 100, 75, 150, 300)
PAGES = ("Сдача отчётов", "Показатели по организациям", "Итоги по муниципалитету", "Динамика")
PERIOD_TIP = ("Квартал свода. По умолчанию — последний завершившийся квартал (отчёты за него собираются сейчас "
              "или уже собраны), а если срок сдачи текущего квартала уже прошёл — текущий. Доступны кварталы "
              "текущего и прошлого учебного года.")
TOTALS_CAPTION = ("Итоги по муниципалитету посчитаны из <b>сумм числителей и знаменателей</b> организаций, "
                  "сдавших пакет (не как среднее их процентов); удовлетворённость по анкетам — среднее, "
                  "взвешенное по числу ответов.")


class TwoLineValues(QStyledItemDelegate):
    """Indicator cells «8,6 % (39 из 452)» drawn on two lines (percent, then the numbers): narrower columns."""

    def initStyleOption(self, option: Any, index: Any) -> None:  # noqa: N802 - Qt override
        super().initStyleOption(option, index)
        option.text = option.text.replace(" (", "\u2028(", 1)  # a line separator
        option.features |= QStyleOptionViewItem.ViewItemFeature.WrapText


def run_dialog(dialog: QDialog) -> bool:
    """``exec`` a dialog; tests replace this to drive dialogs without a modal loop."""
    return dialog.exec() == QDialog.DialogCode.Accepted


def ask_xlsx_path(parent: QWidget, default: str) -> Path | None:
    """The save-file dialog of the consolidated report; tests replace this."""
    path, _filter = file_dialogs.getSaveFileName(parent, "Сохранить сводный отчёт", default, "Книга Excel (*.xlsx)")
    if not path:
        return None
    return Path(path) if path.lower().endswith(".xlsx") else Path(path + ".xlsx")


class SummaryTab(MunicipalityTab):
    """«Свод» over the imported packages.

    Signals:
        open_packages(object, object): school id and period code whose package history «Пакеты» should show.
    """

    open_packages = Signal(object, object)  # school id, period code: show that history in «Пакеты»
    title = "Свод"

    def __init__(self, *, runner: Any, parent: QWidget | None = None, today: dt.date | None = None) -> None:
        super().__init__(runner=runner, parent=parent)
        self.today = today
        self.data: SummaryData | None = None
        self.user_period = False
        self.folder = str(Path.home())
        self.last_dialog: Any = None
        self._generation = 0
        self.period_box = QComboBox(self)
        self.period_box.setMinimumContentsLength(22)
        self.period_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.period_box.setToolTip(PERIOD_TIP)
        self.counts_label = QLabel(self)
        self.deadline_label = QLabel(self)
        self.deadline_label.setStyleSheet("color: #555555;")
        self.matrix_model = StatusModel(self)
        self.matrix_view = make_view(self.matrix_model, self, MATRIX_WIDTHS)
        for column, sample in MATRIX_SAMPLES.items():
            self.matrix_view.horizontalHeader().resizeSection(
                column, self.matrix_view.fontMetrics().horizontalAdvance(sample) + 20)
        self.indicators_model = SchoolIndicatorsModel(self)
        self.indicators_view = make_view(self.indicators_model, self, INDICATOR_FIXED_WIDTHS)
        header = self.indicators_view.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
                                   | Qt.TextFlag.TextWordWrap)
        header.setStretchLastSection(False)
        self.values_delegate = TwoLineValues(self.indicators_view)
        self.indicators_view.verticalHeader().setDefaultSectionSize(2 * self.indicators_view.fontMetrics().height()
                                                                    + 8)
        self.totals_model = TotalsModel(self)
        self.totals_view = make_view(self.totals_model, self, TOTAL_WIDTHS, None)
        self.totals_view.setWordWrap(True)
        self.totals_view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.trend_panel = TrendPanel(self)
        for view in (self.matrix_view, self.indicators_view):
            view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
            view.setToolTip("Двойной щелчок или Enter — подробно об организации")
            view.doubleClicked.connect(lambda index, v=view: self.open_row(v, index.row()))
            view.installEventFilter(self)
        self.pages = QTabWidget(self)
        self.pages.addTab(self.matrix_view, PAGES[0])
        self.pages.addTab(self.indicators_view, PAGES[1])
        totals_page = QWidget(self)
        caption = QLabel(TOTALS_CAPTION, totals_page)
        caption.setWordWrap(True)
        totals_layout = QVBoxLayout(totals_page)
        totals_layout.setContentsMargins(0, 6, 0, 0)
        totals_layout.addWidget(caption)
        totals_layout.addWidget(self.totals_view, 1)
        self.pages.addTab(totals_page, PAGES[2])
        self.pages.addTab(self.trend_panel, PAGES[3])
        top = QHBoxLayout()
        top.addWidget(QLabel("Квартал:", self))
        top.addWidget(self.period_box)
        top.addSpacing(16)
        top.addWidget(self.counts_label)
        top.addStretch(1)
        top.addWidget(self.deadline_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(self.pages, 1)
        self.fill_periods()
        self.period_box.currentIndexChanged.connect(self._period_chosen)

    # -- period ----------------------------------------------------------------
    def current_day(self) -> dt.date:
        return self.today or dt.date.today()

    def fill_periods(self) -> None:
        from app.periods import quarter_of
        from ui.monitoring.monitoring_tab import period_choices

        self.period_box.blockSignals(True)
        self.period_box.clear()
        for period in period_choices("quarter", self.current_day()):
            self.period_box.addItem(period.title, period.code)
        guess = previous_quarter(quarter_of(self.current_day())).code  # until the calendar is read
        self.period_box.setCurrentIndex(max(self.period_box.findData(guess), 0))
        self.period_box.blockSignals(False)

    def period(self) -> Any:
        from app.periods import parse_period

        return parse_period(self.period_box.currentData())

    def set_period(self, code: str) -> None:
        """Choose a quarter by code (as if the user did); unknown codes are ignored."""
        index = self.period_box.findData(code)
        if index >= 0:
            self.user_period = True
            if index == self.period_box.currentIndex():
                self.reload()
            else:
                self.period_box.setCurrentIndex(index)

    def _period_chosen(self) -> None:
        self.user_period = True
        self.reload()

    # -- loading ---------------------------------------------------------------
    def set_database(self, db: Any) -> None:
        self.user_period = False
        self.data = None
        super().set_database(db)

    def reload(self) -> None:
        """Read the chosen (or default) quarter in the background; a newer reload wins."""
        if self.db is None:
            return
        self._generation += 1
        generation, db, today = self._generation, self.db, self.current_day()
        code = self.period_box.currentData() if self.user_period else None

        def work(_progress: Any) -> SummaryData:
            from app.municipality.consolidate import deadline_of
            from app.periods import parse_period, quarter_of
            from ui.municipality.summary_models import load_summary

            with db.session() as session:
                if code:
                    period = parse_period(code)
                else:
                    period = default_period(today=today,
                                            current_deadline=deadline_of(session, period=quarter_of(today)))
                return load_summary(session, period=period, today=today)

        def done(data: SummaryData) -> None:
            if generation == self._generation:
                self.set_data(data)

        self.runner.run(work, on_done=done, on_error=self.load_failed.emit)

    def set_data(self, data: SummaryData) -> None:
        from app.text import format_date

        self.data = data
        index = self.period_box.findData(data.period.code)
        if index >= 0 and index != self.period_box.currentIndex():
            self.period_box.blockSignals(True)
            self.period_box.setCurrentIndex(index)
            self.period_box.blockSignals(False)
        self.matrix_model.set_rows(data.statuses)
        reported = [t.code for t in data.totals if t.reported]
        codes = reported or [t.code for t in data.totals]
        self.indicators_model.set_data(codes=codes, titles={t.code: t.title for t in data.totals},
                                       rows=data.schools)
        header = self.indicators_view.horizontalHeader()
        metrics = self.indicators_view.fontMetrics()
        model = self.indicators_model
        for n in range(len(INDICATOR_FIXED_WIDTHS), model.columnCount()):
            self.indicators_view.setItemDelegateForColumn(n, self.values_delegate)
            texts = [part for r in range(model.rowCount())
                     for part in str(model.data(model.index(r, n))).split(" (", 1)]  # two lines, see TwoLineValues
            texts += re.split(r"(?<=-)|\s+", str(model.COLUMNS[n]))  # the header wraps between words
            width = max((metrics.horizontalAdvance(t) for t in texts), default=0) + 18
            header.resizeSection(n, max(INDICATOR_MIN_WIDTH, min(width, INDICATOR_MAX_WIDTH)))
        self._fit_header_height(header)
        self.totals_model.set_rows(data.totals)
        self.trend_panel.set_data(periods=data.trend_periods, lines=data.trend,
                                  titles={t.code: t.title for t in data.totals})
        if data.statuses:
            self.counts_label.setText(counts_line(data.statuses))
        else:
            self.counts_label.setText("В реестре нет организаций — добавьте их на вкладке «Организации»")
        self.deadline_label.setText(f"Срок сдачи: {format_date(data.deadline)}" if data.deadline else
                                    "Срок сдачи не установлен («Сервис → Сроки сдачи отчётов…»)")
        self.counts_changed.emit()

    def _fit_header_height(self, header: QHeaderView) -> None:
        """Indicator headers wrap: make the header as tall as its longest wrapped title."""
        from PySide6.QtCore import QRect

        metrics = header.fontMetrics()
        lines = max((metrics.boundingRect(QRect(0, 0, header.sectionSize(n) - 10, 1000), int(
            Qt.TextFlag.TextWordWrap), str(self.indicators_model.COLUMNS[n])).height()
            for n in range(self.indicators_model.columnCount())), default=metrics.height())
        header.setFixedHeight(max(lines, metrics.height()) + 8)

    def counts_text(self) -> str:
        if self.data is None:
            return ""
        reported = sum(1 for s in self.data.statuses if s.reported)
        return f"{self.data.period.title}: сдали {reported} из {len(self.data.statuses)}"

    def focus_search(self) -> None:
        self.period_box.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # -- drill-down ------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if (event.type() == QEvent.Type.KeyPress and watched in (self.matrix_view, self.indicators_view)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):
            index = watched.currentIndex()
            if index.isValid():
                self.open_row(watched, index.row())
                return True
        return super().eventFilter(watched, event)

    def open_row(self, view: QTableView, row: int) -> None:
        school_id = view.model().school_id_at(row)
        if school_id is not None:
            self.open_detail(school_id)

    def open_detail(self, school_id: int) -> None:
        """Load the school's quarter in the background, then show the drill-down dialog."""
        if self.db is None:
            return
        db, period, today = self.db, self.period(), self.current_day()

        def work(_progress: Any) -> Any:
            from app.municipality.consolidate import school_detail

            with db.session() as session:
                return school_detail(session, school_id=school_id, period=period, today=today)

        self.runner.run(work, on_done=lambda detail: self.show_detail(detail, period),
                        on_error=lambda exc: messages.show_error(self, exc, title="Организация"))

    def show_detail(self, detail: Any, period: Any) -> Any:
        from ui.municipality.school_detail_dialog import SchoolDetailDialog

        dialog = SchoolDetailDialog(self, detail=detail, period=period, db=self.db, runner=self.runner,
                                    folder=self.folder)
        dialog.history_requested.connect(lambda school_id, code: self.open_packages.emit(school_id, code))
        dialog.status_message.connect(self.status_message.emit)
        self.last_dialog = dialog
        try:
            run_dialog(dialog)
        finally:
            self.folder = dialog.folder
            dialog.deleteLater()
        return dialog

    # -- exports ---------------------------------------------------------------
    def export_xlsx(self) -> None:
        """«Свод_<YYYY>-Q<n>.xlsx»: the consolidated report of the chosen quarter, written in the background."""
        if self.db is None:
            return
        period = self.period()
        path = ask_xlsx_path(self, str(Path(self.folder) / f"Свод_{period.code}.xlsx"))
        if path is None:
            return
        self.folder = str(path.parent)
        db, today = self.db, self.current_day()

        def work(_progress: Any) -> Path:
            from app.municipality.report_xlsx import write_report_xlsx

            with db.session() as session:
                return write_report_xlsx(session, period=period, path=path, today=today)

        self.runner.run(work, on_done=lambda p: self.status_message.emit(
                            f"Сводный отчёт за {period.title} сохранён: {p}"),
                        on_error=lambda exc: messages.show_error(self, exc, title="Сводный отчёт"),
                        title="Формирование сводного отчёта…", parent=self)

    def export_note(self) -> None:
        """The «Информационная справка» of the chosen quarter, rendered in the background and previewed."""
        if self.db is None:
            return
        from ui import pdf_preview

        period = self.period()
        path, db, today = pdf_preview.preview_dir() / f"Справка_{period.code}.pdf", self.db, self.current_day()
        title = f"Информационная справка за {period.title}"

        def work(_progress: Any) -> Path:
            from app.documents.municipal_note import render_municipal_note

            with db.session() as session:
                return render_municipal_note(session, period=period, path=path, today=today)

        def done(written: Path) -> None:
            self.status_message.emit(f"Справка за {period.title} сформирована")
            pdf_preview.show_pdf(self, path=written, title=title)

        self.runner.run(work, on_done=done, on_error=lambda exc: messages.show_error(self, exc, title="Справка"),
                        title="Формирование справки…", parent=self)

    # -- state -----------------------------------------------------------------
    def save_state(self, settings: QSettings) -> None:
        """Inner tab, the matrix columns, the trend indicator, the last folder (the quarter is chosen afresh)."""
        settings.setValue("municipality/summary/page", self.pages.currentIndex())
        settings.setValue("municipality/summary/matrix", self.matrix_view.horizontalHeader().saveState())
        settings.setValue("municipality/summary/trend", self.trend_panel.current_code())
        settings.setValue("municipality/summary/folder", self.folder)

    def restore_state(self, settings: QSettings) -> None:
        try:
            page = int(settings.value("municipality/summary/page", 0))
        except (TypeError, ValueError):
            page = 0
        self.pages.setCurrentIndex(page if 0 <= page < self.pages.count() else 0)
        state = settings.value("municipality/summary/matrix")
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.matrix_view.horizontalHeader().restoreState(state)
        code = settings.value("municipality/summary/trend", "")
        if isinstance(code, str) and code:
            self.trend_panel.wanted = code
            self.trend_panel.set_current_code(code)
        folder = settings.value("municipality/summary/folder", "")
        if isinstance(folder, str) and folder and Path(folder).is_dir():
            self.folder = folder


__all__ = ["PAGES", "SummaryTab", "ask_xlsx_path", "default_period", "run_dialog"]
