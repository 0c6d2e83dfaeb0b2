"""Partner organisations: list with agreement status and mentors, validate and save, archive, their mentors."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlmodel import Session

from app.errors import Issue, NotFoundError, ValidationError
from app.schemas_partners import PartnerData, PartnerMentor, PartnerRow
from app.text import clean, fold, format_date, full_name
from db.engine import transaction
from db.models import Mentor, PartnerOrganization

EARLIEST = dt.date(1991, 1, 1)  # an agreement of a Russian school is not older than this
MAX_AHEAD_DAYS = 366  # an agreement may be dated at most a year ahead (prepared in advance)
MAX_TERM_YEARS = 50
MAX_NAME = 300


def agreement_status(*, number: str, date: dt.date | None, until: dt.date | None, today: dt.date) -> str:
    """«active» / «expired» / «indefinite» (no end date) / «none» (nothing about an agreement recorded)."""
    if not (clean(number) or date or until):
        return "none"
    if until is None:
        return "indefinite"
    return "expired" if until < today else "active"


def _mentor_names(session: Session, partner_ids: list[int] | None) -> dict[int, list[str]]:
    """Partner id → names of its mentors in the base (archived mentors left out), sorted."""
    query = select(Mentor.partner_id, Mentor.last_name, Mentor.first_name, Mentor.middle_name).where(
        Mentor.partner_id.is_not(None), Mentor.archived_at.is_(None))
    if partner_ids is not None:
        query = query.where(Mentor.partner_id.in_(partner_ids))
    out: dict[int, list[str]] = {}
    for pid, last, first, middle in session.execute(query):
        out.setdefault(pid, []).append(full_name(last, first, middle))
    for names in out.values():
        names.sort(key=fold)
    return out


def _row(p: PartnerOrganization, names: list[str], today: dt.date) -> PartnerRow:
    return PartnerRow(id=p.id, uuid=p.uuid, name=p.name, kind=p.kind, contact_person=p.contact_person,
                      contact=p.contact, agreement_number=p.agreement_number, agreement_date=p.agreement_date,
                      agreement_until=p.agreement_until, notes=p.notes, archived=p.archived,
                      agreement_status=agreement_status(number=p.agreement_number, date=p.agreement_date,
                                                        until=p.agreement_until, today=today),
                      mentors=len(names), mentor_names=tuple(names))


def list_partners(session: Session, *, include_archived: bool = False,
                  today: dt.date | None = None) -> list[PartnerRow]:
    """The organisations by name (Cyrillic-safe order), with their mentors and the agreement status for ``today``."""
    today = today or dt.date.today()
    query = select(PartnerOrganization)
    if not include_archived:
        query = query.where(PartnerOrganization.archived == False)  # noqa: E712
    partners = session.execute(query).scalars().all()
    names = _mentor_names(session, None)
    rows = [_row(p, names.get(p.id, []), today) for p in partners]
    return sorted(rows, key=lambda r: (fold(r.name), r.id))


def _get(session: Session, partner_id: int) -> PartnerOrganization:
    partner = session.get(PartnerOrganization, partner_id)
    if partner is None:
        raise NotFoundError("Организация-партнёр не найдена (возможно, удалена в другом окне)")
    return partner


def get_partner(session: Session, *, partner_id: int, today: dt.date | None = None) -> PartnerRow:
    partner = _get(session, partner_id)
    return _row(partner, _mentor_names(session, [partner_id]).get(partner_id, []), today or dt.date.today())


def check_partner(session: Session, data: PartnerData, *, partner_id: int | None = None,
                  today: dt.date | None = None) -> list[Issue]:
    """Validation issues of ``data`` (all block saving), named by the editor's Russian labels."""
    today = today or dt.date.today()
    issues = []
    name = clean(data.name)
    if not name:
        issues.append(Issue("укажите наименование организации", field="Наименование"))
    elif len(name) > MAX_NAME:
        issues.append(Issue(f"не длиннее {MAX_NAME} знаков (сейчас {len(name)})", field="Наименование"))
    else:
        for other_id, other_name, archived in session.execute(
                select(PartnerOrganization.id, PartnerOrganization.name, PartnerOrganization.archived)):
            if other_id != partner_id and fold(other_name) == fold(name):
                where = " (в архиве — верните её оттуда)" if archived else ""
                issues.append(Issue(f"организация «{other_name}» уже есть в списке{where}", field="Наименование"))
                break
    start, until = data.agreement_date, data.agreement_until
    if start is not None:
        if start < EARLIEST:
            issues.append(Issue(f"дата {format_date(start)} слишком давняя (не раньше {format_date(EARLIEST)})",
                                field="Дата договора"))
        elif start > today + dt.timedelta(days=MAX_AHEAD_DAYS):
            issues.append(Issue(f"дата {format_date(start)} больше чем на год позже сегодняшней",
                                field="Дата договора"))
    if until is not None:
        if until < EARLIEST:
            issues.append(Issue(f"дата {format_date(until)} слишком давняя (не раньше {format_date(EARLIEST)})",
                                field="Срок действия"))
        elif start is not None and until < start:
            issues.append(Issue(f"договор не может закончиться ({format_date(until)}) раньше, чем заключён "
                                f"({format_date(start)})", field="Срок действия"))
        elif until.year > (start or today).year + MAX_TERM_YEARS:
            issues.append(Issue(f"срок {format_date(until)} дольше {MAX_TERM_YEARS} лет; для бессрочного "
                                "договора оставьте поле пустым", field="Срок действия"))
    return issues


