"""Migrations: a new file reaches head, the schema equals the models, newer and foreign files are refused."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import inspect
from sqlmodel import SQLModel

from app.database import open_database
from app.errors import ConflictError, StorageError
from db import migrate


def test_empty_file_is_migrated_to_head(tmp_path):
    path = tmp_path / "new.sqlite3"
    path.touch()  # an empty file counts as a new database
    database = open_database(path)
    try:
        tables = set(inspect(database.engine).get_table_names())
    finally:
        database.close()
    assert set(SQLModel.metadata.tables) <= tables
    assert "alembic_version" in tables
    assert migrate.current_revision(path) == migrate.HEAD_REVISION == migrate.script_head()
    assert migrate.HEAD_REVISION in migrate.KNOWN_REVISIONS
    assert migrate.needs_upgrade(path) is False


def test_missing_file_and_folder_are_created(tmp_path):
    path = tmp_path / "deep" / "er" / "school.sqlite3"
    open_database(path).close()
    assert migrate.current_revision(path) == migrate.HEAD_REVISION


def test_known_revisions_match_the_scripts():
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(migrate._alembic_config())
    assert {s.revision for s in scripts.walk_revisions()} == set(migrate.KNOWN_REVISIONS)


def test_migrated_schema_equals_the_models(db):
    database = db
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    import db.models as models

    assert models.Mentee.__table__.metadata is SQLModel.metadata  # every table registered
    with database.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    assert diff == []


def test_pragmas_of_an_opened_database(db):
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL


def _stamp(path: Path, revision: str) -> None:
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = ?", (revision,))
    conn.commit()
    conn.close()


def test_newer_database_is_refused_and_untouched(tmp_path):
    path = tmp_path / "school.sqlite3"
    open_database(path).close()
    _stamp(path, "zzzz_future")
    os.utime(path, (1_000_000_000, 1_000_000_000))
    before = path.read_bytes()
    with pytest.raises(ConflictError) as info:
        open_database(path)
    text = str(info.value)
    assert "более новой версией" in text and "zzzz_future" in text and "не изменена" in text
    assert path.read_bytes() == before
    assert path.stat().st_mtime == 1_000_000_000
    assert migrate.current_revision(path) == "zzzz_future"
    with pytest.raises(migrate.NewerDatabaseError):
        migrate.needs_upgrade(path)


def test_foreign_sqlite_file_is_refused_and_untouched(tmp_path):
    path = tmp_path / "recipes.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE recipes (id INTEGER PRIMARY KEY, title TEXT)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(StorageError, match="нельзя открыть как базу MentorDesk"):
        open_database(path)
    assert path.read_bytes() == before
    conn = sqlite3.connect(path)
    assert [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")] == ["recipes"]
    conn.close()


def test_non_sqlite_file_is_refused_and_untouched(tmp_path):
    path = tmp_path / "notes.sqlite3"
    path.write_text("это просто текст, а не база данных\n" * 50, encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(StorageError, match="не база данных SQLite"):
        open_database(path)
    assert path.read_bytes() == before


def test_up_to_date_database_does_not_run_alembic(tmp_path, monkeypatch):
    path = tmp_path / "school.sqlite3"
    open_database(path).close()
    from alembic import command

    def forbidden(*_args, **_kwargs):  # noqa: ANN002, ANN003, ANN202
        raise AssertionError("alembic must not run for an up-to-date database")

    monkeypatch.setattr(command, "upgrade", forbidden)
    database = open_database(path)
    try:
        assert migrate.upgrade_to_head(database.engine, db_path=path) is False
    finally:
        database.close()
    from app.backup import list_backups

    assert list_backups(db_path=path) == []  # no «before-migration» copy either


def test_reference_lists_seeded_once(tmp_path):
    from sqlalchemy import func, select

    from db.models import ReferenceItem

    path = tmp_path / "school.sqlite3"
    counts = []
    for _ in range(2):
        database = open_database(path)
        with database.session() as s:
            counts.append(s.execute(select(func.count()).select_from(ReferenceItem)).scalar_one())
        database.close()
    assert counts[0] > 0 and counts[0] == counts[1]
