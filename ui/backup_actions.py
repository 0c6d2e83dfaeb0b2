"""«Резервная копия…» and «Восстановить из копии…»: file dialogs around app.backup."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QWidget

from ui import file_dialogs, messages

FILTER = "Резервные копии MentorDesk (*.sqlite3 *.db);;Все файлы (*)"


def default_backup_path(db_path: Path, today: dt.date | None = None) -> Path:
    """``backups/mentordesk-ДД.ММ.ГГГГ.sqlite3`` beside the database."""
    from app.paths import backup_dir

    today = today or dt.date.today()
    return backup_dir(db_path=db_path) / f"mentordesk-{today:%d.%m.%Y}.sqlite3"


def write_backup(*, db: Any, dest: Path) -> Path:
    from app.backup import backup_to

    return backup_to(db_path=db.path, dest=dest)


def backup_interactive(parent: QWidget | None, *, db: Any) -> Path | None:
    """Ask where to save a copy and write it; the path written, or None."""
    name, _ = file_dialogs.getSaveFileName(parent, "Сохранить резервную копию", str(default_backup_path(db.path)),
                                          FILTER)
    if not name:
        return None
    try:
        dest = write_backup(db=db, dest=Path(name))
    except Exception as exc:  # noqa: BLE001 - shown to the user, nothing changed
        messages.show_error(parent, exc, title="Резервная копия")
        return None
    messages.inform(parent, title="Резервная копия", text=f"Резервная копия сохранена:\n{dest}")
    return dest


def restore_database(*, db: Any, source: Path, reopen: Callable[[Path], Any]) -> tuple[Any, Path | None]:
    """Check ``source``, close ``db``, replace the file, reopen it (migrating when needed).

    A bad copy raises StorageError before anything is closed or changed. Returns the reopened
    database and the safety copy of the state before the restore.
    """
    from app.backup import check_integrity, restore_from
    from app.errors import StorageError

    problem = check_integrity(source)
    if problem:
        raise StorageError(f"Копию «{source}» нельзя восстановить: {problem}")
    path = Path(db.path)
    db.close()  # a disposed engine stays usable: on failure the caller keeps working with ``db``
    safety = restore_from(db_path=path, source=source)
    return reopen(path), safety


def restore_interactive(parent: QWidget | None, *, db: Any, reopen: Callable[[Path], Any],
                        runner: Any = None) -> Any | None:
    """Pick a copy, confirm, restore; the reopened database, or None when nothing changed."""
    from app.paths import backup_dir

    name, _ = file_dialogs.getOpenFileName(parent, "Восстановить из резервной копии",
                                          str(backup_dir(db_path=Path(db.path))), FILTER)
    if not name:
        return None
    source = Path(name)
    from app.backup import check_integrity

    problem = check_integrity(source)
    if problem:
        messages.show_error(parent, _storage_error(f"Копию «{source.name}» нельзя восстановить: {problem}. "
                                                   "Текущие данные не изменены."), title="Восстановление")
        return None
    if not messages.confirm(parent, title="Восстановление из копии",
                            text=f"Текущие данные будут заменены содержимым копии «{source.name}».\n"
                                 "Перед заменой копия текущего состояния будет сохранена в папке резервных копий.\n\n"
                                 "Продолжить?", yes="Восстановить"):
        return None
    if runner is not None:
        runner.wait()
    try:
        new_db, safety = restore_database(db=db, source=source, reopen=reopen)
    except Exception as exc:  # noqa: BLE001
        messages.show_error(parent, exc, title="Восстановление")
        return None
    note = f"\nПрежнее состояние сохранено: {safety}" if safety else ""
    messages.inform(parent, title="Восстановление из копии", text=f"База восстановлена из «{source.name}».{note}")
    return new_db


def _storage_error(text: str) -> Exception:
    from app.errors import StorageError

    return StorageError(text)




def backup_window(window: Any) -> None:
    """«Файл → Резервная копия…» of either main window (``window.db`` may be None)."""
    if window.db is not None:
        backup_interactive(window, db=window.db)


def restore_window(window: Any) -> None:
    """«Файл → Восстановить из копии…» of either main window: the restored database replaces the open one."""
    from app.database import open_database

    if window.db is None:
        return
    new_db = restore_interactive(window, db=window.db, runner=window.runner, reopen=lambda p: open_database(p))
    if new_db is not None:
        window.set_database(new_db)


__all__ = ["backup_interactive", "backup_window", "default_backup_path", "restore_database", "restore_interactive",
           "restore_window", "write_backup"]
