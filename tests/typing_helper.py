"""Type non-ASCII text into a widget one QKeyEvent per character (QTest.keyClicks aborts on it)."""

from __future__ import annotations


def type_text(widget, text: str) -> None:  # noqa: ANN001 - any QWidget
    from PySide6.QtCore import QCoreApplication, QEvent, Qt
    from PySide6.QtGui import QKeyEvent

    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QCoreApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))
