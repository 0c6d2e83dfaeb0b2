"""«Контингент» dialog: saving, inline errors naming the field (nothing typed lost), the fallback shown."""

from __future__ import annotations

import datetime as dt

import pytest

from app.periods import academic_year, quarter
from app.schemas_monitoring import ContingentData

Q4 = quarter(year=2026, number=4)


@pytest.fixture
def dialog(qtbot, db):
    from ui.monitoring.contingent_dialog import ContingentDialog

    widget = ContingentDialog(None, db=db, period=Q4)
    qtbot.addWidget(widget)
    return widget


def type_values(dialog, **values):
    for name, text in values.items():
        dialog.edits[name].setText(text)


def test_saves_entered_values_and_leaves_empty_as_not_entered(dialog, session):
    from app.services.contingent import get_contingent

    assert "IV квартал 2026 года" in dialog.findChildren(type(dialog.message))[0].text()
    type_values(dialog, students_total="420", students_10_18="260", teachers_total="38")
    assert dialog.save() is True
    assert dialog.result() == 1
    session.expire_all()
    assert get_contingent(session, period="2026-Q4") == ContingentData(
        period="2026-Q4", students_total=420, students_10_18=260, teachers_total=38)


def test_error_names_the_field_and_keeps_the_typed_text(dialog, session):
    from app.services.contingent import get_contingent

    type_values(dialog, students_total="100", students_10_18="150", young_teachers="пять")
    assert dialog.save() is False
    text = dialog.message.text()
    assert not dialog.message.isHidden()
    assert "«Молодых педагогов (стаж 0–3 года)»" in text and "ожидается целое число" in text
    assert dialog.edits["young_teachers"].styleSheet() and dialog.edits["young_teachers"].text() == "пять"
    dialog.edits["young_teachers"].setText("")
    assert dialog.save() is False
    assert "«Обучающихся в возрасте 10–18 лет»" in dialog.message.text()
    assert "больше, чем «Обучающихся всего» (100)" in dialog.message.text()
    assert dialog.edits["students_10_18"].text() == "150" and dialog.edits["students_total"].text() == "100"
    assert dialog.edits["students_10_18"].styleSheet() and not dialog.edits["students_total"].styleSheet()
    assert get_contingent(session, period="2026-Q4") == ContingentData(period="2026-Q4")
    dialog.edits["students_10_18"].setText("-3")
    assert dialog.save() is False and "не может быть отрицательным" in dialog.message.text()


def test_shows_the_fallback_of_the_academic_year(qtbot, db, session):
    from app.services.contingent import save_contingent
    from ui.monitoring.contingent_dialog import ContingentDialog

    save_contingent(session, data=ContingentData(period="2026/2027", students_total=500, teachers_total=40))
    dialog = ContingentDialog(None, db=db, period=Q4)
    qtbot.addWidget(dialog)
    assert not dialog.fallback_note.isHidden()
    assert "2026/2027 учебный год" in dialog.fallback_note.text()
    assert dialog.edits["students_total"].text() == "" and dialog.edits["students_total"].placeholderText() == "500"
    assert dialog.edits["students_10_18"].placeholderText() == "не введено"
    dialog.edits["teachers_total"].setText("45")
    dialog.copy_button.click()
    assert dialog.edits["students_total"].text() == "500" and dialog.edits["teachers_total"].text() == "45"
    assert dialog.edits["students_10_18"].text() == ""
    year = ContingentDialog(None, db=db, period=academic_year(start_year=2026))
    qtbot.addWidget(year)
    assert year.fallback_note.isHidden() and year.edits["teachers_total"].text() == "40"


def test_tab_reloads_after_saving(qtbot, db, session, monkeypatch):
    from ui.monitoring import monitoring_tab
    from ui.monitoring.monitoring_tab import MonitoringTab
    from ui.tasks import SyncRunner

    tab = MonitoringTab(runner=SyncRunner(), today=dt.date(2026, 11, 20))
    qtbot.addWidget(tab)
    tab.set_database(db)
    assert "не заполнен" in tab.note.text()

    def fill(dialog):
        type_values(dialog, students_total="300", students_10_18="200", students_15_19="90", teachers_total="30",
                    young_teachers="5")
        return dialog.save()

    monkeypatch.setattr(monitoring_tab, "run_dialog", fill)
    with qtbot.waitSignal(tab.data_changed):
        assert tab.edit_contingent() is True
    assert tab.note.text() == "Знаменатели — из «Контингента» за IV квартал 2026 года."
    row = tab.indicator_model.row_of_code("mentees_10_18")
    assert tab.indicator_model.row_at(row).denominator == 200
