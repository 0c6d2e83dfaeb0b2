"""Jump from a finding (quarter check, monitoring) to the tab and record it is about."""

from __future__ import annotations

from typing import Any


def go_to(window: Any, target: str, record_id: Any = None) -> bool:
    """Show ``target`` (mentees, mentors, pairs, meetings, profile, settings…) and select ``record_id``."""
    ids = [record_id] if record_id is not None else []
    if target in ("mentees", "mentors"):
        tab = window.mentees if target == "mentees" else window.mentors
        window.tabs.setCurrentWidget(tab)
        if ids:
            if tab.in_archive():
                tab.show_archive(False)
            tab.select_ids(ids)
        return True
    if target == "pairs":
        window.tabs.setCurrentWidget(window.pairs)
        if ids:
            view = window.pairs.group_view
            window.pairs.select_ids(view, ids)
            rows = view.selectionModel().selectedRows()
            if rows:
                view.scrollTo(rows[0])
            view.setFocus()
        return True
    if target == "meetings":
        window.tabs.setCurrentWidget(window.meetings)
        if ids:
            window.meetings.select_meeting(record_id)
        return True
    if target == "profile":
        window.edit_profile()
        return True
    if target == "settings":
        window.edit_settings()
        return True
    return False
