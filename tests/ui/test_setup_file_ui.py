"""School side of the setup file: «Файл → Загрузить файл настройки…» and the deadline in «Мониторинг»."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from tests import factories
from tests.ui.test_startup import MUNICIPALITY, TODAY, setup_file  # noqa: F401 - the fixture


@pytest.fixture
def profiled(session):
    from app.services.school import save_school

    return save_school(session, data=factories.school(code="52-001"))


@pytest.fixture
def dialogs(monkeypatch):
    """Record confirmations (answered by ``answers``), messages and errors instead of showing them."""
    from ui import messages, setup_file_actions

    log = {"confirm": [], "inform": [], "error": [], "answers": []}

    def confirm(parent, *, title, text, yes="Да", no="Отмена"):
        log["confirm"].append(text)
        return log["answers"].pop(0) if log["answers"] else True

    monkeypatch.setattr(messages, "confirm", confirm)
    monkeypatch.setattr(messages, "inform", lambda parent, *, title, text: log["inform"].append(text))
    monkeypatch.setattr(setup_file_actions, "show_applied", lambda parent, *, text: log["inform"].append(text))
    monkeypatch.setattr(messages, "show_error", lambda parent, exc, title="": log["error"].append((title, str(exc))))
    return log


def snapshot(db) -> tuple:
    from app.municipality.register import list_deadlines
    from app.services.school import get_school
    from app.settings import load_settings

    with db.session() as s:
        return get_school(s), list_deadlines(s), load_settings(s).municipality_key_path


def test_menu_has_the_setup_file_action(window):
    file_menu = window.menuBar().actions()[0].menu()
    texts = [a.text() for a in file_menu.actions()]
    assert texts[:2] == ["Профиль организации…", "Загрузить файл настройки от управления образования…"]
    assert window.act_setup_file.isEnabled()


def test_menu_action_applies_a_setup_file(window, db, profiled, setup_file, dialogs, monkeypatch, tmp_path):  # noqa: F811
    from ui import setup_file_actions

    monkeypatch.setattr(setup_file_actions, "choose_setup_file", lambda parent: setup_file)
    changed = []
    window.data_changed.connect(lambda: changed.append(True))
    window.act_setup_file.trigger()
    question = dialogs["confirm"][0]
    assert "код организации: 52-0313 (сейчас: 52-001)" in question
    assert f"муниципалитет: {MUNICIPALITY} (сейчас: Лукояновский муниципальный округ)" in question
    assert "Внимание: сейчас в профиле код «52-001»" in question and "с кодом «52-0313»" in question
    assert "сроки сдачи отчётов: 9 кварталов" in question and "ключ шифрования пакетов" in question
    school, deadlines, key_path = snapshot(db)
    assert (school.code, school.short_name, school.municipality) == ("52-0313", "СШ № 13", MUNICIPALITY)
    assert school.director_name == profiled.director_name  # the rest of the profile is kept
    assert {d.period: d.deadline for d in deadlines}["2026-Q4"] == dt.date(2026, 12, 28)
    key_id = json.loads(Path(key_path).read_text(encoding="utf-8"))["key_id"]
    assert Path(key_path) == (tmp_path / "keys" / db.path.stem / "municipality.pub").resolve()  # per database
    assert window.windowTitle().startswith("СШ № 13") and changed
    lines = dialogs["inform"][0].split("\n")
    assert lines[0] == "Файл настройки применён." and not dialogs["error"]
    assert "Код организации: 52-0313" in lines and f"Управление образования: {MUNICIPALITY} (Энская область)" in lines
    assert lines[lines.index("Ключ шифрования сохранён:") + 1] == str(tmp_path / "keys" / db.path.stem
                                                                        / "municipality.pub")
    assert "Сроки сдачи: 9 кварталов" in lines[-1]
    assert key_id not in dialogs["inform"][0] and key_id not in question  # no raw key id for the user


def test_applied_text_keeps_numero_with_its_number(tmp_path):
    from types import SimpleNamespace

    from ui.setup_file_actions import applied_text

    setup = SimpleNamespace(school_code="52-0314", school_full_name="МБОУ «Гимназия № 14»",
                            school_short_name="Гимназия № 14", municipality_name="Управление образования",
                            municipality_region="", calendar=(), key_id="8070c287bd8d77b2")
    text = applied_text(setup, key_path=tmp_path / "keys" / "school" / "municipality.pub", today=TODAY)
    assert "Наименование: МБОУ «Гимназия №\u00a014» (Гимназия №\u00a014)" in text
    assert "№ " not in text and "8070c287bd8d77b2" not in text
    assert text.endswith("Сроки сдачи: в файле не указаны")


def test_key_folders_of_two_databases_in_one_folder_differ(tmp_path):
    from types import SimpleNamespace

    from ui.setup_file_actions import key_folder

    one, two = (key_folder(SimpleNamespace(path=tmp_path / name)) for name in ("a.sqlite3", "b.sqlite3"))
    assert one == tmp_path / "keys" / "a" and two == tmp_path / "keys" / "b"


def test_applied_message_is_plain_text(qtbot, monkeypatch):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    from ui import setup_file_actions

    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append((box.textFormat(), box.text())) or 0)
    setup_file_actions.show_applied(None, text="Файл настройки применён.\n<b>x</b>")
    assert shown == [(Qt.TextFormat.PlainText, "Файл настройки применён.\n<b>x</b>")]


def test_declined_confirmation_changes_nothing(window, db, profiled, setup_file, dialogs, tmp_path):  # noqa: F811
    from ui.setup_file_actions import load_setup_file

    before = snapshot(db)
    dialogs["answers"].append(False)
    assert load_setup_file(window, path=setup_file) is None
    assert snapshot(db) == before and not (tmp_path / "keys").exists()


@pytest.mark.parametrize("content", ["не JSON", '{"format": "mentordesk-school-setup", "version": 7}',
                                     '{"format": "mentordesk-school-setup", "version": 1, "school": {"code": "1"}, '
                                     '"municipality": {"name": "УО"}, "public_key": {"key_id": "x"}}'])
def test_broken_setup_file_changes_nothing(window, db, profiled, dialogs, tmp_path, content):
    from ui.setup_file_actions import load_setup_file

    broken = tmp_path / "broken.mdsetup"
    broken.write_text(content, encoding="utf-8")
    before = snapshot(db)
    assert load_setup_file(window, path=broken) is None
    assert dialogs["error"][0][0] == "Файл настройки не применён" and "broken.mdsetup" in dialogs["error"][0][1]
    assert not dialogs["confirm"] and snapshot(db) == before and not (tmp_path / "keys").exists()


def test_setup_file_refused_in_a_municipality_database(qtbot, tmp_path, setup_file, dialogs, qsettings):  # noqa: F811
    from app.database import open_database
    from app.municipality.register import init_municipality
    from ui.main_window import MainWindow
    from ui.setup_file_actions import load_setup_file
    from ui.tasks import SyncRunner

    muni = open_database(tmp_path / "m.sqlite3")
    try:
        with muni.session() as s:
            init_municipality(s, name="Другое управление", today=TODAY)
        window = MainWindow(runner=SyncRunner(), settings=qsettings)
        qtbot.addWidget(window)
        window.db = muni
        assert load_setup_file(window, path=setup_file) is None
        assert "база управления образования" in dialogs["error"][0][1]
        window.db = None
    finally:
        muni.close()


# ---------------------------------------------------------------- the deadline in «Мониторинг»

def monitoring(db, today: dt.date):
    from ui.monitoring.monitoring_tab import MonitoringTab
    from ui.tasks import SyncRunner

    tab = MonitoringTab(runner=SyncRunner(), today=today)
    tab.set_database(db)
    return tab


def test_no_calendar_no_deadline_line(qtbot, db):
    tab = monitoring(db, TODAY)
    qtbot.addWidget(tab)
    assert tab.deadline.isHidden() and tab.deadline.text() == ""


@pytest.mark.parametrize(("today", "text", "colour"), [
    (dt.date(2026, 10, 1), "Срок сдачи пакета в управление образования: 10.10.2026 (через 9 дней)", "#555555"),
    (dt.date(2026, 10, 5), "Срок сдачи пакета в управление образования: 10.10.2026 (через 5 дней)", "#e67800"),
    (dt.date(2026, 10, 9), "Срок сдачи пакета в управление образования: 10.10.2026 (завтра)", "#e67800"),
    (dt.date(2026, 10, 10), "Срок сдачи пакета в управление образования: 10.10.2026 (сегодня)", "#e67800"),
    (dt.date(2026, 10, 31), "Срок сдачи пакета в управление образования: 10.10.2026 — срок прошёл 21 день назад, "
                            "пакет не выгружен", "#c62828"),
])
def test_deadline_line_of_the_chosen_quarter(qtbot, db, today, text, colour):
    from app.municipality.register import set_deadline

    with db.session() as s:
        set_deadline(s, period="2026-Q3", deadline=dt.date(2026, 10, 10))
    tab = monitoring(db, today)
    qtbot.addWidget(tab)
    tab.set_period("2026-Q3")
    assert not tab.deadline.isHidden()
    assert tab.deadline.text() == text and colour in tab.deadline.styleSheet()
    tab.set_period("2025/2026")  # a year has no deadline of its own
    assert tab.deadline.isHidden()


def test_deadline_line_says_when_the_package_was_written(qtbot, db):
    from app.municipality.register import set_deadline
    from db.models import PackageExport

    with db.session() as s:
        set_deadline(s, period="2026-Q3", deadline=dt.date(2026, 10, 10))
        s.add(PackageExport(period="2026-Q3", file_name="p.mdpkg", created_at=dt.datetime(2026, 10, 8, 9, 0)))
        s.commit()
    tab = monitoring(db, dt.date(2026, 10, 31))
    qtbot.addWidget(tab)
    tab.set_period("2026-Q3")
    assert tab.deadline.text() == ("Срок сдачи пакета в управление образования: 10.10.2026 "
                                   "(пакет за квартал выгружен 08.10.2026)")
    assert "#2e7d32" in tab.deadline.styleSheet()


def test_describe_plurals():
    from app.services.deadlines import describe

    day = dt.date(2027, 1, 10)
    assert describe(period="2026-Q4", deadline=day, today=dt.date(2027, 1, 8)).text.endswith("(через 2 дня)")
    assert describe(period="2026-Q4", deadline=day, today=dt.date(2026, 12, 10)).text.endswith("(через 31 день)")
    late = describe(period="2026-Q4", deadline=day, today=dt.date(2027, 1, 11))
    assert late.level == "late" and "срок прошёл 1 день назад" in late.text
