"""«Новый учебный год»: class rules, the plan, the one-transaction rollover, past periods unchanged afterwards."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from collections import Counter
from dataclasses import asdict

import pytest
from sqlalchemy import select

from app import rollover
from app.errors import ConflictError, ValidationError
from app.periods import academic_year, parse_period, quarters_of_year
from app.rollover import apply_rollover, next_class, parse_class, plan_rollover
from db.models import GroupMember, Mentee, Mentor, MentoringGroup, School
from db.models_lifecycle import RoadmapItem, YearRollover

TODAY = dt.date(2027, 8, 28)


# --- a migrated database made once per module and copied for each test (migrations cost ~0.3 s a test) -------

def _open_copy(template, tmp_path):
    from app.database import open_database

    target = tmp_path / "school.sqlite3"
    shutil.copyfile(template, target)
    return open_database(target)


@pytest.fixture(scope="module")
def _empty_file(tmp_path_factory):
    from app.database import open_database

    path = tmp_path_factory.mktemp("empty") / "school.sqlite3"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MENTORDESK_HOME", str(tmp_path_factory.mktemp("home")))
        open_database(path).close()
    return path


@pytest.fixture
def db(_empty_file, tmp_path):
    database = _open_copy(_empty_file, tmp_path)
    yield database
    database.close()


@pytest.fixture
def session(db):
    with db.session() as s:
        yield s


@pytest.mark.parametrize(("name", "expected"), [
    ("5А", "6А"), ("10 Б", "11 Б"), ("7 «В»", "8 «В»"), ("5а класс", "6а класс"), ("1 кл.", "2 кл."),
    ("8", "9"), ("7-2", "8-2"), ("4-Б", "5-Б"), ("  6 г ", "  7 г "), ("10Б1", "11Б1"), ("8 A", "9 A"),
    ("11-1", None), ("11 А", None), ("9Б", None),
])
def test_next_class(name, expected):
    assert next_class(name) == expected


def test_next_class_with_chosen_finishing_grades():
    assert next_class("9Б", finishing_grades={11}) == "10Б"
    assert next_class("4А", finishing_grades={4, 9}) is None
    assert next_class("11А", finishing_grades={9}) == "11А"  # a kept top class stays as it is


@pytest.mark.parametrize("name", ["", "учитель математики", "12А", "0Б", "5 лет", "заместитель директора", "А5"])
def test_not_a_class(name):
    assert parse_class(name) is None
    with pytest.raises(ValueError):
        next_class(name)


def test_one_class_in_many_spellings():
    assert {parse_class(n).key for n in ("10 б", "10Б", "10-Б", "10 «Б»", "10б класс")} == {"10Б"}
    assert parse_class("9 A").key == parse_class("9 А").key  # a Latin A typed for the Cyrillic one
    assert parse_class("11-1").key == "11-1" and parse_class("11-1").grade == 11


# --- plan and apply on a small school -------------------------------------------------------------------------

def _school(session, year="2026/2027"):
    session.add(School(full_name="МБОУ СОШ № 1", short_name="СОШ № 1", code="001", academic_year=year))


def _mentee(session, last, klass, *, category="обучающийся", status="active", exit_date=None):
    m = Mentee(last_name=last, first_name="Иван", category=category, group_name=klass, status=status,
               entry_date=dt.date(2026, 9, 10), exit_date=exit_date, birth_year=2012)
    session.add(m)
    session.flush()
    return m.id


def _pair(session, mentor_id, *mentee_ids, status="working"):
    g = MentoringGroup(mentor_id=mentor_id, form="ученик – ученик", status=status, start_date=dt.date(2026, 10, 1))
    session.add(g)
    session.flush()
    for mid in mentee_ids:
        session.add(GroupMember(group_id=g.id, mentee_id=mid))
    return g.id


def _mentor(session, last, klass, *, category="обучающийся", status="active"):
    m = Mentor(last_name=last, first_name="Анна", category=category, group_name=klass, status=status)
    session.add(m)
    session.flush()
    return m.id


@pytest.fixture
def small(session):
    _school(session)
    mentor = Mentor(last_name="Петрова", first_name="Анна", category="педагог", group_name="учитель химии",
                    status="active")
    session.add(mentor)
    session.flush()
    mentors = {"Ёлкин": _mentor(session, "Ёлкин", "11-1"), "Фомин": _mentor(session, "Фомин", "8Б"),
               "Петрова": mentor.id}
    ids = {name: _mentee(session, name, klass) for name, klass in (
        ("Агеев", "5А"), ("Белов", "5 а"), ("Волков", "10 Б"), ("Гусев", "11-1"), ("Дронов", "11-1"),
        ("Ершов", "9В"), ("Жуков", "непонятно"))}
    ids["Зайцева"] = _mentee(session, "Зайцева", "учитель физики", category="молодой специалист")
    ids["Ильин"] = _mentee(session, "Ильин", "7А", status="left", exit_date=dt.date(2027, 3, 1))
    pairs = {"solo": _pair(session, mentor.id, ids["Гусев"]), "mixed": _pair(session, mentor.id, ids["Дронов"],
                                                                               ids["Волков"]),
             "draft": _pair(session, mentor.id, ids["Ершов"], status="draft"),
             "young": _pair(session, mentor.id, ids["Зайцева"]),
             "student": _pair(session, mentors["Ёлкин"], ids["Агеев"])}  # a graduating student mentor's pair
    session.commit()
    ids.update({f"mentor:{k}": v for k, v in mentors.items()})
    return ids, pairs


LEAVING = {"11-1", "9 В"}


def test_plan_moves_and_leavers(session, small):
    ids, pairs = small
    plan = plan_rollover(session, today=TODAY)
    assert (plan.from_year, plan.to_year) == ("2026/2027", "2027/2028")
    moves = {c.key: (c.from_class, c.to_class, c.count) for c in plan.classes}
    assert moves["5А"][1:] == ("6А", 2)
    assert moves["10Б"] == ("10 Б", "11 Б", 1) and moves["8Б"] == ("8Б", "9Б", 1)  # Фомин, a student mentor
    assert moves["11-1"] == ("11-1", None, 3)  # two mentees and the student mentor Ёлкин
    assert moves["9В"] == ("9В", "10В", 1)  # by default only the top grade leaves
    assert [c.grade for c in plan.classes] == sorted((c.grade for c in plan.classes), reverse=True)
    assert {(lv.name.split()[0], lv.role) for lv in plan.leavers} == {
        ("Гусев", "mentee"), ("Дронов", "mentee"), ("Ёлкин", "mentor")}
    assert plan.moved_mentor_ids == (ids["mentor:Фомин"],) and plan.moved == 5
    assert plan.unparsed == ((ids["Жуков"], "Жуков Иван", "непонятно"),)
    assert plan.staff == 1  # the young teacher is not moved
    by_id = {p.group_id: p for p in plan.pairs}
    assert set(by_id) == {pairs["solo"], pairs["mixed"], pairs["student"]}
    assert by_id[pairs["mixed"]].mixed and not by_id[pairs["solo"]].mixed
    assert not by_id[pairs["student"]].mixed and by_id[pairs["student"]].mentees == "Агеев Иван"


def test_default_leaving_is_the_top_grade():
    assert rollover.default_leaving({"5А", "9Б", "9В", "11А", "11 Б"}) == {"11А", "11 Б"}
    assert rollover.default_leaving({"5А", "9Б", "10А"}) == set()  # the 11th class is not there yet
    assert rollover.default_leaving({"5А", "9Б", "9В"}) == {"9Б", "9В"}  # a basic school: the 9th leaves
    assert rollover.default_leaving({"1А", "4Б"}) == set()


def test_rollover_refused_before_june(session, small):
    with pytest.raises(ConflictError, match=r"Переход на 2027/2028 учебный год возможен с 01\.06\.2027 — после "
                                            r"окончания 2026/2027 учебного года"):
        plan_rollover(session, today=dt.date(2026, 11, 26))
    with pytest.raises(ConflictError, match="01.06.2027"):
        plan_rollover(session, today=dt.date(2027, 5, 31))
    assert plan_rollover(session, today=dt.date(2027, 6, 1)).to_year == "2027/2028"


def test_class_in_year():
    from app.services.rollover_history import class_in_year

    history = {"2025/2026": "5А", "2026/2027": "6А"}
    assert class_in_year(history, "7А", academic_year="2026/2027") == "6А"
    assert class_in_year(history, "7А", academic_year="2027/2028") == "7А"  # no entry, none later: current
    assert class_in_year(history, "7А", academic_year="2024/2025") == "5А"  # the earliest later entry
    assert class_in_year({"2026/2027": "6А"}, "7А", academic_year="2025/2026") == "6А"
    assert class_in_year({}, "7А", academic_year="2025/2026") == "7А"
    assert class_in_year(None, "7А", academic_year="2025/2026") == "7А"


def test_plan_with_chosen_leaving_classes(session, small):
    plan = plan_rollover(session, leaving_classes={"11-1", "9 в"}, today=TODAY)
    assert {c.key: c.to_class for c in plan.classes}["9В"] is None
    assert {lv.class_name for lv in plan.leavers} == {"11-1", "9В"}
    assert {p.group_id for p in plan.pairs} >= {small[1]["draft"]}
    with pytest.raises(ValidationError, match="не класс"):
        plan_rollover(session, leaving_classes={"выпускники"}, today=TODAY)
    with pytest.raises(ValidationError, match="2027/2028"):
        plan_rollover(session, to_year="2028/2029", today=TODAY)


def test_apply(session, db, small):
    ids, pairs = small
    plan = plan_rollover(session, leaving_classes=LEAVING, today=TODAY)
    result = apply_rollover(session, plan=plan, db_path=db.path, roadmap_template="school-001", today=TODAY)
    session.expire_all()
    get = lambda name: session.get(Mentee, ids[name])  # noqa: E731
    assert (get("Агеев").group_name, get("Белов").group_name, get("Волков").group_name) == ("6А", "6 а", "11 Б")
    assert get("Белов").class_history == {"2026/2027": "5 а"} and get("Белов").archived_at is None
    gusev = get("Гусев")
    assert (gusev.status, gusev.exit_date, gusev.group_name) == ("graduated", dt.date(2027, 8, 31), "11-1")
    assert gusev.archived_at is not None and gusev.class_history == {"2026/2027": "11-1"}
    assert get("Жуков").group_name == "непонятно" and get("Зайцева").group_name == "учитель физики"
    ilin = get("Ильин")
    assert (ilin.group_name, ilin.exit_date, ilin.class_history) == ("7А", dt.date(2027, 3, 1), {})
    solo = session.get(MentoringGroup, pairs["solo"])
    assert (solo.status, solo.end_date, solo.status_reason) == ("finished", dt.date(2027, 8, 31), "окончание обучения")
    assert session.get(MentoringGroup, pairs["mixed"]).status == "working"  # Волков stays: the group goes on
    assert session.get(MentoringGroup, pairs["draft"]) is None  # a leaver's draft is discarded
    assert session.get(MentoringGroup, pairs["young"]).status == "working"
    elkin, fomin = session.get(Mentor, ids["mentor:Ёлкин"]), session.get(Mentor, ids["mentor:Фомин"])
    assert (elkin.status, elkin.group_name, elkin.class_history) == ("graduated", "11-1", {"2026/2027": "11-1"})
    assert elkin.archived_at is not None
    assert (fomin.group_name, fomin.class_history, fomin.archived_at) == ("9Б", {"2026/2027": "8Б"}, None)
    assert session.get(MentoringGroup, pairs["student"]).status == "finished"
    assert session.get(Mentor, ids["mentor:Петрова"]).class_history == {}  # a teacher is not moved
    assert session.execute(select(School.academic_year)).scalar_one() == "2027/2028"
    items = session.execute(select(RoadmapItem).where(RoadmapItem.academic_year == "2027/2028")).scalars().all()
    assert len(items) == result.roadmap_items > 0
    row = session.execute(select(YearRollover)).scalar_one()
    assert (row.from_year, row.to_year, row.backup_path) == ("2026/2027", "2027/2028", str(result.backup_path))
    assert row.summary["moved"] == result.moved == 4 and row.summary["left"] == result.left == 4
    assert (result.pairs_ended, result.drafts_deleted, result.pairs_carried) == (2, 1, 1)
    assert row.summary["drafts_deleted"] == [pairs["draft"]] and row.summary["mentor_leavers"] == [
        ids["mentor:Ёлкин"]]
    assert "before-new-year" in result.backup_path.name and result.backup_path.parent.parent.name == "backups"
    with pytest.raises(ConflictError, match="уже выполнен"):
        plan_rollover(session, to_year="2027/2028", today=TODAY)


def test_carry_pairs_per_pair(session, db, small):
    ids, pairs = small
    plan = plan_rollover(session, leaving_classes=LEAVING, today=TODAY)
    result = apply_rollover(session, plan=plan, db_path=db.path, pair_choice="carry",
                            pair_choices={pairs["draft"]: "end"}, today=TODAY)
    session.expire_all()
    assert session.get(MentoringGroup, pairs["solo"]).status == "working"
    assert session.get(MentoringGroup, pairs["draft"]) is None
    gusev = session.get(Mentee, ids["Гусев"])  # his pair goes on: he stays in the programme as he was
    assert (gusev.archived_at, gusev.status, gusev.group_name, gusev.exit_date) == (None, "active", "11-1", None)
    assert gusev.class_history == {"2026/2027": "11-1"}
    elkin = session.get(Mentor, ids["mentor:Ёлкин"])
    assert (elkin.archived_at, elkin.status, elkin.group_name) == (None, "active", "11-1")
    assert session.get(MentoringGroup, pairs["student"]).status == "working"
    dronov = session.get(Mentee, ids["Дронов"])  # a mixed group carries on, he is no pair of his own: archived
    assert dronov.archived_at is not None and dronov.status == "graduated"
    ershov = session.get(Mentee, ids["Ершов"])  # his draft was ended
    assert ershov.archived_at is not None
    assert (result.pairs_ended, result.drafts_deleted, result.pairs_carried, result.roadmap_items) == (0, 1, 3, 0)
    assert (result.left, result.kept) == (2, 2)


def test_backup_holds_the_state_before(session, db, small):
    ids, _ = small
    result = apply_rollover(session, plan=plan_rollover(session, today=TODAY), db_path=db.path, today=TODAY)
    assert result.moved == 5
    conn = sqlite3.connect(result.backup_path)
    try:
        assert conn.execute("SELECT group_name, archived_at FROM mentee WHERE id = ?", (ids["Агеев"],)).fetchone() \
            == ("5А", None)
        assert conn.execute("SELECT academic_year FROM school").fetchone() == ("2026/2027",)
        assert conn.execute("SELECT count(*) FROM year_rollover").fetchone() == (0,)
    finally:
        conn.close()
    from app.backup import check_integrity

    assert check_integrity(result.backup_path) is None


def _snapshot(db_path):
    conn = sqlite3.connect(db_path)
    try:
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY id").fetchall()  # noqa: S608 - fixed names
                for t in ("mentee", "mentor", "mentoring_group", "school", "roadmap_item", "year_rollover")}
    finally:
        conn.close()


def test_failure_in_the_middle_changes_nothing(session, db, small, monkeypatch):
    before = _snapshot(db.path)

    def broken(*args, **kwargs):
        raise RuntimeError("диск отключён")

    from app.services import rollover_history

    monkeypatch.setattr(rollover_history, "start_roadmap", broken)  # after classes, leavers and pairs were written
    with pytest.raises(RuntimeError):
        apply_rollover(session, plan=plan_rollover(session, today=TODAY), db_path=db.path,
                       roadmap_template="school-001", today=TODAY)
    assert _snapshot(db.path) == before
    monkeypatch.undo()
    assert apply_rollover(session, plan=plan_rollover(session, today=TODAY), db_path=db.path,
                          today=TODAY).moved == 5  # and it can be done afterwards


def test_stale_plan_refused(session, db, small):
    ids, _ = small
    plan = plan_rollover(session, today=TODAY)
    _mentee(session, "Новиков", "11-1")
    session.commit()
    with pytest.raises(ConflictError, match="заново"):
        apply_rollover(session, plan=plan, db_path=db.path, today=TODAY)


# --- the required test: a year of data, past periods identical after the rollover ------------------------------

def _past_figures(session):
    """Indicators of the rolled year's periods and the whole package of every past quarter (each built once)."""
    from app.indicators import compute_indicators
    from app.package.build import build

    year = academic_year(start_year=2026)
    figures = {}
    for period in [*quarters_of_year(year), year]:
        figures[period.code] = [asdict(v) for v in compute_indicators(session, period=period, today=TODAY)]
    # every quarter of the year before and of the rolled year: counts, indicators with the federal block, each
    # participant and group with all fields (class parallel, status, exit date…), meetings, surveys. The III
    # quarter 2027 ends in the new year (its federal block is the new year's): see test_straddling_quarter…
    quarters = {q.code: q for q in [*quarters_of_year(academic_year(start_year=2025)), *quarters_of_year(year)]}
    for period in quarters.values():  # 2026-Q3 belongs to both years: built once
        if period.end > year.end:
            continue
        built = build(session, period=period, today=TODAY)
        members = built.members
        figures[f"participants {period.code}"] = sorted(members["data/participants.json"]["items"],
                                                        key=lambda p: (p["role"], p["id"]))
        figures[f"package {period.code}"] = {
            "counts": built.counts, "indicators": members["data/indicators.json"],
            "groups": sorted(members["data/groups.json"]["items"], key=lambda g: g["id"]),
            "meetings": members["data/meetings.json"]["items"], "surveys": members["data/surveys.json"],
            "roadmap": members["data/roadmap.json"]}
    return figures


