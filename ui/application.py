"""Composition root: QApplication, database, main window."""

from __future__ import annotations

import sys
from pathlib import Path


def entry(argv: list[str] | None = None) -> int:
    """Console-script entry: CLI commands, or the GUI when no command is given."""
    from app.cli import main

    return main(sys.argv[1:] if argv is None else argv, gui=run_gui)


def run_gui(db_path: Path | None) -> int:
    """Start the window (filled in by the UI work)."""
    raise NotImplementedError
