"""The writing steps of «Новый учебный год» (run inside app.rollover's one transaction) and the rollover history."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlmodel import Session

from db.models import Mentee, MentoringGroup, School, utcnow
from db.models_lifecycle import RoadmapItem, YearRollover

if TYPE_CHECKING:
    from app.rollover import RolloverPlan


def move_classes(session: Session, *, plan: RolloverPlan) -> int:
    """Every staying mentee: class_history[from_year] = old class, the next class set; how many moved."""
    from app.rollover import next_class

    now = utcnow()
    for mentee in session.execute(select(Mentee).where(Mentee.id.in_(plan.moved_ids))).scalars():
        history = dict(mentee.class_history or {})
        history[plan.from_year] = mentee.group_name
        mentee.class_history = history  # a new dict: JSON columns do not track in-place changes
        mentee.group_name = next_class(mentee.group_name, finishing_grades=()) or mentee.group_name
        mentee.updated_at = now
        session.add(mentee)
    return len(plan.moved_ids)


def archive_stamp(plan: RolloverPlan, today: dt.date) -> dt.datetime:
    """When leavers go to the archive: now, but never before the end of the old year (its reports keep them)."""
    now = utcnow()
    stamp = now if today == dt.date.today() else dt.datetime.combine(today, now.time())
    return max(stamp, dt.datetime.combine(plan.year_end, dt.time(23, 59)))


def archive_leavers(session: Session, *, plan: RolloverPlan, today: dt.date) -> int:
    """Leavers: class kept in the history, status «выбыл(а)» (a finished programme stays «завершил»),
    exit date 31 August unless an earlier one is recorded, archived."""
    ids = [lv.mentee_id for lv in plan.leavers]
    stamp, now = archive_stamp(plan, today), utcnow()
    for mentee in session.execute(select(Mentee).where(Mentee.id.in_(ids))).scalars():
        history = dict(mentee.class_history or {})
        history[plan.from_year] = mentee.group_name
        mentee.class_history = history
        if mentee.status == "active":
            mentee.status = "left"
        if mentee.exit_date is None or mentee.exit_date > plan.year_end:
            mentee.exit_date = plan.year_end
        mentee.archived_at = stamp
        mentee.updated_at = now
        session.add(mentee)
    return len(ids)


def close_pairs(session: Session, *, plan: RolloverPlan, choices: dict[int, str]) -> tuple[list[int], list[int]]:
    """End (finished on 31 August, reason «окончание обучения») or carry the leavers' pairs; mixed groups carry.

    A draft to end is discarded (it never counted anywhere; a dissolved one would enter past packages); a draft
    with meetings or in an order is carried, so past figures stay as they were.
    """
    from sqlalchemy import delete

    from app.rollover import END_REASON
    from db.models import GroupMember, OrderGroup

    ended, carried, now = [], [], utcnow()
    ordered = set(session.execute(select(OrderGroup.group_id)).scalars())
    for pair in plan.pairs:
        group = session.get(MentoringGroup, pair.group_id)
        if group is None:
            continue
        draft = group.status == "draft"
        if pair.mixed or choices.get(pair.group_id, "end") != "end" or (draft and (pair.has_meetings
                                                                                   or group.id in ordered)):
            carried.append(group.id)
            continue
        ended.append(group.id)
        if draft:
            session.execute(delete(GroupMember).where(GroupMember.group_id == group.id))
            session.delete(group)
            continue
        end = max(plan.year_end, group.start_date or plan.year_end)
        group.status = "finished"
        group.status_reason, group.status_date, group.end_date = END_REASON, end, end
        group.updated_at = now
        session.add(group)
    return ended, carried


def set_school_year(session: Session, *, academic_year: str) -> None:
    school = session.execute(select(School)).scalars().first()
    if school is not None:
        school.academic_year, school.updated_at = academic_year, utcnow()
        session.add(school)


def start_roadmap(session: Session, *, template: Any, academic_year: str) -> int:
    """The year's roadmap items from ``template`` (skipped when none or already started from it)."""
    from app import roadmap_templates

    if template is None:
        return 0
    exists = session.execute(select(func.count()).select_from(RoadmapItem).where(
        RoadmapItem.academic_year == academic_year, RoadmapItem.template_code == template.code)).scalar()
    if exists:
        return 0
    top = session.execute(select(func.max(RoadmapItem.position))
                          .where(RoadmapItem.academic_year == academic_year)).scalar() or 0
    items = roadmap_templates.expand_template(template, academic_year=academic_year)
    for offset, item in enumerate(items, start=1):
        session.add(RoadmapItem(academic_year=academic_year, number=item.number, section=item.section,
                                title=item.title, deadline=item.deadline, deadline_text=item.deadline_text,
                                recurrence=item.recurrence, series=item.series, responsible=item.responsible,
                                result=item.result, template_code=template.code, position=top + offset))
    return len(items)


def record(session: Session, *, plan: RolloverPlan, backup_path: Path, summary: dict) -> None:
    session.add(YearRollover(from_year=plan.from_year, to_year=plan.to_year, backup_path=str(backup_path),
                             summary=summary))


@dataclass(frozen=True)
class RolloverRow:
    """A done rollover for the history list."""

    id: int
    from_year: str
    to_year: str
    done_at: dt.datetime
    backup_path: str
    moved: int
    left: int


def list_rollovers(session: Session) -> list[RolloverRow]:
    """Done rollovers, newest first."""
    rows = session.execute(select(YearRollover).order_by(YearRollover.done_at.desc(), YearRollover.id.desc()))
    return [RolloverRow(r.id, r.from_year, r.to_year, r.done_at, r.backup_path, int(r.summary.get("moved", 0)),
                        int(r.summary.get("left", 0))) for r in rows.scalars()]


def class_in_year(class_history: dict[str, str] | None, current: str, *, academic_year: str) -> str:
    """The class a mentee was in during ``academic_year``: its history entry, else the current class."""
    return (class_history or {}).get(academic_year) or current
