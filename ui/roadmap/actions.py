"""Actions of the roadmap tab on selected items (delete, statuses, evidence) and its Excel import/export."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from app.schemas_roadmap import STATUSES, RoadmapRow
from app.text import plural
from ui import file_dialogs, messages


def items_word(n: int) -> str:
    return f"{n} {plural(n, 'мероприятие', 'мероприятия', 'мероприятий')}"


def delete_items(tab: Any) -> int:
    """Delete the tab's selected items after a confirmation; the number deleted."""
    from app.services.roadmap import delete_item

    rows = tab.selected_rows()
    if not rows or tab.db is None:
        return 0
    what = f"мероприятие «{rows[0].title}»" if len(rows) == 1 else items_word(len(rows))
    if not messages.confirm(tab, title="Удаление", text=f"Удалить {what} из дорожной карты?\n"
                            "Отметки о выполнении и подтверждения будут удалены вместе с ним.", yes="Удалить"):
        return 0
    try:
        with tab.db.session() as session:
            for row in rows:
                delete_item(session, item_id=row.id)
    except Exception as exc:  # noqa: BLE001 - shown to the user
        messages.show_error(tab, exc, title="Удаление")
        tab.changed()
        return 0
    tab.changed(note=f"Удалено: {items_word(len(rows))}")
    return len(rows)


def mark_done(tab: Any) -> list[RoadmapRow]:
    """«Отметить выполненным…» for the selected items: one evidence dialog for all of them."""
    from ui.roadmap.item_dialog import mark_done as ask

    rows = tab.selected_rows()
    if not rows or tab.db is None:
        return []
    saved = ask(tab, db=tab.db, rows=rows)
    if saved:
        tab.changed(select=[r.id for r in saved], note=f"Отмечено выполненным: {items_word(len(saved))}")
    return saved


def set_status(tab: Any, status: str) -> list[RoadmapRow]:
    """Another status on the selected items; their evidence is kept (the done date goes with «выполнено»)."""
    from app.services.roadmap import set_status as store

    rows = tab.selected_rows()
    if not rows or tab.db is None:
        return []
    try:
        with tab.db.session() as session:
            saved = [store(session, item_id=r.id, status=status, evidence_number=r.evidence_number,
                           evidence_date=r.evidence_date, evidence_note=r.evidence_note,
                           evidence_path=r.evidence_path) for r in rows]
    except Exception as exc:  # noqa: BLE001 - shown to the user
        messages.show_error(tab, exc, title="Статус не изменён")
        tab.changed()
        return []
    tab.changed(select=[r.id for r in saved], note=f"Статус «{STATUSES[status]}»: {items_word(len(saved))}")
    return saved


def open_evidence(tab: Any) -> None:
    """Open the selected item's evidence file in the system's program for it."""
    from ui.pdf_preview import open_file

    row = tab.current_row()
    if row is None or not row.evidence_path:
        return
    path = Path(row.evidence_path)
    if not path.exists():
        messages.inform(tab, title="Файл подтверждения", text=f"Файл не найден: {path}")
        return
    open_file(path)


# -- Excel -------------------------------------------------------------------------------------------
def last_dir(tab: Any) -> str:
    window = tab.window()
    settings = getattr(window, "settings", None)
    return str(settings.value("paths/last_dir", str(Path.home()))) if settings is not None else str(Path.home())


def remember_dir(tab: Any, path: Path) -> None:
    settings = getattr(tab.window(), "settings", None)
    if settings is not None:
        settings.setValue("paths/last_dir", str(path.parent))


def ask_open_path(tab: Any) -> Path | None:
    """The xlsx to import; tests replace this."""
    name, _ = file_dialogs.getOpenFileName(tab, f"Импорт дорожной карты на {tab.year}", last_dir(tab),
                                          "Книга Excel (*.xlsx);;Все файлы (*)")
    return Path(name) if name else None


def ask_save_path(tab: Any, default_name: str) -> Path | None:
    """Where to save an xlsx; tests replace this."""
    name, _ = file_dialogs.getSaveFileName(tab, "Сохранить в Excel", str(Path(last_dir(tab)) / default_name),
                                          "Книга Excel (*.xlsx)")
    if not name:
        return None
    return Path(name) if name.lower().endswith(".xlsx") else Path(name + ".xlsx")


def file_year(year: str) -> str:
    """«2026/2027» → «2026-2027» (a slash cannot be in a file name)."""
    return year.replace("/", "-")


def export_excel(tab: Any) -> Path | None:
    """Save the shown year's roadmap as xlsx in the roadmap column layout (in the background)."""
    if tab.db is None:
        return None
    path = ask_save_path(tab, f"Дорожная карта {file_year(tab.year)} {dt.date.today():%d.%m.%Y}.xlsx")
    if path is None:
        return None
    remember_dir(tab, path)
    db, year = tab.db, tab.year

    def work(_progress: Any) -> int:
        from app.roadmap_xlsx import export_roadmap

        with db.session() as session:
            return export_roadmap(session, academic_year=year, path=path)

    tab.runner.run(work, on_done=lambda n: tab.status_message.emit(f"Выгружено: {items_word(n)} → {path}"),
                   on_error=lambda exc: messages.show_error(tab, exc, title="Экспорт"),
                   title="Выгрузка в Excel…", parent=tab)
    return path


def import_excel(tab: Any) -> None:
    """Load items of the shown year from an xlsx; nothing is written when any row is wrong."""
    if tab.db is None:
        return
    path = ask_open_path(tab)
    if path is None:
        return
    remember_dir(tab, path)
    db, year = tab.db, tab.year

    def work(_progress: Any) -> Any:
        from app.roadmap_xlsx import import_roadmap

        with db.session() as session:
            return import_roadmap(session, academic_year=year, path=path)

    def done(result: Any) -> None:
        added, skipped = getattr(result, "added", result), getattr(result, "skipped", 0)
        note = f"Загружено из Excel: {items_word(added)}"
        if skipped:
            note += f"; пропущено уже имеющихся: {skipped}"
        if getattr(result, "note", ""):
            note += f"; {result.note}"
            messages.inform(tab, title="Импорт", text=f"{note}.")
        tab.changed(note=note)

    tab.runner.run(work, on_done=done, on_error=lambda exc: messages.show_error(tab, exc, title="Импорт"),
                   title="Загрузка из Excel…", parent=tab)


__all__ = ["ask_open_path", "ask_save_path", "delete_items", "export_excel", "import_excel", "items_word",
           "mark_done", "open_evidence", "set_status"]
