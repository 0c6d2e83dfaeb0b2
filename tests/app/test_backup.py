"""Backups: consistent copies with WAL content, rotation, daily limit, safe restore, backup before migration."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app import backup
from app.database import open_database
from app.errors import StorageError
from app.services.people import save_mentee
from db.models import Mentee
from tests import factories


def _names(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("SELECT last_name FROM mentee ORDER BY id")]
    finally:
        conn.close()


def _fill(db, *names: str) -> None:  # noqa: ANN001
    with db.session() as s:
        for name in names:
            save_mentee(s, data=factories.mentee(last_name=name))


def test_backup_copy_opens_with_same_rows(db, tmp_path):
    _fill(db, "Иванов", "Петрова", "Ёлкин")
    dest = backup.backup_to(db_path=db.path, dest=tmp_path / "out" / "copy.sqlite3")
    assert dest.is_file()
    assert backup.check_integrity(dest) is None
    assert _names(dest) == ["Иванов", "Петрова", "Ёлкин"]
    copy = open_database(dest)
    try:
        with copy.session() as s:
            assert s.execute(select(func.count()).select_from(Mentee)).scalar_one() == 3
    finally:
        copy.close()
    assert not (tmp_path / "out" / "copy.sqlite3.part").exists()


def test_backup_includes_uncheckpointed_wal(db, tmp_path):
    with db.engine.connect() as conn:  # hold a reader so the WAL cannot be checkpointed away
        conn.exec_driver_sql("PRAGMA wal_autocheckpoint=0")
        conn.exec_driver_sql("SELECT count(*) FROM mentee").all()
        _fill(db, "Смирнова")
        wal = Path(str(db.path) + "-wal")
        assert wal.is_file() and wal.stat().st_size > 0
        dest = backup.backup_to(db_path=db.path, dest=tmp_path / "copy.sqlite3")
    assert _names(dest) == ["Смирнова"]
    with open(dest, "rb") as fh:  # the copy is a single self-contained file (rollback journal mode)
        header = fh.read(20)
    assert header[18:20] == b"\x01\x01"


def test_backup_into_a_folder_and_not_over_itself(db, tmp_path):
    _fill(db, "Орлов")
    folder = tmp_path / "stick"
    folder.mkdir()
    dest = backup.backup_to(db_path=db.path, dest=folder)
    assert dest.parent == folder and dest.name.startswith("mentordesk-")
    with pytest.raises(StorageError, match="поверх самой базы"):
        backup.backup_to(db_path=db.path, dest=db.path)
    with pytest.raises(StorageError, match="не найдена"):
        backup.backup_to(db_path=tmp_path / "missing.sqlite3", dest=tmp_path / "x.sqlite3")


def test_rotation_keeps_newest(db):
    start = dt.datetime(2026, 11, 1, 8, 0)
    made = [backup.auto_backup(db_path=db.path, keep=3, reason="daily", now=start + dt.timedelta(days=n))
            for n in range(6)]
    kept = backup.list_backups(db_path=db.path)
    assert kept == list(reversed(made[-3:]))
    assert all(not p.exists() for p in made[:3])


def test_rotation_ignores_hand_made_copies(db):
    manual = backup.backup_to(db_path=db.path, dest=db.path.parent / "backups" / "mentordesk-26.11.2026.sqlite3")
    for n in range(3):
        backup.auto_backup(db_path=db.path, keep=1, reason="daily", now=dt.datetime(2026, 11, 1 + n, 9))
    assert manual.exists()
    assert len(backup.list_backups(db_path=db.path)) == 1
    assert backup.rotate(db_path=db.path, keep=0) == []  # at least one is always kept


def test_auto_backup_once_a_day_unless_forced(db):
    morning = dt.datetime(2026, 11, 26, 8, 0)
    first = backup.auto_backup(db_path=db.path, keep=10, reason="daily", now=morning)
    assert first is not None and first.is_file()
    assert backup.auto_backup(db_path=db.path, keep=10, reason="daily", now=morning.replace(hour=17)) is None
    forced = backup.auto_backup(db_path=db.path, keep=10, reason="daily", force=True, now=morning.replace(hour=18))
    assert forced is not None and forced != first
    tomorrow = backup.auto_backup(db_path=db.path, keep=10, reason="daily", now=morning + dt.timedelta(days=1))
    assert tomorrow is not None
    assert len(backup.list_backups(db_path=db.path)) == 3


def test_auto_backup_skips_missing_or_empty(tmp_path):
    assert backup.auto_backup(db_path=tmp_path / "none.sqlite3", keep=3, reason="daily") is None
    empty = tmp_path / "empty.sqlite3"
    empty.touch()
    assert backup.auto_backup(db_path=empty, keep=3, reason="daily") is None


def test_open_database_daily_backup(tmp_path):
    path = tmp_path / "school.sqlite3"
    open_database(path, daily_backup=True).close()  # a new file: nothing to back up yet
    assert backup.list_backups(db_path=path) == []
    open_database(path, daily_backup=True).close()
    open_database(path, daily_backup=True).close()
    assert len(backup.list_backups(db_path=path)) == 1


def test_restore_replaces_data_and_saves_current_state(db, tmp_path):
    _fill(db, "Иванов")
    copy = backup.backup_to(db_path=db.path, dest=tmp_path / "copy.sqlite3")
    _fill(db, "Петров", "Сидоров")
    db.close()
    safety = backup.restore_from(db_path=db.path, source=copy)
    assert _names(db.path) == ["Иванов"]
    assert safety is not None and "before-restore" in safety.name
    assert _names(safety) == ["Иванов", "Петров", "Сидоров"]
    reopened = open_database(db.path)
    try:
        with reopened.session() as s:
            save_mentee(s, data=factories.mentee(last_name="Новиков"))
    finally:
        reopened.close()
    assert _names(db.path) == ["Иванов", "Новиков"]


def test_restore_from_oldest_automatic_backup_survives_rotation(db):
    _fill(db, "Первый")
    oldest = backup.auto_backup(db_path=db.path, keep=2, reason="daily", now=dt.datetime(2026, 1, 1, 9))
    _fill(db, "Второй")
    backup.auto_backup(db_path=db.path, keep=2, reason="daily", now=dt.datetime(2026, 1, 2, 9))
    db.close()
    backup.restore_from(db_path=db.path, source=oldest, keep=2)  # the safety copy rotates ``oldest`` away
    assert not oldest.exists()
    assert _names(db.path) == ["Первый"]


def _junk(tmp_path: Path) -> Path:
    path = tmp_path / "junk.sqlite3"
    path.write_bytes(b"\x00not a database at all" * 100)
    return path


def _corrupt(db, tmp_path: Path) -> Path:  # noqa: ANN001
    _fill(db, *[f"Иванов{'а' * (n % 3)}" for n in range(60)])
    good = backup.backup_to(db_path=db.path, dest=tmp_path / "good.sqlite3")
    data = bytearray(good.read_bytes())
    page = 4096
    for offset in range(page * 2, len(data) - 100, 97):  # scribble over every page but the header page
        data[offset:offset + 8] = b"\xde\xad\xbe\xef\xde\xad\xbe\xef"
    bad = tmp_path / "corrupt.sqlite3"
    bad.write_bytes(bytes(data))
    return bad


def _foreign(tmp_path: Path) -> Path:
    path = tmp_path / "foreign.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE recipes (id INTEGER PRIMARY KEY, title TEXT)")
    conn.execute("INSERT INTO recipes (title) VALUES ('борщ')")
    conn.commit()
    conn.close()
    return path


def _newer(db, tmp_path: Path) -> Path:  # noqa: ANN001
    path = backup.backup_to(db_path=db.path, dest=tmp_path / "newer.sqlite3")
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = 'zzzz_future'")
    conn.commit()
    conn.close()
    return path


@pytest.mark.parametrize(("make", "reason"), [
    (lambda db, tmp: _junk(tmp), "не файл базы данных SQLite"),
    (_corrupt, "повреждён|целостности"),
    (lambda db, tmp: _foreign(tmp), "не база MentorDesk"),
    (_newer, "более новой версией"),
    (lambda db, tmp: tmp / "absent.sqlite3", "не найден"),
])
def test_restore_refuses_bad_copy_and_keeps_database(db, tmp_path, make, reason):
    _fill(db, "Иванов", "Петров")
    source = make(db, tmp_path)
    assert backup.check_integrity(source) is not None
    db.close()
    before, names = db.path.read_bytes(), _names(db.path)
    assert names[:2] == ["Иванов", "Петров"]
    with pytest.raises(StorageError, match=reason) as info:
        backup.restore_from(db_path=db.path, source=source)
    assert "нельзя восстановить" in str(info.value)
    assert "Текущие данные не изменены" in str(info.value)
    assert db.path.read_bytes() == before
    assert _names(db.path) == names
    assert not Path(str(db.path) + ".restore").exists()
    assert backup.list_backups(db_path=db.path) == []


def test_restore_from_itself_refused(db):
    db.close()
    with pytest.raises(StorageError, match="из неё самой"):
        backup.restore_from(db_path=db.path, source=db.path)


_EXTRA_REVISION = """
revision = "0002_probe"
down_revision = "{head}"
branch_labels = None
depends_on = None

