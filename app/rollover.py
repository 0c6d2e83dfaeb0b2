"""«Новый учебный год»: class rules (5А → 6А), the rollover plan and its one-transaction application."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from app.errors import ConflictError, Issue, NotFoundError, StorageError, ValidationError

DEFAULT_FINISHING = frozenset({9, 11})  # grades that can leave school (next_class's default)
MAX_GRADE = 11
TEACHER_CATEGORIES = frozenset({"педагог", "молодой специалист"})
END_REASON = "окончание обучения"
CHOICES = {"end": "завершить", "carry": "перенести в новый год"}
GRADUATED = "graduated"  # the status of a leaver whose programme was still going
EARLIEST = (6, 1)  # month, day of the old year's end when the rollover becomes possible
BACKUP_REASON = "before-new-year"

# «5А», «10 Б», «11-1», «7 «В»», «5а класс», «1 кл.», «8»; the grade is replaced, the rest kept as written.
_CLASS = re.compile(r"^\s*(\d{1,2})(?!\d)\s*[-–—.]?\s*(.*?)\s*$")
_SUFFIX = re.compile(r"^[«\"'“]?\s*([A-Za-zА-Яа-яЁё]{0,2})\s*[-–—]?\s*(\d{0,2})\s*[»\"'”]?\s*(?:класс|кл\.?)?$",
                     re.IGNORECASE)
_LATIN = str.maketrans("ABCEHKMOPTXY", "АВСЕНКМОРТХУ")  # Latin look-alikes typed on an English layout


# --- pure class rules ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SchoolClass:
    """A parsed class name: the grade and a normalised key («10 б» and «10Б» are one class)."""

    grade: int
    key: str  # «10Б», «11-1», «8»


def parse_class(name: str | None) -> SchoolClass | None:
    """The grade (1–11) and key of a class name; None when the text is not a class (a position, «12А», …)."""
    m = _CLASS.match(name or "")
    if not m:
        return None
    grade = int(m.group(1))
    suffix = _SUFFIX.match(m.group(2))
    if not 1 <= grade <= MAX_GRADE or suffix is None:
        return None
    letters = suffix.group(1).upper().replace("Ё", "Е").translate(_LATIN)
    digits = suffix.group(2)
    key = f"{grade}{letters}" + (f"-{digits}" if digits else "")
    return SchoolClass(grade, key)


def next_class(name: str, *, finishing_grades: Collection[int] = DEFAULT_FINISHING) -> str | None:
    """«5А» → «6А», «10 Б» → «11 Б»; None for a class of a finishing grade (it leaves school).

    A top-grade class the curator keeps (not finishing) stays as it is. ValueError when ``name`` is no class.
    """
    parsed = parse_class(name)
    if parsed is None:
        raise ValueError(f"«{name}» — не класс")
    if parsed.grade in finishing_grades:
        return None
    if parsed.grade >= MAX_GRADE:
        return name
    m = _CLASS.match(name)
    assert m is not None
    return name[:m.start(1)] + str(parsed.grade + 1) + name[m.end(1):]


def default_leaving(keys: Iterable[str], *, finishing_grades: Collection[int] | None = None) -> set[str]:
    """The class keys that leave by default: the 11th, or the 9th when the school has no 10th–11th classes.

    ``finishing_grades`` overrides the rule (every class of those grades leaves).
    """
    parsed = [(k, p.grade) for k in keys if (p := parse_class(k)) is not None]
    if finishing_grades is None:
        finishing_grades = {MAX_GRADE} if any(g >= 10 for _, g in parsed) else {9}
    return {k for k, grade in parsed if grade in finishing_grades}


def is_student(category: str | None) -> bool:
    """A pupil's category («обучающийся», «обучающаяся»…); staff and adults are not moved."""
    return (category or "").strip().casefold().startswith("обучающ")


