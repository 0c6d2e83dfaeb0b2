"""Municipality dialogs: the profile (first start creates the keys), key export with a warning, the calendar."""

from __future__ import annotations

import datetime as dt
import os

import pytest

from app.municipality.calendar import list_deadlines
from app.municipality.register import get_profile, init_municipality, public_key_text
from ui.municipality import calendar_dialog, keys_actions, profile_dialog
from ui.municipality.calendar_dialog import CalendarDialog, edit_calendar, next_academic_year
from ui.municipality.keys_actions import PRIVATE_WARNING, export_private_key, export_public_key, key_file_stem
from ui.municipality.profile_dialog import ProfileDialog, edit_profile

TODAY = dt.date(2026, 3, 1)
NAME = "Управление образования г. Энска"


@pytest.fixture
def blank(tmp_path, _migrated_school_file):
    """A new database without a profile (what the first start of municipality mode sees)."""
    from app.database import open_database
    from tests.snapshots import fresh_copy

    database = open_database(fresh_copy(_migrated_school_file, tmp_path / "new.sqlite3"))
    yield database
    database.close()


@pytest.fixture
def mdb(tmp_path, _migrated_school_file):
    from app.database import open_database
    from tests.snapshots import fresh_copy

    database = open_database(fresh_copy(_migrated_school_file, tmp_path / "m.sqlite3"))
    with database.session() as s:
        init_municipality(s, name=NAME, region="Энская область", today=TODAY)
    yield database
    database.close()


@pytest.fixture
def answers(monkeypatch):
    from ui import messages

    log = {"confirm": True, "confirms": [], "informs": [], "errors": []}

    def confirm(_parent, *, title, text, yes="Да", no="Отмена"):
        log["confirms"].append(text)
        return log["confirm"]

    monkeypatch.setattr(messages, "confirm", confirm)
    monkeypatch.setattr(messages, "inform", lambda _p, *, title, text: log["informs"].append(text))
    monkeypatch.setattr(messages, "show_error", lambda _p, exc, *, title="": log["errors"].append(str(exc)))
    return log


# ---------------------------------------------------------------- profile

def test_first_start_keeps_input_on_errors_then_creates_keys_and_calendar(qtbot, blank):
    dialog = ProfileDialog(None, db=blank, first_start=True)
    qtbot.addWidget(dialog)
    assert dialog.buttons.button(dialog.buttons.StandardButton.Save).text() == "Создать"
    dialog.edits["region"].setText("Энская область")
    assert dialog.save() is False
    assert dialog.marked_fields() == ["Наименование управления образования"]
    assert dialog.edits["region"].text() == "Энская область"
    with blank.session() as s:
        assert get_profile(s) is None
    dialog.edits["name"].setText(NAME)
    dialog.edits["specialist"].setText("Ёлкина Анна Сергеевна")
    dialog.edits["contact"].setText("elkina@edu.ensk.ru")
    assert dialog.save() is True
    with blank.session() as s:
        profile = get_profile(s)
        assert profile.name == NAME and profile.contact == "elkina@edu.ensk.ru" and profile.key_id
        assert '"public"' in public_key_text(s) or "public" in public_key_text(s)
        assert len(list_deadlines(s)) >= 8
    assert dialog.saved == profile


def test_first_start_explains_the_key_pair(qtbot, blank):
    from PySide6.QtWidgets import QLabel

    dialog = ProfileDialog(None, db=blank, first_start=True)
    qtbot.addWidget(dialog)
    texts = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert "пару ключей" in texts and "шифровать" in texts


def test_edit_profile_saves_changes(qtbot, mdb, monkeypatch):
    def run(dialog):
        assert dialog.edits["name"].text() == NAME
        dialog.edits["specialist"].setText("Петров П.П.")
        dialog.save()
        return dialog.result() == dialog.DialogCode.Accepted

    monkeypatch.setattr(profile_dialog, "run_dialog", run)
    with mdb.session() as s:
        key_before = public_key_text(s)
    saved = edit_profile(None, db=mdb)
    assert saved is not None and saved.specialist == "Петров П.П."
    with mdb.session() as s:
        assert get_profile(s).specialist == "Петров П.П."
        assert public_key_text(s) == key_before  # the key pair is untouched


def test_cancelled_profile_returns_none(mdb, monkeypatch):
    monkeypatch.setattr(profile_dialog, "run_dialog", lambda dialog: False)
    assert edit_profile(None, db=mdb) is None


# ---------------------------------------------------------------- keys

def test_key_file_stem_is_a_safe_file_name():
    assert key_file_stem("Управление образования г. Энска") == "Управление образования г. Энска"
    assert key_file_stem('УО «Север»: a/b\\c?') == "УО Север a b c"
    assert key_file_stem("") == "municipality"
    assert len(key_file_stem("я" * 200)) == 80


def test_public_key_is_written_and_readable(mdb, tmp_path, monkeypatch, answers):
    from app.package.crypto import load_public_key
    from ui import file_dialogs

    asked = []

    def save(_parent, caption, directory, name_filter):
        asked.append(directory)
        return str(tmp_path / "uo.pub"), name_filter

    monkeypatch.setattr(file_dialogs, "getSaveFileName", save)
    written = export_public_key(None, db=mdb)
    assert written == tmp_path / "uo.pub"
    assert asked[0].endswith(f"{NAME}.pub")
    raw, label = load_public_key(written)
    assert len(raw) == 32
    assert str(written) in answers["informs"][-1]


