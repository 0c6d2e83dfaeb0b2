"""The «Дорожная карта» tab: a year's items with statuses and evidence, filters, templates, Excel and reports."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QByteArray, QEvent, QObject, QPoint, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (QCheckBox, QComboBox, QHBoxLayout, QLabel, QMenu, QPushButton, QStackedWidget,
                               QVBoxLayout, QWidget)

from app.schemas_roadmap import STATUSES, RoadmapRow
from ui.pairs.views import make_view, search_box
from ui.roadmap.models import RoadmapFilter, RoadmapModel, current_year, year_choices
from ui.roadmap.template_dialog import EmptyYear

WIDTHS = (55, 420, 92, 170, 200, 165, 200)


class RoadmapTab(QWidget):
    """The roadmap of the chosen academic year over an opened database (``set_database``).

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
    title = "Дорожная карта"

    def __init__(self, *, runner: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.db: Any = None
        self.loaded = False
        self.year = current_year()
        self.school_year = ""  # the school's year at the last load: the tab follows it when it changes
        self._generation = 0
        self._select_after: list[int] = []
        self.model = RoadmapModel(self)
        self.view = make_view(self.model, self, WIDTHS, (0, Qt.SortOrder.AscendingOrder))
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self.show_menu)
        self.view.doubleClicked.connect(lambda _i: self.edit_item())
        self.view.installEventFilter(self)  # Enter edits, Delete deletes (see eventFilter)
        self._build_actions()
        self._build_bars()
        self.empty = EmptyYear(self, on_start=self.start_from_template)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.empty)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(self.button_bar)
        layout.addLayout(self.filter_bar)
        layout.addWidget(self.stack, 1)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())
        self.model.modelReset.connect(self._update_actions)
        self._update_actions()

    # -- construction ------------------------------------------------------------
    def _action(self, text: str, slot: Callable[[], Any], shortcut: str = "", tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(action)
        if tip:
            action.setToolTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _build_actions(self) -> None:
        a = self._action
        self.act_template = a("Начать из шаблона…", self.start_from_template, "",
                              "Заполнить дорожную карту года мероприятиями шаблона")
        self.act_add = a("Добавить", self.add_item, "Ctrl+N", "Новое мероприятие (Ctrl+N)")
        self.act_edit = a("Изменить\tEnter", self.edit_item, "", "Изменить выбранное мероприятие (Enter)")
        self.act_delete = a("Удалить\tDelete", self.delete_items, "", "Удалить выбранные мероприятия (Delete)")
        self.act_done = a("Отметить выполненным…", self.mark_done, "Ctrl+D",
                          "Дата выполнения и подтверждающий документ (Ctrl+D)")
        self.act_progress = a("В работу", lambda: self.set_status("in_progress"), "",
                              "Статус «в работе» у выбранных мероприятий")
        self.act_failed = a("Не выполнено", lambda: self.set_status("failed"), "",
                            "Статус «не выполнено» у выбранных мероприятий")
        self.act_planned = a("Вернуть в «запланировано»", lambda: self.set_status("planned"))
        self.act_open_file = a("Открыть файл подтверждения", self.open_evidence)
        self.act_import = a("Импорт из Excel…", self.import_excel, "",
                            "Загрузить мероприятия года из таблицы xlsx (столбцы как в дорожной карте)")
        self.act_export = a("Экспорт в Excel…", self.export_excel, "", "Выгрузить дорожную карту года в xlsx")
        self.act_report = a("Отчёт о выполнении…", self.report, "",
                            "Отчёт о выполнении дорожной карты за год, квартал или период (PDF или Excel)")

    def _button(self, action: QAction, text: str | None = None) -> QPushButton:
        button = QPushButton(text or action.text().split("\t")[0], self)
        button.setToolTip(action.toolTip())
        button.clicked.connect(lambda _checked=False: action.trigger())
        action.changed.connect(lambda: button.setEnabled(action.isEnabled()))
        return button

    def _build_bars(self) -> None:
        self.year_combo = QComboBox(self)
        self.year_combo.setToolTip("Учебный год дорожной карты")
        self.year_combo.currentIndexChanged.connect(lambda _i: self._year_chosen())
        self.buttons = {name: self._button(getattr(self, f"act_{name}")) for name in (
            "template", "add", "edit", "delete", "done", "progress", "failed", "import", "export", "report")}
        self.button_bar = QHBoxLayout()
        self.button_bar.addWidget(QLabel("Учебный год:", self))
        self.button_bar.addWidget(self.year_combo)
        self.button_bar.addSpacing(8)
        for name in ("template", "add", "edit", "delete"):
            self.button_bar.addWidget(self.buttons[name])
        self.button_bar.addStretch(1)
        for name in ("import", "export", "report"):
            self.button_bar.addWidget(self.buttons[name])
        self.status_combo = QComboBox(self)
        self.status_combo.addItem("Все статусы", "")
        for code, text in STATUSES.items():
            self.status_combo.addItem(text, code)
        self.status_combo.currentIndexChanged.connect(lambda _i: self.apply_filters())
        self.overdue_box = QCheckBox("только просроченные", self)
        self.overdue_box.toggled.connect(lambda _on: self.apply_filters())
        self.search = search_box("Поиск: мероприятие, ответственный, документ…", self)
        self.search.textChanged.connect(lambda _t: self.apply_filters())
        self.filter_bar = QHBoxLayout()
        for name in ("done", "progress", "failed"):
            self.filter_bar.addWidget(self.buttons[name])
        self.filter_bar.addStretch(1)
        self.filter_bar.addWidget(QLabel("Статус:", self))
        self.filter_bar.addWidget(self.status_combo)
        self.filter_bar.addWidget(self.overdue_box)
        self.filter_bar.addWidget(self.search, 1)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """Enter on the table opens the item, Delete deletes the selected items."""
        if obj is self.view and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) \
                and event.modifiers() in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier):
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.edit_item()
                return True
            if event.key() == Qt.Key.Key_Delete:
                self.delete_items()
                return True
        return super().eventFilter(obj, event)

    # -- state -------------------------------------------------------------------
    def restore_state(self, settings: QSettings) -> None:
        state = settings.value("roadmap/header")
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.view.horizontalHeader().restoreState(state)

    def save_state(self, settings: QSettings) -> None:
        settings.setValue("roadmap/header", self.view.horizontalHeader().saveState())

    # -- loading -----------------------------------------------------------------
    def set_database(self, db: Any) -> None:
        self.db = db
        self.reload()

    def reload(self) -> None:
        """The years with items and the chosen year's items in one background read."""
        if self.db is None:
            return
        self._generation += 1
        generation, db, year, known = self._generation, self.db, self.year, self.school_year

        def work(_progress: Callable[[int, int], None]) -> tuple[str, str, list[str], list[RoadmapRow]]:
            from app.services.roadmap import academic_years, list_items, school_year

            with db.session() as session:
                current = school_year(session)
                shown = current if current != known else year  # opens on (and follows) the school's year
                return current, shown, academic_years(session), list_items(session, academic_year=shown)

        def done(result: tuple[str, str, list[str], list[RoadmapRow]]) -> None:
            if generation == self._generation:
                self.school_year, self.year = result[0], result[1]
                self.set_data(*result[2:])

        self.runner.run(work, on_done=done, on_error=self.load_failed.emit)

    def set_data(self, years: list[str], rows: list[RoadmapRow]) -> None:
        keep = self._select_after or self.selected_ids()
        self._select_after = []
        self.year_combo.blockSignals(True)
        self.year_combo.clear()
        self.year_combo.addItems(sorted(set(year_choices(years, self.school_year or current_year())) | {self.year},
                                        reverse=True))
        self.year_combo.setCurrentIndex(self.year_combo.findText(self.year))
        self.year_combo.blockSignals(False)
        self.model.set_filter(self.current_filter())
        self.model.set_rows(rows)
        self.loaded = True
        self.select_ids(keep)
        self._update_empty()
        self.counts_changed.emit()

    def _year_chosen(self) -> None:
        text = self.year_combo.currentText()
        if text and text != self.year:
            self.year = text
            self.view.clearSelection()
            self.reload()

    def choose_year(self, year: str) -> None:
        """Show ``year`` (any «ГГГГ/ГГГГ»), loading it."""
        self.year = year
        self.reload()

    # -- filtering ---------------------------------------------------------------
    def current_filter(self) -> RoadmapFilter:
        return RoadmapFilter(status=self.status_combo.currentData() or "", overdue_only=self.overdue_box.isChecked(),
                             text=self.search.text())

    def apply_filters(self) -> None:
        keep = self.selected_ids()
        self.model.set_filter(self.current_filter())
        self.select_ids(keep)
        self._update_empty()
        self.counts_changed.emit()

    def reset_filters(self) -> None:
        for widget in (self.status_combo, self.overdue_box, self.search):
            widget.blockSignals(True)
        self.status_combo.setCurrentIndex(0)
        self.overdue_box.setChecked(False)
        self.search.clear()
        for widget in (self.status_combo, self.overdue_box, self.search):
            widget.blockSignals(False)
        self.apply_filters()

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def counts_text(self) -> str:
        """«Всего 24 · выполнено 5 · в работе 3 · не выполнено 1 · просрочено 2» (+ «показано N» when filtered)."""
        if not self.loaded:
            return ""
        c = self.model.counts()
        text = (f"Всего {c['total']} · выполнено {c['done']} · в работе {c['in_progress']} · "
                f"не выполнено {c['failed']} · просрочено {c['overdue']}")
        shown = self.model.rowCount()
        return text + (f" · показано {shown}" if shown != c["total"] else "")

    def _update_empty(self) -> None:
        empty = self.loaded and not self.model.all_rows()
        self.empty.set_year(self.year)
        self.stack.setCurrentWidget(self.empty if empty else self.view)

    # -- selection ---------------------------------------------------------------
    def selected_rows(self) -> list[RoadmapRow]:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        return [self.model.row_at(r) for r in rows if r < self.model.rowCount()]

    def selected_ids(self) -> list[int]:
        return [r.id for r in self.selected_rows()]

    def current_row(self) -> RoadmapRow | None:
        rows = self.selected_rows()
        return rows[0] if len(rows) == 1 else None

    def select_ids(self, ids: list[int]) -> None:
        self.view.clearSelection()
        first = None
        for n, row in enumerate(self.model.shown_rows()):
            if row.id in ids:
                self.view.selectionModel().select(
                    self.model.index(n, 0), self.view.selectionModel().SelectionFlag.Select
                    | self.view.selectionModel().SelectionFlag.Rows)
                first = n if first is None else first
        if first is not None:
            self.view.scrollTo(self.model.index(first, 0))

    def _update_actions(self) -> None:
        rows, has_db = self.selected_rows(), self.db is not None
        self.act_template.setEnabled(has_db)
        self.empty.button.setEnabled(has_db)
        self.act_add.setEnabled(has_db)
        self.act_import.setEnabled(has_db)
        self.act_export.setEnabled(has_db and bool(self.model.all_rows()))
        self.act_report.setEnabled(has_db and bool(self.model.all_rows()))
        self.act_edit.setEnabled(len(rows) == 1)
        for action in (self.act_delete, self.act_done, self.act_progress, self.act_failed, self.act_planned):
            action.setEnabled(bool(rows))
        self.act_open_file.setEnabled(len(rows) == 1 and bool(rows[0].evidence_path))

    def show_menu(self, pos: QPoint) -> None:
        menu = self.context_menu()
        menu.exec(self.view.viewport().mapToGlobal(pos))

    def context_menu(self) -> QMenu:
        menu = QMenu(self)
        for action in (self.act_edit, self.act_done, self.act_progress, self.act_failed, self.act_planned, None,
                       self.act_open_file, None, self.act_add, self.act_delete):
            menu.addSeparator() if action is None else menu.addAction(action)
        return menu

    # -- actions -----------------------------------------------------------------
    def changed(self, *, select: list[int] | None = None, note: str = "") -> None:
        self._select_after = list(select or [])
        self.reload()
        if note:
            self.status_message.emit(note)
        self.data_changed.emit()

    def start_from_template(self) -> int:
        from ui.roadmap.template_dialog import items_word, start_from_template

        if self.db is None:
            return 0
        created = start_from_template(self, db=self.db, academic_year=self.year, existing=len(self.model.all_rows()))
        if created:
            self.changed(note=f"Дорожная карта на {self.year}: добавлено {items_word(created)}")
        return created

    def add_item(self) -> RoadmapRow | None:
        from ui.roadmap.item_dialog import edit_item

        if self.db is None:
            return None
        saved = edit_item(self, db=self.db, academic_year=self.year, responsibles=self.responsibles())
        if saved is not None:
            self.changed(select=[saved.id], note="Мероприятие добавлено")
        return saved

    def edit_item(self) -> RoadmapRow | None:
        from ui.roadmap.item_dialog import edit_item

        row = self.current_row()
        if row is None or self.db is None:
            return None
        saved = edit_item(self, db=self.db, academic_year=row.academic_year, item_id=row.id,
                          responsibles=self.responsibles())
        if saved is not None:
            self.changed(select=[saved.id], note="Мероприятие сохранено")
        return saved

    def responsibles(self) -> list[str]:
        return sorted({r.responsible for r in self.model.all_rows() if r.responsible})

    def delete_items(self) -> int:
        """Delete the selected items after a confirmation; the number deleted."""
        from ui.roadmap.actions import delete_items

        return delete_items(self)

    def mark_done(self) -> list[RoadmapRow]:
        from ui.roadmap.actions import mark_done

        return mark_done(self)

    def set_status(self, status: str) -> list[RoadmapRow]:
        """Set «в работе» / «не выполнено» / «запланировано» on the selected items (evidence kept)."""
        from ui.roadmap.actions import set_status

        return set_status(self, status)

    def open_evidence(self) -> None:
        from ui.roadmap.actions import open_evidence

        open_evidence(self)

    def import_excel(self) -> None:
        from ui.roadmap.actions import import_excel

        import_excel(self)

    def export_excel(self) -> None:
        from ui.roadmap.actions import export_excel

        export_excel(self)

    def report(self) -> Any:
        """«Отчёт о выполнении…»; the ReportChoice made (None when cancelled)."""
        from ui.roadmap.report_dialog import open_report

        return open_report(self)


__all__ = ["RoadmapTab"]
