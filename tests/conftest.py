"""Shared fixtures: offscreen Qt, an isolated data home, real SQLite databases in tmp_path."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory, monkeypatch):
    """Every test gets its own MENTORDESK_HOME; no MENTORDESK_DB leaks in."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("MENTORDESK_HOME", str(home))
    monkeypatch.delenv("MENTORDESK_DB", raising=False)
    return home


@pytest.fixture
def db(tmp_path):
    """A freshly created and migrated school database file."""
    from app.database import open_database

    database = open_database(tmp_path / "school.sqlite3")
    yield database
    database.close()


@pytest.fixture
def session(db):
    with db.session() as s:
        yield s
