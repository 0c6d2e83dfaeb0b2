"""Build an expensive database once (per module) and load a copy of it into a test's own ``db``."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest


def build_file(tmp_path_factory, template: Path, fill: Callable[[Any], Any]) -> tuple[Path, Any]:  # noqa: ANN001
    """Copy the migrated ``template``, run ``fill(session)`` on it once; (the file, what ``fill`` returned)."""
    from app.database import open_database

    folder = tmp_path_factory.mktemp("snapshot")
    path = folder / "school.sqlite3"
    shutil.copyfile(template, path)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MENTORDESK_HOME", str(folder / "home"))
        mp.delenv("MENTORDESK_DB", raising=False)
        database = open_database(path)
        try:
            with database.session() as session:
                result = fill(session)
        finally:
            database.close()
    assert not path.with_name(path.name + "-wal").exists(), "snapshot must be checkpointed"
    return path, result


def load_into(db, session, source: Path) -> None:  # noqa: ANN001
    """Replace the contents of the test's open database with the file ``source`` (SQLite backup API)."""
    session.close()  # no open read transaction may keep an older snapshot
    src = sqlite3.connect(source)
    try:
        raw = db.engine.raw_connection()
        try:
            src.backup(raw.driver_connection)
        finally:
            raw.close()
    finally:
        src.close()
    session.expire_all()


def fresh_copy(template: Path, path: Path) -> Path:
    """A new migrated database file at ``path`` (a copy of the session's migrated ``template``)."""
    shutil.copyfile(template, path)
    return path
