"""`export roadmap FILE.xlsx [--year]` end to end."""

from __future__ import annotations

import openpyxl

from tests.cli.runner import cli_env, run_cli

from app.database import open_database
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

    # without --year: the school's academic year (its profile), not the calendar's
    from app.schemas import SchoolData
    from app.services.school import save_school

    database = open_database(db_path)
    with database.session() as session:
        save_school(session, data=SchoolData(full_name="СОШ № 3", short_name="СОШ 3", municipality="Амурск",
                                             director_name="Лушникова Елена Николаевна",
                                             curator_name="Коваль Нина Николаевна", academic_year="2027/2028"))
    database.close()
    default = run_cli("export", "roadmap", str(tmp_path / "default.xlsx"), db=db_path, env=env)
    assert default.returncode == 0, default.stderr
    assert "37" in default.stdout
    assert openpyxl.load_workbook(tmp_path / "default.xlsx").active["A1"].value.endswith("на 2027/2028 учебный год")

    bad = run_cli("export", "roadmap", str(tmp_path / "bad.xlsx"), "--year", "2030", db=db_path, env=env)
    assert bad.returncode == 2
    assert "Учебный год «2030» — укажите в виде 2026/2027" in bad.stderr and "квартал" not in bad.stderr
    assert not (tmp_path / "bad.xlsx").exists()

    empty = run_cli("export", "roadmap", str(tmp_path / "empty.xlsx"), "--year", "2030/2031", db=db_path, env=env)
    assert empty.returncode == 2
    assert "Дорожная карта на 2030/2031 учебный год пуста — файл не записан" in empty.stderr
    assert not (tmp_path / "empty.xlsx").exists()


def test_export_help_explains_the_options(tmp_path):
    done = run_cli("export", "--help", env=cli_env(tmp_path / "home"))
    text = " ".join(done.stdout.split())
    assert "--include-archived" in text and "архивных" in text and "учебный год школы" in text
