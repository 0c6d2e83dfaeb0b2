"""End-to-end: `python -m app order` and `export pairs` against a demo database."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
import subprocess
from pathlib import Path

import openpyxl
import pytest

from tests.cli.runner import cli_env, copy_database, run_cli


def run(db: Path, *args: str) -> subprocess.CompletedProcess:
    return run_cli(*args, db=db)


def query(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


@pytest.fixture(scope="module")
def _demo_file(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("demo") / "school.sqlite3"
    result = run_cli("demo", "--mentees", "200", "--seed", "3", db=db,
                     env=cli_env(tmp_path_factory.mktemp("home")))  # before the per-test isolated home
    assert result.returncode == 0, result.stderr
    return db


@pytest.fixture
def demo(_demo_file, tmp_path):
    """The demo database made by `python -m app demo` once per module; each test changes its own copy."""
    return copy_database(_demo_file, tmp_path / "school.sqlite3")


def test_order_approves_every_pair_not_in_an_order(demo, tmp_path):
    pending = {r[0] for r in query(demo, "SELECT id FROM mentoring_group WHERE order_id IS NULL "
                                         "AND status IN ('draft', 'approved', 'working')")}
    assert pending
    out = tmp_path / "order.pdf"
    result = run(demo, "order", "--out", str(out), "--number", "77", "--date", "01.11.2026")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"Приказ № 77 от 01.11.2026: пар/групп {len(pending)} → {out}"
    assert out.read_bytes().startswith(b"%PDF")
    [(order_id, kind, title)] = query(demo, "SELECT id, kind, title FROM mentoring_order WHERE number = '77'")
    assert kind == "approve" and title == "Об утверждении наставнических пар (групп) на 2026/2027 учебный год"
    rows = query(demo, f"SELECT id, status, status_date FROM mentoring_group WHERE order_id = {order_id}")
    assert {r[0] for r in rows} == pending
    assert all(r[1] in ("approved", "working") for r in rows)
    assert {r[2] for r in rows if r[1] == "approved"} == {"2026-11-01"}
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True,
                              encoding="utf-8", check=True).stdout
        assert "ПРИКАЗ" in text and "01.11.2026" in text and "№ 77" in text
        assert "Лукояновский муниципальный округ" in text and "С приказом ознакомлены:" in text

    again = run(demo, "order", "--out", str(tmp_path / "second.pdf"))
    assert again.returncode == 2
    assert "Нет пар (групп) для утверждения" in again.stderr
    assert not (tmp_path / "second.pdf").exists()


def test_order_for_chosen_pairs_with_next_number(demo, tmp_path):
    drafts = [r[0] for r in query(demo, "SELECT id FROM mentoring_group WHERE status = 'draft' ORDER BY id")][:2]
    out = tmp_path / "order.pdf"
    result = run(demo, "order", "--pairs", ",".join(map(str, drafts)), "--out", str(out), "--date", "02.11.2026")
    assert result.returncode == 0, result.stderr
    numbers = [int(r[0]) for r in query(demo, "SELECT number FROM mentoring_order WHERE date LIKE '2026-%' "
                                              "AND date < '2026-11-02'")]
    assert f"Приказ № {max(numbers) + 1} от 02.11.2026: пар/групп 2 → " in result.stdout
    assert {r[0] for r in query(demo, f"SELECT status FROM mentoring_group WHERE id IN ({drafts[0]}, {drafts[1]})")} \
        == {"approved"}


@pytest.mark.parametrize("args, message", [
    (("--date", "31.02.2026"), "такой даты нет"),
    (("--date", "завтра"), "не дата"),
    (("--pairs", "1,x"), "номера пар"),
    (("--pairs", "999999"), "не найдена"),
])
def test_bad_input_exits_2_and_writes_nothing(demo, tmp_path, args, message):
    before = query(demo, "SELECT count(*) FROM mentoring_order")
    out = tmp_path / "order.pdf"
    result = run(demo, "order", "--out", str(out), *args)
    assert result.returncode == 2, result.stdout
    assert message in result.stderr
    assert not out.exists()
    assert query(demo, "SELECT count(*) FROM mentoring_order") == before


def test_export_pairs(demo, tmp_path):
    out = tmp_path / "pairs.xlsx"
    result = run(demo, "export", "pairs", str(out))
    assert result.returncode == 0, result.stderr
    members = query(demo, "SELECT count(*) FROM group_member")[0][0]
    assert result.stdout.strip() == f"Выгружено записей: {members} → {out}"
    ws = openpyxl.load_workbook(out).active
    assert ws.title == "Пары и группы" and ws.freeze_panes == "A2" and ws.auto_filter.ref
    header = [c.value for c in ws[1]]
    assert header[:4] == ["№ пары", "Наставник", "Должность (класс) наставника", "Наставляемый"]
    assert all(c.font.bold for c in ws[1])
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert len(rows) == members
    col = {name: n for n, name in enumerate(header)}
    statuses = {r[col["Статус"]] for r in rows}
    assert statuses == {"черновик", "утверждена приказом", "работает", "завершена", "расформирована"}
    approved = [r for r in rows if r[col["Статус"]] == "утверждена приказом"]
    assert all(r[col["Приказ"]].startswith("№ ") and " от " in r[col["Приказ"]] for r in approved)
    assert all(r[col["Приказ"]] is None for r in rows if r[col["Статус"]] == "черновик")
    assert all(isinstance(r[col["Начало"]], dt.datetime) for r in rows)
    group_sizes = {}
    for r in rows:
        group_sizes[r[0]] = group_sizes.get(r[0], 0) + 1
    assert max(group_sizes.values()) > 1, "groups give one row per mentee"
