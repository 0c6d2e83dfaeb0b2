"""End-to-end: `export meetings` and `export surveys` after `demo`, read back with openpyxl."""

from __future__ import annotations

import datetime as dt
import sqlite3

import openpyxl
import pytest

from tests.cli.runner import cli_env, copy_database, run_cli


@pytest.fixture(scope="module")
def _demo_file(tmp_path_factory):
    """`python -m app demo` run once per module (before the per-test isolated home, so with its own)."""
    db = tmp_path_factory.mktemp("demo") / "школа.sqlite3"
    result = run_cli("demo", "--mentees", "60", "--mentors", "12", "--seed", "5", db=db,
                     env=cli_env(tmp_path_factory.mktemp("home")))
    assert result.returncode == 0, result.stderr
    return db


def test_export_meetings_and_surveys_after_demo(tmp_path, _demo_file):
    db = copy_database(_demo_file, tmp_path / "школа.sqlite3")
    with sqlite3.connect(db) as conn:
        meetings = conn.execute("SELECT count(*) FROM meeting").fetchone()[0]
        responses = conn.execute("SELECT count(*) FROM survey_response").fetchone()[0]
    assert meetings > 0 and responses > 0

    out = tmp_path / "встречи.xlsx"
    result = run_cli("export", "meetings", str(out), db=db)
    assert result.returncode == 0, result.stderr
    assert f"Выгружено записей: {meetings}" in result.stdout
    ws = openpyxl.load_workbook(out).active
    assert ws.title == "Журнал встреч"
    assert ws.max_row == meetings + 1
    assert isinstance(ws.cell(2, 1).value, dt.datetime)

    out = tmp_path / "анкеты.xlsx"
    result = run_cli("export", "surveys", str(out), db=db)
    assert result.returncode == 0, result.stderr
    assert f"Выгружено записей: {responses}" in result.stdout
    wb = openpyxl.load_workbook(out)
    assert "Сводка" in wb.sheetnames
    data_rows = sum(wb[name].max_row - 1 for name in wb.sheetnames if name != "Сводка")
    assert data_rows == responses


def test_export_to_a_missing_folder_is_a_clear_error(tmp_path, _demo_file):
    db = copy_database(_demo_file, tmp_path / "школа.sqlite3")
    result = run_cli("export", "meetings", str(tmp_path / "нет" / "встречи.xlsx"), db=db)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr and result.stderr.strip()
