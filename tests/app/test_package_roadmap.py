"""The roadmap member of the quarterly package: items with their status, a summary, nothing local or personal."""

from __future__ import annotations

import datetime as dt

from app.package import open_package, write_package
from app.periods import quarter
from app.services.roadmap import list_items, set_status, start_from_template
from tests.app.test_package_roundtrip import build_school

Q4 = quarter(year=2026, number=4)
TODAY = dt.date(2026, 12, 20)


def test_package_carries_the_roadmap_with_statuses(session, tmp_path):
    build_school(session)
    created = start_from_template(session, template_code="school-001", academic_year="2026/2027", today=TODAY)
    rows = list_items(session, academic_year="2026/2027", today=TODAY)
    done = next(r for r in rows if r.deadline and Q4.start <= r.deadline <= Q4.end)
    set_status(session, item_id=done.id, status="done", done_date=dt.date(2026, 12, 1), evidence_number="12-ОД",
               evidence_date=dt.date(2026, 12, 1), evidence_note="Подписал Иванов И.И.",
               evidence_path="/home/curator/приказ.pdf", today=TODAY)
    result = write_package(session, period=Q4, folder=tmp_path, today=TODAY, validate=True)
    roadmap = open_package(path=result.path).roadmap
    assert roadmap["academic_year"] == "2026/2027" and len(roadmap["items"]) == created
    item = next(i for i in roadmap["items"] if i["title"] == done.title and i["deadline"] == done.deadline.isoformat())
    assert item["status"] == "done" and item["evidence_number"] == "12-ОД" and item["due_in_period"]
    assert "evidence_path" not in item and "evidence_note" not in item
    summary = roadmap["summary"]
    assert summary["total"] == created and summary["by_status"]["done"] == 1 and summary["done_in_period"] == 1
    overdue = sum(1 for r in list_items(session, academic_year="2026/2027", today=TODAY) if r.overdue)
    assert summary["overdue"] == overdue > 0
    assert summary["due_in_period"] == sum(1 for i in roadmap["items"] if i["due_in_period"]) >= 1
