"""Mentee and mentor records: load, validate and save, archive and restore."""

from __future__ import annotations

from dataclasses import asdict, fields, replace

from sqlalchemy import delete, update
from sqlmodel import Session, select

from app.errors import NotFoundError, ValidationError
from app.schemas import ConsentData, MenteeData, MentorData
from app.text import clean
from app.validation import validate_mentee, validate_mentor
from db.engine import transaction
from db.models import Consent, Mentee, Mentor, PartnerOrganization, utcnow

_TEXT_SKIP = {"consents", "id", "uuid", "archived", "requests", "competencies", "partner_name"}


def _cleaned(data):  # noqa: ANN001, ANN202 - MenteeData | MentorData
    changes = {}
    for f in fields(data):
        value = getattr(data, f.name)
        if f.name not in _TEXT_SKIP and isinstance(value, str):
            changes[f.name] = clean(value) if f.name not in ("notes", "results", "achievements") else value.strip()
    for tag_field in ("requests", "competencies"):
        if hasattr(data, tag_field):
            seen: dict[str, None] = {}
            for tag in getattr(data, tag_field):
                if clean(tag):
                    seen.setdefault(clean(tag), None)
            changes[tag_field] = tuple(seen)
    if data.birth_date is not None:
        changes["birth_year"] = data.birth_date.year
    return replace(data, **changes)


def _consents_of(session: Session, *, column, owner_id: int) -> tuple[ConsentData, ...]:  # noqa: ANN001
    rows = session.exec(select(Consent).where(column == owner_id).order_by(Consent.id)).all()
    return tuple(ConsentData(c.kind, c.signer, c.representative_name, c.signed_on, c.revoked_on, c.id) for c in rows)


def _store_consents(session: Session, *, owner: str, owner_id: int, consents) -> None:  # noqa: ANN001
    column = Consent.mentee_id if owner == "mentee" else Consent.mentor_id
    session.execute(delete(Consent).where(column == owner_id))
    for c in consents:
        session.add(Consent(kind=c.kind, signer=c.signer, representative_name=clean(c.representative_name),
                            signed_on=c.signed_on, revoked_on=c.revoked_on, **{f"{owner}_id": owner_id}))


def _copy_fields(row, data, names) -> None:  # noqa: ANN001
    for name in names:
        value = getattr(data, name)
        setattr(row, name, list(value) if isinstance(value, tuple) else value)


# -- mentees ----------------------------------------------------------------

_MENTEE_FIELDS = [f.name for f in fields(MenteeData) if f.name not in ("consents", "id", "uuid", "archived")]


def get_mentee(session: Session, *, mentee_id: int) -> MenteeData:
    row = session.get(Mentee, mentee_id)
    if row is None:
        raise NotFoundError("Наставляемый не найден (возможно, удалён в другом окне)")
    values = {name: getattr(row, name) for name in _MENTEE_FIELDS}
    values["requests"] = tuple(row.requests or ())
    return MenteeData(**values, consents=_consents_of(session, column=Consent.mentee_id, owner_id=row.id),
                      id=row.id, uuid=row.uuid, archived=row.archived_at is not None)


def save_mentee(session: Session, *, data: MenteeData) -> int:
    """Validate and create or update a mentee; returns its id."""
    data = _cleaned(data)
    issues = validate_mentee(data)
    if issues:
        raise ValidationError(issues)
    with transaction(session):
        if data.id is None:
            row = Mentee(last_name=data.last_name)
        else:
            row = session.get(Mentee, data.id)
            if row is None:
                raise NotFoundError("Наставляемый не найден (возможно, удалён в другом окне)")
            row.updated_at = utcnow()
        _copy_fields(row, data, _MENTEE_FIELDS)
        session.add(row)
        session.flush()
        _store_consents(session, owner="mentee", owner_id=row.id, consents=data.consents)
    return row.id


def set_mentees_archived(session: Session, *, mentee_ids: list[int], archived: bool) -> int:
    """Archive (hide from the base) or restore; returns rows changed."""
    with transaction(session):
        result = session.execute(update(Mentee).where(Mentee.id.in_(mentee_ids))
                                 .values(archived_at=utcnow() if archived else None, updated_at=utcnow()))
    return result.rowcount


# -- mentors ----------------------------------------------------------------

