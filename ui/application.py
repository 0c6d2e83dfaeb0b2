"""Composition root: QApplication, main window shown first, then the database opened behind it."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

_STARTED = time.time()  # as early as this module is imported (the console script imports it first)
BENCH_ENV = "MENTORDESK_BENCH_EXIT_ON_SHOW"


def entry(argv: list[str] | None = None) -> int:
    """Console-script entry: CLI commands, or the GUI when no command is given."""
    from app.cli import main

    return main(sys.argv[1:] if argv is None else argv, gui=run_gui)


def stored_backup_keep(path: Path) -> int:
    """How many backups the school keeps (its own setting), read before the daily backup rotates them."""
    from app.settings import Settings

    default = Settings().backup_keep
    if not path.is_file():
        return default
    try:
        from app.settings import load_settings
        from db.engine import make_engine, new_session

        engine = make_engine(path)
        try:
            with new_session(engine) as session:
                return load_settings(session).backup_keep
        finally:
            engine.dispose()
    except Exception:  # noqa: BLE001 - an old or damaged database: the default is safe
        return default


def open_into(window: Any, path: Path, *, on_fail: Any = None) -> None:
    """Open (migrate, back up, seed) the database in the background, then attach it to ``window``."""
    from ui import messages

    def work(_progress: Any) -> Any:
        from app.database import open_database

        return open_database(path, backup_keep=stored_backup_keep(path), daily_backup=True)

    def done(db: Any) -> None:
        from ui.startup import attach_database

        window.statusBar().clearMessage()
        attach_database(window, db)  # a fresh database asks school or municipality; a municipality's switches

    def failed(exc: BaseException) -> None:
        messages.show_error(window, exc, title="База данных не открыта")
        if on_fail is not None:
            on_fail()

    # No progress dialog here: the tabs already say «Загрузка…» (and see the report on ui/tasks.py).
    window.statusBar().showMessage(f"Открытие базы данных {path}…")
    window.runner.run(work, on_done=done, on_error=failed)


def _bench_hook(window: Any, mode: str) -> None:
    """Benchmark: print the wall-clock time of «window shown» (and «rows loaded»), then quit."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    def shown() -> None:
        print(f"MENTORDESK_SHOWN {time.time():.6f} {1000 * (time.time() - _STARTED):.1f}", flush=True)
        if mode not in ("ready", "tabs"):
            QApplication.exit(0)

    QTimer.singleShot(0, shown)
    if mode in ("ready", "tabs"):
        def poll() -> None:
            if window.mentees.loaded and window.mentors.loaded:
                print(f"MENTORDESK_READY {time.time():.6f}", flush=True)
                QApplication.exit(0 if mode == "ready" else every_tab(window))
            else:
                QTimer.singleShot(5, poll)

        QTimer.singleShot(0, poll)


def every_tab(window: Any) -> int:
    """Smoke test of a build («tabs» mode): build every lazily imported tab; 0 when all of them load."""
    try:
        window.lazy.build_all()
        for index in range(window.tabs.count()):
            window.tabs.setCurrentIndex(index)
    except Exception as exc:  # noqa: BLE001 - reported to the smoke test, which fails on it
        print(f"MENTORDESK_TABS_FAILED {type(exc).__name__}: {exc}", flush=True)
        return 1
    print(f"MENTORDESK_TABS_OK {window.tabs.count()}", flush=True)
    return 0


def install_russian_translations(app) -> None:  # noqa: ANN001 - QApplication
    """Qt's own texts (file dialogs, «Cancel», «Yes») in Russian, from the translations shipped with Qt."""
    from importlib import resources

    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    QLocale.setDefault(QLocale(QLocale.Language.Russian, QLocale.Country.Russia))
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name in ("qtbase_ru", "qt_ru"):
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)
            break
    extra = QTranslator(app)  # installed last = asked first; texts missing from qtbase_ru
    if extra.load(str(resources.files("resources").joinpath("translations/mentordesk_qt_ru.qm"))):
        app.installTranslator(extra)


def install_window_icon(app) -> None:  # noqa: ANN001 - QApplication
    """The application icon on every window and in the task bar."""
    from importlib import resources

    from PySide6.QtGui import QIcon

    icon = QIcon()
    for size in (48, 256):
        icon.addFile(str(resources.files("resources").joinpath(f"icons/mentordesk-{size}.png")))
    app.setWindowIcon(icon)


def run_gui(db_path: Path | None) -> int:
    """Show the main window, then open ``db_path`` (default: the user's data folder)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName("MentorDesk")
    app.setApplicationName("MentorDesk")
    app.setApplicationDisplayName("MentorDesk")
    app.setDesktopFileName("mentordesk")  # Wayland/X11 match the window to the menu entry and its icon
    install_window_icon(app)
    install_russian_translations(app)

    from ui.main_window import MainWindow

    window = MainWindow()
    window.show()
    bench = os.environ.get(BENCH_ENV, "")
    if bench and bench not in ("ready", "tabs"):
        _bench_hook(window, bench)
        return app.exec()
    if bench in ("ready", "tabs"):
        _bench_hook(window, bench)

    from app.paths import default_db_path

    path = Path(db_path) if db_path else default_db_path()
    QTimer.singleShot(0, lambda: open_into(window, path, on_fail=lambda: QApplication.exit(1)))
    code = app.exec()
    window.runner.wait()
    for shown in (window, getattr(window, "successor", None)):  # the municipality window, when switched to
        if shown is not None and shown.db is not None:
            shown.db.close()
    return code


__all__ = ["BENCH_ENV", "entry", "open_into", "run_gui", "stored_backup_keep"]
