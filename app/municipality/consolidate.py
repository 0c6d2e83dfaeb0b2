"""The «Свод»: who reported a quarter (against the calendar), indicators per school, municipal totals, trend.

The status of a school is decided by the school's export time (manifest ``created_at``) of its first accepted
package of the quarter, not by when the stick was loaded here: a correction after the deadline does not make an
on-time school late. «Повторных отправок» counts the accepted packages after the first (rejected ones are never
stored).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from app.indicator_defs import BY_CODE, DEFINITIONS
from app.periods import Period
from app.schemas_monitoring import IndicatorValue

SUBMITTED, LATE, OVERDUE, AWAITING = "submitted", "late", "overdue", "awaiting"
STATUS_TEXT = {SUBMITTED: "сдан", LATE: "сдан с опозданием", OVERDUE: "не сдан (просрочен)",
               AWAITING: "не сдан (ожидается)"}
SURVEYS, PARTICIPANTS = "data/surveys.json", "data/participants.json"
_ORDER = {d.code: n for n, d in enumerate(DEFINITIONS)}
SHORT_TITLES = {
    "mentees_10_18": "Дети 10–18 лет — наставляемые",
    "mentors_15_19": "Дети 15–19 лет — наставники",
    "young_teachers": "Молодые педагоги — наставляемые",
    "students_involved": "Обучающиеся, вовлечённые в наставничество",
    "teacher_mentors": "Педагоги — наставники",
    "partners": "Организации-партнёры",
    "satisfaction_mentees": "Удовлетворённость наставляемых",
    "satisfaction_mentors": "Удовлетворённость наставников",
}


def short_title(code: str, title: str = "") -> str:
    return SHORT_TITLES.get(code) or title or code


@dataclass(frozen=True)
class SchoolStatus:
    """One line of the status matrix."""

    school_id: int
    code: str
    name: str  # short name, or the full one
    kind: str
    status: str  # submitted | late | overdue | awaiting
    deadline: dt.date | None
    received_at: dt.datetime | None = None  # local time of the current package's import
    file_name: str = ""
    sha_short: str = ""
    resubmissions: int = 0  # accepted packages of the quarter after the first (current or history)
    personal_data: bool = False
    archived: bool = False
    submitted_at: dt.datetime | None = None  # local time the school exported its first package: decides the status

    @property
    def status_text(self) -> str:
        return STATUS_TEXT[self.status]

    @property
    def reported(self) -> bool:
        return self.status in (SUBMITTED, LATE)


@dataclass(frozen=True)
class SchoolIndicators:
    """The indicators one school reported for the quarter (its current package)."""

    school_id: int
    code: str
    name: str
    indicators: tuple[IndicatorValue, ...]

    def by_code(self) -> dict[str, IndicatorValue]:
        return {v.code: v for v in self.indicators}


@dataclass(frozen=True)
class TotalValue:
    """A municipal total: summed numerators ÷ summed denominators (or a respondent-weighted survey mean)."""

    code: str
    title: str
    numerator: int | None
    denominator: int | None
    percent: float | None
    schools: int  # schools counted in the total
    reported: int  # schools whose package carries the indicator
    note: str = ""
    level: str = "school"
    respondents: int | None = None  # survey indicators: answers behind the mean


@dataclass(frozen=True)
class PackageRef:
    """A received package of the school for the quarter (current or replaced)."""

    id: int
    file_name: str
    sha256: str
    created_at: dt.datetime
    received_at: dt.datetime
    current: bool
    encrypted: bool
    personal_data: bool


@dataclass(frozen=True)
class SchoolDetail:
    """A drill-down: the school, its status, the current package's manifest, counts and indicators, history."""

    status: SchoolStatus
    full_name: str
    contact: str
    manifest: dict = field(default_factory=dict)
    counts: dict = field(default_factory=dict)
    indicators: tuple[IndicatorValue, ...] = ()
    packages: tuple[PackageRef, ...] = ()
    has_report: bool = False
    roadmap: dict = field(default_factory=dict)  # academic_year and summary of data/roadmap.json (format ≥ 1.1)


def local_time(value: dt.datetime | None) -> dt.datetime | None:
    """A stored naive UTC time as naive local time (the municipality's computer decides what day it was)."""
    if value is None:
        return None
    return value.replace(tzinfo=dt.timezone.utc).astimezone().replace(tzinfo=None)


