"""First start: the mode choice, switching to the municipality window, starting from a setup file."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from pathlib import Path

import pytest
from sqlmodel import select

from tests import factories

TODAY = dt.date(2026, 11, 26)
MUNICIPALITY = "Управление образования г. Энска"


@pytest.fixture
def setup_file(tmp_path) -> Path:
    """A real setup file for school 52-0313, written by a real municipality database (2026-Q4 due 28.12.2026)."""
    from app.database import open_database
    from app.municipality import register as reg
    from app.municipality.setup_file import write_setup_file

    folder = tmp_path / "uo"
    folder.mkdir()
    muni = open_database(folder / "uo.sqlite3")
    try:
        with muni.session() as s:
            reg.init_municipality(s, name=MUNICIPALITY, region="Энская область", today=TODAY)
            reg.add_school(s, code="52-0313", full_name="МБОУ «Средняя школа № 13»", short_name="СШ № 13")
            reg.set_deadline(s, period="2026-Q4", deadline=dt.date(2026, 12, 28))
            path = write_setup_file(s, school_code="52-0313", path=tmp_path / "52-0313.mdsetup", today=TODAY)
            path.with_suffix(".pub").write_text(reg.public_key_text(s), encoding="utf-8")
    finally:
        muni.close()
    return path


@pytest.fixture
def choices(monkeypatch):
    """Drive the «Начало работы» dialog: each call takes the next choice (None closes the dialog)."""
    from ui import startup

    queue: list[str | None] = []
    seen: list[str] = []

    def run(dialog) -> bool:
        seen.append(dialog.windowTitle())
        assert dialog.buttons.keys() == {"school", "setup", "municipality"}
        choice = queue.pop(0)
        if choice is None:
            dialog.reject()
            return False
        dialog.buttons[choice].click()
        return dialog.result() == 1

    monkeypatch.setattr(startup, "run_dialog", run)
    return queue, seen


@pytest.fixture
def profile_answers(monkeypatch):
    """Drive the municipality profile dialog: each call fills the name and saves, or cancels on None."""
    from ui.municipality import profile_dialog

    queue: list[str | None] = []

    def run(dialog) -> bool:
        name = queue.pop(0)
        if name is None:
            return False
        dialog.edits["name"].setText(name)
        dialog.edits["region"].setText("Энская область")
        return dialog.save()

    monkeypatch.setattr(profile_dialog, "run_dialog", run)
    return queue


def stored_mode(path: Path) -> str | None:
    import sqlite3

    conn = sqlite3.connect(path)
    try:
        row = conn.execute("SELECT value FROM setting WHERE key = 'app_mode'").fetchone()
    finally:
        conn.close()
    return json.loads(row[0]) if row else None


def test_fresh_database_choose_municipality_switches_windows(make_window, tmp_path, choices, profile_answers):
    from app.municipality.register import get_profile
    from ui.application import open_into
    from ui.municipality.window import MunicipalityWindow

    queue, seen = choices
    queue.append("municipality")
    profile_answers.append(MUNICIPALITY)
    window = make_window(attach=False)
    window.show()
    path = tmp_path / "new.sqlite3"
    open_into(window, path)
    mw = window.successor
    try:
        assert seen == ["Начало работы"]
        assert isinstance(mw, MunicipalityWindow)
        assert mw.isVisible() and not window.isVisible()
        assert window.db is None and mw.db is not None and mw.db.path == path
        assert mw.windowTitle().startswith(MUNICIPALITY)
        assert mw.geometry().size() == window.geometry().size()
        with mw.db.session() as s:
            assert get_profile(s).name == MUNICIPALITY
        assert stored_mode(path) == "municipality"
    finally:
        mw.close()  # closes the database
    assert mw.db is None


def test_cancelled_municipality_profile_changes_nothing_and_asks_again(make_window, tmp_path, choices,
                                                                       profile_answers, monkeypatch):
    from ui import school_dialog
    from ui.application import open_into

    queue, seen = choices
    queue += ["municipality", "school"]
    profile_answers.append(None)
    asked = []
    monkeypatch.setattr(school_dialog, "edit_school", lambda parent, *, db, first_start=False: asked.append(db))
    monkeypatch.setattr("ui.messages.inform", lambda *a, **k: None)
    window = make_window(attach=False)
    path = tmp_path / "new.sqlite3"
    open_into(window, path)
    try:
        assert seen == ["Начало работы", "Начало работы"]  # back to the choice after the cancel
        assert getattr(window, "successor", None) is None
        assert window.db is not None and window.db.path == path and asked == [window.db]
        assert stored_mode(path) is None  # no half-set mode
        from db.models_municipality import MunicipalityProfile

        with window.db.session() as s:
            assert s.exec(select(MunicipalityProfile)).first() is None
    finally:
        window.db.close()


def test_fresh_database_closed_choice_shows_the_school_window_with_a_hint(make_window, tmp_path, choices):
    from ui.application import open_into

    queue, seen = choices
    queue.append(None)
    window = make_window(attach=False)
    open_into(window, tmp_path / "new.sqlite3")
    try:
        assert seen == ["Начало работы"] and window.db is not None
        assert "Загрузить файл настройки" in window.statusBar().currentMessage()
        assert stored_mode(window.db.path) is None
    finally:
        window.db.close()


def test_fresh_database_from_a_setup_file(make_window, tmp_path, choices, setup_file, monkeypatch):
    from app.services.school import get_school, save_school
    from app.settings import load_settings
    from ui import messages, school_dialog, setup_file_actions
    from ui.application import open_into

    queue, _seen = choices
    queue.append("setup")
    informed, profile_calls = [], []
    monkeypatch.setattr(setup_file_actions, "choose_setup_file", lambda parent: setup_file)
    monkeypatch.setattr(messages, "inform", lambda parent, *, title, text: informed.append(text))
    monkeypatch.setattr(setup_file_actions, "show_applied", lambda parent, *, text: informed.append(text))

    def complete(parent, *, db, first_start=False):
        with db.session() as s:
            current = get_school(s)
            profile_calls.append(current)
            return save_school(s, data=replace(current, director_name="Петрова Анна Сергеевна",
                                               curator_name="Смирнова Ольга Ивановна", academic_year="2026/2027"))

    monkeypatch.setattr(school_dialog, "edit_school", complete)
    window = make_window(attach=False)
    path = tmp_path / "school2.sqlite3"
    open_into(window, path)
    try:
        assert getattr(window, "successor", None) is None and window.db.path == path
        text = informed[0]
        assert "Код организации: 52-0313" in text and MUNICIPALITY in text and "Ключ шифрования сохранён:" in text
        assert "Сроки сдачи: 9 кварталов" in text  # 2026-Q3 … 2028-Q3
        assert profile_calls[0].code == "52-0313" and profile_calls[0].municipality == MUNICIPALITY
        with window.db.session() as s:
            school = get_school(s)
            key_path = Path(load_settings(s).municipality_key_path)
        assert (school.code, school.short_name, school.director_name) == ("52-0313", "СШ № 13",
                                                                           "Петрова Анна Сергеевна")
        assert key_path == (tmp_path / "keys" / "school2" / "municipality.pub").resolve() and key_path.is_file()
        assert json.loads(key_path.read_text(encoding="utf-8")) == \
            json.loads(setup_file.with_suffix(".pub").read_text(encoding="utf-8"))
        assert window.windowTitle().startswith("СШ № 13")
        tab = window.monitoring
        tab.today = TODAY
        tab.fill_periods()
        assert tab.period_box.currentData() == "2026-Q4"
        assert not tab.deadline.isHidden()
        assert tab.deadline.text() == "Срок сдачи пакета в управление образования: 28.12.2026 (через 32 дня)"
        assert stored_mode(path) is None  # a school database (the default mode)
    finally:
        window.db.close()


def test_broken_setup_file_changes_nothing_and_returns_to_the_choice(make_window, tmp_path, choices, monkeypatch):
    from ui import messages, setup_file_actions
    from ui.application import open_into

    broken = tmp_path / "broken.mdsetup"
    broken.write_text('{"format": "mentordesk-school-setup", "version": 1, "school": {}}', encoding="utf-8")
    queue, seen = choices
    queue += ["setup", None]
    errors = []
    monkeypatch.setattr(setup_file_actions, "choose_setup_file", lambda parent: broken)
    monkeypatch.setattr(messages, "show_error", lambda parent, exc, title="": errors.append((title, str(exc))))
    window = make_window(attach=False)
    open_into(window, tmp_path / "new.sqlite3")
    try:
        assert seen == ["Начало работы", "Начало работы"]
        assert errors and errors[0][0] == "Файл настройки не применён"
        assert "не является файлом настройки MentorDesk" in errors[0][1]
        from app.municipality.register import has_school_data, list_deadlines

        with window.db.session() as s:
            assert not has_school_data(s) and list_deadlines(s) == []
        assert not (tmp_path / "keys").exists()
    finally:
        window.db.close()


def test_existing_school_database_opens_without_the_choice(make_window, db, monkeypatch):
    from app.services.school import save_school
    from ui import startup

    with db.session() as s:
        save_school(s, data=factories.school())
    monkeypatch.setattr(startup, "run_dialog", lambda dialog: pytest.fail("no choice for a school database"))
    window = make_window(attach=False)
    assert startup.attach_database(window, db) is window
    assert window.db is db and window.windowTitle().startswith("МБОУ СШ № 1")


def test_existing_municipality_database_opens_the_municipality_window(make_window, tmp_path, monkeypatch):
    from app.database import open_database
    from app.municipality.register import init_municipality
    from ui import startup
    from ui.municipality.window import MunicipalityWindow

    path = tmp_path / "m.sqlite3"
    muni = open_database(path)
    with muni.session() as s:
        init_municipality(s, name=MUNICIPALITY, today=TODAY)
    monkeypatch.setattr(startup, "run_dialog", lambda dialog: pytest.fail("no choice for a municipality database"))
    window = make_window(attach=False)
    window.show()
    mw = startup.attach_database(window, muni)
    try:
        assert isinstance(mw, MunicipalityWindow) and window.successor is mw
        assert mw.isVisible() and not window.isVisible() and mw.db is muni
        assert mw.windowTitle().startswith(MUNICIPALITY)
    finally:
        mw.close()


def test_choice_dialog_texts(qtbot):
    from ui.startup import ModeChoiceDialog

    dialog = ModeChoiceDialog(None, db_path=Path("/tmp/x.sqlite3"))
    qtbot.addWidget(dialog)
    texts = [b.text() for b in dialog.buttons.values()]
    assert texts == ["Заполнить профиль организации", "Открыть файл настройки…", "Начать как управление образования"]
    assert dialog.buttons["school"].isDefault()
    dialog.buttons["municipality"].click()
    assert dialog.choice == "municipality" and dialog.result() == 1
