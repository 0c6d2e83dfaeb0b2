"""End-to-end: `municipality …` commands and the school's `setup apply`, each in a subprocess."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

import openpyxl
import pytest

from app.periods import quarter_of
from tests.cli.runner import cli_env, run_cli

CURRENT = quarter_of(dt.date.today()).code
CODE = "52-0999"


def ok(result):  # noqa: ANN001, ANN201
    assert result.returncode == 0, result.stderr
    return result


@pytest.fixture(scope="module")
def muni(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("uo") / "uo.sqlite3"
    env = cli_env(tmp_path_factory.mktemp("home"))  # module fixtures run before the per-test isolated home
    first = run_cli("municipality", "schools", "list", db=db, env=env)
    assert first.returncode == 2 and "municipality init --name" in first.stderr
    init = ok(run_cli("--json", "municipality", "init", "--name", "Управление образования г. Тестовска",
                      "--region", "Тестовская область", db=db, env=env))
    assert json.loads(init.stdout)["name"] == "Управление образования г. Тестовска"
    ok(run_cli("municipality", "schools", "add", "--code", CODE, "--name", "МБОУ «Средняя школа № 99»",
               "--short", "СШ № 99", db=db, env=env))
    return db


@pytest.fixture(scope="module")
def school(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("school") / "school.sqlite3"
    ok(run_cli("demo", "--mentees", "60", "--seed", "3", db=db, env=cli_env(tmp_path_factory.mktemp("home"))))
    return db


def _codes(db: Path) -> list[str]:
    listed = ok(run_cli("--json", "municipality", "schools", "list", db=db))
    return [s["code"] for s in json.loads(listed.stdout)["schools"]]


def test_init_twice_and_duplicate_school_are_refused(muni):
    again = run_cli("municipality", "init", "--name", "Другое", db=muni)
    assert again.returncode == 2 and "уже создано" in again.stderr
    dup = run_cli("municipality", "schools", "add", "--code", CODE, "--name", "Повтор", db=muni)
    assert dup.returncode == 2 and f"«{CODE}» уже есть в реестре" in dup.stderr
    bad = run_cli("municipality", "schools", "add", "--code", "X 1", "--name", "Y", "--kind", "лицей", db=muni)
    assert bad.returncode == 2 and "поле «Код»" in bad.stderr and "поле «Тип»" in bad.stderr
    assert _codes(muni) == [CODE]


def test_schools_import(muni, tmp_path):
    wb = openpyxl.Workbook()
    wb.active.append(["Код", "Полное наименование", "Краткое наименование", "Тип", "Контакт"])
    wb.active.append(["52-0100", "МБОУ Лицей № 100", "Лицей 100", "школа", ""])
    wb.active.append(["52-0100", "Повтор", "", "", ""])
    bad = tmp_path / "bad.xlsx"
    wb.save(bad)
    result = run_cli("municipality", "schools", "import", str(bad), db=muni)
    assert result.returncode == 2 and "bad.xlsx" in result.stderr and "строка 3, поле «Код»" in result.stderr
    assert "52-0100" not in _codes(muni)
    wb.active.delete_rows(3)
    good = tmp_path / "good.xlsx"
    wb.save(good)
    result = ok(run_cli("--json", "municipality", "schools", "import", str(good), db=muni))
    assert json.loads(result.stdout)["added"] == 1
    assert "52-0100" in _codes(muni)


def test_keys_export(muni, tmp_path):
    result = ok(run_cli("municipality", "keys", "export", "--private", str(tmp_path / "uo.key"), db=muni))
    assert "Внимание" in result.stderr and "закрытый ключ" in result.stderr
    ok(run_cli("municipality", "keys", "export", "--public", str(tmp_path / "uo.pub"), db=muni))
    assert json.loads((tmp_path / "uo.key").read_text(encoding="utf-8"))["kind"] == "private"
    assert json.loads((tmp_path / "uo.pub").read_text(encoding="utf-8"))["kind"] == "public"


def test_setup_file_apply_export_import_report(muni, school, tmp_path):
    setup = tmp_path / f"{CODE}.mdsetup"
    missing = run_cli("municipality", "setup-file", "--school", "00-0000", "--out", str(setup), db=muni)
    assert missing.returncode == 2 and "нет в реестре" in missing.stderr and not setup.exists()
    written = ok(run_cli("municipality", "setup-file", "--school", CODE, "--out", str(setup), db=muni))
    assert "«Файл → Загрузить файл настройки от управления образования…»" in written.stdout  # the real menu path

    refused = run_cli("setup", "apply", str(setup), db=muni)
    assert refused.returncode == 2 and "база управления образования" in refused.stderr
    applied = ok(run_cli("--json", "setup", "apply", str(setup), db=school))
    payload = json.loads(applied.stdout)
    assert payload["school"] == CODE
    assert Path(payload["key_path"]) == school.parent / "keys" / school.stem / "municipality.pub"  # per database
    with sqlite3.connect(school) as con:
        assert con.execute("select code, municipality from school").fetchone() == \
            (CODE, "Управление образования г. Тестовска")
        assert con.execute("select count(*) from reporting_deadline").fetchone()[0] >= 8

    out = tmp_path / "usb"
    out.mkdir()
    export = run_cli("package", "export", "--quarter", CURRENT, "--out", str(out), db=school)
    if export.returncode == 2 and "--force" in export.stderr:  # the quarter check may block a young demo
        export = run_cli("package", "export", "--quarter", CURRENT, "--out", str(out), "--force", db=school)
    ok(export)
    package = out / f"{CODE}_{CURRENT}.mdpkg"
    assert package.is_file() and "НЕ зашифрован" not in export.stdout

    key = tmp_path / "uo.key"
    ok(run_cli("municipality", "keys", "export", "--private", str(key), db=muni))
    envelope_only = json.loads(ok(run_cli("--json", "package", "verify", str(package))).stdout)
    assert envelope_only["encrypted"] and not envelope_only["content_verified"]
    verified = json.loads(ok(run_cli("--json", "package", "verify", str(package), "--key", str(key))).stdout)
    assert verified["content_verified"] and verified["school"] == CODE and verified["period"] == CURRENT

    first = ok(run_cli("--json", "municipality", "import", str(out), db=muni))
    assert [i["school"] for i in json.loads(first.stdout)["accepted"]] == [CODE]
    second = ok(run_cli("--json", "municipality", "import", str(package), db=muni))
    assert len(json.loads(second.stdout)["unchanged"]) == 1
    broken = tmp_path / "broken.mdpkg"
    broken.write_bytes(package.read_bytes()[:-50])
    rejected = run_cli("municipality", "import", str(broken), str(package), db=muni)
    assert rejected.returncode == 2 and rejected.stderr.count("broken.mdpkg") == 1  # each reason once, on stderr
    assert rejected.stderr.startswith("Отклонён «broken.mdpkg»: ") and "broken.mdpkg" not in rejected.stdout
    assert rejected.stdout.splitlines()[0] == "Принято: 0; заменено: 0; без изменений: 1; отклонено: 1"

    report = tmp_path / "svod.xlsx"
    ok(run_cli("municipality", "report", "--quarter", CURRENT, "--out", str(report), db=muni))
    assert report.is_file() and openpyxl.load_workbook(report).sheetnames
    bad_quarter = run_cli("municipality", "report", "--quarter", "2026-13", "--out", str(report), db=muni)
    assert bad_quarter.returncode == 2 and "--quarter" in bad_quarter.stderr


def test_municipality_commands_refuse_a_school_database(school):
    result = run_cli("municipality", "schools", "list", db=school)
    assert result.returncode == 2 and "база школы, а не управления образования" in result.stderr
    result = run_cli("municipality", "init", "--name", "УО", db=school)
    assert result.returncode == 2 and "база школы" in result.stderr
    with sqlite3.connect(school) as con:
        assert con.execute("select count(*) from municipality_profile").fetchone()[0] == 0


def test_setup_apply_bad_file_writes_nothing(tmp_path):
    bad = tmp_path / "bad.mdsetup"
    bad.write_text("{}", encoding="utf-8")
    db = tmp_path / "new.sqlite3"
    result = run_cli("setup", "apply", str(bad), db=db)
    assert result.returncode == 2 and "не является файлом настройки" in result.stderr
    assert not db.exists() and not (tmp_path / "keys").exists()


def test_commands_on_a_missing_database_create_no_file(tmp_path):
    db = tmp_path / "uo.sqlite3"
    for args in (("municipality", "import", str(tmp_path)), ("municipality", "schools", "list"),
                 ("municipality", "report", "--quarter", "2026-Q4", "--out", str(tmp_path / "r.xlsx"))):
        result = run_cli(*args, db=db)
        assert result.returncode == 2, result.stderr
        assert f"Файл базы «{db}» не найден — создайте базу управления образования: mentordesk --db {db} " \
               "municipality init --name" in result.stderr
        assert not db.exists() and sorted(p.name for p in tmp_path.iterdir()) == []
    failed = run_cli("municipality", "init", "--name", "У" * 301, db=db)  # refused after the file was opened
    assert failed.returncode == 2 and "300 знаков" in failed.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == []
