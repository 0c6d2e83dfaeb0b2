"""Changes to approved pairs: replacing a mentor (capacity, bans, status kept) and what amending orders lack."""

from __future__ import annotations

import datetime as dt

import pytest

from app.errors import ConflictError, ValidationError
from app.schemas import GroupData
from app.services import pairs
from app.services.orders import create_amendment_order, create_approval_order
from app.services.people import save_mentee, save_mentor
from tests import factories

DAY = dt.date(2026, 10, 1)


@pytest.fixture
def setup(session):
    mentees = [save_mentee(session, data=factories.mentee(last_name=name, group_name="5А"))
               for name in ("Иванов", "Петров", "Сидоров")]
    old = save_mentor(session, data=factories.mentor(capacity=3))
    new = save_mentor(session, data=factories.mentor(last_name="Зайцев", first_name="Олег",
                                                     middle_name="Петрович", birth_year=1975, capacity=1))
    group = pairs.save_group(session, data=GroupData(mentor_id=old, mentee_ids=(mentees[0],), form="ученик – ученик"))
    create_approval_order(session, group_ids=[group], number="5", date=DAY)
    return {"mentees": mentees, "old": old, "new": new, "group": group}


def _row(session, group_id):
    return {r.id: r for r in pairs.list_groups(session)}[group_id]


def test_replace_mentor_keeps_the_pair_and_its_status_and_records_the_reason(session, setup):
    pairs.set_status(session, group_id=setup["group"], status="working", on=DAY)
    pairs.replace_mentor(session, group_id=setup["group"], mentor_id=setup["new"], reason="переезд",
                         on=dt.date(2026, 11, 2))
    row = _row(session, setup["group"])
    assert row.mentor_id == setup["new"] and row.mentee_ids == (setup["mentees"][0],)
    assert row.status == "working" and row.order_id is not None
    assert row.status_reason.startswith("замена наставника: переезд")
    assert "Ёлкина Светлана Викторовна" in row.status_reason
    loads = {m.id: m for m in pairs.mentor_loads(session)}
    assert loads[setup["new"]].busy == 1 and loads[setup["old"]].busy == 0
    [change] = pairs.pending_changes(session)
    assert (change.group_id, change.change, change.date) == (setup["group"], "mentor_replaced", dt.date(2026, 11, 2))
    assert "заменён наставник" in change.label and "Зайцев Олег Петрович" in change.label


def test_replace_mentor_respects_capacity_unless_confirmed(session, setup):
    other = pairs.save_group(session, data=GroupData(mentor_id=setup["new"], mentee_ids=(setup["mentees"][1],)))
    assert other
    with pytest.raises(pairs.CapacityError):
        pairs.replace_mentor(session, group_id=setup["group"], mentor_id=setup["new"], reason="болезнь")
    assert _row(session, setup["group"]).mentor_id == setup["old"]
    pairs.replace_mentor(session, group_id=setup["group"], mentor_id=setup["new"], reason="болезнь",
                         confirm_over_capacity=True)
    row = _row(session, setup["group"])
    assert row.mentor_id == setup["new"] and "Превышение: 2" in row.over_capacity_note


def test_replace_mentor_refuses_bans_drafts_same_mentor_and_empty_reason(session, setup):
    pairs.ban_match(session, mentee_id=setup["mentees"][0], mentor_id=setup["new"], reason="конфликт")
    with pytest.raises(ValidationError) as err:
        pairs.replace_mentor(session, group_id=setup["group"], mentor_id=setup["new"], reason="болезнь")
    assert "невозможное" in err.value.issues[0].message
    with pytest.raises(ValidationError) as err:
        pairs.replace_mentor(session, group_id=setup["group"], mentor_id=setup["old"], reason=" ")
    assert {i.field for i in err.value.issues} == {"Наставник", "Причина"}
    draft = pairs.save_group(session, data=GroupData(mentor_id=setup["old"], mentee_ids=(setup["mentees"][2],)))
    with pytest.raises(ConflictError):
        pairs.replace_mentor(session, group_id=draft, mentor_id=setup["new"], reason="болезнь")
    assert _row(session, setup["group"]).mentor_id == setup["old"]
    assert pairs.pending_changes(session) == []


def test_pending_changes_lists_dissolved_pairs_until_an_amending_order_covers_them(session, setup):
    draft = pairs.save_group(session, data=GroupData(mentor_id=setup["old"], mentee_ids=(setup["mentees"][2],)))
    pairs.set_status(session, group_id=draft, status="dissolved", reason="ошибка")  # never approved: no order
    pairs.set_status(session, group_id=setup["group"], status="dissolved", reason="перевод в другую школу",
                     on=dt.date(2026, 12, 1))
    [change] = pairs.pending_changes(session)
    assert (change.group_id, change.change, change.reason) == (setup["group"], "dissolved", "перевод в другую школу")
    create_amendment_order(session, changes=[(setup["group"], "dissolved")], number="9", date=dt.date(2026, 12, 2))
    assert pairs.pending_changes(session) == []


def test_a_replacement_after_the_amending_order_is_pending_again(session, setup):
    pairs.replace_mentor(session, group_id=setup["group"], mentor_id=setup["new"], reason="болезнь", on=DAY)
    create_amendment_order(session, changes=[(setup["group"], "mentor_replaced")], number="6", date=DAY)
    assert pairs.pending_changes(session) == []
    pairs.replace_mentor(session, group_id=setup["group"], mentor_id=setup["old"], reason="выздоровление",
                         on=DAY + dt.timedelta(days=30))
    assert [c.change for c in pairs.pending_changes(session)] == ["mentor_replaced"]
