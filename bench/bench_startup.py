"""Startup benchmark: process start → bare PySide6 window shown vs. the MentorDesk main window shown.

Run: ``/work/venv/bin/python bench/bench_startup.py [--runs 7] [--platform offscreen|xcb]``
(for a real X server: ``xvfb-run -a /work/venv/bin/python bench/bench_startup.py --platform xcb``).
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
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