_MENTOR_FIELDS = [f.name for f in fields(MentorData)
                  if f.name not in ("consents", "id", "uuid", "archived", "partner_name")]


def get_mentor(session: Session, *, mentor_id: int) -> MentorData:
    row = session.get(Mentor, mentor_id)
    if row is None:
        raise NotFoundError("Наставник не найден (возможно, удалён в другом окне)")
    values = {name: getattr(row, name) for name in _MENTOR_FIELDS}
    values["competencies"] = tuple(row.competencies or ())
    partner = session.get(PartnerOrganization, row.partner_id) if row.partner_id else None
    return MentorData(**values, partner_name=partner.name if partner else "",
                      consents=_consents_of(session, column=Consent.mentor_id, owner_id=row.id),
                      id=row.id, uuid=row.uuid, archived=row.archived_at is not None)


def partner_id_for(session: Session, *, name: str) -> int | None:
    """The partner organisation called ``name``, created when new (no commit)."""
    name = clean(name)
    if not name:
        return None
    from app.text import fold

    for partner in session.exec(select(PartnerOrganization)).all():
        if fold(partner.name) == fold(name):
            return partner.id
    partner = PartnerOrganization(name=name)
    session.add(partner)
    session.flush()
    return partner.id


def partner_names(session: Session) -> list[str]:
    query = select(PartnerOrganization.name).where(PartnerOrganization.archived == False)  # noqa: E712
    return sorted(session.exec(query).all())


def save_mentor(session: Session, *, data: MentorData) -> int:
    """Validate and create or update a mentor; returns its id."""
    data = _cleaned(data)
    issues = validate_mentor(data)
    if issues:
        raise ValidationError(issues)
    with transaction(session):
        if data.id is None:
            row = Mentor(last_name=data.last_name)
        else:
            row = session.get(Mentor, data.id)
            if row is None:
                raise NotFoundError("Наставник не найден (возможно, удалён в другом окне)")
            row.updated_at = utcnow()
        _copy_fields(row, data, _MENTOR_FIELDS)
        row.partner_id = partner_id_for(session, name=data.partner_name)
        session.add(row)
        session.flush()
        _store_consents(session, owner="mentor", owner_id=row.id, consents=data.consents)
    return row.id


def set_mentors_archived(session: Session, *, mentor_ids: list[int], archived: bool) -> int:
    with transaction(session):
        result = session.execute(update(Mentor).where(Mentor.id.in_(mentor_ids))
                                 .values(archived_at=utcnow() if archived else None, updated_at=utcnow()))
    return result.rowcount


def as_dict(data: MenteeData | MentorData) -> dict:
    """Plain dict of a DTO (for JSON/CLI output)."""
    return asdict(data)


def find_duplicate(session: Session, *, data: MenteeData | MentorData) -> str | None:
    """Describe an existing record with the same ФИО and birth date/year (archived too), or None."""
    from app.text import fold, format_date, full_name

    model = Mentee if isinstance(data, MenteeData) else Mentor
    year = data.birth_date.year if data.birth_date else data.birth_year
    if year:  # birth_year is stored for full dates too: a narrow, indexed-enough candidate set
        query = select(model).where(model.birth_year == year)
    else:  # SQLite folds ASCII only: try the usual spellings of the surname
        last = clean(data.last_name)
        spellings = {last, last.lower(), last.upper(), last.capitalize()}
        spellings |= {v.replace("ё", "е").replace("Ё", "Е") for v in spellings}
        query = select(model).where(model.last_name.in_(spellings))
    if data.id is not None:
        query = query.where(model.id != data.id)
    wanted = fold(full_name(clean(data.last_name), clean(data.first_name), clean(data.middle_name)))
    for row in session.exec(query):
        if fold(full_name(row.last_name, row.first_name, row.middle_name)) != wanted:
            continue
        row_year = row.birth_date.year if row.birth_date else row.birth_year
        if data.birth_date and row.birth_date and data.birth_date != row.birth_date:
            continue
        if year and row_year and year != row_year:
            continue
        born = format_date(row.birth_date) or (str(row_year) if row_year else "дата рождения не указана")
        archived = " (в архиве)" if row.archived_at is not None else ""
        return f"{full_name(row.last_name, row.first_name, row.middle_name)}, {born}{archived}"
    return None
