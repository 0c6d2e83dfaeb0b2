"""Indicators of a period (domain.md §6): values, the people behind a numerator, yearly federal statistics."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable

from app.indicator_defs import (BY_CODE, DEFINITIONS, NO_FORM, Facts, Group, IndicatorDef, Person, age_on,
                                counted_group, is_student, is_teacher, is_young_teacher, reference_date,
                                years_text)
from app.periods import Period, academic_year_of
from app.schemas_monitoring import CONTINGENT_FIELDS, IndicatorValue, PersonRef

NO_CONTINGENT = "не заполнен «Контингент»"


def format_percent(value: float | None) -> str:
    """42.857… → «42,9 %»; None → «—»."""
    if value is None:
        return "—"
    from app.survey_analytics import format_number

    return f"{format_number(value)} %"


# --- loading -------------------------------------------------------------------------------------------------

def load_facts(session, *, period: Period | None = None) -> Facts:  # noqa: ANN001 - sqlmodel Session
    """People, pairs/groups (with whether an order approved them and whether they met) and partners."""
    from sqlalchemy import select

    from db.models import (Meeting, Mentee, Mentor, MentoringGroup, OrderGroup,
                           PartnerOrganization)

    facts = Facts()
    for r in session.execute(select(Mentee.id, Mentee.last_name, Mentee.first_name, Mentee.middle_name,
                                    Mentee.birth_date, Mentee.birth_year, Mentee.category, Mentee.group_name,
                                    Mentee.experience_years)):
        facts.mentees[r[0]] = Person("mentee", r[0], _name(r[1], r[2], r[3]), r[4], r[5], r[6], r[7], r[8])
    for r in session.execute(select(Mentor.id, Mentor.last_name, Mentor.first_name, Mentor.middle_name,
                                    Mentor.birth_date, Mentor.birth_year, Mentor.category, Mentor.group_name,
                                    Mentor.experience_years, Mentor.partner_id)):
        facts.mentors[r[0]] = Person("mentor", r[0], _name(r[1], r[2], r[3]), r[4], r[5], r[6], r[7], r[8], r[9])
    facts.partners = dict(session.execute(select(PartnerOrganization.id, PartnerOrganization.name)).all())
    from app.services.rollover_history import members_in

    members = members_in(session, since=period.start if period else None)  # leavers of carried groups: until then
    met = set(session.execute(select(Meeting.group_id).distinct()).scalars())
    ordered = set(session.execute(select(OrderGroup.group_id).where(OrderGroup.change == "approved")).scalars())
    for g in session.execute(select(MentoringGroup).order_by(MentoringGroup.id)).scalars():
        facts.groups.append(Group(g.id, g.mentor_id, tuple(members.get(g.id, ())), g.status, g.form or "",
                                  g.start_date, g.end_date, g.status_date,
                                  g.order_id is not None or g.id in ordered, g.id in met))
    return facts


def _name(last: str, first: str, middle: str) -> str:
    from app.text import full_name

    return full_name(last, first, middle)


# --- numerators ---------------------------------------------------------------------------------------------

class _Context:
    """Counted pairs of one period with the reference date; numerator functions read it."""

    def __init__(self, facts: Facts, period: Period, *, age_reference: str, today: dt.date | None) -> None:
        self.facts, self.period = facts, period
        self.ref = reference_date(period, age_reference)
        self.groups = [g for g in facts.groups if counted_group(g, period, today=today)]

    def mentees(self) -> dict[int, tuple[Person, str]]:
        out: dict[int, tuple[Person, str]] = {}
        for g in self.groups:
            for mid in g.mentee_ids:
                if mid in self.facts.mentees and mid not in out:
                    out[mid] = (self.facts.mentees[mid], g.form)
        return out

    def mentors(self) -> dict[int, tuple[Person, str]]:
        out: dict[int, tuple[Person, str]] = {}
        for g in self.groups:
            if g.mentor_id in self.facts.mentors and g.mentor_id not in out:
                out[g.mentor_id] = (self.facts.mentors[g.mentor_id], g.form)
        return out

    def ref_of(self, person: Person, form: str, extra: str = "") -> PersonRef:
        age = age_on(person, self.ref)
        parts = [p for p in (person.group_name, years_text(age) if age is not None else "", form, extra) if p]
        return PersonRef(person.role, person.id, person.name, " · ".join(parts))


def _aged(ctx: _Context, people: dict[int, tuple[Person, str]], low: int, high: int,
          keep: Callable[[Person], bool] = lambda p: True) -> list[PersonRef]:
    out = []
    for person, form in people.values():
        age = age_on(person, ctx.ref)
        if keep(person) and age is not None and low <= age <= high:
            out.append(ctx.ref_of(person, form))
    return out


def _mentees_10_18(ctx: _Context) -> list[PersonRef]:
    """Distinct mentees aged 10–18 on the reference date in counted pairs/groups."""
    return _aged(ctx, ctx.mentees(), 10, 18)


def _mentors_15_19(ctx: _Context) -> list[PersonRef]:
    """Distinct student mentors aged 15–19 on the reference date in counted pairs/groups."""
    return _aged(ctx, ctx.mentors(), 15, 19, is_student)


def _young_teachers(ctx: _Context) -> list[PersonRef]:
    """Distinct young-teacher mentees (молодой специалист, or педагог with ≤ 3 years) with a mentor."""
    return [ctx.ref_of(p, form) for p, form in ctx.mentees().values() if is_young_teacher(p)]


def _students_involved(ctx: _Context) -> list[PersonRef]:
    """Distinct students as mentees or mentors; one human in both bases counts once."""
    out, seen = [], set()
    for people in (ctx.mentees(), ctx.mentors()):
        for person, form in people.values():
            if not is_student(person):
                continue
            key = person.identity()
            if key[1] is not None and key in seen:
                continue
            seen.add(key)
            out.append(ctx.ref_of(person, form))
    return out


def _teacher_mentors(ctx: _Context) -> list[PersonRef]:
    """Distinct teacher mentors in counted pairs/groups."""
    return [ctx.ref_of(p, form) for p, form in ctx.mentors().values() if is_teacher(p)]


def _partner_mentors(ctx: _Context) -> list[PersonRef]:
    """Mentors from partner organisations (the numerator counts their distinct organisations)."""
    return [ctx.ref_of(p, form, ctx.facts.partners.get(p.partner_id, ""))
            for p, form in ctx.mentors().values() if p.partner_id is not None]


NUMERATORS: dict[str, Callable[[_Context], list[PersonRef]]] = {
    "mentees_10_18": _mentees_10_18,
    "mentors_15_19": _mentors_15_19,
    "young_teachers": _young_teachers,
    "students_involved": _students_involved,
    "teacher_mentors": _teacher_mentors,
    "partners": _partner_mentors,
}


# --- values -------------------------------------------------------------------------------------------------

def _share(d: IndicatorDef, people: list[PersonRef], contingent, source_note: str) -> IndicatorValue:  # noqa: ANN001
    numerator = len(people)
    denominator = getattr(contingent, d.denominator)
    if denominator is None:
        return IndicatorValue(d.code, d.title, numerator, None, None,
                              f"{NO_CONTINGENT}: {CONTINGENT_FIELDS[d.denominator]}", d.level)
    if denominator == 0:
        return IndicatorValue(d.code, d.title, numerator, 0, None,
                              f"«{CONTINGENT_FIELDS[d.denominator]}» равно нулю", d.level)
    return IndicatorValue(d.code, d.title, numerator, denominator, numerator * 100 / denominator, source_note,
                          d.level)


def _satisfaction_value(d: IndicatorDef, data, period: Period) -> IndicatorValue:  # noqa: ANN001
    from app.survey_analytics import METHODS, satisfaction

    result = satisfaction(data.templates, list(data.rows), role=d.survey_role, method=data.method,
                          period=(period.start, period.end))
    if not result.n:
        return IndicatorValue(d.code, d.title, None, None, None,
                              "нет анкет с оценкой удовлетворённости за период", d.level)
    note = f"метод: {METHODS[result.chosen_method]}; ответов: {result.n}"
    return IndicatorValue(d.code, d.title, None, None, result.chosen_pct, note, d.level)


def compute_indicators(session, *, period: Period,  # noqa: ANN001 - sqlmodel Session
                       today: dt.date | None = None) -> list[IndicatorValue]:
    """Every indicator of DEFINITIONS for ``period`` (denominators from «Контингент» with its fallbacks)."""
    from app.services.contingent import effective_contingent, source_note
    from app.settings import load_settings
    from app.survey_analytics import load_data

    settings = load_settings(session)
    ctx = _Context(load_facts(session, period=period), period, age_reference=settings.age_reference, today=today)
    contingent, source = effective_contingent(session, period=period)
    note = source_note(period, source)
    surveys = load_data(session)
    out = []
    for d in DEFINITIONS:
        if d.survey_role is not None:
            out.append(_satisfaction_value(d, surveys, period))
        elif d.code == "partners":
            orgs = {p.partner_id for p, _ in ctx.mentors().values() if p.partner_id is not None}
            out.append(IndicatorValue(d.code, d.title, len(orgs), None, None,
                                      "доля считается управлением образования: число организаций "
                                      "муниципалитета школе неизвестно", d.level))
        else:
            out.append(_share(d, NUMERATORS[d.code](ctx), contingent, note))
    return out


def indicator_people(session, *, code: str, period: Period,  # noqa: ANN001
                     today: dt.date | None = None) -> list[PersonRef]:
    """The people counted in the numerator of ``code`` (for satisfaction: the respondents), by name."""
    from app.errors import NotFoundError
    from app.settings import load_settings

    d = BY_CODE.get(code)
    if d is None:
        raise NotFoundError(f"Неизвестный показатель «{code}»")
    if d.survey_role is not None:
        people = _respondents(session, role=d.survey_role, period=period)
    else:
        ctx = _Context(load_facts(session, period=period), period,
                       age_reference=load_settings(session).age_reference, today=today)
        people = NUMERATORS[code](ctx)
    from app.text import fold

    return sorted(people, key=lambda p: (fold(p.name), p.role, p.id))


def _respondents(session, *, role: str, period: Period) -> list[PersonRef]:  # noqa: ANN001
    from app.survey_analytics import load_data

    data = load_data(session)
    with_score = {t.id for t in data.templates.values()
                  if any(q.satisfaction and q.type == "scale" for q in t.questions)}
    seen: dict[int, PersonRef] = {}
    for r in data.rows:
        who = r.mentee_id if role == "mentee" else r.mentor_id
        if (r.respondent_role == role and who is not None and r.template_id in with_score
                and period.contains(r.answered_on) and who not in seen):
            seen[who] = PersonRef(role, who, r.respondent_name, r.group_form or "")
    return list(seen.values())


# --- federal statistics ---------------------------------------------------------------------------------------

def federal_stats(session, *, period: Period) -> dict:  # noqa: ANN001
    """Yearly participants by role and category, pairs and groups by form, over the academic year containing
    the period's last day (the period itself when it is a year); JSON-ready."""
    year = period if period.kind == "year" else academic_year_of(period.end)
    facts = load_facts(session, period=year)
    groups = [g for g in facts.groups if counted_group(g, year)]
    mentees = {mid for g in groups for mid in g.mentee_ids if mid in facts.mentees}
    mentors = {g.mentor_id for g in groups if g.mentor_id in facts.mentors}

    def by_category(ids: set[int], people: dict[int, Person]) -> dict[str, int]:
        counts = Counter(people[i].category or "категория не указана" for i in ids)
        return dict(sorted(counts.items()))

    def by_form(chosen: list[Group]) -> dict[str, int]:
        return dict(sorted(Counter(g.form or NO_FORM for g in chosen).items()))

    pairs = [g for g in groups if len(g.mentee_ids) <= 1]
    multi = [g for g in groups if len(g.mentee_ids) > 1]
    return {
        "period": year.code,
        "title": year.title,
        "mentees": {"total": len(mentees), "by_category": by_category(mentees, facts.mentees)},
        "mentors": {"total": len(mentors), "by_category": by_category(mentors, facts.mentors)},
        "pairs": {"total": len(pairs), "by_form": by_form(pairs)},
        "groups": {"total": len(multi), "by_form": by_form(multi)},
    }
