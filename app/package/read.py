"""The defensive reader of packages (design.md §5): verify, decrypt, open; nothing is trusted before checks."""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
import zlib
from pathlib import Path
from typing import Any

from app.errors import PackageError
from app.package import format as fmt
from app.package.crypto import ENVELOPE_MAGIC, decrypt, parse_envelope

_CHUNK = 64 * 1024
_HEX = re.compile(rb"[0-9a-f]{64}")
_DRIVE = re.compile(r"^[A-Za-z]:")


def _load_blob(path: Path) -> bytes:
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > fmt.MAX_FILE_BYTES:
            raise PackageError(f"Файл «{path.name}» слишком велик для пакета ({size} байт)")
        with open(path, "rb") as fh:
            return fh.read(fmt.MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise PackageError(f"Файл «{path}» не найден") from None
    except IsADirectoryError:
        raise PackageError(f"«{path}» — папка, а не файл пакета") from None
    except OSError as exc:
        raise PackageError(f"Файл «{path.name}» не удалось прочитать: {exc.strerror or exc}") from None


def _check_name(name: str) -> None:
    if (name.startswith("/") or "\\" in name or _DRIVE.match(name) or ".." in name.split("/")
            or "\x00" in name):
        raise PackageError(f"Недопустимое имя внутри пакета: «{name}» (путь за пределы пакета)")
    if name not in fmt.MEMBERS:
        raise PackageError(f"Чужой или повреждённый пакет: неожиданный файл «{name}»")


def _check_checksum(blob: bytes) -> None:
    tail = len(fmt.CHECKSUM_PREFIX) + 64
    if len(blob) < tail + 22 or blob[-tail:-64] != fmt.CHECKSUM_PREFIX or not _HEX.fullmatch(blob[-64:]):
        raise PackageError("Пакет обрезан или повреждён: нет контрольной суммы в конце файла")
    if hashlib.sha256(blob[:-64]).hexdigest().encode("ascii") != blob[-64:]:
        raise PackageError("Пакет повреждён или изменён: контрольная сумма файла не совпадает")


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, budget: list[int]) -> bytes:
    """The member's bytes, streamed and counted against its declared size, the ratio cap and the total cap."""
    if info.flag_bits & 0x1:
        raise PackageError(f"Файл «{info.filename}» в пакете зашифрован средствами zip — так пакеты не пишутся")
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise PackageError(f"Файл «{info.filename}» сжат неподдерживаемым методом")
    if info.file_size > fmt.MAX_MEMBER_BYTES:
        raise PackageError(f"Файл «{info.filename}» в пакете слишком велик")
    out, count = [], 0
    with zf.open(info) as stream:
        while chunk := stream.read(_CHUNK):
            count += len(chunk)
            budget[0] += len(chunk)
            if count > info.file_size or count > fmt.MAX_MEMBER_BYTES or budget[0] > fmt.MAX_TOTAL_BYTES:
                raise PackageError(f"Файл «{info.filename}» больше заявленного размера — пакет отклонён")
            if count > fmt.RATIO_FLOOR and count > fmt.MAX_RATIO * max(info.compress_size, 1):
                raise PackageError(f"Файл «{info.filename}» подозрительно сильно сжат (zip-бомба) — пакет отклонён")
            out.append(chunk)
    if count != info.file_size:
        raise PackageError(f"Файл «{info.filename}» в пакете обрезан")
    return b"".join(out)


def _no_constants(name: str) -> Any:
    raise ValueError(f"недопустимое значение {name}")


def _parse_json(member: str, raw: bytes, *, validate: bool = True) -> Any:
    try:
        data = json.loads(raw.decode("utf-8"), parse_constant=_no_constants)
    except (UnicodeDecodeError, ValueError) as exc:
        raise PackageError(f"Файл «{member}» в пакете не является корректным JSON: {exc}") from None
    if validate:
        fmt.validate_member(member, data)
    return data


def _check_manifest(manifest: Any) -> None:
    """Format name and major version first (a clearer reason than a schema error), then the schema."""
    if not isinstance(manifest, dict) or manifest.get("format") != fmt.FORMAT_NAME:
        raise PackageError("Чужой файл: это не пакет мониторинга MentorDesk")
    version = str(manifest.get("format_version", ""))
    if fmt.major(version) != fmt.major(fmt.FORMAT_VERSION):
        raise PackageError(f"Версия формата пакета {version} не поддерживается (читается {fmt.FORMAT_VERSION[0]}.x) "
                           "— обновите программу")
    fmt.validate_member(fmt.MANIFEST, manifest)


