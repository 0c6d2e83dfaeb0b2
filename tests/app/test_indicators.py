"""Indicators on small hand-built databases with the expected numbers written out."""

from __future__ import annotations

import datetime as dt

import pytest

from app.indicator_defs import DEFINITIONS, reference_date, years_text
from app.indicators import compute_indicators, federal_stats, format_percent, indicator_people
from app.periods import parse_period
from app.schemas import ConsentData, GroupData
from app.schemas_meetings import MeetingData
from app.schemas_monitoring import ContingentData
from app.schemas_surveys import ResponseData
from app.services import meetings, pairs
from app.services.contingent import save_contingent
from app.services.people import save_mentee, save_mentor
from app.services.surveys import add_responses, list_templates
from app.settings import save_settings
from tests import factories

D = dt.date
Q4 = parse_period("2026-Q4")  # October–December 2026; ages on 01.09.2026 by default
TODAY = D(2026, 11, 26)
NAMES = iter(["Абрамов", "Белов", "Васильев", "Громов", "Дёмин", "Ершов", "Жуков", "Зуев", "Исаев", "Климов",
              "Лебедев", "Морозов", "Носов", "Орлов", "Попов", "Рыбаков", "Соколов", "Титов", "Уваров",
              "Фёдоров", "Хомяков", "Цветков", "Чернов", "Шилов", "Щукин", "Юдин", "Яковлев"] * 3)


def kid(session, name: str, birth: D | None = None, *, year: int | None = None,  # noqa: ANN001
        category: str = "обучающийся", experience: float | None = None) -> int:
    return save_mentee(session, data=factories.mentee(last_name=name, birth_date=birth, birth_year=year,
                                                      category=category, experience_years=experience))


def mentor(session, name: str, *, category: str = "педагог", birth: D | None = None,  # noqa: ANN001
           year: int | None = 1980, partner: str = "") -> int:
    return save_mentor(session, data=factories.mentor(last_name=name, first_name="Ольга", category=category,
                                                      birth_date=birth, birth_year=None if birth else year,
                                                      partner_name=partner, capacity=20))


def pair(session, mentor_id: int, mentee_ids: list[int], *, start: D = D(2026, 9, 15),  # noqa: ANN001
         path: tuple[tuple[str, D], ...] = (("approved", D(2026, 9, 25)),), form: str = "ученик – ученик") -> int:
    gid = pairs.save_group(session, data=GroupData(mentor_id=mentor_id, mentee_ids=tuple(mentee_ids), form=form,
                                                   start_date=start))
    for status, on in path:
        pairs.set_status(session, group_id=gid, status=status, on=on, reason="переезд")
    return gid


def meet(session, gid: int, on: D, kind: str = "рабочая встреча") -> int:  # noqa: ANN001
    return meetings.save_meeting(session, data=MeetingData(group_id=gid, date=on, kind=kind))


def value(values, code: str):  # noqa: ANN001, ANN201
    return next(v for v in values if v.code == code)


@pytest.fixture
def teacher(session):
    return mentor(session, "Учителева")


def test_definitions_have_titles_and_denominators():
    codes = [d.code for d in DEFINITIONS]
    assert codes == ["mentees_10_18", "mentors_15_19", "young_teachers", "students_involved", "teacher_mentors",
                     "partners", "satisfaction_mentees", "satisfaction_mentors"]
    titles = {d.code: d.title for d in DEFINITIONS}
    assert titles["mentees_10_18"] == ("Доля детей в возрасте от 10 до 18 лет, вошедших в программы наставничества "
                                       "в роли наставляемого")
    assert titles["young_teachers"].startswith("Доля учителей – молодых специалистов (с опытом работы от 0 до 3 лет)")
    assert {d.code: d.denominator for d in DEFINITIONS if d.denominator} == {
        "mentees_10_18": "students_10_18", "mentors_15_19": "students_15_19", "young_teachers": "young_teachers",
        "students_involved": "students_total", "teacher_mentors": "teachers_total"}
    assert [d.code for d in DEFINITIONS if d.level == "municipality"] == ["partners"]


def test_reference_date_inside_the_academic_year():
    assert reference_date(Q4, "09-01") == D(2026, 9, 1)
    assert reference_date(Q4, "05-25") == D(2027, 5, 25)
    assert reference_date(parse_period("2027-Q1"), "09-01") == D(2026, 9, 1)
    assert reference_date(parse_period("2026-Q2"), "09-01") == D(2025, 9, 1)
    assert reference_date(parse_period("2026/2027"), "12-31") == D(2026, 12, 31)
    assert reference_date(parse_period("2026/2027"), "02-29") == D(2027, 2, 28)


