#!/usr/bin/env python3
"""Screenshots for the user guide (docs/user-guide/img/*.png) from demo databases in a temporary folder.

Run ``python docs/make_screenshots.py``: without a display it re-executes itself under
``xvfb-run -a -s "-screen 0 1366x768x24"``; ``--offscreen`` uses Qt's offscreen platform instead.
``--only NAME [NAME…]`` makes some of the pictures, ``--out DIR`` writes them elsewhere, ``--list`` names them all.
The user's data is never touched: MENTORDESK_HOME, MENTORDESK_DB and the window settings point into the temp folder.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(HERE) not in sys.path:  # the ``screenshots`` package next to this file, also when loaded by path
    sys.path.insert(0, str(HERE))

from screenshots.data import Data  # noqa: E402
from screenshots.shooter import HEIGHT, WIDTH, Shooter  # noqa: E402
from screenshots.shots import SHOTS, image_names  # noqa: E402

IMG = ROOT / "docs" / "user-guide" / "img"
REEXEC = "MENTORDESK_SCREENSHOTS_XVFB"
__all__ = ["image_names", "main"]


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Снимки экрана для руководства пользователя")
    parser.add_argument("--offscreen", action="store_true", help="без X-сервера (QT_QPA_PLATFORM=offscreen)")
    parser.add_argument("--only", nargs="+", metavar="ИМЯ", choices=sorted(SHOTS), help="только эти снимки")
    parser.add_argument("--out", type=Path, default=IMG, help=f"папка для PNG (по умолчанию {IMG})")
    parser.add_argument("--mentees", type=int, default=150, help="размер демонстрационной базы школы")
    parser.add_argument("--keep", action="store_true", help="не удалять временную папку с базами")
    parser.add_argument("--list", action="store_true", help="перечислить снимки и выйти")
    return parser.parse_args(argv)


def wants_xvfb(args: argparse.Namespace) -> bool:
    return (not args.offscreen and not os.environ.get("DISPLAY") and not os.environ.get(REEXEC)
            and shutil.which("xvfb-run") is not None)


def run(args: argparse.Namespace) -> list[Path]:
    """Make the pictures in this process (the platform is already chosen); the written paths."""
    if args.offscreen or not os.environ.get("DISPLAY"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    temp = Path(tempfile.mkdtemp(prefix="mentordesk-screenshots-"))
    os.environ["MENTORDESK_HOME"] = str(temp / "MentorDesk")  # backups, logs, ui.ini: never the user's folder
    os.environ["MENTORDESK_DB"] = str(temp / "MentorDesk" / "mentordesk.sqlite3")
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from ui.application import install_russian_translations

    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setOrganizationName("MentorDesk-screenshots")
    app.setApplicationName("MentorDesk")
    app.setApplicationDisplayName("MentorDesk")
    install_russian_translations(app)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(temp / "qsettings"))
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(temp / "qsettings"))
    settings = QSettings(str(temp / "ui.ini"), QSettings.Format.IniFormat)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    data = Data(temp, mentees=args.mentees)
    shooter = Shooter(app, out, data, settings)
    shooter.watch()
    try:
        for name in args.only or list(SHOTS):
            SHOTS[name](shooter)
        if shooter.unexpected:
            raise SystemExit("Во время съёмки открылись окна с сообщениями: " + "; ".join(shooter.unexpected))
    finally:
        shooter.close()
        data.close()
        if args.keep:
            print(f"Базы оставлены в {temp}")
        else:
            shutil.rmtree(temp, ignore_errors=True)
    return shooter.written


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parse(argv)
    if args.list:
        print("\n".join(image_names()))
        return 0
    if wants_xvfb(args):
        env = dict(os.environ, **{REEXEC: "1"})
        return subprocess.call(["xvfb-run", "-a", "-s", f"-screen 0 {WIDTH}x{HEIGHT}x24", sys.executable,
                                str(Path(__file__).resolve()), *argv], env=env)
    written = run(args)
    print(f"Записано снимков: {len(written)} в {Path(args.out).resolve()}")
    return 0


if __name__ == "__main__":
    status = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)  # skip Qt's teardown at interpreter exit: under Xvfb it may crash after all files are written
