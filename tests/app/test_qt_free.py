"""The core is Qt-free: every module of app/ and db/ imports with PySide6 blocked."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

_PROBE = textwrap.dedent("""
    import importlib
    import importlib.abc
    import pkgutil
    import sys

    BLOCKED = ("PySide6", "shiboken6")


    class BlockQt(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in BLOCKED:
                raise ImportError(f"Qt is blocked in the core: {name}")
            return None


    sys.meta_path.insert(0, BlockQt())
    # app.__main__ is the GUI entry point; db.migrations.env runs only inside Alembic (checked as text below)
    SKIP = {"app.__main__", "db.migrations.env"}
    imported, failed = [], []
    for package_name in ("app", "db"):
        package = importlib.import_module(package_name)
        names = [package_name] + [m.name for m in pkgutil.walk_packages(package.__path__, package_name + ".")]
        for name in names:
            if name in SKIP:
                continue
            try:
                importlib.import_module(name)
            except BaseException as exc:
                failed.append(f"{name}: {type(exc).__name__}: {exc}")
            else:
                imported.append(name)
    loaded_qt = sorted(m for m in sys.modules if m.split(".")[0] in BLOCKED)
    print("IMPORTED", len(imported), " ".join(imported))
    for line in failed:
        print("FAILED", line)
    if loaded_qt:
        print("QT", loaded_qt)
    sys.exit(1 if failed or loaded_qt else 0)
""")


def _run_probe() -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", _PROBE], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, check=False)


def test_core_imports_without_qt():
    result = _run_probe()
    assert result.returncode == 0, result.stdout + result.stderr
    imported = result.stdout.split("IMPORTED", 1)[1].split()
    count, names = int(imported[0]), set(imported[1:])
    assert count == len(names)
    # the walk really covered both packages and the subpackages
    assert {"app", "app.cli", "app.backup", "app.demo", "app.listing", "app.services.people", "db",
            "db.models", "db.migrate", "db.engine"} <= names
    assert "app.__main__" not in names


def test_alembic_env_does_not_mention_qt():
    text = (ROOT / "db" / "migrations" / "env.py").read_text(encoding="utf-8")
    assert "PySide6" not in text and "shiboken6" not in text and "from ui" not in text


def test_probe_detects_a_qt_import(tmp_path):
    """The blocker itself works: importing PySide6 under it fails."""
    code = _PROBE.split("SKIP =")[0] + "import PySide6.QtCore\n"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                            timeout=60, check=False)
    assert result.returncode != 0
    assert "Qt is blocked in the core" in result.stderr
