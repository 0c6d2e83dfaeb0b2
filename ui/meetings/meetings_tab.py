"""The «Журнал встреч» tab: all meetings with filters, the selected pair's timeline and printable journals."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QByteArray, QEvent, QItemSelectionModel, QObject, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (QComboBox, QDialog, QHBoxLayout, QPushButton,
                               QSplitter, QVBoxLayout, QWidget)

from app.meeting_filter import MeetingFilter
from app.schemas_meetings import MeetingRow, PairWarning
from app.text import fold
from ui.meetings.attention_dialog import pairs_word
from ui.meetings.meeting_dialog import pair_label, shorten
from ui.meetings.models import MeetingModel
from ui.meetings.filter_bar import build_filters
from ui.meetings.timeline_panel import TimelinePanel
from ui.pairs.views import make_view
from ui.widgets import DateField

WIDTHS = (85, 50, 265, 165, 108, 160, 160, 125, 115, 120)
INVALID = "border: 1px solid #c62828; background: #fff0f0;"


def run_dialog(dialog: QDialog) -> bool:
    """``exec`` a dialog; tests replace this to drive dialogs without a modal loop."""
    return dialog.exec() == QDialog.DialogCode.Accepted


class MeetingsTab(QWidget):
    """The meeting journal over an opened database (``set_database``); rows load in the background.

    Signals:
        data_changed: this tab changed the database.
        counts_changed: the status-bar text changed.
        load_failed(object): the background load raised.
        status_message(str): a short note for the window's status bar.
    """

    data_changed = Signal()
    status_message = Signal(str)
    counts_changed = Signal()
    load_failed = Signal(object)
    title = "Журнал встреч"

    def __init__(self, *, runner: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.db: Any = None
        self.loaded = False
        self.warnings: list[PairWarning] = []
        self._generation = 0
        self._timeline_generation = 0
        self._timeline_group: int | None = None
        self._select_after: int | None = None  # a meeting to select once the reload has arrived
        self.model = MeetingModel(self)
        self.view = make_view(self.model, self, WIDTHS, (0, Qt.SortOrder.DescendingOrder))
        self.timeline = TimelinePanel(self)
        self.timeline.meeting_clicked.connect(self.select_meeting)
        build_filters(self)
        self._build_buttons()
        self.split = QSplitter(Qt.Orientation.Vertical, self)
        self.split.addWidget(self.view)
        self.split.addWidget(self.timeline)
        self.split.setChildrenCollapsible(False)
        self.split.setStretchFactor(0, 1)
        self.split.setSizes([460, 190])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(self.button_bar)
        layout.addLayout(self.filter_bar)
        layout.addLayout(self.filter_bar2)
        layout.addWidget(self.split, 1)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        self.model.modelReset.connect(self._selection_changed)
        self.view.doubleClicked.connect(lambda _i: self.edit_meeting())
        self._selection_changed()

    # -- construction ------------------------------------------------------------
    def _build_buttons(self) -> None:
        def button(text: str, slot: Callable[[], Any], tip: str = "") -> QPushButton:
            b = QPushButton(text, self)
            b.setToolTip(tip)
            b.clicked.connect(lambda _checked=False: slot())
            return b

        self.add_button = button("Добавить встречу", self.add_meeting, "Новая встреча пары или группы (Ctrl+N)")
        self.edit_button = button("Изменить", self.edit_meeting, "Изменить выбранную встречу (Enter)")
        self.delete_button = button("Удалить", self.delete_meetings, "Удалить выбранные встречи (Delete)")
        self.attention_button = button("Требуют внимания…", self.open_attention,
                                       "Пары, отступившие от порядка встреч методологии")
        self.journal_button = button("Журнал пары (PDF)…", self.print_pair_journal,
                                     "Журнал работы наставнической пары (группы) выбранной встречи "
                                     "или пары из фильтра")
        self.journal_all_button = button("Журнал всех пар (PDF)…", self.print_all_journals,
                                         "Журналы всех пар и групп одним документом")
        self.add_action = QAction("Добавить встречу", self)  # Ctrl+N while the tab (or a child) has focus
        self.add_action.setShortcut(QKeySequence("Ctrl+N"))
        self.add_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.add_action.triggered.connect(lambda _checked=False: self.add_meeting())
        self.addAction(self.add_action)
        self.view.installEventFilter(self)  # Enter edits, Delete deletes (see eventFilter)
        self.button_bar = QHBoxLayout()
        for widget in (self.add_button, self.edit_button, self.delete_button, self.attention_button):
            self.button_bar.addWidget(widget)
        self.button_bar.addStretch(1)
        self.button_bar.addWidget(self.journal_button)
        self.button_bar.addWidget(self.journal_all_button)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """Enter on the journal opens the meeting, Delete deletes the selected meetings."""
        if obj is self.view and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) \
                and event.modifiers() == Qt.KeyboardModifier.NoModifier:
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.edit_meeting()
                return True
            if event.key() == Qt.Key.Key_Delete:
                self.delete_meetings()
                return True
        return super().eventFilter(obj, event)

    # -- state -------------------------------------------------------------------
    def restore_state(self, settings: QSettings) -> None:
        for key, restore in (("meetings/split", self.split.restoreState),
                             ("meetings/header", self.view.horizontalHeader().restoreState)):
            state = settings.value(key)
            if isinstance(state, QByteArray) and not state.isEmpty():
                restore(state)

    def save_state(self, settings: QSettings) -> None:
        settings.setValue("meetings/split", self.split.saveState())
        settings.setValue("meetings/header", self.view.horizontalHeader().saveState())

    # -- loading -----------------------------------------------------------------
    def set_database(self, db: Any) -> None:
        self.db = db
        self.reload()

    def reload(self) -> None:
        """Meetings, pairs, meeting types and the attention list in one background read."""
        if self.db is None:
            return
        self._generation += 1
        generation, db = self._generation, self.db

        def work(_progress: Callable[[int, int], None]) -> tuple:
            from app.services.meetings import attention_list, list_meetings
            from app.services.pairs import list_groups
            from app.services.reference import names

            from app.meeting_filter import index_rows

            with db.session() as session:
                rows = list_meetings(session)
                result = (rows, list_groups(session), names(session, list_code="meeting_type"),
                          attention_list(session))
            index_rows(rows)  # fold the search texts here, off the GUI thread
            return result

        def done(result: tuple) -> None:
            if generation == self._generation:
                self.set_data(*result)

        self.runner.run(work, on_done=done, on_error=self.load_failed.emit)

    def set_data(self, rows: list[MeetingRow], groups: list, kinds: list[str], warnings: list[PairWarning]) -> None:
        keep = self.selected_ids()
        self.warnings = list(warnings)
        groups = [g for g in groups if g.status != "draft"]
        mentors = sorted({(g.mentor_name, g.mentor_id) for g in groups}, key=lambda m: (fold(m[0]), m[1]))
        kinds = kinds + sorted({r.kind for r in rows} - set(kinds))
        self._refill(self.group_combo, [(pair_label(g), g.id) for g in sorted(groups, key=lambda g: fold(pair_label(g)))])
        self._refill(self.mentor_combo, [(shorten(name), mid) for name, mid in mentors])
        self._refill(self.kind_combo, [(k, k) for k in kinds])
        self.model.filter = self.current_filter()
        self.model.set_rows(rows)
        self.loaded = True
        self.attention_button.setText(f"Требуют внимания ({len({w.group_id for w in warnings})})…")
        self.select_ids(keep)
        if self._select_after is not None:
            self.select_meeting(self._select_after)
            self._select_after = None
        self._timeline_group = None
        self._selection_changed()
        self.counts_changed.emit()

    @staticmethod
    def _refill(combo: QComboBox, items: list[tuple[str, Any]]) -> None:
        """Replace the items after the «all» entry, keeping the chosen one when it is still there."""
        current = combo.currentData()
        combo.blockSignals(True)
        while combo.count() > 1:
            combo.removeItem(1)
        for text, data in items:
            combo.addItem(text, data)
        combo.setCurrentIndex(max(combo.findData(current), 0) if current is not None else 0)
        combo.blockSignals(False)

    # -- filtering ---------------------------------------------------------------
    def _date(self, field: DateField) -> Any:
        try:
            value = field.date()
        except ValueError as exc:
            field.edit.setStyleSheet(INVALID)
            field.edit.setToolTip(str(exc))
            return None
        field.edit.setStyleSheet("")
        field.edit.setToolTip("")
        return value

    def current_filter(self) -> MeetingFilter:
        return MeetingFilter(date_from=self._date(self.date_from), date_to=self._date(self.date_to),
                             group_id=self.group_combo.currentData(), mentor_id=self.mentor_combo.currentData(),
                             kind=self.kind_combo.currentData() or "", format=self.format_combo.currentData() or "",
                             feedback_missing=self.missing_box.isChecked(), text=self.search.text())

    def apply_filters(self) -> None:
        """Re-filter at once in the GUI thread (20,000 meetings take well under 150 ms)."""
        keep = self.selected_ids()
        self.model.set_filter(self.current_filter())
        self.select_ids(keep)
        self.counts_changed.emit()

    def reset_filters(self, *, apply: bool = True) -> None:
        widgets = (self.date_from, self.date_to, self.group_combo, self.mentor_combo, self.kind_combo,
                   self.format_combo, self.missing_box, self.search)
        for w in widgets:
            w.blockSignals(True)
        self.date_from.set_text("")
        self.date_to.set_text("")
        for combo in (self.group_combo, self.mentor_combo, self.kind_combo, self.format_combo):
            combo.setCurrentIndex(0)
        self.missing_box.setChecked(False)
        self.search.clear()
        for w in widgets:
            w.blockSignals(False)
        if apply:
            self.apply_filters()

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def counts_text(self) -> str:
        if not self.loaded:
            return ""
        pairs = len({w.group_id for w in self.warnings})
        return (f"Встреч: {self.model.rowCount()} из {len(self.model.all_rows())} · "
                f"требуют внимания: {pairs_word(pairs)}")

    # -- selection ---------------------------------------------------------------
    def selected_rows(self) -> list[MeetingRow]:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        return [self.model.row_at(r) for r in rows if r < self.model.rowCount()]

    def selected_ids(self) -> list[int]:
        return [r.id for r in self.selected_rows()]

    def current_row(self) -> MeetingRow | None:
        rows = self.selected_rows()
        return rows[0] if len(rows) == 1 else None

    def select_ids(self, ids: list[int]) -> None:
        from PySide6.QtCore import QItemSelection

        wanted, selection = set(ids), QItemSelection()
        last = self.model.columnCount() - 1
        for n, row in enumerate(self.model.shown_rows()):
            if row.id in wanted:
                selection.select(self.model.index(n, 0), self.model.index(n, last))
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.view.selectionModel().select(selection, flags)

    def select_meeting(self, meeting_id: int) -> None:
        """Select a meeting (clearing the filters when they hide it) and scroll to it."""
        if self.model.row_of_id(meeting_id) is None:
            self.reset_filters()
        n = self.model.row_of_id(meeting_id)
        if n is None:
            return
        self.select_ids([meeting_id])
        self.view.setCurrentIndex(self.model.index(n, 0))
        self.view.scrollTo(self.model.index(n, 0))

    def _selection_changed(self) -> None:
        rows, has_db = self.selected_rows(), self.db is not None
        self.add_button.setEnabled(has_db)
        self.add_action.setEnabled(has_db)
        self.edit_button.setEnabled(len(rows) == 1)
        self.delete_button.setEnabled(bool(rows))
        self.journal_button.setEnabled(has_db and self.journal_group() is not None)
        self.journal_all_button.setEnabled(has_db)
        self.attention_button.setEnabled(self.loaded)
        self.load_timeline(rows[0].group_id if rows else None)

    def load_timeline(self, group_id: int | None) -> None:
        """Show the pair of the selected meeting (read in the background)."""
        from ui.meetings.timeline_panel import load_timeline

        load_timeline(self, group_id)

    # -- actions -----------------------------------------------------------------
    def changed(self, *, select: int | None = None, note: str = "") -> None:
        self._select_after = select
        self.reload()
        if note:
            self.status_message.emit(note)
        self.data_changed.emit()

    def add_meeting(self) -> int | None:
        from ui.meetings.meeting_dialog import edit_meeting

        if self.db is None:
            return None
        row = self.current_row()
        group_id = self.group_combo.currentData() or (row.group_id if row else None)
        saved = edit_meeting(self, db=self.db, group_id=group_id)
        if saved is not None:
            self.changed(select=saved, note="Встреча добавлена")
        return saved

    def edit_meeting(self) -> int | None:
        from ui.meetings.meeting_dialog import edit_meeting

        row = self.current_row()
        if row is None or self.db is None:
            return None
        saved = edit_meeting(self, db=self.db, meeting_id=row.id)
        if saved is not None:
            self.changed(select=saved, note="Встреча сохранена")
        return saved

    def delete_meetings(self) -> int:
        """Delete the selected meetings after a confirmation; the number deleted."""
        from ui.meetings.meeting_dialog import delete_meetings

        return delete_meetings(self)

    def open_attention(self) -> PairWarning | None:
        from ui.meetings.attention_dialog import open_attention

        return open_attention(self)

    def go_to(self, warning: PairWarning) -> None:
        from ui.meetings.attention_dialog import go_to

        go_to(self, warning)

    # -- printing ----------------------------------------------------------------
    def journal_group(self) -> int | None:
        row = self.current_row()
        return row.group_id if row is not None else self.group_combo.currentData()

    def print_pair_journal(self) -> None:
        from ui.meetings.timeline_panel import print_pair_journal

        print_pair_journal(self)

    def print_all_journals(self) -> None:
        from ui.meetings.timeline_panel import print_journal

        print_journal(self, None)


__all__ = ["MeetingsTab", "run_dialog"]
