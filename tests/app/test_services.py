"""Services of the bases, school profile, reference lists and settings; listing filters and sorting."""

from __future__ import annotations

import datetime as dt

import pytest

from app import listing
from app.errors import ConflictError, NotFoundError, ValidationError
from app.listing import RowFilter, filter_rows, load_mentee_rows, load_mentor_rows, sort_rows
from app.schemas import ConsentData
from app.services import reference
from app.services.people import (
    get_mentee,
    get_mentor,
    partner_names,
    save_mentee,
    save_mentor,
    set_mentees_archived,
    set_mentors_archived,
)
from app.services.school import get_school, save_school, validate_school
from app.settings import LABELS, Settings, load_settings, save_settings
from db.models import GroupMember, MentoringGroup
from tests import factories


def _fields(exc: ValidationError) -> set[str]:
    return {i.field for i in exc.issues}


# -- mentees and mentors ------------------------------------------------------

def test_save_and_get_mentee_with_consents(session):
    consents = (ConsentData(kind="processing", signer="representative", representative_name="Иванова Мария Павловна",
                            signed_on=dt.date(2026, 9, 10)),
                ConsentData(kind="transfer", signer="representative", representative_name="Иванова Мария Павловна",
                            signed_on=dt.date(2026, 9, 10), revoked_on=dt.date(2026, 10, 1)))
    mentee_id = save_mentee(session, data=factories.mentee(last_name="  Иванов ", requests=("ОГЭ", "ОГЭ", " "),
                                                           consents=consents))
    got = get_mentee(session, mentee_id=mentee_id)
    assert got.id == mentee_id and got.uuid and not got.archived
    assert got.last_name == "Иванов"  # cleaned
    assert got.requests == ("ОГЭ",)  # de-duplicated, blanks dropped
    assert got.birth_year == 2012  # derived from the date of birth
    assert [(c.kind, c.representative_name, c.revoked_on) for c in got.consents] == [
        ("processing", "Иванова Мария Павловна", None), ("transfer", "Иванова Мария Павловна", dt.date(2026, 10, 1))]
    assert got.consents[0].active and not got.consents[1].active
    # update: consents are replaced, not appended
    save_mentee(session, data=factories.mentee(id=mentee_id, group_name="9Б", consents=consents[:1]))
    again = get_mentee(session, mentee_id=mentee_id)
    assert again.group_name == "9Б" and len(again.consents) == 1 and again.uuid == got.uuid


def test_save_and_get_mentor_with_partner(session):
    mentor_id = save_mentor(session, data=factories.mentor(
        partner_name="ООО «Техносфера»", category="представитель организации-партнёра",
        consents=(ConsentData(kind="processing", signed_on=dt.date(2026, 9, 1)),)))
    got = get_mentor(session, mentor_id=mentor_id)
    assert got.partner_name == "ООО «Техносфера»"
    assert got.competencies == ("математика", "ОГЭ")
    assert got.consents[0].signer == "self"
    # the same organisation spelled differently is not created twice
    save_mentor(session, data=factories.mentor(last_name="Орлов", partner_name="ооо «техносфера» "))
    assert partner_names(session) == ["ООО «Техносфера»"]


def test_missing_records(session):
    with pytest.raises(NotFoundError):
        get_mentee(session, mentee_id=999)
    with pytest.raises(NotFoundError):
        get_mentor(session, mentor_id=999)
    with pytest.raises(NotFoundError):
        save_mentee(session, data=factories.mentee(id=999))


@pytest.mark.parametrize(("overrides", "field"), [
    ({"last_name": "  "}, "Фамилия"),
    ({"first_name": "Пётр2"}, "Имя"),
    ({"middle_name": "С3ргеевич"}, "Отчество"),
    ({"birth_date": dt.date.today() + dt.timedelta(days=3)}, "Дата рождения"),
    ({"entry_date": dt.date(2026, 9, 15), "exit_date": dt.date(2026, 9, 1)}, "Дата завершения программы"),
    ({"consents": (ConsentData(kind="processing", signer="representative", representative_name=" ",
                               signed_on=dt.date(2026, 9, 1)),)}, "Согласие 1"),
    ({"consents": (ConsentData(kind="processing"),)}, "Согласие 1"),
    ({"category": ""}, "Категория"),
    ({"status": "lost"}, "Статус"),
    ({"experience_years": 80}, "Педагогический стаж"),
])
def test_mentee_validation_names_the_field(session, overrides, field):
    with pytest.raises(ValidationError) as info:
        save_mentee(session, data=factories.mentee(**overrides))
    assert field in _fields(info.value)
    assert f"«{field}»" in str(info.value)
    assert load_mentee_rows(session) == []  # nothing written


