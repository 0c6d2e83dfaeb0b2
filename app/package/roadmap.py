"""The ``data/roadmap.json`` member: the school's roadmap of the academic year holding the quarter, with its status."""

from __future__ import annotations

import datetime as dt
from typing import Any

from app.periods import Period, academic_year_of

NOTE = ("Дорожная карта учебного года, в который входит конец периода: все мероприятия с состоянием на дату "
        "выгрузки; due_in_period — срок приходится на период.")


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def roadmap_member(session, *, period: Period, today: dt.date | None = None) -> dict[str, Any]:  # noqa: ANN001
    """Items (no local file paths) and a summary: totals by status, overdue at the export, due and done in the period."""
    from app.services.roadmap import in_period, list_items

    today = today or dt.date.today()
    year = academic_year_of(period.end).code
    rows = list_items(session, academic_year=year, today=today)
    items = []
    for r in rows:
        items.append({
            "number": r.number, "section": r.section, "title": r.title, "deadline": _iso(r.deadline),
            "deadline_text": r.deadline_text, "recurrence": r.recurrence, "responsible": r.responsible,
            "result": r.result, "status": r.status, "done_date": _iso(r.done_date),
            "evidence_number": r.evidence_number, "evidence_date": _iso(r.evidence_date),
            "overdue": r.overdue, "due_in_period": in_period(r, period.start, period.end),
        })
    by_status: dict[str, int] = {}
    for r in rows:
        by_status[r.status] = by_status.get(r.status, 0) + 1
    due = [i for i in items if i["due_in_period"]]
    summary = {"total": len(items), "by_status": by_status, "overdue": sum(1 for i in items if i["overdue"]),
               "due_in_period": len(due), "done_in_period": sum(1 for i in due if i["status"] == "done")}
    return {"academic_year": year, "items": items, "summary": summary, "note": NOTE}