from alembic import op
import sqlalchemy as sa


def upgrade() -> None:
    op.create_table("probe", sa.Column("id", sa.Integer(), primary_key=True))


def downgrade() -> None:
    op.drop_table("probe")
"""


def test_migration_takes_a_backup_first(tmp_path, monkeypatch):
    """open_database backs an older database up (reason before-migration) before Alembic changes it."""
    import shutil

    from db import migrate

    path = tmp_path / "school.sqlite3"
    database = open_database(path)
    _fill(database, "Иванов")
    database.close()
    # A «newer application»: the shipped migrations plus one more revision.
    scripts = tmp_path / "migrations"
    shutil.copytree(Path(migrate.__file__).parent / "migrations", scripts,
                    ignore=shutil.ignore_patterns("__pycache__"))
    old_head = migrate.HEAD_REVISION
    (scripts / "versions" / "0002_probe.py").write_text(_EXTRA_REVISION.format(head=old_head), encoding="utf-8")
    original_config = migrate._alembic_config

    def config():  # noqa: ANN202
        cfg = original_config()
        cfg.set_main_option("script_location", str(scripts))
        return cfg

    monkeypatch.setattr(migrate, "_alembic_config", config)
    monkeypatch.setattr(migrate, "HEAD_REVISION", "0002_probe")
    monkeypatch.setattr(migrate, "KNOWN_REVISIONS", (*migrate.KNOWN_REVISIONS, "0002_probe"))

    open_database(path).close()
    assert migrate.current_revision(path) == "0002_probe"
    copies = backup.list_backups(db_path=path)
    assert len(copies) == 1 and copies[0].name.endswith("-before-migration.sqlite3")
    assert migrate.current_revision(copies[0]) == old_head  # the state before the upgrade
    assert _names(copies[0]) == ["Иванов"]
    open_database(path).close()  # up to date now: no second backup
    assert len(backup.list_backups(db_path=path)) == 1


def test_two_databases_in_one_folder_keep_separate_backups(tmp_path):
    from app.database import open_database

    for name in ("first", "second"):
        open_database(tmp_path / f"{name}.sqlite3").close()
    first = backup.auto_backup(db_path=tmp_path / "first.sqlite3", keep=5, reason="daily")
    second = backup.auto_backup(db_path=tmp_path / "second.sqlite3", keep=5, reason="daily")
    assert first is not None and second is not None  # the first one's daily copy does not count for the second
    assert first.parent != second.parent
    assert backup.list_backups(db_path=tmp_path / "first.sqlite3") == [first]
