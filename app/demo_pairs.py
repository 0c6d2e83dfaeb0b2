"""Demo pairs and groups among the demo people: approved by orders, drafts, working, finished, dissolved."""

from __future__ import annotations

import datetime as dt
import json
import random
from collections import defaultdict
from dataclasses import dataclass
from types import SimpleNamespace

from app.text import class_parallel

APPROVE_DATE = dt.date(2026, 9, 25)
AMEND_DATE = dt.date(2026, 10, 19)
EARLY_ENTRY = dt.date(2026, 9, 20)  # mentees who came before it are in the September order
PLANNED_END = dt.date(2027, 5, 31)
PREVIOUS_ORDERS = (dt.date(2025, 9, 26), dt.date(2025, 12, 19))
PREVIOUS_END = dt.date(2026, 5, 31)
TRADITIONAL, IN_GROUP = "традиционное («один на один»)", "в группе"
STUDENT_MODELS = ("успевающий – неуспевающий", "лидер – пассивный", "равный – равному",
                  "адаптированный – неадаптированный")
PARTNER_MODELS = ("работодатель – будущий сотрудник", "активный профессионал – равнодушный потребитель",
                  "коллега – молодой коллега")
DISSOLVE_REASONS = ("по заявлению наставляемого (смена интересов)", "длительная болезнь наставника",
                    "переход наставляемого в другой класс по профилю")
TEACHERS = ("педагог", "молодой специалист")


@dataclass
class _Plan:
    """What the demo decided for one pair/group before it is written."""

    mentor_id: int
    mentee_ids: list[int]
    form: str
    role_model: str
    kind: str
    goal: str
    start: dt.date
    status: str
    order: str = ""  # key of the order that approved it ("" for drafts)
    end: dt.date | None = None
    status_date: dt.date | None = None
    reason: str = ""


class _Pool:
    """Mentors of one kind with free places; picking is O(1) (swap-remove when full)."""

    def __init__(self, ids: list[int], free: dict[int, int]) -> None:
        self.ids, self.free = [i for i in ids if free[i] > 0], free

    def take(self, rng: random.Random, k: int) -> int | None:
        for _ in range(4):
            if not self.ids:
                return None
            n = int(rng.random() * len(self.ids))
            mentor = self.ids[n]
            if self.free[mentor] >= k:
                self.free[mentor] -= k
                if self.free[mentor] <= 0:
                    self.ids[n] = self.ids[-1]
                    self.ids.pop()
                return mentor
        return None


class _Person:
    """A demo mentee as read back (raw SQLite values; dates parsed, requests parsed only when used)."""

    __slots__ = ("id", "category", "group_name", "status", "entry_date", "exit_date", "requests_json")

    def __init__(self, id_: int, category: str, group_name: str, status: str, entry: str | None,
                 exit_: str | None, requests_json: str | None) -> None:
        self.id, self.category, self.group_name, self.status = id_, category, group_name, status
        self.entry_date = dt.date.fromisoformat(entry) if entry else None
        self.exit_date = dt.date.fromisoformat(exit_) if exit_ else None
        self.requests_json = requests_json

    @property
    def requests(self) -> list[str]:
        return json.loads(self.requests_json) if self.requests_json else []


def _kind_of(category: str, group_name: str) -> tuple[str, int]:
    if category in TEACHERS:
        return "teacher", 0
    if category == "представитель организации-партнёра":
        return "partner", 0
    return "student", class_parallel(group_name) or 0


def _goal(requests: list[str] | None) -> str:
    return f"Запрос: {', '.join(requests)}" if requests else ""


def _insert(session, table, rows: list[dict]) -> None:  # noqa: ANN001
    """One executemany of ``rows`` through the columns' own bind processors, memoised per distinct value."""
    if not rows:
        return
    keys = list(rows[0])
    dialect = session.get_bind().dialect
    procs = [(n, table.c[k].type.dialect_impl(dialect).bind_processor(dialect), {}) for n, k in enumerate(keys)]
    procs = [p for p in procs if p[1]]
    data = []
    for row in rows:
        values = [row[k] for k in keys]
        for n, proc, cache in procs:
            value = values[n]
            if isinstance(value, list):
                values[n] = proc(value)
            elif value in cache:
                values[n] = cache[value]
            else:
                values[n] = cache[value] = proc(value)
        data.append(tuple(values))
    sql = f"INSERT INTO {table.name} ({', '.join(keys)}) VALUES ({', '.join('?' * len(keys))})"
    session.connection().exec_driver_sql(sql, data)


