"""The main window: menus, toolbar, the base and work tabs, status bar; one «data changed» broadcast."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSettings, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QTabWidget

from app.text import plural
from ui import excel_actions, messages, navigation
from ui.main_menus import build_actions
from ui.pairs.pairs_tab import PairsTab
from ui.people.base_tab import BaseTab
from ui.work_tabs import LazyTabs

APP_TITLE = "MentorDesk"
NOUNS = {"mentees": ("наставляемого", "наставляемых", "наставляемых"),
         "mentors": ("наставника", "наставников", "наставников")}


def default_settings() -> QSettings:
    """Window state in «ui.ini» of the data directory (so MENTORDESK_HOME moves it too)."""
    from app.paths import data_dir

    return QSettings(str(data_dir() / "ui.ini"), QSettings.Format.IniFormat)


class MainWindow(QMainWindow):
    """Menus, the base and work tabs over an opened database; ``data_changed`` makes every tab reload."""

    data_changed = Signal()

    def __init__(self, *, runner: Any = None, settings: QSettings | None = None) -> None:
        super().__init__()
        if runner is None:
            from ui.tasks import TaskRunner

            runner = TaskRunner(self)
        self.runner = runner
        self.settings = settings if settings is not None else default_settings()
        self.db: Any = None
        self.school: Any = None
        self.setWindowTitle(APP_TITLE)
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.mentees = BaseTab("mentees", runner=runner, parent=self.tabs)
        self.mentors = BaseTab("mentors", runner=runner, parent=self.tabs)
        for tab in (self.mentees, self.mentors):
            self.tabs.addTab(tab, tab.config["title"])
            tab.edit_requested.connect(self.edit_record)
            tab.delete_requested.connect(self.archive_or_restore)
            tab.counts_changed.connect(self._update_status)
            tab.selection_changed.connect(self._update_actions)
            tab.archive.toggled.connect(self._update_actions)
            tab.load_failed.connect(lambda exc: messages.show_error(self, exc, title="Загрузка данных"))
            self.data_changed.connect(tab.reload)
        self.pairs = PairsTab(runner=runner, parent=self.tabs)
        self.tabs.addTab(self.pairs, self.pairs.title)
        self.wire_work_tab(self.pairs)
        self.lazy = LazyTabs(self)
        self.tabs.currentChanged.connect(self._tab_changed)
        self.setCentralWidget(self.tabs)
        self.counts = QLabel(self)
        self.statusBar().addPermanentWidget(self.counts)
        build_actions(self)
        self._restore_state()
        QTimer.singleShot(200, self, self.lazy.build_all)  # the other work tabs, once the window has painted
        self._update_status()
        self._update_actions()

    meetings = property(lambda self: self.lazy.get("meetings"))
    surveys = property(lambda self: self.lazy.get("surveys"))
    monitoring = property(lambda self: self.lazy.get("monitoring"))
    roadmap = property(lambda self: self.lazy.get("roadmap"))
    work_tabs = property(lambda self: (self.pairs, *self.lazy.built.values()))

    def wire_work_tab(self, tab: Any) -> None:
        """Connect a work tab to the status bar, error boxes, reloads and (monitoring) navigation."""
        tab.counts_changed.connect(self._update_status)
        tab.load_failed.connect(lambda exc: messages.show_error(self, exc, title="Загрузка данных"))
        tab.status_message.connect(lambda text: self.statusBar().showMessage(text, 6000))
        tab.data_changed.connect(lambda: self._work_tab_changed(tab))
        self.data_changed.connect(tab.reload)
        if hasattr(tab, "navigate"):
            tab.navigate.connect(lambda target, record: navigation.go_to(self, target, record))

    def _restore_state(self) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            screen = QApplication.primaryScreen()
            if screen is not None:
                area = screen.availableGeometry()
                self.resize(min(1360, area.width()), min(760, area.height()))
        try:
            index = int(self.settings.value("window/tab", 0))
        except (TypeError, ValueError):
            index = 0
        self.tabs.setCurrentIndex(index if 0 <= index < self.tabs.count() else 0)
        for tab in (self.mentees, self.mentors, *self.work_tabs):
            if hasattr(tab, "restore_state"):
                tab.restore_state(self.settings)

    def save_state(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/tab", self.tabs.currentIndex())
        for tab in (self.mentees, self.mentors, *self.work_tabs):
            if hasattr(tab, "save_state"):
                tab.save_state(self.settings)
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.save_state()
        self.runner.wait()
        if self.db is not None:
            self.db.close()
            self.db = None
        super().closeEvent(event)

    # -- database --------------------------------------------------------------
    def set_database(self, db: Any) -> None:
        """Attach an opened database: title from the profile, rows loaded in the background."""
        self.db = db
        self.refresh_title()
        for tab in (self.mentees, self.mentors, *self.work_tabs):
            tab.set_database(db)
        self._update_actions()

    def refresh_title(self) -> None:
        from app.services.school import get_school

        with self.db.session() as session:
            self.school = get_school(session)
        name = self.school.short_name if self.school and self.school.short_name else ""
        self.setWindowTitle(f"{name} — {APP_TITLE}" if name else APP_TITLE)

    def needs_profile(self) -> bool:
        return self.db is not None and self.school is None

    def ensure_profile(self) -> bool:
        """First start: ask for the school profile; allow postponing with a clear hint."""
        if not self.needs_profile():
            return True
        from ui import school_dialog

        if school_dialog.edit_school(self, db=self.db, first_start=True) is not None:
            self.refresh_title()
            return True
        messages.inform(self, title="Профиль организации",
                        text="Без профиля организации не получится сформировать приказ, отчёты и пакет "
                             "мониторинга.\nЗаполнить его можно в любой момент: «Файл → Профиль организации…».")
        self.statusBar().showMessage("Заполните профиль организации: «Файл → Профиль организации…»")
        return False

    # -- current tab -----------------------------------------------------------
    def current_tab(self) -> BaseTab:
        return self.mentees if self.tabs.currentWidget() is self.mentees else self.mentors

    def _tab_changed(self, _index: int) -> None:
        self.lazy.build_for(self.tabs.currentWidget())
        self._update_status()
        self._update_actions()

    def _work_tab_changed(self, source: Any) -> None:
        """A work tab changed data: the bases and the other work tabs reload."""
        for tab in (self.mentees, self.mentors, *self.work_tabs):
            if tab is not source:
                tab.reload()

    def _update_status(self) -> None:
        current, tab = self.tabs.currentWidget(), self.current_tab()
        text = current.counts_text() if current in self.work_tabs else tab.counts_text() if tab.loaded else ""
        self.counts.setText(text)

    def _update_actions(self) -> None:
        tab = self.current_tab()
        has_db = self.db is not None
        selected = bool(tab.selected_ids()) if has_db else False
        for action in (self.act_add, self.act_import, self.act_export, self.act_backup, self.act_restore_db,
                       self.act_profile, self.act_setup_file, self.act_settings, self.act_criteria, self.act_partners,
                       self.act_new_year,
                       *self.reference_actions.values()):
            action.setEnabled(has_db)
        on_bases = self.tabs.currentWidget() in (self.mentees, self.mentors)
        self.act_add.setEnabled(has_db and on_bases)
        self.act_edit.setEnabled(selected and on_bases)
        self.act_archive.setEnabled(selected and not tab.in_archive() and on_bases)
        self.act_unarchive.setEnabled(selected and tab.in_archive() and on_bases)

    def focus_search(self) -> None:
        current = self.tabs.currentWidget()
        (current if current in self.work_tabs else self.current_tab()).focus_search()

    # -- records ---------------------------------------------------------------
    def _editor(self, kind: str) -> Any:
        if kind == "mentees":
            from ui.people.mentee_dialog import edit_mentee

            return lambda record_id: edit_mentee(self, db=self.db, mentee_id=record_id)
        from ui.people.mentor_dialog import edit_mentor

        return lambda record_id: edit_mentor(self, db=self.db, mentor_id=record_id)

    def add_record(self) -> None:
        self._open_editor(None)

    def edit_record(self) -> None:
        record_id = self.current_tab().current_id()
        if record_id is None:
            self.statusBar().showMessage("Выберите запись в таблице", 5000)
            return
        self._open_editor(record_id)

    def _open_editor(self, record_id: int | None) -> None:
        if self.db is None:
            return
        tab = self.current_tab()
        try:
            saved = self._editor(tab.kind)(record_id)
        except Exception as exc:  # noqa: BLE001 - the dialog module may fail; show, keep working
            messages.show_error(self, exc)
            return
        if saved is not None:
            if record_id is None and tab.in_archive():
                tab.show_archive(False)
            tab.reload(select_ids=[saved])
            self._other(tab).reload()
            for work_tab in self.work_tabs:
                work_tab.reload()
            self.statusBar().showMessage("Сохранено", 4000)

    def _other(self, tab: BaseTab) -> BaseTab:
        return self.mentors if tab is self.mentees else self.mentees

    def archive_or_restore(self) -> None:
        if self.current_tab().in_archive():
            self.restore_selected()
        else:
            self.archive_selected()

    def _set_archived(self, archived: bool) -> int:
        tab = self.current_tab()
        ids = tab.selected_ids()
        if not ids or self.db is None:
            self.statusBar().showMessage("Выберите записи в таблице", 5000)
            return 0
        noun = plural(len(ids), *NOUNS[tab.kind])
        if len(ids) == 1:
            row = tab.model.row_at(tab.model.row_of_id(ids[0]) or 0)
            what = f"{noun} «{row.values[0]}»"
        else:
            what = f"{len(ids)} {noun}"
        if archived:
            ok = messages.confirm(self, title="В архив",
                                  text=f"Убрать в архив {what}?\nЗаписи не удаляются: их можно вернуть, "
                                       "отметив «Архив» и выбрав «Восстановить из архива».", yes="В архив")
        else:
            ok = messages.confirm(self, title="Восстановить из архива", text=f"Вернуть из архива {what}?",
                                  yes="Восстановить")
        if not ok:
            return 0
        from app.services.people import set_mentees_archived, set_mentors_archived

        try:
            with self.db.session() as session:
                if tab.kind == "mentees":
                    count = set_mentees_archived(session, mentee_ids=ids, archived=archived)
                else:
                    count = set_mentors_archived(session, mentor_ids=ids, archived=archived)
        except Exception as exc:  # noqa: BLE001
            messages.show_error(self, exc)
            return 0
        self.data_changed.emit()
        self.statusBar().showMessage(f"{'Убрано в архив' if archived else 'Возвращено из архива'}: {count}", 5000)
        return count

    def archive_selected(self) -> int:
        return self._set_archived(True)

    def restore_selected(self) -> int:
        return self._set_archived(False)

    # -- files -----------------------------------------------------------------
    def import_excel(self) -> None:
        current = self.tabs.currentWidget()
        current.import_excel() if hasattr(current, "import_excel") else excel_actions.import_excel(self)

    def export_excel(self) -> None:
        current = self.tabs.currentWidget()
        current.export_excel() if hasattr(current, "export_excel") else excel_actions.export_excel(self)

    def export_to(self, path: Path, *, kind: str, include_archived: bool = False) -> None:
        excel_actions.export_to(self, path, kind=kind, include_archived=include_archived)

    def backup(self) -> None:
        from ui.backup_actions import backup_window

        backup_window(self)

    def restore_backup(self) -> None:
        from ui.backup_actions import restore_window

        restore_window(self)

    # -- dialogs -----------------------------------------------------------------
    def edit_profile(self) -> None:
        from ui import school_dialog

        if self.db is not None and school_dialog.edit_school(self, db=self.db) is not None:
            self.refresh_title()

    def load_setup_file(self) -> None:
        from ui.setup_file_actions import load_setup_file

        if self.db is not None:
            load_setup_file(self)

    def edit_reference(self, code: str) -> None:
        from ui.reference_dialog import edit_reference_list

        if self.db is not None:
            edit_reference_list(self, db=self.db, list_code=code)

    def edit_settings(self) -> None:
        from ui.settings_dialog import edit_settings

        if self.db is not None:
            edit_settings(self, db=self.db)

    def edit_criteria(self) -> None:
        from ui.pairs.criteria_dialog import edit_criteria

        if self.db is not None:
            edit_criteria(self, db=self.db)

    def about(self) -> None:
        from ui.about import show_about

        show_about(self, db=self.db)

