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


def test_qt_dialog_texts_are_russian(qapp):
    """qtbase_ru plus our small supplement: the non-native file dialog has no English labels."""
    from PySide6.QtCore import QCoreApplication, QTranslator
    from PySide6.QtWidgets import QFileDialog, QLabel

    from ui.application import install_russian_translations

    before = set(qapp.findChildren(QTranslator))
    install_russian_translations(qapp)
    try:
        dialog = QFileDialog(None, "Файл")
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        labels = [label.text() for label in dialog.findChildren(QLabel) if label.text()]
        assert labels == ["&Папка:", "&Имя файла:", "&Тип файлов:"]
        assert QCoreApplication.translate("QFileDialog", "Open") == "Открыть"
        dialog.deleteLater()
    finally:
        for translator in set(qapp.findChildren(QTranslator)) - before:
            qapp.removeTranslator(translator)
