"""The roadmap (дорожная карта) of an academic year: start from a template, edit items, mark execution, summary."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, func, select
from sqlmodel import Session

from app import roadmap_templates
from app.errors import ConflictError, Issue, NotFoundError, ValidationError
from app.roadmap_rules import deadline_issue, due_in, is_overdue, start_year
from app.schemas_roadmap import RECURRENCES, STATUSES, RoadmapItemData, RoadmapRow, RoadmapSummary, RoadmapTemplate
from app.text import clean, format_date
from db.engine import transaction
from db.models import utcnow
from db.models_lifecycle import RoadmapItem


def list_templates() -> list[RoadmapTemplate]:
    """The shipped templates the «start from template» chooser offers."""
    return [roadmap_templates.describe(t) for t in roadmap_templates.load_all()]


def _check_year(academic_year: str) -> str:
    start_year(academic_year)
    return academic_year.strip()


def _next_position(session: Session, academic_year: str) -> int:
    top = session.execute(select(func.max(RoadmapItem.position))
                          .where(RoadmapItem.academic_year == academic_year)).scalar()
    return (top or 0) + 1


def check_template_free(session: Session, *, template_code: str, academic_year: str) -> roadmap_templates.Template:
    """The template, when the year has not been started from it yet (else a ConflictError)."""
    year = _check_year(academic_year)
    template = roadmap_templates.load(template_code)
    if template is None:
        raise NotFoundError(f"Шаблон дорожной карты «{template_code}» не найден")
    exists = session.execute(select(func.count()).select_from(RoadmapItem).where(
        RoadmapItem.academic_year == year, RoadmapItem.template_code == template_code)).scalar()
    if exists:
        raise ConflictError(f"Дорожная карта на {year} учебный год уже создана из шаблона «{template.title}» "
                            f"({exists} мероприятий)")
    return template


def start_from_template(session: Session, *, template_code: str, academic_year: str,
                        today: dt.date | None = None) -> int:
    """Create the year's items from a template (recurring rows expanded); the number of items created."""
    year = _check_year(academic_year)
    template = check_template_free(session, template_code=template_code, academic_year=year)
    items = roadmap_templates.expand_template(template, academic_year=year)
    with transaction(session):
        position = _next_position(session, year)
        for offset, item in enumerate(items):
            session.add(RoadmapItem(academic_year=year, number=item.number, section=item.section, title=item.title,
                                    deadline=item.deadline, deadline_text=item.deadline_text,
                                    recurrence=item.recurrence, series=item.series, responsible=item.responsible,
                                    result=item.result, template_code=template.code, position=position + offset))
    return len(items)


def template_item_count(*, template_code: str, academic_year: str) -> int:
    """How many items ``start_from_template`` would create in the year (recurring rows expanded)."""
    template = roadmap_templates.load(template_code)
    if template is None:
        raise NotFoundError(f"Шаблон дорожной карты «{template_code}» не найден")
    return len(roadmap_templates.expand_template(template, academic_year=_check_year(academic_year)))


def item_count(session: Session, *, academic_year: str) -> int:
    return session.execute(select(func.count()).select_from(RoadmapItem)
                           .where(RoadmapItem.academic_year == academic_year)).scalar() or 0


def school_year(session: Session, *, today: dt.date | None = None) -> str:
    """The school's current academic year (its profile), else the calendar's academic year of ``today``."""
    from app.periods import academic_year_of
    from db.models import School

    stored = (session.execute(select(School.academic_year)).scalars().first() or "").strip()
    try:
        start_year(stored)
    except ValidationError:
        return academic_year_of(today or dt.date.today()).code
    return stored


def offered_years(session: Session, *, today: dt.date | None = None) -> list[str]:
    """The year chooser: the school's year, the next one and every year with items, newest first."""
    current = school_year(session, today=today)
    first = start_year(current)
    return sorted(set(academic_years(session)) | {current, f"{first + 1}/{first + 2}"}, reverse=True)


def academic_years(session: Session) -> list[str]:
    """Years that have roadmap items, newest first."""
    years = session.execute(select(RoadmapItem.academic_year).distinct()).scalars().all()
    return sorted(years, reverse=True)