def _fill_demo_year(session):
    from app.demo import fill_demo

    from db.models import Meeting

    fill_demo(session, mentees=150, seed=7, today=TODAY)
    # graduates with working pairs that met during the year (the demo alone may have few)
    mentor_id = session.execute(select(Mentor.id).where(Mentor.category == "педагог")).scalars().first()
    busy = set(session.execute(select(GroupMember.mentee_id)).scalars())
    for mentee in session.execute(select(Mentee).where(Mentee.archived_at.is_(None), Mentee.status == "active",
                                                       Mentee.category == "обучающийся")).scalars().all():
        klass = parse_class(mentee.group_name)
        if klass and klass.grade in (9, 11) and mentee.id not in busy:
            gid = _pair(session, mentor_id, mentee.id)
            session.add(Meeting(group_id=gid, date=dt.date(2027, 4, 15), kind="встреча", format="in_person",
                                duration_min=45))
            busy.add(mentee.id)
    # a group that carries on with a graduate in it (he leaves it, the others stay) and a graduating student
    # mentor without a pair (he is in the package of a past quarter as an active mentor)
    staying = next(m.id for m in session.execute(select(Mentee).where(
        Mentee.archived_at.is_(None), Mentee.status == "active", Mentee.category == "обучающийся")
        .order_by(Mentee.id)).scalars() if (k := parse_class(m.group_name)) and k.grade < 9)
    leaver = _mentee(session, "Лесков", "11А")
    gid = _pair(session, mentor_id, leaver, staying)
    session.add(Meeting(group_id=gid, date=dt.date(2027, 5, 20), kind="встреча", format="in_person",
                        duration_min=45))
    _mentor(session, "Студентов", "11А")
    session.commit()
    return {"mixed": gid, "leaver": leaver, "staying": staying}


