"""The meeting dialog: defaults, attendance, inline validation, warnings, editing, the feedback survey button."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.ui.test_meetings_tab import TODAY, ago, make_journal


@pytest.fixture
def journal(session):
    return make_journal(session)


@pytest.fixture
def open_dialog(qtbot, db):
    from ui.meetings.meeting_dialog import MeetingDialog

    def build(**kw):
        dialog = MeetingDialog(None, db=db, **kw)
        qtbot.addWidget(dialog)
        dialog.show()
        return dialog

    return build


def meetings_of(session, group_id: int):
    from app.services.meetings import list_meetings

    return list_meetings(session, group_id=group_id)


def test_new_meeting_defaults(open_dialog, journal):
    from ui.meetings.meeting_dialog import next_stage

    dialog = open_dialog(group_id=journal["b"])
    assert dialog.pair_combo.currentData() == journal["b"]
    assert dialog.pair_combo.currentText() == "Зайцев О.П. — Петрова А.И., Орлова М."
    assert dialog.date_field.date() == TODAY
    assert dialog.kind_combo.currentText() == "рабочая встреча"  # знакомство, пробная, планирование were held
    assert [b.text() for b in dialog.attendance_boxes.values()] == ["Петрова Алёна Игоревна", "Орлова Мария"]
    assert all(b.isChecked() for b in dialog.attendance_boxes.values())
    assert dialog.duration.text() == "не указано"
    assert not dialog.survey_button.isVisible()  # only for a saved meeting
    dialog.pair_combo.setCurrentIndex(dialog.pair_combo.findData(journal["a"]))
    assert dialog.kind_combo.currentText() == "пробная встреча"
    assert list(dialog.attendance_boxes) == [journal["ivanov"]]
    assert [next_stage(s) for s in ([], ["intro"], ["intro", "trial"], ["intro", "trial", "planning"])] == [
        "intro", "trial", "planning", "working"]


def test_bad_time_is_shown_inline_and_nothing_is_lost(open_dialog, journal, session):
    dialog = open_dialog(group_id=journal["b"])
    dialog.time_edit.setText("25:61")
    dialog.duration.setValue(45)
    dialog.topic.setText("Тема, которую жалко потерять")
    dialog.outcome.setPlainText("Итоги встречи")
    assert dialog.save() is False
    assert dialog.isVisible() and dialog.saved_id is None
    assert "Время" in dialog.marked_fields()
    assert "ЧЧ:ММ" in dialog.issues_label.text() and dialog.issues_label.isVisibleTo(dialog)
    assert dialog.topic.text() == "Тема, которую жалко потерять" and dialog.outcome.toPlainText() == "Итоги встречи"
    assert len(meetings_of(session, journal["b"])) == 4
    dialog.time_edit.setText("9:05")
    dialog.date_field.set_text("не дата")
    assert dialog.save() is False and dialog.marked_fields() == ["Дата"]
    dialog.date_field.set_date(TODAY)
    assert dialog.save() is True
    saved = next(r for r in meetings_of(session, journal["b"]) if r.id == dialog.saved_id)
    assert (saved.start_time, saved.duration_min, saved.topic) == ("09:05", 45, "Тема, которую жалко потерять")


def test_attendance_and_warning_not_blocking(open_dialog, journal, session):
    dialog = open_dialog(group_id=journal["b"])
    dialog.date_field.set_date(ago(120))  # before the group started: a warning only
    for box in dialog.attendance_boxes.values():
        box.setChecked(False)
    dialog.refresh_warnings()
    assert dialog.warnings_label.isVisibleTo(dialog)
    assert "раньше начала работы пары" in dialog.warnings_label.text()
    assert "ни один наставляемый не пришёл" in dialog.warnings_label.text()
    dialog.attendance_boxes[journal["petrova"]].setChecked(True)
    assert dialog.save() is True
    saved = next(r for r in meetings_of(session, journal["b"]) if r.id == dialog.saved_id)
    assert saved.absent_names == ("Орлова М.",) and saved.date == ago(120)


def test_edit_existing_meeting(open_dialog, journal, session):
    dialog = open_dialog(meeting_id=journal["b_work"])
    assert dialog.windowTitle() == "Изменить встречу"
    assert dialog.topic.text() == "Проект «Ёжик»"
    assert not dialog.attendance_boxes[journal["orlova"]].isChecked()
    assert dialog.attendance_boxes[journal["petrova"]].isChecked()
    assert dialog.fb_mentee.isChecked() and dialog.fb_mentor.isChecked()
    assert dialog.linked_label.text() == "Связанных анкет нет"
    assert dialog.survey_button.isVisible()
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findText("итоговая встреча"))
    dialog.attendance_boxes[journal["orlova"]].setChecked(True)
    assert dialog.save() is True and dialog.saved_id == journal["b_work"]
    saved = next(r for r in meetings_of(session, journal["b"]) if r.id == journal["b_work"])
    assert saved.kind == "итоговая встреча" and saved.absent_names == ()


def test_feedback_survey_button_links_responses(open_dialog, journal, db, monkeypatch):
    from app.schemas_surveys import ResponseData
    from app.services.surveys import add_responses, list_templates
    from ui.meetings import meeting_dialog

    calls = []

    def fake_enter(parent, *, db, template_code, meeting_id, group_id):
        calls.append((template_code, meeting_id, group_id))
        with db.session() as session:
            template = next(t for t in list_templates(session) if t.code == template_code)
            add_responses(session, responses=[ResponseData(
                template_id=template.id, answered_on=TODAY, respondent_role="mentor", mentor_id=journal["elkina"],
                group_id=group_id, meeting_id=meeting_id, answers={"useful": 8, "satisfaction": 9})])
        return 1

    monkeypatch.setattr(meeting_dialog, "feedback_enterer", lambda: fake_enter)
    dialog = open_dialog(meeting_id=journal["a_work"])
    assert dialog.survey_button.isEnabled() and not dialog.fb_mentor.isChecked()
    dialog.survey_button.click()
    assert calls == [("meeting_feedback", journal["a_work"], journal["a"])]
    assert dialog.fb_mentor.isChecked() and dialog.linked_label.text() == "Связанных анкет: 1"


def test_survey_button_disabled_without_the_grid(open_dialog, journal, monkeypatch):
    from ui.meetings import meeting_dialog

    monkeypatch.setattr(meeting_dialog, "feedback_enterer", lambda: None)
    dialog = open_dialog(meeting_id=journal["a_work"])
    assert not dialog.survey_button.isEnabled()


def test_edit_meeting_function_returns_the_saved_id(qtbot, db, journal, monkeypatch):
    from ui import messages
    from ui.meetings import meeting_dialog

    monkeypatch.setattr(meeting_dialog, "run_dialog", lambda dialog: dialog.save())
    saved = meeting_dialog.edit_meeting(None, db=db, group_id=journal["a"])
    assert isinstance(saved, int)
    monkeypatch.setattr(meeting_dialog, "run_dialog", lambda dialog: dialog.reject() or False)
    assert meeting_dialog.edit_meeting(None, db=db, meeting_id=saved) is None
    errors = []
    monkeypatch.setattr(messages, "show_error", lambda parent, exc, **kw: errors.append(messages.error_text(exc)))
    assert meeting_dialog.edit_meeting(None, db=db, meeting_id=99999) is None
    assert errors and "не найдена" in errors[0]


def test_date_in_far_future_is_an_error(open_dialog, journal):
    dialog = open_dialog(group_id=journal["a"])
    dialog.date_field.set_date(TODAY + dt.timedelta(days=400))
    assert dialog.save() is False and dialog.marked_fields() == ["Дата"]
