"""Filesystem locations of the database, logs and backups (MENTORDESK_HOME overrides)."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "MentorDesk"


def data_dir() -> Path:
    """The user's data directory, created on demand."""
    override = os.environ.get("MENTORDESK_HOME")
    if override:
        path = Path(override)
    else:
        import platformdirs

        path = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_db_path() -> Path:
    """Where the database lives unless --db or MENTORDESK_DB says otherwise."""
    env = os.environ.get("MENTORDESK_DB")
    if env:
        return Path(env)
    return data_dir() / "mentordesk.sqlite3"


def log_dir() -> Path:
    path = data_dir() / "logs"
    path.mkdir(parents=True, exist_ok=True)
    return path


def backup_dir(*, db_path: Path) -> Path:
    """Backups sit beside the database in «backups/<database file name>», one folder per database."""
    db_path = Path(db_path).resolve()
    path = db_path.parent / "backups" / db_path.stem
    path.mkdir(parents=True, exist_ok=True)
    return path
