"""Backups with SQLite's online backup API: automatic daily, before migrations, restore."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
from pathlib import Path

from app.errors import StorageError
from app.paths import backup_dir

PREFIX = "mentordesk-"
SUFFIX = ".sqlite3"


def _copy(src: Path, dest: Path) -> None:
    """Consistent copy of a live database into ``dest`` (written then renamed)."""
    tmp = dest.with_name(dest.name + ".part")
    tmp.unlink(missing_ok=True)
    source = sqlite3.connect(src.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        target = sqlite3.connect(tmp)
        try:
            source.backup(target)
            target.execute("PRAGMA journal_mode=DELETE")
            target.commit()
        finally:
            target.close()
    finally:
        source.close()
    with open(tmp, "rb") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, dest)


def check_integrity(path: Path | str) -> str | None:
    """None when the file is a sound SQLite database, else the reason in Russian."""
    path = Path(path)
    if not path.is_file():
        return "файл не найден"
    try:
        with open(path, "rb") as fh:
            if fh.read(16) != b"SQLite format 3\x00":
                return "это не файл базы данных SQLite"
        conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
        try:
            result = conn.execute("PRAGMA integrity_check").fetchone()[0]
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return f"файл повреждён ({exc})"
    if result != "ok":
        return f"проверка целостности не пройдена: {result}"
    if not {"mentee", "mentor", "alembic_version"} <= tables:
        return "это не база MentorDesk"
    return None


def backup_to(*, db_path: Path | str, dest: Path | str) -> Path:
    """Write a backup of ``db_path`` to ``dest``."""
    db_path, dest = Path(db_path), Path(dest)
    if not db_path.is_file():
        raise StorageError(f"База данных «{db_path}» не найдена")
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        _copy(db_path, dest)
    except (OSError, sqlite3.Error) as exc:
        raise StorageError(f"Не удалось записать резервную копию «{dest}»: {exc}") from exc
    return dest


def list_backups(*, db_path: Path | str) -> list[Path]:
    """Automatic backups of this database, newest first."""
    folder = backup_dir(db_path=Path(db_path))
    return sorted(folder.glob(f"{PREFIX}*{SUFFIX}"), reverse=True)


def rotate(*, db_path: Path | str, keep: int) -> list[Path]:
    """Delete automatic backups beyond the newest ``keep``; returns those deleted."""
    old = list_backups(db_path=db_path)[max(keep, 1):]
    for path in old:
        path.unlink(missing_ok=True)
    return old


def auto_backup(*, db_path: Path | str, keep: int, reason: str, force: bool = False) -> Path | None:
    """A timestamped backup beside the database; at start only once a day unless forced."""
    db_path = Path(db_path)
    if not db_path.is_file() or db_path.stat().st_size == 0:
        return None
    now = dt.datetime.now()
    if not force:
        today = now.strftime("%Y%m%d")
        if any(p.name.startswith(f"{PREFIX}{today}") for p in list_backups(db_path=db_path)):
            return None
    dest = backup_dir(db_path=db_path) / f"{PREFIX}{now:%Y%m%d-%H%M%S-%f}-{reason}{SUFFIX}"
    backup_to(db_path=db_path, dest=dest)
    rotate(db_path=db_path, keep=keep)
    return dest


def restore_from(*, db_path: Path | str, source: Path | str, keep: int = 10) -> Path | None:
    """Replace the database by ``source`` after checking it; the current state is backed up first.

    The caller must have closed every connection to ``db_path`` (dispose the engine).
    Returns the backup of the state before the restore.
    """
    db_path, source = Path(db_path), Path(source)
    problem = check_integrity(source)
    if problem:
        raise StorageError(f"Копию «{source}» нельзя восстановить: {problem}")
    safety = auto_backup(db_path=db_path, keep=keep, reason="before-restore", force=True)
    tmp = db_path.with_name(db_path.name + ".restore")
    try:
        _copy(source, tmp)
        for suffix in ("-wal", "-shm"):
            Path(str(db_path) + suffix).unlink(missing_ok=True)
        os.replace(tmp, db_path)
    except (OSError, sqlite3.Error) as exc:
        tmp.unlink(missing_ok=True)
        raise StorageError(f"Не удалось восстановить базу: {exc}") from exc
    return safety


def copy_file(src: Path, dest: Path) -> None:
    """Plain file copy (used for exporting a backup file elsewhere)."""
    shutil.copy2(src, dest)
