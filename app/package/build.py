"""Collect a quarter's data from a school database into the JSON members of a package."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any

from app.errors import Issue, ValidationError
from app.package.format import FORMAT_NAME, FORMAT_VERSION, PERSONAL_FIELDS, utc_iso
from app.package.pseudonym import Pseudonymizer, age_band, age_on, reference_date
from app.package.roadmap import roadmap_member
from app.periods import Period, academic_year_of

CLOSED = ("finished", "dissolved")
GRADUATED = "graduated"  # app.rollover.GRADUATED (not imported: the package reader must not need it)


@dataclass
class Built:
    """The members of a package before serialisation."""

    members: dict[str, Any]  # member name → JSON-ready value (the manifest is added by the writer)
    head: dict[str, Any]  # manifest fields except ``members``
    counts: dict[str, int]
    personal_data: bool
    warnings: list[str] = field(default_factory=list)


def _indicators(session, period: Period, today: dt.date | None = None) -> dict[str, Any]:  # noqa: ANN001
    """The indicators member: values with numerators and denominators, the contingent, federal statistics."""
    from app.indicators import compute_indicators, federal_stats  # another module; imported on use

    values = compute_indicators(session, period=period, today=today)
    return {"indicators": [_indicator(v) for v in values], "federal": _jsonable(federal_stats(session, period=period))}


def _indicator(value: Any) -> dict[str, Any]:
    data = asdict(value) if hasattr(value, "__dataclass_fields__") else dict(value)
    return {"code": str(data["code"]), "title": str(data["title"]), "numerator": data.get("numerator"),
            "denominator": data.get("denominator"),
            "percent": None if data.get("percent") is None else round(float(data["percent"]), 2),
            "note": str(data.get("note") or ""), "level": str(data.get("level") or "school")}


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if hasattr(value, "__dataclass_fields__"):
        return _jsonable(asdict(value))
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _contingent(session, period: Period) -> dict[str, Any] | None:  # noqa: ANN001
    from sqlalchemy import select

    from app.periods import academic_year_of
    from app.schemas_monitoring import CONTINGENT_FIELDS
    from db.models import Contingent

    for code in (period.code, academic_year_of(period.start).code):
        row = session.execute(select(Contingent).where(Contingent.period == code)).scalars().first()
        if row is not None:
            return {"period": code, **{name: getattr(row, name) for name in CONTINGENT_FIELDS}}
    return None


def _transfer_consents(session, today: dt.date) -> tuple[set[int], set[int]]:  # noqa: ANN001
    """Mentee ids and mentor ids with an active consent to transfer to the municipality."""
    from sqlalchemy import select

    from db.models import Consent

    mentees, mentors = set(), set()
    rows = session.execute(select(Consent.mentee_id, Consent.mentor_id, Consent.signed_on, Consent.revoked_on)
                           .where(Consent.kind == "transfer"))
    for mentee_id, mentor_id, signed, revoked in rows:
        if signed is None or signed > today or (revoked is not None and revoked <= today):
            continue
        (mentees if mentee_id is not None else mentors).add(mentee_id if mentee_id is not None else mentor_id)
    return mentees, mentors


def _is_student(category: str) -> bool:
    return (category or "").casefold().startswith("обучающ")


def build(session, *, period: Period, today: dt.date | None = None, progress=None) -> Built:  # noqa: ANN001
    """Everything a package of ``period`` carries, pseudonymised (see docs/package-format.md)."""
    from sqlalchemy import select

    from app import __version__
    from app.services.rollover_history import class_in_year, leavings, members_in
    from app.services.rollover_pairs import ended_pairs, extended_pairs, planned_end_as_of
    from app.services.school import get_school
    from app.settings import load_settings
    from app.text import class_parallel
    from db.models import Meeting, Mentee, MentoringGroup, Mentor, PartnerOrganization, School

    today = today or dt.date.today()
    school_row = session.execute(select(School)).scalars().first()
    school = get_school(session)
    if school_row is None or school is None:
        raise ValidationError([Issue("профиль школы не заполнен — пакет не сформирован", field="Школа")])
    if not school.code.strip():
        raise ValidationError([Issue("в профиле школы не указан код ОО — он нужен в имени пакета", field="Код ОО")])
    settings = load_settings(session)
    pseudo = Pseudonymizer(school_row.pseudonym_secret)
    ref = reference_date(settings.age_reference, period.end)

    def step(done: int) -> None:
        if progress is not None:
            progress(done, 6)

    # pairs and groups: not drafts, and active on at least one day of the period
    groups = []
    for g in session.execute(select(MentoringGroup).order_by(MentoringGroup.id)).scalars():
        end = g.end_date or (g.status_date if g.status in CLOSED else None)
        if g.status != "draft" and period.overlaps(g.start_date, end):
            groups.append(g)
    members = members_in(session, since=period.start)  # with leavers out of a carried group: until they left
    left_on = leavings(session)
    group_ids = {g.id for g in groups}
    step(1)

    mentee_rows = session.execute(select(Mentee.id, Mentee.uuid, Mentee.last_name, Mentee.first_name,
                                         Mentee.middle_name, Mentee.birth_date, Mentee.birth_year, Mentee.category,
                                         Mentee.group_name, Mentee.entry_date, Mentee.exit_date, Mentee.status,
                                         Mentee.archived_at, Mentee.class_history)).all()
    year_code = academic_year_of(period.end).code  # a past year's class comes from the rollover's history

    def klass(r) -> str:  # noqa: ANN001
        return class_in_year(r.class_history, r.group_name, academic_year=year_code)
    mentor_rows = session.execute(select(Mentor.id, Mentor.uuid, Mentor.last_name, Mentor.first_name,
                                         Mentor.middle_name, Mentor.birth_date, Mentor.birth_year, Mentor.category,
                                         Mentor.group_name, Mentor.entry_date, Mentor.status, Mentor.archived_at,
                                         Mentor.partner_id, Mentor.experience_years, Mentor.class_history)).all()
    partners = dict(session.execute(select(PartnerOrganization.id, PartnerOrganization.name)).all())
    grouped_mentees = {m for gid in group_ids for m in members.get(gid, ())}
    grouped_mentors = {g.mentor_id for g in groups}
    forms_of: dict[tuple[str, int], set[str]] = defaultdict(set)
    for g in groups:
        forms_of[("mentor", g.mentor_id)].add(g.form)
        for m in members.get(g.id, ()):
            forms_of[("mentee", m)].add(g.form)
    consent_mentees, consent_mentors = _transfer_consents(session, today)
    want_personal = settings.package_personal_data

    def live(archived_at: dt.datetime | None) -> bool:
        return archived_at is None or archived_at.date() >= period.start

    participants, pid = [], {}
    for r in mentee_rows:
        if not (r.id in grouped_mentees or (live(r.archived_at) and period.overlaps(r.entry_date, r.exit_date)
                                            and r.entry_date is not None)):
            continue
        pid[("mentee", r.id)] = pseudo(r.uuid)
        status, exit_date = as_of(period.end, status=r.status, exit_date=r.exit_date,
                                  leaving=left_on.get(("mentee", r.id)))
        participants.append(_person(r, "mentee", pid[("mentee", r.id)], ref, forms_of, class_parallel,
                                    want_personal and r.id in consent_mentees, status=status, exit_date=exit_date,
                                    partner=None, group_name=klass(r)))
    for r in mentor_rows:
        status, exit_date = as_of(period.end, status=r.status, exit_date=None, leaving=left_on.get(("mentor", r.id)))
        if not (r.id in grouped_mentors or (live(r.archived_at) and status == "active")):
            continue
        pid[("mentor", r.id)] = pseudo(r.uuid)
        participants.append(_person(r, "mentor", pid[("mentor", r.id)], ref, forms_of, class_parallel,
                                    want_personal and r.id in consent_mentors, status=status,
                                    exit_date=exit_date, partner=partners.get(r.partner_id), group_name=klass(r)))
    step(2)

    ended = ended_pairs(session)  # a pair a rollover ended after the period: reported as it was then
    extended = extended_pairs(session)  # a carried pair's planned end before a later rollover moved it

    def then(g) -> tuple[str, dt.date | None, dt.date | None]:  # noqa: ANN001
        if g.id in ended and period.end < ended[g.id][0]:
            return ended[g.id][1:]
        return g.status, g.status_date, g.end_date

    group_items = [{
        "id": pseudo(g.uuid), "mentor": pid[("mentor", g.mentor_id)],
        "mentees": [pid[("mentee", m)] for m in members.get(g.id, ()) if ("mentee", m) in pid],
        "form": g.form, "role_model": g.role_model, "kind": g.kind, "status": then(g)[0],
        "start_date": _iso(g.start_date), "planned_end_date": _iso(planned_end_as_of(
            extended.get(g.id), g.planned_end_date, period_end=period.end)),
        "end_date": _iso(then(g)[2]), "status_date": _iso(then(g)[1]),
    } for g in groups if ("mentor", g.mentor_id) in pid]
    group_pseudo = {g.id: pseudo(g.uuid) for g in groups}
    meeting_items = []
    if group_ids:
        query = (select(Meeting.uuid, Meeting.group_id, Meeting.date, Meeting.kind, Meeting.format,
                        Meeting.duration_min, Meeting.feedback_mentee, Meeting.feedback_mentor)
                 .where(Meeting.date >= period.start, Meeting.date <= period.end).order_by(Meeting.date, Meeting.id))
        for m in session.execute(query):
            if m.group_id in group_pseudo:
                meeting_items.append({"id": pseudo(m.uuid), "group": group_pseudo[m.group_id],
                                      "date": m.date.isoformat(), "kind": m.kind, "format": m.format,
                                      "duration_min": m.duration_min, "feedback_mentee": bool(m.feedback_mentee),
                                      "feedback_mentor": bool(m.feedback_mentor)})
    step(3)

    from app.package.surveys import survey_member

    surveys = survey_member(session, period=period)
    step(4)
    indicators = {"period": period.code, "reference_date": ref.isoformat(),
                  "contingent": _contingent(session, period), "indicators": [], "federal": {}}
    warnings: list[str] = []
    try:
        indicators.update(_indicators(session, period, today))
    except ImportError:
        warnings.append("Показатели не рассчитаны: модуль показателей недоступен в этой версии программы")
    step(5)

    personal = sum(1 for p in participants if "personal" in p)
    counts = {"mentees": sum(1 for p in participants if p["role"] == "mentee"),
              "mentors": sum(1 for p in participants if p["role"] == "mentor"),
              "groups": len(group_items), "meetings": len(meeting_items),
              "survey_responses": surveys["responses"], "indicators": len(indicators["indicators"]),
              "personal_records": personal}
    if not school_row.municipality:
        warnings.append("В профиле школы не указан муниципалитет")
    head = {
        "format": FORMAT_NAME, "format_version": FORMAT_VERSION,
        "school": {"code": school.code, "name": school.full_name, "short_name": school.short_name,
                   "municipality": school.municipality, "uuid": school_row.uuid},
        "period": {"code": period.code, "start": period.start.isoformat(), "end": period.end.isoformat()},
        "created_at": utc_iso(dt.datetime.now(dt.timezone.utc)), "app_version": __version__,
        "counts": counts, "personal_data": personal > 0,
        "personal_fields": list(PERSONAL_FIELDS) if personal else [], "pseudonymised": True,
        "pseudonym": {"algorithm": "HMAC-SHA256", "hex_length": len(pseudo("x"))},
        "reference_date": ref.isoformat(),
    }
    step(6)
    return Built(members={
        "data/participants.json": {"items": participants},
        "data/groups.json": {"items": group_items},
        "data/meetings.json": {"items": meeting_items},
        "data/surveys.json": surveys,
        "data/indicators.json": indicators,
        "data/roadmap.json": roadmap_member(session, period=period, today=today),
    }, head=head, counts=counts, personal_data=personal > 0, warnings=warnings)


def as_of(period_end: dt.date, *, status: str, exit_date: dt.date | None,
          leaving: tuple[dt.date, str] | None) -> tuple[str, dt.date | None]:
    """A participant's status and exit date as they were on ``period_end`` (docs/package-format.md).

    ``leaving`` — (the old year's end, the status before) of a leaver a rollover archived (rollover_history.
    leavings): before that day they are reported with the status they had. Otherwise a mentee who left (or
    graduated) after the period was still «active» then. An exit date after the period is not reported yet.
    """
    if leaving is not None:
        left, before = leaving
        if period_end >= left:
            return status, exit_date or left
        if status == GRADUATED:
            status = before
    elif exit_date is not None and exit_date > period_end and status in ("left", GRADUATED):
        status = "active"
    return status, (exit_date if exit_date is not None and exit_date <= period_end else None)


def _person(r, role: str, pid: str, ref: dt.date, forms_of, class_parallel, personal: bool, *,  # noqa: ANN001
            status: str, exit_date: dt.date | None, partner: str | None, group_name: str) -> dict[str, Any]:
    age = age_on(ref, birth_date=r.birth_date, birth_year=r.birth_year)
    item: dict[str, Any] = {
        "id": pid, "role": role, "category": r.category, "age": age, "age_band": age_band(age),
        "class_parallel": class_parallel(group_name) if _is_student(r.category) else None,
        "forms": sorted(f for f in forms_of.get((role, r.id), ()) if f),
        "status": status, "entry_date": _iso(r.entry_date), "exit_date": _iso(exit_date),
    }
    if role == "mentor":
        item["partner"] = partner
        item["experience_years"] = r.experience_years
    if personal:
        item["personal"] = {"last_name": r.last_name, "first_name": r.first_name, "middle_name": r.middle_name,
                            "birth_date": _iso(r.birth_date)}
    return item
