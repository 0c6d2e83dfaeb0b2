"""Backups with SQLite's online backup API: automatic daily, before migrations, restore."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import sqlite3
from pathlib import Path

from app.errors import StorageError
from app.files import fsync_dir
from app.paths import backup_dir

PREFIX = "mentordesk-"
SUFFIX = ".sqlite3"
# Names of automatic backups: mentordesk-YYYYMMDD-HHMMSS-ffffff-<reason>.sqlite3 (sortable by time).
_AUTO_RE = re.compile(r"^mentordesk-(\d{8})-\d{6}-\d{6}-([a-z][a-z-]*)\.sqlite3$")
_REQUIRED_TABLES = {"mentee", "mentor", "alembic_version"}


def _ro_uri(path: Path) -> str:
    return path.resolve().as_uri() + "?mode=ro"


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _copy(src: Path, dest: Path) -> None:
    """Consistent copy of a live database (WAL content included) into ``dest``, written then renamed."""
    tmp = dest.with_name(dest.name + ".part")
    tmp.unlink(missing_ok=True)
    try:
        source = sqlite3.connect(_ro_uri(src), uri=True)
        try:
            target = sqlite3.connect(tmp)
            try:
                source.backup(target)
                target.execute("PRAGMA journal_mode=DELETE")  # a self-contained single file
                target.commit()
            finally:
                target.close()
        finally:
            source.close()
        _fsync_file(tmp)
        os.replace(tmp, dest)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(dest.parent)


def check_integrity(path: Path | str) -> str | None:
    """None when the file is a sound MentorDesk database this version can open, else the reason in Russian."""
    from db.migrate import KNOWN_REVISIONS

    path = Path(path)
    if not path.is_file():
        return "файл не найден"
    try:
        with open(path, "rb") as fh:
            if fh.read(16) != b"SQLite format 3\x00":
                return "это не файл базы данных SQLite"
        conn = sqlite3.connect(_ro_uri(path), uri=True)
        conn.text_factory = lambda raw: raw.decode("utf-8", "replace")  # damaged pages yield junk text
        try:
            result = conn.execute("PRAGMA integrity_check").fetchone()[0]
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            revision = None
            if "alembic_version" in tables:
                row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = row[0] if row else None
        finally:
            conn.close()
    except (sqlite3.DatabaseError, OSError) as exc:
        return f"файл повреждён ({exc})"
    except UnicodeDecodeError:  # SQLite's message quoted damaged bytes
        return "файл повреждён (испорчена схема базы)"
    if result != "ok":
        return f"проверка целостности не пройдена: {result[:200]}"
    if not _REQUIRED_TABLES <= tables or revision is None:
        return "это не база MentorDesk"
    if revision not in KNOWN_REVISIONS:
        return f"копия создана более новой версией MentorDesk (схема {revision}); обновите программу"
    return None


def backup_to(*, db_path: Path | str, dest: Path | str) -> Path:
    """Write a backup of ``db_path`` to ``dest`` (a file, or a folder to put a dated file in)."""
    db_path, dest = Path(db_path), Path(dest)
    if not db_path.is_file():
        raise StorageError(f"База данных «{db_path}» не найдена")
    if dest.is_dir():
        dest = dest / f"{PREFIX}{dt.datetime.now():%Y%m%d-%H%M%S}{SUFFIX}"
    if dest.resolve() == db_path.resolve():
        raise StorageError("Резервную копию нельзя записать поверх самой базы данных; выберите другой файл")
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        _copy(db_path, dest)
    except (OSError, sqlite3.Error) as exc:
        raise StorageError(f"Не удалось записать резервную копию «{dest}»: {exc}") from exc
    return dest


def list_backups(*, db_path: Path | str) -> list[Path]:
    """Automatic backups of this database, newest first (files saved by hand under other names are left out)."""
    folder = backup_dir(db_path=Path(db_path))
    return sorted((p for p in folder.glob(f"{PREFIX}*{SUFFIX}") if _AUTO_RE.match(p.name)), reverse=True)


def rotate(*, db_path: Path | str, keep: int) -> list[Path]:
    """Delete automatic backups beyond the newest ``keep`` (at least one is kept); returns those deleted."""
    old = list_backups(db_path=db_path)[max(keep, 1):]
    for path in old:
        path.unlink(missing_ok=True)
    return old


def auto_backup(*, db_path: Path | str, keep: int, reason: str, force: bool = False,
                now: dt.datetime | None = None) -> Path | None:
    """A timestamped backup in the backups folder; without ``force`` at most one per day and reason.

    Returns the new file, or None when the database is missing/empty or today's copy exists already.
    """
    if not re.fullmatch(r"[a-z][a-z-]*", reason):
        raise ValueError(f"bad backup reason {reason!r}")
    db_path = Path(db_path)
    if not db_path.is_file() or db_path.stat().st_size == 0:
        return None
    now = now or dt.datetime.now()
    if not force:
        today = now.strftime("%Y%m%d")
        for path in list_backups(db_path=db_path):
            m = _AUTO_RE.match(path.name)
            if m and m.group(1) == today and m.group(2) == reason:
                return None
    dest = backup_dir(db_path=db_path) / f"{PREFIX}{now:%Y%m%d-%H%M%S-%f}-{reason}{SUFFIX}"
    backup_to(db_path=db_path, dest=dest)
    rotate(db_path=db_path, keep=keep)
    return dest


def restore_from(*, db_path: Path | str, source: Path | str, keep: int = 10) -> Path | None:
    """Replace the database by ``source`` after checking it; the current state is backed up first.

    The caller must have closed every connection to ``db_path`` (dispose the engine). A bad copy raises
    StorageError and leaves the database untouched. Returns the backup of the state before the restore.
    """
    db_path, source = Path(db_path), Path(source)
    if source.resolve() == db_path.resolve():
        raise StorageError("Нельзя восстановить базу из неё самой; выберите файл резервной копии")
    problem = check_integrity(source)
    if problem:
        raise StorageError(f"Копию «{source}» нельзя восстановить: {problem}. Текущие данные не изменены.")
    tmp = db_path.with_name(db_path.name + ".restore")
    try:
        db_path.parent.mkdir(parents=True, exist_ok=True)
        # Copy first: rotation below may delete ``source`` when it is the oldest automatic backup.
        _copy(source, tmp)
    except (OSError, sqlite3.Error) as exc:
        raise StorageError(f"Не удалось прочитать копию «{source}»: {exc}. Текущие данные не изменены.") from exc
    try:
        safety = auto_backup(db_path=db_path, keep=keep, reason="before-restore", force=True)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    try:
        for suffix in ("-wal", "-shm"):  # the old log must never be replayed onto the restored file
            Path(str(db_path) + suffix).unlink(missing_ok=True)
        os.replace(tmp, db_path)
        fsync_dir(db_path.parent)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        note = f" Прежнее состояние сохранено в «{safety}»." if safety else ""
        raise StorageError(f"Не удалось восстановить базу: {exc}.{note}") from exc
    return safety


def copy_file(src: Path, dest: Path) -> None:
    """Plain file copy (used for exporting a backup file elsewhere)."""
    shutil.copy2(src, dest)
