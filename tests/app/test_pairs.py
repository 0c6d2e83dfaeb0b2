"""Pairs and groups service: creation, capacity, bans, status flow, listings."""

from __future__ import annotations

import datetime as dt

import pytest

from app.errors import ConflictError, NotFoundError, ValidationError
from app.schemas import GroupData
from app.services import pairs
from app.services.people import save_mentee, save_mentor, set_mentees_archived
from tests import factories


@pytest.fixture
def people(session):
    mentees = [save_mentee(session, data=factories.mentee(last_name=name, group_name="5А"))
               for name in ("Иванов", "Петров", "Сидоров", "Орлов")]
    mentor = save_mentor(session, data=factories.mentor(capacity=2))
    return mentees, mentor


def _issues(exc: ValidationError) -> str:
    return "\n".join(i.describe() for i in exc.issues)


def test_pair_and_group_are_created_as_drafts(session, people):
    mentees, mentor = people
    pair = pairs.save_group(session, data=GroupData(mentor_id=mentor, mentee_ids=(mentees[0],),
                                                    form="ученик – ученик"))
    rows = {r.id: r for r in pairs.list_groups(session)}
    assert rows[pair].status == "draft"
    assert rows[pair].mentee_names == ("Иванов Пётр Сергеевич",)
    assert rows[pair].mentor_name == "Ёлкина Светлана Викторовна"
    assert not rows[pair].is_group
    waiting = {w.id for w in pairs.unpaired_mentees(session)}
    assert mentees[0] not in waiting and mentees[1] in waiting
    load = {m.id: m for m in pairs.mentor_loads(session)}[mentor]
    assert (load.busy, load.free) == (1, 1)


def test_capacity_is_enforced_unless_confirmed_and_the_confirmation_is_recorded(session, people):
    mentees, mentor = people
    data = GroupData(mentor_id=mentor, mentee_ids=tuple(mentees[:3]))
    with pytest.raises(pairs.CapacityError) as err:
        pairs.save_group(session, data=data)
    assert "допустимых 2" in str(err.value)
    assert pairs.list_groups(session) == []
    group = pairs.save_group(session, data=data, confirm_over_capacity=True)
    row = pairs.list_groups(session)[0]
    assert row.id == group and row.is_group and "подтверждено куратором" in row.over_capacity_note


def test_a_mentee_cannot_be_in_two_active_pairs(session, people):
    mentees, mentor = people
    other = save_mentor(session, data=factories.mentor(last_name="Смирнова", capacity=3))
    pairs.save_group(session, data=GroupData(mentor_id=mentor, mentee_ids=(mentees[0],)))
    with pytest.raises(ValidationError) as err:
        pairs.save_group(session, data=GroupData(mentor_id=other, mentee_ids=(mentees[0],)))
    assert "уже в другой активной паре" in _issues(err.value)


def test_banned_combination_and_self_are_refused(session, people):
    mentees, mentor = people
    pairs.ban_match(session, mentee_id=mentees[1], mentor_id=mentor, reason="конфликт")
    with pytest.raises(ValidationError) as err:
        pairs.save_group(session, data=GroupData(mentor_id=mentor, mentee_ids=(mentees[1],)))
    assert "невозможное" in _issues(err.value)
    pairs.unban_match(session, mentee_id=mentees[1], mentor_id=mentor)
    assert pairs.save_group(session, data=GroupData(mentor_id=mentor, mentee_ids=(mentees[1],)))
    teacher = save_mentee(session, data=factories.mentee(last_name="Ёлкина", first_name="Светлана",
                                                         middle_name="Викторовна", birth_date=None,
                                                         birth_year=1980, category="педагог"))
    with pytest.raises(ValidationError) as err:
        pairs.save_group(session, data=GroupData(mentor_id=mentor, mentee_ids=(teacher,)))
    assert "самому себе" in _issues(err.value)


def test_archived_mentee_and_bad_dates_are_refused(session, people):
    mentees, mentor = people
    set_mentees_archived(session, mentee_ids=[mentees[2]], archived=True)
    with pytest.raises(ValidationError):
        pairs.save_group(session, data=GroupData(mentor_id=mentor, mentee_ids=(mentees[2],)))
    assert mentees[2] not in {w.id for w in pairs.unpaired_mentees(session)}
    with pytest.raises(ValidationError) as err:
        pairs.save_group(session, data=GroupData(mentor_id=mentor, mentee_ids=(mentees[3],),
                                                 start_date=dt.date(2026, 10, 1),
                                                 planned_end_date=dt.date(2026, 9, 1)))
    assert "окончание раньше начала" in _issues(err.value)
    with pytest.raises(NotFoundError):
        pairs.save_group(session, data=GroupData(mentor_id=9999, mentee_ids=(mentees[3],)))


