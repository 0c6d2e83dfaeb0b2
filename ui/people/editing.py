"""Open a person dialog modally for a new or an existing record; ask before saving a duplicate."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QDialog, QWidget

from ui import messages


def open_editor(parent: QWidget | None, *, dialog_class: type, db: Any,
                load: Callable[[Any], Any] | None) -> int | None:
    """``load(session)`` gives the record's DTO (None: a new record); returns the saved id, or None."""
    data = None
    if load is not None:
        try:
            with db.session() as session:
                data = load(session)
        except Exception as exc:  # noqa: BLE001 - shown to the user
            messages.show_error(parent, exc, title="Не удалось открыть карточку")
            return None
    dialog = dialog_class(parent, db=db, data=data)
    try:
        return dialog.saved_id if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()


def confirm_duplicate(parent: QWidget, *, session: Any, data: Any) -> bool:
    """Ask before saving a record that repeats an existing one (same ФИО and birth); True to go on."""
    from app.services.people import find_duplicate

    same = find_duplicate(session, data=data)
    if same is None:
        return True
    return messages.confirm(parent, title="Возможный дубликат", text=f"В базе уже есть: {same}.\nСохранить ещё одну запись?",
                            yes="Сохранить всё равно", no="Вернуться к карточке")
