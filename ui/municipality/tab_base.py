"""The protocol every municipality tab follows (signals, database, state), with harmless defaults."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSettings, Signal
from PySide6.QtWidgets import QWidget


class MunicipalityTab(QWidget):
    """Base of the municipality tabs.

    Signals:
        data_changed: this tab changed the database (the other tabs reload).
        counts_changed: the status-bar text (``counts_text``) changed.
        load_failed(object): a background load raised.
        status_message(str): a short note for the window's status bar.
    """

    data_changed = Signal()
    counts_changed = Signal()
    load_failed = Signal(object)
    status_message = Signal(str)
    title = ""

    def __init__(self, *, runner: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.db: Any = None

    def set_database(self, db: Any) -> None:
        self.db = db
        self.reload()

    def reload(self) -> None:
        """Load the rows again (in the background when long)."""

    def counts_text(self) -> str:
        return ""

    def focus_search(self) -> None:
        """Put the cursor into the tab's search field, if it has one."""

    def save_state(self, settings: QSettings) -> None:
        """Column widths, sort, the chosen period."""

    def restore_state(self, settings: QSettings) -> None:
        """The reverse of ``save_state``."""