@pytest.fixture(scope="module")
def _demo_file(tmp_path_factory, _empty_file):
    path = tmp_path_factory.mktemp("demo") / "school.sqlite3"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MENTORDESK_HOME", str(tmp_path_factory.mktemp("home")))
        database = _open_copy(_empty_file, path.parent)
        with database.session() as session:
            extra = _fill_demo_year(session)
        database.close()
    return path, extra


@pytest.fixture
def demo_db(_demo_file, tmp_path):
    database = _open_copy(_demo_file[0], tmp_path)
    yield database
    database.close()


@pytest.fixture
def demo_year(demo_db):
    with demo_db.session() as s:
        yield s


def test_past_periods_reproduce_after_rollover(demo_year, demo_db, _demo_file):
    session = demo_year
    before = _past_figures(session)
    plan = plan_rollover(session, today=TODAY)
    assert plan.leavers and plan.moves and sum(p.status == "working" for p in plan.pairs) >= 3
    assert sum(len(v) for k, v in before.items() if k.startswith("participants 2025")) > 0  # the old year has people
    result = apply_rollover(session, plan=plan, db_path=demo_db.path, roadmap_template="school-001", today=TODAY)
    assert result.extended > 10 and set(result.summary["planned_end_before"].values()) == {"2027-05-31"}
    session.expire_all()
    after = _past_figures(session)
    for key in before:
        assert after[key] == before[key], key
    statuses = Counter(p["status"] for p in after["participants 2027-Q2"])
    assert statuses["active"] and not statuses["graduated"]  # graduates were «в программе» in the II quarter


