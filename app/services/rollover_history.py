"""The writing steps of «Новый учебный год» (run inside app.rollover's one transaction) and the rollover history."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from collections.abc import Collection
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlmodel import Session

from db.models import Mentee, MentoringGroup, Mentor, School, utcnow
from db.models_lifecycle import RoadmapItem, YearRollover

if TYPE_CHECKING:
    from app.rollover import RolloverPlan


def _remember(person: Any, year: str, now: dt.datetime) -> None:
    history = dict(person.class_history or {})
    history[year] = person.group_name
    person.class_history = history  # a new dict: JSON columns do not track in-place changes
    person.updated_at = now


def move_classes(session: Session, *, plan: RolloverPlan) -> int:
    """Every staying mentee and student mentor: class_history[from_year] = old class, the next class set;
    how many moved."""
    from app.rollover import next_class

    now = utcnow()
    for model, ids in ((Mentee, plan.moved_ids), (Mentor, plan.moved_mentor_ids)):
        for person in session.execute(select(model).where(model.id.in_(ids))).scalars():
            _remember(person, plan.from_year, now)
            person.group_name = next_class(person.group_name, finishing_grades=()) or person.group_name
            session.add(person)
    return plan.moved


def archive_stamp(plan: RolloverPlan, today: dt.date) -> dt.datetime:
    """When leavers go to the archive: now, but never before the end of the old year (its reports keep them)."""
    now = utcnow()
    stamp = now if today == dt.date.today() else dt.datetime.combine(today, now.time())
    return max(stamp, dt.datetime.combine(plan.year_end, dt.time(23, 59)))


def archive_leavers(session: Session, *, plan: RolloverPlan, today: dt.date,
                    kept: Collection[tuple[str, int]] = ()) -> int:
    """Leavers: class kept in the history, status «выпускник» (a finished programme stays «завершил»),
    a mentee's exit date 31 August unless an earlier one is recorded, archived; how many were archived.

    The ``kept`` ones (role, id) — their pair carries on — only get the history entry: class, status and
    programme unchanged.
    """
    from app.rollover import GRADUATED

    stamp, now, archived = archive_stamp(plan, today), utcnow(), 0
    for role, model in (("mentee", Mentee), ("mentor", Mentor)):
        ids = [lv.person_id for lv in plan.leavers if lv.role == role]
        for person in session.execute(select(model).where(model.id.in_(ids))).scalars():
            _remember(person, plan.from_year, now)
            session.add(person)
            if (role, person.id) in kept:
                continue
            if person.status in ("active", "candidate"):
                person.status = GRADUATED
            if role == "mentee" and (person.exit_date is None or person.exit_date > plan.year_end):
                person.exit_date = plan.year_end
            person.archived_at = stamp
            archived += 1
    return archived


@dataclass(frozen=True)
class ClosedPairs:
    ended: list[int]  # finished on 31 August
    deleted: list[int]  # drafts discarded
    carried: list[int]


def close_pairs(session: Session, *, plan: RolloverPlan, choices: dict[int, str]) -> ClosedPairs:
    """End (finished on 31 August, reason «окончание обучения») or carry the leavers' pairs; mixed groups carry.

    A draft to end is discarded (it never counted anywhere; a dissolved one would enter past packages); a draft
    with meetings or in an order is carried, so past figures stay as they were.
    """
    from sqlalchemy import delete

    from app.rollover import END_REASON
    from db.models import GroupMember, OrderGroup

    result, now = ClosedPairs([], [], []), utcnow()
    ordered = set(session.execute(select(OrderGroup.group_id)).scalars())
    for pair in plan.pairs:
        group = session.get(MentoringGroup, pair.group_id)
        if group is None:
            continue
        draft = group.status == "draft"
        if pair.mixed or choices.get(pair.group_id, "end") != "end" or (draft and (pair.has_meetings
                                                                                   or group.id in ordered)):
            result.carried.append(group.id)
            continue
        if draft:
            result.deleted.append(group.id)
            session.execute(delete(GroupMember).where(GroupMember.group_id == group.id))
            session.delete(group)
            continue
        result.ended.append(group.id)
        end = max(plan.year_end, group.start_date or plan.year_end)
        group.status = "finished"
        group.status_reason, group.status_date, group.end_date = END_REASON, end, end
        group.updated_at = now
        session.add(group)
    return result


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
    """The class a person was in during ``academic_year``: its history entry; else the entry of the earliest
    recorded later year (the class held before that rollover); else the current class."""
    history = class_history or {}
    if history.get(academic_year):
        return history[academic_year]
    later = sorted(year for year, name in history.items() if year > academic_year and name)
    return history[later[0]] if later else current
