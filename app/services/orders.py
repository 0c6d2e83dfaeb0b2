"""The order register: next number, approving and amending orders, and what the printed order needs."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlmodel import Session

from app.errors import ConflictError, Issue, NotFoundError, ValidationError
from app.names import declined_short, initials_last  # noqa: F401 - used by documents too
from app.text import clean, format_date, full_name
from db.engine import transaction
from db.models import (GroupMember, Mentee, Mentor, MentoringGroup, MentoringOrder, OrderGroup, School, utcnow)

APPROVE_TITLE = "Об утверждении наставнических пар (групп) на {year} учебный год"
AMEND_TITLE = "О внесении изменений в состав наставнических пар (групп) на {year} учебный год"
# Editable templates of the items of an approving order; {year}, {curator}, {curator_acc}, {curator_dat},
# {plan_date} and {date} are filled in (texts passed by the caller are filled the same way).
DEFAULT_ITEMS: tuple[str, ...] = (
    "Утвердить наставнические пары (группы) на {year} учебный год согласно приложению.",
    "Назначить куратором реализации программы наставничества {curator_acc}.",
    "Наставникам в срок до {plan_date} разработать совместно с наставляемыми индивидуальные планы развития.",
    "Куратору {curator_dat} обеспечить мониторинг реализации программ наставничества и сбор обратной связи "
    "от участников ежеквартально.",
    "Контроль за исполнением приказа оставляю за собой.",
)
AMEND_LAST_ITEM = "Контроль за исполнением приказа оставляю за собой."
CHANGES = {"approved": "утверждена", "dissolved": "расформирована", "mentor_replaced": "заменён наставник"}
ADULT_CATEGORIES = frozenset({"педагог", "молодой специалист"})
PLAN_DAYS = 14
MAX_DAYS_AHEAD = 366
_DOUBLE_DOT = re.compile(r"(?<=[А-ЯЁA-Z]\.)\.(?!\.)")  # «Е.А..» after initials at the end of an item


@dataclass(frozen=True)
class OrderRow:
    """A line of the order register."""

    id: int
    number: str
    date: dt.date
    title: str
    kind: str
    groups: int

    @property
    def label(self) -> str:
        return f"№ {self.number} от {format_date(self.date)}"


@dataclass(frozen=True)
class AppendixRow:
    """A line of the appendix: one pair or group."""

    number: int
    group_id: int
    mentor: str  # ФИО
    mentor_position: str  # position / class (and the partner organisation)
    mentees: tuple[str, ...]  # «ФИО (8А)»
    form: str
    role_model: str
    kind: str
    term: str  # «с ДД.ММ.ГГГГ по ДД.ММ.ГГГГ»
    change: str = ""  # for an amending order: what happened to the pair


@dataclass(frozen=True)
class OrderContext:
    """Everything the printed order needs, as plain data."""

    organization: str
    short_name: str
    place: str
    number: str
    date: dt.date
    title: str
    kind: str
    preamble: str
    items: tuple[str, ...]
    director_position: str
    director_signature: str  # «И.О. Фамилия»
    appendix: tuple[AppendixRow, ...]
    acquainted: tuple[str, ...]  # ФИО of everyone who signs «С приказом ознакомлены»
    director_name: str = ""
    curator_name: str = ""
    regulation_number: str = ""  # the school's Положение о наставничестве
    regulation_date: dt.date | None = None


def academic_year_of(day: dt.date) -> str:
    """«2026/2027» for a date from September 2026 to August 2027."""
    start = day.year if day.month >= 9 else day.year - 1
    return f"{start}/{start + 1}"


def _numeric(number: str) -> int | None:
    m = re.match(r"\s*(\d+)", number or "")
    return int(m.group(1)) if m else None


def next_order_number(session: Session, *, year: int) -> str:
    """The register's next number in a calendar year: the largest numeric part + 1 ("1" when none)."""
    numbers = session.execute(select(MentoringOrder.number).where(
        MentoringOrder.date >= dt.date(year, 1, 1), MentoringOrder.date <= dt.date(year, 12, 31))).scalars()
    values = [n for n in (_numeric(x) for x in numbers) if n is not None]
    return str(max(values) + 1) if values else "1"


