"""Atomic file writing: a temp file beside the target, fsync, rename; readable permissions."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from app.errors import StorageError


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomically(path: Path, write: Callable[[Path], None]) -> Path:
    """Call ``write(tmp)`` for a temp file beside ``path``, fsync it and rename it over ``path``.

    A failure leaves no half-written file and raises ``StorageError`` with Russian text.
    """
    path = Path(path)
    if not path.parent.is_dir():
        raise StorageError(f"Папка «{path.parent}» не найдена — файл «{path.name}» не записан")
    tmp: Path | None = None
    try:
        fd, name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".tmp", dir=path.parent)
        os.close(fd)
        tmp = Path(name)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes it owner-only; a saved document is not
        write(tmp)
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        tmp = None
        fsync_dir(path.parent)
    except PermissionError:
        raise StorageError(f"Файл «{path.name}» не удалось записать: он открыт в другой программе "
                           "или нет прав на запись в папку") from None
    except OSError as exc:
        raise StorageError(f"Файл «{path.name}» не удалось записать: {exc.strerror or exc}") from None
    finally:
        if tmp is not None and tmp.exists():
            tmp.unlink()
    return path


def fsync_dir(folder: Path) -> None:
    """Make a rename durable (POSIX only; Windows has no directory handles for this)."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