def _pools(mentors: list, free: dict[int, int]) -> dict[str, _Pool]:
    by_kind: dict[str, list[int]] = defaultdict(list)
    for m in mentors:
        kind, grade = _kind_of(m.category, m.group_name)
        by_kind[f"{kind}{grade}" if kind == "student" else kind].append(m.id)
    return {key: _Pool(ids, free) for key, ids in by_kind.items()}


def _choose(rng: random.Random, pools: dict[str, _Pool], *, kind: str, grade: int, size: int,
            young: bool) -> tuple[int, str, str] | None:
    """A mentor with ``size`` free places and the form/role model of the pair, or None."""
    options: list[tuple[str, str, str]] = []
    if kind == "teacher":
        model = "опытный педагог – молодой специалист" if young else "опытный предметник – неопытный предметник"
        options.append(("teacher", "учитель – учитель", model))
    else:
        roll = rng.random()
        older = [f"student{g}" for g in (9, 10, 11) if g >= grade + 2]
        if older and roll < 0.35:
            options.append((rng.choice(older), "ученик – ученик", rng.choice(STUDENT_MODELS)))
        if grade >= 8 and roll > 0.8:
            options.append(("partner", "работодатель – ученик", rng.choice(PARTNER_MODELS)))
        options.append(("teacher", "учитель – ученик", ""))
    for pool_key, form, model in options:
        pool = pools.get(pool_key)
        mentor = pool.take(rng, size) if pool else None
        if mentor is not None:
            return mentor, form, model
    return None


def _plan_year(rng: random.Random, mentees: list, pools: dict[str, _Pool], *, current: bool) -> list[_Plan]:
    """Pairs and groups for the mentees (already shuffled), by kind and class parallel."""
    queues: dict[tuple[str, int], list] = defaultdict(list)
    for m in mentees:
        queues[_kind_of(m.category, m.group_name)].append(m)
    plans = []
    for (kind, grade), queue in sorted(queues.items()):
        i = 0
        while i < len(queue):
            first = queue[i]
            size = 1
            if kind == "student" and rng.random() < 0.12:
                size = min(rng.choice((2, 3)), len(queue) - i)
            chosen = _choose(rng, pools, kind=kind, grade=grade, size=size, young=first.category == TEACHERS[1])
            if chosen is None and size > 1:
                size = 1
                chosen = _choose(rng, pools, kind=kind, grade=grade, size=1, young=first.category == TEACHERS[1])
            members = queue[i:i + size]
            i += size
            if chosen is None:
                continue
            mentor, form, model = chosen
            plans.append(_status(rng, _Plan(
                mentor_id=mentor, mentee_ids=[m.id for m in members], form=form, role_model=model,
                kind=IN_GROUP if size > 1 else TRADITIONAL, goal=_goal(first.requests), start=first.entry_date,
                status="draft"), members, current=current))
    return plans


def _status(rng: random.Random, plan: _Plan, members: list, *, current: bool) -> _Plan:
    entry = max(m.entry_date for m in members)
    if not current:  # last year's pair: finished when the mentee finished
        plan.status, plan.order = "finished", "prev0" if entry <= dt.date(2025, 9, 20) else "prev1"
        plan.start = entry + dt.timedelta(days=7)
        plan.end = plan.status_date = max((m.exit_date or PREVIOUS_END) for m in members)
        return plan
    if entry > EARLY_ENTRY:
        plan.start, plan.status_date = entry + dt.timedelta(days=rng.randrange(3, 10)), entry
        return plan
    plan.start, plan.order = APPROVE_DATE + dt.timedelta(days=3), "approve"
    roll = rng.random()
    if roll < 0.6:
        plan.status, plan.status_date = "approved", APPROVE_DATE
    elif roll < 0.96:
        plan.status, plan.status_date = "working", plan.start + dt.timedelta(days=rng.randrange(7, 21))
    else:
        plan.status, plan.reason = "dissolved", rng.choice(DISSOLVE_REASONS)
        plan.end = plan.status_date = AMEND_DATE - dt.timedelta(days=rng.randrange(3, 10))
    return plan


def _number(session, rng: random.Random, *, year: int, low: int) -> str:  # noqa: ANN001
    from app.services.orders import next_order_number

    nxt = next_order_number(session, year=year)
    return str(low + rng.randrange(40)) if nxt == "1" else nxt


