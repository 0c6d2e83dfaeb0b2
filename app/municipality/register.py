"""The municipality's own data: profile with its key pair, the schools register and the reporting calendar."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from app.errors import AppError, ConflictError, Issue, NotFoundError, ValidationError
from app.municipality.calendar import (DeadlineRow, calendar_periods, check_deadline, deadlines_for,  # noqa: F401
                                       default_deadlines, list_deadlines, set_deadline, store_deadlines,
                                       two_years)
from app.text import clean, fold

KINDS = ("школа", "колледж", "организация ДО")
_KIND_ALIASES = {"школа": "школа", "оо": "школа", "общеобразовательная организация": "школа",
                 "колледж": "колледж", "спо": "колледж", "техникум": "колледж",
                 "организация до": "организация ДО", "до": "организация ДО",
                 "организация дополнительного образования": "организация ДО"}
_CODE_RE = re.compile(r"[0-9A-Za-zА-Яа-яЁё_\-.]{1,32}")
INIT_HINT = "сначала выполните «municipality init --name …» (создайте управление образования в этой базе)"


@dataclass(frozen=True)
class MunicipalityData:
    """The profile the specialist edits (the key pair is kept apart)."""

    name: str = ""
    region: str = ""
    specialist: str = ""
    contact: str = ""
    key_id: str = ""


@dataclass(frozen=True)
class SchoolEntry:
    """One row of the schools register."""

    id: int
    code: str
    full_name: str
    short_name: str
    kind: str
    contact: str
    archived: bool


# ---------------------------------------------------------------- mode and profile

def _db_name(session) -> str:  # noqa: ANN001 - sqlmodel Session
    try:
        return Path(session.get_bind().url.database or "").name or "?"
    except Exception:  # noqa: BLE001 - only a label for the message
        return "?"


def has_school_data(session) -> bool:  # noqa: ANN001
    """Whether the database holds a school's profile or people (so it must not become a municipality's)."""
    from sqlmodel import select

    from db.models import Mentee, Mentor, School

    return any(session.exec(select(model.id).limit(1)).first() is not None for model in (School, Mentee, Mentor))


def require_municipality(session, *, profile: bool = True) -> None:  # noqa: ANN001
    """Refuse a school's database; with ``profile`` also an uninitialised municipality database."""
    from app.services.mode import get_mode

    if get_mode(session) != "municipality" and has_school_data(session):
        raise ConflictError(f"База «{_db_name(session)}» — база школы, а не управления образования; "
                            "укажите файл базы управления образования (--db)")
    if profile and _profile_row(session) is None:
        raise AppError(f"База «{_db_name(session)}»: управление образования не создано — {INIT_HINT}")


def _profile_row(session):  # noqa: ANN001, ANN202
    from sqlmodel import select

    from db.models_municipality import MunicipalityProfile

    return session.exec(select(MunicipalityProfile)).first()


def _validate_profile(data: MunicipalityData) -> MunicipalityData:
    data = MunicipalityData(name=clean(data.name), region=clean(data.region), specialist=clean(data.specialist),
                            contact=clean(data.contact), key_id=data.key_id)
    issues = []
    if not data.name:
        issues.append(Issue("обязательное поле", field="Наименование управления образования"))
    for value, label in ((data.name, "Наименование управления образования"), (data.region, "Регион"),
                         (data.specialist, "Ответственный специалист"), (data.contact, "Контакт")):
        if len(value) > 300:
            issues.append(Issue("не длиннее 300 знаков", field=label))
    if issues:
        raise ValidationError(issues)
    return data


def new_key_texts(*, label: str) -> tuple[str, str, str]:
    """A fresh X25519 pair as (private key file text, public key file text, key id), via app.package.crypto."""
    from app.package.crypto import generate_keypair

    with tempfile.TemporaryDirectory(prefix="mentordesk-key-") as folder:
        private, public = Path(folder) / "key.key", Path(folder) / "key.pub"
        kid = generate_keypair(private_path=private, public_path=public, label=label)
        return private.read_text(encoding="utf-8"), public.read_text(encoding="utf-8"), kid


