"""«Контингент»: validation naming the field, storage per period, fallbacks for a quarter without an entry."""

from __future__ import annotations

import pytest

from app.errors import ValidationError
from app.periods import parse_period
from app.schemas_monitoring import ContingentData
from app.services.contingent import (effective_contingent, get_contingent, list_contingents, missing_fields,
                                     save_contingent, source_note)


def full(period: str, **overrides) -> ContingentData:
    values = dict(students_total=700, students_10_18=450, students_15_19=150, teachers_total=60, young_teachers=8)
    values.update(overrides)
    return ContingentData(period=period, **values)


def test_empty_when_nothing_stored(session):
    assert get_contingent(session, period="2026-q4") == ContingentData(period="2026-Q4")
    assert list_contingents(session) == []
    assert missing_fields(get_contingent(session, period="2026-Q4")) == [
        "students_total", "students_10_18", "students_15_19", "teachers_total", "young_teachers"]


def test_saved_replaced_and_listed_in_period_order(session):
    save_contingent(session, data=full("2026-Q4"))
    save_contingent(session, data=full(" 2026/2027 ", students_total=710))
    save_contingent(session, data=full("2026-Q4", students_total=705, young_teachers=None))
    assert get_contingent(session, period="2026-Q4") == full("2026-Q4", students_total=705, young_teachers=None)
    assert [d.period for d in list_contingents(session)] == ["2026/2027", "2026-Q4"]
    assert get_contingent(session, period="2026/2027").students_total == 710


@pytest.mark.parametrize(("changes", "field", "text"), [
    (dict(students_total=-1), "Обучающихся всего", "отрицательным"),
    (dict(teachers_total=2.5), "Педагогов всего", "целое"),
    (dict(students_10_18=701), "Обучающихся в возрасте 10–18 лет", "больше, чем «Обучающихся всего» (700)"),
    (dict(students_15_19=800), "Обучающихся в возрасте 15–19 лет", "больше"),
    (dict(young_teachers=61), "Молодых педагогов (стаж 0–3 года)", "больше, чем «Педагогов всего» (60)"),
])
def test_validation_names_the_field_and_stores_nothing(session, changes, field, text):
    with pytest.raises(ValidationError) as err:
        save_contingent(session, data=full("2026-Q4", **changes))
    assert [i.field for i in err.value.issues] == [field]
    assert text in err.value.issues[0].message
    assert list_contingents(session) == []


def test_bad_period_refused(session):
    with pytest.raises(ValidationError) as err:
        save_contingent(session, data=full("2026-Q5"))
    assert err.value.issues[0].field == "Период"
    with pytest.raises(ValidationError):
        get_contingent(session, period="осень")


def test_parts_may_be_compared_only_when_both_entered(session):
    save_contingent(session, data=ContingentData(period="2026-Q4", students_10_18=300))
    assert get_contingent(session, period="2026-Q4").students_10_18 == 300


def test_quarter_falls_back_to_its_academic_year_then_an_earlier_quarter(session):
    q1 = parse_period("2027-Q1")
    assert effective_contingent(session, period=q1) == (ContingentData(period="2027-Q1"), "")
    save_contingent(session, data=full("2026-Q3", students_total=690))  # Jul–Sep 2026: the same academic year
    save_contingent(session, data=full("2027-Q2", students_total=999))  # later: never used for Q1
    data, source = effective_contingent(session, period=q1)
    assert (data.period, data.students_total, source) == ("2027-Q1", 690, "2026-Q3")
    save_contingent(session, data=full("2026-Q4", students_total=695))
    assert effective_contingent(session, period=q1)[0].students_total == 695  # the nearest earlier quarter
    save_contingent(session, data=full("2026/2027", students_total=700))
    data, source = effective_contingent(session, period=q1)
    assert (data.students_total, source) == (700, "2026/2027")
    assert source_note(q1, source) == "знаменатели из «Контингента» за 2026/2027 учебный год"
    save_contingent(session, data=full("2027-Q1", students_total=701))
    data, source = effective_contingent(session, period=q1)
    assert (data.students_total, source) == (701, "2027-Q1")
    assert source_note(q1, source) == ""


def test_quarter_iii_belongs_to_the_year_starting_in_its_september(session):
    save_contingent(session, data=full("2025/2026", students_total=600))
    save_contingent(session, data=full("2026/2027", students_total=700))
    assert effective_contingent(session, period=parse_period("2026-Q3"))[0].students_total == 700
    assert effective_contingent(session, period=parse_period("2026-Q2"))[0].students_total == 600


def test_year_falls_back_to_its_latest_quarter_and_empty_entries_are_ignored(session):
    save_contingent(session, data=full("2026-Q4", students_total=695))
    save_contingent(session, data=full("2027-Q1", students_total=697))
    save_contingent(session, data=ContingentData(period="2027-Q2"))  # all empty: as if not entered
    data, source = effective_contingent(session, period=parse_period("2026/2027"))
    assert (data.period, data.students_total, source) == ("2026/2027", 697, "2027-Q1")