def add_demo_pairs(session, *, rng: random.Random, uuid, mentee_after: int, mentor_after: int,  # noqa: ANN001
                   school=None) -> int:  # noqa: ANN001
    """Pairs/groups among people with ids above the given ones; in the caller's transaction. Returns the count."""
    from sqlalchemy import func, select

    from app.services.orders import APPROVE_TITLE, AMEND_TITLE, DEFAULT_ITEMS, fill_items
    from app.demo_data import DEMO_SCHOOL
    from db.models import GroupMember, Mentor, MentoringGroup, MentoringOrder, OrderGroup, utcnow

    mentees = [_Person(*row) for row in session.connection().exec_driver_sql(
        "SELECT id, category, group_name, status, entry_date, exit_date, requests FROM mentee "
        "WHERE id > ? AND archived_at IS NULL AND status IN ('active', 'finished') ORDER BY id", (mentee_after,))]
    mentors = session.execute(select(Mentor.id, Mentor.category, Mentor.group_name, Mentor.status, Mentor.capacity)
                              .where(Mentor.id > mentor_after, Mentor.archived_at.is_(None))
                              .order_by(Mentor.id)).all()
    if not mentees or not mentors:
        return 0
    active = [m for m in mentees if m.status == "active" and m.entry_date
              and rng.random() < (0.8 if m.entry_date <= EARLY_ENTRY else 0.3)]
    finished = [m for m in mentees if m.status == "finished" and m.entry_date and rng.random() < 0.8]
    rng.shuffle(active)
    rng.shuffle(finished)
    current = _plan_year(rng, active, _pools([m for m in mentors if m.status == "active"],
                                             {m.id: m.capacity for m in mentors}), current=True)
    previous = _plan_year(rng, finished, _pools([m for m in mentors if m.status in ("active", "finished")],
                                                {m.id: m.capacity for m in mentors}), current=False)
    plans = previous + current
    if not plans:
        return 0
    school = school or SimpleNamespace(**DEMO_SCHOOL)
    now = utcnow()
    order_ids: dict[str, int] = {}
    next_order = session.execute(select(func.coalesce(func.max(MentoringOrder.id), 0))).scalar_one() + 1
    approve_no = _number(session, rng, year=2026, low=95)
    specs = [("prev0", PREVIOUS_ORDERS[0], "2025/2026", "approve", _number(session, rng, year=2025, low=90)),
             ("approve", APPROVE_DATE, "2026/2027", "approve", approve_no),
             ("amend", AMEND_DATE, "2026/2027", "amend", str(int(approve_no) + 7 + rng.randrange(20)))]
    prev1 = (int(specs[0][4]) + 60 + rng.randrange(30))
    specs.insert(1, ("prev1", PREVIOUS_ORDERS[1], "2025/2026", "approve", str(prev1)))
    used = {p.order for p in plans} | ({"amend"} if any(p.status == "dissolved" for p in plans) else set())
    rows = []
    for key, date, year, kind, number in specs:
        if key not in used:
            continue
        order_ids[key] = next_order
        title = (APPROVE_TITLE if kind == "approve" else AMEND_TITLE).format(year=year)
        items = fill_items(list(DEFAULT_ITEMS), school=SimpleNamespace(curator_name=school.curator_name,
                                                                        academic_year=year), date=date)
        if kind == "amend":
            items = ["Считать расформированными наставнические пары (группы) согласно приложению.", items[-1]]
        rows.append({"id": next_order, "uuid": uuid(), "kind": kind, "number": number, "date": date, "title": title,
                     "academic_year": year, "items": items, "created_at": now})
        next_order += 1
    _insert(session, MentoringOrder.__table__, rows)
    group_id = session.execute(select(func.coalesce(func.max(MentoringGroup.id), 0))).scalar_one() + 1
    groups, members, links = [], [], []
    for plan in plans:
        order_id = order_ids.get(plan.order)
        groups.append({"id": group_id, "uuid": uuid(), "mentor_id": plan.mentor_id, "form": plan.form,
                       "role_model": plan.role_model, "kind": plan.kind, "goal": plan.goal, "start_date": plan.start,
                       "planned_end_date": PLANNED_END if plan.status != "finished" else PREVIOUS_END,
                       "end_date": plan.end, "status": plan.status, "status_reason": plan.reason,
                       "status_date": plan.status_date, "source": "manual", "pinned": False,
                       "over_capacity_note": "", "order_id": order_id, "created_at": now, "updated_at": now})
        members += [{"group_id": group_id, "mentee_id": m} for m in plan.mentee_ids]
        if order_id is not None:
            links.append({"order_id": order_id, "group_id": group_id, "change": "approved"})
        if plan.status == "dissolved":
            links.append({"order_id": order_ids["amend"], "group_id": group_id, "change": "dissolved"})
        group_id += 1
    _insert(session, MentoringGroup.__table__, groups)
    _insert(session, GroupMember.__table__, members)
    if links:
        _insert(session, OrderGroup.__table__, links)
    return len(plans)
