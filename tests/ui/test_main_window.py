"""The main window: tabs, first start, search, filters, sorting, archive, counts, remembered layout, backups."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt

from tests import factories
from tests.typing_helper import type_text


def names(tab) -> list[str]:
    return [tab.model.row_at(n).values[0] for n in range(tab.model.rowCount())]


def search(qtbot, tab, text: str) -> None:
    tab.search.clear()
    type_text(tab.search, text)
    qtbot.waitUntil(lambda: tab.model.current_filter() is not None and tab.model.current_filter().text == text,
                    timeout=2000)


def select_names(tab, wanted: set[str]) -> None:
    ids = [tab.model.row_at(n).id for n in range(tab.model.rowCount()) if tab.model.row_at(n).values[0] in wanted]
    tab.select_ids(ids)


def test_tabs_with_russian_titles_and_menus(window):
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == [
        "Наставляемые", "Наставники", "Пары и группы", "Журнал встреч", "Анкеты", "Мониторинг", "Дорожная карта"]
    menus = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert menus == ["Файл", "Правка", "Справочники", "Сервис", "Справка"]
    assert len(window.reference_actions) == 9
    assert window.windowTitle() == "MentorDesk"  # no profile yet
    assert window.needs_profile()


def test_title_shows_the_school_short_name(make_window, session):
    from app.services.school import save_school

    save_school(session, data=factories.school())
    window = make_window()
    assert window.windowTitle().startswith("МБОУ СШ № 1")
    assert not window.needs_profile()


def test_first_start_opens_the_profile_dialog_through_the_composition_root(qtbot, make_window, tmp_path,
                                                                           monkeypatch):
    """open_into opens a new database (daily backup, seeding) and asks for the profile when missing."""
    from ui import messages, school_dialog
    from ui.application import open_into

    calls, informed = [], []
    monkeypatch.setattr(school_dialog, "edit_school", lambda parent, *, db, first_start=False:
                        calls.append(first_start))
    monkeypatch.setattr(messages, "inform", lambda parent, *, title, text: informed.append(text))
    monkeypatch.setattr("ui.startup.run_dialog", lambda dialog: dialog.choose("school") or True)
    window = make_window(attach=False)
    open_into(window, tmp_path / "new.sqlite3")
    assert window.db is not None and window.db.path.name == "new.sqlite3"
    assert calls == [True]
    assert "Файл → Профиль организации" in informed[0]  # postponing is allowed, with a hint
    assert window.mentees.loaded and "База пуста" in window.mentees.empty.text()
    window.db.close()


def test_first_start_saved_profile_updates_the_title(make_window, monkeypatch):
    from app.services.school import save_school
    from ui import school_dialog

    def fill(parent, *, db, first_start=False):
        with db.session() as s:
            return save_school(s, data=factories.school(short_name="Гимназия № 2"))

    monkeypatch.setattr(school_dialog, "edit_school", fill)
    window = make_window()
    assert window.ensure_profile() is True
    assert window.windowTitle().startswith("Гимназия № 2")


def test_newer_database_shows_a_russian_error(make_window, tmp_path, monkeypatch):
    import sqlite3

    from ui import messages
    from ui.application import open_into

    path = tmp_path / "future.sqlite3"
    from app.database import open_database

    open_database(path).close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    conn.commit()
    conn.close()
    shown, failed = [], []
    monkeypatch.setattr(messages, "show_error", lambda parent, exc, title="": shown.append(str(exc)))
    window = make_window(attach=False)
    open_into(window, path, on_fail=lambda: failed.append(True))
    assert window.db is None and failed == [True]
    assert "более новой версией" in shown[0]


def test_search_is_cyrillic_safe_with_debounce(qtbot, window):
    tab = window.mentees
    search(qtbot, tab, "иван")
    assert names(tab) == ["Иванов Пётр Сергеевич"]
    window.tabs.setCurrentWidget(window.mentors)
    search(qtbot, window.mentors, "елкин")
    assert names(window.mentors) == ["Ёлкина Светлана Викторовна"]
    search(qtbot, window.mentors, "ЗАЙЦ олег")
    assert names(window.mentors) == ["Зайцев Олег Петрович"]


def test_ctrl_f_focuses_the_search_box(qtbot, window):
    window.activateWindow()
    window.mentees.view.setFocus()
    window.act_find.trigger()
    assert window.mentees.search.hasFocus() or window.focusWidget() is window.mentees.search


def test_filters_and_reset(qtbot, window):
    tab = window.mentees
    assert len(names(tab)) == 4
    tab.group.setCurrentIndex(tab.group.findData("7"))
    assert sorted(names(tab)) == ["Петрова Алёна Игоревна", "Сидоров Кирилл"]
    tab.group.setCurrentIndex(tab.group.findData("7А"))
    assert names(tab) == ["Сидоров Кирилл"]
    tab.group.setCurrentIndex(0)
    tab.category.setCurrentIndex(tab.category.findData("студент"))
    assert names(tab) == ["Сидоров Кирилл"]
    tab.category.setCurrentIndex(0)
    tab.status.setCurrentIndex(tab.status.findData("finished"))
    assert names(tab) == ["Сидоров Кирилл"]
    tab.partner.setCurrentIndex(tab.partner.findData("yes"))
    assert names(tab) == [] and "Ничего не найдено" in tab.empty.text()
    assert tab.stack.currentWidget() is tab.empty
    tab.reset_button.click()
    assert len(names(tab)) == 4 and tab.stack.currentWidget() is tab.view
    assert [tab.group.itemData(i) for i in range(1, 12)] == [str(p) for p in range(1, 12)]


def test_partner_filter_uses_active_pairs(qtbot, window, session, people):
    from db.models import GroupMember, MentoringGroup

    group = MentoringGroup(mentor_id=people["elkina"], status="working")
    session.add(group)
    session.flush()
    session.add(GroupMember(group_id=group.id, mentee_id=people["ivanov"]))
    session.commit()
    window.data_changed.emit()
    tab = window.mentees
    tab.partner.setCurrentIndex(tab.partner.findData("yes"))
    assert names(tab) == ["Иванов Пётр Сергеевич"]
    mentors = window.mentors
    mentors.partner.setCurrentIndex(mentors.partner.findData("no"))
    assert names(mentors) == ["Зайцев Олег Петрович"]
    assert mentors.partner.currentText() == "Без наставляемых"


def test_sort_by_header_click_orders_dates_chronologically(qtbot, window):
    tab = window.mentees
    header = tab.view.horizontalHeader()
    x = header.sectionViewportPosition(1) + header.sectionSize(1) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))
    births = [tab.model.row_at(n).values[1] for n in range(tab.model.rowCount())]
    parsed = [dt.datetime.strptime(b, "%d.%m.%Y").date() for b in births]
    assert header.sortIndicatorSection() == 1
    expected = sorted(parsed, reverse=header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder)
    assert parsed == expected
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))
    again = [dt.datetime.strptime(tab.model.row_at(n).values[1], "%d.%m.%Y").date()
             for n in range(tab.model.rowCount())]
    assert again == list(reversed(parsed))


def test_delete_archives_after_confirmation_and_restore_in_archive_view(qtbot, window, monkeypatch):
    from ui import messages

    asked = []
    monkeypatch.setattr(messages, "confirm", lambda parent, *, title, text, yes="Да", no="Отмена":
                        asked.append(text) or True)
    tab = window.mentees
    select_names(tab, {"Петрова Алёна Игоревна", "Орлова Мария"})
    tab.view.setFocus()
    qtbot.keyClick(tab.view, Qt.Key.Key_Delete)
    assert "2 наставляемых" in asked[0]
    assert sorted(names(tab)) == ["Иванов Пётр Сергеевич", "Сидоров Кирилл"]
    assert window.counts.text() == "Показано 2 из 2 · в архиве 2"
    tab.archive.setChecked(True)
    assert sorted(names(tab)) == ["Орлова Мария", "Петрова Алёна Игоревна"]
    assert window.counts.text() == "Архив: показано 2 из 2"
    assert window.act_unarchive.isEnabled() is False
    select_names(tab, {"Орлова Мария"})
    assert window.act_unarchive.isEnabled() and not window.act_archive.isEnabled()
    window.act_unarchive.trigger()
    assert "«Орлова Мария»" in asked[1]
    assert names(tab) == ["Петрова Алёна Игоревна"]
    tab.archive.setChecked(False)
    assert "Орлова Мария" in names(tab)


def test_cancelled_confirmation_changes_nothing(qtbot, window, monkeypatch):
    from ui import messages

    monkeypatch.setattr(messages, "confirm", lambda *a, **k: False)
    tab = window.mentees
    select_names(tab, {"Орлова Мария"})
    assert window.archive_selected() == 0
    assert len(names(tab)) == 4


def test_status_bar_counts_follow_search_and_tab(qtbot, window):
    assert window.counts.text() == "Показано 4 из 4 · в архиве 0"
    search(qtbot, window.mentees, "ова")
    assert window.counts.text() == "Показано 2 из 4 · в архиве 0"
    window.tabs.setCurrentWidget(window.mentors)
    assert window.counts.text() == "Показано 2 из 2 · в архиве 0"


def test_selection_is_kept_by_id_across_reloads(window):
    tab = window.mentees
    select_names(tab, {"Орлова Мария"})
    before = tab.selected_ids()
    window.data_changed.emit()
    assert tab.selected_ids() == before


def test_column_widths_sort_and_tab_remembered(qtbot, make_window, people):
    first = make_window()
    header = first.mentees.view.horizontalHeader()
    header.resizeSection(0, 333)
    header.setSortIndicator(1, Qt.SortOrder.DescendingOrder)
    first.tabs.setCurrentIndex(1)
    first.close()
    second = make_window()
    assert second.mentees.view.horizontalHeader().sectionSize(0) == 333
    assert second.mentees.model.sort_state() == (1, Qt.SortOrder.DescendingOrder)
    assert second.tabs.currentIndex() == 1


def test_rows_fit_the_font(window):
    tab = window.mentees
    from PySide6.QtWidgets import QHeaderView

    assert tab.view.verticalHeader().sectionResizeMode(0) == QHeaderView.ResizeMode.Fixed
    assert tab.view.verticalHeader().defaultSectionSize() == tab.fontMetrics().height() + 6
    assert tab.view.alternatingRowColors()


def test_empty_base_explains_what_to_do(make_window):
    window = make_window()
    assert window.mentees.stack.currentWidget() is window.mentees.empty
    assert "Добавьте наставляемого (Ctrl+N)" in window.mentees.empty.text()
    assert "Добавьте наставника" in window.mentors.empty.text()


def test_edit_and_add_reload_and_select(qtbot, window, monkeypatch, session):
    mentee_dialog = pytest.importorskip("ui.people.mentee_dialog")
    from app.services.people import save_mentee

    new_id = save_mentee(session, data=factories.mentee(last_name="Новикова", first_name="Ольга"))
    opened = []
    monkeypatch.setattr(mentee_dialog, "edit_mentee", lambda parent, *, db, mentee_id: opened.append(mentee_id)
                        or new_id)
    window.act_add.trigger()
    assert opened == [None]
    assert window.mentees.selected_ids() == [new_id]
    qtbot.keyClick(window.mentees.view, Qt.Key.Key_Return)
    assert opened == [None, new_id]


def test_export_runs_through_the_runner(window, tmp_path):
    pytest.importorskip("app.xlsx_export")
    path = tmp_path / "База наставляемых.xlsx"
    window.export_to(path, kind="mentees")
    assert path.is_file()
    assert "Выгружено записей: 4" in window.statusBar().currentMessage()


def test_backup_then_restore_from_the_menu(window, tmp_path, monkeypatch, session):
    from ui import file_dialogs as QFileDialog  # noqa: N812 - the drop-in replacement

    from app.services.people import save_mentee
    from ui import backup_actions, messages

    copy = tmp_path / "copy.sqlite3"
    informed = []
    monkeypatch.setattr(messages, "inform", lambda parent, *, title, text: informed.append(text))
    monkeypatch.setattr(messages, "confirm", lambda *a, **k: True)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(copy), ""))
    window.act_backup.trigger()
    assert copy.is_file() and "сохранена" in informed[-1]
    save_mentee(session, data=factories.mentee(last_name="Лишний"))
    window.data_changed.emit()
    assert len(names(window.mentees)) == 5
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(copy), ""))
    window.act_restore_db.trigger()
    assert len(names(window.mentees)) == 4
    assert "Прежнее состояние сохранено" in informed[-1]
    assert backup_actions.default_backup_path(Path(window.db.path), dt.date(2026, 9, 1)).name == \
        "mentordesk-01.09.2026.sqlite3"


def test_restore_from_a_bad_file_leaves_data_untouched(window, tmp_path, monkeypatch):
    from ui import file_dialogs as QFileDialog  # noqa: N812 - the drop-in replacement

    from ui import messages

    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"not a database at all")
    errors = []
    monkeypatch.setattr(messages, "show_error", lambda parent, exc, title="": errors.append(str(exc)))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(bad), ""))
    db_before = window.db
    window.act_restore_db.trigger()
    assert "нельзя восстановить" in errors[0] and "Текущие данные не изменены" in errors[0]
    assert window.db is db_before
    window.data_changed.emit()
    assert len(names(window.mentees)) == 4


def test_settings_dialog_saves_and_reports(qtbot, db):
    from app.settings import load_settings
    from ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(db=db)
    qtbot.addWidget(dialog)
    dialog.edits["backup_keep"].setValue(30)
    dialog.edits["satisfaction_method"].setCurrentIndex(dialog.edits["satisfaction_method"].findData("share7"))
    dialog.save()
    with db.session() as s:
        stored = load_settings(s)
    assert stored.backup_keep == 30 and stored.satisfaction_method == "share7"
    assert dialog.result() == dialog.DialogCode.Accepted


def test_later_work_tabs_are_built_on_first_use_or_right_after_start(make_window, qtbot):
    window = make_window()
    assert set(window.lazy.placeholders) == {"meetings", "surveys", "monitoring", "roadmap"}  # the window shows without them
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    window.tabs.setCurrentIndex(titles.index("Анкеты"))
    assert "surveys" in window.lazy.built and window.tabs.currentWidget() is window.surveys
    assert window.surveys.db is window.db  # got the open database when built
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == titles
    qtbot.waitUntil(lambda: not window.lazy.placeholders, timeout=5000)  # the start-up timer builds the rest
    assert window.meetings.db is window.db and window.monitoring.db is window.db


def test_partners_and_new_year_are_in_the_menus(window, monkeypatch):
    """«Справочники → Организации-партнёры…» and «Сервис → Новый учебный год…» open their windows."""
    menus = {a.text().replace("&", ""): a.menu() for a in window.menuBar().actions()}
    assert "Организации-партнёры…" in [a.text() for a in menus["Справочники"].actions()]
    assert "Новый учебный год…" in [a.text() for a in menus["Сервис"].actions()]
    opened = []
    monkeypatch.setattr("ui.partners.partners_dialog.edit_partners", lambda w: opened.append(("partners", w)))
    monkeypatch.setattr("ui.rollover_dialog.run_rollover", lambda w: opened.append(("rollover", w)) or False)
    window.act_partners.trigger()
    window.act_new_year.trigger()
    assert opened == [("partners", window), ("rollover", window)]