def init_municipality(session, *, name: str, region: str = "", specialist: str = "",  # noqa: ANN001
                      today: dt.date | None = None) -> MunicipalityData:
    """Make the database a municipality's: mode, profile, a new key pair, the default calendar (2 academic years)."""
    from app.services.mode import set_mode
    from db.engine import transaction
    from db.models_municipality import MunicipalityProfile

    data = _validate_profile(MunicipalityData(name=name, region=region, specialist=specialist))
    require_municipality(session, profile=False)
    if _profile_row(session) is not None:
        raise ConflictError("Управление образования в этой базе уже создано: повторное создание заменило бы ключ, "
                            "и пакеты школ перестали бы расшифровываться")
    private, public, kid = new_key_texts(label=data.name)
    set_mode(session, mode="municipality")
    with transaction(session):
        session.add(MunicipalityProfile(name=data.name, region=data.region, specialist=data.specialist,
                                        public_key=public, private_key=private, key_id=kid))
        stored = {row.period for row in list_deadlines(session)}
        store_deadlines(session, {p: d for p, d in two_years(today or dt.date.today()).items() if p not in stored})
    return get_profile(session)  # type: ignore[return-value]


def get_profile(session) -> MunicipalityData | None:  # noqa: ANN001
    row = _profile_row(session)
    if row is None:
        return None
    return MunicipalityData(name=row.name, region=row.region, specialist=row.specialist, contact=row.contact,
                            key_id=row.key_id)


def save_profile(session, *, data: MunicipalityData) -> MunicipalityData:  # noqa: ANN001
    """Update name, region, specialist and contact (the key pair is not touched)."""
    from db.engine import transaction

    data = _validate_profile(data)
    require_municipality(session)
    with transaction(session):
        row = _profile_row(session)
        row.name, row.region, row.specialist, row.contact = data.name, data.region, data.specialist, data.contact
        session.add(row)
    return get_profile(session)  # type: ignore[return-value]


def public_key_text(session) -> str:  # noqa: ANN001
    require_municipality(session)
    return _profile_row(session).public_key


def _write_key(path: Path, text: str, *, private: bool) -> Path:
    from app.files import write_atomically

    def write(tmp: Path) -> None:
        if private and os.name == "posix":
            os.chmod(tmp, 0o600)
        tmp.write_text(text, encoding="utf-8")

    write_atomically(Path(path), write)
    if private and os.name == "posix":
        os.chmod(path, 0o600)
    return Path(path)


def export_private_key(session, *, path: Path) -> Path:  # noqa: ANN001
    """Write the private key file (0600) for safekeeping."""
    require_municipality(session)
    return _write_key(path, _profile_row(session).private_key, private=True)


def export_public_key(session, *, path: Path) -> Path:  # noqa: ANN001
    """Write the public key file (what schools configure)."""
    return _write_key(path, public_key_text(session), private=False)


@contextlib.contextmanager
def private_key_file(session) -> Iterator[Path]:  # noqa: ANN001
    """A temp file with the private key for ``open_package(private_key_path=…)``; removed afterwards."""
    require_municipality(session)
    text = _profile_row(session).private_key
    with tempfile.TemporaryDirectory(prefix="mentordesk-key-") as folder:
        path = Path(folder) / "municipality.key"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        yield path


# ---------------------------------------------------------------- schools register

def normalise_code(code: object) -> str:
    text = clean(str(code) if code is not None else "")
    if text.endswith(".0") and text[:-2].isdigit():  # a number cell read from Excel
        text = text[:-2]
    return text


def normalise_kind(kind: object) -> str | None:
    """One of KINDS, or None for an unknown type; empty means «школа»."""
    text = fold(str(kind) if kind is not None else "")
    if not text:
        return "школа"
    return _KIND_ALIASES.get(text)


