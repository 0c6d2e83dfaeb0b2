"""Import of school packages into a municipality database: accepted, replaced, unchanged, rejected; history."""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

import pytest

from app.package.format import FORMAT_VERSION
from app.municipality.importer import current_packages, import_paths, package_history
from app.periods import quarter

Q4 = quarter(year=2026, number=4)
TODAY = dt.date(2026, 11, 26)
MUNICIPALITY = "Лукояновский муниципальный округ"
CODES = ("52-0313", "52-0314", "52-0315")


# ---------------------------------------------------------------- shared setup (also used by the adversarial tests)

def setup_municipality(session, folder: Path, *, codes: tuple[str, ...] = CODES) -> Path:  # noqa: ANN001
    """A municipality database with ``codes`` in its register; returns its public key file (written to ``folder``)."""
    from app.municipality.register import add_school, export_public_key, init_municipality

    init_municipality(session, name=MUNICIPALITY, region="Нижегородская область", today=TODAY)
    for n, code in enumerate(codes, start=1):
        add_school(session, code=code, full_name=f"МБОУ «Средняя школа № {n}»", short_name=f"СШ № {n}")
    return export_public_key(session, path=Path(folder) / "municipality.pub")


@lru_cache(maxsize=4)
def demo_package(mentees: int = 40, seed: int = 3) -> bytes:
    """A real plain package of a demo school (code 52-0313, quarter 2026-Q4), built once per run."""
    import tempfile

    from app.database import open_database
    from app.demo import fill_demo
    from app.package import write_package

    with tempfile.TemporaryDirectory() as folder:
        db = open_database(Path(folder) / "school.sqlite3")
        try:
            with db.session() as s:
                fill_demo(s, mentees=mentees, seed=seed, today=TODAY)
                return write_package(s, period=Q4, folder=Path(folder), today=TODAY).path.read_bytes()
        finally:
            db.close()


def resealed(blob: bytes, *, code: str | None = None, created_at: str | None = None,
             head: dict | None = None, members: dict | None = None) -> bytes:
    """The package rebuilt by the writer's own serialiser with another school code / creation time / members."""
    import tempfile

    from app.package import open_package
    from app.package.write import package_bytes

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "p.mdpkg"
        path.write_bytes(blob)
        content = open_package(path=path)
    new_head = {k: v for k, v in content.manifest.items() if k != "members"}
    if code is not None:
        new_head["school"] = dict(new_head["school"], code=code)
    if created_at is not None:
        new_head["created_at"] = created_at
    new_head.update(head or {})
    data = {"data/participants.json": {"items": content.participants}, "data/groups.json": {"items": content.groups},
            "data/meetings.json": {"items": content.meetings}, "data/surveys.json": content.surveys,
            "data/indicators.json": content.indicators, "data/roadmap.json": content.roadmap}
    data.update(members or {})
    return package_bytes(new_head, data, content.report_xlsx)


def encrypted(blob: bytes, public_key: Path) -> bytes:
    from app.package.crypto import encrypt

    return encrypt(blob, public_path=public_key)


