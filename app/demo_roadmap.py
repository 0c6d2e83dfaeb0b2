"""Demo roadmap: the current academic year started from the «school-001» template, items in every status."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlmodel import Session

from app.roadmap_rules import academic_year_code
from app.services import roadmap as service
from db.models_lifecycle import RoadmapItem

TEMPLATE = "school-001"
_NOTES = ("размещено на сайте школы", "протокол в папке «Наставничество»", "")


def fill_demo_roadmap(session: Session, *, today: dt.date | None = None) -> int:
    """Start this year's roadmap (when the year has none from the template) and mark execution; items created."""
    today = today or dt.date.today()
    year = academic_year_code(today)
    have = session.execute(select(func.count()).select_from(RoadmapItem).where(
        RoadmapItem.academic_year == year, RoadmapItem.template_code == TEMPLATE)).scalar()
    if have:
        return 0
    created = service.start_from_template(session, template_code=TEMPLATE, academic_year=year, today=today)
    rows = service.list_items(session, academic_year=year, today=today)
    past = [r for r in rows if r.deadline and r.deadline < today]
    future = [r for r in rows if r not in past]
    for n, row in enumerate(past):
        if n % 5 == 3:
            continue  # left planned: overdue
        if n % 5 == 4:
            service.set_status(session, item_id=row.id, status="in_progress", today=today)  # overdue, in progress
            continue
        if n % 11 == 10:
            service.set_status(session, item_id=row.id, status="failed", evidence_note="перенесено на следующий год",
                               today=today)
            continue
        done = min(row.deadline, today) - dt.timedelta(days=n % 9)
        service.set_status(session, item_id=row.id, status="done", done_date=done,
                           evidence_number=f"{40 + n}-о" if "приказ" in row.result else str(n + 1),
                           evidence_date=done, evidence_note=_NOTES[n % len(_NOTES)], today=today)
    for n, row in enumerate(future[:3]):
        service.set_status(session, item_id=row.id, status="in_progress", today=today)
    rows = service.list_items(session, academic_year=year, today=today)
    needed = {"planned", "in_progress", "done", "failed"} - {r.status for r in rows}
    spare = [r for r in rows if r.status == "planned"]
    for status, row in zip(sorted(needed - {"planned"}), spare):
        done = min(row.deadline or today, today)
        finished = status == "done"
        service.set_status(session, item_id=row.id, status=status, done_date=done if finished else None,
                           evidence_number="1" if finished else "", evidence_date=done if finished else None,
                           today=today)
    return created
