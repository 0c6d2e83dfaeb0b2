"""`export roadmap FILE.xlsx [--year]` end to end."""

from __future__ import annotations

import datetime as dt

import openpyxl

from tests.cli.runner import cli_env, run_cli

from app.database import open_database
from app.roadmap_rules import academic_year_code
from app.services import roadmap as service


def test_export_roadmap_by_year(tmp_path):
    env = cli_env(tmp_path / "home")
    db_path = tmp_path / "school.sqlite3"
    database = open_database(db_path)
    with database.session() as session:
        service.start_from_template(session, template_code="school-001", academic_year="2027/2028")
    database.close()
    out = tmp_path / "roadmap.xlsx"
    done = run_cli("export", "roadmap", str(out), "--year", "2027/2028", db=db_path, env=env)
    assert done.returncode == 0, done.stderr
    assert "37" in done.stdout
    ws = openpyxl.load_workbook(out).active
    assert ws["A1"].value.endswith("на 2027/2028 учебный год")
    assert ws["A6"].value == "1.1" and ws["F6"].value == "запланировано"

    default = run_cli("export", "roadmap", str(tmp_path / "default.xlsx"), db=db_path, env=env)
    assert default.returncode == 0, default.stderr  # the only year with items
    assert "37" in default.stdout

    bad = run_cli("export", "roadmap", str(tmp_path / "bad.xlsx"), "--year", "2027", db=db_path, env=env)
    assert bad.returncode != 0 and "учебный год" in bad.stderr.lower() + bad.stdout.lower()
    assert not (tmp_path / "bad.xlsx").exists()
    assert academic_year_code(dt.date.today())  # sanity: the default year is computable