def test_format_percent():
    assert format_percent(3 / 7 * 100) == "42,9 %"
    assert format_percent(0.0) == "0,0 %"
    assert format_percent(100) == "100,0 %"
    assert format_percent(None) == "—"
    assert [years_text(n) for n in (10, 11, 14, 21, 23)] == ["10 лет", "11 лет", "14 лет", "21 год", "23 года"]


def test_mentees_10_18_boundaries_statuses_and_period(session, teacher):
    ten = kid(session, "Десятов", D(2016, 9, 1))  # 10 on 01.09.2026: counted
    nine = kid(session, "Девятов", D(2016, 9, 2))  # still 9
    eighteen = kid(session, "Восемнадцатов", D(2007, 9, 2))  # 18 (19 tomorrow): counted
    nineteen = kid(session, "Девятнадцатов", D(2007, 9, 1))  # 19
    by_year = kid(session, "Годов", year=2014)  # only the year: 2026 − 2014 = 12, counted
    pair(session, teacher, [ten, nine, eighteen, nineteen, by_year], path=(("approved", D(2026, 9, 25)),
                                                                          ("working", D(2026, 10, 1))))
    draft = kid(session, "Черновиков", D(2014, 1, 1))
    pair(session, teacher, [draft], path=())
    old = kid(session, "Прошлогодний", D(2014, 1, 1))  # finished before the quarter
    pair(session, teacher, [old], start=D(2025, 9, 15), path=(("approved", D(2025, 9, 25)),
                                                              ("finished", D(2026, 5, 31))))
    dissolved = kid(session, "Ушедший", D(2014, 1, 1))  # worked, then dissolved inside the quarter: counted
    gid = pair(session, teacher, [dissolved])
    meet(session, gid, D(2026, 10, 5), "встреча-знакомство")
    pairs.set_status(session, group_id=gid, status="dissolved", reason="переезд", on=D(2026, 10, 20))
    never = kid(session, "Неутверждённый", D(2014, 1, 1))  # a draft dissolved: never active
    pair(session, teacher, [never], path=(("dissolved", D(2026, 10, 3)),))
    later = kid(session, "Будущий", D(2014, 1, 1))  # a pair starting next year
    pair(session, teacher, [later], start=D(2027, 1, 15))
    save_contingent(session, data=ContingentData(period="2026-Q4", students_10_18=7))

    v = value(compute_indicators(session, period=Q4, today=TODAY), "mentees_10_18")
    assert (v.numerator, v.denominator) == (4, 7)
    assert v.percent == pytest.approx(57.142857142857, rel=1e-12)
    assert format_percent(v.percent) == "57,1 %"
    people = indicator_people(session, code="mentees_10_18", period=Q4, today=TODAY)
    assert [p.name.split()[0] for p in people] == ["Восемнадцатов", "Годов", "Десятов", "Ушедший"]
    assert people[2].detail == "8А · 10 лет · ученик – ученик" and people[2].role == "mentee"
    # the 2027 quarter sees the future pair but not the one dissolved in October
    q1 = compute_indicators(session, period=parse_period("2027-Q1"), today=D(2027, 2, 1))
    assert value(q1, "mentees_10_18").numerator == 4  # Десятов, Восемнадцатов, Годов, Будущий
    # ages on 31 December instead: Девятов turns 10, Восемнадцатов turns 19
    save_settings(session, changes={"age_reference": "12-31"})
    names = [p.name.split()[0] for p in indicator_people(session, code="mentees_10_18", period=Q4, today=TODAY)]
    assert names == ["Годов", "Девятов", "Десятов", "Ушедший"]


def test_missing_contingent_gives_no_percent_but_the_numerator(session, teacher):
    pair(session, teacher, [kid(session, "Первый", D(2013, 5, 5))])
    values = compute_indicators(session, period=Q4, today=TODAY)
    v = value(values, "mentees_10_18")
    assert (v.numerator, v.denominator, v.percent) == (1, None, None)
    assert v.note == "не заполнен «Контингент»: Обучающихся в возрасте 10–18 лет"
    assert value(values, "teacher_mentors").note == "не заполнен «Контингент»: Педагогов всего"
    save_contingent(session, data=ContingentData(period="2026/2027", students_10_18=0, teachers_total=40))
    values = compute_indicators(session, period=Q4, today=TODAY)
    assert value(values, "mentees_10_18").percent is None
    assert "равно нулю" in value(values, "mentees_10_18").note
    t = value(values, "teacher_mentors")
    assert (t.numerator, t.denominator, t.percent) == (1, 40, 2.5)
    assert t.note == "знаменатели из «Контингента» за 2026/2027 учебный год"


