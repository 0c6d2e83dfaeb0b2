"""«Аналитика анкет»: filters, per-question results, satisfaction by both methods, pre vs post, charts, exports."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDialog, QHBoxLayout, QLabel, QPushButton,
                               QSplitter, QTableView, QTabWidget, QVBoxLayout, QWidget)

from app.text import format_date
from ui import file_dialogs, messages, pdf_preview
from ui.people.person_form import STYLE, date_field
from ui.surveys.charts import BLUE, GREY, ORANGE, chart_view, set_bars
from ui.widgets import fit_to_screen

Index = QModelIndex | QPersistentModelIndex
QUESTION_COLUMNS = ("Анкета", "№", "Вопрос", "Тип", "Ответили", "Среднее", "«Да»", "Распределение / ответы")
QUESTION_WIDTHS = (230, 32, 420, 90, 75, 70, 65, 260)
DASH = "—"
PRE_POST_COLUMNS = ("№", "Респонденты", "Показатель", "До", "После", "Изменение", "Ответов до / после",
                    "Ответили оба раза", "Изменение у них")
PRE_POST_WIDTHS = (32, 110, 420, 55, 55, 85, 130, 135, 110)
FORM_COLUMNS = ("Форма наставничества", "Ответов", "Наставляемые: по среднему", "Наставляемые: доля ≥ 7",
                "Наставники: по среднему", "Наставники: доля ≥ 7")
ROLES = (("", "все респонденты"), ("mentee", "наставляемые"), ("mentor", "наставники"))
TYPE_SHORT = {"scale": "шкала", "yesno": "да / нет", "choice": "выбор", "text": "открытый"}


class TextModel(QAbstractTableModel):
    """Read-only rows of strings with a payload per row; numeric columns are right-aligned."""

    def __init__(self, columns: tuple[str, ...], numeric: tuple[int, ...] = (), parent: Any = None) -> None:
        super().__init__(parent)
        self.columns, self.numeric = columns, numeric
        self.rows: list[tuple[str, ...]] = []
        self.payload: list[Any] = []

    def set_rows(self, rows: list[tuple[str, ...]], payload: list[Any] | None = None) -> None:
        self.beginResetModel()
        self.rows, self.payload = rows, payload if payload is not None else [None] * len(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        text = self.rows[index.row()][index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return text
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in self.numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self.columns):
            return self.columns[section]
        return None


def _table(model: TextModel, widths: tuple[int, ...], parent: QWidget) -> QTableView:
    view = QTableView(parent)
    view.setModel(model)
    view.setAlternatingRowColors(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 6)
    view.setWordWrap(False)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    view.horizontalHeader().setStretchLastSection(True)
    for column, width in enumerate(widths):
        view.setColumnWidth(column, width)
    return view


def ask_xlsx_path(parent: QWidget, default: str) -> Path | None:
    """The save-file dialog of the export (tests replace this)."""
    path, _filter = file_dialogs.getSaveFileName(parent, "Экспорт анкет в Excel", default, "Excel (*.xlsx)")
    if not path:
        return None
    return Path(path) if path.lower().endswith(".xlsx") else Path(path + ".xlsx")


def school_year_start(today: dt.date) -> dt.date:
    """1 September of the academic year ``today`` belongs to."""
    return dt.date(today.year if today.month >= 9 else today.year - 1, 9, 1)


class AnalyticsDialog(QDialog):
    """Survey analytics over ``db``: loads once through the runner, recomputes on every filter change."""

    def __init__(self, parent: QWidget | None, *, db: Any, template_id: int | None = None,
                 runner: Any = None) -> None:
        super().__init__(parent)
        from ui.tasks import TaskRunner

        self.db = db
        self.runner = runner or getattr(parent, "runner", None) or TaskRunner(self)
        self.data: Any = None
        self.report: Any = None
        self.initial_template = template_id
        self.setWindowTitle("Аналитика анкет")
        self.setStyleSheet(STYLE)
        fit_to_screen(self, 1180, 780)
        self.template_box, self.form_box, self.role_box = QComboBox(self), QComboBox(self), QComboBox(self)
        self.template_box.setMinimumWidth(280)
        self.form_box.setMinimumWidth(200)
        for code, label in ROLES:
            self.role_box.addItem(label, code or None)
        self.date_from, self.date_to = date_field(), date_field()
        self.satisfaction_label = QLabel(self)
        self.satisfaction_label.setTextFormat(Qt.TextFormat.RichText)
        self.satisfaction_label.setWordWrap(True)
        self.summary_label = QLabel(self)
        self.status_label = QLabel(self)
        self.status_label.setWordWrap(True)
        self.question_model = TextModel(QUESTION_COLUMNS, (1, 4, 5, 6), self)
        self.pre_post_model = TextModel(PRE_POST_COLUMNS, (3, 4, 5, 6, 7, 8), self)
        self.form_model = TextModel(FORM_COLUMNS, (1, 2, 3, 4, 5), self)
        self.question_view = _table(self.question_model, QUESTION_WIDTHS, self)
        self.pre_post_view = _table(self.pre_post_model, PRE_POST_WIDTHS, self)
        self.form_view = _table(self.form_model, (260, 80, 190, 170, 180, 160), self)
        self.question_view.selectionModel().currentRowChanged.connect(lambda *_: self.update_distribution())
        self.distribution_view = chart_view(self, "Распределение ответов")
        self.pre_post_chart = chart_view(self, "Средние баллы до и после")
        self.export_button = QPushButton("Экспорт в Excel…", self)
        self.note_button = QPushButton("Аналитическая справка (PDF)…", self)
        self.note_button.setToolTip("Справка по всей организации (все формы и анкеты) за выбранный период")
        self.close_button = QPushButton("Закрыть", self)
        for button, slot in ((self.export_button, self.export_xlsx), (self.note_button, self.analytic_note),
                             (self.close_button, self.reject)):
            button.setAutoDefault(False)
            button.clicked.connect(lambda _checked=False, slot=slot: slot())
        self._layout()
        for box in (self.template_box, self.form_box, self.role_box):
            box.currentIndexChanged.connect(lambda *_: self.refresh())
        for field in (self.date_from, self.date_to):
            field.changed.connect(self.refresh)
        self.set_enabled(False)
        self.load()

    def _layout(self) -> None:
        filters = QHBoxLayout()
        for label, widget in (("Анкета:", self.template_box), ("Форма:", self.form_box),
                              ("Период с", self.date_from), ("по", self.date_to), ("Кто отвечал:", self.role_box)):
            filters.addWidget(QLabel(label, self))
            filters.addWidget(widget)
        filters.addStretch(1)
        tabs = QTabWidget(self)
        questions = QSplitter(Qt.Orientation.Vertical, self)
        questions.addWidget(self.question_view)
        questions.addWidget(self.distribution_view)
        questions.setSizes([330, 260])
        pre_post = QSplitter(Qt.Orientation.Vertical, self)
        pre_post.addWidget(self.pre_post_view)
        pre_post.addWidget(self.pre_post_chart)
        pre_post.setSizes([250, 300])
        tabs.addTab(questions, "Вопросы")
        tabs.addTab(pre_post, "До и после")
        tabs.addTab(self.form_view, "По формам наставничества")
        self.tabs = tabs
        bottom = QHBoxLayout()
        bottom.addWidget(self.export_button)
        bottom.addWidget(self.note_button)
        bottom.addWidget(self.status_label, 1)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.satisfaction_label)
        layout.addWidget(self.summary_label)
        layout.addWidget(tabs, 1)
        layout.addLayout(bottom)

    def set_enabled(self, enabled: bool) -> None:
        for widget in (self.export_button, self.note_button, self.template_box, self.form_box, self.role_box):
            widget.setEnabled(enabled)

    # -- loading and filtering -------------------------------------------------------------------------------
    def load(self) -> None:
        from app.survey_analytics import load_data

        db = self.db

        def work(progress: Any) -> Any:
            with db.session() as session:
                return load_data(session)

        self.status_label.setText("Загрузка ответов…")
        self.runner.run(work, on_done=self.loaded, on_error=self.failed)

    def failed(self, exc: BaseException) -> None:
        self.status_label.setText(messages.error_text(exc))

    def loaded(self, data: Any) -> None:
        self.data = data
        self.status_label.setText("")
        blockers = [self.template_box.blockSignals(True), self.form_box.blockSignals(True)]
        self.template_box.clear()
        self.template_box.addItem("Все анкеты", None)
        for t in sorted(data.templates.values(), key=lambda t: t.id):
            self.template_box.addItem(t.title, t.id)
        index = self.template_box.findData(self.initial_template)
        self.template_box.setCurrentIndex(max(index, 0))
        self.form_box.clear()
        self.form_box.addItem("Все формы", None)
        for form in sorted({r.group_form for r in data.rows if r.group_form}):
            self.form_box.addItem(form, form)
        self.template_box.blockSignals(blockers[0])
        self.form_box.blockSignals(blockers[1])
        self.set_enabled(True)
        self.refresh()

    def _date(self, field: Any) -> dt.date | None:
        try:
            value = field.date()
        except ValueError:
            value = None
            field.edit.setProperty("invalid", True)
        else:
            field.edit.setProperty("invalid", False)
        field.edit.style().unpolish(field.edit)
        field.edit.style().polish(field.edit)
        return value

    def current_filter(self) -> Any:
        from app.survey_analytics import AnalyticsFilter

        return AnalyticsFilter(template_id=self.template_box.currentData(), form=self.form_box.currentData(),
                               date_from=self._date(self.date_from), date_to=self._date(self.date_to),
                               respondent_role=self.role_box.currentData())

    def refresh(self) -> None:
        """Recompute the report for the filters (pure Python over the loaded rows) and show it."""
        if self.data is None:
            return
        from app.survey_analytics import build_report

        self.report = build_report(self.data, self.current_filter())
        self._show_satisfaction()
        self._show_questions()
        self._show_pre_post()
        self._show_forms()

    # -- showing -------------------------------------------------------------------------------------------------
    def _show_satisfaction(self) -> None:
        from app.survey_analytics import METHODS, format_pct

        r = self.report
        lines = ["<b>Уровень удовлетворённости</b> (по итоговым анкетам, а если их нет за период — по анкетам "
                 "обратной связи):"]
        for title, s in (("Наставляемые", r.mentee), ("Наставники", r.mentor)):
            parts = []
            for method in METHODS:
                pct = s.mean_pct if method == "mean" else s.share7_pct
                text = f"{format_pct(pct)} {'по среднему баллу' if method == 'mean' else 'доля оценок ≥ 7'}"
                if method == s.chosen_method:
                    text = f"<b>{text}</b> <span style='color:#2e7d32'>(используется для показателей)</span>"
                parts.append(text)
            used = f" ({', '.join(s.templates)})" if s.templates else ""
            lines.append(f"{title}: {' · '.join(parts)} · ответов: {s.n}{used}")
        self.satisfaction_label.setText("<br>".join(lines))
        self.summary_label.setText(f"Ответов по выбранным анкетам: {r.responses}. Удовлетворённость, «до — после» и "
                                   "разбивка по формам считаются по всем анкетам за период.")

    def _show_questions(self) -> None:
        from app.survey_analytics import format_number, format_pct

        rows, payload = [], []
        for t in self.report.templates:
            for n, q in enumerate(t.questions, start=1):
                if q.type == "text":
                    spread = " | ".join(q.open_answers)
                else:
                    spread = "; ".join(f"{label}: {count}" for label, count in q.distribution if count)
                kind = f"шкала 1–{q.max}" if q.type == "scale" else TYPE_SHORT.get(q.type, q.type)
                mean = (format_number(q.mean, 2) if q.mean is not None else DASH) if q.type == "scale" else ""
                yes = (format_pct(q.yes_pct) if q.yes_pct is not None else DASH) if q.type == "yesno" else ""
                rows.append((t.title, str(n), q.text, kind, str(q.answered), mean, yes, spread))
                payload.append(q)
        self.question_model.set_rows(rows, payload)
        self.question_view.setColumnHidden(0, len(self.report.templates) < 2)  # one template: its title is above
        chosen = next((i for i, q in enumerate(payload) if q.key == "satisfaction" and q.type == "scale"),
                      next((i for i, q in enumerate(payload) if q.type != "text"), None))
        if chosen is not None:
            self.question_view.selectRow(chosen)
        self.update_distribution()

    def selected_question(self) -> Any:
        index = self.question_view.currentIndex()
        if not index.isValid():
            return None
        return self.question_model.payload[index.row()]

    def update_distribution(self) -> None:
        q = self.selected_question()
        chart = self.distribution_view.chart()
        if q is None or q.type == "text":
            set_bars(chart, title="Распределение ответов (выберите вопрос со шкалой, «да / нет» или выбором)",
                     categories=[], sets=[])
            return
        set_bars(chart, title=f"Распределение ответов: {q.text}", categories=[label for label, _ in q.distribution],
                 sets=[("Ответов", [count for _, count in q.distribution], BLUE)])

    def _show_pre_post(self) -> None:
        from app.survey_analytics import ROLE_TITLES, format_number

        rows, payload = [], []
        for n, p in enumerate(self.report.pre_post, start=1):
            rows.append((str(n), ROLE_TITLES.get(p.role, p.role), p.text,
                         format_number(p.mean_pre, 2) if p.mean_pre is not None else DASH,
                         format_number(p.mean_post, 2) if p.mean_post is not None else DASH,
                         format_number(p.change, 2, sign=True) if p.change is not None else DASH,
                         f"{p.n_pre} / {p.n_post}", str(p.paired_n),
                         format_number(p.paired_change, 2, sign=True) if p.paired_n else DASH))
            payload.append(p)
        self.pre_post_model.set_rows(rows, payload)
        both = [(str(n), p) for n, p in enumerate(self.report.pre_post, start=1)
                if p.mean_pre is not None and p.mean_post is not None]
        set_bars(self.pre_post_chart.chart(), title="Средние баллы до и после (номера — по таблице)",
                 categories=[n for n, _ in both],
                 sets=[("До (входная)", [p.mean_pre for _, p in both], GREY),
                       ("После (итоговая)", [p.mean_post for _, p in both], ORANGE)],
                 value_max=10.0, integer=False)

    def _show_forms(self) -> None:
        from app.survey_analytics import format_pct

        self.form_model.set_rows([(f.form, str(f.responses), format_pct(f.mentee.mean_pct),
                                   format_pct(f.mentee.share7_pct), format_pct(f.mentor.mean_pct),
                                   format_pct(f.mentor.share7_pct)) for f in self.report.by_form])

    # -- exports -------------------------------------------------------------------------------------------------
    def export_xlsx(self) -> Path | None:
        path = ask_xlsx_path(self, f"Анкеты {format_date(dt.date.today())}.xlsx")
        if path is None:
            return None
        from app.surveys_export import write_surveys_xlsx

        db, flt = self.db, self.current_filter()

        def work(progress: Any) -> int:
            with db.session() as session:
                return write_surveys_xlsx(session, path=path, flt=flt, progress=progress)

        def done(count: int) -> None:
            self.status_label.setText(f"Сохранено ответов: {count} и сводка — «{path.name}»" if count else
                                      f"Сохранена сводка (ответов по выбранным анкетам нет) — «{path.name}»")

        self.runner.run(work, on_done=done, on_error=lambda e: messages.show_error(self, e),
                        title="Экспорт анкет…", parent=self)
        return path

    def note_period(self) -> tuple[dt.date, dt.date]:
        """The filter's period; an open end is today, an open start 1 September of the school year."""
        flt = self.current_filter()
        end = flt.date_to or dt.date.today()
        return flt.date_from or school_year_start(end), end

    def analytic_note(self) -> None:
        from app.documents.analytic_note import render_analytic_note

        start, end = self.note_period()
        name = f"Аналитическая справка {format_date(start)}–{format_date(end)}.pdf"
        path = pdf_preview.preview_dir() / pdf_preview.safe_file_name(name)
        db = self.db

        def work(progress: Any) -> Path:
            with db.session() as session:
                return render_analytic_note(session, path=path, date_from=start, date_to=end)

        def done(written: Path) -> None:
            pdf_preview.show_pdf(self, path=written, title=name.removesuffix(".pdf"))

        self.runner.run(work, on_done=done, on_error=lambda e: messages.show_error(self, e),
                        title="Подготовка справки…", parent=self)


def show_analytics(parent: QWidget | None, *, db: Any, template_id: int | None = None,
                   runner: Any = None) -> AnalyticsDialog:
    """Open the analytics window (non-modal) over ``parent``."""
    dialog = AnalyticsDialog(parent, db=db, template_id=template_id, runner=runner)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog


__all__ = ["AnalyticsDialog", "TextModel", "ask_xlsx_path", "school_year_start", "show_analytics"]