def _open_zip(blob: bytes) -> tuple[dict[str, Any], dict[str, Any], bytes]:
    """Manifest, parsed data members and report bytes of a plain package."""
    _check_checksum(blob)
    try:
        zf = zipfile.ZipFile(io.BytesIO(blob))
    except (zipfile.BadZipFile, ValueError, EOFError, OSError):
        raise PackageError("Пакет повреждён: не читается как zip-архив") from None
    try:
        infos = zf.infolist()
        if len(infos) > fmt.MAX_MEMBERS:
            raise PackageError(f"В пакете слишком много файлов ({len(infos)})")
        by_name: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            _check_name(info.filename)
            if info.filename in by_name:
                raise PackageError(f"Файл «{info.filename}» встречается в пакете дважды")
            by_name[info.filename] = info
        missing = [m for m in fmt.MEMBERS if m not in by_name]
        if missing:
            raise PackageError(f"Пакет неполный: нет файла «{missing[0]}»")
        budget = [0]
        manifest = _parse_json(fmt.MANIFEST, _read_member(zf, by_name[fmt.MANIFEST], budget), validate=False)
        _check_manifest(manifest)
        declared = manifest["members"]
        data: dict[str, Any] = {}
        report = b""
        for member in fmt.MEMBERS[1:]:
            entry = declared.get(member)
            if entry is None:
                raise PackageError(f"Манифест не описывает файл «{member}»")
            if by_name[member].file_size != entry["size"]:
                raise PackageError(f"Размер файла «{member}» не совпадает с манифестом")
            raw = _read_member(zf, by_name[member], budget)
            if hashlib.sha256(raw).hexdigest() != entry["sha256"]:
                raise PackageError(f"Файл «{member}» изменён: SHA-256 не совпадает с манифестом")
            if member == fmt.REPORT:
                report = raw
            else:
                data[member] = _parse_json(member, raw)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, OSError) as exc:
        raise PackageError(f"Пакет повреждён: {_zip_reason(exc)}") from None
    finally:
        zf.close()
    _check_references(manifest, data)
    return manifest, data, report


def _check_references(manifest: dict, data: dict[str, Any]) -> None:
    people = data["data/participants.json"]["items"]
    ids = {p["id"] for p in people}
    groups = data["data/groups.json"]["items"]
    group_ids = {g["id"] for g in groups}
    if len(ids) != len(people) or len(group_ids) != len(groups):
        raise PackageError("Пакет несогласован: повторяющиеся идентификаторы участников или пар (групп)")
    for g in groups:
        if g["mentor"] not in ids or any(m not in ids for m in g["mentees"]):
            raise PackageError(f"Пакет несогласован: пара (группа) {g['id']} ссылается на неизвестного участника")
    for m in data["data/meetings.json"]["items"]:
        if m["group"] not in group_ids:
            raise PackageError(f"Пакет несогласован: встреча {m['id']} ссылается на неизвестную пару (группу)")
    counts = manifest["counts"]
    actual = {"mentees": sum(1 for p in people if p["role"] == "mentee"),
              "mentors": sum(1 for p in people if p["role"] == "mentor"),
              "groups": len(groups), "meetings": len(data["data/meetings.json"]["items"])}
    for key, value in actual.items():
        if counts.get(key) != value:
            raise PackageError(f"Пакет несогласован: в манифесте {key} = {counts.get(key)}, в данных {value}")


def _read(path: Path, private_key_path: Path | None,
          private_key: str | bytes | None = None) -> tuple[fmt.PackageInfo, dict | None, dict, bytes]:
    blob = _load_blob(path)
    digest, size = hashlib.sha256(blob).hexdigest(), len(blob)
    if blob.startswith(ENVELOPE_MAGIC):
        envelope = parse_envelope(blob)
        if private_key_path is None and private_key is None:
            return fmt.PackageInfo(Path(path), digest, size, True, False, None, envelope.key_id.hex()), None, {}, b""
        inner = decrypt(envelope, private_path=Path(private_key_path) if private_key_path is not None else None,
                        private_key=private_key)
        if not inner.startswith(fmt.ZIP_MAGIC):
            raise PackageError("Внутри зашифрованного пакета не пакет мониторинга")
        manifest, data, report = _open_zip(inner)
        return (fmt.PackageInfo(Path(path), digest, size, True, True, manifest, envelope.key_id.hex()),
                manifest, data, report)
    if blob.startswith(fmt.ZIP_MAGIC):
        manifest, data, report = _open_zip(blob)
        return fmt.PackageInfo(Path(path), digest, size, False, True, manifest), manifest, data, report
    if not blob:
        raise PackageError(f"Файл «{Path(path).name}» пуст — это не пакет")
    raise PackageError(f"Файл «{Path(path).name}» не является пакетом мониторинга MentorDesk")


def verify_package(*, path: Path, private_key_path: Path | None = None,
                   private_key: str | bytes | None = None) -> fmt.PackageInfo:
    """Check a package completely (an encrypted one: its envelope, and its content given the private key).

    The private key is a key file (``private_key_path``) or that file's text (``private_key``).
    """
    return _read(path, private_key_path, private_key)[0]


def open_package(*, path: Path, private_key_path: Path | None = None,
                 private_key: str | bytes | None = None) -> fmt.PackageContent:
    """Verify and return the parsed members; an encrypted package needs the private key (file or its text)."""
    info, manifest, data, report = _read(path, private_key_path, private_key)
    if manifest is None:
        raise PackageError(f"Пакет «{Path(path).name}» зашифрован: нужен закрытый ключ управления образования")
    return fmt.PackageContent(info=info, manifest=manifest,
                              participants=data["data/participants.json"]["items"],
                              groups=data["data/groups.json"]["items"],
                              meetings=data["data/meetings.json"]["items"],
                              surveys=data["data/surveys.json"], indicators=data["data/indicators.json"],
                              roadmap=data["data/roadmap.json"], report_xlsx=report)


def _zip_reason(exc: BaseException) -> str:
    """Russian for what zipfile and zlib say (their messages are English)."""
    text = str(exc)
    if "CRC" in text:
        name = text.split("file", 1)[-1].strip(" '\"") if "file" in text else ""
        return f"контрольная сумма CRC-32 файла «{name}» не совпадает" if name else "контрольная сумма CRC-32 не совпадает"
    if isinstance(exc, zlib.error):
        return "сжатые данные испорчены"
    if isinstance(exc, NotImplementedError):
        return "неподдерживаемый способ сжатия"
    if isinstance(exc, EOFError):
        return "файл внутри архива обрывается"
    return "архив не читается"
