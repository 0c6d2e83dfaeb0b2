"""What the paper-entry grid starts from: the template, possible respondents and prefilled rows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Person:
    """A possible respondent: role (mentee|mentor), id and the label typed in the grid."""

    role: str
    id: int
    label: str
    name: str


def load_people(session: Any, *, roles: tuple[str, ...]) -> list[Person]:
    """Active mentees «ФИО (класс)» and/or mentors «ФИО (наставник)» for the respondent column."""
    from app.listing import load_mentee_rows, load_mentor_rows

    people: list[Person] = []
    if "mentee" in roles:
        for r in sorted(load_mentee_rows(session), key=lambda r: r.sort_keys[0]):
            if not r.archived:
                name, group = r.values[0], r.values[3]
                people.append(Person("mentee", r.id, f"{name} ({group})" if group else name, name))
    if "mentor" in roles:
        for r in sorted(load_mentor_rows(session), key=lambda r: r.sort_keys[0]):
            if not r.archived:
                people.append(Person("mentor", r.id, f"{r.values[0]} (наставник)", r.values[0]))
    seen: dict[str, int] = {}
    for p in people:
        seen[p.label] = seen.get(p.label, 0) + 1
    return [Person(p.role, p.id, f"{p.label} №{p.id}", p.name) if seen[p.label] > 1 else p for p in people]


def template_id_for(session: Any, template_id: int | None, code: str | None) -> int:
    """``template_id`` itself, or the id of the template with the shipped ``code``."""
    from app.errors import NotFoundError
    from app.services.surveys import list_templates

    if template_id is not None:
        return template_id
    for t in list_templates(session, include_archived=True):
        if t.code == code:
            return t.id
    raise NotFoundError(f"Нет анкеты «{code}»")


def prepare(session: Any, *, template_id: int | None = None, template_code: str | None = None,
            meeting_id: int | None = None, group_id: int | None = None) -> dict[str, Any]:
    """Template, people and prefilled rows (members of the pair/group) for the grid."""
    from app.services.meetings import get_meeting
    from app.services.pairs import list_groups
    from app.services.surveys import get_template

    template = get_template(session, template_id=template_id_for(session, template_id, template_code))
    date = None
    if meeting_id is not None:
        meeting = get_meeting(session, meeting_id=meeting_id)
        date, group_id = meeting.date, group_id or meeting.group_id
    both = template.code == "meeting_feedback" and group_id is not None
    roles = ("mentee", "mentor") if both else (template.respondent,)
    people = load_people(session, roles=roles)
    prefill: list[Person] = []
    if group_id is not None:
        group = next((g for g in list_groups(session) if g.id == group_id), None)
        if group is not None:
            index = {(p.role, p.id): p for p in people}
            wanted = ([("mentee", i) for i in group.mentee_ids] if "mentee" in roles else [])
            wanted += [("mentor", group.mentor_id)] if "mentor" in roles else []
            prefill = [index[w] for w in wanted if w in index]
    return {"template": template, "people": people, "prefill": prefill, "date": date, "group_id": group_id,
            "meeting_id": meeting_id}