def test_leaver_leaves_a_group_that_carries_on(demo_year, demo_db, _demo_file):
    """A graduate of a group whose others stay: out of its current members, still counted in past periods."""
    from app.indicators import compute_indicators
    from app.package.build import build
    from app.services.pairs import list_groups

    session, extra = demo_year, _demo_file[1]

    from app.package.pseudonym import Pseudonymizer

    pseudo = Pseudonymizer(session.execute(select(School.pseudonym_secret)).scalar_one())
    wanted = pseudo(session.get(MentoringGroup, extra["mixed"]).uuid)

    def group_of(period, today=TODAY):
        built = build(session, period=parse_period(period), today=today).members
        return next(g["mentees"] for g in built["data/groups.json"]["items"] if g["id"] == wanted)

    quarter = parse_period("2027-Q2")
    before = ([asdict(v) for v in compute_indicators(session, period=quarter, today=TODAY)], group_of("2027-Q2"))
    plan = plan_rollover(session, today=TODAY)
    assert next(p for p in plan.pairs if p.group_id == extra["mixed"]).mixed
    result = apply_rollover(session, plan=plan, db_path=demo_db.path, today=TODAY)
    session.expire_all()
    assert [extra["mixed"], extra["leaver"]] in [r[:2] for r in result.summary["left_members"]]
    group = next(g for g in list_groups(session) if g.id == extra["mixed"])
    assert group.mentee_ids == (extra["staying"],) and group.status == "working"
    assert ([asdict(v) for v in compute_indicators(session, period=quarter, today=TODAY)],
            group_of("2027-Q2")) == before
    assert len(before[1]) == 2  # the carried group had both then …
    assert group_of("2027-Q4", dt.date(2027, 12, 30)) == [pseudo(session.get(Mentee, extra["staying"]).uuid)]


