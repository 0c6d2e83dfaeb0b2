"""The «Организации» tab: the register of schools with add, edit, archive, xlsx import and setup files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QEvent, QObject, QPoint, QSettings, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QMenu, QPushButton, QVBoxLayout, QWidget

from app.text import plural
from ui import file_dialogs, messages
from ui.municipality.tab_base import MunicipalityTab
from ui.pairs.models import GREY, RowsModel
from ui.pairs.views import make_view, search_box

WIDTHS = (90, 230, 520, 130, 220)
STATE_KEY = "municipality/schools/header"


class SchoolsModel(RowsModel):
    """Register entries (``SchoolEntry``); archived ones greyed and shown only with ``show_archived``."""

    COLUMNS = ("Код", "Краткое наименование", "Полное наименование", "Тип", "Контакт")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.show_archived = False

    def cells(self, row: Any) -> tuple[str, ...]:
        return row.code, row.short_name, row.full_name, row.kind, row.contact

    def accepts(self, row: Any) -> bool:
        return (self.show_archived or not row.archived) and super().accepts(row)

    def style(self, row: Any, role: int) -> Any:
        if not row.archived:
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            return GREY
        if role == Qt.ItemDataRole.ToolTipRole:
            return "в архиве"
        return None


def names_list(rows: list[Any], limit: int = 5) -> str:
    lines = [f"• {r.code} — {r.short_name or r.full_name}" for r in rows[:limit]]
    if len(rows) > limit:
        lines.append(f"… и ещё {len(rows) - limit}")
    return "\n".join(lines)


def organisations(n: int) -> str:
    return f"{n} {plural(n, 'организация', 'организации', 'организаций')}"


def organisations_acc(rows: list[Any]) -> str:
    """The object of «убрать в архив» / «вернуть из архива»: «организацию «СШ 13»» or «3 организации»."""
    if len(rows) == 1:
        return f"организацию {rows[0].code} «{rows[0].short_name or rows[0].full_name}»"
    n = len(rows)
    return f"{n} {plural(n, 'организацию', 'организации', 'организаций')}"


def archive_question(rows: list[Any], *, archive: bool) -> str:
    """The confirmation text of archiving (or restoring) ``rows``, in the right number."""
    if not archive:
        head = f"Вернуть из архива {organisations_acc(rows)}?"
        return head if len(rows) == 1 else f"{head}\n{names_list(rows)}"
    head = f"Убрать в архив {organisations_acc(rows)}?"
    if len(rows) == 1:
        return (f"{head}\n\nЕё пакеты и данные сохранятся; файл настройки ей не выдаётся, в своде она не числится "
                "среди не сдавших отчёт. Вернуть из архива можно в любой момент.")
    return (f"{head}\n{names_list(rows)}\n\nИх пакеты и данные сохранятся; файлы настройки им не выдаются, "
            "в своде они не числятся среди не сдавших отчёт. Вернуть из архива можно в любой момент.")


def archive_note(rows: list[Any], *, archive: bool, archive_shown: bool) -> str:
    """The status-bar note after archiving (or restoring) ``rows``."""
    one = len(rows) == 1
    if not archive:
        return (f"Организация «{rows[0].code}» возвращена из архива" if one
                else f"Из архива возвращено: {organisations(len(rows))}")
    note = f"Организация «{rows[0].code}» убрана в архив" if one else f"В архив убрано: {organisations(len(rows))}"
    if archive_shown:
        return note
    return note + f" — отметьте «Показать архив», чтобы увидеть {'её' if one else 'их'}"


class SchoolsTab(MunicipalityTab):
    """The schools register with add, edit, archive, xlsx import and setup files.

    Signals:
        selection_changed: the selected rows changed (the window enables its actions).
    """

    selection_changed = Signal()
    title = "Организации"

    def __init__(self, *, runner: Any, parent: QWidget | None = None) -> None:
        super().__init__(runner=runner, parent=parent)
        self.loaded = False
        self.settings: QSettings | None = None  # the window's, given by restore_state (last folders)
        self._generation = 0
        self.search = search_box("Поиск: код, наименование, контакт (Ctrl+F)", self)
        self.search.textChanged.connect(self.model_text_changed)
        self.archive_box = QCheckBox("Показать архив", self)
        self.archive_box.toggled.connect(self.set_show_archived)
        self.model = SchoolsModel(self)
        self.view = make_view(self.model, self, WIDTHS)
        self.view.doubleClicked.connect(lambda _index: self.edit_selected())
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self.show_menu)
        self.view.installEventFilter(self)  # Enter opens, Delete archives (see eventFilter)

        def button(text: str, slot: Callable[[], Any], tip: str) -> QPushButton:
            b = QPushButton(text, self)
            b.setToolTip(tip)
            b.clicked.connect(lambda _checked=False: slot())
            return b

        self.add_button = button("Добавить…", self.add_school, "Добавить организацию в реестр (Ctrl+N)")
        self.edit_button = button("Изменить…", self.edit_selected, "Карточка выбранной организации (Enter)")
        self.archive_button = button("В архив", self.archive_selected,
                                     "Убрать выбранные организации в архив или вернуть из архива (Delete)")
        self.import_button = button("Импорт из Excel…", self.import_register,
                                    "Загрузить реестр из таблицы Excel (Код, Полное наименование, Краткое "
                                    "наименование, Тип, Контакт): новые коды добавляются, у уже известных "
                                    "обновляются наименования, тип и контакт; пустая ячейка ничего не стирает")
        self.setup_button = QPushButton("Файлы настройки", self)
        self.setup_button.setToolTip(
            "Файл настройки (код, ключ шифрования, сроки сдачи) передаётся школе.\n"
            "«Для выбранных» — выделите строки в таблице (Ctrl+щелчок, Shift+щелчок) — Ctrl+E;\n"
            "«Для всех организаций» — по файлу на каждую действующую организацию, в одну папку.")
        setup_menu = QMenu(self.setup_button)
        self.setup_selected_action = setup_menu.addAction("Для выбранных организаций…\tCtrl+E")
        self.setup_selected_action.triggered.connect(lambda _checked=False: self.write_setup_files())
        self.setup_all_action = setup_menu.addAction("Для всех организаций…")
        self.setup_all_action.triggered.connect(lambda _checked=False: self.write_setup_files_all())
        self.setup_button.setMenu(setup_menu)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.archive_box)
        top.addSpacing(12)
        for b in (self.add_button, self.edit_button, self.archive_button, self.import_button, self.setup_button):
            top.addWidget(b)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        self.update_buttons()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """Enter on the table opens the selected entry, Delete archives (or restores) the selection."""
        if obj is self.view and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) \
                and event.modifiers() in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier):
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.edit_selected()
                return True
            if event.key() == Qt.Key.Key_Delete:
                self.archive_selected()
                return True
        return super().eventFilter(obj, event)

    # -- loading ---------------------------------------------------------------
    def reload(self) -> None:
        self.update_buttons()
        if self.db is None:
            return
        self._generation += 1
        generation, db = self._generation, self.db

        def work(_progress: Callable[[int, int], None]) -> list:
            from app.municipality.register import list_schools

            with db.session() as session:
                return list_schools(session, include_archived=True)

        def done(rows: list) -> None:
            if generation == self._generation:
                self.set_rows(rows)

        self.runner.run(work, on_done=done, on_error=self.load_failed.emit)

    def set_rows(self, rows: list[Any]) -> None:
        """Show ``rows``, keeping the selection by id."""
        selected = set(self.selected_ids())
        self.model.set_rows(rows)
        self._reselect(selected)
        self.loaded = True
        self.update_buttons()
        self.counts_changed.emit()
        self.selection_changed.emit()

    def _reselect(self, ids: set[int]) -> None:
        selection = self.view.selectionModel()
        selection.clearSelection()
        flags = selection.SelectionFlag.Select | selection.SelectionFlag.Rows
        for school_id in ids:
            n = self.model.row_of_id(school_id)
            if n is not None:
                selection.select(self.model.index(n, 0), flags)

    def model_text_changed(self, text: str) -> None:
        selected = set(self.selected_ids())
        self.model.set_text(text)
        self._reselect(selected)
        self._selection_changed()

    def set_show_archived(self, on: bool) -> None:
        selected = set(self.selected_ids())
        self.model.show_archived = on
        self.model.refilter()
        self._reselect(selected)
        self._selection_changed()

    def counts_text(self) -> str:
        if not self.loaded:
            return ""
        rows = self.model.all_rows()
        archived = sum(1 for r in rows if r.archived)
        return f"Организаций: {len(rows) - archived} (в архиве: {archived})"

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    # -- selection -------------------------------------------------------------
    def selected_rows(self) -> list[Any]:
        return [self.model.row_at(i.row()) for i in sorted(self.view.selectionModel().selectedRows(),
                                                           key=lambda i: i.row())]

    def selected_ids(self) -> list[int]:
        return [r.id for r in self.selected_rows()]

    def select_ids(self, ids: list[int]) -> None:
        self._reselect(set(ids))
        if ids and (n := self.model.row_of_id(ids[0])) is not None:
            self.view.scrollTo(self.model.index(n, 0))
        self._selection_changed()

    def _selection_changed(self) -> None:
        self.update_buttons()
        self.selection_changed.emit()

    def update_buttons(self) -> None:
        has_db = self.db is not None
        rows = self.selected_rows()
        for b in (self.add_button, self.import_button, self.setup_button):
            b.setEnabled(has_db)
        self.setup_selected_action.setEnabled(has_db and bool(rows))
        self.edit_button.setEnabled(has_db and len(rows) == 1)
        self.archive_button.setEnabled(has_db and bool(rows))
        restore = bool(rows) and all(r.archived for r in rows)
        self.archive_button.setText("Из архива" if restore else "В архив")

    def show_menu(self, pos: QPoint) -> None:
        menu = self.context_menu()
        menu.exec(self.view.viewport().mapToGlobal(pos))
        menu.deleteLater()

    def context_menu(self) -> QMenu:
        menu = QMenu(self)
        rows = self.selected_rows()
        restore = bool(rows) and all(r.archived for r in rows)
        for text, slot, enabled in (("Изменить…\tEnter", self.edit_selected, len(rows) == 1),
                                    (("Вернуть из архива" if restore else "В архив") + "\tDelete",
                                     self.archive_selected, bool(rows)),
                                    (None, None, None),
                                    ("Файл настройки…" if len(rows) == 1 else "Файлы настройки для выбранных…",
                                     self.write_setup_files, bool(rows)),
                                    ("Файлы настройки для всех организаций…", self.write_setup_files_all, True),
                                    ("Добавить организацию…", self.add_school, True)):
            if text is None:
                menu.addSeparator()
                continue
            action = menu.addAction(text)
            action.setEnabled(bool(enabled) and self.db is not None)
            action.triggered.connect(lambda _checked=False, s=slot: s())
        return menu

    # -- actions ---------------------------------------------------------------
    def _changed(self, note: str, select: list[int] | None = None) -> None:
        self.reload()
        if select:
            self.select_ids(select)
        self.data_changed.emit()
        self.status_message.emit(note)

    def add_school(self) -> None:
        from ui.municipality.school_entry_dialog import edit_school

        if self.db is None:
            return
        saved = edit_school(self, db=self.db)
        if saved is not None:
            self._changed(f"Организация «{saved.code}» добавлена в реестр", [saved.id])

    def edit_selected(self) -> None:
        from ui.municipality.school_entry_dialog import edit_school

        rows = self.selected_rows()
        if self.db is None or len(rows) != 1:
            return
        saved = edit_school(self, db=self.db, entry=rows[0])
        if saved is not None:
            self._changed(f"Организация «{saved.code}» сохранена", [saved.id])

    def archive_selected(self) -> None:
        """Archive the selected active entries; when only archived ones are selected, restore them."""
        from app.municipality.register import set_school_archived

        rows = self.selected_rows()
        if self.db is None or not rows:
            return
        active = [r for r in rows if not r.archived]
        archive = bool(active)
        targets = active if archive else rows
        ok = messages.confirm(self, title="В архив" if archive else "Из архива",
                              yes="В архив" if archive else "Вернуть", text=archive_question(targets, archive=archive))
        if not ok:
            return
        try:
            with self.db.session() as session:
                for row in targets:
                    set_school_archived(session, school_id=row.id, archived=archive)
        except Exception as exc:  # noqa: BLE001 - any failure becomes a message
            messages.show_error(self, exc, title="Архив")
            self.reload()
            return
        note = archive_note(targets, archive=archive, archive_shown=self.archive_box.isChecked())
        self._changed(note, [r.id for r in targets])

    def import_register(self) -> None:
        """Load an xlsx register in one transaction: new codes added, known ones updated; any bad row — no change."""
        from ui.municipality.last_dir import last_dir, remember_dir

        if self.db is None:
            return
        path, _filter = file_dialogs.getOpenFileName(self, "Импорт реестра организаций",
                                                     last_dir(self.settings, "register"), "Книга Excel (*.xlsx)")
        if not path:
            return
        remember_dir(self.settings, "register", path)
        db, name = self.db, Path(path).name

        def work(_progress: Callable[[int, int], None]) -> Any:
            from app.municipality.schools_xlsx import import_register

            with db.session() as session:
                return import_register(session, path=Path(path))

        def done(result: Any) -> None:
            self._changed(f"Реестр из «{name}»: {result.text()}")
            messages.inform(self, title="Импорт реестра", text=(
                f"Реестр из файла «{name}» загружен:\n• добавлено: {result.added}\n• обновлено: {result.updated}"
                f"\n• без изменений: {result.unchanged}"))

        def failed(exc: BaseException) -> None:
            messages.show_error(self, exc, title="Реестр не загружен")

        self.runner.run(work, on_done=done, on_error=failed, title="Импорт реестра организаций…", parent=self)

    def write_setup_files(self) -> None:
        """A setup file per selected school (when none is selected, asks about all active ones)."""
        from ui.municipality.setup_files import write_setup_files

        if self.db is not None:
            write_setup_files(self)

    def write_setup_files_all(self) -> None:
        """A setup file for every active school of the register, into one folder."""
        from ui.municipality.setup_files import write_setup_files

        if self.db is not None:
            write_setup_files(self, everyone=True)

    # -- state -----------------------------------------------------------------
    def save_state(self, settings: QSettings) -> None:
        settings.setValue(STATE_KEY, self.view.horizontalHeader().saveState())
        settings.setValue("municipality/schools/show_archived", self.archive_box.isChecked())

    def restore_state(self, settings: QSettings) -> None:
        self.settings = settings
        state = settings.value(STATE_KEY)
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.view.horizontalHeader().restoreState(state)
        show = settings.value("municipality/schools/show_archived", False)
        self.archive_box.setChecked(show in (True, "true", "1", 1))


__all__ = ["SchoolsModel", "SchoolsTab"]
