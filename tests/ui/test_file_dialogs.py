"""The file dialogs never open the files they list, so SQLite keeps its POSIX locks on the open database."""

from __future__ import annotations

import os
import sys
import time

import pytest


def _locks() -> int:
    pid = f" {os.getpid()} "
    with open("/proc/locks", encoding="ascii") as locks:
        return sum(1 for line in locks if pid in line)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc/locks is Linux-only")
def test_browsing_the_database_folder_keeps_sqlite_locks(qtbot, qapp, db):
    """Qt's plain dialog sniffs file contents for icons; closing that descriptor would drop SQLite's locks."""
    from sqlalchemy import text

    from ui.file_dialogs import safe_dialog

    session = db.session()
    session.execute(text("SELECT count(*) FROM mentee")).all()
    session.connection()  # a connection stays checked out, holding its WAL locks
    before = _locks()
    assert before >= 1
    dialog = safe_dialog(None, "Файл", str(db.path.parent))
    qtbot.addWidget(dialog)
    dialog.show()
    deadline = time.monotonic() + 2
    while time.monotonic() < deadline:  # the file-system model gathers icons and types in a thread
        qapp.processEvents()
        time.sleep(0.02)
    assert _locks() == before
    dialog.close()
    session.close()


def test_save_dialog_adds_the_extension_of_its_filter(qtbot):
    from ui import file_dialogs

    dialog = file_dialogs.save_dialog(None, "Сохранить", "", "PDF (*.pdf)")
    qtbot.addWidget(dialog)
    assert dialog.defaultSuffix() == "pdf"
    assert dialog.iconProvider() is file_dialogs._providers[0]
