"""The school setup file: written by the municipality for one school, applied in the school's database."""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from dataclasses import dataclass
from pathlib import Path

from app.errors import ConflictError, PackageError, StorageError

FORMAT = "mentordesk-school-setup"
VERSION = 1
EXTENSION = ".mdsetup"
MAX_BYTES = 1024 * 1024
KEY_FILE = "municipality.pub"


@dataclass(frozen=True)
class SetupData:
    """The content of a setup file."""

    school_code: str
    school_full_name: str
    school_short_name: str
    school_kind: str
    municipality_name: str
    municipality_region: str
    public_key: str  # the public key file text (app.package.crypto format)
    key_id: str
    calendar: tuple[tuple[str, dt.date], ...]
    created_at: str


def write_setup_file(session, *, school_code: str, path: Path,  # noqa: ANN001 - sqlmodel Session
                     today: dt.date | None = None) -> Path:
    """Write the setup file of the school ``school_code`` (current and next academic year's calendar) atomically."""
    from app.errors import NotFoundError
    from app.files import write_atomically
    from app.municipality.register import (calendar_periods, deadlines_for, find_school, get_profile,
                                           public_key_text, require_municipality)
    from app.package.format import utc_iso

    require_municipality(session)
    school = find_school(session, code=school_code)
    if school is None:
        raise NotFoundError(f"Организации с кодом «{school_code}» нет в реестре — сначала добавьте её")
    if school.archived:
        raise ConflictError(f"Организация «{school.code}» в архиве — верните её из архива, чтобы выдать файл настройки")
    profile = get_profile(session)
    calendar = deadlines_for(session, periods=calendar_periods(today or dt.date.today()))
    payload = {
        "format": FORMAT,
        "version": VERSION,
        "created_at": utc_iso(dt.datetime.now(dt.timezone.utc)),
        "school": {"code": school.code, "full_name": school.full_name, "short_name": school.short_name,
                   "kind": school.kind},
        "municipality": {"name": profile.name, "region": profile.region},
        "public_key": json.loads(public_key_text(session)),
        "calendar": [{"period": code, "deadline": day.isoformat()} for code, day in calendar.items()],
    }
    text = json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
    return write_atomically(Path(path), lambda tmp: tmp.write_text(text, encoding="utf-8"))


def _bad(path: Path, reason: str) -> PackageError:
    return PackageError(f"Файл «{Path(path).name}» не является файлом настройки MentorDesk: {reason}")


def _text(path: Path, data: dict, key: str, label: str, *, required: bool = True, limit: int = 500) -> str:
    value = data.get(key, "")
    if not isinstance(value, str) or len(value) > limit or (required and not value.strip()):
        raise _bad(path, f"поле «{label}» отсутствует или неверно")
    return value.strip()


def _check_key(path: Path, key: object) -> tuple[str, str]:
    """(key file text, key id) after the package reader's own key check."""
    from app.errors import AppError
    from app.package.crypto import load_public_key

    if not isinstance(key, dict):
        raise _bad(path, "нет открытого ключа управления образования")
    text = json.dumps(key, ensure_ascii=False, indent=2) + "\n"
    with tempfile.TemporaryDirectory(prefix="mentordesk-setup-") as folder:
        probe = Path(folder) / KEY_FILE
        probe.write_text(text, encoding="utf-8")
        try:
            load_public_key(probe)
        except AppError:
            raise _bad(path, "открытый ключ повреждён или это не открытый ключ") from None
    return text, str(key.get("key_id", ""))


def read_setup_file(*, path: Path) -> SetupData:
    """Parse and check a setup file; PackageError with a Russian reason otherwise."""
    from app.municipality.register import KINDS, check_deadline, normalise_code, school_issues

    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise _bad(path, f"файл слишком велик ({size} байт)")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise StorageError(f"Файл настройки «{path}» не найден") from None
    except OSError as exc:
        raise StorageError(f"Файл настройки «{path}» не удалось прочитать ({exc.strerror or exc})") from None
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        raise _bad(path, "это не текст JSON") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise _bad(path, "неизвестный формат")
    if data.get("version") != VERSION:
        raise PackageError(f"Файл настройки «{path.name}» версии {data.get('version')!r} не поддерживается этой "
                           "версией программы — обновите её")
    school, municipality = data.get("school"), data.get("municipality")
    if not isinstance(school, dict) or not isinstance(municipality, dict):
        raise _bad(path, "нет сведений об организации или управлении образования")
    code = normalise_code(_text(path, school, "code", "Код"))
    full = _text(path, school, "full_name", "Полное наименование")
    short = _text(path, school, "short_name", "Краткое наименование", required=False)
    kind = _text(path, school, "kind", "Тип", required=False) or "школа"
    if kind not in KINDS or school_issues(code=code, full_name=full, short_name=short, kind=kind, contact=""):
        raise _bad(path, "код или наименование организации неверны")
    key_text, kid = _check_key(path, data.get("public_key"))
    calendar_raw = data.get("calendar", [])
    if not isinstance(calendar_raw, list) or len(calendar_raw) > 100:
        raise _bad(path, "календарь отчётности неверен")
    calendar = {}
    for item in calendar_raw:
        try:
            day = dt.date.fromisoformat(item["deadline"])
            period, day = check_deadline(item["period"], day)
        except Exception:  # noqa: BLE001 - any malformed entry is the same reason
            raise _bad(path, f"неверная запись календаря отчётности: {str(item)[:80]}") from None
        calendar[period] = day
    return SetupData(school_code=code, school_full_name=full, school_short_name=short, school_kind=kind,
                     municipality_name=_text(path, municipality, "name", "Управление образования"),
                     municipality_region=_text(path, municipality, "region", "Регион", required=False),
                     public_key=key_text, key_id=kid, calendar=tuple(sorted(calendar.items())),
                     created_at=str(data.get("created_at", ""))[:40])


def apply_setup_file(session, *, path: Path, key_folder: Path) -> SetupData:  # noqa: ANN001
    """School side: code, names, municipality into the profile; the key file and its path; the calendar."""
    from sqlmodel import select

    from app.files import write_atomically
    from app.municipality.register import store_deadlines
    from app.services.mode import get_mode
    from db.engine import transaction
    from db.models import School, Setting, utcnow

    setup = read_setup_file(path=path)
    if get_mode(session) == "municipality":
        raise ConflictError("Это база управления образования: файл настройки применяется в базе школы")
    key_folder = Path(key_folder)
    try:
        key_folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StorageError(f"Папку «{key_folder}» не удалось создать ({exc.strerror or exc})") from None
    key_path = (key_folder / KEY_FILE).resolve()
    previous = key_path.read_bytes() if key_path.is_file() else None
    write_atomically(key_path, lambda tmp: tmp.write_text(setup.public_key, encoding="utf-8"))
    try:
        with transaction(session):
            row = session.exec(select(School)).first() or School()
            row.code, row.full_name, row.municipality = setup.school_code, setup.school_full_name, \
                setup.municipality_name
            row.short_name = setup.school_short_name or row.short_name or setup.school_full_name
            row.updated_at = utcnow()
            session.add(row)
            session.merge(Setting(key="municipality_key_path", value=json.dumps(str(key_path), ensure_ascii=False)))
            store_deadlines(session, dict(setup.calendar))
    except BaseException:
        if previous is None:
            key_path.unlink(missing_ok=True)
        else:
            key_path.write_bytes(previous)
        raise
    return setup