def school_issues(*, code: str, full_name: str, short_name: str, kind: str, contact: str,
                  row: int | None = None) -> list[Issue]:
    """Field problems of one register entry (values already normalised; ``kind`` None = unknown)."""
    issues = []
    if not code:
        issues.append(Issue("обязательное поле", field="Код", row=row))
    elif not _CODE_RE.fullmatch(code):
        issues.append(Issue(f"«{code}» — только буквы, цифры, «-», «_» и «.» (до 32 знаков)", field="Код", row=row))
    if not full_name:
        issues.append(Issue("обязательное поле", field="Полное наименование", row=row))
    for value, label in ((full_name, "Полное наименование"), (short_name, "Краткое наименование"),
                         (contact, "Контакт")):
        if len(value) > 500:
            issues.append(Issue("не длиннее 500 знаков", field=label, row=row))
    if kind is None:
        issues.append(Issue(f"допустимо: {', '.join(KINDS)}", field="Тип", row=row))
    return issues


def _entry(row) -> SchoolEntry:  # noqa: ANN001
    return SchoolEntry(row.id, row.code, row.full_name, row.short_name, row.kind, row.contact, row.archived)


def existing_codes(session) -> dict[str, str]:  # noqa: ANN001
    """Folded code → code of every register entry (archived too)."""
    from sqlmodel import select

    from db.models_municipality import MunicipalSchool

    return {fold(code): code for code in session.exec(select(MunicipalSchool.code))}


def _prepared(session, *, code, full_name, short_name, kind, contact, own_id=None) -> dict:  # noqa: ANN001
    from sqlmodel import select

    from db.models_municipality import MunicipalSchool

    values = {"code": normalise_code(code), "full_name": clean(full_name), "short_name": clean(short_name),
              "kind": normalise_kind(kind), "contact": clean(contact)}
    issues = school_issues(**values)
    if issues:
        raise ValidationError(issues)
    for other in session.exec(select(MunicipalSchool)):
        if fold(other.code) == fold(values["code"]) and other.id != own_id:
            raise ConflictError(f"Код «{values['code']}» уже есть в реестре: «{other.short_name or other.full_name}»"
                                + (" (в архиве)" if other.archived else ""))
    return values


def add_school(session, *, code: str, full_name: str, short_name: str = "", kind: str = "школа",  # noqa: ANN001
               contact: str = "") -> SchoolEntry:
    from db.engine import transaction
    from db.models_municipality import MunicipalSchool

    require_municipality(session)
    values = _prepared(session, code=code, full_name=full_name, short_name=short_name, kind=kind, contact=contact)
    with transaction(session):
        row = MunicipalSchool(**values)
        session.add(row)
    session.refresh(row)
    return _entry(row)


def _school_row(session, school_id: int):  # noqa: ANN001, ANN202
    from db.models_municipality import MunicipalSchool

    row = session.get(MunicipalSchool, school_id)
    if row is None:
        raise NotFoundError("Организация не найдена в реестре (возможно, удалена)")
    return row


def update_school(session, *, school_id: int, code: str, full_name: str, short_name: str = "",  # noqa: ANN001
                  kind: str = "школа", contact: str = "") -> SchoolEntry:
    from db.engine import transaction

    require_municipality(session)
    values = _prepared(session, code=code, full_name=full_name, short_name=short_name, kind=kind, contact=contact,
                       own_id=school_id)
    with transaction(session):
        row = _school_row(session, school_id)
        for key, value in values.items():
            setattr(row, key, value)
        session.add(row)
    return _entry(_school_row(session, school_id))


def set_school_archived(session, *, school_id: int, archived: bool) -> SchoolEntry:  # noqa: ANN001
    from db.engine import transaction

    with transaction(session):
        row = _school_row(session, school_id)
        row.archived = archived
        session.add(row)
    return _entry(_school_row(session, school_id))


def list_schools(session, *, include_archived: bool = False) -> list[SchoolEntry]:  # noqa: ANN001
    from sqlmodel import select

    from db.models_municipality import MunicipalSchool

    rows = [_entry(r) for r in session.exec(select(MunicipalSchool))]
    rows = [r for r in rows if include_archived or not r.archived]
    return sorted(rows, key=lambda r: (r.archived, fold(r.code)))


def find_school(session, *, code: str) -> SchoolEntry | None:  # noqa: ANN001
    """The entry whose code matches (case and «ё» ignored), archived ones too."""
    key = fold(normalise_code(code))
    return next((r for r in list_schools(session, include_archived=True) if fold(r.code) == key), None)