def test_student_mentors_15_19_young_teachers_students_and_teacher_mentors(session, teacher):
    s15 = mentor(session, "Пятнадцатова", category="обучающийся", birth=D(2011, 9, 1))  # 15: counted
    s14 = mentor(session, "Четырнадцатова", category="обучающийся", birth=D(2011, 9, 2))  # 14
    s19 = mentor(session, "Студентова", category="студент", birth=D(2007, 9, 1))  # 19: counted
    s20 = mentor(session, "Двадцатова", category="студент", birth=D(2006, 9, 1))  # 20
    adult17 = mentor(session, "Родителева", category="родитель", birth=D(2009, 1, 1))  # 17 but not a student
    for m in (s15, s14, s19, s20, adult17):
        pair(session, m, [kid(session, next(NAMES), D(2015, 3, 3))])
    young = kid(session, "Молодой", year=2000, category="молодой специалист", experience=1)
    three = kid(session, "Трёхлетний", year=1998, category="педагог", experience=3)
    four = kid(session, "Опытный", year=1990, category="педагог", experience=4)
    unknown = kid(session, "Безстажный", year=1990, category="педагог")
    pair(session, teacher, [young, three, four, unknown], form="учитель – учитель")
    kid(session, "Безпары", year=2000, category="молодой специалист", experience=0)  # no mentor: not counted
    partner = mentor(session, "Партнёрова", category="представитель организации-партнёра",
                     partner="ООО «Техносфера»")
    partner2 = mentor(session, "Партнёрова-Вторая", category="представитель организации-партнёра",
                      partner="ООО «Техносфера»")
    pair(session, partner, [kid(session, next(NAMES), D(2012, 3, 3))], form="работодатель – ученик")
    pair(session, partner2, [kid(session, next(NAMES), D(2012, 3, 3))], form="работодатель – ученик")
    save_contingent(session, data=ContingentData(period="2026-Q4", students_total=40, students_10_18=30,
                                                 students_15_19=8, teachers_total=20, young_teachers=6))
    values = compute_indicators(session, period=Q4, today=TODAY)
    got = {v.code: (v.numerator, v.denominator) for v in values}
    assert got["mentors_15_19"] == (2, 8)
    assert value(values, "mentors_15_19").percent == 25.0
    assert got["young_teachers"] == (2, 6)
    assert value(values, "young_teachers").percent == pytest.approx(33.333333333333, rel=1e-12)
    # 7 student mentees + 4 student mentors (the parent and partners are not students)
    assert got["students_involved"] == (11, 40)
    assert value(values, "students_involved").percent == 27.5
    assert got["teacher_mentors"] == (1, 20)
    p = value(values, "partners")
    assert (p.numerator, p.denominator, p.percent, p.level) == (1, None, None, "municipality")
    assert "управлением образования" in p.note
    people = indicator_people(session, code="young_teachers", period=Q4)
    assert [x.name.split()[0] for x in people] == ["Молодой", "Трёхлетний"]
    partners = indicator_people(session, code="partners", period=Q4)
    assert {x.detail.split(" · ")[-1] for x in partners} == {"ООО «Техносфера»"} and len(partners) == 2


def test_one_person_in_both_bases_counts_once_as_a_student(session, teacher):
    both = kid(session, "Двойнов", D(2010, 2, 2))
    pair(session, teacher, [both])
    as_mentor = save_mentor(session, data=factories.mentor(last_name="Двойнов", first_name="Пётр",
                                                           middle_name="Сергеевич", birth_date=D(2010, 2, 2),
                                                           birth_year=None, category="обучающийся"))
    pair(session, as_mentor, [kid(session, "Младший", D(2015, 1, 1))])
    save_contingent(session, data=ContingentData(period="2026-Q4", students_total=10))
    v = value(compute_indicators(session, period=Q4, today=TODAY), "students_involved")
    assert (v.numerator, v.denominator, v.percent) == (2, 10, 20.0)