def list_orders(session: Session) -> list[OrderRow]:
    """The register, newest first."""
    counts = dict(session.execute(select(OrderGroup.order_id, func.count(OrderGroup.id))
                                  .group_by(OrderGroup.order_id)).all())
    orders = session.execute(select(MentoringOrder).order_by(MentoringOrder.date.desc(),
                                                             MentoringOrder.id.desc())).scalars()
    return [OrderRow(id=o.id, number=o.number, date=o.date, title=o.title, kind=o.kind,
                     groups=counts.get(o.id, 0)) for o in orders]


def orderable_group_ids(session: Session) -> list[int]:
    """Drafts, and approved/working pairs that no order covers yet: what «approve everything» takes."""
    query = (select(MentoringGroup.id).where(MentoringGroup.status.in_(("draft", "approved", "working")),
                                             MentoringGroup.order_id.is_(None))
             .order_by(MentoringGroup.id))
    return list(session.execute(query).scalars())


def fill_items(items: list[str] | tuple[str, ...], *, school: School | None, date: dt.date) -> list[str]:
    """Substitute the template fields in ``items`` (unknown braces stay as typed)."""
    curator = school.curator_name if school else ""
    values = {"year": (school.academic_year if school and school.academic_year else academic_year_of(date)),
              "curator": curator, "curator_acc": declined_short(curator, case="acc") or "…",
              "curator_dat": declined_short(curator, case="dat") or "…",
              "plan_date": format_date(date + dt.timedelta(days=PLAN_DAYS)), "date": format_date(date)}
    out = []
    for text in items:
        for key, value in values.items():
            text = text.replace("{" + key + "}", value)
        out.append(_DOUBLE_DOT.sub("", clean(text)))
    return [t for t in out if t]


# --- creating orders -----------------------------------------------------------------------------------

def _check_header(session: Session, *, number: str, date: dt.date) -> str:
    number = clean(number)
    issues = []
    if not number:
        issues.append(Issue("укажите номер приказа", field="Номер"))
    if date > dt.date.today() + dt.timedelta(days=MAX_DAYS_AHEAD):
        issues.append(Issue(f"дата {format_date(date)} слишком далеко в будущем", field="Дата"))
    if issues:
        raise ValidationError(issues)
    taken = session.execute(select(MentoringOrder.id).where(MentoringOrder.number == number,
                                                            MentoringOrder.date == date)).first()
    if taken is not None:
        raise ConflictError(f"Приказ № {number} от {format_date(date)} уже есть в реестре")
    return number


def create_approval_order(session: Session, *, group_ids: list[int], number: str, date: dt.date,
                          items: list[str] | None = None, title: str | None = None,
                          on_created: Callable[[int], None] | None = None) -> int:
    """Register an order approving the pairs/groups and mark them «утверждена приказом» (one transaction).

    ``on_created(order_id)`` runs inside the transaction before the commit (e.g. to write the PDF with
    ``order_context``); if it raises, nothing is registered.
    """
    if not group_ids:
        raise ValidationError([Issue("нет пар (групп) для утверждения", field="Пары")])
    if len(set(group_ids)) != len(group_ids):
        raise ValidationError([Issue("пара (группа) указана дважды", field="Пары")])
    number = _check_header(session, number=number, date=date)
    groups = {g.id: g for g in session.execute(select(MentoringGroup).where(
        MentoringGroup.id.in_(group_ids))).scalars()}
    issues = []
    for group_id in group_ids:
        group = groups.get(group_id)
        if group is None:
            issues.append(Issue(f"пара (группа) {group_id} не найдена", field="Пары"))
        elif group.status == "draft" or (group.status in ("approved", "working") and group.order_id is None):
            continue
        elif group.order_id is not None:
            issues.append(Issue(f"пара (группа) {group_id} уже утверждена другим приказом", field="Пары"))
        else:
            issues.append(Issue(f"пара (группа) {group_id} завершена или расформирована", field="Пары"))
    if issues:
        raise ValidationError(issues)
    school = session.execute(select(School)).scalars().first()
    year = school.academic_year if school and school.academic_year else academic_year_of(date)
    title = clean(title) or APPROVE_TITLE.format(year=year)
    texts = fill_items(list(DEFAULT_ITEMS) if items is None else items, school=school, date=date)
    with transaction(session):
        order = MentoringOrder(kind="approve", number=number, date=date, title=title, academic_year=year,
                               items=texts)
        session.add(order)
        session.flush()
        now = utcnow()
        for group_id in group_ids:
            group = groups[group_id]
            session.add(OrderGroup(order_id=order.id, group_id=group_id, change="approved"))
            if group.status == "draft":
                group.status, group.status_date = "approved", date
            group.order_id = order.id
            group.updated_at = now
            session.add(group)
        if on_created is not None:
            session.flush()
            on_created(order.id)
    return order.id