def classify(received: dt.date | None, deadline: dt.date | None, today: dt.date) -> str:
    """The status rule: ``received`` is the local day the school exported its first accepted package of the
    quarter (not the day it was loaded here); on or before the deadline (or with no deadline known) it is «сдан»."""
    if received is not None:
        return LATE if deadline is not None and received > deadline else SUBMITTED
    return OVERDUE if deadline is not None and today > deadline else AWAITING


def deadline_of(session, *, period: Period) -> dt.date | None:  # noqa: ANN001
    from sqlalchemy import select

    from db.models_municipality import ReportingDeadline

    return session.execute(select(ReportingDeadline.deadline)
                           .where(ReportingDeadline.period == period.code)).scalar_one_or_none()


def _school_name(short: str, full: str, code: str) -> str:
    return short or full or code


def status_matrix(session, *, period: Period, today: dt.date | None = None) -> list[SchoolStatus]:  # noqa: ANN001
    """Every non-archived school (and an archived one that reported the quarter), by code."""
    from sqlalchemy import func, select

    from db.models_municipality import MunicipalSchool as S
    from db.models_municipality import ReceivedPackage as P

    today = today or dt.date.today()
    deadline = deadline_of(session, period=period)
    current = {r.school_id: r for r in session.execute(
        select(P.school_id, P.received_at, P.file_name, P.sha256, P.personal_data)
        .where(P.period == period.code, P.current.is_(True)))}
    first = {r.school_id: r for r in session.execute(
        select(P.school_id, func.min(P.created_at).label("created_at"), func.count().label("n"))
        .where(P.period == period.code).group_by(P.school_id))}
    out = []
    for s in session.execute(select(S.id, S.code, S.short_name, S.full_name, S.kind, S.archived).order_by(S.code)):
        pkg, sent = current.get(s.id), first.get(s.id)
        if s.archived and pkg is None:
            continue
        submitted = local_time(sent.created_at) if pkg and sent else None
        out.append(SchoolStatus(
            s.id, s.code, _school_name(s.short_name, s.full_name, s.code), s.kind,
            classify(submitted.date() if submitted else None, deadline, today), deadline,
            local_time(pkg.received_at) if pkg else None, pkg.file_name if pkg else "",
            pkg.sha256[:12] if pkg else "", max(sent.n - 1, 0) if pkg and sent else 0,
            bool(pkg and pkg.personal_data), s.archived, submitted))
    return out


def _values(session, period: Period) -> list:  # noqa: ANN001
    """(school_id, code, title, numerator, denominator, percent, level) of the current packages of the quarter."""
    from sqlalchemy import select

    from db.models_municipality import ReceivedIndicator as I
    from db.models_municipality import ReceivedPackage as P

    return list(session.execute(
        select(I.school_id, I.code, I.title, I.numerator, I.denominator, I.percent, I.level)
        .join(P, P.id == I.package_id).where(P.period == period.code, P.current.is_(True))))


def _sort_key(code: str) -> tuple[int, str]:
    return _ORDER.get(code, len(_ORDER)), code


def indicators_by_school(session, *, period: Period) -> list[SchoolIndicators]:  # noqa: ANN001
    """The indicators of each school that has a current package for the quarter, by school code."""
    from sqlalchemy import select

    from db.models_municipality import MunicipalSchool as S

    per: dict[int, list[IndicatorValue]] = defaultdict(list)
    for r in _values(session, period):
        per[r.school_id].append(IndicatorValue(r.code, r.title, r.numerator, r.denominator, r.percent,
                                               level=r.level or "school"))
    if not per:
        return []
    schools = session.execute(select(S.id, S.code, S.short_name, S.full_name).where(S.id.in_(per))
                              .order_by(S.code))
    return [SchoolIndicators(s.id, s.code, _school_name(s.short_name, s.full_name, s.code),
                             tuple(sorted(per[s.id], key=lambda v: _sort_key(v.code)))) for s in schools]


