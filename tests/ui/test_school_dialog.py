"""School profile dialog: prefill, inline validation that keeps the input, saving."""

from __future__ import annotations

import datetime as dt

import pytest

from app.services.school import get_school
from tests import factories
from tests.typing_helper import type_text
from ui.school_dialog import SchoolDialog, current_academic_year


@pytest.mark.parametrize(("today", "year"), [
    (dt.date(2026, 8, 31), "2025/2026"),
    (dt.date(2026, 9, 1), "2026/2027"),
    (dt.date(2027, 1, 15), "2026/2027"),
])
def test_current_academic_year_switches_in_september(today, year):
    assert current_academic_year(today) == year


def test_new_profile_prefills_the_academic_year(qtbot, db):
    dialog = SchoolDialog(db=db, first_start=True)
    qtbot.addWidget(dialog)
    assert dialog.edits["academic_year"].text() == current_academic_year()
    assert dialog.edits["director_position"].text() == "Директор"


def test_missing_fields_are_highlighted_and_input_is_kept(qtbot, db):
    dialog = SchoolDialog(db=db, first_start=True)
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(dialog.edits["full_name"], "МБОУ «Школа № 5»")
    dialog.edits["academic_year"].setText("2026-2028")
    dialog.save()
    assert dialog.isVisible()
    assert not dialog.message.isHidden()
    text = dialog.message.text()
    assert "«Краткое наименование»: обязательное поле" in text
    assert "«Учебный год»: формат ГГГГ/ГГГГ" in text
    assert "#c62828" in dialog.edits["short_name"].styleSheet()
    assert dialog.edits["full_name"].styleSheet() == ""
    assert dialog.edits["full_name"].text() == "МБОУ «Школа № 5»"  # nothing lost
    with db.session() as s:
        assert get_school(s) is None


def test_unreadable_date_is_reported_on_its_field(qtbot, db):
    dialog = SchoolDialog(db=db)
    qtbot.addWidget(dialog)
    dialog.set_data(factories.school())
    dialog.edits["regulation_date"].set_text("31.02.2026")
    dialog.save()
    assert "Дата положения" in dialog.message.text()
    assert "#c62828" in dialog.edits["regulation_date"].edit.styleSheet()


def test_valid_profile_is_saved_and_reloaded(qtbot, db):
    dialog = SchoolDialog(db=db)
    qtbot.addWidget(dialog)
    dialog.set_data(factories.school(academic_year="2026 - 2027"))
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.saved is not None and dialog.saved.academic_year == "2026/2027"
    again = SchoolDialog(db=db)
    qtbot.addWidget(again)
    assert again.edits["short_name"].text() == "МБОУ СШ № 1"
    assert again.edits["regulation_date"].text() == "01.09.2026"