@pytest.mark.parametrize(("overrides", "field"), [
    ({"capacity": 0}, "Наставляемых одновременно"),
    ({"last_name": ""}, "Фамилия"),
    ({"desired_age_min": 15, "desired_age_max": 10}, "Желаемый возраст наставляемых"),
    ({"training_date": dt.date.today() + dt.timedelta(days=1)}, "Обучение: дата"),
    ({"birth_year": 1900}, "Дата рождения"),
])
def test_mentor_validation_names_the_field(session, overrides, field):
    with pytest.raises(ValidationError) as info:
        save_mentor(session, data=factories.mentor(**overrides))
    assert field in _fields(info.value)
    assert load_mentor_rows(session) == []


def test_several_issues_reported_together(session):
    with pytest.raises(ValidationError) as info:
        save_mentee(session, data=factories.mentee(last_name="", first_name="123", category=""))
    assert {"Фамилия", "Имя", "Категория"} <= _fields(info.value)


def test_archive_and_restore(session):
    ids = [save_mentee(session, data=factories.mentee(last_name=n)) for n in ("Иванов", "Петров", "Сидоров")]
    assert set_mentees_archived(session, mentee_ids=ids[:2], archived=True) == 2
    assert get_mentee(session, mentee_id=ids[0]).archived
    rows = load_mentee_rows(session)
    assert {r.id for r in filter_rows(rows, RowFilter())} == {ids[2]}
    assert {r.id for r in filter_rows(rows, RowFilter(archived=True))} == set(ids[:2])
    assert set_mentees_archived(session, mentee_ids=[ids[0]], archived=False) == 1
    assert not get_mentee(session, mentee_id=ids[0]).archived
    mentor_id = save_mentor(session, data=factories.mentor())
    set_mentors_archived(session, mentor_ids=[mentor_id], archived=True)
    assert get_mentor(session, mentor_id=mentor_id).archived
    set_mentors_archived(session, mentor_ids=[mentor_id], archived=False)
    assert not get_mentor(session, mentor_id=mentor_id).archived


# -- school profile -----------------------------------------------------------

def test_school_profile_save_and_update(session):
    assert get_school(session) is None
    saved = save_school(session, data=factories.school(academic_year=" 2026 - 2027 "))
    assert saved.academic_year == "2026/2027"  # normalised
    assert saved.municipality == "Лукояновский муниципальный округ"
    save_school(session, data=factories.school(short_name="МБОУ СШ № 1 им. Гагарина"))
    assert get_school(session).short_name == "МБОУ СШ № 1 им. Гагарина"


@pytest.mark.parametrize(("overrides", "field"), [
    ({"academic_year": "2026"}, "Учебный год"),
    ({"academic_year": "2026/2028"}, "Учебный год"),
    ({"academic_year": "26/27"}, "Учебный год"),
    ({"full_name": ""}, "Полное наименование"),
    ({"director_name": " "}, "ФИО директора"),
    ({"code": "52 001"}, "Код ОО"),
])
def test_school_profile_validation(session, overrides, field):
    data = factories.school(**overrides)
    assert field in {i.field for i in validate_school(data)}
    with pytest.raises(ValidationError):
        save_school(session, data=data)
    assert get_school(session) is None


# -- reference lists ----------------------------------------------------------

def test_reference_lists_seeded_from_resources(session):
    defaults = reference.default_lists()
    for code, items in defaults.items():
        assert reference.names(session, list_code=code) == [i["name"] for i in items]
    assert "обучающийся" in reference.names(session, list_code="mentee_category")
    assert reference.seed_reference_lists(session) == 0  # not twice


def test_reference_list_editing(session):
    added = reference.add_item(session, list_code="request_tag", name="  шахматы ")
    assert added.name == "шахматы"
    assert reference.names(session, list_code="request_tag")[-1] == "шахматы"
    reference.rename_item(session, item_id=added.id, name="шахматы и шашки")
    assert "шахматы и шашки" in reference.names(session, list_code="request_tag")
    reference.set_item_archived(session, item_id=added.id, archived=True)
    assert "шахматы и шашки" not in reference.names(session, list_code="request_tag")
    archived = reference.list_items(session, list_code="request_tag", include_archived=True)
    assert any(e.id == added.id and e.archived for e in archived)
    # adding an archived name again brings it back
    back = reference.add_item(session, list_code="request_tag", name="ШАХМАТЫ И ШАШКИ")
    assert back.id == added.id and not back.archived


