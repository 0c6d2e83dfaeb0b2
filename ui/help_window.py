"""«Справка → Руководство пользователя» (F1): the HTML guide in a window of its own, offline."""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QLineEdit, QMessageBox, QPushButton, QTextBrowser, QVBoxLayout,
                               QWidget)

from app.guide import guide_index

open_url = QDesktopServices.openUrl  # module-level so tests can see what would be opened


class HelpWindow(QWidget):
    """The guide in a QTextBrowser: contents, back/forward, search on the page, «Открыть в браузере»."""

    def __init__(self, parent: QWidget | None, *, index: QUrl) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.index = index
        self.setWindowTitle("Руководство пользователя — MentorDesk")
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(True)
        self.browser.setOpenLinks(True)
        bar = QHBoxLayout()
        self.back = QPushButton("← Назад")
        self.back.setShortcut(QKeySequence(QKeySequence.StandardKey.Back))
        self.back.clicked.connect(self.browser.backward)
        self.forward = QPushButton("Вперёд →")
        self.forward.setShortcut(QKeySequence(QKeySequence.StandardKey.Forward))
        self.forward.clicked.connect(self.browser.forward)
        self.home = QPushButton("Содержание")
        self.home.clicked.connect(self.browser.home)
        self.browser.backwardAvailable.connect(self.back.setEnabled)
        self.browser.forwardAvailable.connect(self.forward.setEnabled)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Найти на странице (Enter — дальше)")
        self.search.setClearButtonEnabled(True)
        self.search.returnPressed.connect(self.find_next)
        self.not_found = QLabel("")
        self.not_found.setStyleSheet("color: #b00020")
        self.external = QPushButton("Открыть в браузере")
        self.external.setToolTip("Открыть эту страницу руководства в браузере (для печати)")
        self.external.clicked.connect(lambda: open_url(self.browser.source()))
        for widget in (self.back, self.forward, self.home):
            bar.addWidget(widget)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.not_found)
        bar.addWidget(self.external)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.browser, 1)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Close), self).activated.connect(self.close)  # Ctrl+W
        self.back.setEnabled(False)
        self.forward.setEnabled(False)
        self.browser.setSource(index)
        self.resize(1000, 700)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        """Esc closes the guide (the text browser leaves the key to its window)."""
        if event.key() == Qt.Key.Key_Escape:
            self.close()
            return
        super().keyPressEvent(event)

    def find_next(self) -> None:
        """Find the search text from the cursor on, wrapping round once."""
        text = self.search.text().strip()
        self.not_found.setText("")
        if not text:
            return
        if not self.browser.find(text):
            cursor = self.browser.textCursor()
            cursor.movePosition(cursor.MoveOperation.Start)
            self.browser.setTextCursor(cursor)
            if not self.browser.find(text):
                self.not_found.setText("не найдено")

    def show_page(self, page: str | None = None) -> None:
        """Show the contents, or ``page`` (a file name beside index.html, with an optional #anchor)."""
        self.browser.setSource(self.index.resolved(QUrl(page)) if page else self.index)
        self.show()
        self.raise_()
        self.activateWindow()


def show_guide(parent: QWidget, *, page: str | None = None) -> HelpWindow | None:
    """Open (or bring forward) the guide window owned by ``parent``; a message when no guide is installed."""
    existing = getattr(parent, "_help_window", None)
    if isinstance(existing, HelpWindow):
        existing.show_page(page)
        return existing
    index = guide_index()
    if index is None:
        QMessageBox.information(parent, "Руководство пользователя",
                                "Руководство пользователя не найдено в этой установке программы. Оно входит в "
                                "установочные пакеты для Windows и Linux (папка docs/user-guide).")
        return None
    window = HelpWindow(parent, index=QUrl.fromLocalFile(str(index)))
    parent._help_window = window  # type: ignore[attr-defined]
    window.show_page(page)
    return window
