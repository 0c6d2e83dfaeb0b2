"""Startup benchmark: process start → bare PySide6 window shown vs. the MentorDesk main window shown.

Run: ``/work/venv/bin/python bench/bench_startup.py [--runs 7] [--platform offscreen|xcb] [--bundle dist/mentordesk]``
(for a real X server: ``xvfb-run -a /work/venv/bin/python bench/bench_startup.py --platform xcb``).
With ``--bundle`` the built application (PyInstaller folder) is measured in the same run against the pip-installed
one; with ``--cold`` (root, Linux) the page cache is dropped before one extra first run of each, for a cold start.
Both are measured in the same run as wall-clock time from ``Popen`` to the line the child prints when
its window is shown; the MentorDesk child is told to print and quit by MENTORDESK_BENCH_EXIT_ON_SHOW.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BARE = r"""
import time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
w = QMainWindow(); w.setWindowTitle("bare"); w.resize(800, 600); w.show()
def shown():
    print(f"MENTORDESK_SHOWN {time.time():.6f}", flush=True); app.quit()
QTimer.singleShot(0, shown)
app.exec()
"""


def _run(cmd: list[str], env: dict[str, str]) -> tuple[float, float | None]:
    """(ms to window shown, ms to rows loaded or None) from Popen."""
    start = time.time()
    try:
        out = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=60, check=False).stdout
    except subprocess.TimeoutExpired as exc:
        raise SystemExit(f"timed out: {cmd}\nstdout: {exc.stdout!r}\nstderr: {exc.stderr!r}") from None
    shown = ready = None
    for line in out.splitlines():
        if line.startswith("MENTORDESK_SHOWN"):
            shown = (float(line.split()[1]) - start) * 1000
        elif line.startswith("MENTORDESK_READY"):
            ready = (float(line.split()[1]) - start) * 1000
    if shown is None:
        raise SystemExit(f"no timing line from {cmd}: {out!r}")
    return shown, ready


def _make_db(path: Path, env: dict[str, str]) -> None:
    cmd = [sys.executable, "-m", "app", "--db", str(path), "demo", "--mentees", "400", "--mentors", "60"]
    if subprocess.run(cmd, env=env, capture_output=True, check=False).returncode != 0:
        raise SystemExit("could not create the demo database")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--platform", default="offscreen")
    parser.add_argument("--bundle", type=Path, help="a built one-folder application to compare with")
    parser.add_argument("--cold", action="store_true", help="drop the page cache first (needs root)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, QT_QPA_PLATFORM=args.platform, MENTORDESK_HOME=tmp)
        env.pop("MENTORDESK_DB", None)
        db = Path(tmp) / "bench.sqlite3"
        _make_db(db, env)
        app_cmd = [sys.executable, "-m", "app", "--db", str(db)]
        bare_cmd = [sys.executable, "-c", BARE]
        _run(bare_cmd, env)  # warm the OS file cache for both
        _run(app_cmd, dict(env, MENTORDESK_BENCH_EXIT_ON_SHOW="1"))
        bare, app, ready = [], [], []
        for _ in range(args.runs):
            bare.append(_run(bare_cmd, env)[0])
            app.append(_run(app_cmd, dict(env, MENTORDESK_BENCH_EXIT_ON_SHOW="1"))[0])
            r = _run(app_cmd, dict(env, MENTORDESK_BENCH_EXIT_ON_SHOW="ready"))[1]
            if r is not None:
                ready.append(r)
    b, a = statistics.median(bare), statistics.median(app)
    print(f"platform: {args.platform}; runs: {args.runs}; database: 400 mentees, 60 mentors")
    print(f"bare PySide6 QMainWindow shown:   median {b:7.1f} ms  (min {min(bare):.1f})")
    print(f"MentorDesk main window shown:     median {a:7.1f} ms  (min {min(app):.1f})")
    print(f"ratio MentorDesk / bare:          {a / b:.2f}× (budget ≤ 3×, and < 400 ms)")
    if ready:
        print(f"database opened and rows loaded:  median {statistics.median(ready):7.1f} ms")
    if args.bundle:
        compare_bundle(args)
    return 0


def drop_caches() -> bool:
    """Empty the OS page cache (Linux, root) so the next start reads every file from disk."""
    try:
        subprocess.run(["sync"], check=False)
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
        return True
    except OSError:
        return False


def compare_bundle(args: argparse.Namespace) -> None:
    """The built app against the pip-installed one: cold first start (optional) and warm medians."""
    exe = args.bundle.resolve() / ("mentordesk.exe" if sys.platform == "win32" else "mentordesk")
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, QT_QPA_PLATFORM=args.platform, MENTORDESK_HOME=tmp)
        env.pop("MENTORDESK_DB", None)
        db = Path(tmp) / "bench.sqlite3"
        _make_db(db, env)
        commands = {"pip install (python -m app)": [sys.executable, "-m", "app", "--db", str(db)],
                    f"bundle ({args.bundle})": [str(exe), "--db", str(db)]}
        ready_env = dict(env, MENTORDESK_BENCH_EXIT_ON_SHOW="ready")
        for name, cmd in commands.items():
            cold = None
            if args.cold and drop_caches():
                cold = _run(cmd, ready_env)
            _run(cmd, ready_env)  # warm
            runs = [_run(cmd, ready_env) for _ in range(args.runs)]
            shown = statistics.median(r[0] for r in runs)
            ready_ms = statistics.median(r[1] for r in runs if r[1] is not None)
            cold_text = f"; cold: shown {cold[0]:.0f} ms, ready {cold[1]:.0f} ms" if cold else ""
            print(f"{name}: warm median shown {shown:.0f} ms, ready {ready_ms:.0f} ms{cold_text}")


if __name__ == "__main__":
    raise SystemExit(main())
