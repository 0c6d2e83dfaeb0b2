"""Individual development plans (ИПР) of the mentees of a pair/group: list, validate and save, print context."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlmodel import Session

from app.errors import Issue, NotFoundError, ValidationError
from app.text import clean, format_date, full_name
from db.engine import transaction
from db.models import GroupMember, Mentee, Mentor, MentoringGroup, PlanItem, School

PLAN_STATUSES: dict[str, str] = {"planned": "запланировано", "in_progress": "в работе", "done": "выполнено",
                                 "cancelled": "отменено"}


@dataclass(frozen=True)
class PlanItemData:
    """One line of a mentee's plan (``id`` is None for a new line)."""

    mentee_id: int
    task: str
    goal: str = ""
    deadline: dt.date | None = None
    status: str = "planned"
    done_date: dt.date | None = None
    result: str = ""
    position: int = 0
    id: int | None = None


@dataclass(frozen=True)
class PlanMentee:
    """A mentee of the group with their plan lines, for the document."""

    id: int
    name: str
    group_name: str  # class or position
    items: tuple[PlanItemData, ...]


@dataclass(frozen=True)
class PlanContext:
    """Everything the printed plan needs."""

    organization: str
    short_name: str
    academic_year: str
    mentor_name: str
    mentor_position: str
    curator_name: str
    form: str
    role_model: str
    start_date: dt.date | None
    end_date: dt.date | None
    mentees: tuple[PlanMentee, ...]

    @property
    def term(self) -> str:
        """«с 28.09.2026 по 31.05.2027» (either side may be missing)."""
        parts = []
        if self.start_date:
            parts.append(f"с {format_date(self.start_date)}")
        if self.end_date:
            parts.append(f"по {format_date(self.end_date)}")
        return " ".join(parts)


def _group(session: Session, group_id: int) -> MentoringGroup:
    group = session.get(MentoringGroup, group_id)
    if group is None:
        raise NotFoundError("Пара (группа) не найдена")
    return group


def _member_ids(session: Session, group_id: int) -> list[int]:
    return list(session.execute(select(GroupMember.mentee_id).where(GroupMember.group_id == group_id)
                                .order_by(GroupMember.id)).scalars())


def _to_data(item: PlanItem) -> PlanItemData:
    return PlanItemData(id=item.id, mentee_id=item.mentee_id, goal=item.goal, task=item.task,
                        deadline=item.deadline, status=item.status, done_date=item.done_date, result=item.result,
                        position=item.position)


def list_plan(session: Session, *, group_id: int) -> list[PlanItemData]:
    """The group's plan lines, by mentee (in membership order), then position."""
    order = {m: n for n, m in enumerate(_member_ids(session, group_id))}
    items = session.execute(select(PlanItem).where(PlanItem.group_id == group_id)
                            .order_by(PlanItem.position, PlanItem.id)).scalars().all()
    return sorted((_to_data(i) for i in items), key=lambda d: (order.get(d.mentee_id, len(order)), d.position))


def check_plan(session: Session, *, group_id: int, items: list[PlanItemData],
               today: dt.date | None = None) -> list[PlanItemData]:
    """Validate and normalise the lines (trimmed text, «выполнено» dated today when undated).

    Issues name the line's number within its mentee's plan; for a group the message names the mentee.
    """
    group = _group(session, group_id)
    members = _member_ids(session, group_id)
    names = {r[0]: full_name(*r[1:]) for r in session.execute(
        select(Mentee.id, Mentee.last_name, Mentee.first_name, Mentee.middle_name).where(Mentee.id.in_(members)))}
    today = today or dt.date.today()
    issues: list[Issue] = []
    out: list[PlanItemData] = []
    numbers: dict[int, int] = {}
    for item in items:
        numbers[item.mentee_id] = row = numbers.get(item.mentee_id, 0) + 1
        who = f"{names[item.mentee_id]}: " if len(members) > 1 and item.mentee_id in names else ""

        def issue(message: str, field: str, row: int = row, who: str = who) -> None:
            issues.append(Issue(who + message, field=field, row=row))

        if item.mentee_id not in members:
            issue("наставляемый не входит в эту пару (группу)", "Наставляемый")
        task = item.task.strip()
        if not task:
            issue("укажите задачу или мероприятие", "Задача")
        if item.status not in PLAN_STATUSES:
            issue("неизвестный статус", "Статус")
        if item.deadline and group.start_date and item.deadline < group.start_date:
            issue(f"срок раньше начала работы пары ({format_date(group.start_date)})", "Срок")
        done_date = item.done_date
        if item.status == "done" and done_date is None:
            done_date = today
        if done_date and group.start_date and done_date < group.start_date:
            issue(f"дата выполнения раньше начала работы пары ({format_date(group.start_date)})",
                  "Дата выполнения")
        if done_date and done_date > today:
            issue("дата выполнения ещё не наступила", "Дата выполнения")
        out.append(replace(item, task=task, goal=item.goal.strip(), result=item.result.strip(),
                           done_date=done_date if item.status == "done" else item.done_date,
                           position=numbers[item.mentee_id]))
    if issues:
        raise ValidationError(issues)
    return out


def save_plan(session: Session, *, group_id: int, items: list[PlanItemData], today: dt.date | None = None) -> None:
    """Replace the group's plan with ``items`` in one transaction, after validation (nothing saved on error)."""
    checked = check_plan(session, group_id=group_id, items=items, today=today)
    with transaction(session):
        existing = {i.id: i for i in session.execute(select(PlanItem).where(PlanItem.group_id == group_id))
                    .scalars()}
        kept = {i.id for i in checked if i.id in existing}
        for item_id, row in existing.items():
            if item_id not in kept:
                session.delete(row)
        for item in checked:
            row = existing[item.id] if item.id in kept else PlanItem(group_id=group_id, mentee_id=item.mentee_id)
            row.mentee_id, row.goal, row.task, row.deadline = item.mentee_id, item.goal, item.task, item.deadline
            row.status, row.done_date, row.result, row.position = (item.status, item.done_date, item.result,
                                                                   item.position)
            session.add(row)


def plan_context(session: Session, *, group_id: int) -> PlanContext:
    """The school, the pair/group and each mentee with their plan lines, for ``render_plan``."""
    from app.services.orders import academic_year_of

    group = _group(session, group_id)
    school = session.execute(select(School)).scalars().first()
    mentor = session.get(Mentor, group.mentor_id)
    items = list_plan(session, group_id=group_id)
    mentees = []
    for mentee_id in _member_ids(session, group_id):
        m = session.get(Mentee, mentee_id)
        if m is None:
            continue
        mentees.append(PlanMentee(id=m.id, name=full_name(m.last_name, m.first_name, m.middle_name),
                                  group_name=m.group_name,
                                  items=tuple(i for i in items if i.mentee_id == mentee_id)))
    year = (school.academic_year if school and school.academic_year
            else academic_year_of(group.start_date or dt.date.today()))
    return PlanContext(
        organization=school.full_name if school else "",
        short_name=(school.short_name or school.full_name) if school else "", academic_year=year,
        mentor_name=full_name(mentor.last_name, mentor.first_name, mentor.middle_name) if mentor else "",
        mentor_position=mentor.group_name if mentor else "", curator_name=school.curator_name if school else "",
        form=clean(group.form), role_model=clean(group.role_model), start_date=group.start_date,
        end_date=group.end_date or group.planned_end_date, mentees=tuple(mentees))


__all__ = ["PLAN_STATUSES", "PlanContext", "PlanItemData", "PlanMentee", "check_plan", "list_plan", "plan_context",
           "save_plan"]
