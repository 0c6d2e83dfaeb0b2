"""Meeting log service: save, edit, attendance, delete, listing, timelines and the attention list."""

from __future__ import annotations

import datetime as dt

import pytest

from app.errors import ValidationError
from app.schemas import GroupData
from app.schemas_meetings import MeetingData
from app.services import meetings, pairs
from app.services.people import save_mentee, save_mentor
from tests import factories

D = dt.date


@pytest.fixture
def group(session):
    ids = [save_mentee(session, data=factories.mentee(last_name=n)) for n in ("Иванов", "Петров")]
    mentor = save_mentor(session, data=factories.mentor())
    gid = pairs.save_group(session, data=GroupData(mentor_id=mentor, mentee_ids=tuple(ids), form="ученик – ученик",
                                                   start_date=D(2026, 9, 15), planned_end_date=D(2027, 5, 25)))
    pairs.set_status(session, group_id=gid, status="approved")
    return gid, ids


def test_meeting_is_saved_listed_and_starts_the_pair(session, group):
    gid, ids = group
    mid = meetings.save_meeting(session, data=MeetingData(
        group_id=gid, date=D(2026, 9, 20), kind="встреча-знакомство", start_time="15:30", duration_min=45,
        topic="Знакомство", absent_mentee_ids=(ids[1],)))
    rows = meetings.list_meetings(session)
    assert [r.id for r in rows] == [mid]
    row = rows[0]
    assert row.stage == "intro" and row.start_time == "15:30" and row.is_group
    assert row.absent_names == ("Петров П.С.",)
    assert {r.id: r.status for r in pairs.list_groups(session)}[gid] == "working"
    again = meetings.get_meeting(session, meeting_id=mid)
    assert again.absent_mentee_ids == (ids[1],)
    meetings.save_meeting(session, data=MeetingData(**{**again.__dict__, "absent_mentee_ids": (), "topic": "Ещё"}))
    assert meetings.list_meetings(session)[0].absent_names == ()
    meetings.delete_meeting(session, meeting_id=mid)
    assert meetings.list_meetings(session) == []


def test_bad_meeting_names_the_fields_and_changes_nothing(session, group):
    gid, _ = group
    with pytest.raises(ValidationError) as err:
        meetings.save_meeting(session, data=MeetingData(group_id=gid, date=D(2026, 9, 20), kind="",
                                                        start_time="25:00", duration_min=0, format="x"))
    fields = {i.field for i in err.value.issues}
    assert fields == {"Тип встречи", "Время", "Длительность", "Формат"}
    assert meetings.list_meetings(session) == []


def test_timeline_and_attention_list(session, group):
    gid, _ = group
    meetings.save_meeting(session, data=MeetingData(group_id=gid, date=D(2026, 9, 20), kind="рабочая встреча",
                                                    feedback_mentee=True))
    tl = meetings.pair_timeline(session, group_id=gid, today=D(2026, 9, 25))
    assert tl.stage_text == "рабочие встречи (1)"
    assert [w.code for w in tl.warnings] == ["first_not_intro", "no_feedback"]
    later = meetings.attention_list(session, today=D(2026, 11, 30))
    assert {w.code for w in later} == {"first_not_intro", "no_feedback", "inactive"}


def test_feedback_from_survey_entry_is_recorded_on_the_meeting(session, group):
    gid, _ = group
    mid = meetings.save_meeting(session, data=MeetingData(group_id=gid, date=D(2026, 9, 20), kind="рабочая встреча"))
    meetings.mark_feedback(session, meeting_id=mid, roles={"mentee"})
    again = meetings.get_meeting(session, meeting_id=mid)
    assert (again.feedback_mentee, again.feedback_mentor) == (True, False)
    meetings.mark_feedback(session, meeting_id=mid, roles=set())  # never clears what was recorded
    assert meetings.get_meeting(session, meeting_id=mid).feedback_mentee


def test_times_typed_without_a_colon_are_accepted(session, group):
    assert [meetings.normalize_time(t) for t in ("1630", "16.30", "9:05", "905", " 16:30 ", "25:00")] == [
        "16:30", "16:30", "09:05", "09:05", "16:30", "25:00"]
    gid, _ = group
    mid = meetings.save_meeting(session, data=MeetingData(group_id=gid, date=D(2026, 9, 20), kind="рабочая встреча",
                                                          start_time="1630"))
    assert meetings.get_meeting(session, meeting_id=mid).start_time == "16:30"