def year_after(academic_year: str) -> str:
    """«2026/2027» → «2027/2028»."""
    from app.periods import academic_year as year_period, parse_period

    period = parse_period(academic_year)
    return year_period(start_year=period.start.year + 1).code


# --- the plan -----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ClassMove:
    """A class and what happens to it: moves to ``to_class`` or leaves school (``to_class`` None)."""

    key: str
    from_class: str  # the spelling most of its mentees have
    to_class: str | None
    grade: int
    count: int

    @property
    def leaving(self) -> bool:
        return self.to_class is None


@dataclass(frozen=True)
class LeaverPair:
    """An active pair/group with at least one leaver; ``mixed`` when others in it stay (it always carries on)."""

    group_id: int
    mentor: str
    mentees: str
    status: str
    form: str
    start_date: dt.date | None
    mixed: bool
    has_meetings: bool


@dataclass(frozen=True)
class Leaver:
    """A pupil of a leaving class: a mentee or a student mentor (``role``)."""

    person_id: int
    name: str
    class_name: str
    group_ids: tuple[int, ...]
    role: str = "mentee"  # mentee | mentor


@dataclass(frozen=True)
class RolloverPlan:
    """What «Новый учебный год» would change; built by plan_rollover, applied by apply_rollover."""

    from_year: str
    to_year: str
    classes: tuple[ClassMove, ...]  # every class, top grades first
    leaving_classes: frozenset[str]  # class keys
    leavers: tuple[Leaver, ...]  # mentees and student mentors
    pairs: tuple[LeaverPair, ...]
    moved_ids: tuple[int, ...]  # mentees
    moved_mentor_ids: tuple[int, ...]  # student mentors who move up with their class
    unparsed: tuple[tuple[int, str, str], ...]  # students whose class is not recognised: id, name, class
    staff: int  # mentees who are teachers (not moved)
    roadmap_done: tuple[str, ...]  # templates already started for ``to_year``
    year_end: dt.date  # 31 August of the old year
    active_ids: tuple[int, ...] = ()  # every active pair/group (the leavers' ones too)
    extend_ids: tuple[int, ...] = ()  # those whose planned end falls before the new year (see rollover_pairs)

    moved = property(lambda self: len(self.moved_ids) + len(self.moved_mentor_ids))
    moves = property(lambda self: tuple(c for c in self.classes if not c.leaving))
    leaving = property(lambda self: tuple(c for c in self.classes if c.leaving))


def _years(session, to_year: str | None, today: dt.date) -> tuple[str, str]:  # noqa: ANN001
    from sqlalchemy import select

    from app.periods import academic_year_of, parse_period
    from db.models import School

    current = (session.execute(select(School.academic_year)).scalars().first() or "").strip()
    from_year = parse_period(current).code if current else academic_year_of(today).code
    if to_year is None:
        return from_year, year_after(from_year)
    try:
        target = parse_period(to_year)
    except ValidationError:
        raise ValidationError([Issue(f"«{to_year}» — ожидается учебный год ГГГГ/ГГГГ, например "
                                     f"{year_after(from_year)}", field="Новый учебный год")]) from None
    if target.kind != "year" or target.code != year_after(from_year):
        raise ValidationError([Issue(f"после {from_year} учебного года идёт {year_after(from_year)}, "
                                     f"а не «{to_year}»", field="Новый учебный год")])
    return from_year, target.code


def _check_date(from_year: str, to_year: str, today: dt.date) -> None:
    from app.periods import parse_period

    end = parse_period(from_year).end
    earliest = dt.date(end.year, *EARLIEST)
    if today < earliest:
        raise ConflictError(f"Переход на {to_year} учебный год возможен с {earliest:%d.%m.%Y} — после окончания "
                            f"{from_year} учебного года. Выпускники уйдут в архив, а их пары завершатся "
                            f"{end:%d.%m.%Y}, поэтому раньше переход не выполняется.")


