"""The «Пары и группы» tab: waiting mentees | mentors with free places, and the pairs and groups below."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDialog, QHBoxLayout, QLabel, QMenu, QPushButton,
                               QSplitter, QTableView, QVBoxLayout, QWidget)

from app.schemas import GROUP_STATUSES, GROUP_TRANSITIONS
from ui import messages
from ui.pairs.completion_actions import CompletionActions
from ui.pairs.models import GroupModel, MentorModel, WaitingModel, days_genitive
from ui.pairs.views import enable_mentee_drag, make_view, search_box, select_row_ids, titled

WIDTHS = {"waiting": (220, 125, 180, 75), "mentors": (210, 115, 100, 150, 170),
          "groups": (50, 220, 280, 150, 190, 140, 90, 90)}
STATUS_FILTERS = (("Активные", "active"), ("Все статусы", ""),
                  *((v.capitalize(), k) for k, v in GROUP_STATUSES.items()))
NO_MATCHING = "Подбор появится, когда будет готов модуль подбора (app/services/matching.py)"
NO_ORDERS = "Приказ появится, когда будет готов модуль приказов (app/services/orders.py)"


def available(module: str) -> bool:
    """True when ``module`` can be imported (the matching and order modules arrive separately)."""
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


def run_dialog(dialog: QDialog) -> bool:
    """``exec`` a dialog; tests replace this to drive dialogs without a modal loop."""
    return dialog.exec() == QDialog.DialogCode.Accepted


class PairsTab(QWidget):
    """Pairs and groups over an opened database (``set_database``); rows load in the background.

    Signals:
        data_changed: this tab changed the database (the base tabs must reload).
        counts_changed: the status-bar text changed.
        load_failed(object): the background load raised.
        status_message(str): a short note for the window's status bar.
    """

    data_changed = Signal()
    status_message = Signal(str)
    counts_changed = Signal()
    load_failed = Signal(object)
    title = "Пары и группы"

    def __init__(self, *, runner: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.db: Any = None
        self.loaded = False
        self._generation = 0
        self.waiting_model = WaitingModel(self)
        self.mentor_model = MentorModel(self)
        self.group_model = GroupModel(self)
        down = Qt.SortOrder.DescendingOrder
        self.waiting_view = make_view(self.waiting_model, self, WIDTHS["waiting"], (3, down))  # longest wait first
        self.mentor_view = make_view(self.mentor_model, self, WIDTHS["mentors"], (1, down))  # most free places
        self.group_view = make_view(self.group_model, self, WIDTHS["groups"], (0, down))  # newest first
        self.mentor_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        enable_mentee_drag(self.waiting_view, self.mentor_view)  # dropped mentees open the group dialog
        self.mentor_model.on_drop = lambda mentor_id, ids: QTimer.singleShot(
            0, lambda: self.open_new_group(mentor_id=mentor_id, mentee_ids=ids))
        self.waiting_search = search_box("Поиск наставляемого", self)
        self.mentor_search = search_box("Поиск наставника", self)
        self.group_search = search_box("Поиск по парам (ФИО, форма, приказ)", self)
        # at least 160 px: about what the button row leaves on a 1366 px screen (250 px would push the tab wider
        # than the screen); it takes nearly all the spare width of the row
        self.group_search.setMinimumWidth(160)
        self.status_filter = QComboBox(self)
        for text, code in STATUS_FILTERS:
            self.status_filter.addItem(text, code)
        self.group_model.status_filter = self.status_filter.currentData()

        def button(text: str, slot: Callable[[], Any], tip: str = "") -> QPushButton:
            b = QPushButton(text, self)
            b.setToolTip(tip)
            b.clicked.connect(lambda _checked=False: slot())
            return b

        self.create_button = button("Создать пару / группу", self.create_from_selection,
                                    "Один наставник справа и один или несколько наставляемых слева (Ctrl+Shift+N)")
        self.suggest_button = button("Подобрать наставника", self.suggest_for_mentee,
                                     "Наставники для выбранного наставляемого, лучшие сверху, с причинами")
        self.suggest_all_button = button("Подобрать всем…", self.suggest_all,
                                         "Предложить наставников всем ожидающим; результат — черновики")
        self.order_button = button("Сформировать приказ…", self.make_order,
                                   "Приказ об утверждении выбранных черновиков (или всех, не вошедших в приказ)")
        self.register_button = button("Реестр приказов…", self.open_register,
                                      "Все приказы: просмотр, печать, сохранение в PDF")
        self.edit_button = button("Изменить", self.edit_group, "Изменить выбранную пару (Enter)")
        self.delete_button = button("Удалить черновик", self.delete_drafts, "Удалить выбранные черновики")
        self.pin_button = button("Закрепить", self.toggle_pin, "Закреплённые пары подбор не меняет")
        self.ban_button = button("Невозможное сочетание", self.ban_selected,
                                 "Больше не предлагать этого наставника этим наставляемым")
        self.plan_button = button("ИПР…", self.open_plan, "Индивидуальный план развития наставляемых пары (группы)")
        self.status_button = QPushButton("Сменить статус", self)
        self.status_button.setToolTip("Пара работает, завершена или расформирована (с датой и причиной)")
        self.status_menu = QMenu(self.status_button)
        self.status_actions: dict[str, QAction] = {}
        for code in ("working", "finished", "dissolved"):
            action = self.status_menu.addAction(GROUP_STATUSES[code].capitalize())
            action.triggered.connect(lambda _checked=False, code=code: self.change_status(code))
            self.status_actions[code] = action
        self.status_button.setMenu(self.status_menu)
        self.completion = CompletionActions(self)  # «Завершить…», «Итоги», «Номинации…»
        self.create_action = QAction("Создать пару / группу", self)
        self.create_action.setShortcut(QKeySequence("Ctrl+Shift+N"))
        self.create_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.create_action.triggered.connect(lambda _checked=False: self.create_from_selection())
        self.addAction(self.create_action)
        self.summary = QLabel(self)
        self.summary.setStyleSheet("color: palette(mid);")

        top_bar = QHBoxLayout()
        for widget in (self.create_button, self.suggest_button, self.suggest_all_button, self.order_button,
                       self.register_button, self.completion.nominations_button):
            top_bar.addWidget(widget)
        top_bar.addStretch(1)
        top_bar.addWidget(self.summary)
        group_bar = QHBoxLayout()
        for widget in (self.edit_button, self.plan_button, self.delete_button, self.pin_button, self.status_button,
                       self.completion.complete_button, self.completion.results_button, self.ban_button):
            group_bar.addWidget(widget)
        group_bar.addStretch(1)
        group_bar.addWidget(self.status_filter)
        group_bar.addWidget(self.group_search, 10)
        self.split_top = QSplitter(Qt.Orientation.Horizontal, self)
        self.split_top.addWidget(titled("Ожидают пару", self.waiting_search, self.waiting_view))
        self.split_top.addWidget(titled("Наставники", self.mentor_search, self.mentor_view))
        self.split_main = QSplitter(Qt.Orientation.Vertical, self)
        self.split_main.addWidget(self.split_top)
        self.split_main.addWidget(titled("Пары и группы", group_bar, self.group_view))
        for splitter in (self.split_top, self.split_main):
            splitter.setChildrenCollapsible(False)
        self.split_main.setSizes([330, 300])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top_bar)
        layout.addWidget(self.split_main, 1)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(150)
        self._debounce.timeout.connect(self.apply_filters)
        for box in (self.waiting_search, self.mentor_search, self.group_search):
            box.textChanged.connect(self._debounce.start)
        self.status_filter.currentIndexChanged.connect(self.apply_filters)
        for view in (self.waiting_view, self.mentor_view, self.group_view):
            view.selectionModel().selectionChanged.connect(lambda *_: self.update_buttons())
            view.model().modelReset.connect(self.update_buttons)
        self.group_view.doubleClicked.connect(lambda _i: self.edit_group())
        self.waiting_view.doubleClicked.connect(lambda _i: self.suggest_for_mentee())
        self.group_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.group_view.customContextMenuRequested.connect(self._context_menu)
        self.update_buttons()

    # -- state -----------------------------------------------------------------
    def restore_state(self, settings: QSettings) -> None:
        for key, widget in (("pairs/split_top", self.split_top), ("pairs/split_main", self.split_main)):
            state = settings.value(key)
            if isinstance(state, QByteArray) and not state.isEmpty():
                widget.restoreState(state)
        for key, view in self._views().items():
            state = settings.value(f"pairs/header/{key}")
            if isinstance(state, QByteArray) and not state.isEmpty():
                view.horizontalHeader().restoreState(state)

    def save_state(self, settings: QSettings) -> None:
        settings.setValue("pairs/split_top", self.split_top.saveState())
        settings.setValue("pairs/split_main", self.split_main.saveState())
        for key, view in self._views().items():
            settings.setValue(f"pairs/header/{key}", view.horizontalHeader().saveState())

    def _views(self) -> dict[str, QTableView]:
        return {"waiting": self.waiting_view, "mentors": self.mentor_view, "groups": self.group_view}

    # -- loading ---------------------------------------------------------------
    def set_database(self, db: Any) -> None:
        self.db = db
        self.reload()

    def reload(self) -> None:
        """Waiting mentees, mentors and pairs in one background read; selections kept by id."""
        if self.db is None:
            return
        self._generation += 1
        generation, db = self._generation, self.db

        def work(_progress: Callable[[int, int], None]) -> tuple:
            from app.services.pairs import list_groups, mentor_loads, unpaired_mentees
            from app.settings import load_settings

            with db.session() as session:
                return (unpaired_mentees(session), mentor_loads(session), list_groups(session),
                        load_settings(session).pair_deadline_days)

        def done(result: tuple) -> None:
            if generation == self._generation:
                self.set_data(*result)

        self.runner.run(work, on_done=done, on_error=self.load_failed.emit)

    def set_data(self, waiting: list, mentors: list, groups: list, deadline_days: int) -> None:
        keep = {key: self._selected(view) for key, view in self._views().items()}
        self.waiting_model.deadline_days = deadline_days
        self.waiting_model.set_rows(waiting)
        self.mentor_model.set_rows(mentors)
        self.group_model.set_rows(groups)
        self.loaded = True
        for key, view in self._views().items():
            self.select_ids(view, [r.id for r in keep[key]])
        self._update_summary()
        self.counts_changed.emit()

    def apply_filters(self) -> None:
        self._debounce.stop()
        self.waiting_model.set_text(self.waiting_search.text())
        self.mentor_model.set_text(self.mentor_search.text())
        self.group_model.set_filter(status=self.status_filter.currentData() or "", text=self.group_search.text())

    def focus_search(self) -> None:
        self.group_search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.group_search.selectAll()

    # -- selection -------------------------------------------------------------
    @staticmethod
    def _selected(view: QTableView) -> list:
        model = view.model()
        rows = sorted({i.row() for i in view.selectionModel().selectedRows()})
        return [model.row_at(r) for r in rows if r < model.rowCount()]

    select_ids = staticmethod(select_row_ids)

    def selected_mentees(self) -> list:
        return self._selected(self.waiting_view)

    def selected_mentor(self) -> Any:
        rows = self._selected(self.mentor_view)
        return rows[0] if rows else None

    def selected_groups(self) -> list:
        return self._selected(self.group_view)

    def update_buttons(self) -> None:
        has_db = self.db is not None
        mentees, mentor, groups = self.selected_mentees(), self.selected_mentor(), self.selected_groups()
        matching, orders = available("app.services.matching"), available("app.services.orders")
        self.create_button.setEnabled(has_db and bool(mentees) and mentor is not None)
        self.create_action.setEnabled(self.create_button.isEnabled())
        self.suggest_button.setEnabled(has_db and matching and len(mentees) == 1)
        self.suggest_all_button.setEnabled(has_db and matching)
        self.order_button.setEnabled(has_db and orders)
        self.register_button.setEnabled(has_db and orders)
        for b, ok, tip in ((self.suggest_button, matching, NO_MATCHING), (self.suggest_all_button, matching,
                                                                            NO_MATCHING),
                           (self.order_button, orders, NO_ORDERS)):
            if not ok:
                b.setToolTip(tip)
        one = groups[0] if len(groups) == 1 else None
        self.edit_button.setEnabled(one is not None and one.status in ("draft", "approved", "working"))
        self.delete_button.setEnabled(bool(groups) and all(g.status == "draft" for g in groups))
        self.pin_button.setEnabled(bool(groups))
        self.pin_button.setText("Открепить" if groups and groups[0].pinned else "Закрепить")
        self.ban_button.setEnabled(one is not None and one.status == "draft")
        self.plan_button.setEnabled(one is not None and self.db is not None)
        allowed = GROUP_TRANSITIONS.get(one.status, ()) if one is not None else ()
        for code, action in self.status_actions.items():
            action.setEnabled(code in allowed)
        self.status_button.setEnabled(bool(allowed) and any(c in allowed for c in self.status_actions))
        self.completion.update(one)

    def _context_menu(self, pos: Any) -> None:
        menu = QMenu(self)
        for b in (self.edit_button, self.plan_button, self.delete_button, self.pin_button, self.ban_button):
            action = menu.addAction(b.text())
            action.setEnabled(b.isEnabled())
            action.triggered.connect(b.click)
        status = menu.addMenu("Сменить статус")
        status.setEnabled(self.status_button.isEnabled())
        for action in self.status_actions.values():
            status.addAction(action)
        self.completion.add_to_menu(menu)
        menu.exec(self.group_view.viewport().mapToGlobal(pos))

    # -- counts ----------------------------------------------------------------
    def counts_text(self) -> str:
        if not self.loaded:
            return ""
        groups = [g for g in self.group_model.all_rows() if g.status in ("draft", "approved", "working")]
        pairs = sum(1 for g in groups if len(g.mentee_ids) == 1)
        drafts = sum(1 for g in groups if g.status == "draft")
        deadline = self.waiting_model.deadline_days
        return (f"Ожидают пару: {len(self.waiting_model.all_rows())} (из них дольше {days_genitive(deadline)}: "
                f"{self.waiting_model.overdue_count()}) · пар: {pairs} · групп: {len(groups) - pairs} · "
                f"черновиков: {drafts}")

    def _update_summary(self) -> None:
        free = sum(m.free for m in self.mentor_model.all_rows())
        self.summary.setText(f"Свободных мест у наставников: {free}")

    # -- actions ---------------------------------------------------------------
    def changed(self, *, select_group: int | None = None) -> None:
        """After a write: reload this tab and tell the window (the base tabs show the pairs too)."""
        self.reload()
        if select_group is not None:
            self.select_ids(self.group_view, [select_group])
        self.data_changed.emit()

    def create_from_selection(self) -> int | None:
        mentees, mentor = self.selected_mentees(), self.selected_mentor()
        if self.db is None or not mentees or mentor is None:
            messages.inform(self, title="Создать пару", text="Выберите наставника справа и одного или нескольких "
                                                             "наставляемых слева.")
            return None
        return self.open_new_group(mentor_id=mentor.id, mentee_ids=[m.id for m in mentees])

    def open_new_group(self, *, mentor_id: int, mentee_ids: list[int]) -> int | None:
        from ui.pairs.group_dialog import GroupDialog, prefill

        try:
            with self.db.session() as session:
                data, mentor_name, names = prefill(session, mentor_id=mentor_id, mentee_ids=mentee_ids)
        except Exception as exc:  # noqa: BLE001
            messages.show_error(self, exc)
            return None
        dialog = GroupDialog(self, db=self.db, data=data, mentor_name=mentor_name, mentee_names=names)
        if run_dialog(dialog) and dialog.saved_id is not None:
            self.changed(select_group=dialog.saved_id)
            return dialog.saved_id
        return None

    def edit_group(self) -> int | None:
        from ui.pairs import group_actions

        return group_actions.edit_group(self)

    def open_plan(self) -> Any:
        from ui.pairs.plan_dialog import open_plan

        return open_plan(self)

    def delete_drafts(self) -> int:
        from ui.pairs import group_actions

        return group_actions.delete_drafts(self)

    def toggle_pin(self) -> None:
        from ui.pairs import group_actions

        group_actions.toggle_pin(self)

    def change_status(self, status: str) -> bool:
        from ui.pairs import completion_actions, group_actions

        if status == "finished":  # completion asks for the results, the case link and the final survey
            return completion_actions.complete_selected(self)
        return group_actions.change_status(self, status)

    def ban_selected(self) -> int:
        from ui.pairs import group_actions

        return group_actions.ban_selected(self)

    def suggest_for_mentee(self) -> None:
        from ui.pairs import suggestions

        suggestions.suggest_for_mentee(self)

    def suggest_all(self) -> list[int]:
        from ui.pairs import suggestions

        return suggestions.suggest_all(self)

    def make_order(self) -> int | None:
        from ui.pairs import order_dialog

        return order_dialog.make_order(self)

    def open_register(self) -> Any:
        from ui.pairs.orders_register import open_register

        return open_register(self)


__all__ = ["PairsTab", "available", "run_dialog"]