def test_satisfaction_by_the_settings_method_within_the_period(session, teacher):
    ids = [kid(session, next(NAMES), D(2013, 1, 1)) for _ in range(3)]
    gid = pair(session, teacher, ids, form="учитель – ученик")
    post = {t.respondent: t.id for t in list_templates(session) if t.purpose == "post"}
    scores = [(ids[0], 10), (ids[1], 6), (ids[2], 8)]
    add_responses(session, responses=[
        ResponseData(template_id=post["mentee"], answered_on=D(2026, 12, 10), mentee_id=who, group_id=gid,
                     answers={"satisfaction": score}) for who, score in scores]
        + [ResponseData(template_id=post["mentee"], answered_on=D(2026, 9, 30), mentee_id=ids[0],
                        group_id=gid, answers={"satisfaction": 1})]  # before the quarter: ignored
        + [ResponseData(template_id=post["mentor"], answered_on=D(2026, 12, 11), respondent_role="mentor",
                        mentor_id=teacher, group_id=gid, answers={"satisfaction": 9})])
    values = compute_indicators(session, period=Q4, today=TODAY)
    m = value(values, "satisfaction_mentees")
    assert (m.numerator, m.denominator) == (None, None)
    assert m.percent == pytest.approx(80.0)  # (10 + 6 + 8) / 3 / 10
    assert "по среднему баллу" in m.note and "ответов: 3" in m.note
    assert value(values, "satisfaction_mentors").percent == pytest.approx(90.0)
    save_settings(session, changes={"satisfaction_method": "share7"})
    m = value(compute_indicators(session, period=Q4, today=TODAY), "satisfaction_mentees")
    assert m.percent == pytest.approx(200 / 3)  # 2 of 3 scored 7 or more
    assert "7 баллов и выше" in m.note
    people = indicator_people(session, code="satisfaction_mentees", period=Q4)
    assert sorted(p.id for p in people) == sorted(ids)
    empty = value(compute_indicators(session, period=parse_period("2026-Q2")), "satisfaction_mentors")
    assert empty.percent is None and "нет анкет" in empty.note


def test_federal_stats_for_the_academic_year(session, teacher):
    student = mentor(session, "Старшеклассница", category="обучающийся", birth=D(2010, 1, 1))
    pair(session, teacher, [kid(session, next(NAMES), D(2013, 1, 1))], form="учитель – ученик")
    pair(session, teacher, [kid(session, next(NAMES), D(2013, 1, 1)), kid(session, next(NAMES), D(2013, 1, 1))],
         form="учитель – ученик")
    pair(session, student, [kid(session, next(NAMES), D(2016, 1, 1))], form="ученик – ученик", start=D(2027, 2, 1))
    pair(session, teacher, [kid(session, "Молодая", year=2001, category="молодой специалист", experience=1)],
         form="", start=D(2025, 9, 10), path=(("approved", D(2025, 9, 20)), ("finished", D(2026, 5, 20))))
    pair(session, teacher, [kid(session, "Черновая", D(2013, 1, 1))], path=())  # a draft: not counted
    stats = federal_stats(session, period=Q4)
    assert stats == {
        "period": "2026/2027", "title": "2026/2027 учебный год",
        "mentees": {"total": 4, "by_category": {"обучающийся": 4}},
        "mentors": {"total": 2, "by_category": {"обучающийся": 1, "педагог": 1}},
        "pairs": {"total": 2, "by_form": {"ученик – ученик": 1, "учитель – ученик": 1}},
        "groups": {"total": 1, "by_form": {"учитель – ученик": 1}},
    }
    last = federal_stats(session, period=parse_period("2025/2026"))
    assert last["mentees"] == {"total": 1, "by_category": {"молодой специалист": 1}}
    assert last["pairs"] == {"total": 1, "by_form": {"форма не указана": 1}}


def test_consents_do_not_change_the_counts(session, teacher):
    """Counting needs no consent to transfer: the numbers are aggregates."""
    with_consent = save_mentee(session, data=factories.mentee(last_name="Согласнов", consents=(
        ConsentData(kind="transfer", signer="representative", representative_name="Согласнова Анна Ивановна",
                    signed_on=D(2026, 9, 10)),)))
    pair(session, teacher, [with_consent, kid(session, "Несогласнов", D(2012, 3, 14))])
    assert value(compute_indicators(session, period=Q4, today=TODAY), "mentees_10_18").numerator == 2
