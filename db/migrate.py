"""Schema migrations: bring a database to the head revision, refuse newer ones."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from sqlalchemy.engine import Engine

# The newest revision this application knows; tests check it against Alembic.
HEAD_REVISION = "0006_lifecycle"
KNOWN_REVISIONS = ("0001_initial", "0002_pairs_orders", "0003_meetings_surveys", "0004_monitoring",
                   "0005_municipality", "0006_lifecycle")


class NewerDatabaseError(Exception):
    """The database was written by a newer version of the application."""

    def __init__(self, revision: str) -> None:
        super().__init__(revision)
        self.revision = revision


class ForeignDatabaseError(Exception):
    """The file is not a database of this application (not SQLite, or other tables without a revision)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def current_revision(path: Path | str) -> str | None:
    """The Alembic revision stamped in the file, or None for a new/empty one.

    Opens the file read-only; raises ForeignDatabaseError for a file that is not SQLite or holds
    tables of some other program.
    """
    path = Path(path)
    if not path.exists() or path.stat().st_size == 0:
        return None
    try:
        conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
        try:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if "alembic_version" not in tables:
                if tables:
                    raise ForeignDatabaseError("файл содержит таблицы другой программы")
                return None
            rev = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            return rev[0] if rev else None
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise ForeignDatabaseError(f"это не база данных SQLite или файл повреждён ({exc})") from None


def needs_upgrade(path: Path | str) -> bool:
    """True when the file is empty or behind the head; raises for a newer one."""
    rev = current_revision(path)
    if rev is not None and rev not in KNOWN_REVISIONS:
        raise NewerDatabaseError(rev)
    return rev != HEAD_REVISION


def _alembic_config():  # noqa: ANN202 - alembic type imported lazily
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    return cfg


def upgrade_to_head(
    engine: Engine, *, db_path: Path | str, before_upgrade: Callable[[], None] | None = None
) -> bool:
    """Migrate to the head revision; ``before_upgrade`` runs first (a backup).

    Returns True when a migration ran.
    """
    rev = current_revision(db_path)
    if not needs_upgrade(db_path):
        return False
    if rev is not None and before_upgrade is not None:
        before_upgrade()
    from alembic import command

    cfg = _alembic_config()
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "head")
    return True


def script_head() -> str:
    """Head revision according to Alembic's scripts (for tests)."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_alembic_config()).get_current_head()