def _people(session, model, skip_left: bool):  # noqa: ANN001, ANN202
    from sqlalchemy import select

    query = (select(model.id, model.last_name, model.first_name, model.middle_name, model.category,
                    model.group_name).where(model.archived_at.is_(None))
             .order_by(model.last_name, model.first_name, model.id))
    if skip_left:
        query = query.where(model.status != "left")
    return session.execute(query).all()


def plan_rollover(session, *, to_year: str | None = None,  # noqa: ANN001 - sqlmodel Session
                  leaving_classes: set[str] | None = None, today: dt.date | None = None) -> RolloverPlan:
    """Class moves (mentees and student mentors), leavers (default: see default_leaving) and their active pairs;
    nothing is written.

    ``leaving_classes`` holds class names in any spelling («11 а» is «11А»). ConflictError when the school
    has already moved to ``to_year`` or the old year is not over yet (before 1 June).
    """
    from sqlalchemy import select

    from app.periods import parse_period
    from app.schemas import ACTIVE_GROUP_STATUSES
    from app.services.rollover_pairs import to_extend
    from app.text import full_name
    from db.models import GroupMember, Meeting, Mentee, Mentor, MentoringGroup
    from db.models_lifecycle import RoadmapItem, YearRollover

    today = today or dt.date.today()
    for year in (to_year, None):
        if year is None:
            from_year, to_year = _years(session, to_year, today)
        done = session.execute(select(YearRollover).where(YearRollover.to_year == (year or to_year))).scalars().first()
        if done is not None:
            raise ConflictError(f"Переход на {done.to_year} учебный год уже выполнен {done.done_at:%d.%m.%Y}; "
                                "повторно его сделать нельзя")
    _check_date(from_year, to_year, today)
    mentees = _people(session, Mentee, True)
    parsed: dict[int, tuple[SchoolClass, str, str]] = {}
    unparsed, staff = [], 0
    for r in mentees:
        name = full_name(r.last_name, r.first_name, r.middle_name)
        klass = None if r.category in TEACHER_CATEGORIES else parse_class(r.group_name)
        if klass is not None:
            parsed[r.id] = (klass, r.group_name, name)
        elif r.category in TEACHER_CATEGORIES or r.category not in ("обучающийся", "студент"):
            staff += 1
        else:
            unparsed.append((r.id, name, r.group_name))
    mentor_parsed: dict[int, tuple[SchoolClass, str, str]] = {}
    for r in _people(session, Mentor, False):
        klass = parse_class(r.group_name) if is_student(r.category) else None
        if klass is not None:
            mentor_parsed[r.id] = (klass, r.group_name, full_name(r.last_name, r.first_name, r.middle_name))
    spellings: dict[str, Counter] = {}
    for klass, spelled, _ in [*parsed.values(), *mentor_parsed.values()]:
        spellings.setdefault(klass.key, Counter())[spelled.strip()] += 1
    keys = set(spellings)
    if leaving_classes is None:
        leaving = default_leaving(keys)
    else:
        leaving = set()
        for text in leaving_classes:
            klass = parse_class(text)
            if klass is None:
                raise ValidationError([Issue(f"«{text}» — не класс", field="Выпускные классы")])
            leaving.add(klass.key)
    classes = []
    for key, counter in spellings.items():
        spelled = counter.most_common(1)[0][0]
        grade = parse_class(key).grade  # type: ignore[union-attr]
        to = None if key in leaving else next_class(spelled, finishing_grades=())
        classes.append(ClassMove(key, spelled, to, grade, sum(counter.values())))
    classes.sort(key=lambda c: (-c.grade, c.key))
    leaver_ids = {mid for mid, (klass, _, _) in parsed.items() if klass.key in leaving}
    mentor_leavers = {mid for mid, (klass, _, _) in mentor_parsed.items() if klass.key in leaving}

    active = {g.id: g for g in session.execute(select(MentoringGroup).where(
        MentoringGroup.status.in_(ACTIVE_GROUP_STATUSES))).scalars()}
    members: dict[int, list[int]] = {gid: [] for gid in active}
    for gid, mid in session.execute(select(GroupMember.group_id, GroupMember.mentee_id).order_by(GroupMember.id)):
        if gid in active:
            members[gid].append(mid)
    touched = sorted(gid for gid, mids in members.items()
                     if leaver_ids & set(mids) or active[gid].mentor_id in mentor_leavers)
    names = {r.id: full_name(r.last_name, r.first_name, r.middle_name) for r in mentees}
    missing = {mid for g in touched for mid in members[g]} - set(names)
    names.update({r.id: full_name(r.last_name, r.first_name, r.middle_name) for r in session.execute(
        select(Mentee.id, Mentee.last_name, Mentee.first_name, Mentee.middle_name).where(Mentee.id.in_(missing)))})
    mentor_ids = {active[g].mentor_id for g in touched}
    mentors = {r.id: full_name(r.last_name, r.first_name, r.middle_name) for r in session.execute(
        select(Mentor.id, Mentor.last_name, Mentor.first_name, Mentor.middle_name).where(Mentor.id.in_(mentor_ids)))}
    met = set(session.execute(select(Meeting.group_id).where(Meeting.group_id.in_(touched)).distinct()).scalars())

    def mixed(gid: int) -> bool:  # others stay and keep their mentor: the group goes on whatever is chosen
        return active[gid].mentor_id not in mentor_leavers and not set(members[gid]) <= leaver_ids

    pairs = tuple(LeaverPair(gid, mentors.get(active[gid].mentor_id, ""),
                             ", ".join(names.get(m, "") for m in members[gid]), active[gid].status,
                             active[gid].form or "", active[gid].start_date, mixed(gid), gid in met)
                  for gid in touched)
    leavers = tuple(Leaver(mid, parsed[mid][2], parsed[mid][1],
                           tuple(g for g in touched if mid in members[g])) for mid in parsed if mid in leaver_ids)
    leavers += tuple(Leaver(mid, mentor_parsed[mid][2], mentor_parsed[mid][1],
                            tuple(g for g in touched if active[g].mentor_id == mid), "mentor")
                     for mid in mentor_parsed if mid in mentor_leavers)
    roadmap_done = tuple(sorted(set(session.execute(select(RoadmapItem.template_code).where(
        RoadmapItem.academic_year == to_year, RoadmapItem.template_code != "")).scalars())))
    return RolloverPlan(from_year, to_year, tuple(classes), frozenset(leaving), leavers, pairs,
                        tuple(mid for mid in parsed if mid not in leaver_ids),
                        tuple(mid for mid in mentor_parsed if mid not in mentor_leavers), tuple(unparsed), staff,
                        roadmap_done, parse_period(from_year).end, tuple(sorted(active)),
                        to_extend(active.values(), to_year=to_year))


