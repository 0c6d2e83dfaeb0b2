"""Jumps from monitoring findings to the tab and record they are about."""

from __future__ import annotations

import datetime as dt

from app.schemas import GroupData
from app.schemas_meetings import MeetingData
from app.services import meetings, pairs
from ui import navigation


def test_go_to_selects_the_record_in_its_tab(window, people, session, monkeypatch):
    gid = pairs.save_group(session, data=GroupData(mentor_id=people["elkina"], mentee_ids=(people["orlova"],),
                                                   start_date=dt.date(2026, 9, 15)))
    pairs.set_status(session, group_id=gid, status="approved")
    mid = meetings.save_meeting(session, data=MeetingData(group_id=gid, date=dt.date(2026, 9, 20),
                                                          kind="встреча-знакомство"))
    window.data_changed.emit()

    assert navigation.go_to(window, "mentees", people["orlova"])
    assert window.tabs.currentWidget() is window.mentees and window.mentees.selected_ids() == [people["orlova"]]
    assert navigation.go_to(window, "mentors", people["elkina"])
    assert window.mentors.selected_ids() == [people["elkina"]]
    assert navigation.go_to(window, "pairs", gid)
    assert window.tabs.currentWidget() is window.pairs and [g.id for g in window.pairs.selected_groups()] == [gid]
    assert navigation.go_to(window, "meetings", mid)
    assert window.tabs.currentWidget() is window.meetings and window.meetings.selected_ids() == [mid]

    opened = []
    monkeypatch.setattr(window, "edit_profile", lambda: opened.append("profile"))
    window.monitoring.navigate.emit("profile", None)
    assert opened == ["profile"]
    assert not navigation.go_to(window, "somewhere", None)
