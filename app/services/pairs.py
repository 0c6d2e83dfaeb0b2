"""Mentoring pairs and groups: create, edit, change status, list; capacity and bans enforced."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlmodel import Session

from app.errors import ConflictError, Issue, NotFoundError, ValidationError
from app.schemas import (ACTIVE_GROUP_STATUSES, GROUP_STATUSES, GROUP_TRANSITIONS, GroupData, GroupRow,
                         MentorLoad, WaitingMentee)
from app.text import clean, fold, format_date, full_name
from db.engine import transaction
from db.models import (BannedMatch, GroupMember, Mentee, Mentor, MentoringGroup, MentoringOrder, utcnow)


class CapacityError(ConflictError):
    """The mentor would have more mentees than their capacity; ``confirm_over_capacity`` overrides."""

    def __init__(self, *, mentor_name: str, capacity: int, would_have: int) -> None:
        super().__init__(f"У наставника {mentor_name} будет {would_have} наставляемых при допустимых {capacity}. "
                         "Превысить можно только с явным подтверждением.")
        self.capacity, self.would_have = capacity, would_have


def _busy(session: Session, *, mentor_id: int, exclude_group: int | None = None) -> int:
    query = (select(func.count(GroupMember.id)).join(MentoringGroup, MentoringGroup.id == GroupMember.group_id)
             .where(MentoringGroup.mentor_id == mentor_id, MentoringGroup.status.in_(ACTIVE_GROUP_STATUSES)))
    if exclude_group is not None:
        query = query.where(MentoringGroup.id != exclude_group)
    return session.execute(query).scalar_one()


def _active_group_of(session: Session, *, mentee_ids: tuple[int, ...], exclude_group: int | None) -> dict[int, int]:
    query = (select(GroupMember.mentee_id, GroupMember.group_id)
             .join(MentoringGroup, MentoringGroup.id == GroupMember.group_id)
             .where(GroupMember.mentee_id.in_(mentee_ids), MentoringGroup.status.in_(ACTIVE_GROUP_STATUSES)))
    if exclude_group is not None:
        query = query.where(MentoringGroup.id != exclude_group)
    return dict(session.execute(query).all())


def same_person(mentee: Mentee, mentor: Mentor) -> bool:
    """The same human in both bases (same folded ФИО and birth year)."""
    names = (fold(full_name(mentee.last_name, mentee.first_name, mentee.middle_name))
             == fold(full_name(mentor.last_name, mentor.first_name, mentor.middle_name)))
    years = (mentee.birth_date.year if mentee.birth_date else mentee.birth_year,
             mentor.birth_date.year if mentor.birth_date else mentor.birth_year)
    return names and (None in years or years[0] == years[1])


def check_group(session: Session, *, data: GroupData, confirm_over_capacity: bool = False) -> str:
    """Validate a pair/group; returns the over-capacity note to record ('' when within capacity)."""
    issues: list[Issue] = []
    mentor = session.get(Mentor, data.mentor_id)
    if mentor is None or mentor.archived_at is not None:
        raise NotFoundError("Наставник не найден или в архиве")
    if not data.mentee_ids:
        raise ValidationError([Issue("выберите хотя бы одного наставляемого", field="Наставляемые")])
    if len(set(data.mentee_ids)) != len(data.mentee_ids):
        raise ValidationError([Issue("наставляемый указан дважды", field="Наставляемые")])
    mentees = {m.id: m for m in session.execute(select(Mentee).where(Mentee.id.in_(data.mentee_ids))).scalars()}
    for mentee_id in data.mentee_ids:
        mentee = mentees.get(mentee_id)
        if mentee is None or mentee.archived_at is not None:
            issues.append(Issue("наставляемый не найден или в архиве", field="Наставляемые"))
        elif same_person(mentee, mentor):
            issues.append(Issue(f"{full_name(mentee.last_name, mentee.first_name)} не может быть наставником "
                                "самому себе", field="Наставник"))
    taken = _active_group_of(session, mentee_ids=data.mentee_ids, exclude_group=data.id)
    for mentee_id in taken:
        m = mentees[mentee_id]
        issues.append(Issue(f"{full_name(m.last_name, m.first_name, m.middle_name)} уже в другой активной паре "
                            "или группе", field="Наставляемые"))
    banned = session.execute(select(BannedMatch.mentee_id).where(
        BannedMatch.mentor_id == data.mentor_id, BannedMatch.mentee_id.in_(data.mentee_ids))).scalars().all()
    for mentee_id in banned:
        m = mentees[mentee_id]
        issues.append(Issue(f"сочетание с {full_name(m.last_name, m.first_name)} отмечено как невозможное",
                            field="Наставник"))
    if data.start_date and data.planned_end_date and data.planned_end_date < data.start_date:
        issues.append(Issue("окончание раньше начала", field="Плановое окончание"))
    if issues:
        raise ValidationError(issues)
    would_have = _busy(session, mentor_id=data.mentor_id, exclude_group=data.id) + len(data.mentee_ids)
    if would_have <= mentor.capacity:
        return ""
    name = full_name(mentor.last_name, mentor.first_name, mentor.middle_name)
    if not confirm_over_capacity:
        raise CapacityError(mentor_name=name, capacity=mentor.capacity, would_have=would_have)
    return (f"Превышение: {would_have} наставляемых при допустимых {mentor.capacity}; "
            f"подтверждено куратором {format_date(dt.date.today())}")


def save_group(session: Session, *, data: GroupData, confirm_over_capacity: bool = False,
               source: str = "manual") -> int:
    """Create (status «черновик») or update a pair/group in one transaction; returns its id."""
    note = check_group(session, data=data, confirm_over_capacity=confirm_over_capacity)
    with transaction(session):
        if data.id is None:
            group = MentoringGroup(mentor_id=data.mentor_id, source=source)
        else:
            group = session.get(MentoringGroup, data.id)
            if group is None:
                raise NotFoundError("Пара (группа) не найдена")
            if group.status not in ACTIVE_GROUP_STATUSES:
                raise ConflictError("Завершённую или расформированную пару изменить нельзя")
            group.mentor_id = data.mentor_id
            group.updated_at = utcnow()
            session.execute(delete(GroupMember).where(GroupMember.group_id == group.id))
        group.form, group.role_model, group.kind = clean(data.form), clean(data.role_model), clean(data.kind)
        group.goal = data.goal.strip()
        group.start_date, group.planned_end_date = data.start_date, data.planned_end_date
        if note:
            group.over_capacity_note = note
        session.add(group)
        session.flush()
        for mentee_id in data.mentee_ids:
            session.add(GroupMember(group_id=group.id, mentee_id=mentee_id))
    return group.id


def set_status(session: Session, *, group_id: int, status: str, reason: str = "",
               on: dt.date | None = None) -> None:
    """Move a pair/group along «черновик → утверждена → работает → завершена / расформирована»."""
    group = session.get(MentoringGroup, group_id)
    if group is None:
        raise NotFoundError("Пара (группа) не найдена")
    if status not in GROUP_STATUSES:
        raise ValidationError([Issue("неизвестный статус", field="Статус")])
    if status not in GROUP_TRANSITIONS[group.status]:
        raise ConflictError(f"Нельзя перевести пару из статуса «{GROUP_STATUSES[group.status]}» "
                            f"в «{GROUP_STATUSES[status]}»")
    if status == "dissolved" and not clean(reason):
        raise ValidationError([Issue("укажите причину расформирования", field="Причина")])
    on = on or dt.date.today()
    with transaction(session):
        group.status, group.status_reason, group.status_date = status, clean(reason), on
        if status in ("finished", "dissolved"):
            group.end_date = on
        group.updated_at = utcnow()
        session.add(group)


def delete_draft(session: Session, *, group_id: int) -> None:
    """Discard a draft (never an approved pair: that needs an amending order)."""
    group = session.get(MentoringGroup, group_id)
    if group is None:
        raise NotFoundError("Пара (группа) не найдена")
    if group.status != "draft":
        raise ConflictError("Удалить можно только черновик; утверждённую пару расформировывают приказом")
    with transaction(session):
        session.execute(delete(GroupMember).where(GroupMember.group_id == group_id))
        session.delete(group)


def set_pinned(session: Session, *, group_id: int, pinned: bool) -> None:
    group = session.get(MentoringGroup, group_id)
    if group is None:
        raise NotFoundError("Пара (группа) не найдена")
    with transaction(session):
        group.pinned = pinned
        session.add(group)


def ban_match(session: Session, *, mentee_id: int, mentor_id: int, reason: str = "") -> None:
    """Mark a combination impossible (never suggested, refused when created by hand)."""
    with transaction(session):
        exists = session.execute(select(BannedMatch).where(BannedMatch.mentee_id == mentee_id,
                                                           BannedMatch.mentor_id == mentor_id)).scalar()
        if exists is None:
            session.add(BannedMatch(mentee_id=mentee_id, mentor_id=mentor_id, reason=clean(reason)))


def unban_match(session: Session, *, mentee_id: int, mentor_id: int) -> None:
    with transaction(session):
        session.execute(delete(BannedMatch).where(BannedMatch.mentee_id == mentee_id,
                                                  BannedMatch.mentor_id == mentor_id))


def list_groups(session: Session, *, include_closed: bool = True) -> list[GroupRow]:
    """Every pair/group with names, newest first."""
    query = select(MentoringGroup)
    if not include_closed:
        query = query.where(MentoringGroup.status.in_(ACTIVE_GROUP_STATUSES))
    groups = session.execute(query.order_by(MentoringGroup.id.desc())).scalars().all()
    members: dict[int, list[int]] = defaultdict(list)
    for group_id, mentee_id in session.execute(select(GroupMember.group_id, GroupMember.mentee_id)
                                               .order_by(GroupMember.id)):
        members[group_id].append(mentee_id)
    mentees = {r[0]: r for r in session.execute(select(Mentee.id, Mentee.last_name, Mentee.first_name,
                                                       Mentee.middle_name, Mentee.group_name))}
    mentors = {r[0]: r for r in session.execute(select(Mentor.id, Mentor.last_name, Mentor.first_name,
                                                       Mentor.middle_name, Mentor.group_name))}
    orders = {r[0]: f"№ {r[1]} от {format_date(r[2])}"
              for r in session.execute(select(MentoringOrder.id, MentoringOrder.number, MentoringOrder.date))}
    rows = []
    for g in groups:
        ids = tuple(members.get(g.id, ()))
        mentor = mentors.get(g.mentor_id, (g.mentor_id, "?", "", "", ""))
        rows.append(GroupRow(
            id=g.id, uuid=g.uuid, mentor_id=g.mentor_id, mentor_name=full_name(*mentor[1:4]),
            mentor_position=mentor[4], mentee_ids=ids,
            mentee_names=tuple(full_name(*mentees[i][1:4]) for i in ids if i in mentees),
            mentee_groups=tuple(mentees[i][4] for i in ids if i in mentees),
            form=g.form, role_model=g.role_model, kind=g.kind, goal=g.goal, start_date=g.start_date,
            planned_end_date=g.planned_end_date, end_date=g.end_date, status=g.status,
            status_reason=g.status_reason, source=g.source, pinned=g.pinned, order_id=g.order_id,
            order_label=orders.get(g.order_id, "") if g.order_id else "", over_capacity_note=g.over_capacity_note))
    return rows


def unpaired_mentees(session: Session, *, today: dt.date | None = None) -> list[WaitingMentee]:
    """Active, non-archived mentees without an active pair, longest waiting first.

    Days waiting count from when the mentee became unpaired: the end of their last pair/group (see unpaired_since),
    or the entry date when they never had one; never below 0 (a pair that ends later this summer).
    """
    today = today or dt.date.today()
    paired = (select(GroupMember.mentee_id).join(MentoringGroup, MentoringGroup.id == GroupMember.group_id)
              .where(MentoringGroup.status.in_(ACTIVE_GROUP_STATUSES)))
    query = select(Mentee).where(Mentee.archived_at.is_(None), Mentee.status == "active", Mentee.id.not_in(paired))
    mentees = list(session.execute(query).scalars())
    ended = last_pair_ends(session, mentee_ids=[m.id for m in mentees])
    out = []
    for m in mentees:
        since = unpaired_since(entry_date=m.entry_date, last_pair_end=ended.get(m.id))
        days = max(0, (today - since).days) if since else None
        out.append(WaitingMentee(id=m.id, name=full_name(m.last_name, m.first_name, m.middle_name),
                                 category=m.category, group_name=m.group_name, requests=tuple(m.requests or ()),
                                 entry_date=m.entry_date, days_waiting=days))
    out.sort(key=lambda w: (-(w.days_waiting if w.days_waiting is not None else -1), fold(w.name)))
    return out


def last_pair_ends(session: Session, *, mentee_ids: list[int]) -> dict[int, dt.date]:
    """Mentee id → the latest end of their closed pairs/groups (end date, else the status date)."""
    out: dict[int, dt.date] = {}
    if not mentee_ids:
        return out
    rows = session.execute(select(GroupMember.mentee_id, MentoringGroup.end_date, MentoringGroup.status_date)
                           .join(MentoringGroup, MentoringGroup.id == GroupMember.group_id)
                           .where(MentoringGroup.status.not_in(ACTIVE_GROUP_STATUSES),
                                  GroupMember.mentee_id.in_(mentee_ids)))
    for mentee_id, end_date, status_date in rows:
        end = end_date or status_date
        if end is not None and (mentee_id not in out or end > out[mentee_id]):
            out[mentee_id] = end
    return out


def unpaired_since(*, entry_date: dt.date | None, last_pair_end: dt.date | None) -> dt.date | None:
    """The day a mentee without a pair began waiting: the later of the entry date and the last pair's end."""
    days = [d for d in (entry_date, last_pair_end) if d is not None]
    return max(days) if days else None


