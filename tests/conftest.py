"""Shared fixtures: offscreen Qt, an isolated data home, real SQLite databases in tmp_path."""

from __future__ import annotations

import os
import shutil

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory, monkeypatch):
    """Every test gets its own MENTORDESK_HOME; no MENTORDESK_DB leaks in."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("MENTORDESK_HOME", str(home))
    monkeypatch.delenv("MENTORDESK_DB", raising=False)
    return home


@pytest.fixture(scope="session")
def _migrated_school_file(tmp_path_factory):
    """One school database created and migrated per session; ``db`` copies the file (migrating is slow)."""
    from app.database import open_database

    path = tmp_path_factory.mktemp("template") / "school.sqlite3"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MENTORDESK_HOME", str(tmp_path_factory.mktemp("template-home")))
        mp.delenv("MENTORDESK_DB", raising=False)
        open_database(path).close()
    assert not path.with_name(path.name + "-wal").exists(), "template must be checkpointed before copying"
    return path


@pytest.fixture(scope="session")
def demo_snapshot(tmp_path_factory, _migrated_school_file):
    """``demo_snapshot(**fill_demo_kwargs)`` → (file, DemoResult): each demo is built once per session.

    Load it into a test's own database with ``tests.snapshots.load_into``.
    """
    from tests.snapshots import build_file

    cache = {}

    def get(**kwargs):
        key = tuple(sorted(kwargs.items()))
        if key not in cache:
            from app.demo import fill_demo

            cache[key] = build_file(tmp_path_factory, _migrated_school_file, lambda s: fill_demo(s, **kwargs))
        return cache[key]

    return get


@pytest.fixture
def db(tmp_path, _migrated_school_file):
    """A freshly created and migrated school database file (a copy of the session's migrated one)."""
    from app.database import open_database

    target = tmp_path / "school.sqlite3"
    shutil.copyfile(_migrated_school_file, target)
    database = open_database(target)
    yield database
    database.close()


@pytest.fixture
def session(db):
    with db.session() as s:
        yield s