def _respondents(session, period: Period) -> dict[tuple[int, str], int]:  # noqa: ANN001
    """(school_id, role) → number of satisfaction answers, read from the packages' data/surveys.json."""
    import json

    from sqlalchemy import func, select

    from db.models_municipality import ReceivedPackage as P

    roles = ("mentee", "mentor")
    # one json_extract with both paths: SQLite parses each package's content once and returns «[n1, n2]»
    both = func.json_extract(P.content, *(f'$."{SURVEYS}".satisfaction.{role}.n' for role in roles))
    out: dict[tuple[int, str], int] = {}
    for school_id, counts in session.execute(select(P.school_id, both).where(P.period == period.code,
                                                                             P.current.is_(True))):
        try:
            values = json.loads(counts) if isinstance(counts, str) else []
        except ValueError:
            values = []
        for role, n in zip(roles, values):
            if isinstance(n, int) and not isinstance(n, bool) and n >= 0:
                out[school_id, role] = n
    return out


def _partner_names(session, period: Period) -> set[str]:  # noqa: ANN001
    """Distinct partner organisation names (folded) of the participants (only mentors carry one) in the current
    packages; json_tree with a key filter is ~3× faster than json_each plus json_extract per item."""
    from sqlalchemy import text

    from app.text import fold

    rows = session.execute(text(
        "SELECT DISTINCT j.value FROM received_package p, "
        f"json_tree(p.content, '$.\"{PARTICIPANTS}\".items') j WHERE p.period = :period AND p.current = 1 "
        "AND j.key = 'partner' AND j.type = 'text'"), {"period": period.code})
    return {fold(name).strip() for (name,) in rows if isinstance(name, str) and name.strip()}


def _of_schools(n: int) -> str:
    from app.text import plural

    return f"{n} {plural(n, 'организации', 'организаций', 'организаций')}"


def _by_schools(n: int) -> str:
    from app.text import plural

    return f"{n} {plural(n, 'организации', 'организациям', 'организациям')}"


def _share_total(code: str, title: str, level: str, rows: list) -> TotalValue:
    both = [r for r in rows if r.numerator is not None and r.denominator is not None]
    num, den = sum(r.numerator for r in both), sum(r.denominator for r in both)
    percent = num * 100 / den if den else None
    note = f"сумма числителей и знаменателей {_of_schools(len(both))}"
    if len(both) < len(rows):
        note += f"; не учтено {len(rows) - len(both)} (нет числителя или знаменателя)"
    if both and not den:
        note += "; сумма знаменателей равна нулю"
    return TotalValue(code, title, num if both else None, den if both else None, percent, len(both), len(rows),
                      note, level)


def _survey_total(code: str, title: str, level: str, rows: list, weights: dict[int, int]) -> TotalValue:
    known = [r for r in rows if r.percent is not None]
    if not known:
        return TotalValue(code, title, None, None, None, 0, len(rows), "нет данных анкетирования", level)
    if all(weights.get(r.school_id) for r in known):
        total = sum(weights[r.school_id] for r in known)
        percent = sum(r.percent * weights[r.school_id] for r in known) / total
        return TotalValue(code, title, None, None, percent, len(known), len(rows),
                          f"среднее, взвешенное по числу ответов ({total}), по {_by_schools(len(known))}", level,
                          total)
    percent = sum(r.percent for r in known) / len(known)
    return TotalValue(code, title, None, None, percent, len(known), len(rows),
                      f"простое среднее по {_by_schools(len(known))}: число ответов известно не по всем", level)


def _partners_total(code: str, title: str, level: str, rows: list, distinct: int | None) -> TotalValue:
    known = [r for r in rows if r.numerator is not None]
    num = sum(r.numerator for r in known) if known else None
    note = (f"сумма по {_by_schools(len(known))}; организация, работающая с несколькими школами, учтена "
            "в каждой")
    if distinct is not None:
        note += f"; разных по названию в пакетах — {distinct}"
    note += "; долю считает управление образования от числа организаций муниципалитета"
    return TotalValue(code, title, num, None, None, len(known), len(rows), note, level)