def _row(item: RoadmapItem, today: dt.date) -> RoadmapRow:
    return RoadmapRow(id=item.id, academic_year=item.academic_year, number=item.number, section=item.section,
                      title=item.title, deadline=item.deadline, deadline_text=item.deadline_text,
                      recurrence=item.recurrence, series=item.series, responsible=item.responsible,
                      result=item.result, status=item.status, done_date=item.done_date,
                      evidence_number=item.evidence_number, evidence_date=item.evidence_date,
                      evidence_note=item.evidence_note, evidence_path=item.evidence_path,
                      template_code=item.template_code, position=item.position,
                      overdue=is_overdue(item.deadline, item.status, today))


def list_items(session: Session, *, academic_year: str, today: dt.date | None = None) -> list[RoadmapRow]:
    """The year's items in roadmap order, ``overdue`` computed for ``today``."""
    today = today or dt.date.today()
    items = session.execute(select(RoadmapItem).where(RoadmapItem.academic_year == academic_year)
                            .order_by(RoadmapItem.position, RoadmapItem.id)).scalars().all()
    return [_row(i, today) for i in items]


def _get(session: Session, item_id: int) -> RoadmapItem:
    item = session.get(RoadmapItem, item_id)
    if item is None:
        raise NotFoundError("Мероприятие дорожной карты не найдено (возможно, удалено)")
    return item


def get_item(session: Session, *, item_id: int, today: dt.date | None = None) -> RoadmapRow:
    return _row(_get(session, item_id), today or dt.date.today())


def check_item(data: RoadmapItemData, *, today: dt.date | None = None,
               academic_year: str | None = None) -> list[Issue]:
    """Validation issues of an item (all block saving); the deadline must lie in ``academic_year`` when given."""
    today = today or dt.date.today()
    issues = []
    if not clean(data.title):
        issues.append(Issue("укажите мероприятие", field="Наименование мероприятия"))
    if data.status not in STATUSES:
        issues.append(Issue(f"неизвестный статус «{data.status}»", field="Статус"))
    if data.recurrence not in RECURRENCES:
        issues.append(Issue(f"неизвестная периодичность «{data.recurrence}»", field="Периодичность"))
    if academic_year and (issue := deadline_issue(data.deadline, academic_year)):
        issues.append(issue)
    if data.evidence_date and data.evidence_date > today:
        issues.append(Issue(f"дата документа позже сегодняшней ({format_date(today)})", field="Дата документа"))
    if data.status == "done" and data.done_date is None:
        issues.append(Issue("укажите дату выполнения — статус «выполнено» без даты не сохраняется",
                            field="Дата выполнения"))
    if data.status == "done" and data.done_date and data.done_date > today:
        issues.append(Issue(f"дата выполнения позже сегодняшней ({format_date(today)})", field="Дата выполнения"))
    return issues


def clashing_numbers(items: list[tuple[str, str]], *, new: list[tuple[str, str]]) -> list[str]:
    """The numbers of ``new`` (number, title) that another item of ``items`` + ``new`` has with another title.

    Instances of a recurring row share their number and title, so they are no duplicates.
    """
    titles: dict[str, set[str]] = {}
    for number, title in [*items, *new]:
        if clean(number):
            titles.setdefault(clean(number), set()).add(clean(title).casefold())
    wanted = {clean(n) for n, _ in new}
    return sorted((n for n, t in titles.items() if n in wanted and len(t) > 1), key=_number_key)


def duplicate_numbers(session: Session, *, academic_year: str, number: str, title: str,
                      item_id: int | None = None) -> list[str]:
    """[number] when another item of the year (not ``item_id``) has it with another title; duplicates are
    allowed, the item dialog only says so."""
    if not clean(number):
        return []
    query = select(RoadmapItem.number, RoadmapItem.title).where(RoadmapItem.academic_year == academic_year.strip(),
                                                                RoadmapItem.number == clean(number))
    if item_id is not None:
        query = query.where(RoadmapItem.id != item_id)
    return clashing_numbers([tuple(r) for r in session.execute(query)], new=[(number, title)])


def _number_key(number: str) -> tuple:
    return tuple(int(p) if p.isdigit() else 10**6 for p in number.replace(",", ".").split(".")), number


