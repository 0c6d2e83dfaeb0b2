"""UI fixtures: settings in tmp_path, a synchronous runner, a main window over a filled database."""

from __future__ import annotations

import datetime as dt

import pytest

from tests import factories


@pytest.fixture
def qsettings(tmp_path):
    """Window settings in an ini file of this test (never the user's real QSettings)."""
    from PySide6.QtCore import QSettings

    return QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def people(session):
    """A few mentees and mentors: ids by a short key."""
    from app.services.people import save_mentee, save_mentor

    ids = {
        "ivanov": save_mentee(session, data=factories.mentee()),
        "petrova": save_mentee(session, data=factories.mentee(
            last_name="Петрова", first_name="Алёна", middle_name="Игоревна", birth_date=dt.date(2010, 1, 5),
            group_name="7Б", category="обучающийся", requests=("русский язык",))),
        "sidorov": save_mentee(session, data=factories.mentee(
            last_name="Сидоров", first_name="Кирилл", middle_name="", birth_date=dt.date(2013, 11, 30),
            group_name="7А", category="студент", status="finished", requests=())),
        "orlova": save_mentee(session, data=factories.mentee(
            last_name="Орлова", first_name="Мария", middle_name="", birth_date=dt.date(2009, 6, 1),
            group_name="10А", requests=("физика",))),
        "elkina": save_mentor(session, data=factories.mentor()),
        "zaitsev": save_mentor(session, data=factories.mentor(
            last_name="Зайцев", first_name="Олег", middle_name="Петрович", birth_year=1975, status="candidate")),
    }
    return ids


@pytest.fixture
def make_window(qtbot, db, qsettings):
    """Build a MainWindow over ``db`` with the synchronous runner; the same settings every time."""
    from ui.main_window import MainWindow
    from ui.tasks import SyncRunner

    windows = []

    def build(*, attach: bool = True):
        window = MainWindow(runner=SyncRunner(), settings=qsettings)
        qtbot.addWidget(window)
        window.resize(1366, 768)
        if attach:
            window.set_database(db)
        windows.append(window)
        return window

    yield build
    for window in windows:
        window.db = None  # the ``db`` fixture closes the database itself


@pytest.fixture
def window(make_window, people):
    win = make_window()
    win.show()
    return win