def test_straddling_quarter_reports_the_period_end(demo_year, demo_db):
    """The III quarter 2027 ends on 30.09, after the rollover's 31.08: once rolled over, its package shows the
    new year's classes and the graduates as «выпускник» with their exit date (attributes as of the period end)."""
    from app.package.build import build

    session = demo_year
    apply_rollover(session, plan=plan_rollover(session, today=TODAY), db_path=demo_db.path, today=TODAY)
    session.expire_all()
    items = build(session, period=parse_period("2027-Q3"), today=TODAY).members["data/participants.json"]["items"]
    graduates = [p for p in items if p["status"] == "graduated"]
    assert graduates and all(p["exit_date"] == "2027-08-31" for p in graduates)
    assert {p["role"] for p in graduates} == {"mentee", "mentor"}
    q2 = build(session, period=parse_period("2027-Q2"), today=TODAY).members["data/participants.json"]["items"]
    parallels = lambda rows: Counter(p["class_parallel"] for p in rows if p["role"] == "mentee"  # noqa: E731
                                     and p["status"] != "graduated" and p["class_parallel"])
    assert parallels(items) != parallels(q2)  # the new year's classes (5А → 6А) in the III quarter


def test_past_package_keeps_class_parallels(demo_year, demo_db):
    """The package of a past quarter reports the class parallel the student had then (class_history)."""
    from app.package.build import build

    def parallels():
        built = build(demo_year, period=parse_period("2027-Q2"), today=TODAY)
        return Counter(p["class_parallel"] for p in built.members["data/participants.json"]["items"])

    before = parallels()
    apply_rollover(demo_year, plan=plan_rollover(demo_year, today=TODAY), db_path=demo_db.path, today=TODAY)
    demo_year.expire_all()
    assert parallels() == before