def test_status_flow_and_draft_deletion(session, people):
    mentees, mentor = people
    group = pairs.save_group(session, data=GroupData(mentor_id=mentor, mentee_ids=(mentees[0],)))
    with pytest.raises(ConflictError):
        pairs.set_status(session, group_id=group, status="working")  # a draft is approved by an order first
    pairs.set_status(session, group_id=group, status="approved")
    with pytest.raises(ConflictError):
        pairs.delete_draft(session, group_id=group)
    with pytest.raises(ValidationError):
        pairs.set_status(session, group_id=group, status="dissolved")  # reason required
    pairs.set_status(session, group_id=group, status="dissolved", reason="переезд", on=dt.date(2026, 11, 1))
    row = pairs.list_groups(session)[0]
    assert (row.status, row.status_reason, row.end_date) == ("dissolved", "переезд", dt.date(2026, 11, 1))
    assert mentees[0] in {w.id for w in pairs.unpaired_mentees(session)}  # free again
    draft = pairs.save_group(session, data=GroupData(mentor_id=mentor, mentee_ids=(mentees[1],)))
    pairs.delete_draft(session, group_id=draft)
    assert [r.id for r in pairs.list_groups(session)] == [group]


def test_editing_a_group_keeps_capacity_rules(session, people):
    mentees, mentor = people
    group = pairs.save_group(session, data=GroupData(mentor_id=mentor, mentee_ids=(mentees[0],)))
    pairs.save_group(session, data=GroupData(id=group, mentor_id=mentor, mentee_ids=(mentees[0], mentees[1]),
                                             goal="Подготовка к ОГЭ"))
    row = pairs.list_groups(session)[0]
    assert row.mentee_ids == (mentees[0], mentees[1]) and row.goal == "Подготовка к ОГЭ"
    with pytest.raises(pairs.CapacityError):
        pairs.save_group(session, data=GroupData(id=group, mentor_id=mentor, mentee_ids=tuple(mentees[:3])))
    pairs.set_pinned(session, group_id=group, pinned=True)
    assert pairs.list_groups(session)[0].pinned


def test_waiting_days_are_counted_from_entry(session, people):
    waiting = pairs.unpaired_mentees(session, today=dt.date(2026, 10, 15))
    assert {w.days_waiting for w in waiting} == {30}


def test_waiting_days_count_from_the_end_of_the_last_pair(session, people):
    """A mentee whose pair closed waits since it ended (the latest one), not since entering the programme."""
    from db.models import Mentee

    mentees, mentor = people
    entry = session.get(Mentee, mentees[0]).entry_date
    today = entry + dt.timedelta(days=200)

    def closed(mentee_id, status, on):
        group = pairs.save_group(session, data=GroupData(mentor_id=mentor, mentee_ids=(mentee_id,)))
        pairs.set_status(session, group_id=group, status="approved")
        if status == "finished":
            pairs.set_status(session, group_id=group, status="working")
        pairs.set_status(session, group_id=group, status=status, reason="переезд наставника", on=on)

    closed(mentees[0], "dissolved", entry + dt.timedelta(days=40))
    closed(mentees[0], "finished", entry + dt.timedelta(days=150))  # the last one ended 50 days ago
    closed(mentees[1], "finished", entry + dt.timedelta(days=230))  # ends after today (end of the summer)
    days = {w.id: w.days_waiting for w in pairs.unpaired_mentees(session, today=today)}
    assert days == {mentees[0]: 50, mentees[1]: 0, mentees[2]: 200, mentees[3]: 200}  # never paired: since entry
    assert [w.id for w in pairs.unpaired_mentees(session, today=today)][-1] == mentees[1]  # longest waiting first
    pairs.save_group(session, data=GroupData(mentor_id=mentor, mentee_ids=(mentees[0],)))  # a draft: paired again
    assert mentees[0] not in {w.id for w in pairs.unpaired_mentees(session, today=today)}


def test_unpaired_since():
    entry, ended = dt.date(2026, 9, 15), dt.date(2027, 8, 31)
    assert pairs.unpaired_since(entry_date=entry, last_pair_end=ended) == ended
    assert pairs.unpaired_since(entry_date=entry, last_pair_end=None) == entry
    assert pairs.unpaired_since(entry_date=ended, last_pair_end=entry) == ended  # re-entered after the pair
    assert pairs.unpaired_since(entry_date=None, last_pair_end=None) is None
