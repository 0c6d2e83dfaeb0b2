"""What «О программе» shows: version, build date, bundled components and where the data lives."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from app import __version__
from app.licences import Component, bundle_dir, components, licences_folder
from app.paths import data_dir


@dataclass(frozen=True)
class AboutInfo:
    """A snapshot for the About dialog (no Qt, no ORM)."""

    version: str
    build: str          # «сборка от 26.11.2026» or how the program was installed
    data_dir: Path
    db_path: Path | None
    components: tuple[Component, ...]
    licences_dir: Path | None


def build_text() -> str:
    """«сборка от ДД.ММ.ГГГГ» for a built bundle, else a note that it runs from an installed Python package."""
    bundle = bundle_dir()
    if bundle is None:
        return "установлена как пакет Python (pip)"
    try:
        raw = json.loads((bundle / "build_info.json").read_text(encoding="utf-8"))
        built = datetime.fromisoformat(raw["built_at"])
        return f"сборка от {built:%d.%m.%Y}"
    except (OSError, ValueError, KeyError, TypeError):
        return "сборка (дата неизвестна)"


def about_info(*, db_path: Path | None) -> AboutInfo:
    """Collect what the About dialog shows."""
    return AboutInfo(version=__version__, build=build_text(), data_dir=data_dir(),
                     db_path=Path(db_path) if db_path is not None else None,
                     components=tuple(components()), licences_dir=licences_folder())


def platform_text() -> str:
    """The Python and OS the program runs on, for support requests."""
    return f"Python {sys.version_info.major}.{sys.version_info.minor}.{sys.version_info.micro}, {sys.platform}"
