"""End-to-end: `python -m app import/export` in a subprocess against real files."""

from __future__ import annotations

import datetime as dt
import sqlite3
import subprocess
from pathlib import Path

import openpyxl

from tests.cli.runner import run_cli


def run(db: Path, *args: str) -> subprocess.CompletedProcess:
    return run_cli(*args, db=db)


def rows_in(db: Path, table: str) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(f"SELECT last_name, first_name, middle_name, birth_date FROM {table} "  # noqa: S608
                            "ORDER BY last_name").fetchall()


def write_xlsx(path: Path, rows: list[list]) -> Path:
    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append(row)
    wb.save(path)
    return path


GOOD = [["База наставляемых МБОУ СШ № 1"],
        ["№ п/п", "ФИО наставляемого", "Год рождения наставляемого", "Класс", "Основной запрос наставляемого"],
        [1, "Иванов Пётр Сергеевич", dt.datetime(2012, 3, 14), "7А", "математика"],
        [2, "Сидорова Анна", "2011", "8Б", "английский"]]


def test_import_good_file(tmp_path):
    db = tmp_path / "school.sqlite3"
    result = run(db, "import", "mentees", str(write_xlsx(tmp_path / "база.xlsx", GOOD)))
    assert result.returncode == 0, result.stderr
    assert "Загружено записей: 2" in result.stdout
    assert rows_in(db, "mentee") == [("Иванов", "Пётр", "Сергеевич", "2012-03-14"), ("Сидорова", "Анна", "", None)]


def test_import_broken_file_exit_2_and_nothing_written(tmp_path):
    db = tmp_path / "school.sqlite3"
    assert run(db, "import", "mentees", str(write_xlsx(tmp_path / "first.xlsx", GOOD))).returncode == 0
    before = rows_in(db, "mentee")
    bad = write_xlsx(tmp_path / "плохой.xlsx", [GOOD[1], [1, "Орлов Глеб", "31.02.2012", "7А", ""],
                                                 [2, "Зайцев Ким", "01.01.2012", "7Б", ""]])
    result = run(db, "import", "mentees", str(bad))
    assert result.returncode == 2
    assert "«плохой.xlsx»" in result.stderr
    assert "строка 2, поле «Год рождения наставляемого»: «31.02.2012» — такой даты нет" in result.stderr
    assert rows_in(db, "mentee") == before


def test_import_not_an_xlsx_exit_2(tmp_path):
    db = tmp_path / "school.sqlite3"
    fake = tmp_path / "fake.xlsx"
    fake.write_text("hello", encoding="utf-8")
    result = run(db, "import", "mentors", str(fake))
    assert result.returncode == 2
    assert "«fake.xlsx»" in result.stderr and "не является книгой Excel" in result.stderr


def test_dry_run_writes_nothing(tmp_path):
    db = tmp_path / "school.sqlite3"
    result = run(db, "import", "mentees", str(write_xlsx(tmp_path / "база.xlsx", GOOD)), "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "Ничего не записано" in result.stdout
    assert rows_in(db, "mentee") == []


def test_skip_duplicates_and_warnings_on_stderr(tmp_path):
    db = tmp_path / "school.sqlite3"
    path = write_xlsx(tmp_path / "база.xlsx", GOOD)
    assert run(db, "import", "mentees", str(path)).returncode == 0
    result = run(db, "import", "mentees", str(path), "--skip-duplicates")
    assert result.returncode == 0, result.stderr
    assert "Загружено записей: 0; пропущено дубликатов: 2." in result.stdout
    assert "возможный дубликат — уже в базе: Иванов Пётр Сергеевич, 14.03.2012" in result.stderr
    assert len(rows_in(db, "mentee")) == 2


def test_export_creates_readable_xlsx_and_round_trips(tmp_path):
    db = tmp_path / "school.sqlite3"
    assert run(db, "import", "mentees", str(write_xlsx(tmp_path / "база.xlsx", GOOD))).returncode == 0
    out = tmp_path / "выгрузка.xlsx"
    result = run(db, "export", "mentees", str(out))
    assert result.returncode == 0, result.stderr
    assert "Выгружено записей: 2" in result.stdout
    ws = openpyxl.load_workbook(out).worksheets[0]
    assert ws["B1"].value == "ФИО наставляемого" and ws["B2"].value == "Иванов Пётр Сергеевич"
    assert ws["D2"].value == dt.datetime(2012, 3, 14) and ws["D3"].value == 2011
    other = tmp_path / "other.sqlite3"
    assert run(other, "import", "mentees", str(out)).returncode == 0
    assert rows_in(other, "mentee") == rows_in(db, "mentee")


def test_duplicates_are_skipped_by_default_and_kept_on_request(tmp_path):
    db = tmp_path / "school.sqlite3"
    path = write_xlsx(tmp_path / "база.xlsx", GOOD)
    assert run(db, "import", "mentees", str(path)).returncode == 0
    result = run(db, "import", "mentees", str(path))
    assert result.returncode == 0 and "пропущено дубликатов: 2" in result.stdout
    assert len(rows_in(db, "mentee")) == 2
    assert run(db, "import", "mentees", str(path), "--keep-duplicates").returncode == 0
    assert len(rows_in(db, "mentee")) == 4
