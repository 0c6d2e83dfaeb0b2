"""«О программе» (version, data folder, licences) and «Руководство пользователя» (F1) in a real window."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QKeySequence

from app import __version__
from app.about_info import about_info


@pytest.fixture
def guide(tmp_path, monkeypatch):
    """A two-page guide in tmp_path, pointed at by the environment override."""
    folder = tmp_path / "guide"
    folder.mkdir()
    (folder / "index.html").write_text(
        "<html><body><h1>Руководство</h1><p><a href='02-bases.html'>Базы</a></p></body></html>", encoding="utf-8")
    (folder / "02-bases.html").write_text(
        "<html><body><h1>Базы наставляемых</h1><p>Импорт из Excel: строка 5.</p></body></html>", encoding="utf-8")
    monkeypatch.setenv("MENTORDESK_GUIDE_DIR", str(folder))
    return folder


def test_about_shows_version_data_folder_and_licences(qtbot, db, monkeypatch):
    from ui import about

    opened: list[QUrl] = []
    monkeypatch.setattr(about, "open_url", lambda url: opened.append(url) or True)
    dialog = about.AboutDialog(None, info=about_info(db_path=db.path))
    qtbot.addWidget(dialog)
    names = {dialog.table.item(r, 0).text(): dialog.table.item(r, 2).text() for r in range(dialog.table.rowCount())}
    assert names["PySide6_Essentials"].startswith("LGPL-3.0")
    assert names["Liberation Serif (шрифт)"] == "SIL Open Font License 1.1"
    assert names["SQLAlchemy"] == "MIT"
    assert "mentordesk" not in {n.lower() for n in names}
    assert f"Папка с данными: {Path(db.path).parent}" in dialog.data_label.text()
    assert f"Файл базы данных: {Path(db.path).name}" in dialog.data_label.text()
    dialog.open_data.click()
    assert Path(opened[0].toLocalFile()) == Path(db.path).parent
    assert not dialog.open_licences.isEnabled()  # a source run: the texts are in each package's metadata
    assert f"MentorDesk {__version__}" in dialog.title.text()


def test_f1_opens_the_guide_and_links_work(qtbot, make_window, guide):
    window = make_window()
    assert window.act_guide.shortcut() == QKeySequence(QKeySequence.StandardKey.HelpContents)
    window.act_guide.trigger()
    help_window = window._help_window
    assert help_window.isVisible()
    assert "Руководство" in help_window.browser.toPlainText()
    help_window.browser.setSource(help_window.index.resolved(QUrl("02-bases.html")))
    assert "Базы наставляемых" in help_window.browser.toPlainText()
    assert help_window.back.isEnabled()
    help_window.search.setText("строка")
    help_window.find_next()
    assert help_window.not_found.text() == ""
    assert help_window.browser.textCursor().selectedText() == "строка"
    help_window.search.setText("нет такого слова")
    help_window.find_next()
    assert help_window.not_found.text() == "не найдено"
    window.act_guide.trigger()  # a second F1 reuses the window and shows the contents
    assert window._help_window is help_window
    assert "Руководство" in help_window.browser.toPlainText()
    qtbot.keyClick(help_window.browser, Qt.Key.Key_Escape)
    assert not help_window.isVisible()


def test_missing_guide_says_so(qtbot, make_window, tmp_path, monkeypatch):
    from ui import help_window

    monkeypatch.setattr(help_window, "guide_index", lambda: None)
    shown: list[str] = []
    monkeypatch.setattr(help_window.QMessageBox, "information", lambda _p, _t, text: shown.append(text))
    window = make_window()
    assert help_window.show_guide(window) is None
    assert "не найдено" in shown[0]


def test_guide_of_the_source_tree_is_found(monkeypatch):
    from app import guide

    monkeypatch.delenv(guide.GUIDE_ENV, raising=False)
    index = guide.guide_index()
    assert index is not None and index.name == "index.html" and index.parent.name == "user-guide"
