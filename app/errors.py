"""Typed errors raised by services; each carries Russian text for the user."""

from __future__ import annotations

from dataclasses import dataclass


class AppError(Exception):
    """Base of every error a user may see; ``str(err)`` is Russian text."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class Issue:
    """One problem found in input: where (row, field) and what."""

    message: str
    field: str | None = None
    row: int | None = None
    severity: str = "error"  # "error" blocks, "warning" informs

    def describe(self) -> str:
        parts = []
        if self.row is not None:
            parts.append(f"строка {self.row}")
        if self.field:
            parts.append(f"поле «{self.field}»")
        where = ", ".join(parts)
        return f"{where}: {self.message}" if where else self.message


class ValidationError(AppError):
    """Input that cannot be accepted; ``issues`` name row and field."""

    def __init__(self, issues: list[Issue], *, source: str | None = None) -> None:
        self.issues = list(issues)
        self.source = source
        head = f"Файл «{source}»: " if source else ""
        lines = [i.describe() for i in self.issues[:20]]
        more = len(self.issues) - 20
        if more > 0:
            lines.append(f"… и ещё {more}")
        what = ("ошибки в данных:\n" + "\n".join(f"• {line}" for line in lines)) if lines else "ошибка в данных"
        message = head + what
        super().__init__(message[:1].upper() + message[1:])


class NotFoundError(AppError):
    """A record asked for does not exist (any more)."""


class ConflictError(AppError):
    """The operation contradicts the current state (e.g. a newer database)."""


class StorageError(AppError):
    """The database or a file could not be read or written."""


class PackageError(AppError):
    """A monitoring package is damaged, foreign or invalid."""


class Cancelled(AppError):
    """The user cancelled a long operation; nothing was written."""

    def __init__(self, message: str = "Операция отменена, данные не изменены") -> None:
        super().__init__(message)