def save_item(session: Session, *, academic_year: str, data: RoadmapItemData, item_id: int | None = None,
              today: dt.date | None = None) -> RoadmapRow:
    """Create (``item_id`` None) or update one item; «выполнено» needs its date (ValidationError without it)."""
    today = today or dt.date.today()
    year = _check_year(academic_year)
    issues = check_item(data, today=today)
    stored = _get(session, item_id) if item_id is not None else None
    if (stored is None or stored.deadline != data.deadline or stored.academic_year != year) \
            and (issue := deadline_issue(data.deadline, year)):
        issues.append(issue)  # a deadline kept from before (old data) does not block marking execution
    if issues:
        raise ValidationError(issues)
    with transaction(session):
        item = _get(session, item_id) if item_id is not None else None
        if item is None:
            item = RoadmapItem(academic_year=year, title="", position=_next_position(session, year))
        item.academic_year = year
        for name in ("number", "section", "title", "deadline_text", "responsible", "result", "evidence_number",
                     "evidence_note"):
            setattr(item, name, clean(getattr(data, name)))
        item.evidence_path = (data.evidence_path or "").strip()
        item.deadline, item.recurrence, item.status = data.deadline, data.recurrence, data.status
        item.done_date = data.done_date if data.status == "done" else None
        item.evidence_date = data.evidence_date
        item.updated_at = utcnow()
        session.add(item)
        session.flush()
        row = _row(item, today)
    return row


def delete_item(session: Session, *, item_id: int) -> None:
    with transaction(session):
        _get(session, item_id)
        session.execute(delete(RoadmapItem).where(RoadmapItem.id == item_id))


def set_status(session: Session, *, item_id: int, status: str, done_date: dt.date | None = None,
               evidence_number: str = "", evidence_date: dt.date | None = None, evidence_note: str = "",
               evidence_path: str = "", today: dt.date | None = None) -> RoadmapRow:
    """Mark execution of one item (status and the confirming document)."""
    row = get_item(session, item_id=item_id, today=today)
    data = RoadmapItemData(title=row.title, number=row.number, section=row.section, deadline=row.deadline,
                           deadline_text=row.deadline_text, recurrence=row.recurrence, responsible=row.responsible,
                           result=row.result, status=status, done_date=done_date, evidence_number=evidence_number,
                           evidence_date=evidence_date, evidence_note=evidence_note, evidence_path=evidence_path)
    return save_item(session, academic_year=row.academic_year, data=data, item_id=item_id, today=today)


def in_period(row: RoadmapRow, start: dt.date | None, end: dt.date | None) -> bool:
    """Whether an item is due within [start, end]; items without a date only count when no period is given."""
    if start is None and end is None:
        return True
    if row.deadline is None:
        return False
    return (start is None or row.deadline >= start) and (end is None or row.deadline <= end)


def summarize(rows: list[RoadmapRow], *, academic_year: str) -> RoadmapSummary:
    by_status = {code: 0 for code in STATUSES}
    for row in rows:
        by_status[row.status] = by_status.get(row.status, 0) + 1
    return RoadmapSummary(academic_year=academic_year, total=len(rows), by_status=by_status,
                          overdue=sum(1 for r in rows if r.overdue))


def items_in_period(session: Session, *, academic_year: str, start: dt.date | None = None,
                    end: dt.date | None = None, today: dt.date | None = None) -> list[RoadmapRow]:
    """The year's items due within [start, end]; a period from the year's start (to its end) also takes the items
    due before (after) it, so the year's quarters together cover every dated item (see roadmap_rules.due_in)."""
    rows = list_items(session, academic_year=academic_year, today=today)
    return [r for r in rows if due_in(r.deadline, start, end, academic_year=academic_year)]


def summary(session: Session, *, academic_year: str, start: dt.date | None = None, end: dt.date | None = None,
            today: dt.date | None = None) -> RoadmapSummary:
    """Counts by status and overdue of the year's items (those due within [start, end] when given)."""
    rows = items_in_period(session, academic_year=academic_year, start=start, end=end, today=today)
    return summarize(rows, academic_year=academic_year)
