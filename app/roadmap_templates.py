"""Shipped roadmap templates (resources/roadmaps/*.json): loading, validation and expansion into item data."""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources

from app.roadmap_rules import resolve_deadline, start_year
from app.schemas_roadmap import RoadmapTemplate

_KEYS = ("number", "section", "title", "deadline", "responsible", "result")


@dataclass(frozen=True)
class TemplateRow:
    """One row of a template as written from the seed (deadline in the seed's terms and years)."""

    number: str
    section: str
    title: str
    deadline: str
    responsible: str
    result: str


@dataclass(frozen=True)
class Template:
    code: str
    title: str
    source: str
    seed_year: str
    rows: tuple[TemplateRow, ...]


@dataclass(frozen=True)
class ExpandedItem:
    """A dated instance of a template row in a target academic year."""

    number: str
    section: str
    title: str
    deadline: object  # dt.date | None
    deadline_text: str
    recurrence: str
    series: str
    responsible: str
    result: str


def validate(data: dict, *, name: str) -> Template:
    """A template from parsed JSON; ValueError naming the file and row on any defect."""
    for key in ("code", "title", "source", "seed_year", "items"):
        if key not in data:
            raise ValueError(f"{name}: no «{key}»")
    start_year(data["seed_year"])
    rows = []
    for index, item in enumerate(data["items"], start=1):
        missing = [k for k in _KEYS if not isinstance(item.get(k), str)]
        if missing or not item["title"].strip():
            raise ValueError(f"{name}: row {index}: missing {missing or ['title']}")
        rows.append(TemplateRow(*(item[k].strip() for k in _KEYS)))
    numbers = [r.number for r in rows]
    if len(set(numbers)) != len(numbers):
        raise ValueError(f"{name}: duplicate numbers")
    return Template(data["code"], data["title"], data["source"], data["seed_year"], tuple(rows))


def load_all() -> list[Template]:
    """Every shipped template, sorted by code."""
    folder = resources.files("resources").joinpath("roadmaps")
    out = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".json"):
            out.append(validate(json.loads(entry.read_text(encoding="utf-8")), name=entry.name))
    return out


def load(code: str) -> Template | None:
    return next((t for t in load_all() if t.code == code), None)


def describe(template: Template) -> RoadmapTemplate:
    return RoadmapTemplate(code=template.code, title=template.title, source=template.source, items=len(template.rows))


def expand_template(template: Template, *, academic_year: str) -> list[ExpandedItem]:
    """The template's rows as dated items of ``academic_year``; seed years move by the same number of years."""
    shift = start_year(academic_year) - start_year(template.seed_year)
    out = []
    for row in template.rows:
        for deadline, text, recurrence in resolve_deadline(row.deadline, academic_year, year_shift=shift):
            out.append(ExpandedItem(row.number, row.section, row.title, deadline, text, recurrence,
                                    f"{template.code}:{row.number}", row.responsible, row.result))
    return out
