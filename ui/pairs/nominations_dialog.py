"""«Номинации»: candidates for «Наставник года» and «Лучшая пара» of a year, export, letters and certificates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QPushButton, QTableView,
                               QTabWidget, QVBoxLayout, QWidget)

from app.nominations import MentorCandidate, Nominations, PairCandidate
from app.survey_analytics import format_number, format_pct
from app.text import fold, format_date
from ui import file_dialogs, messages, pdf_preview
from ui.pairs.models import RowsModel
from ui.pairs.views import make_view
from ui.widgets import fit_to_screen


# widths for a 1366 px screen (the dialog is ~1250 px): no sideways scrolling, the last column stretches
MENTOR_WIDTHS = (60, 200, 50, 95, 75, 60, 135, 145, 130, 125, 120)
PAIR_WIDTHS = (60, 210, 50, 105, 100, 60, 120, 75, 95, 105, 105, 100)


def fit_columns(view: QTableView, *, stretch: int, cap: int = 280) -> None:
    """Columns as wide as their contents (at most ``cap`` px; the full text is in the cell tooltip), the long-text
    column ``stretch`` taking the rest — key columns are never cut while an empty one is wide. When the contents
    are wider than the table, the wide columns give way proportionally (never below their title): no sideways
    scrolling. Refitted whenever the table is resized."""
    from PySide6.QtWidgets import QHeaderView

    header = view.horizontalHeader()
    header.setStretchLastSection(False)
    model, metrics = view.model(), header.fontMetrics()
    wants: dict[int, tuple[int, int]] = {}
    for column in range(model.columnCount()):
        if column == stretch:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
            continue
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        title = metrics.horizontalAdvance(str(model.headerData(column, Qt.Orientation.Horizontal) or "")) + 20
        wants[column] = (title, min(max(view.sizeHintForColumn(column), title), cap))  # + room for the sort arrow
    stretch_title = metrics.horizontalAdvance(str(model.headerData(stretch, Qt.Orientation.Horizontal) or ""))
    room = view.viewport().width() - max(90, stretch_title + 30) if view.isVisible() else 0
    excess = sum(w for _t, w in wants.values()) - room
    give = {c: w - t for c, (t, w) in wants.items() if w > t}
    if room > 0 and excess > 0 and sum(give.values()):
        share = min(1.0, excess / sum(give.values()))
        wants = {c: (t, w - int(give.get(c, 0) * share + 0.999)) for c, (t, w) in wants.items()}
    for column, (_title, width) in wants.items():
        header.resizeSection(column, width)
    if view.property("fitColumns") is None:
        view.installEventFilter(_REFIT)
    view.setProperty("fitColumns", (stretch, cap))


class _Refit(QObject):
    """Refits a table's columns (see fit_columns) when the table is shown or resized."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Show) and isinstance(watched, QTableView):
            stretch, cap = watched.property("fitColumns")
            # after the event: at a Resize the viewport still has its old width
            QTimer.singleShot(0, watched, lambda: watched.isVisible() and fit_columns(watched, stretch=stretch, cap=cap))
        return False


_REFIT = _Refit()


def ask_xlsx_path(parent: QWidget, default: str) -> Path | None:
    """The save dialog for the workbook; tests replace this."""
    path, _filter = file_dialogs.getSaveFileName(parent, "Экспорт номинаций", default, "Excel (*.xlsx)")
    if not path:
        return None
    return Path(path) if path.lower().endswith(".xlsx") else Path(path + ".xlsx")


def _feedback(share: float | None, given: int, needed: int) -> str:
    return "нет рабочих встреч" if share is None else f"{format_pct(share * 100)} ({given} из {needed})"


class RankedModel(RowsModel):
    """Candidates with a «Место» column (ties share a place) and header tooltips for the short titles."""

    TOOLTIPS: tuple[str, ...] = ()
    FIRST = QColor("#e8f3e0")

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and orientation == Qt.Orientation.Horizontal:
            return self.TOOLTIPS[section] if 0 <= section < len(self.TOOLTIPS) and self.TOOLTIPS[section] else None
        return super().headerData(section, orientation, role)

    def winner_style(self, row: Any, role: int) -> Any:
        if role == Qt.ItemDataRole.BackgroundRole and row.place == 1 and self._sort[0] in (0, 2):
            return self.FIRST
        return None


