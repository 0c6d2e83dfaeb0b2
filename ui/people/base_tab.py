"""One reusable tab for a base (mentees or mentors): search, filters, table, empty state."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QByteArray, QEvent, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QHBoxLayout, QHeaderView, QLabel,
                               QLineEdit, QPushButton, QSizePolicy, QStackedWidget, QTableView, QVBoxLayout,
                               QWidget)

from app.schemas import MENTEE_STATUSES, MENTOR_STATUSES
from ui.people.table_model import PersonTableModel

SEARCH_DEBOUNCE_MS = 150
PRESORT_FROM = 5000  # rows: below this a sort on click is instant anyway

KINDS: dict[str, dict[str, Any]] = {
    "mentees": {
        "title": "Наставляемые",
        "statuses": MENTEE_STATUSES,
        "group_label": "Все классы",
        "partner": ("С наставником", "Без наставника"),
        "partner_any": "С наставником и без",
        "empty": "База пуста. Добавьте наставляемого (Ctrl+N) или загрузите Excel (Файл → Импорт).",
        "widths": (240, 112, 110, 125, 170, 170, 120, 140, 130),
    },
    "mentors": {
        "title": "Наставники",
        "statuses": MENTOR_STATUSES,
        "group_label": "Все должности и классы",
        "partner": ("С наставляемыми", "Без наставляемых"),
        "partner_any": "С наставляемыми и без",
        "empty": "База пуста. Добавьте наставника (Ctrl+N) или загрузите Excel (Файл → Импорт).",
        "widths": (240, 110, 170, 190, 180, 110, 100, 130, 130),
    },
}


class _TableKeys(QObject):
    """Enter edits, Delete archives: keys handled by the table only, never by the search box."""

    def __init__(self, tab: BaseTab) -> None:
        super().__init__(tab)
        self.tab = tab

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.tab.edit_requested.emit()
                return True
            if event.key() == Qt.Key.Key_Delete:
                self.tab.delete_requested.emit()
                return True
        return False


class BaseTab(QWidget):
    """The table of one base with search and filters; data arrives through ``load``.

    Signals:
        edit_requested: double-click or Enter on a row.
        delete_requested: Delete pressed in the table.
        counts_changed: the visible rows or the totals changed.
        selection_changed: the selected rows changed.
        load_failed(object): the background load raised.
    """

    edit_requested = Signal()
    delete_requested = Signal()
    counts_changed = Signal()
    selection_changed = Signal()
    load_failed = Signal(object)

    def __init__(self, kind: str, *, runner: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        if kind not in KINDS:
            raise ValueError(kind)
        self.kind, self.runner, self.config = kind, runner, KINDS[kind]
        self.db: Any = None
        self._generation = 0
        self._header_state: QByteArray | None = None
        self._columns_ready = False
        self.loaded = False

        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Поиск по всем столбцам (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(220)
        self.category = QComboBox(self)
        self.group = QComboBox(self)
        self.status = QComboBox(self)
        self.partner = QComboBox(self)
        for combo in (self.category, self.group, self.status, self.partner):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
            combo.setMaxVisibleItems(20)
            combo.setMaximumWidth(230)
            combo.view().setTextElideMode(Qt.TextElideMode.ElideNone)
        self.status.addItem("Любой статус", "")
        for code, text in self.config["statuses"].items():
            self.status.addItem(text, code)
        with_partner, without_partner = self.config["partner"]
        # string data only: PySide6 with Python 3.11 miscounts references of True/False in item data
        self.partner.addItem(self.config["partner_any"], "")
        self.partner.addItem(with_partner, "yes")
        self.partner.addItem(without_partner, "no")
        self.archive = QCheckBox("Архив", self)
        self.archive.setToolTip("Показать записи, убранные в архив")
        self.reset_button = QPushButton("Сбросить", self)
        self.reset_button.setToolTip("Очистить поиск и фильтры")
        self._fill_facets([])

        self.model = PersonTableModel((), self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(False)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        vheader = self.view.verticalHeader()
        vheader.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vheader.setDefaultSectionSize(self.fontMetrics().height() + 6)
        vheader.setVisible(False)
        header = self.view.horizontalHeader()
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)  # by ФИО until the user picks
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.sortIndicatorChanged.connect(self._sort)
        self.view.doubleClicked.connect(lambda _index: self.edit_requested.emit())
        self.view.installEventFilter(_TableKeys(self))
        self.view.selectionModel().selectionChanged.connect(lambda *_: self.selection_changed.emit())

        self.empty = QLabel(self)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet("color: palette(mid); font-size: 11pt; padding: 24px;")
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.empty)

        bar = QHBoxLayout()
        bar.setSpacing(6)
        bar.addWidget(self.search, 3)
        for widget in (self.category, self.group, self.status, self.partner, self.archive, self.reset_button):
            bar.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(bar)
        layout.addWidget(self.stack, 1)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DEBOUNCE_MS)
        self._debounce.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(self._debounce.start)
        for combo in (self.category, self.group, self.status, self.partner):
            combo.currentIndexChanged.connect(self.apply_filter)
        self.archive.toggled.connect(self.apply_filter)
        self.reset_button.clicked.connect(self.reset_filters)
        self.model.rows_changed.connect(self._rows_changed)
        self._rows_changed()

    # -- columns and remembered header ---------------------------------------
    def _ensure_columns(self) -> None:
        if self._columns_ready:
            return
        from app.listing import MENTEE_COLUMNS, MENTOR_COLUMNS

        self.model.set_columns(MENTEE_COLUMNS if self.kind == "mentees" else MENTOR_COLUMNS)
        header = self.view.horizontalHeader()
        metrics = header.fontMetrics()
        for n, width in enumerate(self.config["widths"][:self.model.columnCount()]):
            title = self.model.columns[n]
            header.resizeSection(n, max(width, metrics.horizontalAdvance(title) + 18))
        self._columns_ready = True
        if self._header_state is not None:
            header.restoreState(self._header_state)
            self._header_state = None
        column, order = header.sortIndicatorSection(), header.sortIndicatorOrder()
        if 0 <= column < self.model.columnCount():
            self.model.sort(column, order)

    def restore_state(self, settings: QSettings) -> None:
        """Column widths and sort from the window's settings (applied once columns exist)."""
        state = settings.value(f"table/{self.kind}/header")
        if isinstance(state, QByteArray) and not state.isEmpty():
            if self._columns_ready:
                header = self.view.horizontalHeader()
                header.restoreState(state)
                self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
            else:
                self._header_state = state

    def save_state(self, settings: QSettings) -> None:
        if self._columns_ready:
            settings.setValue(f"table/{self.kind}/header", self.view.horizontalHeader().saveState())
        elif self._header_state is not None:
            settings.setValue(f"table/{self.kind}/header", self._header_state)

    def _sort(self, column: int, order: Qt.SortOrder) -> None:
        if 0 <= column < self.model.columnCount():
            self.model.sort(column, order)

    # -- loading -------------------------------------------------------------
    def set_database(self, db: Any) -> None:
        self.db = db
        self._ensure_columns()
        self.reload()

    def reload(self, *, select_ids: list[int] | None = None) -> None:
        """Load every row in the background; keep (or set) the selection by id."""
        if self.db is None:
            return
        keep = list(select_ids) if select_ids is not None else self.selected_ids()
        self._generation += 1
        generation, db, kind = self._generation, self.db, self.kind

        def work(_progress: Callable[[int, int], None]) -> list:
            from app.listing import load_mentee_rows, load_mentor_rows

            with db.session() as session:
                return load_mentee_rows(session) if kind == "mentees" else load_mentor_rows(session)

        def done(rows: list) -> None:
            if generation == self._generation:
                self.set_rows(rows, select_ids=keep)
                if len(rows) >= PRESORT_FROM:
                    self._presort(rows)

        self.runner.run(work, on_done=done, on_error=self.load_failed.emit)

    def _presort(self, rows: list) -> None:
        """Sort a large base by every column in the background so header clicks are instant."""
        columns = self.model.columnCount()
        self.runner.run(lambda _progress: PersonTableModel.presort(rows, columns),
                        on_done=lambda orders: self.model.adopt_presorted(rows, orders),
                        on_error=lambda _exc: None)  # only an optimisation

    def set_rows(self, rows: list, *, select_ids: list[int] | None = None) -> None:
        self._ensure_columns()
        keep = self.selected_ids() if select_ids is None else select_ids
        self._fill_facets(rows)
        self.loaded = True
        self.model.set_rows(rows)
        self.select_ids(keep)

    # -- filters -------------------------------------------------------------
    def _fill_facets(self, rows: list) -> None:
        from app.text import class_parallel

        categories = sorted({r.category for r in rows if r.category}, key=str.casefold)
        groups = sorted({r.group_name for r in rows if r.group_name},
                        key=lambda g: (class_parallel(g) or 99, g.casefold()))
        for combo, items in ((self.category, [(c, c) for c in categories]),
                             (self.group, self._group_items(groups))):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem("Все категории" if combo is self.category else self.config["group_label"], "")
            for text, data in items:
                combo.addItem(text, data)
            found = combo.findData(current) if current else 0
            if found < 0:
                combo.addItem(current, current)  # keep the user's choice even if nobody matches now
                found = combo.count() - 1
            combo.setCurrentIndex(found)
            combo.blockSignals(False)

    def _group_items(self, groups: list[str]) -> list[tuple[str, str]]:
        items: list[tuple[str, str]] = []
        if self.kind == "mentees" or any(g[:1].isdigit() for g in groups):
            items += [(f"{p}-е классы", str(p)) for p in range(1, 12)]
        items += [(g, g) for g in groups]
        return items

    def row_filter(self) -> Any:
        from app.listing import RowFilter

        return RowFilter(text=self.search.text(), category=self.category.currentData() or "",
                         group=self.group.currentData() or "", status=self.status.currentData() or "",
                         has_partner={"yes": True, "no": False}.get(self.partner.currentData() or ""),
                         archived=self.archive.isChecked())

    def apply_filter(self) -> None:
        self._debounce.stop()
        if not self.loaded:
            return
        keep = self.selected_ids()
        self.model.set_filter(self.row_filter())
        self.select_ids(keep)

    def reset_filters(self) -> None:
        for combo in (self.category, self.group, self.status, self.partner):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.archive.blockSignals(True)
        self.archive.setChecked(False)
        self.archive.blockSignals(False)
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.apply_filter()

    def show_archive(self, archived: bool) -> None:
        self.archive.setChecked(archived)

    def in_archive(self) -> bool:
        return self.archive.isChecked()

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    # -- selection and counts ------------------------------------------------
    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        return [self.model.row_at(r).id for r in rows if r < self.model.rowCount()]

    def current_id(self) -> int | None:
        index = self.view.currentIndex()
        if index.isValid() and self.view.selectionModel().isRowSelected(index.row()):
            return self.model.row_id(index)
        ids = self.selected_ids()
        return ids[0] if ids else None

    def select_ids(self, ids: list[int]) -> None:
        from PySide6.QtCore import QItemSelection, QItemSelectionModel

        wanted = set(ids)
        selection = QItemSelection()
        first = None
        last_column = max(self.model.columnCount() - 1, 0)
        if wanted:
            for n in range(self.model.rowCount()):
                if self.model.row_at(n).id in wanted:
                    selection.select(self.model.index(n, 0), self.model.index(n, last_column))
                    first = n if first is None else first
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.view.selectionModel().select(selection, flags)
        if first is not None:
            self.view.selectionModel().setCurrentIndex(self.model.index(first, 0),
                                                       QItemSelectionModel.SelectionFlag.NoUpdate)
            self.view.scrollTo(self.model.index(first, 0))
        self.selection_changed.emit()

    def counts_text(self) -> str:
        def n(value: int) -> str:
            return f"{value:,}".replace(",", "\u00a0")

        shown = self.model.rowCount()
        if self.in_archive():
            return f"Архив: показано {n(shown)} из {n(self.model.archived_total)}"
        return f"Показано {n(shown)} из {n(self.model.active_total)} · в архиве {n(self.model.archived_total)}"

    def _rows_changed(self) -> None:
        if self.model.rowCount():
            self.stack.setCurrentWidget(self.view)
        else:
            if not self.loaded:
                self.empty.setText("Загрузка…")
            elif self.in_archive():
                self.empty.setText("В архиве нет записей, подходящих под условия."
                                   if self.model.archived_total else "В архиве пока никого нет.")
            elif self.model.active_total == 0:
                self.empty.setText(self.config["empty"])
            else:
                self.empty.setText("Ничего не найдено. Измените условия поиска или нажмите «Сбросить».")
            self.stack.setCurrentWidget(self.empty)
        self.counts_changed.emit()


__all__ = ["KINDS", "SEARCH_DEBOUNCE_MS", "BaseTab"]
