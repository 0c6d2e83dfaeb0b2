"""The municipality window: the schools register, received packages and the «Свод», with their menus."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QByteArray, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QTabWidget, QToolBar

from ui import messages
from ui.main_menus import open_guide
from ui.municipality.packages_tab import PackagesTab
from ui.municipality.schools_tab import SchoolsTab
from ui.municipality.summary_tab import SummaryTab

APP_TITLE = "Управление образования — MentorDesk"  # ends with the display name: Qt does not append it again


class MunicipalityWindow(QMainWindow):
    """The main window of a municipality database; ``data_changed`` makes every tab reload."""

    data_changed = Signal()

    def __init__(self, *, runner: Any = None, settings: QSettings | None = None) -> None:
        super().__init__()
        if runner is None:
            from ui.tasks import TaskRunner

            runner = TaskRunner(self)
        if settings is None:
            from ui.main_window import default_settings

            settings = default_settings()
        self.runner = runner
        self.settings = settings
        self.db: Any = None
        self.profile: Any = None
        self.setWindowTitle(APP_TITLE)
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.summary = SummaryTab(runner=runner, parent=self.tabs)
        self.packages = PackagesTab(runner=runner, parent=self.tabs)
        self.schools = SchoolsTab(runner=runner, parent=self.tabs)
        for tab in self.all_tabs:
            self.tabs.addTab(tab, tab.title)
            tab.counts_changed.connect(self._update_status)
            tab.load_failed.connect(lambda exc: messages.show_error(self, exc, title="Загрузка данных"))
            tab.status_message.connect(lambda text: self.statusBar().showMessage(text, 6000))
            tab.data_changed.connect(lambda source=tab: self._tab_changed_data(source))
            self.data_changed.connect(tab.reload)
        self.schools.selection_changed.connect(self._update_actions)
        self.summary.open_packages.connect(self._show_packages)
        self.tabs.currentChanged.connect(lambda _i: (self._update_status(), self._update_actions()))
        self.setCentralWidget(self.tabs)
        self.counts = QLabel(self)
        self.statusBar().addPermanentWidget(self.counts)
        self._build_actions()
        self._restore_state()
        self._update_status()
        self._update_actions()

    all_tabs = property(lambda self: (self.summary, self.packages, self.schools))

    # -- construction ----------------------------------------------------------
    def _action(self, text: str, slot: Any, shortcut: Any = None, tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setToolTip(tip)
            action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _build_actions(self) -> None:
        a = self._action
        self.act_profile = a("Профиль управления образования…", self.edit_profile)
        self.act_import_files = a("Загрузить пакеты…", lambda: self._on_packages("import_files"), "Ctrl+O",
                                  "Загрузить пакеты мониторинга школ из файлов (Ctrl+O)")
        self.act_import_folder = a("Загрузить папку с пакетами…", lambda: self._on_packages("import_folder"),
                                   "Ctrl+Shift+O", "Загрузить все пакеты из папки или с флешки (Ctrl+Shift+O)")
        self.act_report_xlsx = a("Сводный отчёт (Excel)…", lambda: self.summary.export_xlsx(),
                                 tip="Сводные показатели, по организациям, не сдавшие отчёт")
        self.act_report_pdf = a("Информационная справка (PDF)…", lambda: self.summary.export_note(), "Ctrl+P",
                                "Информационная справка о реализации целевой модели наставничества за квартал")
        self.act_backup = a("Резервная копия…", self.backup)
        self.act_restore_db = a("Восстановить из копии…", self.restore_backup)
        self.act_quit = a("Выход", self.close, QKeySequence.StandardKey.Quit)
        self.act_add = a("Добавить организацию…", lambda: self._on_schools("add_school"), "Ctrl+N",
                         "Добавить организацию в реестр (Ctrl+N)")
        self.act_edit = a("Изменить\tEnter", lambda: self._on_schools("edit_selected"),
                          tip="Открыть карточку выбранной организации (Enter)")
        self.act_archive = a("В архив / из архива\tDelete", lambda: self._on_schools("archive_selected"),
                             tip="Убрать выбранные организации в архив или вернуть из архива (Delete)")
        self.act_import_register = a("Импорт реестра из Excel…", lambda: self._on_schools("import_register"))
        self.act_setup_files = a("Файлы настройки для выбранных…", lambda: self._on_schools("write_setup_files"),
                                 "Ctrl+E", "Записать файлы настройки для организаций, выделенных в таблице "
                                 "(Ctrl+щелчок — выделить несколько) (Ctrl+E)")
        self.act_setup_files_all = a("Файлы настройки для всех организаций…",
                                     lambda: self._on_schools("write_setup_files_all"),
                                     tip="Записать в одну папку файлы настройки всех действующих организаций")
        self.act_calendar = a("Сроки сдачи отчётов…", self.edit_calendar)
        self.act_public_key = a("Сохранить открытый ключ…", self.export_public_key)
        self.act_private_key = a("Сохранить закрытый ключ…", self.export_private_key)
        self.act_find = a("Найти", self.focus_search, QKeySequence.StandardKey.Find, "Поиск (Ctrl+F)")
        self.act_guide = a("Руководство пользователя", lambda: open_guide(self, page="08-municipality.html"),
                           QKeySequence.StandardKey.HelpContents, "Руководство пользователя (F1)")
        self.act_about = a("О программе", self.about)
        self.act_import_files.setIconText("Загрузить пакеты")
        self.act_report_pdf.setIconText("Справка (PDF)")
        self.act_report_xlsx.setIconText("Отчёт (Excel)")
        bar = self.menuBar()
        menus = (
            ("&Файл", (self.act_profile, None, self.act_import_files, self.act_import_folder, None,
                       self.act_report_xlsx, self.act_report_pdf, None, self.act_backup, self.act_restore_db, None,
                       self.act_quit)),
            ("&Организации", (self.act_add, self.act_edit, self.act_archive, None, self.act_import_register,
                              self.act_setup_files, self.act_setup_files_all, None, self.act_find)),
            ("&Сервис", (self.act_calendar, None, self.act_public_key, self.act_private_key)),
            ("Спр&авка", (self.act_guide, None, self.act_about)),
        )
        for title, actions in menus:
            menu = bar.addMenu(title)
            for action in actions:
                menu.addSeparator() if action is None else menu.addAction(action)
        toolbar = QToolBar("Основные действия", self)
        toolbar.setObjectName("municipality_toolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        # organisation actions (add, edit) live on the «Организации» tab's own buttons, not on every tab
        for action in (self.act_import_files, None, self.act_report_xlsx, self.act_report_pdf):
            toolbar.addSeparator() if action is None else toolbar.addAction(action)
        self.addToolBar(toolbar)
        self.toolbar = toolbar

    def _restore_state(self) -> None:
        geometry = self.settings.value("municipality/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            screen = QApplication.primaryScreen()
            if screen is not None:
                area = screen.availableGeometry()
                self.resize(min(1360, area.width()), min(760, area.height()))
        try:
            index = int(self.settings.value("municipality/tab", 0))
        except (TypeError, ValueError):
            index = 0
        self.tabs.setCurrentIndex(index if 0 <= index < self.tabs.count() else 0)
        for tab in self.all_tabs:
            tab.restore_state(self.settings)

    def save_state(self) -> None:
        self.settings.setValue("municipality/geometry", self.saveGeometry())
        self.settings.setValue("municipality/tab", self.tabs.currentIndex())
        for tab in self.all_tabs:
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
        """Attach an opened municipality database: title from the profile, tabs load in the background."""
        self.db = db
        self.refresh_title()
        for tab in self.all_tabs:
            tab.set_database(db)
        self._update_actions()

    def refresh_title(self) -> None:
        from app.municipality.register import get_profile

        with self.db.session() as session:
            self.profile = get_profile(session)
        name = self.profile.name if self.profile is not None else ""
        self.setWindowTitle(f"{name} — MentorDesk" if name else APP_TITLE)

    def ensure_profile(self) -> bool:
        """A municipality database without a profile (and key pair) asks for it; a postponed one says how."""
        if self.db is None or self.profile is not None:
            return True
        from ui.municipality.profile_dialog import edit_profile

        if edit_profile(self, db=self.db, first_start=True) is not None:
            self.refresh_title()
            self.data_changed.emit()
            return True
        self.statusBar().showMessage("Заполните профиль: «Файл → Профиль управления образования…»")
        return False

    # -- tabs ------------------------------------------------------------------
    def _tab_changed_data(self, source: Any) -> None:
        for tab in self.all_tabs:
            if tab is not source:
                tab.reload()

    def _on_schools(self, method: str) -> None:
        if self.db is None:
            return
        self.tabs.setCurrentWidget(self.schools)
        getattr(self.schools, method)()

    def _on_packages(self, method: str) -> None:
        if self.db is None:
            return
        if not self.ensure_profile():
            return
        getattr(self.packages, method)()

    def _show_packages(self, school_id: Any = None, period: Any = None) -> None:
        self.tabs.setCurrentWidget(self.packages)
        self.packages.show_history(school_id=school_id, period=period)

    def _update_status(self) -> None:
        current = self.tabs.currentWidget()
        self.counts.setText(current.counts_text() if current in self.all_tabs else "")

    def _update_actions(self) -> None:
        has_db = self.db is not None
        for action in (self.act_profile, self.act_import_files, self.act_import_folder, self.act_report_xlsx,
                       self.act_report_pdf, self.act_backup, self.act_restore_db, self.act_add,
                       self.act_import_register, self.act_setup_files_all, self.act_calendar, self.act_public_key,
                       self.act_private_key):
            action.setEnabled(has_db)
        selected = has_db and bool(self.schools.selected_ids())
        on_schools = self.tabs.currentWidget() is self.schools
        self.act_edit.setEnabled(selected and on_schools)
        self.act_setup_files.setEnabled(selected)
        self.act_archive.setEnabled(selected and on_schools)

    def focus_search(self) -> None:
        current = self.tabs.currentWidget()
        if current in self.all_tabs:
            current.focus_search()

    # -- dialogs -----------------------------------------------------------------
    def edit_profile(self) -> None:
        from ui.municipality.profile_dialog import edit_profile

        if self.db is not None and edit_profile(self, db=self.db, first_start=self.profile is None) is not None:
            self.refresh_title()
            self.data_changed.emit()

    def edit_calendar(self) -> None:
        from ui.municipality.calendar_dialog import edit_calendar

        if self.db is not None and edit_calendar(self, db=self.db):
            self.data_changed.emit()

    def export_public_key(self) -> None:
        from ui.municipality.keys_actions import export_public_key

        if self.db is not None and self.ensure_profile():
            export_public_key(self, db=self.db)

    def export_private_key(self) -> None:
        from ui.municipality.keys_actions import export_private_key

        if self.db is not None and self.ensure_profile():
            export_private_key(self, db=self.db)

    def backup(self) -> None:
        from ui.backup_actions import backup_window

        backup_window(self)

    def restore_backup(self) -> None:
        from ui.backup_actions import restore_window

        restore_window(self)

    def about(self) -> None:
        from ui.about import show_about

        show_about(self, db=self.db)