class MentorModel(RankedModel):
    """«Наставник года» candidates; numbers sort as numbers; the best (place 1) on pale green."""

    COLUMNS = ("Место", "Наставник", "Балл", "Пар и групп", "Наставл.", "Встреч", "Обратная связь",
               "Удовлетворённость", "Завершено", "Результаты", "Обучение")
    TOOLTIPS = ("Место по баллу: при равном балле место общее", "", "Балл по формуле под таблицей",
                "Пар и групп за учебный год", "Наставляемых за учебный год", "Встреч за учебный год",
                "Доля рабочих встреч с обратной связью от обеих сторон",
                "Удовлетворённость наставляемых по анкетам, % (число анкет)",
                "Завершено пар за год (из них с описанными результатами)", "Результаты завершённых пар",
                "Обучение наставников («Школа наставников»): дата, документ")

    def cells(self, row: MentorCandidate) -> tuple[str, ...]:
        sat = "—" if row.satisfaction is None else f"{format_pct(row.satisfaction)} (анкет: {row.satisfaction_n})"
        return (str(row.place), row.name, format_number(row.score), str(row.groups), str(row.mentees),
                str(row.meetings), _feedback(row.feedback_share, row.feedback_given, row.feedback_needed), sat,
                f"{row.completed} (с результатами: {row.completed_with_results})" if row.completed else "—",
                "; ".join(r.replace("\n", "; ") for r in row.results), row.training or "нет")

    def sort_key(self, row: MentorCandidate, column: int) -> Any:
        numbers = {0: (row.place, fold(row.name)), 2: row.score, 3: row.groups, 4: row.mentees, 5: row.meetings,
                   6: row.feedback_share or -1, 7: row.satisfaction if row.satisfaction is not None else -1,
                   8: row.completed}
        return numbers.get(column, fold(self.cells(row)[column]))

    def style(self, row: MentorCandidate, role: int) -> Any:
        return self.winner_style(row, role)


