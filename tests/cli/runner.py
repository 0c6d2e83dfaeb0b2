"""Run the `python -m app` command line in a subprocess, as a user's shell would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def cli_env(home: Path) -> dict[str, str]:
    """The current environment with its own MENTORDESK_HOME and no MENTORDESK_DB."""
    environment = {k: v for k, v in os.environ.items() if k not in ("MENTORDESK_DB", "MENTORDESK_HOME")}
    environment["MENTORDESK_HOME"] = str(home)
    return environment


def run_cli(*args: str, db: Path | None = None, env: dict[str, str] | None = None,
            timeout: int = 120) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "app", *(["--db", str(db)] if db is not None else []), *args]
    environment = dict(os.environ if env is None else env)
    environment["PYTHONIOENCODING"] = "utf-8"
    return subprocess.run(command, cwd=ROOT, env=environment, capture_output=True, text=True, encoding="utf-8",
                          timeout=timeout, check=False)


def copy_database(source: Path, target: Path) -> Path:
    """A test's own copy of a database file built once per module (its WAL too, if one was left)."""
    import shutil

    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    wal = source.with_name(source.name + "-wal")
    if wal.exists():
        shutil.copyfile(wal, target.with_name(target.name + "-wal"))
    return target