def mentor_loads(session: Session) -> list[MentorLoad]:
    """Non-archived mentors that are candidates or in the programme, with their load."""
    busy = dict(session.execute(
        select(MentoringGroup.mentor_id, func.count(GroupMember.id))
        .join(GroupMember, GroupMember.group_id == MentoringGroup.id)
        .where(MentoringGroup.status.in_(ACTIVE_GROUP_STATUSES)).group_by(MentoringGroup.mentor_id)).all())
    query = select(Mentor).where(Mentor.archived_at.is_(None), Mentor.status.in_(("candidate", "active")))
    out = [MentorLoad(id=m.id, name=full_name(m.last_name, m.first_name, m.middle_name), category=m.category,
                      group_name=m.group_name, competencies=tuple(m.competencies or ()), capacity=m.capacity,
                      busy=busy.get(m.id, 0)) for m in session.execute(query).scalars()]
    out.sort(key=lambda r: (-r.free, fold(r.name)))
    return out


# --- changes to approved pairs (replacing a mentor; what an amending order has yet to cover) ----------------

REPLACED_PREFIX = "замена наставника"


def replace_mentor(session: Session, *, group_id: int, mentor_id: int, reason: str, on: dt.date | None = None,
                   confirm_over_capacity: bool = False) -> None:
    """Give an approved/working pair (group) a new mentor; the status stays, the reason is recorded."""
    group = session.get(MentoringGroup, group_id)
    if group is None:
        raise NotFoundError("Пара (группа) не найдена")
    if group.status not in ("approved", "working"):
        raise ConflictError("Заменить наставника можно только в утверждённой или работающей паре; "
                            "черновик меняют через «Изменить»")
    issues = []
    if mentor_id == group.mentor_id:
        issues.append(Issue("новый наставник совпадает с прежним", field="Наставник"))
    if not clean(reason):
        issues.append(Issue("укажите причину замены", field="Причина"))
    if issues:
        raise ValidationError(issues)
    members = tuple(session.execute(select(GroupMember.mentee_id).where(GroupMember.group_id == group_id)
                                    .order_by(GroupMember.id)).scalars())
    data = GroupData(mentor_id=mentor_id, mentee_ids=members, start_date=group.start_date,
                     planned_end_date=group.planned_end_date, id=group_id)
    note = check_group(session, data=data, confirm_over_capacity=confirm_over_capacity)
    old = session.get(Mentor, group.mentor_id)
    old_name = full_name(old.last_name, old.first_name, old.middle_name) if old else "?"
    with transaction(session):
        group.mentor_id = mentor_id
        group.status_reason = f"{REPLACED_PREFIX}: {clean(reason)} (прежний наставник — {old_name})"
        group.status_date = on or dt.date.today()
        group.over_capacity_note = note
        group.updated_at = utcnow()
        session.add(group)


