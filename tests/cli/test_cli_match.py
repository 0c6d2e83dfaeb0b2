"""End-to-end ``match``: suggestions printed, ``--apply`` stores drafts, ``--json`` parses."""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
from pathlib import Path

import pytest

from tests.cli.runner import cli_env, copy_database, run_cli



@pytest.fixture
def env(tmp_path):
    return cli_env(tmp_path / "home")


def run(env: dict, *args: str) -> subprocess.CompletedProcess:
    return run_cli(*args, env=env)


def _drafts(path: Path) -> list[tuple]:
    """Pairs stored by ``match --apply`` (the demo may create pairs of its own, never «suggested» ones)."""
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT g.mentor_id, m.mentee_id, g.status, g.source, g.form FROM mentoring_group g "
                            "JOIN group_member m ON m.group_id = g.id WHERE g.source = 'suggested'").fetchall()
    finally:
        conn.close()


@pytest.fixture(scope="module")
def _demo_file(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("demo") / "school.sqlite3"
    result = run(cli_env(tmp_path_factory.mktemp("home")), "--db", str(db), "demo", "--mentees", "60", "--seed", "2")
    assert result.returncode == 0, result.stderr
    return db


@pytest.fixture
def demo_db(_demo_file, tmp_path):
    """The demo database made by `python -m app demo` once per module; each test changes its own copy."""
    return copy_database(_demo_file, tmp_path / "school.sqlite3")


def test_match_prints_suggestions_and_summary(env, demo_db):
    result = run(env, "--db", str(demo_db), "match")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    summary = re.fullmatch(r"Предложено пар: (\d+); без наставника остаются: (\d+)", lines[-1])
    assert summary, lines[-1]
    proposed = int(summary.group(1))
    assert proposed > 0 and len(lines) == proposed + 1
    assert all(re.search(r" → .+: \d+", line) for line in lines[:-1])
    assert any("совпадают запросы: " in line for line in lines)
    assert _drafts(demo_db) == []  # without --apply nothing is written


def test_match_apply_creates_drafts_and_json_parses(env, demo_db):
    shown = json.loads(run(env, "--db", str(demo_db), "--json", "match", "--mode", "cover").stdout)
    assert shown["mode"] == "cover" and shown["created_group_ids"] == []
    assert all({"mentee_id", "mentor_id", "score", "reasons", "form"} <= set(p) for p in shown["proposals"])
    result = run(env, "--db", str(demo_db), "match", "--mode", "cover", "--apply")
    assert result.returncode == 0, result.stderr
    created = int(re.search(r"Сохранено черновиков пар: (\d+)", result.stdout).group(1))
    rows = _drafts(demo_db)
    assert created == len(rows) == len(shown["proposals"]) > 0
    assert {(r[0], r[1]) for r in rows} == {(p["mentor_id"], p["mentee_id"]) for p in shown["proposals"]}
    assert all(r[2] == "draft" and r[3] == "suggested" for r in rows)
    again = json.loads(run(env, "--db", str(demo_db), "--json", "match").stdout)
    assert {p["mentee_id"] for p in again["proposals"]}.isdisjoint({r[1] for r in rows})
    assert again["unmatched"] == shown["unmatched"] - len(again["proposals"])


def test_match_rejects_unknown_mode(env, demo_db):
    result = run(env, "--db", str(demo_db), "match", "--mode", "all")
    assert result.returncode == 2
    assert _drafts(demo_db) == []
