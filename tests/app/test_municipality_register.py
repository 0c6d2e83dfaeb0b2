"""The municipality register: profile and key pair, schools (by hand and from xlsx), reporting calendar."""

from __future__ import annotations

import datetime as dt
import json
import os
import stat

import openpyxl
import pytest

from app.database import open_database
from app.errors import AppError, ConflictError, NotFoundError, ValidationError
from app.municipality import register as reg
from app.municipality.schools_xlsx import RegisterImport, import_register, import_schools
from app.periods import quarter
from app.services.mode import get_mode
from app.services.school import save_school
from app.schemas import SchoolData

TODAY = dt.date(2026, 11, 26)


@pytest.fixture
def muni(tmp_path, _migrated_school_file):
    from tests.snapshots import fresh_copy

    database = open_database(fresh_copy(_migrated_school_file, tmp_path / "uo.sqlite3"))
    with database.session() as s:
        reg.init_municipality(s, name="  Управление образования  г. Тестовска ", region="Тестовская область",
                              today=TODAY)
        yield s
    database.close()


def test_init_sets_mode_profile_keys_and_calendar(muni):
    assert get_mode(muni) == "municipality"
    profile = reg.get_profile(muni)
    assert profile.name == "Управление образования г. Тестовска" and profile.region == "Тестовская область"
    public = json.loads(reg.public_key_text(muni))
    assert public["kind"] == "public" and public["key_id"] == profile.key_id and len(profile.key_id) == 16
    periods = [r.period for r in reg.list_deadlines(muni)]
    assert periods[0] == "2026-Q3" and periods[-1] == "2028-Q3" and "2027-Q1" in periods
    assert {r.period: r.deadline for r in reg.list_deadlines(muni)}["2026-Q4"] == dt.date(2027, 1, 10)
    with pytest.raises(ConflictError, match="уже создано"):
        reg.init_municipality(muni, name="Другое")
    assert reg.get_profile(muni).key_id == profile.key_id


def test_init_validates_name_and_refuses_a_school_database(session):
    with pytest.raises(ValidationError, match="Наименование управления"):
        reg.init_municipality(session, name="   ")
    assert get_mode(session) == "school" and reg.get_profile(session) is None
    with pytest.raises(AppError, match="municipality init"):
        reg.require_municipality(session)
    save_school(session, data=SchoolData(full_name="МБОУ СШ № 1", short_name="СШ 1", municipality="г. Т",
                                         director_name="Иванов И.И.", curator_name="Петрова П.П.",
                                         academic_year="2026/2027"))
    with pytest.raises(ConflictError, match="база школы, а не управления образования"):
        reg.init_municipality(session, name="УО")
    assert get_mode(session) == "school"


def test_save_profile_keeps_the_keys(muni):
    kid = reg.get_profile(muni).key_id
    saved = reg.save_profile(muni, data=reg.MunicipalityData(name="УО г. Т", region="", specialist="Смирнова А.А.",
                                                             contact="8 800"))
    assert saved.specialist == "Смирнова А.А." and saved.key_id == kid
    with pytest.raises(ValidationError, match="обязательное поле"):
        reg.save_profile(muni, data=reg.MunicipalityData(name=""))
    assert reg.get_profile(muni).name == "УО г. Т"


def test_schools_crud_and_validation(muni):
    entry = reg.add_school(muni, code=" 52-0313 ", full_name="МБОУ «Средняя школа № 13»", short_name="СШ 13")
    assert entry.code == "52-0313" and entry.kind == "школа" and not entry.archived
    reg.add_school(muni, code="K-1", full_name="ГБПОУ Колледж", kind="Колледж")
    with pytest.raises(ConflictError, match="«52-0313» уже есть в реестре"):
        reg.add_school(muni, code="52-0313", full_name="Другая")
    with pytest.raises(ConflictError, match="уже есть"):
        reg.add_school(muni, code="k-1", full_name="Другая")  # case does not make another code
    with pytest.raises(ValidationError) as err:
        reg.add_school(muni, code="52 03", full_name="", kind="лицей")
    fields = {i.field for i in err.value.issues}
    assert fields == {"Код", "Полное наименование", "Тип"}
    updated = reg.update_school(muni, school_id=entry.id, code="52-0313", full_name="МБОУ СШ № 13",
                                short_name="СШ 13", kind="организация до", contact="sch13@example.ru")
    assert updated.kind == "организация ДО" and updated.contact == "sch13@example.ru"
    with pytest.raises(ConflictError):
        reg.update_school(muni, school_id=entry.id, code="K-1", full_name="x")
    reg.set_school_archived(muni, school_id=entry.id, archived=True)
    assert [s.code for s in reg.list_schools(muni)] == ["K-1"]
    assert [s.code for s in reg.list_schools(muni, include_archived=True)] == ["K-1", "52-0313"]
    assert reg.find_school(muni, code="k-1").full_name == "ГБПОУ Колледж"
    assert reg.find_school(muni, code="52-0313").archived
    assert reg.find_school(muni, code="нет") is None
    with pytest.raises(NotFoundError):
        reg.set_school_archived(muni, school_id=999, archived=True)