def create_amendment_order(session: Session, *, changes: list[tuple[int, str]], number: str, date: dt.date,
                           items: list[str] | None = None, title: str | None = None) -> int:
    """Register an order «о внесении изменений»: dissolved pairs or replaced mentors (already changed)."""
    if not changes:
        raise ValidationError([Issue("нет изменений для приказа", field="Пары")])
    number = _check_header(session, number=number, date=date)
    ids = [group_id for group_id, _ in changes]
    if len(set(ids)) != len(ids):
        raise ValidationError([Issue("пара (группа) указана дважды", field="Пары")])
    groups = {g.id: g for g in session.execute(select(MentoringGroup).where(MentoringGroup.id.in_(ids))).scalars()}
    issues = []
    for group_id, change in changes:
        group = groups.get(group_id)
        if change not in ("dissolved", "mentor_replaced"):
            issues.append(Issue(f"неизвестное изменение «{change}»", field="Изменение"))
        elif group is None:
            issues.append(Issue(f"пара (группа) {group_id} не найдена", field="Пары"))
        elif change == "dissolved" and group.status != "dissolved":
            issues.append(Issue(f"пара (группа) {group_id} не расформирована — сначала смените её статус",
                                field="Пары"))
        elif change == "mentor_replaced" and group.status not in ("draft", "approved", "working"):
            issues.append(Issue(f"пара (группа) {group_id} уже не действует", field="Пары"))
    if issues:
        raise ValidationError(issues)
    school = session.execute(select(School)).scalars().first()
    year = school.academic_year if school and school.academic_year else academic_year_of(date)
    if items is None:
        rows = {r.group_id: r for r in _appendix(session, [(i, c) for i, c in changes], order_date=date)}
        items = []
        for group_id, change in changes:
            row = rows[group_id]
            who = f"наставник {row.mentor}, наставляемые: {', '.join(row.mentees)}"
            if change == "dissolved":
                reason = groups[group_id].status_reason
                items.append(f"Считать расформированной с {format_date(groups[group_id].status_date or date)} "
                             f"наставническую пару (группу) ({who})" + (f" в связи с: {reason}." if reason else "."))
            else:
                items.append(f"Утвердить замену наставника в паре (группе): {who}.")
        items.append(AMEND_LAST_ITEM)
    texts = fill_items(items, school=school, date=date)
    with transaction(session):
        order = MentoringOrder(kind="amend", number=number, date=date,
                               title=clean(title) or AMEND_TITLE.format(year=year), academic_year=year, items=texts)
        session.add(order)
        session.flush()
        for group_id, change in changes:
            session.add(OrderGroup(order_id=order.id, group_id=group_id, change=change))
    return order.id


# --- the document's data -------------------------------------------------------------------------------

def _age(birth: dt.date | None, year: int | None, on: dt.date) -> int | None:
    if birth:
        return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))
    return on.year - year if year else None


def _term(start: dt.date | None, end: dt.date | None) -> str:
    parts = []
    if start:
        parts.append(f"с {format_date(start)}")
    if end:
        parts.append(f"по {format_date(end)}")
    return " ".join(parts)


