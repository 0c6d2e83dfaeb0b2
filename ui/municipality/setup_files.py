"""«Файлы настройки для выбранных… / для всех организаций…»: one setup file per chosen school (tab «Организации»)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.text import plural
from ui import file_dialogs, messages
from ui.municipality.last_dir import last_dir, remember_dir
from ui.municipality.schools_tab import names_list, organisations


def write_setup_files(tab: Any, *, everyone: bool = False) -> None:
    """Ask where, then write the files of the tab's selected schools (with ``everyone``, or when none is
    selected after a question, of every active school)."""
    rows = [] if everyone else tab.selected_rows()
    if everyone:
        rows = [r for r in tab.model.all_rows() if not r.archived]
        if not rows:
            messages.inform(tab, title="Файлы настройки", text=(
                "В реестре нет действующих организаций. Добавьте их («Добавить…») или загрузите реестр из Excel."))
            return
    elif rows:
        archived = [r for r in rows if r.archived]
        rows = [r for r in rows if not r.archived]
        if not rows:
            messages.inform(tab, title="Файлы настройки", text=(
                "Выбранные организации в архиве: файл настройки выдаётся только действующим. "
                "Верните организацию из архива, чтобы выдать ей файл."))
            return
        if archived:
            tab.status_message.emit(f"В архиве, пропущено: {organisations(len(archived))}")
    else:
        rows = [r for r in tab.model.all_rows() if not r.archived]
        if not rows:
            messages.inform(tab, title="Файлы настройки", text=(
                "В реестре нет организаций. Добавьте их («Добавить…») или загрузите реестр из Excel."))
            return
        if not messages.confirm(tab, title="Файлы настройки", yes="Записать", text=(
                f"Ни одна организация не выбрана. Записать файлы настройки для всех {len(rows)} "
                f"{plural(len(rows), 'организации', 'организаций', 'организаций')}?\n\n"
                "Чтобы выдать файлы только некоторым, выделите их строки в таблице (Ctrl+щелчок).")):
            return
    if len(rows) == 1 and not everyone:
        _write_one(tab, rows[0])
    else:
        _write_many(tab, rows)


def _write_one(tab: Any, row: Any) -> None:
    from app.municipality.setup_file import EXTENSION, write_setup_file

    settings = getattr(tab, "settings", None)
    path, _filter = file_dialogs.getSaveFileName(tab, f"Файл настройки для «{row.short_name or row.code}»",
                                                 str(Path(last_dir(settings, "setup")) / f"{row.code}{EXTENSION}"),
                                                 f"Файл настройки MentorDesk (*{EXTENSION})")
    if not path:
        return
    remember_dir(settings, "setup", path)
    try:
        with tab.db.session() as session:
            written = write_setup_file(session, school_code=row.code, path=Path(path))
    except Exception as exc:  # noqa: BLE001
        messages.show_error(tab, exc, title="Файл настройки не записан")
        return
    tab.status_message.emit(f"Файл настройки записан: {written}")
    messages.inform(tab, title="Файл настройки", text=(
        f"Файл настройки для «{row.short_name or row.full_name}» записан:\n{written}\n\n"
        "Передайте его школе: куратор откроет его при первом запуске или в настройках."))


def _write_many(tab: Any, rows: list[Any]) -> None:
    from app.municipality.setup_file import EXTENSION, write_setup_file

    settings = getattr(tab, "settings", None)
    folder = file_dialogs.getExistingDirectory(tab, "Папка для файлов настройки", last_dir(settings, "setup"))
    if not folder:
        return
    remember_dir(settings, "setup", folder)
    target = Path(folder)
    existing = [r for r in rows if (target / f"{r.code}{EXTENSION}").exists()]
    if existing and not messages.confirm(tab, title="Файлы настройки", yes="Заменить", text=(
            f"В папке «{target}» уже есть файлы настройки для {organisations(len(existing))}:\n"
            f"{names_list(existing)}\n\nЗаменить их?")):
        return
    db, codes = tab.db, [r.code for r in rows]

    def work(progress: Callable[[int, int], None]) -> int:
        with db.session() as session:
            for n, code in enumerate(codes):
                progress(n, len(codes))
                write_setup_file(session, school_code=code, path=target / f"{code}{EXTENSION}")
        return len(codes)

    def done(count: int) -> None:
        tab.status_message.emit(f"Файлы настройки: {count} в «{target}»")
        messages.inform(tab, title="Файлы настройки", text=(
            f"В папку «{target}» записано файлов настройки: {count} (по одному на организацию, "
            f"имя файла — код организации). Передайте каждой школе её файл."))

    def failed(exc: BaseException) -> None:
        messages.show_error(tab, exc, title="Файлы настройки записаны не все")

    tab.runner.run(work, on_done=done, on_error=failed, title="Запись файлов настройки…", parent=tab)
