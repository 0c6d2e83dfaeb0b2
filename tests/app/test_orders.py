"""The order register: numbers, approving orders (all or nothing), amending orders, the document's data."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from sqlalchemy import func, select

from app.errors import ConflictError, ValidationError
from app.schemas import GroupData
from app.services import orders, pairs
from app.services.people import save_mentee, save_mentor
from app.services.school import save_school
from db.models import MentoringGroup, MentoringOrder, OrderGroup
from tests import factories

DATE = dt.date(2026, 9, 25)


@pytest.fixture
def world(session):
    """A school, two mentors and four mentees: a pair, a group of two, and one more pair."""
    save_school(session, data=factories.school())
    teacher = save_mentor(session, data=factories.mentor())
    partner = save_mentor(session, data=factories.mentor(last_name="Орлов", first_name="Игорь", middle_name="Павлович",
                                                         group_name="инженер", capacity=2))
    kids = [save_mentee(session, data=factories.mentee(last_name=last, first_name=first, group_name=cls))
            for last, first, cls in (("Иванов", "Пётр", "8А"), ("Сидорова", "Анна", "7Б"), ("Ёжиков", "Лев", "7Б"))]
    adult = save_mentee(session, data=factories.mentee(last_name="Новикова", first_name="Дарья", middle_name="Олеговна",
                                                       category="молодой специалист", group_name="учитель химии",
                                                       birth_date=dt.date(2001, 5, 2), consents=()))
    pair = pairs.save_group(session, data=GroupData(mentor_id=teacher, mentee_ids=(kids[0],), form="учитель – ученик",
                                                    kind="традиционное («один на один»)",
                                                    start_date=dt.date(2026, 9, 28),
                                                    planned_end_date=dt.date(2027, 5, 31)))
    group = pairs.save_group(session, data=GroupData(mentor_id=partner, mentee_ids=(kids[1], kids[2]),
                                                     form="работодатель – ученик", kind="в группе",
                                                     role_model="работодатель – будущий сотрудник"))
    staff = pairs.save_group(session, data=GroupData(mentor_id=teacher, mentee_ids=(adult,), form="учитель – учитель"))
    return session, {"pair": pair, "group": group, "staff": staff}


def _group(session, group_id: int) -> MentoringGroup:  # noqa: ANN001
    session.expire_all()
    return session.get(MentoringGroup, group_id)


def test_next_number_per_calendar_year(world):
    session, g = world
    assert orders.next_order_number(session, year=2026) == "1"
    orders.create_approval_order(session, group_ids=[g["pair"]], number="41-о", date=DATE)
    orders.create_approval_order(session, group_ids=[g["group"]], number="7", date=dt.date(2026, 10, 1))
    assert orders.next_order_number(session, year=2026) == "42"
    assert orders.next_order_number(session, year=2027) == "1"


def test_approval_marks_groups_and_registers(world):
    session, g = world
    ids = [g["pair"], g["group"]]
    order_id = orders.create_approval_order(session, group_ids=ids, number="12", date=DATE)
    for group_id in ids:
        group = _group(session, group_id)
        assert (group.status, group.order_id, group.status_date) == ("approved", order_id, DATE)
    assert _group(session, g["staff"]).status == "draft"
    order = session.get(MentoringOrder, order_id)
    assert order.title == "Об утверждении наставнических пар (групп) на 2026/2027 учебный год"
    assert order.kind == "approve" and order.academic_year == "2026/2027"
    assert order.items[1] == "Назначить куратором реализации программы наставничества Смирнову О.И."
    assert "в срок до 09.10.2026" in order.items[2]
    assert order.items[3].startswith("Куратору Смирновой О.И. обеспечить мониторинг")
    assert order.items[-1] == "Контроль за исполнением приказа оставляю за собой."
    [row] = orders.list_orders(session)
    assert (row.number, row.date, row.groups, row.kind, row.label) == ("12", DATE, 2, "approve", "№ 12 от 25.09.2026")
    labels = {r.id: r.order_label for r in pairs.list_groups(session)}
    assert labels[g["pair"]] == "№ 12 от 25.09.2026" and labels[g["staff"]] == ""
    assert orders.orderable_group_ids(session) == [g["staff"]]


def test_edited_items_and_title_kept(world):
    session, g = world
    order_id = orders.create_approval_order(session, group_ids=[g["pair"]], number="3", date=DATE,
                                            items=["Утвердить пары на {year} год.", "  ", "Куратор — {curator}."],
                                            title="О закреплении наставнических пар")
    order = session.get(MentoringOrder, order_id)
    assert order.items == ["Утвердить пары на 2026/2027 год.", "Куратор — Смирнова Ольга Ивановна."]
    assert order.title == "О закреплении наставнических пар"


def test_duplicate_number_on_the_same_date_refused(world):
    session, g = world
    orders.create_approval_order(session, group_ids=[g["pair"]], number="5", date=DATE)
    with pytest.raises(ConflictError, match="уже есть в реестре"):
        orders.create_approval_order(session, group_ids=[g["group"]], number="5", date=DATE)
    assert _group(session, g["group"]).status == "draft"
    orders.create_approval_order(session, group_ids=[g["group"]], number="5", date=dt.date(2027, 1, 11))


def test_all_or_nothing_on_a_bad_group(world):
    session, g = world
    with pytest.raises(ValidationError, match="не найдена"):
        orders.create_approval_order(session, group_ids=[g["pair"], 9999], number="1", date=DATE)
    assert _group(session, g["pair"]).status == "draft"
    assert session.execute(select(func.count()).select_from(MentoringOrder)).scalar_one() == 0
    assert session.execute(select(func.count()).select_from(OrderGroup)).scalar_one() == 0


@pytest.mark.parametrize("number, date, message", [
    ("", DATE, "номер"), ("1", dt.date.today() + dt.timedelta(days=800), "будущем")])
def test_bad_header_refused(world, number, date, message):
    session, g = world
    with pytest.raises(ValidationError, match=message):
        orders.create_approval_order(session, group_ids=[g["pair"]], number=number, date=date)


def test_already_ordered_or_closed_refused(world):
    session, g = world
    orders.create_approval_order(session, group_ids=[g["pair"]], number="1", date=DATE)
    with pytest.raises(ValidationError, match="уже утверждена"):
        orders.create_approval_order(session, group_ids=[g["pair"]], number="2", date=DATE)
    pairs.set_status(session, group_id=g["staff"], status="dissolved", reason="отказ", on=DATE)
    with pytest.raises(ValidationError, match="расформирована"):
        orders.create_approval_order(session, group_ids=[g["staff"]], number="2", date=DATE)
    with pytest.raises(ValidationError):
        orders.create_approval_order(session, group_ids=[], number="2", date=DATE)


def test_failure_while_writing_the_document_registers_nothing(world):
    session, g = world

    def fail(order_id: int) -> None:
        assert orders.order_context(session, order_id=order_id).number == "8"
        raise OSError("disk full")

    with pytest.raises(OSError):
        orders.create_approval_order(session, group_ids=[g["pair"]], number="8", date=DATE, on_created=fail)
    assert orders.list_orders(session) == []
    assert _group(session, g["pair"]).status == "draft"


def test_amendment_order(world):
    session, g = world
    orders.create_approval_order(session, group_ids=[g["pair"], g["group"]], number="12", date=DATE)
    with pytest.raises(ValidationError, match="не расформирована"):
        orders.create_amendment_order(session, changes=[(g["group"], "dissolved")], number="20",
                                      date=dt.date(2026, 10, 20))
    pairs.set_status(session, group_id=g["group"], status="dissolved", reason="перевод в другую школу",
                     on=dt.date(2026, 10, 15))
    changes = [(g["group"], "dissolved"), (g["pair"], "mentor_replaced")]
    order_id = orders.create_amendment_order(session, changes=changes, number="20", date=dt.date(2026, 10, 20))
    order = session.get(MentoringOrder, order_id)
    assert order.kind == "amend" and order.title.startswith("О внесении изменений")
    assert "с 15.10.2026" in order.items[0] and "перевод в другую школу" in order.items[0]
    assert "замену наставника" in order.items[1]
    changes = dict(session.execute(select(OrderGroup.group_id, OrderGroup.change)
                                   .where(OrderGroup.order_id == order_id)).all())
    assert changes == {g["group"]: "dissolved", g["pair"]: "mentor_replaced"}
    assert _group(session, g["pair"]).order_id != order_id  # still approved by its own order
    context = orders.order_context(session, order_id=order_id)
    assert context.preamble.startswith("В связи с изменением состава")
    assert [r.change for r in context.appendix] == ["расформирована", "заменён наставник"]
    with pytest.raises(ValidationError, match="неизвестное"):
        orders.create_amendment_order(session, changes=[(g["pair"], "moved")], number="21", date=DATE)


def test_order_context(world):
    session, g = world
    order_id = orders.create_approval_order(session, group_ids=[g["pair"], g["group"], g["staff"]], number="12",
                                            date=DATE)
    c = orders.order_context(session, order_id=order_id)
    assert c.organization.startswith("Муниципальное бюджетное") and c.place == "Лукояновский муниципальный округ"
    assert (c.number, c.date, c.director_position, c.director_signature) == ("12", DATE, "Директор", "А.С. Петрова")
    assert c.preamble == ("В соответствии с Положением о наставничестве в МБОУ СШ № 1, утверждённым приказом "
                          "от 01.09.2026 № 41, в целях реализации целевой модели наставничества,")
    assert len(c.items) == 5
    assert (c.curator_name, c.regulation_number, c.regulation_date) == ("Смирнова Ольга Ивановна", "41",
                                                                         dt.date(2026, 9, 1))
    pair, group, staff = c.appendix
    assert [r.number for r in c.appendix] == [1, 2, 3]
    assert (pair.mentor, pair.mentor_position) == ("Ёлкина Светлана Викторовна", "учитель математики")
    assert pair.mentees == ("Иванов Пётр Сергеевич (8А)",) and pair.term == "с 28.09.2026 по 31.05.2027"
    assert group.mentees == ("Сидорова Анна Сергеевич (7Б)", "Ёжиков Лев Сергеевич (7Б)")
    assert group.role_model == "работодатель – будущий сотрудник" and group.term == "с 25.09.2026"
    assert staff.mentees == ("Новикова Дарья Олеговна (учитель химии)",)
    # mentors, the curator and the adult mentee; never the children
    assert c.acquainted == ("Ёлкина Светлана Викторовна", "Новикова Дарья Олеговна", "Орлов Игорь Павлович",
                            "Смирнова Ольга Ивановна")


def test_names_in_documents():
    assert orders.initials_last("Кузнецова Наталья Викторовна") == "Н.В. Кузнецова"
    assert orders.declined_short("Морозова Елена Александровна", case="acc") == "Морозову Е.А."
    assert orders.declined_short("Троицкий Олег Петрович", case="dat") == "Троицкому О.П."
    assert orders.declined_short("Иванов Пётр Ильич", case="acc") == "Иванова П.И."
    assert orders.declined_short("Коваленко Анна Петровна", case="dat") == "Коваленко А.П."
    assert orders.academic_year_of(dt.date(2027, 3, 1)) == "2026/2027"


def test_demo_creates_pairs_in_every_state(db, session, demo_snapshot):
    from tests.snapshots import load_into

    load_into(db, session, demo_snapshot(mentees=600, mentors=None, seed=11)[0])  # fill_demo(600, seed=11)
    statuses = Counter(session.execute(select(MentoringGroup.status)).scalars())
    assert set(statuses) == {"draft", "approved", "working", "finished", "dissolved"}
    current = statuses["approved"] + statuses["working"]
    assert current > statuses["draft"] > 0
    registered = orders.list_orders(session)
    september = [o for o in registered if o.date == dt.date(2026, 9, 25)]
    assert len(september) == 1 and september[0].groups == current + statuses["dissolved"]
    assert any(o.kind == "amend" for o in registered)
    assert all(r.busy <= r.capacity for r in pairs.mentor_loads(session))
    waiting = pairs.unpaired_mentees(session)
    assert waiting, "some mentees are left for the curator to pair"
    groups = [r for r in pairs.list_groups(session) if r.is_group]
    assert groups and all(r.kind == "в группе" for r in groups)
    approved = [r for r in pairs.list_groups(session) if r.status == "approved"]
    assert all(r.order_label.startswith("№ ") for r in approved)


def test_demo_pairs_deterministic(tmp_path, _migrated_school_file):
    from app.database import open_database
    from app.demo import fill_demo
    from tests.snapshots import fresh_copy

    def snapshot(name: str) -> list[tuple]:
        database = open_database(fresh_copy(_migrated_school_file, tmp_path / name))
        try:
            with database.session() as s:
                fill_demo(s, mentees=300, mentors=50, seed=4)
                fill_demo(s, mentees=100, mentors=20, seed=4)  # added to a non-empty database
                return s.execute(select(MentoringGroup.uuid, MentoringGroup.mentor_id, MentoringGroup.status)
                                 .order_by(MentoringGroup.id)).all()
        finally:
            database.close()

    first = snapshot("a.sqlite3")
    assert first == snapshot("b.sqlite3") and len(first) > 50