class PairModel(RankedModel):
    """«Лучшая пара» candidates."""

    COLUMNS = ("Место", "Пара / группа", "Балл", "Форма", "Статус", "Встреч", "Обратная связь", "Отступл.",
               "Наставл., %", "Наставник, %", "Итог. встреча", "Результаты")
    TOOLTIPS = ("Место по баллу: при равном балле место общее", "", "Балл по формуле под таблицей", "", "",
                "Встреч за учебный год", "Доля рабочих встреч с обратной связью от обеих сторон",
                "Отступления от последовательности встреч", "Удовлетворённость наставляемых по анкетам, %",
                "Удовлетворённость наставника по анкетам, %", "Проведена ли итоговая встреча",
                "Результаты завершённой пары")

    def cells(self, row: PairCandidate) -> tuple[str, ...]:
        from app.schemas import GROUP_STATUSES

        status = GROUP_STATUSES.get(row.status, row.status)
        if row.completed and row.end_date:
            status += f" {format_date(row.end_date)}"
        return (str(row.place), f"№ {row.group_id}: {row.label}", format_number(row.score), row.form, status,
                str(row.meetings), _feedback(row.feedback_share, row.feedback_given, row.feedback_needed),
                str(row.warnings), "—" if row.mentee_satisfaction is None else format_pct(row.mentee_satisfaction),
                "—" if row.mentor_satisfaction is None else format_pct(row.mentor_satisfaction),
                "да" if row.final_meeting else "нет", row.results.replace("\n", "; "))

    def sort_key(self, row: PairCandidate, column: int) -> Any:
        numbers = {0: (row.place, fold(row.label)), 2: row.score, 5: row.meetings, 6: row.feedback_share or -1,
                   7: row.warnings, 8: row.mentee_satisfaction if row.mentee_satisfaction is not None else -1,
                   9: row.mentor_satisfaction if row.mentor_satisfaction is not None else -1}
        return numbers.get(column, fold(self.cells(row)[column]))

    def style(self, row: PairCandidate, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and row.warning_texts:
            return "Отступления:\n" + "\n".join(row.warning_texts)
        return self.winner_style(row, role)


class NominationsDialog(QDialog):
    """Two tabs over ``app.nominations.build_nominations`` for the chosen academic year."""

    def __init__(self, parent: QWidget | None, *, db: Any, today: dt.date | None = None) -> None:
        super().__init__(parent)
        from app.nominations import available_years

        self.db, self.today = db, today
        self.report: Nominations | None = None
        self.setWindowTitle("Номинации «Наставник года» и «Лучшая пара»")
        self.year = QComboBox(self)
        with db.session() as session:
            for code in available_years(session, today=today):
                self.year.addItem(f"{code} учебный год", code)
        self.mentor_model, self.pair_model = MentorModel(self), PairModel(self)
        # best first = «Место» ascending: the arrow means the same as in every other list of the program
        by_place = (0, Qt.SortOrder.AscendingOrder)
        self.mentor_view = make_view(self.mentor_model, self, MENTOR_WIDTHS, by_place)
        self.pair_view = make_view(self.pair_model, self, PAIR_WIDTHS, by_place)
        for view, long_text in ((self.mentor_view, MentorModel.COLUMNS.index("Результаты")),
                                (self.pair_view, PairModel.COLUMNS.index("Результаты"))):
            view.model().modelReset.connect(lambda v=view, c=long_text: fit_columns(v, stretch=c))
            view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
            view.selectionModel().selectionChanged.connect(lambda *_: self.update_buttons())
            view.model().modelReset.connect(self.update_buttons)
        self.mentor_formula, self.pair_formula = QLabel(self), QLabel(self)
        for label in (self.mentor_formula, self.pair_formula):
            label.setWordWrap(True)
            label.setStyleSheet("color: palette(mid);")
        self.tabs = QTabWidget(self)
        for title, view, formula in (("Наставник года", self.mentor_view, self.mentor_formula),
                                     ("Лучшая пара", self.pair_view, self.pair_formula)):
            page = QWidget(self)
            box = QVBoxLayout(page)
            box.addWidget(view, 1)
            box.addWidget(formula)
            self.tabs.addTab(page, title)
        self.export_button = QPushButton("Экспорт в Excel…", self)
        self.letter_button = QPushButton("Благодарственное письмо…", self)
        self.certificate_button = QPushButton("Сертификат…", self)
        self.export_button.clicked.connect(lambda: self.export())
        self.letter_button.clicked.connect(lambda: self.mentor_letter())
        self.certificate_button.clicked.connect(lambda: self.pair_certificate())
        self.tabs.currentChanged.connect(lambda _i: self.update_buttons())
        self.year.currentIndexChanged.connect(lambda _i: self.reload())
        top = QHBoxLayout()
        top.addWidget(QLabel("Учебный год", self))
        top.addWidget(self.year)
        top.addStretch(1)
        bottom = QHBoxLayout()
        for b in (self.export_button, self.letter_button, self.certificate_button):
            bottom.addWidget(b)
        bottom.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, parent=self)
        close.button(QDialogButtonBox.StandardButton.Close).setText("Закрыть")
        close.rejected.connect(self.reject)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)
        fit_to_screen(self, 1250, 640)
        self.reload()

    def year_code(self) -> str:
        return self.year.currentData() or ""

    def reload(self) -> None:
        from app.nominations import build_nominations

        if not self.year_code():
            return
        try:
            with self.db.session() as session:
                self.report = build_nominations(session, year=self.year_code(), today=self.today)
        except Exception as exc:  # noqa: BLE001
            messages.show_error(self, exc)
            return
        self.mentor_model.set_rows(self.report.mentors)
        self.pair_model.set_rows(self.report.pairs)
        self.mentor_formula.setText(self.report.mentor_formula)
        self.pair_formula.setText(self.report.pair_formula)
        for view in (self.mentor_view, self.pair_view):
            if view.model().rowCount():
                view.selectRow(0)
        self.update_buttons()

    def _selected(self, view: QTableView) -> Any:
        rows = view.selectionModel().selectedRows()
        return view.model().row_at(rows[0].row()) if rows else None

    def update_buttons(self) -> None:
        mentors = self.tabs.currentIndex() == 0
        self.letter_button.setVisible(mentors)
        self.certificate_button.setVisible(not mentors)
        self.letter_button.setEnabled(self._selected(self.mentor_view) is not None)
        self.certificate_button.setEnabled(self._selected(self.pair_view) is not None)
        self.export_button.setEnabled(self.report is not None)

    def export(self) -> Path | None:
        from app.nominations_xlsx import write_nominations_xlsx

        if self.report is None:
            return None
        path = ask_xlsx_path(self, f"Номинации {self.year_code().replace('/', '-')}.xlsx")
        if path is None:
            return None
        try:
            write_nominations_xlsx(self.report, path=path)
        except Exception as exc:  # noqa: BLE001
            messages.show_error(self, exc, title="Файл не сохранён")
            return None
        messages.inform(self, title="Экспорт", text=f"Сохранено: {path}")
        return path

    def mentor_letter(self) -> Path | None:
        row = self._selected(self.mentor_view)
        if row is None:
            return None
        from app.documents.certificates import mentor_letter_context

        return show_certificate(self, self.db, lambda s: mentor_letter_context(
            s, mentor_id=row.mentor_id, year=self.year_code(), today=self.today))

    def pair_certificate(self) -> Path | None:
        row = self._selected(self.pair_view)
        if row is None:
            return None
        from app.documents.certificates import pair_certificate_context

        return show_certificate(self, self.db, lambda s: pair_certificate_context(
            s, group_id=row.group_id, today=self.today))


def show_certificate(parent: QWidget, db: Any, make_context: Any) -> Path | None:
    """Render a letter/certificate into the preview folder and show it (print, save as…)."""
    from app.documents.certificates import write_certificate

    try:
        with db.session() as session:
            context = make_context(session)
        path = pdf_preview.preview_dir() / pdf_preview.safe_file_name(f"{context.title}.pdf")
        write_certificate(context, path=path)
    except Exception as exc:  # noqa: BLE001
        messages.show_error(parent, exc)
        return None
    pdf_preview.show_pdf(parent, path=path, title=context.title)
    return path


__all__ = ["MentorModel", "NominationsDialog", "PairModel", "ask_xlsx_path", "show_certificate"]