def _appendix(session: Session, changes: list[tuple[int, str]], *, order_date: dt.date) -> list[AppendixRow]:
    ids = [group_id for group_id, _ in changes]
    groups = {g.id: g for g in session.execute(select(MentoringGroup).where(MentoringGroup.id.in_(ids))).scalars()}
    members: dict[int, list[int]] = defaultdict(list)
    for group_id, mentee_id in session.execute(select(GroupMember.group_id, GroupMember.mentee_id)
                                               .where(GroupMember.group_id.in_(ids)).order_by(GroupMember.id)):
        members[group_id].append(mentee_id)
    mentee_ids = {m for ms in members.values() for m in ms}
    mentees = {m.id: m for m in session.execute(select(Mentee).where(Mentee.id.in_(mentee_ids))).scalars()}
    mentors = {m.id: m for m in session.execute(select(Mentor).where(
        Mentor.id.in_({g.mentor_id for g in groups.values()}))).scalars()}
    rows = []
    for n, (group_id, change) in enumerate(changes, start=1):
        g = groups[group_id]
        mentor = mentors[g.mentor_id]
        position = mentor.group_name
        if mentor.partner_id and mentor.workplace and mentor.workplace not in position:
            position = f"{position}, {mentor.workplace}" if position else mentor.workplace
        names = []
        for mentee_id in members.get(group_id, []):
            m = mentees[mentee_id]
            name = full_name(m.last_name, m.first_name, m.middle_name)
            names.append(f"{name} ({m.group_name})" if m.group_name else name)
        rows.append(AppendixRow(
            number=n, group_id=group_id, mentor=full_name(mentor.last_name, mentor.first_name, mentor.middle_name),
            mentor_position=position, mentees=tuple(names), form=g.form, role_model=g.role_model, kind=g.kind,
            term=_term(g.start_date or order_date, g.planned_end_date),
            change=CHANGES.get(change, change) if change != "approved" else ""))
    return rows


def _acquainted(session: Session, changes: list[tuple[int, str]], *, curator: str, on: dt.date) -> list[str]:
    """Mentors, the curator and adult mentees (18+ or staff), each once, in alphabetical order."""
    ids = [group_id for group_id, _ in changes]
    mentors = session.execute(select(Mentor.last_name, Mentor.first_name, Mentor.middle_name)
                              .join(MentoringGroup, MentoringGroup.mentor_id == Mentor.id)
                              .where(MentoringGroup.id.in_(ids))).all()
    mentees = session.execute(select(Mentee).join(GroupMember, GroupMember.mentee_id == Mentee.id)
                              .where(GroupMember.group_id.in_(ids))).scalars().all()
    names = {full_name(*m) for m in mentors}
    if clean(curator):
        names.add(clean(curator))
    for m in mentees:
        age = _age(m.birth_date, m.birth_year, on)
        adult = age >= 18 if age is not None else m.category == "студент"
        if m.category in ADULT_CATEGORIES or adult:
            names.add(full_name(m.last_name, m.first_name, m.middle_name))
    return sorted(names, key=lambda s: s.casefold().replace("ё", "е"))


def preamble(school: School | None, *, kind: str) -> str:
    """«В соответствии с Положением о наставничестве в …, утверждённым приказом от … № …, …»."""
    name = (school.short_name or school.full_name) if school else ""
    text = "В соответствии с Положением о наставничестве" + (f" в {name}" if name else "")
    if school and school.regulation_number and school.regulation_date:
        text += (f", утверждённым приказом от {format_date(school.regulation_date)} "
                 f"№ {school.regulation_number}")
    if kind == "amend":
        return "В связи с изменением состава наставнических пар (групп), " + text[0].lower() + text[1:] + ","
    return text + ", в целях реализации целевой модели наставничества,"


def order_context(session: Session, *, order_id: int) -> OrderContext:
    """The registered order with its school, items, appendix and «ознакомлены» list."""
    order = session.get(MentoringOrder, order_id)
    if order is None:
        raise NotFoundError("Приказ не найден в реестре")
    school = session.execute(select(School)).scalars().first()
    changes = [tuple(r) for r in session.execute(select(OrderGroup.group_id, OrderGroup.change)
                                                 .where(OrderGroup.order_id == order_id).order_by(OrderGroup.id))]
    curator = school.curator_name if school else ""
    return OrderContext(
        organization=school.full_name if school else "", short_name=school.short_name if school else "",
        place=school.municipality if school else "", number=order.number, date=order.date, title=order.title,
        kind=order.kind, preamble=preamble(school, kind=order.kind), items=tuple(order.items or ()),
        director_position=(school.director_position if school else "") or "Директор",
        director_signature=initials_last(school.director_name) if school else "",
        appendix=tuple(_appendix(session, changes, order_date=order.date)),
        acquainted=tuple(_acquainted(session, changes, curator=curator, on=order.date)),
        director_name=school.director_name if school else "", curator_name=curator,
        regulation_number=school.regulation_number if school else "",
        regulation_date=school.regulation_date if school else None)