# --- applying -----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class RolloverResult:
    from_year: str
    to_year: str
    backup_path: Path
    moved: int  # mentees and student mentors moved up
    left: int  # leavers archived
    pairs_ended: int  # pairs finished on 31 August
    pairs_carried: int
    roadmap_items: int
    summary: dict
    drafts_deleted: int = 0
    kept: int = 0  # leavers kept in the programme because their pair was carried
    extended: int = 0  # continuing pairs/groups whose planned end moved to the new year's end
    planned_end: dt.date | None = None  # that new planned end (31 May closing the new year)
    continuing = property(lambda self: int(self.summary.get("pairs_continuing", 0)))  # active after the rollover


def kept_leavers(plan: RolloverPlan, choices: Mapping[int, str]) -> set[tuple[str, int]]:
    """(role, id) of the leavers whose own pair is carried: they stay in the programme with their class."""
    own = {p.group_id for p in plan.pairs if not p.mixed and choices.get(p.group_id, "end") == "carry"}
    return {(lv.role, lv.person_id) for lv in plan.leavers if own & set(lv.group_ids)}


def apply_rollover(session, *, plan: RolloverPlan, db_path: Path | str,  # noqa: ANN001 - sqlmodel Session
                   pair_choice: str = "end", pair_choices: Mapping[int, str] | None = None,
                   roadmap_template: str | None = None, today: dt.date | None = None, backup_keep: int = 10,
                   progress: Callable[[int, int], None] | None = None) -> RolloverResult:
    """Back up the database (reason «before-new-year»), then in ONE transaction move classes, archive leavers,
    end or carry their pairs (the continuing ones get the new year's planned end), set the school's year, start
    the roadmap and record a YearRollover.

    A leaver whose pair is carried stays in the programme (class and status as they were); an archived one leaves
    the groups that carry on. The plan is rebuilt first: when the data changed since it was shown, ConflictError;
    a leaver whose exit would precede the entry (or a pair ended before its start), ValidationError; nothing done.
    """
    from app import backup, roadmap_templates
    from app.services import rollover_history as steps, rollover_pairs as pair_steps
    from db.engine import transaction

    today = today or dt.date.today()
    choices = {gid: pair_choice for gid in (p.group_id for p in plan.pairs)}
    choices.update(pair_choices or {})
    bad = sorted({c for c in choices.values() if c not in CHOICES})
    if bad:
        raise ValidationError([Issue(f"«{bad[0]}» — ожидается end или carry", field="Пары выпускников")])
    template = None
    if roadmap_template:
        template = roadmap_templates.load(roadmap_template)
        if template is None:
            raise NotFoundError(f"Шаблон дорожной карты «{roadmap_template}» не найден")
    fresh = plan_rollover(session, to_year=plan.to_year, leaving_classes=set(plan.leaving_classes), today=today)
    if (fresh.from_year, fresh.moved_ids, fresh.moved_mentor_ids, fresh.leavers, fresh.pairs) != (
            plan.from_year, plan.moved_ids, plan.moved_mentor_ids, plan.leavers, plan.pairs):
        raise ConflictError("Данные изменились, пока открыт мастер «Новый учебный год»; откройте его заново")
    kept = kept_leavers(plan, choices)
    steps.check_dates(session, plan=plan, choices=choices, kept=kept)  # a leaver leaving before entering: refused
    session.rollback()  # end the read transaction before the copy is taken
    step = progress or (lambda done, total: None)
    step(0, 6)  # the copy first; then one transaction
    copy = backup.auto_backup(db_path=db_path, keep=backup_keep, reason=BACKUP_REASON, force=True)
    if copy is None:
        raise StorageError(f"Резервная копия не создана: база «{db_path}» не найдена. Переход не выполнен.")
    step(1, 6)
    with transaction(session):
        moved = steps.move_classes(session, plan=plan)
        step(2, 6)
        before: dict[str, str] = {}
        left = steps.archive_leavers(session, plan=plan, today=today, kept=kept, before=before)
        released = steps.release_leavers(session, plan=plan, kept=kept)
        step(3, 6)
        closed = pair_steps.close_pairs(session, plan=plan, choices=choices)
        extended = pair_steps.extend_pairs(session, plan=fresh)  # the continuing ones: the new year's end
        step(4, 6)
        steps.set_school_year(session, academic_year=plan.to_year)
        items = steps.start_roadmap(session, template=template, academic_year=plan.to_year)
        step(5, 6)
        summary = steps.summary_of(plan, today=today, moved=moved, left=left, kept=kept, before=before,
                                   released=released, pairs=pair_steps.summary_of(fresh, closed=closed,
                                                                                  extended=extended),
                                   template=template.code if template else None, items=items)
        steps.record(session, plan=plan, backup_path=copy, summary=summary)
    step(6, 6)
    return RolloverResult(plan.from_year, plan.to_year, copy, moved, left, len(closed.ended), len(closed.carried),
                          items, summary, len(closed.deleted), len(kept), len(extended),
                          pair_steps.planned_year_end(plan.to_year))