def test_default_deadlines_and_calendar(muni):
    assert reg.default_deadlines(2026) == {"2026-Q1": dt.date(2026, 4, 10), "2026-Q2": dt.date(2026, 7, 10),
                                           "2026-Q3": dt.date(2026, 10, 10), "2026-Q4": dt.date(2027, 1, 10)}
    row = reg.set_deadline(muni, period="2026-Q4", deadline=dt.date(2026, 12, 25))
    assert row.deadline == dt.date(2026, 12, 25) and row.title == quarter(year=2026, number=4).title
    reg.set_deadline(muni, period="2025-Q1", deadline=dt.date(2025, 4, 5))
    assert reg.list_deadlines(muni)[0].period == "2025-Q1"
    for period, day in (("2026-Q4", dt.date(2026, 9, 1)), ("2026/2027", dt.date(2027, 1, 1)),
                        ("2026-Q5", dt.date(2027, 1, 1))):
        with pytest.raises(ValidationError):
            reg.set_deadline(muni, period=period, deadline=day)
    assert {r.period: r.deadline for r in reg.list_deadlines(muni)}["2026-Q4"] == dt.date(2026, 12, 25)


def test_exported_keys_open_a_real_package(muni, session, tmp_path):
    from app.demo import fill_demo
    from app.package import open_package, verify_package, write_package
    from app.settings import save_settings

    private, public = tmp_path / "uo.key", tmp_path / "uo.pub"
    reg.export_private_key(muni, path=private)
    reg.export_public_key(muni, path=public)
    if os.name == "posix":
        assert stat.S_IMODE(private.stat().st_mode) == 0o600
    assert json.loads(private.read_text(encoding="utf-8"))["kind"] == "private"

    fill_demo(session, mentees=30, seed=7, today=TODAY)
    save_settings(session, changes={"municipality_key_path": str(public)})
    out = tmp_path / "out"
    out.mkdir()
    result = write_package(session, period=quarter(year=2026, number=4), folder=out, today=TODAY)
    assert result.encrypted
    assert verify_package(path=result.path).content_verified is False
    content = open_package(path=result.path, private_key_path=private)
    assert content.info.content_verified and content.manifest["period"]["code"] == "2026-Q4"
    with reg.private_key_file(muni) as temp_key:
        assert open_package(path=result.path, private_key_path=temp_key).info.sha256 == result.sha256
        folder = temp_key.parent
    assert not folder.exists()


def _book(path, rows, *, title_rows=1):
    wb = openpyxl.Workbook()
    ws = wb.active
    for _ in range(title_rows):
        ws.append(["Реестр образовательных организаций"])
    for row in rows:
        ws.append(list(row))
    wb.save(path)
    return path


def test_import_schools_good_file(muni, tmp_path):
    path = _book(tmp_path / "schools.xlsx", [
        ("Код ОО", "Наименование", "Краткое название", "Вид", "Контакты"),
        (520313, "МБОУ СШ № 13", "СШ 13", "школа", "8 (831) 000-00-00"),
        ("K-1", "ГБПОУ Колледж связи", None, "СПО", None),
        (None, None, None, None, None),
        ("DO-7", "МБУ ДО ЦДТ", "ЦДТ", "Организация ДО", "cdt@example.ru"),
    ], title_rows=2)
    assert import_schools(muni, path=path) == 3
    by_code = {s.code: s for s in reg.list_schools(muni)}
    assert set(by_code) == {"520313", "K-1", "DO-7"}
    assert by_code["K-1"].kind == "колледж" and by_code["DO-7"].kind == "организация ДО"
    assert by_code["520313"].contact == "8 (831) 000-00-00"


