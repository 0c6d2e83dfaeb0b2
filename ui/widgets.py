"""Small shared widgets: an optional date field in ДД.ММ.ГГГГ with a calendar; Russian Save/Cancel buttons."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (QCalendarWidget, QDialog, QDialogButtonBox, QHBoxLayout, QLineEdit, QMenu, QToolButton,
                               QWidget, QWidgetAction)

from app.text import format_date, parse_date


class DateField(QWidget):
    """An optional date typed as ДД.ММ.ГГГГ or picked from a calendar.

    Signals:
        changed: the text changed.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, *, allow_year_only: bool = False) -> None:
        super().__init__(parent)
        self.allow_year_only = allow_year_only
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText("ГГГГ или ДД.ММ.ГГГГ" if allow_year_only else "ДД.ММ.ГГГГ")
        self.edit.setClearButtonEnabled(True)
        self.edit.textChanged.connect(self.changed)
        self.button = QToolButton(self)
        self.button.setText("…")
        self.button.setToolTip("Выбрать дату в календаре")
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.button)
        self.calendar = QCalendarWidget(menu)
        self.calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.calendar.setGridVisible(True)
        action = QWidgetAction(menu)
        action.setDefaultWidget(self.calendar)
        menu.addAction(action)
        menu.aboutToShow.connect(self._sync_calendar)
        self.calendar.clicked.connect(lambda d: (self._pick(d), menu.close()))
        self.button.setMenu(menu)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.button)
        self.setFocusProxy(self.edit)

    def _sync_calendar(self) -> None:
        try:
            value = self.date()
        except ValueError:
            value = None
        self.calendar.setSelectedDate(QDate(value.year, value.month, value.day) if value else QDate.currentDate())

    def _pick(self, qdate: QDate) -> None:
        self.set_date(dt.date(qdate.year(), qdate.month(), qdate.day()))

    def text(self) -> str:
        return self.edit.text().strip()

    def set_text(self, text: str) -> None:
        self.edit.setText(text)

    def set_date(self, value: dt.date | None) -> None:
        self.edit.setText(format_date(value))

    def set_year(self, year: int | None) -> None:
        self.edit.setText(str(year) if year else "")

    def is_year_only(self) -> bool:
        return self.allow_year_only and self.text().isdigit() and len(self.text()) == 4

    def date(self) -> dt.date | None:
        """The date, None when empty; ValueError (Russian text) when unreadable or year-only."""
        text = self.text()
        if not text:
            return None
        if self.is_year_only():
            return None
        return parse_date(text)

    def year(self) -> int | None:
        """The year typed alone (allow_year_only), else the date's year."""
        if self.is_year_only():
            return int(self.text())
        value = self.date()
        return value.year if value else None


def save_cancel_buttons(dialog: QDialog, *, on_save) -> QDialogButtonBox:  # noqa: ANN001 - a slot
    """«Сохранить» / «Отмена» buttons: Save calls ``on_save``, Cancel rejects the dialog."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel,
                               parent=dialog)
    buttons.button(QDialogButtonBox.StandardButton.Save).setText("Сохранить")
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Отмена")
    buttons.accepted.connect(on_save)
    buttons.rejected.connect(dialog.reject)
    return buttons


def fit_to_screen(widget: QWidget, width: int, height: int) -> None:
    """Resize to ``width`` × ``height`` but never beyond the available screen (1366×768 laptops)."""
    from PySide6.QtGui import QGuiApplication

    screen = widget.screen() or QGuiApplication.primaryScreen()
    if screen is not None:
        area = screen.availableGeometry()
        width, height = min(width, area.width() - 16), min(height, area.height() - 40)
    widget.resize(width, height)
