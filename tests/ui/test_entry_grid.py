"""Fast entry from paper: typing answers, range checks, keyboard moves, saving, prefilled meeting rows."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from app.schemas import GroupData

D = dt.date


@pytest.fixture
def shown_errors(monkeypatch):
    from ui import messages

    shown = []
    monkeypatch.setattr(messages, "show_error", lambda parent, exc, **k: shown.append(messages.error_text(exc)))
    return shown


@pytest.fixture
def codes(session) -> dict[str, int]:
    from app.services.surveys import list_templates

    return {t.code: t.id for t in list_templates(session)}


@pytest.fixture
def grid(qtbot, db, session, people, codes):
    """The grid of the meeting feedback form (useful 1–10, satisfaction 1–10, goal yes/no, comment)."""
    from ui.surveys.entry_grid import EntryDialog, prepare

    ctx = prepare(session, template_id=codes["meeting_feedback"])
    dialog = EntryDialog(None, db=db, template=ctx["template"], people=ctx["people"], default_date=D(2026, 11, 20))
    qtbot.addWidget(dialog)
    dialog.add_row()
    return dialog


def put(dialog, row: int, column: int, text: str) -> None:
    dialog.table.item(row, column).setText(text)


def test_cells_are_checked_as_typed(grid, qtmodeltester):
    table = grid.table
    assert table.columnCount() == 2 + 4
    assert table.horizontalHeaderItem(2).text() == "1\n1–10" and table.horizontalHeaderItem(4).text() == "3\nда/нет"
    assert table.horizontalHeaderItem(2).toolTip().startswith("1. Насколько полезной")
    assert table.item(0, 1).text() == "20.11.2026"
    table.setCurrentCell(0, 3)
    assert grid.current.text().startswith("<b>Вопрос 2.</b> ")
    put(grid, 0, 0, "петрова")
    assert table.item(0, 0).text() == "Петрова Алёна Игоревна (7Б)" and grid.cell_error(0, 0) == ""
    put(grid, 0, 2, "11")
    assert grid.cell_error(0, 2) == "11 вне шкалы 1–10"
    assert table.item(0, 2).toolTip() == "11 вне шкалы 1–10"
    assert table.item(0, 2).background().color().red() == 255
    put(grid, 0, 2, "7")
    assert grid.cell_error(0, 2) == "" and table.item(0, 2).toolTip() == ""
    put(grid, 0, 4, "д")
    assert table.item(0, 4).text() == "да"
    put(grid, 0, 4, "может")
    assert "ожидается «да» или «нет»" in grid.cell_error(0, 4)
    put(grid, 0, 0, "Никого такого")
    assert "нет в базе" in grid.cell_error(0, 0)
    put(grid, 0, 1, "31.02.2026")
    assert grid.cell_error(0, 1)
    qtmodeltester.check(table.model())


def test_enter_and_tab_move_on_and_add_a_row_at_the_end(grid, qtbot):
    grid.show()
    table = grid.table
    table.setFocus()
    table.setCurrentCell(0, 2)
    qtbot.keyClicks(table, "8")
    qtbot.keyClick(table.focusWidget() or table, Qt.Key.Key_Return)
    qtbot.wait(20)
    assert table.item(0, 2).text() == "8"
    assert (table.currentRow(), table.currentColumn()) == (0, 3)
    qtbot.keyClick(table, Qt.Key.Key_Tab)
    assert table.currentColumn() == 4
    table.setCurrentCell(0, table.columnCount() - 1)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert table.rowCount() == 2 and table.currentRow() == 1 and table.currentColumn() == 0
    assert table.item(1, 1).text() == "20.11.2026"


def test_save_stores_every_row_from_the_grid(grid, session, people, codes, shown_errors):
    from app.services.surveys import list_responses

    grid.add_row()
    grid.add_row()  # stays empty: skipped
    for row, values in enumerate((("Иванов", "9", "10", "1", "всё понятно"), ("Петрова Алёна", "6", "7", "н", ""))):
        for column, text in enumerate(values):
            put(grid, row, [0, 2, 3, 4, 5][column], text)
    put(grid, 1, 1, "21.11.2026")
    assert grid.save(), shown_errors
    assert grid.saved_count == 2
    stored = {r.respondent_name: r for r in list_responses(session, template_id=codes["meeting_feedback"])}
    assert set(stored) == {"Иванов Пётр Сергеевич", "Петрова Алёна Игоревна"}
    ivanov = stored["Иванов Пётр Сергеевич"]
    assert ivanov.source == "grid" and ivanov.mentee_id == people["ivanov"] and ivanov.answered_on == D(2026, 11, 20)
    assert ivanov.answers == {"useful": 9, "satisfaction": 10, "goal_reached": True, "comment": "всё понятно"}
    assert stored["Петрова Алёна Игоревна"].answers == {"useful": 6, "satisfaction": 7, "goal_reached": False}
    assert stored["Петрова Алёна Игоревна"].answered_on == D(2026, 11, 21)


def test_errors_name_row_and_question_and_keep_the_input(grid, session, shown_errors):
    from app.services.surveys import list_responses

    grid.add_row()
    put(grid, 0, 0, "Иванов")
    put(grid, 0, 2, "5")
    put(grid, 1, 0, "Петрова")
    put(grid, 1, 3, "12")
    assert grid.save() is False
    assert "строка 2, поле «Вопрос 2»: 12 вне шкалы 1–10" in shown_errors[0]
    assert "строка 2" in grid.errors.text()
    assert grid.table.item(1, 3).text() == "12" and grid.table.item(0, 2).text() == "5"
    assert list_responses(session) == []


def test_prefilled_for_a_meeting_with_mentees_and_the_mentor(qtbot, db, session, people, codes, monkeypatch,
                                                             shown_errors):
    from app.schemas_meetings import MeetingData
    from app.services.meetings import save_meeting
    from app.services.pairs import save_group, set_status
    from app.services.surveys import list_responses
    from ui.surveys import entry_grid

    gid = save_group(session, data=GroupData(mentor_id=people["elkina"], mentee_ids=(people["ivanov"],
                                                                                      people["petrova"]),
                                             form="учитель – ученик"))
    set_status(session, group_id=gid, status="approved")
    mid = save_meeting(session, data=MeetingData(group_id=gid, date=D(2026, 10, 5), kind="рабочая встреча"))
    seen = []

    def run(dialog):
        table = dialog.table
        seen.append([table.item(r, 0).text() for r in range(table.rowCount())])
        seen.append(table.item(0, 1).text())
        for row in range(table.rowCount()):
            put(dialog, row, 2, str(7 + row))
        return dialog.save()

    monkeypatch.setattr(entry_grid, "run_dialog", run)
    assert entry_grid.enter_responses(None, db=db, template_code="meeting_feedback", meeting_id=mid) == 3
    assert seen[0] == ["Иванов Пётр Сергеевич (8А)", "Петрова Алёна Игоревна (7Б)",
                       "Ёлкина Светлана Викторовна (наставник)"]
    assert seen[1] == "05.10.2026"
    rows = list_responses(session, template_id=codes["meeting_feedback"])
    assert {(r.respondent_role, r.respondent_name, r.answers["useful"]) for r in rows} == {
        ("mentee", "Иванов Пётр Сергеевич", 7), ("mentee", "Петрова Алёна Игоревна", 8),
        ("mentor", "Ёлкина Светлана Викторовна", 9)}
    assert {(r.group_id, r.meeting_id, r.answered_on, r.source) for r in rows} == {(gid, mid, D(2026, 10, 5), "grid")}


def test_mentor_template_prefills_only_the_mentor(qtbot, db, session, people, codes, monkeypatch):
    from app.services.pairs import save_group
    from ui.surveys import entry_grid

    gid = save_group(session, data=GroupData(mentor_id=people["elkina"], mentee_ids=(people["ivanov"],),
                                             form="учитель – ученик"))
    ctx = entry_grid.prepare(session, template_id=codes["mentor_post"], group_id=gid)
    assert [p.label for p in ctx["prefill"]] == ["Ёлкина Светлана Викторовна (наставник)"]
    assert {p.role for p in ctx["people"]} == {"mentor"}
    ctx = entry_grid.prepare(session, template_id=codes["mentee_pre"], group_id=gid)
    assert [p.id for p in ctx["prefill"]] == [people["ivanov"]]
