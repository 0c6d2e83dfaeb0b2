"""The writing steps of «Новый учебный год» (run inside app.rollover's one transaction) and the rollover history."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from collections.abc import Collection
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlmodel import Session

from app.errors import Issue, ValidationError
from db.models import Mentee, Mentor, School, utcnow
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
                    kept: Collection[tuple[str, int]] = (), before: dict[str, str] | None = None) -> int:
    """Leavers: class kept in the history, status «выпускник» (a finished programme stays «завершил»),
    a mentee's exit date 31 August unless an earlier one is recorded, archived; how many were archived.

    The ``kept`` ones (role, id) — their pair carries on — only get the history entry: class, status and
    programme unchanged. ``before`` receives «role:id» → the status an archived leaver had (packages of past
    periods report it, see leavings).
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
            if before is not None:
                before[f"{role}:{person.id}"] = person.status
            if person.status in ("active", "candidate"):
                person.status = GRADUATED
            if role == "mentee" and (person.exit_date is None or person.exit_date > plan.year_end):
                person.exit_date = plan.year_end
            person.archived_at = stamp
            archived += 1
    return archived


def check_dates(session: Session, *, plan: RolloverPlan, choices: dict[int, str],
                kept: Collection[tuple[str, int]]) -> None:
    """ValidationError naming each archived leaver who would leave before entering the programme and each pair
    to end that starts after the old year's end; nothing is written."""
    from app.text import format_date, full_name

    end, issues = plan.year_end, []
    for role, model, what in (("mentee", Mentee, "наставляемый"), ("mentor", Mentor, "наставник")):
        ids = [lv.person_id for lv in plan.leavers if lv.role == role and (role, lv.person_id) not in kept]
        for person in session.execute(select(model).where(model.id.in_(ids)).order_by(model.id)).scalars():
            exit_date = getattr(person, "exit_date", None)
            leave = exit_date if exit_date is not None and exit_date <= end else end
            if person.entry_date is not None and leave < person.entry_date:
                name = full_name(person.last_name, person.first_name, person.middle_name)
                issues.append(Issue(f"{name} ({what}, {person.group_name}): дата выбытия {format_date(leave)} "
                                    f"раньше даты входа в программу {format_date(person.entry_date)} — исправьте "
                                    "дату входа или снимите отметку с его класса", field="Выпускники"))
    for pair in plan.pairs:
        ends = not pair.mixed and choices.get(pair.group_id, "end") == "end" and pair.status != "draft"
        if ends and pair.start_date is not None and pair.start_date > end:
            issues.append(Issue(f"пара «{pair.mentor} — {pair.mentees}»: дата завершения {format_date(end)} раньше "
                                f"даты начала {format_date(pair.start_date)} — перенесите пару в новый год "
                                "или исправьте дату начала", field="Пары выпускников"))
    if issues:
        raise ValidationError(issues)


def release_leavers(session: Session, *, plan: RolloverPlan, kept: Collection[tuple[str, int]]) -> list[list[int]]:
    """Archived mentee leavers leave the groups that carry on with others ([group id, mentee id, row id] each).

    The membership ends with the old year: indicators and packages of periods that began before it still count
    them (see members_in); the group's current members are the ones who stay.
    """
    from sqlalchemy import delete

    from db.models import GroupMember

    released = []
    mixed = {p.group_id for p in plan.pairs if p.mixed}
    for lv in plan.leavers:
        if lv.role != "mentee" or ("mentee", lv.person_id) in kept:
            continue
        for gid in sorted(mixed & set(lv.group_ids)):
            row = session.execute(select(GroupMember.id).where(GroupMember.group_id == gid,
                                                               GroupMember.mentee_id == lv.person_id)).scalar()
            session.execute(delete(GroupMember).where(GroupMember.id == row))
            released.append([gid, lv.person_id, row])  # the row id keeps the members' order in past reports
    return released


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


def summary_of(plan: RolloverPlan, *, today: dt.date, moved: int, left: int, kept: Collection[tuple[str, int]],
               before: dict[str, str], released: list[list[int]], pairs: dict, template: str | None,
               items: int) -> dict:
    """The YearRollover.summary JSON: what was done, and what past periods need to be reported as they were."""
    return {
        "from_year": plan.from_year, "to_year": plan.to_year, "date": today.isoformat(),
        "moved": moved, "left": left, "kept": len(kept),
        "classes": [{"from": c.from_class, "to": c.to_class, "count": c.count} for c in plan.classes],
        "leaving_classes": sorted(c.from_class for c in plan.leaving),
        "leavers": [lv.person_id for lv in plan.leavers if lv.role == "mentee"],
        "mentor_leavers": [lv.person_id for lv in plan.leavers if lv.role == "mentor"],
        "kept_leavers": sorted([role, pid] for role, pid in kept), "status_before": before,
        "left_members": released,  # [group, mentee, row]: archived leavers out of groups that carry on
        **pairs,  # see rollover_pairs.summary_of
        "roadmap_template": template, "roadmap_items": items,
        "unparsed": [u[0] for u in plan.unparsed],
    }


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


def done_rollovers(session: Session) -> list[tuple[dt.date, dict]]:
    """(the old year's end, the summary) of every done rollover, oldest first."""
    from app.periods import parse_period

    rows = session.execute(select(YearRollover.from_year, YearRollover.summary).order_by(YearRollover.id)).all()
    return [(parse_period(year).end, summary or {}) for year, summary in rows]


def leavings(session: Session) -> dict[tuple[str, int], tuple[dt.date, str]]:
    """(role, id) of every leaver a rollover archived → (the old year's end, the status before «выпускник»).

    A package of a period ending before that date reports the person as they were then.
    """
    out: dict[tuple[str, int], tuple[dt.date, str]] = {}
    for end, summary in done_rollovers(session):
        kept = {(role, pid) for role, pid in summary.get("kept_leavers", [])}
        before = summary.get("status_before", {})
        for role, key in (("mentee", "leavers"), ("mentor", "mentor_leavers")):
            for pid in summary.get(key, []):
                if (role, pid) not in kept:
                    out[(role, pid)] = (end, before.get(f"{role}:{pid}", "active"))
    return out


def members_in(session: Session, *, since: dt.date | None = None) -> dict[int, list[int]]:
    """Group id → mentee ids in membership order: the current members and the leavers a rollover took out of
    carried groups whose membership lasted until ``since`` or later (none of them when None: today's members)."""
    from db.models import GroupMember

    rows = list(session.execute(select(GroupMember.id, GroupMember.group_id, GroupMember.mentee_id)).all())
    for end, summary in done_rollovers(session):
        rows += [(row or 0, gid, mid) for gid, mid, row in summary.get("left_members", [])
                 if since is not None and end >= since]
    out: dict[int, list[int]] = {}
    for _, gid, mid in sorted(rows):
        if mid not in out.setdefault(gid, []):
            out[gid].append(mid)
    return out