def dump(db) -> list[str]:  # noqa: ANN001 - app.database.Database
    """Every committed row of the database file, as SQL (what «.dump» prints)."""
    conn = sqlite3.connect(db.path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


@pytest.fixture
def municipality(session, tmp_path):
    """(session, public key path) of a fresh municipality database with three schools."""
    return session, setup_municipality(session, tmp_path)


def put(folder: Path, name: str, blob: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(blob)
    return path


# ---------------------------------------------------------------- tests

def test_real_export_encrypted_to_the_municipality_is_imported(municipality, tmp_path, db):
    """School side: demo + setting municipality_key_path; municipality side: import; all data stored."""
    from sqlmodel import select

    from app.database import open_database
    from app.demo import fill_demo
    from app.package import write_package
    from app.services.school import get_school, save_school
    from app.settings import save_settings
    from db.models_municipality import ReceivedIndicator, ReceivedPackage

    session, public = municipality
    school_db = open_database(tmp_path / "school" / "s.sqlite3")
    try:
        with school_db.session() as s:
            fill_demo(s, mentees=30, seed=5, today=TODAY)
            save_school(s, data=replace(get_school(s), code="52-0314", municipality=MUNICIPALITY))
            save_settings(s, changes={"municipality_key_path": str(public)})
            result = write_package(s, period=Q4, folder=tmp_path / "school", today=TODAY)
    finally:
        school_db.close()
    assert result.encrypted
    ticks = []
    summary = import_paths(session, paths=[result.path], today=TODAY, progress=lambda d, t: ticks.append((d, t)))
    assert [i.school_code for i in summary.accepted] == ["52-0314"] and not summary.rejected
    assert summary.accepted[0].warnings == () and ticks[-1] == (1, 1)
    assert summary.lines() == ["Принято: 1; заменено: 0; без изменений: 0; отклонено: 0"]
    row = session.exec(select(ReceivedPackage)).one()
    assert row.current and row.encrypted and row.period == "2026-Q4" and row.sha256 == result.sha256
    assert row.size == result.size and row.file_name == result.path.name and row.format_version == FORMAT_VERSION
    assert row.manifest["school"]["code"] == "52-0314" and row.report_xlsx[:2] == b"PK"
    assert set(row.content) == {"data/participants.json", "data/groups.json", "data/meetings.json",
                                "data/surveys.json", "data/indicators.json", "data/roadmap.json"}
    assert len(row.content["data/meetings.json"]["items"]) == result.counts["meetings"]
    indicators = session.exec(select(ReceivedIndicator).where(ReceivedIndicator.package_id == row.id)).all()
    expected = row.content["data/indicators.json"]["indicators"]
    assert len(indicators) == len(expected) == result.counts["indicators"]
    by_code = {i.code: i for i in indicators}
    for item in expected:
        stored = by_code[item["code"]]
        assert (stored.title, stored.numerator, stored.denominator, stored.percent, stored.level) == (
            item["title"], item["numerator"], item["denominator"], item["percent"], item["level"])
        assert stored.school_id == row.school_id and stored.period == "2026-Q4"
    assert [r.school_code for r in current_packages(session, period="2026-Q4")] == ["52-0314"]
    # the demo school's roadmap travels in the package and shows in the drill-down
    from app.municipality.consolidate import school_detail

    detail = school_detail(session, school_id=row.school_id, period=Q4, today=TODAY)
    roadmap = row.content["data/roadmap.json"]
    assert roadmap["academic_year"] == "2026/2027" and roadmap["summary"]["total"] == len(roadmap["items"]) > 0
    assert detail.roadmap == {"academic_year": "2026/2027", "summary": roadmap["summary"]}


def test_folder_import_skips_non_packages_and_reads_one_level_down(municipality, tmp_path):
    session, public = municipality
    stick = tmp_path / "stick"
    put(stick, "52-0313_2026-Q4.mdpkg", encrypted(demo_package(), public))
    put(stick / "второй", "52-0314_2026-Q4.mdpkg", encrypted(resealed(demo_package(), code="52-0314"), public))
    put(stick / "второй" / "глубже", "52-0315_2026-Q4.mdpkg", encrypted(resealed(demo_package(), code="52-0315"),
                                                                         public))
    put(stick, "readme.txt", "Пакеты школ".encode())
    put(stick, "photo.mdpkg", b"\x89PNG\r\n")
    summary = import_paths(session, paths=[stick], today=TODAY)
    assert sorted(i.school_code for i in summary.accepted) == ["52-0313", "52-0314"]  # two levels down: not read
    assert sorted(i.path.name for i in summary.skipped) == ["photo.mdpkg", "readme.txt"]
    assert {i.reason for i in summary.skipped} == {"не пакет MentorDesk"}
    assert summary.lines()[0] == "Принято: 2; заменено: 0; без изменений: 0; отклонено: 0; пропущено: 2"
    assert "Пропущен «readme.txt»: не пакет MentorDesk" in summary.lines()


def test_a_file_named_explicitly_is_rejected_not_skipped(municipality, tmp_path):
    session, _public = municipality
    path = put(tmp_path, "notes.mdpkg", b"just text")
    summary = import_paths(session, paths=[path, tmp_path / "missing.mdpkg"], today=TODAY)
    assert [i.path.name for i in summary.rejected] == ["notes.mdpkg", "missing.mdpkg"]
    assert "не является пакетом" in summary.rejected[0].reason and "не найден" in summary.rejected[1].reason
    assert not summary.ok


def test_newer_package_replaces_older_and_history_is_kept(municipality, tmp_path, db):
    session, public = municipality
    old = put(tmp_path / "a", "52-0313_2026-Q4.mdpkg",
              encrypted(resealed(demo_package(), created_at="2026-11-20T10:00:00Z"), public))
    new = put(tmp_path / "b", "52-0313_2026-Q4.mdpkg",
              encrypted(resealed(demo_package(), created_at="2026-11-25T10:00:00Z"), public))
    assert len(import_paths(session, paths=[old], today=TODAY).accepted) == 1
    summary = import_paths(session, paths=[new], today=TODAY)
    assert [i.school_code for i in summary.replaced] == ["52-0313"] and not summary.accepted
    assert summary.lines()[0] == "Принято: 0; заменено: 1; без изменений: 0; отклонено: 0"
    school_id = current_packages(session, period="2026-Q4")[0].school_id
    history = package_history(session, school_id=school_id, period="2026-Q4")
    assert [r.current for r in history] == [True, False]
    assert history[0].created_at == dt.datetime(2026, 11, 25, 10) and history[1].superseded_at is not None
    assert history[0].superseded_at is None and history[0].counts["mentees"] > 0
    assert [r.created_at for r in current_packages(session, period="2026-Q4")] == [dt.datetime(2026, 11, 25, 10)]

    before = dump(db)
    again = import_paths(session, paths=[new, old], today=TODAY)
    assert [i.school_code for i in again.unchanged] == ["52-0313", "52-0313"] and not again.accepted
    assert again.lines() == ["Принято: 0; заменено: 0; без изменений: 2; отклонено: 0"]
    assert dump(db) == before


def test_older_package_after_newer_stays_history(municipality, tmp_path):
    from sqlmodel import select

    from db.models_municipality import ReceivedIndicator

    session, public = municipality
    new = put(tmp_path, "new.mdpkg", encrypted(resealed(demo_package(), created_at="2026-11-25T10:00:00Z"), public))
    old = put(tmp_path, "old.mdpkg", encrypted(resealed(demo_package(), created_at="2026-11-20T10:00:00Z"), public))
    import_paths(session, paths=[new], today=TODAY)
    summary = import_paths(session, paths=[old], today=TODAY)
    assert len(summary.accepted) == 1 and not summary.replaced and not summary.new
    assert [i.path.name for i in summary.historical] == ["old.mdpkg"] and summary.accepted[0].historical
    assert summary.accepted[0].reason == "действующим остаётся пакет, созданный " + dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.timezone.utc).astimezone().strftime("%d.%m.%Y %H:%M")
    assert summary.lines() == ["Принято: 0; заменено: 0; в историю: 1; без изменений: 0; отклонено: 0",
                               "«old.mdpkg»: сохранён в истории (уже есть более новый пакет) — "
                               + summary.accepted[0].reason]
    current = current_packages(session, period="2026-Q4")
    assert [(r.file_name, r.created_at.day) for r in current] == [("new.mdpkg", 25)]
    history = package_history(session, school_id=current[0].school_id, period="2026-Q4")
    assert [(r.file_name, r.current) for r in history] == [("new.mdpkg", True), ("old.mdpkg", False)]
    # both packages keep their indicators (history is viewable), the «Свод» reads the current one
    ids = {r.id for r in history}
    assert {i.package_id for i in session.exec(select(ReceivedIndicator))} == ids


def test_same_content_under_another_name_is_unchanged(municipality, tmp_path):
    session, public = municipality
    blob = encrypted(demo_package(), public)
    import_paths(session, paths=[put(tmp_path, "a.mdpkg", blob)], today=TODAY)
    summary = import_paths(session, paths=[put(tmp_path, "копия.mdpkg", blob)], today=TODAY)
    assert [(i.path.name, i.school_code, i.period) for i in summary.unchanged] == [("копия.mdpkg", "52-0313",
                                                                                    "2026-Q4")]
    assert summary.ok


def test_plain_package_of_our_municipality_is_accepted_with_a_warning(municipality, tmp_path):
    session, _public = municipality
    spaced = "  лукояновский   муниципальный ОКРУГ "  # the name folded: case, «ё» and spaces do not matter
    blob = resealed(demo_package(), head={"school": {**_school_head(), "municipality": spaced}})
    summary = import_paths(session, paths=[put(tmp_path, "p.mdpkg", blob)], today=TODAY)
    assert summary.accepted[0].warnings == ("пакет не зашифрован",) and not summary.accepted[0].historical
    assert "«p.mdpkg»: пакет не зашифрован" in summary.lines()


@pytest.mark.parametrize("named", ["Город Иной", "Лукояновский район", ""])
def test_plain_package_of_another_municipality_is_rejected(municipality, tmp_path, db, named):
    session, _public = municipality
    before = dump(db)
    blob = resealed(demo_package(), head={"school": {**_school_head(), "municipality": named}})
    summary = import_paths(session, paths=[put(tmp_path, "p.mdpkg", blob)], today=TODAY)
    reason = summary.rejected[0].reason
    assert reason.startswith("пакет не зашифрован и составлен для другого управления образования (")
    assert reason.endswith("попросите школу применить файл настройки и выгрузить пакет заново")
    assert (f"(«{named}»)" in reason) if named else "(в пакете оно не указано)" in reason
    assert not summary.accepted and dump(db) == before


def test_encrypted_package_naming_another_municipality_is_trusted(municipality, tmp_path):
    session, public = municipality
    blob = resealed(demo_package(), head={"school": {**_school_head(), "municipality": "Город Иной"}})
    summary = import_paths(session, paths=[put(tmp_path, "p.mdpkg", encrypted(blob, public))], today=TODAY)
    assert [i.school_code for i in summary.new] == ["52-0313"]
    assert summary.accepted[0].warnings == ("в пакете указан другой муниципалитет: «Город Иной»",)


def test_plain_package_never_displaces_an_encrypted_one(municipality, tmp_path, db):
    """QA finding 1: a plain package made later (or earlier) must not replace the school's encrypted data."""
    session, public = municipality
    genuine = put(tmp_path, "genuine.mdpkg",
                  encrypted(resealed(demo_package(), created_at="2026-11-25T10:00:00Z"), public))
    assert import_paths(session, paths=[genuine], today=TODAY).new
    before = dump(db)
    for name, created in (("newer.mdpkg", "2026-11-26T10:00:00Z"), ("older.mdpkg", "2026-11-20T10:00:00Z")):
        plain = put(tmp_path, name, resealed(demo_package(), created_at=created))
        summary = import_paths(session, paths=[plain], today=TODAY)
        assert [i.reason for i in summary.rejected] == [
            "пакет не зашифрован, а от школы за этот квартал уже получен зашифрованный пакет; незашифрованный "
            "пакет мог составить кто угодно"]
        assert dump(db) == before
    assert [r.file_name for r in current_packages(session, period="2026-Q4")] == ["genuine.mdpkg"]


def test_encrypted_package_becomes_current_over_a_newer_plain_one(municipality, tmp_path):
    session, public = municipality
    plain = put(tmp_path, "plain.mdpkg", resealed(demo_package(), created_at="2026-11-25T10:00:00Z"))
    sealed = put(tmp_path, "sealed.mdpkg",
                 encrypted(resealed(demo_package(), created_at="2026-11-24T10:00:00Z"), public))
    import_paths(session, paths=[plain], today=TODAY)
    summary = import_paths(session, paths=[sealed], today=TODAY)
    assert [i.path.name for i in summary.replaced] == ["sealed.mdpkg"] and not summary.historical
    assert "заменил незашифрованный" in summary.replaced[0].reason
    current = current_packages(session, period="2026-Q4")
    assert [(r.file_name, r.encrypted) for r in current] == [("sealed.mdpkg", True)]
    assert [r.current for r in package_history(session, school_id=current[0].school_id, period="2026-Q4")] == [
        False, True]  # newest (the plain one) first, kept as history


def _school_head() -> dict:
    import tempfile

    from app.package import open_package

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "p.mdpkg"
        path.write_bytes(demo_package())
        return dict(open_package(path=path).manifest["school"])


def test_archived_school_is_accepted_with_a_warning(municipality, tmp_path):
    from app.municipality.register import find_school, set_school_archived

    session, public = municipality
    set_school_archived(session, school_id=find_school(session, code="52-0313").id, archived=True)
    summary = import_paths(session, paths=[put(tmp_path, "a.mdpkg", encrypted(demo_package(), public))], today=TODAY)
    assert any("в архиве" in w for w in summary.accepted[0].warnings)


def test_school_code_matches_the_register_ignoring_case(session, tmp_path):
    public = setup_municipality(session, tmp_path, codes=("ABC-1",))
    blob = encrypted(resealed(demo_package(), code="abc-1"), public)
    summary = import_paths(session, paths=[put(tmp_path, "a.mdpkg", blob)], today=TODAY)
    assert [i.school_code for i in summary.accepted] == ["ABC-1"]


def test_future_quarter_is_rejected(municipality, tmp_path, db):
    session, public = municipality
    before = dump(db)
    summary = import_paths(session, paths=[put(tmp_path, "a.mdpkg", encrypted(demo_package(), public))],
                           today=dt.date(2026, 9, 30))
    assert "ещё не начался" in summary.rejected[0].reason and dump(db) == before


def test_a_school_database_refuses_the_import(session, tmp_path):
    from app.errors import AppError
    from app.services.school import save_school
    from tests import factories

    save_school(session, data=factories.school())
    with pytest.raises(AppError, match="база школы"):
        import_paths(session, paths=[tmp_path], today=TODAY)


def test_cancel_keeps_packages_imported_before(municipality, tmp_path):
    from app.errors import Cancelled

    session, public = municipality
    put(tmp_path / "in", "1.mdpkg", encrypted(demo_package(), public))
    put(tmp_path / "in", "2.mdpkg", encrypted(resealed(demo_package(), code="52-0314"), public))

    def progress(done: int, total: int) -> None:
        if done == 1:
            raise Cancelled()

    summary = import_paths(session, paths=[tmp_path / "in"], today=TODAY, progress=progress)
    assert summary.cancelled and [i.path.name for i in summary.accepted] == ["1.mdpkg"]
    assert [i.path.name for i in summary.skipped] == ["2.mdpkg"] and "прервана" in summary.skipped[0].reason
    assert "(загрузка прервана)" in summary.lines()[0]
    assert [r.school_code for r in current_packages(session, period="2026-Q4")] == ["52-0313"]
