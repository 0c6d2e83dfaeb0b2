"""The quarter-close check: errors that block the export, warnings with where to jump."""

from __future__ import annotations

import datetime as dt

import pytest

from app.periods import parse_period
from app.quarter_check import check_quarter, has_errors
from app.schemas import ConsentData, GroupData
from app.schemas_meetings import MeetingData
from app.schemas_monitoring import ContingentData
from app.services import meetings, pairs
from app.services.contingent import save_contingent
from app.services.people import save_mentee, save_mentor
from app.services.school import save_school
from app.settings import save_settings
from tests import factories

D = dt.date
Q4 = parse_period("2026-Q4")
TODAY = D(2026, 11, 26)
FULL = dict(students_total=700, students_10_18=450, students_15_19=150, teachers_total=60, young_teachers=8)


def codes(items) -> list[tuple[str, str, str, int | None]]:  # noqa: ANN001
    return [(i.severity, i.code, i.target, i.record_id) for i in items]


def group(session, mentor_id: int, mentee_id: int, *, status: str = "approved") -> int:  # noqa: ANN001
    gid = pairs.save_group(session, data=GroupData(mentor_id=mentor_id, mentee_ids=(mentee_id,),
                                                   form="учитель – ученик", start_date=D(2026, 9, 15)))
    if status != "draft":
        pairs.set_status(session, group_id=gid, status="approved", on=D(2026, 9, 25))
    return gid


def meet(session, gid: int, on: D, kind: str, *, feedback: bool = True) -> int:  # noqa: ANN001
    return meetings.save_meeting(session, data=MeetingData(group_id=gid, date=on, kind=kind,
                                                           feedback_mentee=feedback, feedback_mentor=feedback))


def blank_profile(session, **values: str) -> None:  # noqa: ANN001
    """Empty profile fields as an old database may have them (the profile dialog requires them)."""
    from sqlalchemy import update

    from db.models import School

    session.execute(update(School).values(**values))
    session.commit()


@pytest.fixture
def world(session):
    """A school with its contingent, a pair on track, a silent pair and a draft."""
    save_school(session, data=factories.school())
    save_contingent(session, data=ContingentData(period="2026-Q4", **FULL))
    teacher = save_mentor(session, data=factories.mentor(capacity=10))
    consent = ConsentData(kind="transfer", signer="representative", representative_name="Иванова Мария Павловна",
                          signed_on=D(2026, 9, 10))
    good = save_mentee(session, data=factories.mentee(last_name="Хорошев", consents=(consent,)))
    silent = save_mentee(session, data=factories.mentee(last_name="Молчанов"))
    draft = save_mentee(session, data=factories.mentee(last_name="Черновой"))
    on_track = group(session, teacher, good)
    for on, kind in ((D(2026, 10, 1), "встреча-знакомство"), (D(2026, 10, 8), "пробная рабочая встреча"),
                     (D(2026, 10, 15), "встреча-планирование"), (D(2026, 11, 19), "рабочая встреча")):
        meet(session, on_track, on, kind)
    unanswered = meet(session, on_track, D(2026, 11, 20), "рабочая встреча", feedback=False)
    quiet = group(session, teacher, silent)
    drafted = group(session, teacher, draft, status="draft")
    return dict(teacher=teacher, good=good, silent=silent, on_track=on_track, quiet=quiet, drafted=drafted,
                unanswered=unanswered)


def test_empty_database_is_blocked_by_profile_and_contingent(session):
    items = check_quarter(session, period=Q4, today=TODAY)
    assert codes(items) == [("error", "no_profile", "profile", None), ("error", "no_contingent", "contingent", None)]
    assert "«Обучающихся всего»" in items[1].message and "IV квартал 2026 года" in items[1].message
    assert has_errors(items)


def test_school_without_code_or_name(session):
    save_school(session, data=factories.school())
    blank_profile(session, code="", full_name="", short_name="")
    got = {i.code for i in check_quarter(session, period=Q4, today=TODAY) if i.severity == "error"}
    assert got == {"no_school_code", "no_school_name", "no_contingent"}


