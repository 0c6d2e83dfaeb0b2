"""Grabbing the application's windows, dialogs and menus into PNG files (Qt is imported inside functions)."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from .data import Data

WIDTH, HEIGHT = 1366, 768


class Shooter:
    """Grabs windows and dialogs into ``out``; dialogs are shown without a modal loop, then closed."""

    def __init__(self, app: Any, out: Path, data: Data, settings: Any) -> None:
        self.app, self.out, self.data, self.settings = app, out, data, settings
        self.written: list[Path] = []
        self.expecting = False  # a modal box is awaited by ``modal``: the watchdog leaves it alone
        self._school_window: Any = None
        self._municipality_window: Any = None

    def watch(self) -> None:
        """Close any modal box the application opens on its own (an error, a question) and remember its text."""
        from PySide6.QtCore import QTimer

        self.unexpected: list[str] = []

        def check() -> None:
            widget = self.app.activeModalWidget()
            if widget is not None and not self.expecting:
                text = getattr(widget, "text", lambda: "")()
                self.unexpected.append(f"{widget.windowTitle()}: {text}")
                print(f"Неожиданное окно: {self.unexpected[-1]}", file=sys.stderr)
                widget.close()

        self.timer = QTimer()
        self.timer.timeout.connect(check)
        self.timer.start(1000)

    def settle(self, ms: int = 150) -> None:
        from PySide6.QtCore import QEventLoop, QTimer

        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()
        self.app.processEvents()

    def save(self, widget: Any, name: str, *, overlay: Any = None) -> None:
        widget.raise_()
        self.settle()
        image = widget.grab()
        if overlay is not None:
            overlay(image)
        path = self.out / f"{name}.png"
        if not image.save(str(path)):
            raise SystemExit(f"Не удалось записать {path}")
        self.written.append(path)
        print(f"{path.name}: {image.width()}×{image.height()}")

    def modal(self, name: str, trigger: Callable[[], None]) -> None:
        """Grab the modal box ``trigger`` opens with ``exec`` (e.g. a QMessageBox static), then close it."""
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QDialog

        def grab() -> None:
            widget = self.app.activeModalWidget()
            if widget is None:
                QTimer.singleShot(100, grab)
                return
            self.app.processEvents()
            self.save(widget, name)
            widget.close()

        QTimer.singleShot(300, grab)
        self.expecting = True
        try:
            trigger()
        finally:
            self.expecting = False
        if not any(p.name == f"{name}.png" for p in self.written):  # the window was not modal: grab it now
            self.settle(300)
            shown = [w for w in self.app.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()]
            if not shown:
                raise SystemExit(f"{name}: окно не открылось")
            self.save(shown[-1], name)
            shown[-1].close()

    def dialog(self, dialog: Any, name: str, *, size: tuple[int, int] | None = None,
               prepare: Callable[[Any], None] | None = None, owned: bool = True) -> None:
        """Show ``dialog`` non-modally, grab it, close it (and delete it when this script ``owned`` it)."""
        if size is not None:
            dialog.resize(*size)
        dialog.show()
        self.settle(250)
        if prepare is not None:
            prepare(dialog)
            self.settle()
        self.save(dialog, name)
        dialog.hide()
        if owned:
            dialog.deleteLater()
            self.settle(50)

    @contextlib.contextmanager
    def capture(self, module: Any, name: str, *, size: tuple[int, int] | None = None,
                prepare: Callable[[Any], None] | None = None) -> Iterator[list]:
        """Replace ``module.run_dialog`` so the dialog the application opens is grabbed instead of executed."""
        shown: list = []
        original = module.run_dialog

        def run(dialog: Any) -> bool:
            shown.append(dialog)
            self.dialog(dialog, name, size=size, prepare=prepare, owned=False)
            return False

        module.run_dialog = run
        try:
            yield shown
        finally:
            module.run_dialog = original
        if not shown:
            raise SystemExit(f"{name}: окно не открылось")

    # -- windows -----------------------------------------------------------------
    def school_window(self) -> Any:
        from ui.main_window import MainWindow
        from ui.tasks import SyncRunner

        if self._school_window is None:
            w = MainWindow(runner=SyncRunner(), settings=self.settings)
            w.resize(WIDTH, HEIGHT)
            w.move(0, 0)
            w.show()
            w.set_database(self.data.school())
            w.lazy.build_all()
            self.settle(300)
            self._school_window = w
        return self._school_window

    def tab(self, window: Any, widget: Any) -> None:
        window.tabs.setCurrentWidget(widget)
        self.settle(200)

    def municipality_window(self) -> Any:
        from ui.municipality.window import MunicipalityWindow
        from ui.tasks import SyncRunner

        if self._municipality_window is None:
            db = self.data.municipality()
            w = MunicipalityWindow(runner=SyncRunner(), settings=self.settings)
            w.resize(WIDTH, HEIGHT)
            w.move(0, 0)
            w.show()
            w.set_database(db)
            self.settle(300)
            self._municipality_window = w
        return self._municipality_window

    def close(self) -> None:
        if getattr(self, "timer", None) is not None:
            self.timer.stop()
        for w in (self._school_window, self._municipality_window):
            if w is not None:
                w.db = None  # Data closes the databases
                w.close()
                w.deleteLater()
        self.settle(50)


def menu_overlay(window: Any, title: str) -> Callable[[Any], None]:
    """Paint the opened menu ``title`` of ``window`` over its grab (a popup is a window of its own)."""
    from PySide6.QtGui import QPainter

    def paint(image: Any) -> None:
        bar = window.menuBar()
        action = next(a for a in bar.actions() if a.text().replace("&", "") == title)
        menu = action.menu()
        where = bar.mapTo(window, bar.actionGeometry(action).bottomLeft())
        menu.popup(window.mapToGlobal(where))
        menu.ensurePolished()
        menu.adjustSize()
        picture = menu.grab()
        painter = QPainter(image)
        painter.drawPixmap(where.x(), where.y() + 1, picture)
        painter.end()
        menu.hide()

    return paint