def test_backup_reason_constant():
    assert rollover.BACKUP_REASON == "before-new-year"


def test_exit_before_entry_refused_nothing_changed(session, db, small):
    ids, pairs = small
    late = session.get(Mentee, ids["Гусев"])
    late.entry_date = dt.date(2027, 9, 2)  # entered after the old year's end: he cannot leave on 31.08.2027
    session.add(late)
    group = session.get(MentoringGroup, pairs["student"])
    group.start_date = dt.date(2027, 9, 5)
    session.add(group)
    session.commit()
    before = _snapshot(db.path)
    plan = plan_rollover(session, leaving_classes=LEAVING, today=TODAY)
    with pytest.raises(ValidationError) as err:
        apply_rollover(session, plan=plan, db_path=db.path, today=TODAY)
    text = str(err.value)
    assert "Гусев Иван" in text and "раньше даты входа в программу 02.09.2027" in text
    assert "Ёлкин Анна — Агеев Иван" in text and "раньше даты начала 05.09.2027" in text
    assert _snapshot(db.path) == before
    assert not list((db.path.parent / "backups").glob("*before-new-year*")) if (db.path.parent / "backups").exists() \
        else True
    # carrying the pair is a way out for the pair (Гусев still leaves before he entered)
    with pytest.raises(ValidationError, match="Гусев") as err:
        apply_rollover(session, plan=plan, db_path=db.path, pair_choices={pairs["student"]: "carry"}, today=TODAY)
    assert "Ёлкин Анна — Агеев" not in str(err.value)


