"""The one place where errors become Russian text for the user."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QMessageBox, QWidget

from app.errors import AppError, Cancelled, ValidationError

log = logging.getLogger(__name__)


def error_text(exc: BaseException) -> str:
    """Russian text for any exception; unexpected ones get a generic sentence."""
    if isinstance(exc, AppError):
        return str(exc)
    if isinstance(exc, PermissionError):
        return f"Нет доступа к файлу: {exc.filename or exc}"
    if isinstance(exc, FileNotFoundError):
        return f"Файл не найден: {exc.filename or exc}"
    if isinstance(exc, OSError):
        return f"Ошибка чтения или записи файла: {exc.strerror or exc}"
    log.error("Unexpected error: %s", type(exc).__name__, exc_info=exc)
    return ("Непредвиденная ошибка. Данные не изменены.\n"
            f"Техническая информация: {type(exc).__name__}")


def show_error(parent: QWidget | None, exc: BaseException, *, title: str = "Ошибка") -> None:
    """A modal message box for ``exc`` (silent for a user's cancel)."""
    if isinstance(exc, Cancelled):
        return
    box = QMessageBox(QMessageBox.Icon.Warning if isinstance(exc, ValidationError) else QMessageBox.Icon.Critical,
                      title, error_text(exc), QMessageBox.StandardButton.Ok, parent)
    box.exec()


def confirm(parent: QWidget | None, *, title: str, text: str, yes: str = "Да", no: str = "Отмена") -> bool:
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent)
    yes_button = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    no_button = box.addButton(no, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(no_button)  # Enter never confirms a destructive choice by accident
    box.exec()
    return box.clickedButton() is yes_button


def inform(parent: QWidget | None, *, title: str, text: str) -> None:
    QMessageBox.information(parent, title, text)
