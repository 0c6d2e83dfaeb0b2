"""Editable reference lists: seeding from resources/ and editing by the curator."""

from __future__ import annotations

import json
from importlib import resources

from sqlalchemy import insert
from sqlmodel import Session, select

from app.errors import ConflictError, Issue, NotFoundError, ValidationError
from app.schemas import REFERENCE_LISTS, ReferenceEntry
from app.text import clean, fold
from db.engine import transaction
from db.models import ReferenceItem


def default_lists() -> dict[str, list[dict]]:
    """The shipped defaults (resources/reference/defaults.json)."""
    text = resources.files("resources").joinpath("reference/defaults.json").read_text(encoding="utf-8")
    return json.loads(text)["lists"]


def seed_reference_lists(session: Session) -> int:
    """Copy the defaults of every list the database has no entries of yet; returns rows added."""
    have = set(session.exec(select(ReferenceItem.list_code).distinct()).all())
    rows = []
    for code, items in default_lists().items():
        if code in have:
            continue
        for pos, item in enumerate(items):
            rows.append({"list_code": code, "name": item["name"], "parent": item.get("parent", ""),
                         "position": pos, "archived": False, "uuid": _uuid()})
    if rows:
        with transaction(session):
            session.execute(insert(ReferenceItem), rows)
    return len(rows)


def _uuid() -> str:
    from db.models import new_uuid

    return new_uuid()


def list_items(session: Session, *, list_code: str, include_archived: bool = False) -> list[ReferenceEntry]:
    query = select(ReferenceItem).where(ReferenceItem.list_code == list_code)
    if not include_archived:
        query = query.where(ReferenceItem.archived == False)  # noqa: E712
    items = session.exec(query.order_by(ReferenceItem.position, ReferenceItem.id)).all()
    return [ReferenceEntry(i.id, i.list_code, i.name, i.parent, i.position, i.archived) for i in items]


def names(session: Session, *, list_code: str) -> list[str]:
    return [e.name for e in list_items(session, list_code=list_code)]


def add_item(session: Session, *, list_code: str, name: str, parent: str = "") -> ReferenceEntry:
    if list_code not in REFERENCE_LISTS:
        raise NotFoundError(f"Нет справочника «{list_code}»")
    name = clean(name)
    if not name:
        raise ValidationError([Issue("введите название", field="Название")])
    existing = session.exec(select(ReferenceItem).where(ReferenceItem.list_code == list_code)).all()
    for item in existing:
        if fold(item.name) == fold(name):
            if item.archived:
                with transaction(session):
                    item.archived = False
                    session.add(item)
                return ReferenceEntry(item.id, list_code, item.name, item.parent, item.position, False)
            raise ConflictError(f"«{name}» уже есть в справочнике «{REFERENCE_LISTS[list_code]}»")
    with transaction(session):
        item = ReferenceItem(list_code=list_code, name=name, parent=clean(parent),
                             position=max((i.position for i in existing), default=-1) + 1)
        session.add(item)
    return ReferenceEntry(item.id, list_code, item.name, item.parent, item.position, False)


def rename_item(session: Session, *, item_id: int, name: str) -> None:
    item = session.get(ReferenceItem, item_id)
    if item is None:
        raise NotFoundError("Запись справочника не найдена")
    name = clean(name)
    if not name:
        raise ValidationError([Issue("введите название", field="Название")])
    clash = session.exec(select(ReferenceItem).where(
        ReferenceItem.list_code == item.list_code, ReferenceItem.id != item_id)).all()
    if any(fold(c.name) == fold(name) for c in clash):
        raise ConflictError(f"«{name}» уже есть в справочнике")
    with transaction(session):
        item.name = name
        session.add(item)


def set_item_archived(session: Session, *, item_id: int, archived: bool) -> None:
    """Hide an entry from choices; records that use it keep their value."""
    item = session.get(ReferenceItem, item_id)
    if item is None:
        raise NotFoundError("Запись справочника не найдена")
    with transaction(session):
        item.archived = archived
        session.add(item)
