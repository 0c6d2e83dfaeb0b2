"""The school setup file: written by the municipality, read defensively, applied in a real school database."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlmodel import select

from app.database import open_database
from app.errors import ConflictError, NotFoundError, PackageError, StorageError
from app.municipality import register as reg
from app.municipality.setup_file import apply_setup_file, read_setup_file, write_setup_file
from app.schemas import SchoolData
from app.services.school import get_school, save_school
from app.settings import load_settings
from db.models_municipality import ReportingDeadline

TODAY = dt.date(2026, 11, 26)


@pytest.fixture
def muni(tmp_path, _migrated_school_file):
    from tests.snapshots import fresh_copy

    database = open_database(fresh_copy(_migrated_school_file, tmp_path / "uo.sqlite3"))
    with database.session() as s:
        reg.init_municipality(s, name="Управление образования г. Тестовска", region="Тестовская область",
                              today=TODAY)
        reg.add_school(s, code="52-0313", full_name="МБОУ «Средняя школа № 13»", short_name="СШ № 13")
        reg.set_deadline(s, period="2026-Q4", deadline=dt.date(2026, 12, 28))
        yield s
    database.close()


@pytest.fixture
def setup_path(muni, tmp_path):
    return write_setup_file(muni, school_code="52-0313", path=tmp_path / "52-0313.mdsetup", today=TODAY)


def test_round_trip(muni, setup_path):
    data = read_setup_file(path=setup_path)
    assert (data.school_code, data.school_full_name, data.school_short_name, data.school_kind) == \
        ("52-0313", "МБОУ «Средняя школа № 13»", "СШ № 13", "школа")
    assert data.municipality_name == "Управление образования г. Тестовска"
    assert data.municipality_region == "Тестовская область"
    assert data.key_id == reg.get_profile(muni).key_id
    assert json.loads(data.public_key) == json.loads(reg.public_key_text(muni))
    calendar = dict(data.calendar)
    assert calendar["2026-Q4"] == dt.date(2026, 12, 28) and calendar["2027-Q1"] == dt.date(2027, 4, 10)
    assert min(calendar) == "2026-Q3" and max(calendar) == "2028-Q3"
    raw = json.loads(setup_path.read_text(encoding="utf-8"))
    assert raw["format"] == "mentordesk-school-setup" and raw["version"] == 1 and raw["created_at"].endswith("Z")
    assert "private" not in setup_path.read_text(encoding="utf-8")


def test_unknown_or_archived_school(muni, tmp_path):
    with pytest.raises(NotFoundError, match="нет в реестре"):
        write_setup_file(muni, school_code="99-9999", path=tmp_path / "x.mdsetup")
    entry = reg.find_school(muni, code="52-0313")
    reg.set_school_archived(muni, school_id=entry.id, archived=True)
    with pytest.raises(ConflictError, match="в архиве"):
        write_setup_file(muni, school_code="52-0313", path=tmp_path / "x.mdsetup")
    assert not (tmp_path / "x.mdsetup").exists()


def test_apply_on_a_school_database(session, setup_path, tmp_path):
    save_school(session, data=SchoolData(full_name="Старое имя", short_name="Старое", municipality="—", code="1",
                                         director_name="Иванов И.И.", curator_name="Петрова П.П.",
                                         curator_contact="8 900", academic_year="2026/2027"))
    session.add(ReportingDeadline(period="2026-Q4", deadline=dt.date(2027, 2, 1)))
    session.commit()
    keys = tmp_path / "keys"
    data = apply_setup_file(session, path=setup_path, key_folder=keys)
    school = get_school(session)
    assert (school.code, school.full_name, school.short_name, school.municipality) == \
        ("52-0313", "МБОУ «Средняя школа № 13»", "СШ № 13", "Управление образования г. Тестовска")
    assert (school.director_name, school.curator_contact, school.academic_year) == \
        ("Иванов И.И.", "8 900", "2026/2027")
    key_path = load_settings(session).municipality_key_path
    assert key_path == str((keys / "municipality.pub").resolve())
    assert json.loads((keys / "municipality.pub").read_text(encoding="utf-8"))["key_id"] == data.key_id
    rows = {r.period: r.deadline for r in session.exec(select(ReportingDeadline))}
    assert rows == dict(data.calendar) and rows["2026-Q4"] == dt.date(2026, 12, 28)
    again = apply_setup_file(session, path=setup_path, key_folder=keys)  # applying twice changes nothing
    assert again == data and len(session.exec(select(ReportingDeadline)).all()) == len(rows)


def test_apply_on_a_fresh_database_creates_the_profile(session, setup_path, tmp_path):
    apply_setup_file(session, path=setup_path, key_folder=tmp_path / "k")
    school = get_school(session)
    assert school.code == "52-0313" and school.director_name == ""


def test_apply_refuses_a_municipality_database(muni, setup_path, tmp_path):
    with pytest.raises(ConflictError, match="база управления образования"):
        apply_setup_file(muni, path=setup_path, key_folder=tmp_path / "keys2")
    assert not (tmp_path / "keys2" / "municipality.pub").exists()
    assert get_school(muni) is None


def _mutated(path, tmp_path, change):
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    out = tmp_path / "bad.mdsetup"
    out.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return out


@pytest.mark.parametrize("change, reason", [
    (lambda d: d.update(format="other"), "неизвестный формат"),
    (lambda d: d.update(version=2), "версии 2 не поддерживается"),
    (lambda d: d["school"].update(code=""), "«Код»"),
    (lambda d: d["school"].update(code="../x"), "код или наименование"),
    (lambda d: d["school"].update(kind="лицей"), "код или наименование"),
    (lambda d: d.pop("municipality"), "нет сведений"),
    (lambda d: d["public_key"].update(kind="private"), "открытый ключ"),
    (lambda d: d["public_key"].update(key="AAAA"), "открытый ключ"),
    (lambda d: d.update(calendar=[{"period": "2026-Q4", "deadline": "10.01.2027"}]), "календаря"),
    (lambda d: d.update(calendar=[{"period": "2026/2027", "deadline": "2027-01-10"}]), "календаря"),
    (lambda d: d.update(calendar="x"), "календарь"),
])
def test_bad_files_are_refused_and_change_nothing(session, setup_path, tmp_path, change, reason):
    bad = _mutated(setup_path, tmp_path, change)
    with pytest.raises(PackageError, match=reason):
        apply_setup_file(session, path=bad, key_folder=tmp_path / "keys")
    assert get_school(session) is None and not (tmp_path / "keys").exists()
    assert session.exec(select(ReportingDeadline)).all() == []


def test_not_json_oversized_and_missing(tmp_path):
    junk = tmp_path / "junk.mdsetup"
    junk.write_bytes(b"\x00\xff garbage")
    with pytest.raises(PackageError, match="не JSON|не является файлом настройки"):
        read_setup_file(path=junk)
    big = tmp_path / "big.mdsetup"
    big.write_bytes(b" " * (1024 * 1024 + 1))
    with pytest.raises(PackageError, match="слишком велик"):
        read_setup_file(path=big)
    with pytest.raises(StorageError, match="не найден"):
        read_setup_file(path=tmp_path / "none.mdsetup")