@dataclass(frozen=True)
class PendingChange:
    """A change to an approved pair that no amending order covers yet."""

    group_id: int
    change: str  # dissolved | mentor_replaced
    mentor_name: str
    mentee_names: tuple[str, ...]
    date: dt.date | None
    reason: str

    @property
    def label(self) -> str:
        what = "расформирована" if self.change == "dissolved" else "заменён наставник"
        when = f" с {format_date(self.date)}" if self.date else ""
        return (f"№ {self.group_id}: {self.mentor_name} — {', '.join(self.mentee_names)} · {what}{when}"
                + (f"; причина: {self.reason}" if self.reason else ""))


def pending_changes(session: Session) -> list[PendingChange]:
    """Dissolved pairs that an order had approved and mentor replacements, not yet in an amending order."""
    from db.models import OrderGroup

    covered: dict[tuple[int, str], dt.date] = {}
    for group_id, change, day in session.execute(
            select(OrderGroup.group_id, OrderGroup.change, MentoringOrder.date)
            .join(MentoringOrder, MentoringOrder.id == OrderGroup.order_id)
            .where(OrderGroup.change.in_(("dissolved", "mentor_replaced")))):
        key = (group_id, change)
        covered[key] = max(day, covered.get(key, day))
    out = []
    for row in sorted(list_groups(session), key=lambda r: r.id):
        if row.status == "dissolved" and row.order_id is not None:
            change = "dissolved"
        elif row.status in ("approved", "working") and row.status_reason.startswith(REPLACED_PREFIX):
            change = "mentor_replaced"
        else:
            continue
        group = session.get(MentoringGroup, row.id)
        day = group.status_date if group else None
        done = covered.get((row.id, change))
        if done is not None and (change == "dissolved" or day is None or done >= day):
            continue
        reason = row.status_reason.removeprefix(REPLACED_PREFIX + ": ") if change == "mentor_replaced" \
            else row.status_reason
        out.append(PendingChange(group_id=row.id, change=change, mentor_name=row.mentor_name,
                                 mentee_names=row.mentee_names, date=day, reason=reason))
    return out
