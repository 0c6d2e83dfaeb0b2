"""Open a school database: create, migrate (backup first), seed reference lists."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import Engine

from app.errors import ConflictError, StorageError


@dataclass
class Database:
    """An opened database: its path and engine (the composition root owns it)."""

    path: Path
    engine: Engine

    def session(self):  # noqa: ANN201 - sqlmodel Session
        from db.engine import new_session

        return new_session(self.engine)

    def close(self) -> None:
        self.engine.dispose()


def open_database(path: Path | str, *, backup_keep: int = 10, daily_backup: bool = False) -> Database:
    """Open (creating when missing) and migrate the database at ``path``."""
    from app import backup
    from db.engine import make_engine
    from db.migrate import ForeignDatabaseError, NewerDatabaseError, upgrade_to_head

    path = Path(path).resolve()
    try:
        if daily_backup:
            backup.auto_backup(db_path=path, keep=backup_keep, reason="daily")
        engine = make_engine(path)
        upgrade_to_head(engine, db_path=path,
                        before_upgrade=lambda: backup.auto_backup(db_path=path, keep=backup_keep,
                                                                  reason="before-migration", force=True))
    except NewerDatabaseError as exc:
        raise ConflictError(
            f"База данных «{path}» создана более новой версией MentorDesk (схема {exc.revision}). "
            "Обновите программу; база не изменена."
        ) from None
    except ForeignDatabaseError as exc:
        raise StorageError(
            f"Файл «{path}» нельзя открыть как базу MentorDesk: {exc.reason}. Файл не изменён."
        ) from None
    db = Database(path=path, engine=engine)
    from app.services.reference import seed_reference_lists
    from app.services.surveys import seed_survey_templates

    with db.session() as session:
        seed_reference_lists(session)
        seed_survey_templates(session)
    return db
