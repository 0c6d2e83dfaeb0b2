"""The «Свод» on a hand-made municipality: statuses against the calendar, summed totals, survey means, trend."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from app.errors import NotFoundError
from app.municipality.consolidate import (AWAITING, LATE, OVERDUE, SUBMITTED, classify, indicators_by_school,
                                          municipal_totals, school_detail, status_matrix, trend)
from app.periods import parse_period

Q2, Q3, Q4 = parse_period("2026-Q2"), parse_period("2026-Q3"), parse_period("2026-Q4")
TODAY = dt.date(2026, 11, 26)
_IDS = itertools.count(1)


def _noon(y: int, m: int, d: int) -> dt.datetime:
    """Noon UTC: the same calendar day in every time zone of Russia."""
    return dt.datetime(y, m, d, 9, 0)


def _person(role: str, partner: str | None = None, personal: dict | None = None, **extra) -> dict:
    item = {"id": f"{next(_IDS):020x}", "role": role,
            "category": "обучающийся" if role == "mentee" else "педагог", "age": 14, "age_band": "10-14",
            "class_parallel": 8 if role == "mentee" else None, "forms": ["ученик – ученик"], "status": "active",
            "entry_date": "2026-09-01", "exit_date": None, "partner": partner, "experience_years": None}
    if personal is not None:
        item["personal"] = personal
    item.update(extra)
    return item


def _package(session, school, period, *, received, sha, indicators, current=True, surveys=None,  # noqa: ANN001
             participants=(), personal=False, file_name=None, created=None):
    from db.models_municipality import ReceivedIndicator, ReceivedPackage

    counts = {"mentees": sum(p["role"] == "mentee" for p in participants),
              "mentors": sum(p["role"] == "mentor" for p in participants), "groups": 1, "meetings": 3,
              "survey_responses": (surveys or {}).get("responses", 0), "indicators": len(indicators),
              "personal_records": sum("personal" in p for p in participants)}
    manifest = {"format": "mentordesk-quarterly-package", "format_version": "1.0.0",
                "school": {"code": school.code, "name": school.full_name}, "period": {"code": period.code},
                "counts": counts, "personal_data": personal}
    package = ReceivedPackage(
        school_id=school.id, period=period.code, sha256=sha * 64, file_name=file_name or f"{school.code}_{period.code}"
        ".mdpkg", size=1000, format_version="1.0.0", created_at=created or received - dt.timedelta(hours=1),
        received_at=received, personal_data=personal, current=current, manifest=manifest,
        content={"data/participants.json": {"items": list(participants)},
                 "data/surveys.json": surveys or {"responses": 0}},
        report_xlsx=b"PK-fake" if current else b"")
    session.add(package)
    session.flush()
    for code, numerator, denominator, percent in indicators:
        if percent is None and numerator is not None and denominator:
            percent = round(numerator * 100 / denominator, 2)
        session.add(ReceivedIndicator(package_id=package.id, school_id=school.id, period=period.code, code=code,
                                      title=code, numerator=numerator, denominator=denominator, percent=percent,
                                      level="municipality" if code == "partners" else "school"))
    return package


def _satisfaction(mentee: tuple[int, float | None], mentor: tuple[int, float | None] = (0, None)) -> dict:
    return {"responses": mentee[0] + mentor[0], "method": "mean",
            "satisfaction": {"mentee": {"n": mentee[0], "chosen_pct": mentee[1]},
                             "mentor": {"n": mentor[0], "chosen_pct": mentor[1]}}}


def build_municipality(session) -> dict[str, object]:  # noqa: ANN001
    """Four schools (+1 archived), deadlines for Q3 (10.10.2026) and Q4 (15.01.2027), none for Q2.

    Q3: A on time (resubmitted once, personal data), B late, C missing (overdue), D on the deadline day.
    """
    from db.engine import transaction
    from db.models_municipality import MunicipalityProfile, MunicipalSchool, ReportingDeadline

    with transaction(session):
        session.add(MunicipalityProfile(name="Управление образования администрации города Заречный",
                                        region="Пензенская область",
                                        specialist="Главный специалист И.П. Кузнецова"))
        schools = {}
        for code, short, full, contact in (
                ("52-0001", "Школа № 1", "МБОУ «Средняя школа № 1»", "school1@example.ru"),
                ("52-0002", "Гимназия № 2", "МБОУ «Гимназия № 2»", "+7 900 000-00-02"),
                ("52-0003", "Школа № 3", "МБОУ «Средняя школа № 3»", "school3@example.ru"),
                ("52-0004", "Колледж", "ГБПОУ «Заречный колледж»", "")):
            schools[code] = MunicipalSchool(code=code, short_name=short, full_name=full, contact=contact,
                                            kind="колледж" if code == "52-0004" else "школа")
        schools["52-0009"] = MunicipalSchool(code="52-0009", short_name="Закрытая школа", archived=True)
        session.add_all(schools.values())
        session.add_all([ReportingDeadline(period="2026-Q3", deadline=dt.date(2026, 10, 10)),
                         ReportingDeadline(period="2026-Q4", deadline=dt.date(2027, 1, 15))])
        session.flush()
        a, b, _c, d = (schools[k] for k in ("52-0001", "52-0002", "52-0003", "52-0004"))
        # Q3
        _package(session, a, Q3, received=_noon(2026, 10, 1), sha="1", current=False,
                 indicators=[("mentees_10_18", 1, 10, None)])
        _package(session, a, Q3, received=_noon(2026, 10, 5), sha="a", personal=True,
                 indicators=[("mentees_10_18", 3, 10, None), ("teacher_mentors", 2, 20, None),
                             ("satisfaction_mentees", None, None, 80.0), ("partners", 2, None, None)],
                 surveys=_satisfaction((10, 80.0)),
                 participants=[_person("mentee", personal={"last_name": "Иванов", "first_name": "Пётр",
                                                           "middle_name": "Сергеевич", "birth_date": "2012-03-04"}),
                               _person("mentor", partner="ООО «Ромашка»", category="педагог", age=45,
                                       personal={"last_name": "Смирнова", "first_name": "Ольга",
                                                 "middle_name": "Ивановна", "birth_date": None}),
                               _person("mentor", partner="ИП Петров")])
        _package(session, b, Q3, received=_noon(2026, 10, 12), sha="b",
                 indicators=[("mentees_10_18", 5, 30, None), ("teacher_mentors", 4, None, None),
                             ("satisfaction_mentees", None, None, 60.0), ("partners", 1, None, None)],
                 surveys=_satisfaction((30, 60.0)), participants=[_person("mentor", partner="ооо «ромашка» ")])
        _package(session, d, Q3, received=_noon(2026, 10, 10), sha="d",
                 indicators=[("mentees_10_18", 4, None, None), ("teacher_mentors", 6, 40, None),
                             ("satisfaction_mentees", None, None, None)])
        # Q4 and Q2
        _package(session, a, Q4, received=_noon(2026, 11, 20), sha="4", indicators=[("mentees_10_18", 6, 10, None)])
        _package(session, a, Q2, received=_noon(2026, 8, 30), sha="2", indicators=[("mentees_10_18", 1, 10, None)])
    return {code: s.id for code, s in schools.items()}


def test_classify_rule():
    deadline = dt.date(2026, 10, 10)
    assert classify(dt.date(2026, 10, 10), deadline, TODAY) == SUBMITTED
    assert classify(dt.date(2026, 10, 11), deadline, TODAY) == LATE
    assert classify(dt.date(2027, 5, 1), None, TODAY) == SUBMITTED  # no deadline known
    assert classify(None, deadline, TODAY) == OVERDUE
    assert classify(None, deadline, dt.date(2026, 10, 10)) == AWAITING  # on the deadline day it is still awaited
    assert classify(None, None, TODAY) == AWAITING


def test_status_matrix_against_the_calendar(session):
    ids = build_municipality(session)
    rows = {r.code: r for r in status_matrix(session, period=Q3, today=TODAY)}
    assert list(rows) == ["52-0001", "52-0002", "52-0003", "52-0004"]  # the archived school without a package is out
    a, b, c, d = rows.values()
    assert (a.status, a.status_text, a.resubmissions, a.personal_data) == (SUBMITTED, "сдан", 1, True)
    assert a.received_at.date() == dt.date(2026, 10, 5) and a.sha_short == "a" * 12
    assert a.file_name == "52-0001_2026-Q3.mdpkg" and a.deadline == dt.date(2026, 10, 10)
    assert (b.status, b.status_text, b.resubmissions) == (LATE, "сдан с опозданием", 0)
    assert (c.status, c.status_text, c.received_at, c.file_name) == (OVERDUE, "не сдан (просрочен)", None, "")
    assert d.status == SUBMITTED and d.school_id == ids["52-0004"] and d.kind == "колледж"
    assert [r.reported for r in rows.values()] == [True, True, False, True]
    q4 = {r.code: r.status for r in status_matrix(session, period=Q4, today=TODAY)}
    assert q4 == {"52-0001": SUBMITTED, "52-0002": AWAITING, "52-0003": AWAITING, "52-0004": AWAITING}
    q2 = {r.code: r.status for r in status_matrix(session, period=Q2, today=TODAY)}  # no deadline in the calendar
    assert q2["52-0001"] == SUBMITTED and q2["52-0002"] == AWAITING


def test_status_follows_the_school_export_not_the_loading_day(session):
    """QA findings 2 and 17: exported on time but loaded late is «сдан»; a late correction keeps it «сдан»;
    «Повторных отправок» counts the accepted packages after the first."""
    from db.models_municipality import MunicipalSchool

    ids = build_municipality(session)
    c = session.get(MunicipalSchool, ids["52-0003"])
    _package(session, c, Q3, received=_noon(2026, 10, 20), created=_noon(2026, 10, 9), sha="c", current=False,
             indicators=[("mentees_10_18", 1, 10, None)])
    _package(session, c, Q3, received=_noon(2026, 10, 21), created=_noon(2026, 10, 15), sha="e",
             indicators=[("mentees_10_18", 2, 10, None)])
    session.commit()
    row = {r.code: r for r in status_matrix(session, period=Q3, today=TODAY)}["52-0003"]
    assert (row.status, row.status_text, row.resubmissions) == (SUBMITTED, "сдан", 1)
    assert row.submitted_at.date() == dt.date(2026, 10, 9) and row.received_at.date() == dt.date(2026, 10, 21)
    assert row.sha_short == "e" * 12  # the correction is the current package
    detail = school_detail(session, school_id=ids["52-0003"], period=Q3, today=TODAY).status
    assert (detail.status, detail.resubmissions, detail.submitted_at, detail.received_at) == (
        SUBMITTED, 1, row.submitted_at, row.received_at)
    late = {r.code: r for r in status_matrix(session, period=Q3, today=TODAY)}["52-0002"]
    assert late.status == LATE and late.submitted_at.date() == dt.date(2026, 10, 12)  # exported after 10.10


def test_indicators_by_school_come_from_current_packages(session):
    build_municipality(session)
    schools = indicators_by_school(session, period=Q3)
    assert [s.code for s in schools] == ["52-0001", "52-0002", "52-0004"]
    a = schools[0].by_code()
    assert (a["mentees_10_18"].numerator, a["mentees_10_18"].denominator, a["mentees_10_18"].percent) == (3, 10, 30.0)
    assert [v.code for v in schools[0].indicators] == ["mentees_10_18", "teacher_mentors", "partners",
                                                       "satisfaction_mentees"]  # the definitions' order
    assert schools[2].by_code()["mentees_10_18"].denominator is None
    assert indicators_by_school(session, period=parse_period("2025-Q1")) == []


def test_totals_sum_numerators_and_denominators(session):
    build_municipality(session)
    totals = {t.code: t for t in municipal_totals(session, period=Q3)}
    m = totals["mentees_10_18"]
    # (3 + 5) / (10 + 30) = 20 %, not the mean of 30 % and 16,7 %; D has no denominator and is left out
    assert (m.numerator, m.denominator, m.percent, m.schools, m.reported) == (8, 40, 20.0, 2, 3)
    assert "2 организаций" in m.note and "не учтено 1" in m.note
    t = totals["teacher_mentors"]
    assert (t.numerator, t.denominator, t.schools) == (8, 60, 2) and t.percent == pytest.approx(13.3333, abs=1e-3)
    s = totals["satisfaction_mentees"]
    # weighted by respondents: (80·10 + 60·30) / 40 = 65 (the plain mean would be 70)
    assert s.percent == pytest.approx(65.0) and s.respondents == 40 and s.schools == 2 and s.reported == 3
    assert "взвешенное по числу ответов" in s.note
    p = totals["partners"]
    assert (p.numerator, p.denominator, p.percent, p.schools) == (3, None, None, 2)
    assert "разных по названию в пакетах — 2" in p.note  # «ООО «Ромашка»» in two schools counts once
    empty = totals["young_teachers"]  # nobody reported it: still listed, without numbers
    assert (empty.numerator, empty.denominator, empty.percent, empty.schools) == (None, None, None, 0)
    assert [t.code for t in municipal_totals(session, period=Q3)][:2] == ["mentees_10_18", "mentors_15_19"]


def test_survey_mean_is_unweighted_when_respondents_are_unknown(session):
    from sqlalchemy import select

    from db.engine import transaction
    from db.models_municipality import ReceivedPackage

    build_municipality(session)
    with transaction(session):
        package = session.execute(select(ReceivedPackage).where(ReceivedPackage.sha256 == "b" * 64)).scalar_one()
        package.content = {"data/surveys.json": {"responses": 30}}  # no satisfaction block
    s = {t.code: t for t in municipal_totals(session, period=Q3)}["satisfaction_mentees"]
    assert s.percent == pytest.approx(70.0) and s.respondents is None and "простое среднее" in s.note


def test_trend_over_quarters(session):
    build_municipality(session)
    lines = trend(session, periods=[Q2, Q3, Q4])
    assert lines["mentees_10_18"] == [("2026-Q2", 10.0), ("2026-Q3", 20.0), ("2026-Q4", 60.0)]
    assert lines["teacher_mentors"][0] == ("2026-Q2", None) and lines["teacher_mentors"][1][1] == pytest.approx(
        13.333, abs=1e-3)


def test_school_detail_drill_down(session):
    ids = build_municipality(session)
    detail = school_detail(session, school_id=ids["52-0001"], period=Q3, today=TODAY)
    assert detail.status.status == SUBMITTED and detail.full_name == "МБОУ «Средняя школа № 1»"
    assert detail.counts["mentees"] == 1 and detail.counts["mentors"] == 2 and detail.has_report
    assert [p.current for p in detail.packages] == [True, False]  # newest first, history kept
    assert {v.code: v.numerator for v in detail.indicators}["mentees_10_18"] == 3
    missing = school_detail(session, school_id=ids["52-0003"], period=Q3, today=TODAY)
    assert missing.status.status == OVERDUE and missing.indicators == () and missing.packages == ()
    with pytest.raises(NotFoundError):
        school_detail(session, school_id=9999, period=Q3)