def test_private_key_needs_confirmation(mdb, tmp_path, monkeypatch, answers):
    from ui import file_dialogs

    monkeypatch.setattr(file_dialogs, "getSaveFileName", lambda *a, **k: pytest.fail("no file dialog expected"))
    answers["confirm"] = False
    assert export_private_key(None, db=mdb) is None
    assert answers["confirms"] == [PRIVATE_WARNING]
    assert "прочитать любой пакет" in PRIVATE_WARNING and "съёмный носитель" in PRIVATE_WARNING
    assert "уже хранится в базе" in PRIVATE_WARNING
    assert list(tmp_path.glob("*.key")) == []


def test_private_key_decrypts_what_the_public_key_encrypts(mdb, tmp_path, monkeypatch, answers):
    from app.package.crypto import decrypt, encrypt, parse_envelope
    from ui import file_dialogs

    asked = []

    def save(_parent, caption, directory, name_filter):
        asked.append(directory)
        return str(tmp_path / "backup.key"), name_filter

    monkeypatch.setattr(file_dialogs, "getSaveFileName", save)
    written = export_private_key(None, db=mdb)
    assert written == tmp_path / "backup.key" and asked[0].endswith(f"{NAME}.key")
    if os.name == "posix":
        assert written.stat().st_mode & 0o777 == 0o600
    with mdb.session() as s:
        (tmp_path / "m.pub").write_text(public_key_text(s), encoding="utf-8")
    blob = encrypt(b"package bytes", public_path=tmp_path / "m.pub")
    assert decrypt(parse_envelope(blob), private_path=written) == b"package bytes"


def test_key_export_error_becomes_a_message(mdb, tmp_path, monkeypatch, answers):
    from ui import file_dialogs

    monkeypatch.setattr(file_dialogs, "getSaveFileName",
                        lambda *a, **k: (str(tmp_path / "missing" / "deep" / "uo.pub"), ""))
    assert export_public_key(None, db=mdb) is None
    assert answers["errors"]


# ---------------------------------------------------------------- calendar

def test_calendar_edit_is_stored(qtbot, mdb):
    dialog = CalendarDialog(None, db=mdb, today=TODAY)
    qtbot.addWidget(dialog)
    assert dialog.deadline_text("2026-Q1") == "10.04.2026"
    dialog.set_deadline_text("2026-Q1", "15.04.2026")
    assert dialog.save() is True
    assert dialog.saved == 1
    with mdb.session() as s:
        assert {r.period: r.deadline for r in list_deadlines(s)}["2026-Q1"] == dt.date(2026, 4, 15)


@pytest.mark.parametrize(("text", "message"), [
    ("31.02.2026", "такой даты нет"),
    ("завтра", "не дата"),
    ("", "укажите дату"),
    ("31.12.2025", "не раньше"),
])
def test_calendar_bad_dates_are_marked_and_nothing_is_stored(qtbot, mdb, text, message):
    dialog = CalendarDialog(None, db=mdb, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.set_deadline_text("2026-Q2", "20.07.2026")  # a good change alongside: not stored either
    dialog.set_deadline_text("2026-Q1", text)
    assert dialog.save() is False
    assert message in dialog.issues_label.text() and "I квартал 2026 года" in dialog.issues_label.text()
    row = dialog.row_of("2026-Q1")
    assert dialog.table.item(row, 1).background().color().red() == 255
    assert dialog.deadline_text("2026-Q1") == text
    with mdb.session() as s:
        stored = {r.period: r.deadline for r in list_deadlines(s)}
    assert stored["2026-Q1"] == dt.date(2026, 4, 10) and stored["2026-Q2"] == dt.date(2026, 7, 10)


def test_next_academic_year_is_added_with_default_deadlines(qtbot, mdb, monkeypatch):
    def run(dialog):
        before = len(dialog.codes())
        assert dialog.add_next_year() == 4
        assert len(dialog.codes()) == before + 4
        dialog.save()
        return dialog.result() == dialog.DialogCode.Accepted

    monkeypatch.setattr(calendar_dialog, "run_dialog", run)
    assert edit_calendar(None, db=mdb) is True
    with mdb.session() as s:
        stored = {r.period: r.deadline for r in list_deadlines(s)}
    assert stored["2027-Q4"] == dt.date(2028, 1, 10) and stored["2028-Q3"] == dt.date(2028, 10, 10)


def test_unchanged_calendar_reports_no_change(mdb, monkeypatch):
    monkeypatch.setattr(calendar_dialog, "run_dialog", lambda d: d.save())
    assert edit_calendar(None, db=mdb) is False


def test_next_academic_year_on_an_empty_calendar():
    added = next_academic_year([], dt.date(2026, 10, 1))
    assert list(added) == ["2026-Q3", "2026-Q4", "2027-Q1", "2027-Q2", "2027-Q3"]
    assert next_academic_year(["2026-Q3", "2026-Q4", "2027-Q1", "2027-Q2", "2027-Q3"], TODAY) == {
        "2027-Q4": dt.date(2028, 1, 10), "2028-Q1": dt.date(2028, 4, 10), "2028-Q2": dt.date(2028, 7, 10),
        "2028-Q3": dt.date(2028, 10, 10)}
    assert keys_actions.key_file_stem(" . ") == "municipality"
