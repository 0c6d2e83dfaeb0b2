"""Background work on a thread pool with callbacks on the GUI thread; a synchronous runner for tests."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from app.errors import Cancelled

# fn(progress) -> result; progress(done, total) raises Cancelled when the user cancelled.
Work = Callable[[Callable[[int, int], None]], Any]


class _Signals(QObject):
    """Signals: progressed(done, total), finished(result), failed(exception)."""

    progressed = Signal(int, int)
    finished = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, fn: Work, signals: _Signals, cancel: threading.Event) -> None:
        super().__init__()
        self.fn, self.signals, self.cancel = fn, signals, cancel
        self.setAutoDelete(True)

    def _progress(self, done: int, total: int) -> None:
        if self.cancel.is_set():
            raise Cancelled()
        self.signals.progressed.emit(done, total)

    def run(self) -> None:
        try:
            result = self.fn(self._progress)
        except BaseException as exc:  # noqa: BLE001 - delivered to on_error
            self.signals.failed.emit(exc)
        else:
            self.signals.finished.emit(result)


class TaskRunner(QObject):
    """Runs work off the GUI thread; writes go through one lane (max one thread)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self._alive: set[_Signals] = set()

    def run(self, fn: Work, *, on_done: Callable[[Any], None], on_error: Callable[[BaseException], None],
            title: str | None = None, parent: QWidget | None = None, cancellable: bool = False) -> None:
        """Start ``fn``; when ``title`` is given show a progress dialog over ``parent``."""
        signals = _Signals()
        self._alive.add(signals)
        cancel = threading.Event()
        dialog = None
        if title is not None:
            dialog = QProgressDialog(title, "Отмена" if cancellable else "", 0, 0, parent)
            dialog.setWindowTitle("MentorDesk")
            dialog.setWindowModality(Qt.WindowModality.WindowModal)
            dialog.setMinimumDuration(300)
            dialog.setAutoClose(False)
            dialog.setAutoReset(False)
            if not cancellable:
                dialog.setCancelButton(None)
            dialog.canceled.connect(lambda: cancel.set())  # a bound Event method here deadlocks on teardown

            def progressed(done: int, total: int) -> None:
                dialog.setMaximum(max(total, 0))
                dialog.setValue(min(done, total) if total else 0)

            signals.progressed.connect(progressed, Qt.ConnectionType.QueuedConnection)

        def finish(callback: Callable[[Any], None], value: Any) -> None:
            self._alive.discard(signals)
            if dialog is not None:
                dialog.close()
                dialog.deleteLater()
            callback(value)

        signals.finished.connect(lambda r: finish(on_done, r), Qt.ConnectionType.QueuedConnection)
        signals.failed.connect(lambda e: finish(on_error, e), Qt.ConnectionType.QueuedConnection)
        self.pool.start(_Job(fn, signals, cancel))

    def wait(self, msecs: int = 30000) -> bool:
        return self.pool.waitForDone(msecs)


class SyncRunner:
    """Test stand-in: runs the work at once on the calling thread."""

    def run(self, fn: Work, *, on_done: Callable[[Any], None], on_error: Callable[[BaseException], None],
            title: str | None = None, parent: QWidget | None = None, cancellable: bool = False) -> None:
        try:
            result = fn(lambda done, total: None)
        except BaseException as exc:  # noqa: BLE001
            on_error(exc)
        else:
            on_done(result)

    def wait(self, msecs: int = 30000) -> bool:
        return True


__all__ = ["SyncRunner", "TaskRunner", "Work"]
