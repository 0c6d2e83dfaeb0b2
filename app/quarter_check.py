"""The quarter-close check before a package export: errors block it, warnings are shown with where to jump."""

from __future__ import annotations

import datetime as dt

from app.periods import Period
from app.schemas_monitoring import CONTINGENT_FIELDS, CheckItem
from app.text import format_date


def _profile_items(session) -> list[CheckItem]:  # noqa: ANN001
    from app.services.school import get_school

    school = get_school(session)
    if school is None:
        return [CheckItem("error", "no_profile", "Не заполнены сведения об организации", "profile")]
    out = []
    if not school.code.strip():
        out.append(CheckItem("error", "no_school_code", "Не указан код организации (нужен для имени пакета)",
                             "profile"))
    if not (school.full_name.strip() or school.short_name.strip()):
        out.append(CheckItem("error", "no_school_name", "Не указано наименование организации", "profile"))
    return out


def _contingent_items(session, period: Period) -> list[CheckItem]:  # noqa: ANN001
    from app.services.contingent import effective_contingent, missing_fields, source_note

    data, source = effective_contingent(session, period=period)
    missing = missing_fields(data)
    if not missing:
        note = source_note(period, source)
        return [CheckItem("warning", "contingent_fallback", f"«Контингент» за {period.title} не введён: "
                          f"{note}", "contingent")] if note else []
    labels = ", ".join(f"«{CONTINGENT_FIELDS[name]}»" for name in missing)
    return [CheckItem("error", "no_contingent", f"Не заполнен «Контингент» за {period.title}: {labels}",
                      "contingent")]


def check_quarter(session, *, period: Period,  # noqa: ANN001 - sqlmodel Session
                  today: dt.date | None = None) -> list[CheckItem]:
    """Errors first, then warnings, each with a target tab and record to jump to.

    Errors: the school profile lacks its code or name; «Контингент» (the denominators the indicators need)
    is not entered for the period. Warnings: counted pairs/groups without meetings in the period; working
    meetings without feedback; participants without an active consent to transfer (only when the package
    carries personal data: they go pseudonymous); draft pairs not approved by an order; the pairs' attention
    warnings of app.services.meetings.attention_list.
    """
    from sqlalchemy import select

    from app.indicators import load_facts
    from app.indicator_defs import counted_group
    from app.meeting_rules import needs_feedback, stage_of
    from app.services.meetings import attention_list
    from app.settings import load_settings
    from db.models import Consent, Meeting, SurveyResponse

    today = today or dt.date.today()
    items = _profile_items(session) + _contingent_items(session, period)
    facts = load_facts(session, period=period)
    counted = [g for g in facts.groups if counted_group(g, period, today=today)]
    counted_ids = {g.id for g in counted}
    labels = {g.id: _label(facts, g) for g in facts.groups}

    meetings = session.execute(select(Meeting.id, Meeting.group_id, Meeting.date, Meeting.kind,
                                      Meeting.feedback_mentee, Meeting.feedback_mentor)
                               .where(Meeting.date >= period.start, Meeting.date <= period.end)
                               .order_by(Meeting.date, Meeting.id)).all()
    met = {m.group_id for m in meetings}
    for g in counted:
        if g.id not in met:
            items.append(CheckItem("warning", "no_meetings", f"{labels[g.id]}: нет встреч за {period.title}",
                                   "pairs", g.id))
    linked = set(session.execute(select(SurveyResponse.meeting_id)
                                 .where(SurveyResponse.meeting_id.is_not(None))).scalars())
    for m in meetings:
        if needs_feedback(stage_of(m.kind)) and not (m.feedback_mentee or m.feedback_mentor or m.id in linked):
            items.append(CheckItem("warning", "no_feedback", f"{labels.get(m.group_id, '?')}: встреча "
                                   f"{format_date(m.date)} без обратной связи", "meetings", m.id))

    if load_settings(session).package_personal_data:
        consents = session.execute(select(Consent.mentee_id, Consent.mentor_id, Consent.revoked_on)
                                   .where(Consent.kind == "transfer")).all()
        ok_mentees = {c.mentee_id for c in consents if c.mentee_id and (c.revoked_on is None or c.revoked_on > today)}
        ok_mentors = {c.mentor_id for c in consents if c.mentor_id and (c.revoked_on is None or c.revoked_on > today)}
        mentee_ids = sorted({mid for g in counted for mid in g.mentee_ids if mid in facts.mentees})
        mentor_ids = sorted({g.mentor_id for g in counted if g.mentor_id in facts.mentors})
        for target, ids, ok, people in (("mentees", mentee_ids, ok_mentees, facts.mentees),
                                        ("mentors", mentor_ids, ok_mentors, facts.mentors)):
            for pid in ids:
                if pid not in ok:
                    items.append(CheckItem("warning", "no_transfer_consent",
                                           f"{people[pid].name}: нет действующего согласия на передачу данных — "
                                           "в пакете будет под псевдонимом", target, pid))

    for g in facts.groups:
        if g.status == "draft":
            items.append(CheckItem("warning", "draft_pair", f"{labels[g.id]}: черновик, не утверждена приказом",
                                   "pairs", g.id))
    reported = {m.id for m in meetings}
    for w in attention_list(session, today=today):
        if w.code == "no_feedback" and w.meeting_id in reported:
            continue  # already listed above
        if w.group_id in counted_ids:
            items.append(CheckItem("warning", f"attention_{w.code}", f"{w.label}: {w.message}",
                                   "meetings" if w.meeting_id else "pairs",
                                   w.meeting_id if w.meeting_id else w.group_id))
    return sorted(items, key=lambda i: i.severity != "error")


def _label(facts, group) -> str:  # noqa: ANN001
    from app.text import short_name

    def short(person) -> str:  # noqa: ANN001
        parts = person.name.split(" ", 2)
        return short_name(*(parts + ["", ""])[:3])

    mentor = facts.mentors.get(group.mentor_id)
    mentees = [facts.mentees[i] for i in group.mentee_ids if i in facts.mentees]
    shown = ", ".join(short(m) for m in mentees[:2]) + (f" и ещё {len(mentees) - 2}" if len(mentees) > 2 else "")
    kind = "Группа" if len(mentees) > 1 else "Пара"
    return f"{kind} № {group.id} ({short(mentor) if mentor else '?'} — {shown})"


def has_errors(items: list[CheckItem]) -> bool:
    return any(i.severity == "error" for i in items)
