"""Save the municipality's public key (for schools) or, after a warning, its private key (a backup)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QWidget

from ui import file_dialogs, messages

PRIVATE_WARNING = (
    "Закрытый ключ расшифровывает пакеты мониторинга всех школ. Тот, у кого окажется файл ключа, "
    "сможет прочитать любой пакет, попавший к нему в руки.\n\n"
    "Сохранять ключ отдельно не обязательно: он уже хранится в базе управления образования. Файл нужен "
    "только как резервная копия — запишите его на съёмный носитель, храните носитель в сейфе и не "
    "пересылайте ключ по почте и через мессенджеры.\n\n"
    "Сохранить закрытый ключ в файл?")


def key_file_stem(name: str) -> str:
    """A file name from the municipality name: no characters forbidden on Windows, at most 80 characters."""
    stem = re.sub(r'[<>:"/\\|?*\x00-\x1f«»]+', " ", name or "")
    stem = " ".join(stem.split()).strip(" .")[:80].strip(" .")
    return stem or "municipality"


def _profile_name(db: Any) -> str:
    from app.municipality.register import get_profile

    with db.session() as session:
        profile = get_profile(session)
    return profile.name if profile is not None else ""


def export_public_key(parent: QWidget | None, *, db: Any) -> Path | None:
    """Ask where to save «<name>.pub» and write it; the path or None."""
    from app.municipality.register import export_public_key as write_public

    try:
        default = Path.home() / f"{key_file_stem(_profile_name(db))}.pub"
        path, _filter = file_dialogs.getSaveFileName(parent, "Сохранить открытый ключ", str(default),
                                                     "Открытый ключ (*.pub)")
        if not path:
            return None
        with db.session() as session:
            written = write_public(session, path=Path(path))
    except Exception as exc:  # noqa: BLE001 - any failure becomes a message
        messages.show_error(parent, exc, title="Открытый ключ не сохранён")
        return None
    messages.inform(parent, title="Открытый ключ", text=(
        f"Открытый ключ сохранён:\n{written}\n\nОн не секретный. Обычно передавать его отдельно не нужно: "
        "ключ уже входит в файлы настройки школ."))
    return written


def export_private_key(parent: QWidget | None, *, db: Any) -> Path | None:
    """Warn, ask for confirmation, then save «<name>.key» (readable by its owner only); the path or None."""
    from app.municipality.register import export_private_key as write_private

    if not messages.confirm(parent, title="Закрытый ключ", text=PRIVATE_WARNING, yes="Сохранить ключ"):
        return None
    try:
        default = Path.home() / f"{key_file_stem(_profile_name(db))}.key"
        path, _filter = file_dialogs.getSaveFileName(parent, "Сохранить закрытый ключ (резервная копия)",
                                                     str(default), "Закрытый ключ (*.key)")
        if not path:
            return None
        with db.session() as session:
            written = write_private(session, path=Path(path))
    except Exception as exc:  # noqa: BLE001
        messages.show_error(parent, exc, title="Закрытый ключ не сохранён")
        return None
    messages.inform(parent, title="Закрытый ключ", text=(
        f"Закрытый ключ сохранён:\n{written}\n\nХраните носитель с ключом отдельно от компьютера и "
        "никому его не передавайте."))
    return written


__all__ = ["PRIVATE_WARNING", "export_private_key", "export_public_key", "key_file_stem"]
