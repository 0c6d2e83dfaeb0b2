"""End-to-end runs of ``python -m app``: version, demo, MENTORDESK_DB, backup/restore, JSON output."""

from __future__ import annotations

import json
import sqlite3
import subprocess
from pathlib import Path

import pytest

from tests.cli.runner import cli_env, run_cli

from app import __version__



@pytest.fixture
def env(tmp_path):
    return cli_env(tmp_path / "home")


def run(env: dict, *args: str) -> subprocess.CompletedProcess:
    return run_cli(*args, env=env)


def _query(path: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def _count(path: Path) -> int:
    return _query(path, "SELECT count(*) FROM mentee")[0][0]


def test_version(env):
    result = run(env, "--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"MentorDesk {__version__}"


def test_demo_creates_database_deterministically(env, tmp_path):
    first, second = tmp_path / "a.sqlite3", tmp_path / "b.sqlite3"
    for path in (first, second):
        result = run(env, "--db", str(path), "demo", "--mentees", "200", "--seed", "7")
        assert result.returncode == 0, result.stderr
        assert "наставляемых 200" in result.stdout
    assert _count(first) == 200
    names_sql = "SELECT last_name, first_name, middle_name, group_name FROM mentee ORDER BY id"
    assert _query(first, names_sql) == _query(second, names_sql)
    mentor_sql = "SELECT last_name, first_name, competencies FROM mentor ORDER BY id"
    assert _query(first, mentor_sql) == _query(second, mentor_sql)
    assert len(_query(first, mentor_sql)) == 33  # default ≈ mentees / 6
    other = tmp_path / "c.sqlite3"
    assert run(env, "--db", str(other), "demo", "--mentees", "200", "--seed", "8").returncode == 0
    assert _query(other, names_sql) != _query(first, names_sql)


def test_database_from_environment(env, tmp_path):
    path = tmp_path / "from-env.sqlite3"
    env = {**env, "MENTORDESK_DB": str(path)}
    result = run(env, "demo", "--mentees", "30", "--mentors", "5", "--seed", "1")
    assert result.returncode == 0, result.stderr
    assert _count(path) == 30
    assert not (tmp_path / "home" / "mentordesk.sqlite3").exists()


def test_default_database_in_home(env, tmp_path):
    result = run(env, "demo", "--mentees", "10", "--seed", "1")
    assert result.returncode == 0, result.stderr
    assert _count(tmp_path / "home" / "mentordesk.sqlite3") == 10


def test_backup_and_restore_round_trip(env, tmp_path):
    db, copy = tmp_path / "school.sqlite3", tmp_path / "copies" / "copy.sqlite3"
    assert run(env, "--db", str(db), "demo", "--mentees", "50", "--seed", "1").returncode == 0
    result = run(env, "--db", str(db), "backup", "--out", str(copy))
    assert result.returncode == 0, result.stderr
    assert copy.is_file() and "Резервная копия записана" in result.stdout
    assert run(env, "--db", str(db), "demo", "--mentees", "70", "--seed", "2").returncode == 0
    assert _count(db) == 120
    result = run(env, "--db", str(db), "restore", str(copy))
    assert result.returncode == 0, result.stderr
    assert "База восстановлена" in result.stdout
    assert _count(db) == 50
    safety = list((tmp_path / "backups" / "school").glob("mentordesk-*-before-restore.sqlite3"))
    assert len(safety) == 1 and _count(safety[0]) == 120
    # the restored database opens and takes new data
    assert run(env, "--db", str(db), "demo", "--mentees", "5", "--mentors", "1", "--seed", "3").returncode == 0
    assert _count(db) == 55


def test_restore_of_junk_is_refused(env, tmp_path):
    db, junk = tmp_path / "school.sqlite3", tmp_path / "junk.sqlite3"
    assert run(env, "--db", str(db), "demo", "--mentees", "20", "--seed", "1").returncode == 0
    junk.write_bytes(b"PK\x03\x04 definitely not sqlite" * 40)
    before = db.read_bytes()
    result = run(env, "--db", str(db), "restore", str(junk))
    assert result.returncode == 2
    assert "нельзя восстановить" in result.stderr and "junk.sqlite3" in result.stderr
    assert "не файл базы данных SQLite" in result.stderr
    assert "Traceback" not in result.stderr
    assert db.read_bytes() == before
    assert _count(db) == 20


def test_backup_of_missing_database_is_refused(env, tmp_path):
    result = run(env, "--db", str(tmp_path / "none.sqlite3"), "backup", "--out", str(tmp_path / "x.sqlite3"))
    assert result.returncode == 2
    assert "не найдена" in result.stderr
    assert not (tmp_path / "x.sqlite3").exists()


def test_newer_database_exit_code(env, tmp_path):
    db = tmp_path / "school.sqlite3"
    assert run(env, "--db", str(db), "demo", "--mentees", "5", "--seed", "1").returncode == 0
    conn = sqlite3.connect(db)
    conn.execute("UPDATE alembic_version SET version_num = 'zzzz_future'")
    conn.commit()
    conn.close()
    result = run(env, "--db", str(db), "demo", "--mentees", "5", "--seed", "1")
    assert result.returncode == 2
    assert "более новой версией MentorDesk" in result.stderr
    assert _count(db) == 5


def test_json_output(env, tmp_path):
    db = tmp_path / "school.sqlite3"
    result = run(env, "--json", "--db", str(db), "demo", "--mentees", "40", "--mentors", "7", "--seed", "3")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert (payload["mentees"], payload["mentors"]) == (40, 7)
    assert payload["meetings"] > 0 and payload["responses"] > 0
    out = tmp_path / "copy.sqlite3"
    result = run(env, "--json", "--db", str(db), "backup", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert Path(json.loads(result.stdout)["file"]) == out
    result = run(env, "--json", "--db", str(db), "restore", str(out))
    payload = json.loads(result.stdout)
    assert payload["restored"] == str(out) and Path(payload["previous"]).is_file()


def test_argparse_speaks_russian(capsys):
    from app.cli import main

    import pytest

    with pytest.raises(SystemExit) as exit_info:
        main(["no-such-command"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "использование: mentordesk" in err and "недопустимое значение 'no-such-command'" in err
    assert "usage" not in err and "invalid choice" not in err