@pytest.mark.parametrize("duplicate", ["волонтерство", "ВОЛОНТЁРСТВО", " Волонтёрство "])
def test_reference_duplicates_refused(session, duplicate):
    with pytest.raises(ConflictError, match="уже есть"):
        reference.add_item(session, list_code="request_tag", name=duplicate)
    other = reference.list_items(session, list_code="request_tag")[0]
    with pytest.raises(ConflictError):
        reference.rename_item(session, item_id=other.id, name=duplicate)


def test_reference_bad_input(session):
    with pytest.raises(ValidationError):
        reference.add_item(session, list_code="request_tag", name="   ")
    with pytest.raises(NotFoundError):
        reference.add_item(session, list_code="no_such_list", name="x")
    with pytest.raises(NotFoundError):
        reference.rename_item(session, item_id=10**6, name="x")


# -- settings -----------------------------------------------------------------

def test_settings_defaults_and_labels(session):
    settings = load_settings(session)
    assert settings == Settings()
    assert settings.default_mentor_capacity == 3 and settings.backup_keep == 10
    assert set(LABELS) == set(Settings.__dataclass_fields__)


def test_settings_save_and_load(session, db):
    saved = save_settings(session, changes={"default_mentor_capacity": "4", "satisfaction_method": "share7"})
    assert saved.default_mentor_capacity == 4 and saved.satisfaction_method == "share7"
    with db.session() as other:
        assert load_settings(other).default_mentor_capacity == 4


@pytest.mark.parametrize("changes", [{"default_mentor_capacity": 0}, {"backup_keep": "много"},
                                     {"inactivity_weeks": 53}, {"no_such_setting": 1}])
def test_invalid_settings_refused(session, changes):
    with pytest.raises(ValidationError):
        save_settings(session, changes={"pair_deadline_days": 10, **changes})
    assert load_settings(session) == Settings()  # nothing stored, not even the valid part


# -- listing: search, filters, sorting ----------------------------------------

@pytest.fixture
def people(session):
    ids = {}
    for last, first, group, birth, entry, category in [
        ("Иванов", "Пётр", "7А", dt.date(2013, 3, 14), dt.date(2026, 9, 15), "обучающийся"),
        ("Ёлкина", "Ольга", "7 Б", dt.date(2012, 12, 1), dt.date(2026, 9, 2), "обучающийся"),
        ("Петрова", "Ольга", "10В", dt.date(2010, 1, 30), dt.date(2026, 10, 1), "обучающийся"),
        ("Сидоров", "Иван", "учитель истории", dt.date(1999, 5, 5), dt.date(2025, 11, 20), "молодой специалист"),
        ("Smith", "John", "11А", dt.date(2009, 2, 2), dt.date(2026, 9, 3), "обучающийся"),
    ]:
        ids[last] = save_mentee(session, data=factories.mentee(
            last_name=last, first_name=first, middle_name="", group_name=group, birth_date=birth,
            entry_date=entry, category=category))
    return ids


def _names(rows) -> list[str]:  # noqa: ANN001
    return [r.values[0].split()[0] for r in rows]


def _search(session, text: str, **facets) -> set[str]:  # noqa: ANN001, ANN003
    return set(_names(filter_rows(load_mentee_rows(session), RowFilter(text=text, **facets))))


def test_search_is_cyrillic_case_and_yo_insensitive(session, people):
    assert _search(session, "иван") == {"Иванов", "Сидоров"}  # «Иван» is Сидоров's first name
    assert _search(session, "ИВАНОВ") == {"Иванов"}
    assert _search(session, "елкин") == {"Ёлкина"}
    assert _search(session, "ёлкина") == {"Ёлкина"}
    assert _search(session, "smith") == {"Smith"}
    assert _search(session, "") == set(people)


def test_search_words_are_anded_across_columns(session, people):
    assert _search(session, "петров ольга") == {"Петрова"}
    assert _search(session, "ольга 7") == {"Ёлкина"}
    assert _search(session, "ольга истории") == set()
    assert _search(session, "14.03.2013") == {"Иванов"}  # dates are searchable as shown


def test_facet_filters(session, people):
    assert _search(session, "", group="7") == {"Иванов", "Ёлкина"}  # «7» matches «7А» and «7 Б»
    assert _search(session, "", group="7А") == {"Иванов"}
    assert _search(session, "", group="7б") == {"Ёлкина"}
    assert _search(session, "", group="10") == {"Петрова"}
    assert _search(session, "", category="молодой специалист") == {"Сидоров"}
    assert _search(session, "ольга", group="10") == {"Петрова"}
    set_mentees_archived(session, mentee_ids=[people["Smith"]], archived=True)
    assert "Smith" not in _search(session, "")
    assert _search(session, "", archived=True) == {"Smith"}
    facets = listing.facet_values(load_mentee_rows(session))
    assert facets["parallels"] == ["7", "10", "11"]
    assert facets["groups"] == ["7 Б", "7А", "10В", "11А", "учитель истории"]


