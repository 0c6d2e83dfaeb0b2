"""End-to-end: `package export`, `package verify` and `package keygen` against a demo database."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

import pytest

from app.periods import quarter_of
from tests.cli.runner import run_cli

CURRENT = quarter_of(dt.date.today()).code


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("demo") / "school.sqlite3"
    result = run_cli("demo", "--mentees", "150", "--seed", "5", db=db)
    assert result.returncode == 0, result.stderr
    return db


def export(db: Path, out: Path, *extra: str):  # noqa: ANN201
    result = run_cli("package", "export", "--quarter", CURRENT, "--out", str(out), *extra, db=db)
    if result.returncode == 2 and "--force" in result.stderr:  # the quarter check may block a young demo
        result = run_cli("package", "export", "--quarter", CURRENT, "--out", str(out), "--force", *extra, db=db)
    return result


def test_export_then_verify(demo, tmp_path):
    result = export(demo, tmp_path)
    assert result.returncode == 0, result.stderr
    path = tmp_path / f"52-0313_{CURRENT}.mdpkg"
    assert path.is_file() and str(path) in result.stdout
    assert "SHA-256:" in result.stdout and "НЕ зашифрован" in result.stdout
    assert "Пакет не зашифрован" in result.stderr
    verified = run_cli("package", "verify", str(path))
    assert verified.returncode == 0, verified.stderr
    assert "Пакет в порядке" in verified.stdout and CURRENT in verified.stdout
    as_json = run_cli("--json", "package", "verify", str(path))
    payload = json.loads(as_json.stdout)
    assert payload["valid"] and payload["school"] == "52-0313" and payload["period"] == CURRENT
    assert payload["counts"]["mentees"] > 0
    with sqlite3.connect(demo) as conn:
        logged = conn.execute("SELECT file_name, sha256, encrypted FROM package_export").fetchall()
    assert (path.name, payload["sha256"], 0) in logged


def test_export_json_and_encrypted_with_keygen(demo, tmp_path):
    keys = tmp_path / "keys"
    keys.mkdir()
    made = run_cli("package", "keygen", "--private", str(keys / "uo.key"), "--public", str(keys / "uo.pub"),
                   "--label", "УО", "--json")
    assert made.returncode == 0, made.stderr
    again = run_cli("package", "keygen", "--private", str(keys / "uo.key"), "--public", str(keys / "uo2.pub"))
    assert again.returncode == 2 and "уже существует" in again.stderr
    db = tmp_path / "copy.sqlite3"
    db.write_bytes(demo.read_bytes())
    with sqlite3.connect(db) as conn:
        conn.execute("INSERT OR REPLACE INTO setting(key, value) VALUES ('municipality_key_path', ?)",
                     (json.dumps(str(keys / "uo.pub")),))
    out = tmp_path / "stick"
    out.mkdir()
    result = export(db, out, "--json")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["encrypted"] is True and Path(payload["file"]).read_bytes().startswith(b"MDPKGENC")
    envelope = run_cli("package", "verify", payload["file"])
    assert envelope.returncode == 0 and "--key" in envelope.stdout
    full = run_cli("--json", "package", "verify", payload["file"], "--key", str(keys / "uo.key"))
    assert full.returncode == 0 and json.loads(full.stdout)["content_verified"] is True
    other = tmp_path / "other"
    other.mkdir()
    run_cli("package", "keygen", "--private", str(other / "x.key"), "--public", str(other / "x.pub"))
    wrong = run_cli("package", "verify", payload["file"], "--key", str(other / "x.key"))
    assert wrong.returncode == 2 and "другого ключа" in wrong.stderr


@pytest.mark.parametrize("args,reason", [
    (("--quarter", "2026-Q5", "--out", "{tmp}"), "ГГГГ-Qn"),
    (("--quarter", "2026/2027", "--out", "{tmp}"), "за квартал"),
    (("--quarter", "2026-Q4", "--out", "{tmp}/нет"), "не найдена"),
    (("--quarter", "2099-Q1", "--out", "{tmp}"), "ещё не начался"),
])
def test_export_refuses_bad_input(demo, tmp_path, args, reason):
    result = run_cli("package", "export", *(a.replace("{tmp}", str(tmp_path)) for a in args), db=demo)
    assert result.returncode == 2 and reason in result.stderr
    assert list(tmp_path.glob("*.mdpkg")) == []


def test_verify_rejects_damage_with_a_reason(demo, tmp_path):
    assert export(demo, tmp_path).returncode == 0
    path = next(tmp_path.glob("*.mdpkg"))
    blob = bytearray(path.read_bytes())
    blob[len(blob) // 2] ^= 0x10
    path.write_bytes(bytes(blob))
    result = run_cli("package", "verify", str(path))
    assert result.returncode == 2 and "повреждён" in result.stderr and result.stdout == ""
    text = tmp_path / "notes.txt"
    text.write_text("просто текст", encoding="utf-8")
    result = run_cli("package", "verify", str(text))
    assert result.returncode == 2 and "не является пакетом" in result.stderr


def test_blocking_quarter_check_needs_force(demo, tmp_path):
    db = tmp_path / "copy.sqlite3"
    db.write_bytes(demo.read_bytes())
    with sqlite3.connect(db) as conn:
        conn.execute("DELETE FROM contingent")
    refused = run_cli("package", "export", "--quarter", CURRENT, "--out", str(tmp_path), db=db)
    assert refused.returncode == 2 and "--force" in refused.stderr and "Ошибка проверки" in refused.stderr
    assert list(tmp_path.glob("*.mdpkg")) == []
    forced = run_cli("package", "export", "--quarter", CURRENT, "--out", str(tmp_path), "--force", db=db)
    assert forced.returncode == 0, forced.stderr
    assert len(list(tmp_path.glob("*.mdpkg"))) == 1
