"""Pairs in «Новый учебный год»: leavers' pairs ended or carried, continuing pairs' planned end moved, and their
state as of past periods (from the YearRollover summaries)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlmodel import Session

from app.services.rollover_history import done_rollovers
from db.models import MentoringGroup, utcnow

if TYPE_CHECKING:
    from app.rollover import RolloverPlan

PLANNED_END = (5, 31)  # month, day: a pair's default planned end closes the academic year (as for a new pair)


def planned_year_end(academic_year: str) -> dt.date:
    """31 May of «2027/2028» (31.05.2028): the default planned end of a pair in that year."""
    from app.periods import parse_period

    return dt.date(parse_period(academic_year).end.year, *PLANNED_END)


def to_extend(groups: Iterable[MentoringGroup], *, to_year: str) -> tuple[int, ...]:
    """Ids of the active pairs/groups whose planned end falls before ``to_year`` (an end the curator already set
    in the new year, or none at all, is kept)."""
    from app.periods import parse_period

    start = parse_period(to_year).start
    return tuple(sorted(g.id for g in groups if g.planned_end_date is not None and g.planned_end_date < start))


def ends_with_year(plan: RolloverPlan, choices: Mapping[int, str]) -> set[int]:
    """Leavers' pairs that end (or, drafts, go) with the old year under ``choices``; the rest carry on."""
    return {p.group_id for p in plan.pairs
            if not p.mixed and choices.get(p.group_id, "end") == "end" and not (p.status == "draft" and p.has_meetings)}


def continuing(plan: RolloverPlan, choices: Mapping[int, str]) -> tuple[int, int]:
    """(pairs/groups that continue into the new year, how many of them get the new planned end)."""
    ending = ends_with_year(plan, choices)
    return (sum(1 for gid in plan.active_ids if gid not in ending),
            sum(1 for gid in plan.extend_ids if gid not in ending))


@dataclass(frozen=True)
class ClosedPairs:
    ended: list[int]  # finished on 31 August
    deleted: list[int]  # drafts discarded
    carried: list[int]
    before: dict[str, list] = field(default_factory=dict)  # ended id → [status, status date, end date] before


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
        result.before[str(group.id)] = [group.status, _iso(group.status_date), _iso(group.end_date)]
        end = max(plan.year_end, group.start_date or plan.year_end)
        group.status = "finished"
        group.status_reason, group.status_date, group.end_date = END_REASON, end, end
        group.updated_at = now
        session.add(group)
    return result


def extend_pairs(session: Session, *, plan: RolloverPlan) -> dict[str, str]:
    """The continuing pairs of ``plan.extend_ids`` (still active after close_pairs) get the new year's planned
    end; returns group id → the planned end before (kept in the rollover record for past periods)."""
    from app.schemas import ACTIVE_GROUP_STATUSES

    before, now, end = {}, utcnow(), planned_year_end(plan.to_year)
    for gid in plan.extend_ids:
        group = session.get(MentoringGroup, gid)
        if group is None or group.status not in ACTIVE_GROUP_STATUSES or group.planned_end_date is None:
            continue
        before[str(gid)] = group.planned_end_date.isoformat()
        group.planned_end_date, group.updated_at = end, now
        session.add(group)
    return before


def summary_of(plan: RolloverPlan, *, closed: ClosedPairs, extended: dict[str, str]) -> dict:
    """The pairs' part of the YearRollover summary (ended_pairs and extended_pairs read it back)."""
    return {"pairs_ended": closed.ended, "pairs_before": closed.before, "drafts_deleted": closed.deleted,
            "pairs_carried": closed.carried, "planned_end_before": extended,  # group → its planned end before
            "planned_end": planned_year_end(plan.to_year).isoformat(),
            "pairs_continuing": len(set(plan.active_ids) - set(closed.ended) - set(closed.deleted))}


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def ended_pairs(session: Session) -> dict[int, tuple[dt.date, str, dt.date | None, dt.date | None]]:
    """Group id of every pair a rollover ended → (the old year's end, status, status date, end date before)."""
    day = lambda text: dt.date.fromisoformat(text) if text else None  # noqa: E731
    out = {}
    for end, summary in done_rollovers(session):
        for gid, (status, status_date, end_date) in summary.get("pairs_before", {}).items():
            out[int(gid)] = (end, status, day(status_date), day(end_date))
    return out


def extended_pairs(session: Session) -> dict[int, list[tuple[dt.date, dt.date]]]:
    """Group id of every pair a rollover carried on with a new planned end → [(the old year's end, the planned
    end before)], oldest rollover first."""
    out: dict[int, list[tuple[dt.date, dt.date]]] = {}
    for end, summary in done_rollovers(session):
        for gid, old in summary.get("planned_end_before", {}).items():
            out.setdefault(int(gid), []).append((end, dt.date.fromisoformat(old)))
    return out


def planned_end_as_of(history: list[tuple[dt.date, dt.date]] | None, current: dt.date | None, *,
                      period_end: dt.date) -> dt.date | None:
    """A pair's planned end as it was on ``period_end``: the value a later rollover replaced, else the current."""
    for year_end, before in history or ():
        if period_end <= year_end:  # the new end applies from 01.09; the old year (to 31.08) keeps its own
            return before
    return current
