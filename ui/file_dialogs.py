"""File dialogs that never open the files they list: Qt's widget-based dialog reads a file's first bytes to
guess its type, and closing that descriptor drops SQLite's POSIX locks on our open database (the WAL could then
be checkpointed and deleted by another process). Drop-in replacements for QFileDialog's static functions."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QFileInfo
from PySide6.QtGui import QAbstractFileIconProvider
from PySide6.QtWidgets import QFileDialog, QFileIconProvider, QWidget

_providers: list[Any] = []  # kept alive for the dialogs that use them


class _NameOnlyIcons(QFileIconProvider):
    """Icons and type names from the file name and stat data only, never from the content."""

    def icon(self, what: Any) -> Any:  # noqa: D102 - Qt override
        if isinstance(what, QFileInfo):
            kind = QAbstractFileIconProvider.IconType.Folder if what.isDir() else QAbstractFileIconProvider.IconType.File
            return super().icon(kind)
        return super().icon(what)

    def type(self, info: QFileInfo) -> str:  # noqa: D102 - Qt override
        if info.isDir():
            return "Папка"
        suffix = info.suffix()
        return f"Файл {suffix.upper()}" if suffix else "Файл"


def safe_dialog(parent: QWidget | None, caption: str, directory: str, name_filter: str = "") -> QFileDialog:
    """A non-native QFileDialog with the name-only icon provider."""
    dialog = QFileDialog(parent, caption, directory, name_filter)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    if not _providers:
        _providers.append(_NameOnlyIcons())
    dialog.setIconProvider(_providers[0])
    return dialog


def _run(dialog: QFileDialog) -> str:
    return dialog.selectedFiles()[0] if dialog.exec() == QFileDialog.DialogCode.Accepted and dialog.selectedFiles() else ""


def getOpenFileName(parent: QWidget | None, caption: str = "", directory: str = "",  # noqa: N802 - Qt's name
                    name_filter: str = "") -> tuple[str, str]:
    dialog = safe_dialog(parent, caption, directory, name_filter)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    return _run(dialog), dialog.selectedNameFilter()


def getOpenFileNames(parent: QWidget | None, caption: str = "", directory: str = "",  # noqa: N802 - Qt's name
                     name_filter: str = "") -> tuple[list[str], str]:
    """Several existing files (an empty list when cancelled) and the chosen filter."""
    dialog = safe_dialog(parent, caption, directory, name_filter)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    files = dialog.selectedFiles() if dialog.exec() == QFileDialog.DialogCode.Accepted else []
    return list(files), dialog.selectedNameFilter()


def save_dialog(parent: QWidget | None, caption: str, directory: str, name_filter: str) -> QFileDialog:
    """A «save as» dialog; a typed name without an extension gets the first filter's («PDF (*.pdf)» → .pdf)."""
    dialog = safe_dialog(parent, caption, directory, name_filter)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    if "(*." in name_filter:
        dialog.setDefaultSuffix(name_filter.split("(*.", 1)[1].split(")", 1)[0].split()[0])
    return dialog


def getSaveFileName(parent: QWidget | None, caption: str = "", directory: str = "",  # noqa: N802 - Qt's name
                    name_filter: str = "") -> tuple[str, str]:
    dialog = save_dialog(parent, caption, directory, name_filter)
    return _run(dialog), dialog.selectedNameFilter()


def getExistingDirectory(parent: QWidget | None, caption: str = "", directory: str = "") -> str:  # noqa: N802
    dialog = safe_dialog(parent, caption, directory)
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    return _run(dialog)
