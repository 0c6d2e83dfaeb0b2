"""Writing a package safely: build in memory, temp file on the target, fsync, rename, read back, verify, log."""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import io
import json
import os
import zipfile
from pathlib import Path
from typing import Any

from app.errors import PackageError, StorageError
from app.package import format as fmt
from app.periods import Period

_NO_SPACE = (errno.ENOSPC, getattr(errno, "EDQUOT", -1))


def dump_json(data: Any) -> bytes:
    """Canonical JSON of a member: UTF-8, sorted keys, no spaces, trailing newline."""
    return (json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)
            + "\n").encode("utf-8")


def seal_zip(members: list[tuple[str, bytes]], *, date_time: tuple = (1980, 1, 1, 0, 0, 0),
             compress_type: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A zip of ``members`` in order, ending with the comment ``MDPKG-SHA256:<hex of all preceding bytes>``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, raw in members:
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.compress_type = compress_type
            info.external_attr = 0o644 << 16
            zf.writestr(info, raw, compress_type=compress_type, compresslevel=6)
        zf.comment = fmt.CHECKSUM_PREFIX + b"0" * 64
    blob = buffer.getvalue()
    return blob[:-64] + hashlib.sha256(blob[:-64]).hexdigest().encode("ascii")


def package_bytes(head: dict[str, Any], members: dict[str, Any], report: bytes, *,
                  validate: bool = False) -> bytes:
    """Serialise the members and the manifest into a sealed zip."""
    raws = {name: dump_json(members[name]) for name in fmt.DATA_MEMBERS}
    raws[fmt.REPORT] = report
    manifest = dict(head, members={name: {"sha256": hashlib.sha256(raw).hexdigest(), "size": len(raw)}
                                   for name, raw in raws.items()})
    if validate:
        fmt.validate_member(fmt.MANIFEST, manifest)
        for name in fmt.DATA_MEMBERS:
            fmt.validate_member(name, members[name])
    created = dt.datetime.strptime(head["created_at"], "%Y-%m-%dT%H:%M:%SZ")
    ordered = [(fmt.MANIFEST, dump_json(manifest))] + [(name, raws[name]) for name in fmt.MEMBERS[1:]]
    return seal_zip(ordered, date_time=created.timetuple()[:6])


def _storage_error(exc: OSError, name: str) -> StorageError:
    if exc.errno in _NO_SPACE:
        return StorageError(f"Пакет «{name}» не записан: на носителе не хватает места. Освободите место "
                            "или выберите другую папку.")
    if isinstance(exc, PermissionError) or exc.errno == errno.EROFS:
        return StorageError(f"Пакет «{name}» не записан: запись в эту папку запрещена (носитель защищён от записи "
                            "или нет прав). Выберите другую папку или снимите защиту с флешки.")
    return StorageError(f"Пакет «{name}» не записан: носитель недоступен или извлечён. Вставьте носитель "
                        "и повторите выгрузку.")


def _write_file(target: Path, blob: bytes) -> None:
    """Temp file beside the target, fsync, rename, fsync the folder; no final file on failure."""
    from app.files import fsync_dir

    tmp = target.with_name(f".{target.name}.tmp")
    try:
        with open(tmp, "wb") as fh:
            fh.write(blob)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
        fsync_dir(target.parent)
    except OSError as exc:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass  # the stick is gone: nothing more can be done
        raise _storage_error(exc, target.name) from None


def write_package(session, *, period: Period, folder: Path, progress=None,  # noqa: ANN001 - sqlmodel Session
                  today: dt.date | None = None, validate: bool = False) -> fmt.PackageResult:
    """Build, encrypt when a municipality key is set, write safely, verify by reading back, and log the export."""
    from app.package.build import build
    from app.package.crypto import encrypt
    from app.package.log import log_export
    from app.package.read import verify_package
    from app.package.report import render_report
    from app.settings import load_settings

    folder = Path(folder)
    if not folder.is_dir():
        raise StorageError(f"Папка «{folder}» не найдена — пакет не записан. Проверьте, что носитель вставлен")
    built = build(session, period=period, today=today,
                  progress=(lambda done, total: progress(done, total + 1)) if progress else None)
    warnings = list(built.warnings)
    report = render_report(built.head, built.members)
    blob = package_bytes(built.head, built.members, report, validate=validate)
    if progress:
        progress(7, 7)  # the last point where cancelling is safe: nothing is written yet
    key_path = load_settings(session).municipality_key_path.strip()
    encrypted = bool(key_path)
    if encrypted:
        blob = encrypt(blob, public_path=Path(key_path))
    else:
        warnings.append("Пакет не зашифрован: ключ управления образования не указан в настройках")
    if built.personal_data:
        warnings.append(f"В пакете есть ФИО и даты рождения ({built.counts['personal_records']} чел., "
                        "при согласии на передачу)")
    target = folder / fmt.package_name(built.head["school"]["code"], period.code)
    digest = hashlib.sha256(blob).hexdigest()
    _write_file(target, blob)
    try:
        info = verify_package(path=target)
        if info.sha256 != digest or info.size != len(blob):
            raise PackageError("записанный файл отличается от сформированного")
    except PackageError as exc:
        try:
            target.unlink(missing_ok=True)
        except OSError:
            pass
        raise StorageError(f"Пакет «{target.name}» записан с ошибкой и удалён: {exc}. "
                           "Проверьте носитель и повторите выгрузку") from None
    result = fmt.PackageResult(target, digest, len(blob), encrypted, built.personal_data, dict(built.counts),
                               tuple(warnings))
    log_export(session, result=result, period=period)
    return result