def test_import_schools_bad_row_and_duplicates_write_nothing(muni, tmp_path):
    reg.add_school(muni, code="52-0001", full_name="Уже в реестре")
    path = _book(tmp_path / "bad.xlsx", [
        ("Код", "Полное наименование", "Краткое наименование", "Тип", "Контакт"),
        ("52-0002", "МБОУ СШ № 2", "", "школа", ""),
        ("52-0003", "", "", "гимназия", ""),
        ("52-0002", "Повтор", "", "", ""),
        ("52-0001", "Снова", "", "", ""),
    ])
    with pytest.raises(ValidationError) as err:
        import_schools(muni, path=path)
    text = str(err.value)
    assert "bad.xlsx" in text
    described = [i.describe() for i in err.value.issues]
    assert any(d.startswith("строка 4, поле «Полное наименование»") for d in described)
    assert any(d.startswith("строка 4, поле «Тип»") and "«гимназия»" in d for d in described)
    assert any(d.startswith("строка 5, поле «Код»") and "уже в строке 3" in d for d in described)
    assert text.startswith("Реестр не загружен, ничего не изменено.")
    assert not any(d.startswith("строка 6") for d in described)  # a known code is an update, not an error
    assert [(s.code, s.full_name) for s in reg.list_schools(muni)] == [("52-0001", "Уже в реестре")]


def test_import_register_again_updates_known_codes_and_adds_new(muni, tmp_path):
    header = ("Код", "Полное наименование", "Краткое наименование", "Тип", "Контакт")
    first = _book(tmp_path / "r1.xlsx", [header,
                                         ("52-0001", "МБОУ СШ № 1", "СШ 1", "школа", "111"),
                                         ("52-0002", "МБОУ СШ № 2", "СШ 2", "школа", "222"),
                                         ("52-0003", "МБУ ДО ЦДТ", "ЦДТ", "ДО", "333")])
    assert import_register(muni, path=first) == RegisterImport(added=3, updated=0, unchanged=0)
    archived = reg.find_school(muni, code="52-0003")
    reg.set_school_archived(muni, school_id=archived.id, archived=True)
    again = _book(tmp_path / "r2.xlsx", [header,
                                         ("52-0001", "МБОУ СШ № 1", "СШ 1", "школа", "111"),  # same
                                         ("52-0002", "МАОУ СШ № 2 им. Пушкина", "", "", "444"),  # empty keeps
                                         ("52-0003", "МБУ ДО ЦДТ", "ЦДТ", "колледж", "333"),
                                         ("52-0004", "МБОУ СШ № 4", "", "", "")])
    result = import_register(muni, path=again)
    assert result == RegisterImport(added=1, updated=2, unchanged=1)
    assert result.text() == "добавлено 1, обновлено 2, без изменений 1"
    by_code = {s.code: s for s in reg.list_schools(muni, include_archived=True)}
    two = by_code["52-0002"]
    assert (two.full_name, two.short_name, two.kind, two.contact) == ("МАОУ СШ № 2 им. Пушкина", "СШ 2", "школа",
                                                                      "444")
    assert by_code["52-0003"].kind == "колледж" and by_code["52-0003"].archived
    assert by_code["52-0004"].kind == "школа" and not by_code["52-0004"].archived
    assert import_schools(muni, path=again) == 0  # everything already as in the file


def test_import_register_bad_row_changes_nothing_on_update(muni, tmp_path):
    reg.add_school(muni, code="52-0001", full_name="Старое", contact="1")
    path = _book(tmp_path / "mixed.xlsx", [("Код", "Полное наименование", "Контакт"),
                                           ("52-0001", "Новое", "2"), ("bad code!", "X", "")])
    with pytest.raises(ValidationError, match="Реестр не загружен, ничего не изменено"):
        import_register(muni, path=path)
    entry = reg.find_school(muni, code="52-0001")
    assert (entry.full_name, entry.contact) == ("Старое", "1") and len(reg.list_schools(muni)) == 1


def test_import_schools_unreadable_files(muni, tmp_path):
    no_header = _book(tmp_path / "plain.xlsx", [("ФИО", "Класс"), ("Иванов", "5А")])
    with pytest.raises(ValidationError, match="строка заголовка"):
        import_schools(muni, path=no_header)
    fake = tmp_path / "fake.xlsx"
    fake.write_text("не книга", encoding="utf-8")
    with pytest.raises(ValidationError, match="не является книгой Excel"):
        import_schools(muni, path=fake)
    empty = _book(tmp_path / "empty.xlsx", [("Код", "Полное наименование")])
    with pytest.raises(ValidationError, match="нет ни одной"):
        import_schools(muni, path=empty)
    assert reg.list_schools(muni) == []
