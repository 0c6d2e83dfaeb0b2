"""The last folder used per action of the municipality window, kept in QSettings («municipality/last_dir/…»)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

KEY = "municipality/last_dir/{}"


def last_dir(settings: Any, action: str) -> str:
    """The folder ``action`` used last time (if it still exists), else the home folder."""
    value = settings.value(KEY.format(action), "") if settings is not None else ""
    if isinstance(value, str) and value and Path(value).is_dir():
        return value
    return str(Path.home())


def remember_dir(settings: Any, action: str, path: Any) -> None:
    """Keep the folder of ``path`` (a file or a folder) for the next dialog of ``action``."""
    if settings is None or not path:
        return
    chosen = Path(path)
    settings.setValue(KEY.format(action), str(chosen if chosen.is_dir() else chosen.parent))


__all__ = ["KEY", "last_dir", "remember_dir"]