def test_status_as_of_the_period_end():
    from app.package.build import as_of

    end, q2, q3 = dt.date(2027, 8, 31), dt.date(2027, 6, 30), dt.date(2027, 9, 30)
    assert as_of(q2, status="graduated", exit_date=end, leaving=(end, "candidate")) == ("candidate", None)
    assert as_of(q3, status="graduated", exit_date=None, leaving=(end, "active")) == ("graduated", end)
    assert as_of(q2, status="left", exit_date=dt.date(2027, 7, 1), leaving=None) == ("active", None)
    assert as_of(q2, status="left", exit_date=dt.date(2027, 3, 1), leaving=None) == ("left", dt.date(2027, 3, 1))
    assert as_of(q2, status="finished", exit_date=None, leaving=None) == ("finished", None)


def test_continuing_pairs_get_the_new_years_end(session, db, small):
    """Pairs that go on into the new year end on 31.05.2028 (a new pair's default) unless the curator set an end
    in the new year already; ended pairs keep theirs; past packages show the end they had then."""
    from app.package.build import build
    from app.services.rollover_pairs import continuing, planned_year_end

    ids, pairs = small
    teacher = session.get(MentoringGroup, pairs["young"]).mentor_id
    pairs["later"] = _pair(session, teacher, ids["Белов"])
    old, later = dt.date(2027, 5, 31), dt.date(2027, 12, 15)
    for key, end in (("solo", old), ("mixed", old), ("young", old), ("later", later), ("student", None)):
        session.get(MentoringGroup, pairs[key]).planned_end_date = end
    session.commit()
    q2 = lambda: {g["planned_end_date"] for g in build(session, period=parse_period("2027-Q2"), today=TODAY)  # noqa: E731
                  .members["data/groups.json"]["items"]}
    before_q2 = q2()
    plan = plan_rollover(session, leaving_classes=LEAVING, today=TODAY)
    assert set(plan.extend_ids) == {pairs["solo"], pairs["mixed"], pairs["young"]}
    assert continuing(plan, {}) == (3, 2)  # mixed, young and later go on; solo, draft and student end
    assert continuing(plan, {pairs["solo"]: "carry"}) == (4, 3)
    assert planned_year_end(plan.to_year) == dt.date(2028, 5, 31)
    result = apply_rollover(session, plan=plan, db_path=db.path, today=TODAY)
    session.expire_all()
    end_of = lambda key: session.get(MentoringGroup, pairs[key]).planned_end_date  # noqa: E731
    assert (end_of("mixed"), end_of("young")) == (dt.date(2028, 5, 31), dt.date(2028, 5, 31))
    assert (end_of("solo"), end_of("later"), end_of("student")) == (old, later, None)
    assert result.summary["planned_end_before"] == {str(pairs["mixed"]): "2027-05-31",
                                                    str(pairs["young"]): "2027-05-31"}
    assert (result.extended, result.continuing, result.planned_end) == (2, 3, dt.date(2028, 5, 31))
    assert q2() == before_q2 and "2028-05-31" not in before_q2  # the II quarter: as it was
    q4 = build(session, period=parse_period("2027-Q4"), today=dt.date(2027, 12, 30)).members["data/groups.json"]
    assert "2028-05-31" in {g["planned_end_date"] for g in q4["items"]}


def test_planned_end_as_of_the_period_end():
    from app.services.rollover_pairs import planned_end_as_of

    history = [(dt.date(2027, 8, 31), dt.date(2027, 5, 31)), (dt.date(2028, 8, 31), dt.date(2028, 5, 31))]
    current = dt.date(2029, 5, 31)  # carried twice
    assert planned_end_as_of(history, current, period_end=dt.date(2027, 6, 30)) == dt.date(2027, 5, 31)
    assert planned_end_as_of(history, current, period_end=dt.date(2027, 12, 31)) == dt.date(2028, 5, 31)
    assert planned_end_as_of(history, current, period_end=dt.date(2028, 9, 30)) == current
    assert planned_end_as_of(None, current, period_end=dt.date(2027, 6, 30)) == current
    # the year 2026/2027 ends on 31.08.2027, the day the rollover dates its change: that year keeps the old end
    assert planned_end_as_of(history, current, period_end=dt.date(2027, 8, 31)) == dt.date(2027, 5, 31)
