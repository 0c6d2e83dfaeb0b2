"""The school window's actions, menus and toolbar (built once by ``build_actions``)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QToolBar

from app.schemas import REFERENCE_LISTS


def make_action(window: Any, text: str, slot: Any, shortcut: Any = None, tip: str = "") -> QAction:
    """A QAction owned by ``window`` calling ``slot()`` (without the «checked» argument)."""
    action = QAction(text, window)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    if tip:
        action.setToolTip(tip)
        action.setStatusTip(tip)
    action.triggered.connect(lambda _checked=False: slot())
    return action


def build_actions(window: Any) -> None:
    """Create ``window.act_*``, the menu bar and the toolbar of the school window."""
    w = window

    def a(text: str, slot: Any, shortcut: Any = None, tip: str = "") -> QAction:
        return make_action(w, text, slot, shortcut, tip)

    w.act_profile = a("Профиль организации…", w.edit_profile)
    w.act_setup_file = a("Загрузить файл настройки от управления образования…", w.load_setup_file,
                         tip="Код организации, ключ шифрования пакетов и сроки сдачи отчётов из файла .mdsetup")
    w.act_import = a("Импорт из Excel…", w.import_excel, tip="Загрузить базу из файла xlsx или csv")
    w.act_export = a("Экспорт в Excel…", w.export_excel, tip="Выгрузить текущую базу в файл xlsx")
    w.act_backup = a("Резервная копия…", w.backup)
    w.act_restore_db = a("Восстановить из копии…", w.restore_backup)
    w.act_quit = a("Выход", w.close, QKeySequence.StandardKey.Quit)
    w.act_add = a("Добавить", w.add_record, "Ctrl+N", "Добавить запись (Ctrl+N)")
    w.act_edit = a("Изменить\tEnter", w.edit_record, tip="Открыть выбранную запись (Enter)")
    w.act_archive = a("В архив\tDelete", w.archive_selected, tip="Убрать выбранные записи в архив (Delete)")
    w.act_unarchive = a("Восстановить из архива", w.restore_selected, tip="Вернуть выбранные записи из архива")
    w.act_find = a("Найти", w.focus_search, QKeySequence.StandardKey.Find, "Поиск (Ctrl+F)")
    w.act_settings = a("Настройки…", w.edit_settings)
    w.act_criteria = a("Критерии подбора…", w.edit_criteria)
    w.act_partners = a("Организации-партнёры…", lambda: open_partners(w),
                       tip="Организации, предоставляющие наставников: договоры, контакты, благодарственные письма")
    w.act_new_year = a("Новый учебный год…", lambda: start_new_year(w),
                       tip="Перевести классы, выпустить выпускников, начать дорожную карту нового года")
    w.act_guide = a("Руководство пользователя", lambda: open_guide(w), QKeySequence.StandardKey.HelpContents,
                    "Руководство пользователя (F1)")
    w.act_about = a("О программе", w.about)
    w.act_edit.setIconText("Изменить")
    w.act_archive.setIconText("В архив")
    w.act_unarchive.setIconText("Из архива")
    bar = w.menuBar()
    file_menu = bar.addMenu("&Файл")
    for action in (w.act_profile, w.act_setup_file, None, w.act_import, w.act_export, None, w.act_backup,
                   w.act_restore_db, None, w.act_quit):
        file_menu.addSeparator() if action is None else file_menu.addAction(action)
    edit_menu = bar.addMenu("&Правка")
    for action in (w.act_add, w.act_edit, w.act_archive, w.act_unarchive, None, w.act_find):
        edit_menu.addSeparator() if action is None else edit_menu.addAction(action)
    ref_menu = bar.addMenu("Сп&равочники")
    w.reference_actions = {}
    for code, title in REFERENCE_LISTS.items():
        action = a(f"{title}…", lambda code=code: w.edit_reference(code))
        ref_menu.addAction(action)
        w.reference_actions[code] = action
    ref_menu.addSeparator()
    ref_menu.addAction(w.act_partners)
    service_menu = bar.addMenu("&Сервис")
    service_menu.addAction(w.act_settings)
    service_menu.addAction(w.act_criteria)
    service_menu.addSeparator()
    service_menu.addAction(w.act_new_year)
    help_menu = bar.addMenu("Спр&авка")
    help_menu.addAction(w.act_guide)
    help_menu.addSeparator()
    help_menu.addAction(w.act_about)
    toolbar = QToolBar("Основные действия", w)
    toolbar.setObjectName("main_toolbar")
    toolbar.setMovable(False)
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    for action in (w.act_add, w.act_edit, w.act_archive, w.act_unarchive, None, w.act_import, w.act_export):
        toolbar.addSeparator() if action is None else toolbar.addAction(action)
    w.addToolBar(toolbar)
    w.toolbar = toolbar


__all__ = ["build_actions", "make_action"]


def open_partners(window: Any) -> None:
    """«Справочники → Организации-партнёры…»."""
    from ui.partners.partners_dialog import edit_partners

    if window.db is not None:
        edit_partners(window)


def open_guide(window: Any, page: str | None = None) -> None:
    """«Справка → Руководство пользователя» (F1); imported on use, not at start-up."""
    from ui.help_window import show_guide

    show_guide(window, page=page)


def start_new_year(window: Any) -> None:
    """«Сервис → Новый учебный год…»: the rollover wizard."""
    from ui.rollover_dialog import run_rollover

    if window.db is not None:
        run_rollover(window)
