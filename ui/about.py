"""«Справка → О программе»: version and where the data lives."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QMessageBox, QWidget


def show_about(parent: QWidget, *, db: Any) -> None:
    from app import __version__

    path = f"\n\nБаза данных: {db.path}" if db is not None else ""
    QMessageBox.about(parent, "О программе",
                      f"MentorDesk {__version__}\nАРМ куратора программы наставничества.\n"
                      f"Работает без интернета; данные хранятся на этом компьютере.{path}")