def municipal_totals(session, *, period: Period, partner_names: bool = True) -> list[TotalValue]:  # noqa: ANN001
    """Totals of every indicator reported for the quarter, in the order of the indicator definitions.

    ``partner_names``: also count the distinct partner organisations by name over the packages' participants
    (for the note of «partners»; the trend, which needs only percentages, skips this scan).
    """
    by_code: dict[str, list] = defaultdict(list)
    for r in _values(session, period):
        by_code[r.code].append(r)
    for d in DEFINITIONS:
        by_code.setdefault(d.code, [])
    respondents = _respondents(session, period) if any(
        by_code[d.code] for d in DEFINITIONS if d.survey_role) else {}
    out = []
    for code in sorted(by_code, key=_sort_key):
        rows, d = by_code[code], BY_CODE.get(code)
        title = d.title if d else (rows[0].title if rows else code)
        level = d.level if d else (rows[0].level if rows else "school")
        if d is not None and d.survey_role:
            weights = {k[0]: n for k, n in respondents.items() if k[1] == d.survey_role}
            out.append(_survey_total(code, title, level, rows, weights))
        elif code == "partners":
            out.append(_partners_total(code, title, level, rows,
                                       len(_partner_names(session, period)) if rows and partner_names else None))
        else:
            out.append(_share_total(code, title, level, rows))
    return out


def trend(session, *, periods: list[Period],  # noqa: ANN001
          cache: dict[str, list[TotalValue]] | None = None) -> dict[str, list[tuple[str, float | None]]]:
    """For each indicator: (period code, municipal percent) over the periods, in the order given.

    ``cache`` maps period codes to totals already computed (e.g. the report's own quarter); the totals computed
    here are added to it, so a report computes each quarter once.
    """
    cache = {} if cache is None else cache
    out: dict[str, dict[str, float | None]] = {}
    for period in periods:
        if period.code not in cache:
            cache[period.code] = municipal_totals(session, period=period, partner_names=False)
        for t in cache[period.code]:
            out.setdefault(t.code, {})[period.code] = t.percent
    return {code: [(p.code, line.get(p.code)) for p in periods] for code, line in out.items()}


def school_detail(session, *, school_id: int, period: Period,  # noqa: ANN001
                  today: dt.date | None = None) -> SchoolDetail:
    """One school's status for the quarter with its current package (manifest, counts, indicators) and history."""
    from sqlalchemy import select

    from app.errors import NotFoundError
    from db.models_municipality import MunicipalSchool, ReceivedIndicator, ReceivedPackage

    school = session.get(MunicipalSchool, school_id)
    if school is None:
        raise NotFoundError("Организация не найдена в реестре — возможно, её удалили")
    today = today or dt.date.today()
    packages = list(session.execute(select(ReceivedPackage).where(ReceivedPackage.school_id == school_id,
                                                                  ReceivedPackage.period == period.code)
                                    .order_by(ReceivedPackage.received_at.desc())).scalars())
    current = next((p for p in packages if p.current), None)
    deadline = deadline_of(session, period=period)
    submitted = local_time(min(p.created_at for p in packages)) if current else None
    status = SchoolStatus(school.id, school.code, _school_name(school.short_name, school.full_name, school.code),
                          school.kind, classify(submitted.date() if submitted else None, deadline, today), deadline,
                          local_time(current.received_at) if current else None, current.file_name if current else "",
                          current.sha256[:12] if current else "", len(packages) - 1 if current else 0,
                          bool(current and current.personal_data), school.archived, submitted)
    refs = tuple(PackageRef(p.id, p.file_name, p.sha256, p.created_at, local_time(p.received_at), p.current,
                            p.encrypted, p.personal_data) for p in packages)
    if current is None:
        return SchoolDetail(status, school.full_name, school.contact, packages=refs)
    values = session.execute(select(ReceivedIndicator).where(ReceivedIndicator.package_id == current.id)).scalars()
    indicators = tuple(sorted((IndicatorValue(v.code, v.title, v.numerator, v.denominator, v.percent,
                                              level=v.level or "school") for v in values),
                              key=lambda v: _sort_key(v.code)))
    manifest = dict(current.manifest or {})
    roadmap = dict((current.content or {}).get("data/roadmap.json") or {})
    return SchoolDetail(status, school.full_name, school.contact, manifest, dict(manifest.get("counts") or {}),
                        indicators, refs, bool(current.report_xlsx),
                        {"academic_year": roadmap.get("academic_year", ""), "summary": roadmap.get("summary") or {}})


__all__ = ["AWAITING", "LATE", "OVERDUE", "SHORT_TITLES", "STATUS_TEXT", "SUBMITTED", "PackageRef", "SchoolDetail",
           "SchoolIndicators", "SchoolStatus", "TotalValue", "classify", "deadline_of", "indicators_by_school",
           "local_time", "municipal_totals", "school_detail", "short_title", "status_matrix", "trend"]