def save_partner(session: Session, *, data: PartnerData, partner_id: int | None = None,
                 today: dt.date | None = None) -> PartnerRow:
    """Create (``partner_id`` None) or update an organisation after validation; the stored row."""
    today = today or dt.date.today()
    issues = check_partner(session, data, partner_id=partner_id, today=today)
    if issues:
        raise ValidationError(issues)
    with transaction(session):
        partner = _get(session, partner_id) if partner_id is not None else PartnerOrganization(name="")
        partner.name = clean(data.name)
        for attr in ("kind", "contact_person", "contact", "agreement_number"):
            setattr(partner, attr, clean(getattr(data, attr)))
        partner.agreement_date, partner.agreement_until = data.agreement_date, data.agreement_until
        partner.notes = (data.notes or "").strip()
        session.add(partner)
        session.flush()
        new_id = partner.id
    return get_partner(session, partner_id=new_id, today=today)


def set_partner_archived(session: Session, *, partner_id: int, archived: bool,
                         today: dt.date | None = None) -> PartnerRow:
    """Archive (hidden from the mentor editor's choices; mentors keep it) or return an organisation."""
    with transaction(session):
        partner = _get(session, partner_id)
        partner.archived = archived
        session.add(partner)
    return get_partner(session, partner_id=partner_id, today=today)


def mentees_by_mentor(session: Session, *, mentor_ids: list[int], academic_year: str,
                      today: dt.date | None = None) -> dict[int, set[int]]:
    """Mentor id → distinct mentees of the mentor's pairs/groups counted for ``academic_year``.

    A pair counts as it does for the indicators (app.indicator_defs.counted_group): not a draft, working within
    the year, a dissolved one only when it had been active, none starting after ``today``.
    """
    from app.indicator_defs import Group, counted_group
    from app.periods import parse_period
    from db.models import GroupMember, Meeting, MentoringGroup, OrderGroup

    period = parse_period(academic_year)
    if not mentor_ids:
        return {}
    groups = session.execute(select(MentoringGroup).where(MentoringGroup.mentor_id.in_(mentor_ids))).scalars().all()
    ids = [g.id for g in groups]
    members: dict[int, list[int]] = {}
    for gid, mid in session.execute(select(GroupMember.group_id, GroupMember.mentee_id)
                                    .where(GroupMember.group_id.in_(ids))):
        members.setdefault(gid, []).append(mid)
    met = set(session.execute(select(Meeting.group_id).where(Meeting.group_id.in_(ids)).distinct()).scalars())
    ordered = set(session.execute(select(OrderGroup.group_id).where(
        OrderGroup.group_id.in_(ids), OrderGroup.change == "approved")).scalars())
    out: dict[int, set[int]] = {}
    for g in groups:
        group = Group(g.id, g.mentor_id, tuple(members.get(g.id, ())), g.status, g.form or "", g.start_date,
                      g.end_date, g.status_date, g.order_id is not None or g.id in ordered, g.id in met)
        if counted_group(group, period, today=today):
            out.setdefault(g.mentor_id, set()).update(group.mentee_ids)
    return out


def mentors_of(session: Session, *, partner_id: int, academic_year: str | None = None,
               today: dt.date | None = None) -> list[PartnerMentor]:
    """Every mentor of the organisation (archived ones too, flagged) with their mentees in ``academic_year``
    (default: the academic year of ``today``), by name."""
    from app.periods import academic_year_of

    today = today or dt.date.today()
    _get(session, partner_id)
    year = academic_year or academic_year_of(today).code
    mentors = session.execute(select(Mentor).where(Mentor.partner_id == partner_id)).scalars().all()
    mentees = mentees_by_mentor(session, mentor_ids=[m.id for m in mentors], academic_year=year, today=today)
    rows = [PartnerMentor(id=m.id, name=full_name(m.last_name, m.first_name, m.middle_name),
                          position=m.group_name, status=m.status, archived=m.archived_at is not None,
                          mentees=len(mentees.get(m.id, ()))) for m in mentors]
    return sorted(rows, key=lambda r: (fold(r.name), r.id))
