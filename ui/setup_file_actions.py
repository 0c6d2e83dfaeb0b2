"""School side of the municipality's setup file (.mdsetup): choose, confirm what changes, apply, report."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from app.text import format_date, plural
from ui import file_dialogs, messages

FILTER = "Файлы настройки MentorDesk (*.mdsetup);;Все файлы (*)"
TITLE = "Файл настройки от управления образования"


def choose_setup_file(parent: QWidget | None) -> Path | None:
    """The file dialog (tests replace this function)."""
    path, _filter = file_dialogs.getOpenFileName(parent, "Файл настройки от управления образования",
                                                 str(Path.home()), FILTER)
    return Path(path) if path else None


def key_folder(db: Any) -> Path:
    """Where the municipality's public key is kept: «keys/<database file name>» beside the database, one folder per
    database (as «setup apply» does); a key applied earlier stays where the settings point."""
    path = Path(db.path)
    return path.parent / "keys" / path.stem


def unbroken(text: str) -> str:
    """A non-breaking space after «№», so «Гимназия № 14» never wraps between the sign and the number."""
    return text.replace("№ ", "№\u00a0")


def show_applied(parent: QWidget | None, *, text: str) -> None:
    """The message after applying: plain text, lines as given (tests replace this)."""
    box = QMessageBox(QMessageBox.Icon.Information, TITLE, text, QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.exec()


def _quarters(n: int) -> str:
    return f"{n} {plural(n, 'квартал', 'квартала', 'кварталов')}"


def _next_deadline(setup: Any, today: dt.date) -> str:
    from app.periods import parse_period

    upcoming = [(code, day) for code, day in setup.calendar if day >= today]
    if not upcoming:
        return ""
    code, day = upcoming[0]
    return f"ближайший срок: {parse_period(code).title} — до {format_date(day)}"


def _created(setup: Any) -> str:
    try:
        return format_date(dt.date.fromisoformat(setup.created_at[:10]))
    except ValueError:
        return ""


def _calendar_line(setup: Any, today: dt.date) -> str:
    if not setup.calendar:
        return "• сроки сдачи отчётов: в файле не указаны"
    nearest = _next_deadline(setup, today)
    return f"• сроки сдачи отчётов: {_quarters(len(setup.calendar))}" + (f" ({nearest})" if nearest else "")


def changes_text(setup: Any, *, current: Any, file_name: str, today: dt.date | None = None) -> str:
    """What applying ``setup`` (SetupData) will write over ``current`` (SchoolData or None), for the confirmation."""
    today = today or dt.date.today()

    def line(label: str, new: str, old: str | None) -> str:
        was = f" (сейчас: {old})" if old and old != new else ""
        return f"• {label}: {new}{was}"

    created = _created(setup)
    lines = [f"Файл настройки «{file_name}»" + (f" от {created}" if created else "")
             + f" ({setup.municipality_name}). В профиль будет записано:",
             line("код организации", setup.school_code, current.code if current else None),
             line("полное наименование", setup.school_full_name, current.full_name if current else None)]
    if setup.school_short_name:
        lines.append(line("краткое наименование", setup.school_short_name, current.short_name if current else None))
    lines += [line("муниципалитет", setup.municipality_name, current.municipality if current else None),
              "• ключ шифрования пакетов управления образования: пакеты мониторинга будут зашифрованы, "
              "открыть их сможет только управление образования",
              _calendar_line(setup, today),
              "",
              "ФИО директора, куратора и остальные сведения профиля не изменятся."]
    if current is not None and current.code and current.code != setup.school_code:
        lines += ["", f"Внимание: сейчас в профиле код «{current.code}». Пакеты мониторинга будут выходить "
                      f"с кодом «{setup.school_code}» — управление образования принимает пакеты только с кодом "
                      "из своего реестра."]
    return unbroken("\n".join(lines))


def applied_text(setup: Any, *, key_path: Path, today: dt.date | None = None) -> str:
    """What was applied, for the message after a successful apply: one fact a line, the key path on its own."""
    today = today or dt.date.today()
    region = f" ({setup.municipality_region})" if setup.municipality_region else ""
    short = f" ({setup.school_short_name})" if setup.school_short_name \
        and setup.school_short_name != setup.school_full_name else ""
    nearest = _next_deadline(setup, today)
    deadlines = (f"Сроки сдачи: {_quarters(len(setup.calendar))}" + (f" ({nearest})" if nearest else "")
                 if setup.calendar else "Сроки сдачи: в файле не указаны")
    return unbroken("\n".join([
        "Файл настройки применён.",
        "",
        f"Код организации: {setup.school_code}",
        f"Наименование: {setup.school_full_name}{short}",
        f"Управление образования: {setup.municipality_name}{region}",
        "Ключ шифрования сохранён:",
        str(key_path),
        deadlines,
    ]))


def apply_file(parent: QWidget | None, *, db: Any, path: Path) -> Any:
    """Apply ``path`` to the school database ``db``; SetupData, or None after a Russian message (nothing changed)."""
    from app.municipality.setup_file import apply_setup_file

    try:
        with db.session() as session:
            return apply_setup_file(session, path=Path(path), key_folder=key_folder(db))
    except Exception as exc:  # noqa: BLE001 - a broken file, a wrong database, a disk error: a message
        messages.show_error(parent, exc, title="Файл настройки не применён")
        return None


def load_setup_file(window: Any, *, path: Path | None = None) -> Any:
    """«Файл → Загрузить файл настройки…» of the school window: choose, confirm the changes, apply, refresh."""
    from app.municipality.setup_file import KEY_FILE, read_setup_file
    from app.services.school import get_school

    if window.db is None:
        return None
    path = path or choose_setup_file(window)
    if path is None:
        return None
    try:
        setup = read_setup_file(path=path)
        with window.db.session() as session:
            current = get_school(session)
    except Exception as exc:  # noqa: BLE001
        messages.show_error(window, exc, title="Файл настройки не применён")
        return None
    if not messages.confirm(window, title=TITLE, yes="Применить",
                            text=changes_text(setup, current=current, file_name=Path(path).name)):
        return None
    applied = apply_file(window, db=window.db, path=path)
    if applied is None:
        return None
    window.refresh_title()
    window.data_changed.emit()
    window.statusBar().showMessage(f"Файл настройки применён: код организации {applied.school_code}", 8000)
    show_applied(window, text=applied_text(applied, key_path=key_folder(window.db) / KEY_FILE))
    return applied


__all__ = ["FILTER", "applied_text", "apply_file", "changes_text", "choose_setup_file", "key_folder",
           "load_setup_file", "show_applied", "unbroken"]
