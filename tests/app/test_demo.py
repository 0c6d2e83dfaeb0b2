"""Demo data: realistic, consistent with the domain rules, deterministic, additive."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

import pytest
from sqlalchemy import func, select

from app.demo import BASE_DATE, DemoResult, feminine, fill_demo
from app.errors import Cancelled
from app.services import reference
from app.services.people import get_mentee, get_mentor
from app.services.school import get_school, save_school
from app.text import class_parallel
from app.validation import validate_mentee, validate_mentor
from db.models import Consent, Mentee, Mentor, PartnerOrganization, School
from tests import factories
from tests.snapshots import fresh_copy, load_into


def _count(session, table) -> int:  # noqa: ANN001
    return session.execute(select(func.count()).select_from(table)).scalar_one()


def _age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


@pytest.fixture
def filled(db, session, demo_snapshot):
    """The 600-mentee demo (built once per session; each test gets its own copy)."""
    path, result = demo_snapshot(mentees=600, mentors=None, seed=11)
    load_into(db, session, path)
    return session, result


def test_counts_and_default_mentors(filled):
    session, result = filled
    assert result == DemoResult(mentees=600, mentors=100, partners=result.partners, meetings=result.meetings,
                                responses=result.responses)
    assert _count(session, Mentee) == 600
    assert _count(session, Mentor) == 100
    assert 1 <= result.partners <= _count(session, PartnerOrganization)


def test_default_mentors_at_least_five(session):
    assert fill_demo(session, mentees=12, mentors=None, seed=1).mentors == 5
    assert fill_demo(session, mentees=10, mentors=3, seed=2).mentors == 3


def test_school_profile_created_once(session):
    fill_demo(session, mentees=20, mentors=5, seed=1)
    school = get_school(session)
    assert school is not None
    assert "Средняя общеобразовательная школа № 3" in school.full_name
    assert school.municipality == "Лукояновский муниципальный округ"
    assert school.academic_year == "2026/2027"
    assert school.regulation_number and school.regulation_date
    fill_demo(session, mentees=20, mentors=5, seed=1)
    assert _count(session, School) == 1


def test_existing_school_profile_kept(session):
    save_school(session, data=factories.school())
    fill_demo(session, mentees=30, mentors=10, seed=4)
    assert get_school(session).short_name == "МБОУ СШ № 1"
    teachers = session.execute(select(Mentor.workplace).where(Mentor.category == "педагог")).scalars().all()
    assert teachers and set(teachers) == {"МБОУ СШ № 1"}


def test_every_record_passes_validation(filled):
    session, result = filled
    for mentee_id in session.execute(select(Mentee.id)).scalars():
        data = get_mentee(session, mentee_id=mentee_id)
        assert validate_mentee(data) == [], data
    for mentor_id in session.execute(select(Mentor.id)).scalars():
        data = get_mentor(session, mentor_id=mentor_id)
        assert validate_mentor(data) == [], data


def test_students_age_matches_class(filled):
    session, _ = filled
    rows = session.execute(select(Mentee.group_name, Mentee.birth_date, Mentee.category)
                           .where(Mentee.category == "обучающийся")).all()
    assert len(rows) > 500
    grades = Counter()
    for group, birth, _ in rows:
        assert re.fullmatch(r"(1[01]|[1-9])[АБВГ]", group), group
        grade = class_parallel(group)
        grades[grade] += 1
        assert _age_on(birth, BASE_DATE) == 6 + grade, (group, birth)
    assert set(grades) == set(range(1, 12))


def test_teachers_among_mentees(filled):
    session, _ = filled
    rows = session.execute(select(Mentee.category, Mentee.experience_years, Mentee.group_name)
                           .where(Mentee.category != "обучающийся")).all()
    assert {r.category for r in rows} == {"молодой специалист", "педагог"}
    for category, experience, position in rows:
        assert position.startswith("учитель ")
        if category == "молодой специалист":
            assert 0 <= experience <= 3


def test_mentor_kinds(filled):
    session, _ = filled
    mentors = session.execute(select(Mentor)).scalars().all()
    by_category = Counter(m.category for m in mentors)
    assert by_category["педагог"] > by_category["обучающийся"] > by_category["представитель организации-партнёра"] > 0
    for m in mentors:
        if m.category == "педагог":
            assert m.experience_years >= 5 and m.group_name
        elif m.category == "обучающийся":
            assert class_parallel(m.group_name) in (9, 10, 11)
        else:
            assert m.partner_id is not None
    partners = set(session.execute(select(PartnerOrganization.name)).scalars())
    assert "ООО «Техносфера»" in partners
    assert "ГБПОУ «Лукояновский педагогический колледж»" in partners
    maths = [m for m in mentors if m.group_name == "учитель математики"]
    assert maths and all("математика" in m.competencies for m in maths)


def test_tags_come_from_reference_lists(filled):
    session, _ = filled
    requests = set(reference.names(session, list_code="request_tag"))
    competencies = set(reference.names(session, list_code="competency_tag"))
    used_requests = {t for r in session.execute(select(Mentee.requests)).scalars() for t in r}
    used_competencies = {t for c in session.execute(select(Mentor.competencies)).scalars() for t in c}
    assert used_requests and used_requests <= requests
    assert used_competencies and used_competencies <= competencies
    assert len(used_requests & used_competencies) >= 5  # requests can be matched by competencies


def test_tags_follow_an_edited_reference_list(session):
    items = reference.list_items(session, list_code="request_tag")
    for item in items[1:]:
        reference.set_item_archived(session, item_id=item.id, archived=True)
    fill_demo(session, mentees=40, mentors=5, seed=3)
    used = {t for r in session.execute(select(Mentee.requests)).scalars() for t in r}
    assert used == {items[0].name}


def test_consents(filled):
    session, _ = filled
    consents = session.execute(select(Consent)).scalars().all()
    kinds = Counter(c.kind for c in consents)
    assert kinds["processing"] > kinds["transfer"] > kinds["publication"] > 0
    with_processing = {c.mentee_id for c in consents if c.kind == "processing" and c.mentee_id}
    assert len(with_processing) >= 0.9 * 600
    for c in consents:
        assert c.signed_on is not None and c.signed_on <= dt.date(2026, 10, 31)
        if c.signer == "representative":
            assert len(c.representative_name.split()) == 3
        else:
            assert c.representative_name == ""
    minors = session.execute(select(Mentee.id).where(Mentee.category == "обучающийся",
                                                     Mentee.birth_date > dt.date(2009, 9, 1))).scalars().all()
    signers = {c.mentee_id: c.signer for c in consents if c.mentee_id}
    assert all(signers[i] == "representative" for i in minors if i in signers)


def test_statuses_and_archive(filled):
    session, _ = filled
    mentees = session.execute(select(Mentee)).scalars().all()
    statuses = Counter(m.status for m in mentees)
    assert set(statuses) == {"active", "finished", "left"}
    assert statuses["active"] > statuses["finished"]
    for m in mentees:
        if m.status == "active":
            assert m.exit_date is None and m.entry_date >= BASE_DATE
        else:
            assert m.exit_date > m.entry_date
    assert 0 < sum(m.archived_at is not None for m in mentees) < 60
    assert {m.status for m in session.execute(select(Mentor)).scalars()} == {"active", "candidate", "finished"}


def test_name_morphology(filled):
    session, _ = filled
    assert feminine("Иванов") == "Иванова"
    assert feminine("Троицкий") == "Троицкая"
    assert feminine("Полевой") == "Полевая"
    assert feminine("Черных") == "Черных"
    female_first = {"Анна", "Ольга", "Мария", "Елена", "Дарья", "Светлана", "Татьяна"}
    male_first = {"Иван", "Сергей", "Дмитрий", "Андрей", "Михаил", "Алексей"}
    people = session.execute(select(Mentee.last_name, Mentee.first_name, Mentee.middle_name)).all()
    checked = 0
    for last, first, middle in people:
        if first in female_first:
            assert middle.endswith(("вна", "чна")), (last, first, middle)
            assert not last.endswith(("ов", "ев", "ин", "ий")), last
            checked += 1
        elif first in male_first:
            assert middle.endswith(("вич", "ич")), (last, first, middle)
            assert not last.endswith(("ова", "ева", "ина", "ая")), last
            checked += 1
    assert checked > 100


def test_deterministic_for_a_seed(tmp_path, _migrated_school_file):
    from app.database import open_database

    def people(name: str, seed: int) -> list[tuple]:
        database = open_database(fresh_copy(_migrated_school_file, tmp_path / name))
        try:
            with database.session() as s:
                fill_demo(s, mentees=150, mentors=20, seed=seed)
                return s.execute(select(Mentee.uuid, Mentee.last_name, Mentee.first_name, Mentee.birth_date,
                                        Mentee.group_name).order_by(Mentee.id)).all()
        finally:
            database.close()

    first, second, other = people("a.sqlite3", 5), people("b.sqlite3", 5), people("c.sqlite3", 6)
    assert first == second
    assert first != other


def test_adds_to_a_non_empty_database(session):
    from app.services.people import save_mentee

    own = save_mentee(session, data=factories.mentee())
    fill_demo(session, mentees=50, mentors=6, seed=1)
    fill_demo(session, mentees=50, mentors=6, seed=1)  # same seed again: no uuid clash
    assert _count(session, Mentee) == 101
    assert _count(session, Mentor) == 12
    assert get_mentee(session, mentee_id=own).last_name == "Иванов"
    uuids = session.execute(select(Mentee.uuid)).scalars().all()
    assert len(set(uuids)) == 101


def test_progress_and_cancel_write_nothing(session, monkeypatch):
    from app import demo

    monkeypatch.setattr(demo, "CHUNK", 500)  # several chunks without generating 12 000 people
    seen = []

    def progress(done: int, total: int) -> None:
        seen.append((done, total))

    fill_demo(session, mentees=1200, mentors=10, seed=2, progress=progress)
    assert seen[-1] == (1210, 1210)
    assert len(seen) == 4  # 10 mentors, then 500 + 500 + 200 mentees
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)

    def cancel(done: int, total: int) -> None:
        if done > 500:
            raise Cancelled()

    before = (_count(session, Mentee), _count(session, Mentor), _count(session, Consent))
    with pytest.raises(Cancelled):
        fill_demo(session, mentees=1200, mentors=10, seed=3, progress=cancel)
    assert (_count(session, Mentee), _count(session, Mentor), _count(session, Consent)) == before


def test_stored_like_the_orm_would(filled):
    """Bulk rows read back through the ORM with the right Python types."""
    session, _ = filled
    mentee = session.execute(select(Mentee).where(Mentee.archived_at.is_not(None))).scalars().first()
    assert isinstance(mentee.birth_date, dt.date) and isinstance(mentee.created_at, dt.datetime)
    assert isinstance(mentee.archived_at, dt.datetime)
    assert isinstance(mentee.requests, list) and all(isinstance(t, str) for t in mentee.requests)
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", mentee.uuid)
    raw = session.connection().exec_driver_sql("SELECT archived_at FROM mentee WHERE id = ?", (mentee.id,)).scalar()
    assert raw == "2026-10-20 09:00:00.000000"


def test_negative_count_refused(session):
    from app.errors import ValidationError

    with pytest.raises(ValidationError):
        fill_demo(session, mentees=-1, mentors=None, seed=1)


def test_teachers_age_fits_experience(filled):
    session, _ = filled
    rows = session.execute(select(Mentee.birth_date, Mentee.experience_years)
                           .where(Mentee.category != "обучающийся")).all()
    mentors = session.execute(select(Mentor.birth_year, Mentor.experience_years)
                              .where(Mentor.category == "педагог")).all()
    assert rows and mentors
    for birth, experience in rows:
        assert _age_on(birth, BASE_DATE) >= 21 + experience
    for birth_year, experience in mentors:
        assert BASE_DATE.year - birth_year >= 22 + experience


def test_meetings_and_responses_reported(session):
    from db.models import Meeting, SurveyResponse

    result = fill_demo(session, mentees=200, mentors=None, seed=7, today=dt.date(2026, 11, 26))
    assert result.meetings == _count(session, Meeting) > 0
    assert result.responses == _count(session, SurveyResponse) > 0


def test_contingent_covers_the_demo_periods_and_the_quarter_can_be_closed(session):
    from app.indicators import compute_indicators
    from app.periods import parse_period
    from app.quarter_check import check_quarter, has_errors
    from app.services.contingent import list_contingents, missing_fields

    today = dt.date(2026, 11, 26)
    fill_demo(session, mentees=300, mentors=None, seed=3, today=today)
    stored = {d.period: d for d in list_contingents(session)}
    assert {"2025/2026", "2025-Q4", "2026-Q1", "2026-Q2", "2026/2027", "2026-Q3", "2026-Q4", "2027-Q1",
            "2027-Q2"} <= set(stored)
    for data in stored.values():
        assert missing_fields(data) == []
        assert 600 <= data.students_total <= 900
        assert data.students_15_19 < data.students_10_18 < data.students_total
        assert 0 < data.young_teachers < data.teachers_total
    q4 = parse_period("2026-Q4")
    assert not has_errors(check_quarter(session, period=q4, today=today))
    for value in compute_indicators(session, period=q4, today=today):
        if value.denominator is not None:
            assert value.percent is not None and 0 <= value.percent < 100, value
            assert value.numerator <= value.denominator


def test_demo_contingent_keeps_entered_periods_and_is_deterministic(tmp_path, _migrated_school_file):
    from app.database import open_database
    from app.demo_contingent import fill_demo_contingent
    from app.schemas_monitoring import ContingentData
    from app.services.contingent import get_contingent, list_contingents, save_contingent

    today = dt.date(2026, 11, 26)

    def contingents(name: str, *, own: bool) -> list:
        database = open_database(fresh_copy(_migrated_school_file, tmp_path / name))
        try:
            with database.session() as s:
                if own:
                    save_contingent(s, data=ContingentData(period="2026-Q4", students_total=1234))
                fill_demo(s, mentees=120, mentors=None, seed=5, today=today)
                assert fill_demo_contingent(s, today=today) == 0  # everything is entered already
                if own:
                    assert get_contingent(s, period="2026-Q4") == ContingentData("2026-Q4", students_total=1234)
                return list_contingents(s)
        finally:
            database.close()

    first, second, mine = (contingents("a.sqlite3", own=False), contingents("b.sqlite3", own=False),
                           contingents("c.sqlite3", own=True))
    assert first == second
    assert [d for d in mine if d.period != "2026-Q4"] == [d for d in first if d.period != "2026-Q4"]
