"""The quarterly package format: names, versions, limits, result DTOs and JSON Schema validation."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from app.errors import PackageError

FORMAT_NAME = "mentordesk-quarterly-package"
FORMAT_VERSION = "1.1.0"
EXTENSION = ".mdpkg"  # the same for the plain zip and the encrypted envelope; told apart by magic bytes
ZIP_MAGIC = b"PK\x03\x04"
CHECKSUM_PREFIX = b"MDPKG-SHA256:"  # zip comment: prefix + lowercase hex SHA-256 of every byte before the hex
PSEUDONYM_LENGTH = 20  # hex characters of HMAC-SHA256

MANIFEST = "manifest.json"
REPORT = "report.xlsx"
DATA_MEMBERS = ("data/participants.json", "data/groups.json", "data/meetings.json", "data/surveys.json",
                "data/indicators.json", "data/roadmap.json")
MEMBERS = (MANIFEST, *DATA_MEMBERS, REPORT)  # the order in the zip
SCHEMAS = {MANIFEST: "manifest.schema.json", **{m: m.split("/")[1].replace(".json", ".schema.json")
                                                 for m in DATA_MEMBERS}}

# limits of the defensive reader (design.md §5)
MAX_FILE_BYTES = 256 * 1024 * 1024
MAX_MEMBERS = 16
MAX_MEMBER_BYTES = 128 * 1024 * 1024
MAX_TOTAL_BYTES = 256 * 1024 * 1024
MAX_RATIO = 200  # uncompressed ÷ compressed, checked for members above RATIO_FLOOR bytes
RATIO_FLOOR = 64 * 1024

PERSONAL_FIELDS = ("last_name", "first_name", "middle_name", "birth_date")
_UNSAFE = re.compile(r"[^0-9A-Za-zА-Яа-яЁё_.\-]")


def package_name(school_code: str, period_code: str) -> str:
    """``<school code>_<YYYY>-Q<n>.mdpkg``; characters unsafe in a file name become «_»."""
    code = _UNSAFE.sub("_", school_code.strip()).strip(".") or "school"
    return f"{code}_{period_code}{EXTENSION}"


def major(version: str) -> int | None:
    m = re.fullmatch(r"(\d+)\.(\d+)\.(\d+)", version or "")
    return int(m.group(1)) if m else None


def utc_iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class PackageResult:
    """What ``write_package`` wrote; ``encrypted`` False means the UI must say «пакет не зашифрован»."""

    path: Path
    sha256: str
    size: int
    encrypted: bool
    personal_data: bool
    counts: dict[str, int]
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class PackageInfo:
    """A verified package: its envelope and, when readable, its manifest."""

    path: Path
    sha256: str
    size: int
    encrypted: bool
    content_verified: bool  # False for an encrypted package checked without the private key
    manifest: dict[str, Any] | None = None
    key_id: str = ""

    @property
    def school_code(self) -> str:
        return (self.manifest or {}).get("school", {}).get("code", "")

    @property
    def period(self) -> str:
        return (self.manifest or {}).get("period", {}).get("code", "")


@dataclass(frozen=True)
class PackageContent:
    """The parsed, validated members of a package (the municipality imports these)."""

    info: PackageInfo
    manifest: dict[str, Any]
    participants: list[dict[str, Any]]
    groups: list[dict[str, Any]]
    meetings: list[dict[str, Any]]
    surveys: dict[str, Any]
    indicators: dict[str, Any]
    roadmap: dict[str, Any]
    report_xlsx: bytes = field(repr=False, default=b"")


@dataclass(frozen=True)
class ExportLogRow:
    """One line of the export log."""

    id: int
    created_at: dt.datetime
    period: str
    file_name: str
    folder: str
    sha256: str
    size: int
    encrypted: bool
    personal_data: bool
    counts: dict[str, int]


@lru_cache(maxsize=None)
def load_schema(member: str) -> dict[str, Any]:
    """The JSON Schema of a member as shipped in resources/package/."""
    from importlib.resources import files

    return json.loads(files("resources").joinpath(f"package/{SCHEMAS[member]}").read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def _validator(member: str):  # noqa: ANN202 - a jsonschema validator
    from jsonschema import Draft202012Validator

    return Draft202012Validator(load_schema(member))


@lru_cache(maxsize=None)
def _fast(member: str):  # noqa: ANN202 - a compiled predicate
    from app.package.schema import compile_schema

    return compile_schema(load_schema(member))


def validate_member(member: str, data: Any) -> None:
    """Raise PackageError naming the member and the JSON path of the first schema violation.

    The compiled checker decides; jsonschema (slow on 20,000 meetings) only explains a rejection.
    """
    if _fast(member)(data):
        return
    errors = sorted(_validator(member).iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
    if not errors:
        raise PackageError(f"Пакет не соответствует схеме: «{member}»")
    error = errors[0]
    path = "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path)
    raise PackageError(f"Пакет не соответствует схеме: «{member}», {path}: {error.message}")
