"""«Импорт из Excel…» and «Экспорт в Excel…» of the main window."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from ui import file_dialogs, messages


def _last_dir(window: Any) -> str:
    return str(window.settings.value("paths/last_dir", str(Path.home())))


def import_excel(window: Any) -> None:
    """Pick an xlsx/csv file and run the import preview for the current tab's base."""
    if window.db is None:
        return
    tab = window.current_tab()
    name, _ = file_dialogs.getOpenFileName(window, f"Импорт: {tab.config['title'].lower()}", _last_dir(window),
                                          "Таблицы Excel и CSV (*.xlsx *.csv);;Все файлы (*)")
    if not name:
        return
    window.settings.setValue("paths/last_dir", str(Path(name).parent))
    try:
        from ui.people.import_dialog import import_base

        added = import_base(window, db=window.db, kind=tab.kind, path=Path(name), runner=window.runner)
    except Exception as exc:  # noqa: BLE001
        messages.show_error(window, exc, title="Импорт")
        return
    if added is not None:
        window.data_changed.emit()
        window.statusBar().showMessage(f"Загружено записей: {added}", 10000)


def export_excel(window: Any) -> None:
    """Ask where to save the current tab's base and export it in the background."""
    if window.db is None:
        return
    tab = window.current_tab()
    title = "наставляемых" if tab.kind == "mentees" else "наставников"
    default = Path(_last_dir(window)) / f"База {title} {dt.date.today():%d.%m.%Y}.xlsx"
    name, _ = file_dialogs.getSaveFileName(window, "Экспорт в Excel", str(default), "Книга Excel (*.xlsx)")
    if not name:
        return
    path = Path(name) if name.lower().endswith(".xlsx") else Path(name + ".xlsx")
    window.settings.setValue("paths/last_dir", str(path.parent))
    export_to(window, path, kind=tab.kind)


def export_to(window: Any, path: Path, *, kind: str, include_archived: bool = False) -> None:
    """Export ``kind`` to ``path`` with a progress dialog; a status-bar message when done."""
    db = window.db

    def work(progress: Any) -> int:
        from app.xlsx_export import export_base

        with db.session() as session:
            return export_base(session, kind=kind, path=path, include_archived=include_archived, progress=progress)

    def done(count: int) -> None:
        window.statusBar().showMessage(f"Выгружено записей: {count} → {path}", 15000)

    window.runner.run(work, on_done=done, on_error=lambda exc: messages.show_error(window, exc, title="Экспорт"),
                      title="Выгрузка в Excel…", parent=window, cancellable=True)