def test_partial_contingent_names_the_missing_fields(session):
    save_school(session, data=factories.school())
    save_contingent(session, data=ContingentData(period="2026-Q4", students_total=700, teachers_total=60))
    items = [i for i in check_quarter(session, period=Q4, today=TODAY) if i.code == "no_contingent"]
    assert len(items) == 1
    assert items[0].message == ("Не заполнен «Контингент» за IV квартал 2026 года: «Обучающихся в возрасте 10–18 "
                                "лет», «Обучающихся в возрасте 15–19 лет», «Молодых педагогов (стаж 0–3 года)»")


def test_contingent_of_the_year_is_enough_with_a_notice(session):
    save_school(session, data=factories.school())
    save_contingent(session, data=ContingentData(period="2026/2027", **FULL))
    items = check_quarter(session, period=Q4, today=TODAY)
    assert codes(items) == [("warning", "contingent_fallback", "contingent", None)]
    assert not has_errors(items)
    assert "2026/2027 учебный год" in items[0].message


def test_warnings_of_a_quarter(session, world):
    items = check_quarter(session, period=Q4, today=TODAY)
    assert not has_errors(items)
    got = codes(items)
    assert ("warning", "no_meetings", "pairs", world["quiet"]) in got
    assert ("warning", "no_meetings", "pairs", world["on_track"]) not in got
    assert ("warning", "no_feedback", "meetings", world["unanswered"]) in got
    assert ("warning", "draft_pair", "pairs", world["drafted"]) in got
    assert ("warning", "attention_inactive", "pairs", world["quiet"]) in got  # no meeting since 15.09.2026
    assert [c for c in got if c[1] == "no_feedback"] == [("warning", "no_feedback", "meetings", world["unanswered"])]
    assert not any(c[1] == "no_transfer_consent" for c in got)  # personal data are not exported by default
    quiet = next(i for i in items if i.code == "no_meetings")
    assert quiet.message == f"Пара № {world['quiet']} (Ёлкина С.В. — Молчанов П.С.): нет встреч за IV квартал 2026 года"
    feedback = next(i for i in items if i.code == "no_feedback")
    assert "встреча 20.11.2026 без обратной связи" in feedback.message


def test_a_quarter_without_the_pairs_has_no_pair_warnings(session, world):
    save_contingent(session, data=ContingentData(period="2026-Q2", **FULL))
    items = check_quarter(session, period=parse_period("2026-Q2"), today=TODAY)
    assert {i.code for i in items} == {"draft_pair"}  # a draft waits for an order whatever the quarter


def test_transfer_consent_matters_only_with_personal_data(session, world):
    save_settings(session, changes={"package_personal_data": True})
    items = [i for i in check_quarter(session, period=Q4, today=TODAY) if i.code == "no_transfer_consent"]
    assert {(i.target, i.record_id) for i in items} == {("mentees", world["silent"]), ("mentors", world["teacher"])}
    assert all("под псевдонимом" in i.message and i.severity == "warning" for i in items)
    # a revoked consent no longer counts
    from app.services.people import get_mentee

    data = get_mentee(session, mentee_id=world["good"])
    revoked = tuple(c.__class__(**{**c.__dict__, "revoked_on": D(2026, 11, 1)}) for c in data.consents)
    save_mentee(session, data=data.__class__(**{**data.__dict__, "consents": revoked}))
    items = [i for i in check_quarter(session, period=Q4, today=TODAY) if i.code == "no_transfer_consent"]
    assert ("mentees", world["good"]) in {(i.target, i.record_id) for i in items}


def test_errors_come_first(session, world):
    blank_profile(session, code="")
    items = check_quarter(session, period=Q4, today=TODAY)
    assert items[0].code == "no_school_code" and items[0].target == "profile"
    assert all(i.severity == "warning" for i in items[1:])
