"""Cyrillic must be drawable: without a font Qt silently paints boxes."""

from __future__ import annotations

from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication


def test_default_font_has_cyrillic(qapp):
    metrics = QFontMetrics(QApplication.font())
    for ch in "ЖжЁё«»№":
        assert metrics.inFontUcs4(ord(ch)), ch


def test_table_font_has_cyrillic(qtbot):
    from ui.people.base_tab import BaseTab
    from ui.tasks import SyncRunner

    tab = BaseTab("mentees", runner=SyncRunner())
    qtbot.addWidget(tab)
    assert tab.view.fontMetrics().inFontUcs4(ord("Ж"))
    assert tab.view.fontMetrics().horizontalAdvance("Ж") > 0