def test_status_and_partner_filters(session, people):
    save_mentee(session, data=factories.mentee(id=people["Петрова"], last_name="Петрова", first_name="Ольга",
                                               middle_name="", group_name="10В", status="finished",
                                               exit_date=dt.date(2026, 10, 20), entry_date=dt.date(2026, 10, 1)))
    assert _search(session, "", status="finished") == {"Петрова"}
    mentor_id = save_mentor(session, data=factories.mentor())
    group = MentoringGroup(mentor_id=mentor_id, status="working")
    session.add(group)
    session.flush()
    session.add(GroupMember(group_id=group.id, mentee_id=people["Иванов"]))
    session.commit()
    assert _search(session, "", has_partner=True) == {"Иванов"}
    assert _search(session, "", has_partner=False) == {"Ёлкина", "Петрова", "Сидоров", "Smith"}
    assert _search(session, "елкина светлана") == {"Иванов"}  # the mentor's name is a column too
    assert _search(session, "петрова елкина") == set()
    mentors = load_mentor_rows(session)
    assert mentors[0].has_partner and mentors[0].values[5] == "1 из 3"


def test_sort_by_name_and_dates(session, people):
    rows = load_mentee_rows(session)
    assert _names(sort_rows(rows, column=0)) == ["Smith", "Ёлкина", "Иванов", "Петрова", "Сидоров"]
    by_name = _names(sort_rows(rows, column=0))
    assert by_name.index("Ёлкина") < by_name.index("Иванов")  # «ё» sorts with «е», not after «я»
    assert _names(sort_rows(rows, column=0, descending=True)) == list(reversed(by_name))
    # dates sort chronologically, not as ДД.ММ.ГГГГ text
    assert _names(sort_rows(rows, column=1)) == ["Сидоров", "Smith", "Петрова", "Ёлкина", "Иванов"]
    assert _names(sort_rows(rows, column=6)) == ["Сидоров", "Ёлкина", "Smith", "Иванов", "Петрова"]
    assert _names(sort_rows(rows, column=6, descending=True)) == ["Петрова", "Иванов", "Smith", "Ёлкина", "Сидоров"]
    # classes sort by parallel: 7 before 10 before 11
    by_class = _names(sort_rows(rows, column=3))
    assert by_class.index("Иванов") < by_class.index("Петрова") < by_class.index("Smith")


def test_every_column_sorts(session, people):
    rows = load_mentee_rows(session)
    for column in range(len(listing.MENTEE_COLUMNS)):
        assert len(sort_rows(rows, column=column)) == len(rows)
    assert all(len(r.values) == len(listing.MENTEE_COLUMNS) for r in rows)


def test_fast_sort_equals_tuple_sort(session):
    """sort_rows' single-string keys order rows exactly as (column key, name) tuples would."""
    from app.demo import fill_demo

    fill_demo(session, mentees=1500, mentors=300, seed=9)
    for rows, columns in ((load_mentee_rows(session), listing.MENTEE_COLUMNS),
                          (load_mentor_rows(session), listing.MENTOR_COLUMNS)):
        for column in range(len(columns)):
            for descending in (False, True):
                expected = sorted(rows, key=lambda r: (r.sort_keys[column], r.sort_keys[0]), reverse=descending)
                got = sort_rows(rows, column=column, descending=descending)
                assert [r.id for r in got] == [r.id for r in expected], (columns[column], descending)
    assert sort_rows([], column=0) == []


def test_find_duplicate_names_the_existing_record(session):
    from app.services.people import find_duplicate, save_mentee
    from tests import factories

    first = save_mentee(session, data=factories.mentee())
    same = factories.mentee(last_name="ИВАНОВ", first_name="пётр")
    assert find_duplicate(session, data=same) == "Иванов Пётр Сергеевич, 14.03.2012"
    assert find_duplicate(session, data=factories.mentee(birth_date=dt.date(2012, 3, 15))) is None
    assert find_duplicate(session, data=factories.mentee(id=first)) is None  # itself when editing


def test_age_reference_setting_must_be_a_real_day(session):
    from app.errors import ValidationError
    from app.settings import load_settings, save_settings

    with pytest.raises(ValidationError) as err:
        save_settings(session, changes={"age_reference": "02-31"})
    assert "ММ-ДД" in str(err.value)
    assert save_settings(session, changes={"age_reference": "9-1"}).age_reference == "09-01"
    assert load_settings(session).age_reference == "09-01"
