"""Where the user guide (docs/user-guide, HTML) lies: in the bundle, beside the source, or installed by pip."""

from __future__ import annotations

import os
import sys
import sysconfig
from pathlib import Path


GUIDE_ENV = "MENTORDESK_GUIDE_DIR"  # tests and the screenshot script point it at another folder


def guide_candidates() -> list[Path]:
    """Folders that may hold the guide, the most specific first."""
    found: list[Path] = []
    if os.environ.get(GUIDE_ENV):
        found.append(Path(os.environ[GUIDE_ENV]))
    bundle = getattr(sys, "_MEIPASS", None)  # a built (frozen) application: the guide is inside it
    if getattr(sys, "frozen", False) and bundle:
        found.append(Path(bundle) / "docs" / "user-guide")
    found.append(Path(__file__).resolve().parents[1] / "docs" / "user-guide")  # a source checkout
    for scheme_data in dict.fromkeys((sys.prefix, sysconfig.get_path("data"), sysconfig.get_path("data", f"{os.name}_user"))):
        found.append(Path(scheme_data) / "share" / "mentordesk" / "user-guide")  # pip install (data-files)
    return found


def guide_index() -> Path | None:
    """The guide's contents page, or None when this installation carries no guide."""
    for folder in guide_candidates():
        index = folder / "index.html"
        if index.is_file():
            return index
    return None
