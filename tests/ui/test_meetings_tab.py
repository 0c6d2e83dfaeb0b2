"""The «Журнал встреч» tab: loading, filters, the model, adding/deleting meetings, attention list, timeline."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from app.schemas import GroupData
from app.schemas_meetings import MeetingData
from tests import factories
from tests.typing_helper import type_text

TODAY = dt.date.today()


def ago(days: int) -> dt.date:
    return TODAY - dt.timedelta(days=days)


def make_journal(session) -> dict[str, int]:
    """Pair «a» (Ёлкина — Иванов) off-track; group «b» (Зайцев — Петрова, Орлова) on track."""
    from app.services import meetings, pairs
    from app.services.people import save_mentee, save_mentor

    ids = {
        "ivanov": save_mentee(session, data=factories.mentee()),
        "petrova": save_mentee(session, data=factories.mentee(last_name="Петрова", first_name="Алёна",
                                                               middle_name="Игоревна", group_name="7Б")),
        "orlova": save_mentee(session, data=factories.mentee(last_name="Орлова", first_name="Мария",
                                                              middle_name="", group_name="10А")),
        "elkina": save_mentor(session, data=factories.mentor()),
        "zaitsev": save_mentor(session, data=factories.mentor(last_name="Зайцев", first_name="Олег",
                                                              middle_name="Петрович")),
    }
    for key, mentor, mentees in (("a", "elkina", ("ivanov",)), ("b", "zaitsev", ("petrova", "orlova"))):
        gid = pairs.save_group(session, data=GroupData(
            mentor_id=ids[mentor], mentee_ids=tuple(ids[m] for m in mentees), form="ученик – ученик",
            start_date=ago(90), planned_end_date=TODAY + dt.timedelta(days=180)))
        pairs.set_status(session, group_id=gid, status="approved")
        ids[key] = gid

    def meet(key: str, days: int, kind: str, **kw) -> int:
        return meetings.save_meeting(session, data=MeetingData(group_id=ids[key], date=ago(days), kind=kind, **kw))

    ids["a_intro"] = meet("a", 60, "встреча-знакомство", topic="Знакомство")
    ids["a_work"] = meet("a", 40, "рабочая встреча", format="remote", topic="Подготовка к олимпиаде",
                         feedback_mentee=True)
    ids["b_intro"] = meet("b", 50, "встреча-знакомство", start_time="15:30")
    meet("b", 45, "пробная встреча")
    meet("b", 30, "встреча-планирование", outcome="План на четверть")
    ids["b_work"] = meet("b", 20, "рабочая встреча", topic="Проект «Ёжик»", feedback_mentee=True,
                         feedback_mentor=True, absent_mentee_ids=(ids["orlova"],))
    return ids


@pytest.fixture
def journal(session):
    return make_journal(session)


@pytest.fixture
def tab(qtbot, db, journal):
    from ui.meetings.meetings_tab import MeetingsTab
    from ui.tasks import SyncRunner

    widget = MeetingsTab(runner=SyncRunner())
    qtbot.addWidget(widget)
    widget.resize(1366, 700)
    widget.set_database(db)
    return widget


def shown(tab) -> list[int]:
    return [tab.model.row_at(n).id for n in range(tab.model.rowCount())]


def cell(tab, row_id: int, column: int, role=Qt.ItemDataRole.DisplayRole):
    model = tab.model
    return model.data(model.index(model.row_of_id(row_id), column), role)


def test_tab_loads_meetings_newest_first(tab, journal, qtmodeltester):
    qtmodeltester.check(tab.model)
    assert tab.title == "Журнал встреч"
    assert tab.model.rowCount() == 6
    assert shown(tab)[0] == journal["b_work"]
    assert cell(tab, journal["a_work"], 0) == f"{ago(40):%d.%m.%Y}"
    assert cell(tab, journal["b_intro"], 1) == "15:30"
    assert cell(tab, journal["a_work"], 4) == "дистанционно"
    assert cell(tab, journal["b_work"], 9) == "Орлова М."
    # the working meeting without the mentor's feedback is marked in red
    assert cell(tab, journal["a_work"], 8) == "нет"
    assert cell(tab, journal["a_work"], 8, Qt.ItemDataRole.BackgroundRole) is not None
    assert cell(tab, journal["a_work"], 7, Qt.ItemDataRole.BackgroundRole) is None
    assert cell(tab, journal["a_intro"], 8) == "—"
    assert tab.counts_text() == "Встреч: 6 из 6 · требуют внимания: 1 пара"
    assert tab.attention_button.text() == "Требуют внимания (1)…"
    assert tab.group_combo.count() == 3 and tab.mentor_combo.count() == 3
    assert tab.group_combo.itemText(1).startswith("Ёлкина С.В. — Иванов П.С.")


def test_header_click_sorts_and_selection_survives_reload(tab, journal):
    header = tab.view.horizontalHeader()
    tab.view.sortByColumn(3, Qt.SortOrder.AscendingOrder)
    kinds = [tab.model.row_at(n).kind for n in range(tab.model.rowCount())]
    assert kinds == sorted(kinds)
    assert header.sortIndicatorSection() == 3
    tab.select_ids([journal["a_work"]])
    tab.reload()
    assert tab.selected_ids() == [journal["a_work"]]


def test_filters_from_the_widgets(tab, journal):
    tab.group_combo.setCurrentIndex(tab.group_combo.findData(journal["b"]))
    assert len(shown(tab)) == 4
    tab.kind_combo.setCurrentIndex(tab.kind_combo.findText("рабочая встреча"))
    assert shown(tab) == [journal["b_work"]]
    tab.reset_filters()
    assert len(shown(tab)) == 6
    tab.format_combo.setCurrentIndex(tab.format_combo.findData("remote"))
    assert shown(tab) == [journal["a_work"]]
    tab.reset_filters()
    tab.missing_box.setChecked(True)
    assert shown(tab) == [journal["a_work"]]
    assert tab.counts_text().startswith("Встреч: 1 из 6")
    tab.reset_filters()
    tab.mentor_combo.setCurrentIndex(tab.mentor_combo.findData(journal["elkina"]))
    assert set(shown(tab)) == {journal["a_intro"], journal["a_work"]}
    tab.reset_filters()
    tab.search.setFocus()
    type_text(tab.search, "ЕЖИК")
    assert shown(tab) == [journal["b_work"]]
    tab.reset_filters()
    tab.date_from.set_text(f"{ago(45):%d.%m.%Y}")
    tab.date_to.set_text(f"{ago(30):%d.%m.%Y}")
    assert len(shown(tab)) == 3
    tab.date_to.set_text("31.02")  # unreadable: ignored and marked
    assert len(shown(tab)) == 4
    assert "border" in tab.date_to.edit.styleSheet()


def test_timeline_panel_shows_the_selected_pair(tab, journal):
    tab.select_ids([journal["a_work"]])
    panel = tab.timeline
    assert "Ёлкина" in panel.title.text()
    assert panel.stage.text().startswith("Этап: рабочие встречи (1)")
    assert panel.meetings.count() == 2
    assert panel.meetings.item(0).text() == f"{ago(60):%d.%m.%Y} — встреча-знакомство"
    assert "наставник ✗" in panel.meetings.item(1).text()
    assert any("без обратной связи от наставника" in w for w in panel.warning_texts())
    assert "нет встреч" in panel.warnings.text()
    panel.meetings.itemClicked.emit(panel.meetings.item(0))
    assert tab.selected_ids() == [journal["a_intro"]]
    tab.select_ids([journal["b_intro"]])
    assert panel.meetings.count() == 4 and panel.warning_texts() == []


def test_add_meeting_through_the_dialog(tab, journal, monkeypatch, db):
    from ui.meetings import meeting_dialog

    seen = {}

    def run(dialog):
        seen["kind"] = dialog.kind_combo.currentText()
        seen["pair"] = dialog.pair_combo.currentData()
        dialog.time_edit.setText("16:00")
        dialog.topic.setText("Разбор задач")
        dialog.fb_mentee.setChecked(True)
        return dialog.save()

    monkeypatch.setattr(meeting_dialog, "run_dialog", run)
    tab.group_combo.setCurrentIndex(tab.group_combo.findData(journal["a"]))
    changed = []
    tab.data_changed.connect(lambda: changed.append(1))
    tab.setFocus()
    tab.add_action.trigger()
    assert seen == {"kind": "пробная встреча", "pair": journal["a"]}  # after знакомство comes пробная
    assert changed == [1]
    assert tab.model.rowCount() == 3
    row = tab.current_row()
    assert row is not None and row.topic == "Разбор задач" and row.start_time == "16:00" and row.date == TODAY


def test_edit_keeps_fields_and_saves(tab, journal, monkeypatch):
    from ui.meetings import meeting_dialog

    def run(dialog):
        assert dialog.topic.text() == "Подготовка к олимпиаде"
        assert dialog.format_combo.currentData() == "remote" and dialog.fb_mentee.isChecked()
        dialog.fb_mentor.setChecked(True)
        return dialog.save()

    monkeypatch.setattr(meeting_dialog, "run_dialog", run)
    tab.select_ids([journal["a_work"]])
    assert tab.edit_button.isEnabled()
    tab.view.doubleClicked.emit(tab.model.index(tab.model.row_of_id(journal["a_work"]), 0))
    assert cell(tab, journal["a_work"], 8) == "да"
    assert tab.counts_text().endswith("требуют внимания: 1 пара")  # still inactive for 40 days


def test_delete_with_confirmation(tab, journal, monkeypatch):
    from ui import messages

    asked = []
    monkeypatch.setattr(messages, "confirm", lambda *a, **k: asked.append(k["text"]) or False)
    tab.select_ids([journal["a_intro"]])
    tab.delete_meetings()
    assert tab.model.rowCount() == 6 and "встреча-знакомство" in asked[0]
    monkeypatch.setattr(messages, "confirm", lambda *a, **k: True)
    tab.delete_button.click()
    assert journal["a_intro"] not in shown(tab) and tab.model.rowCount() == 5


def test_attention_dialog_lists_warnings_and_jumps_to_the_pair(tab, journal, monkeypatch, qtmodeltester):
    from ui.meetings import meetings_tab

    listed = {}

    def run(dialog):
        qtmodeltester.check(dialog.model)
        model = dialog.model
        listed["messages"] = [model.row_at(n).message for n in range(model.rowCount())]
        n = next(n for n in range(model.rowCount()) if model.row_at(n).code == "no_feedback")
        dialog.view.selectRow(n)
        dialog.go_button.click()
        return dialog.result() == 1

    monkeypatch.setattr(meetings_tab, "run_dialog", run)
    chosen = tab.open_attention()
    assert any("без обратной связи" in m for m in listed["messages"])
    assert any(m.startswith("нет встреч") for m in listed["messages"])
    assert chosen is not None and chosen.group_id == journal["a"]
    assert tab.group_combo.currentData() == journal["a"]
    assert set(shown(tab)) == {journal["a_intro"], journal["a_work"]}
    assert tab.selected_ids() == [journal["a_work"]]


def test_attention_dialog_empty_and_closed(qtbot):
    from ui.meetings.attention_dialog import AttentionDialog, pairs_word

    dialog = AttentionDialog(None, warnings=[])
    qtbot.addWidget(dialog)
    assert "замечаний нет" in dialog.summary.text() and not dialog.go_button.isEnabled()
    assert [pairs_word(n) for n in (1, 3, 7, 11, 21, 22)] == ["1 пара", "3 пары", "7 пар", "11 пар", "21 пара",
                                                              "22 пары"]


def test_pdf_journal_buttons(tab, journal, monkeypatch):
    pytest.importorskip("app.documents.journal")
    import subprocess

    from ui import pdf_preview

    shown_pdfs = []
    monkeypatch.setattr(pdf_preview, "show_pdf", lambda parent, *, path, title, **kw: shown_pdfs.append((path, title)))
    tab.select_ids([journal["b_work"]])
    assert tab.journal_button.isEnabled()
    tab.journal_button.click()
    tab.journal_all_button.click()
    assert len(shown_pdfs) == 2
    text = subprocess.run(["pdftotext", str(shown_pdfs[0][0]), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "Зайцев" in text and "Ёлкина" not in text
    everything = subprocess.run(["pdftotext", str(shown_pdfs[1][0]), "-"], capture_output=True, text=True,
                                check=True).stdout
    assert "Зайцев" in everything and "Ёлкина" in everything


def test_empty_results_explain_themselves(tab, journal, qtbot, db):
    from ui.meetings.meetings_tab import MeetingsTab
    from ui.tasks import SyncRunner

    tab.search.setText("такого нет нигде")
    assert tab.model.rowCount() == 0 and "подходящих под фильтр" in tab.timeline.stage.text()
    tab.reset_button.click()
    assert tab.model.rowCount() == 6
    empty = MeetingsTab(runner=SyncRunner())
    qtbot.addWidget(empty)
    assert empty.counts_text() == "" and not empty.add_button.isEnabled()


def test_keyboard_shortcuts(tab, journal, qtbot, monkeypatch):
    from ui import messages
    from ui.meetings import meeting_dialog

    opened = []
    monkeypatch.setattr(meeting_dialog, "run_dialog", lambda dialog: opened.append(dialog.data) or False)
    monkeypatch.setattr(messages, "confirm", lambda *a, **k: True)
    tab.show()
    qtbot.waitExposed(tab)
    tab.activateWindow()
    qtbot.waitUntil(tab.isActiveWindow, timeout=2000)
    tab.select_ids([journal["a_work"]])
    tab.view.setFocus()
    qtbot.keyClick(tab.view, Qt.Key.Key_Return)
    assert opened and opened[-1].id == journal["a_work"]
    qtbot.keyClick(tab.view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert len(opened) == 2 and opened[-1] is None
    qtbot.keyClick(tab.view, Qt.Key.Key_Delete)
    assert journal["a_work"] not in shown(tab)
