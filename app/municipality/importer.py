"""Import of school packages into a municipality database: verify, decrypt, one transaction per package, history.

The acceptance rules are those of docs/package-format.md §10. In short: in a folder (and its direct subfolders)
only files that start like a package are read, the rest are *skipped*; the same bytes again are *unchanged*; a
package encrypted to our key is trusted whatever municipality name it carries; a plain one is *rejected* when it
names another municipality (folded) or when an encrypted package of the school and quarter is already stored. A
package becomes current when it is as new as the current one (``created_at``) or is encrypted over a plain one —
*replaced*; an older one is stored as history only (an ``accepted`` item flagged ``historical``). Each package is
imported in its own transaction; a rejected one writes nothing. ``progress(done, total)`` may raise ``Cancelled``:
packages imported before stay imported.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.errors import AppError, Cancelled, PackageError

ENC_MAGIC, ZIP_MAGIC = b"MDPKGENC", b"PK\x03\x04"
NOT_A_PACKAGE = "не пакет MentorDesk"
PLAIN_FOREIGN = ("пакет не зашифрован и составлен для другого управления образования ({}) — попросите школу "
                 "применить файл настройки и выгрузить пакет заново")
PLAIN_AFTER_ENCRYPTED = ("пакет не зашифрован, а от школы за этот квартал уже получен зашифрованный пакет; "
                         "незашифрованный пакет мог составить кто угодно")


@dataclass(frozen=True)
class ImportItem:
    """One file of an import and what became of it."""

    path: Path
    school_code: str = ""
    period: str = ""
    reason: str = ""  # why rejected / skipped, or a note (stored as history)
    warnings: tuple[str, ...] = ()
    historical: bool = False  # stored as history only: the school already has a newer (or encrypted) current one


NOT_REACHED = "загрузка прервана до этого файла — загрузите его ещё раз"
HISTORY_LABEL = "сохранён в истории (уже есть более новый пакет)"


@dataclass
class ImportSummary:
    """The outcome of ``import_paths``: each file lands in exactly one list.

    ``accepted`` holds every newly stored package that did not replace one; those stored as history only carry
    ``historical`` (see ``historical`` / ``new``) and are counted apart («в историю»).
    """

    accepted: list[ImportItem] = field(default_factory=list)
    replaced: list[ImportItem] = field(default_factory=list)
    unchanged: list[ImportItem] = field(default_factory=list)
    rejected: list[ImportItem] = field(default_factory=list)
    skipped: list[ImportItem] = field(default_factory=list)
    cancelled: bool = False  # the user stopped it: files not reached are in ``skipped``

    @property
    def ok(self) -> bool:
        """True when nothing was rejected (CLI exit code 0)."""
        return not self.rejected

    @property
    def new(self) -> list[ImportItem]:
        """Accepted packages that became current (the school had none for the quarter)."""
        return [i for i in self.accepted if not i.historical]

    @property
    def historical(self) -> list[ImportItem]:
        """Accepted packages stored as history only (a newer one stays current)."""
        return [i for i in self.accepted if i.historical]

    def head(self) -> str:
        """The counts; «в историю» and «пропущено» only when not zero (as in the window's summary)."""
        counts = (("Принято", self.new, True), ("заменено", self.replaced, True), ("в историю", self.historical, False),
                  ("без изменений", self.unchanged, True), ("отклонено", self.rejected, True),
                  ("пропущено", self.skipped, False))
        return "; ".join(f"{label}: {len(items)}" for label, items, always in counts if always or items) + (
            " (загрузка прервана)" if self.cancelled else "")

    def rejection_lines(self) -> list[str]:
        return [f"Отклонён «{i.path.name}»: {i.reason}" for i in self.rejected]

    def lines(self, *, rejections: bool = True) -> list[str]:
        """The counts, then a line per rejection (unless ``rejections`` is off), note, warning, skipped file."""
        out = [self.head()]
        if rejections:
            out += self.rejection_lines()
        for item in [*self.accepted, *self.replaced]:
            if item.historical:
                out.append(f"«{item.path.name}»: {HISTORY_LABEL} — {item.reason}")
            elif item.reason:
                out.append(f"«{item.path.name}»: {item.reason}")
            out += [f"«{item.path.name}»: {w}" for w in item.warnings]
        out += [f"Пропущен «{i.path.name}»: {i.reason}" for i in self.skipped]
        return out


@dataclass(frozen=True)
class ReceivedRow:
    """A received package for the «история» and «текущие пакеты» views (no content)."""

    id: int
    school_id: int
    school_code: str
    school_name: str
    period: str
    file_name: str
    sha256: str
    size: int
    format_version: str
    created_at: dt.datetime
    received_at: dt.datetime
    encrypted: bool
    personal_data: bool
    current: bool
    superseded_at: dt.datetime | None
    counts: dict[str, int]


def _looks_like_package(path: Path) -> bool:
    with open(path, "rb") as fh:
        head = fh.read(8)
    return head.startswith(ZIP_MAGIC) or head.startswith(ENC_MAGIC)


def expand_paths(paths: list[Path]) -> tuple[list[Path], list[ImportItem]]:
    """The files to read (given files as is; folders: their files and their subfolders' files) and the skipped."""
    files: list[Path] = []
    skipped: list[ImportItem] = []
    seen: set[Path] = set()

    def add(path: Path) -> None:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            files.append(path)

    def consider(path: Path) -> None:
        if path.name.startswith("."):
            skipped.append(ImportItem(path, reason="скрытый или временный файл"))
            return
        try:
            looks = _looks_like_package(path)
        except OSError as exc:
            skipped.append(ImportItem(path, reason=f"файл не читается: {exc.strerror or exc}"))
            return
        if looks:
            add(path)
        else:
            skipped.append(ImportItem(path, reason=NOT_A_PACKAGE))

    for raw in paths:
        path = Path(raw)
        if not path.is_dir():
            add(path)  # named explicitly: the reader decides and explains
            continue
        for child in sorted(path.iterdir()):
            if child.is_dir():
                for sub in sorted(child.iterdir()):
                    if sub.is_file():
                        consider(sub)
            elif child.is_file():
                consider(child)
    return files, skipped


def _file_sha256(path: Path) -> str | None:
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            while chunk := fh.read(1024 * 1024):
                digest.update(chunk)
    except OSError:
        return None  # the reader gives the reason
    return digest.hexdigest()


def _number(value: Any) -> Any:
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _profile(session):  # noqa: ANN001, ANN202 - sqlmodel Session, ORM row
    from sqlmodel import select

    from db.models_municipality import MunicipalityProfile

    return session.exec(select(MunicipalityProfile).order_by(MunicipalityProfile.id)).first()


def _check(session, content, profile, today: dt.date):  # noqa: ANN001, ANN202
    """The school row and warnings; PackageError with a Russian reason for a package that must not be imported."""
    from app.municipality.register import find_school
    from app.periods import parse_period
    from app.text import fold

    manifest = content.manifest
    code = str(manifest["school"]["code"]).strip()
    school = find_school(session, code=code)  # case and «ё» ignored, as the register compares codes
    if school is None:
        raise PackageError(f"школа с кодом «{code}» не зарегистрирована в реестре управления образования")
    period_code = manifest["period"]["code"]
    period = parse_period(period_code)
    if period.kind != "quarter" or manifest["period"]["start"] != period.start.isoformat() \
            or manifest["period"]["end"] != period.end.isoformat():
        raise PackageError(f"период пакета «{period_code}» не является календарным кварталом")
    if period.start > today:
        raise PackageError(f"пакет за квартал, который ещё не начался ({period.title})")
    if content.indicators.get("period") != period_code:
        raise PackageError("пакет несогласован: показатели относятся к другому периоду")
    _check_unique(content)
    warnings = []
    named = str(manifest["school"].get("municipality") or "")
    theirs = fold(named)
    if not content.info.encrypted:
        if profile is None or theirs != fold(profile.name):  # a plain package must name us exactly
            raise PackageError(PLAIN_FOREIGN.format(f"«{named.strip()}»" if theirs else "в пакете оно не указано"))
        warnings.append("пакет не зашифрован")
    ours = [fold(profile.name), fold(profile.region)] if profile is not None else []
    if theirs and any(ours) and not any(o and (o in theirs or theirs in o) for o in ours):
        warnings.append(f"в пакете указан другой муниципалитет: «{named}»")
    if school.archived:
        warnings.append(f"школа «{code}» в архиве реестра")
    return school, period, tuple(warnings)


def _check_unique(content) -> None:  # noqa: ANN001
    """Duplicated ids the reader does not look at (meetings, indicator codes) make a package inconsistent."""
    for what, ids in (("встреч", [m["id"] for m in content.meetings]),
                      ("показателей", [i["code"] for i in content.indicators.get("indicators", [])])):
        if len(set(ids)) != len(ids):
            raise PackageError(f"пакет несогласован: повторяющиеся идентификаторы {what}")


def _created_at(manifest: dict) -> dt.datetime:
    try:
        return dt.datetime.strptime(manifest["created_at"], "%Y-%m-%dT%H:%M:%SZ")
    except ValueError:
        raise PackageError(f"неверное время создания пакета «{manifest['created_at']}»") from None


def _content_members(content) -> dict[str, Any]:  # noqa: ANN001
    return {"data/participants.json": {"items": content.participants}, "data/groups.json": {"items": content.groups},
            "data/meetings.json": {"items": content.meetings}, "data/surveys.json": content.surveys,
            "data/indicators.json": content.indicators, "data/roadmap.json": content.roadmap}


def _store(session, *, content, school, period_code: str, path: Path) -> tuple[str, str]:  # noqa: ANN001
    """Write the package in one transaction; ``(outcome, note)`` with outcome accepted | historical | replaced |
    unchanged. A plain package after an encrypted one of the school and quarter: PackageError, nothing written."""
    from sqlalchemy.orm import defer
    from sqlmodel import select

    from app.text import format_date
    from db.engine import transaction
    from db.models import utcnow
    from db.models_municipality import ReceivedIndicator, ReceivedPackage

    info, manifest = content.info, content.manifest
    created = _created_at(manifest)
    now = utcnow()
    with transaction(session):
        existing = session.exec(select(ReceivedPackage)
                                .options(defer(ReceivedPackage.content), defer(ReceivedPackage.report_xlsx))
                                .where(ReceivedPackage.school_id == school.id,
                                       ReceivedPackage.period == period_code)).all()
        if any(row.sha256 == info.sha256 for row in existing):
            return "unchanged", ""
        if not info.encrypted and any(row.encrypted for row in existing):
            raise PackageError(PLAIN_AFTER_ENCRYPTED)
        current = [row for row in existing if row.current]
        newest = max((row.created_at for row in current), default=None)
        # trust first (an encrypted package is never displaced by, nor kept behind, a plain one), then recency
        becomes_current = newest is None or created >= newest or (
            info.encrypted and not any(row.encrypted for row in current))
        if becomes_current:
            for row in current:
                row.current, row.superseded_at = False, now
                session.add(row)
        package = ReceivedPackage(
            school_id=school.id, period=period_code, sha256=info.sha256, file_name=path.name, size=info.size,
            format_version=str(manifest["format_version"]), created_at=created, received_at=now,
            encrypted=info.encrypted, personal_data=bool(manifest.get("personal_data")), current=becomes_current,
            superseded_at=None if becomes_current else now, manifest=manifest, content=_content_members(content),
            report_xlsx=content.report_xlsx)
        session.add(package)
        session.flush()
        session.add_all([ReceivedIndicator(
            package_id=package.id, school_id=school.id, period=period_code, code=str(ind["code"]),
            title=str(ind.get("title", "")), numerator=_number(ind.get("numerator")),
            denominator=_number(ind.get("denominator")), percent=ind.get("percent"),
            level=str(ind.get("level") or "school")) for ind in content.indicators.get("indicators", [])])
    if not becomes_current:
        local = newest.replace(tzinfo=dt.timezone.utc).astimezone()
        return "historical", f"действующим остаётся пакет, созданный {format_date(local.date())} {local:%H:%M}"
    if current and created < newest:
        return "replaced", "зашифрованный пакет заменил незашифрованный, хотя создан раньше"
    return ("replaced" if current else "accepted"), ""


def _import_one(session, path: Path, *, profile, today: dt.date, summary: ImportSummary) -> None:  # noqa: ANN001
    from sqlmodel import select

    from app.package import open_package
    from db.models_municipality import MunicipalSchool, ReceivedPackage

    digest = _file_sha256(path)
    if digest is not None:
        known = session.exec(select(MunicipalSchool.code, ReceivedPackage.period)
                             .join(MunicipalSchool, MunicipalSchool.id == ReceivedPackage.school_id)
                             .where(ReceivedPackage.sha256 == digest)).first()
        if known is not None:
            summary.unchanged.append(ImportItem(path, known[0], known[1]))
            return
    key = (profile.private_key or None) if profile is not None else None
    content = open_package(path=path, private_key=key)
    school, period, warnings = _check(session, content, profile, today)
    outcome, note = _store(session, content=content, school=school, period_code=period.code, path=path)
    historical = outcome == "historical"
    item = ImportItem(path, school.code, period.code, note, warnings, historical)
    getattr(summary, "accepted" if historical else outcome).append(item)


def _reason(exc: Exception) -> str:
    text = str(exc).strip()
    if isinstance(exc, AppError) and text:
        return text[:1].lower() + text[1:] if len(text) > 1 and text[1].islower() else text
    return f"пакет не загружен из-за непредвиденной ошибки ({type(exc).__name__})"


def import_paths(session, *, paths: list[Path], progress: Callable[[int, int], None] | None = None,  # noqa: ANN001
                 today: dt.date | None = None) -> ImportSummary:
    """Import every package among ``paths`` (files or folders); each good one in its own transaction."""
    from app.municipality.register import require_municipality

    require_municipality(session)  # a school's or an uninitialised database: an error, nothing read
    today = today or dt.date.today()
    profile = _profile(session)
    files, skipped = expand_paths(list(paths))
    summary = ImportSummary(skipped=skipped)
    for done, path in enumerate(files):
        try:
            if progress:
                progress(done, len(files))
            _import_one(session, path, profile=profile, today=today, summary=summary)
        except Cancelled:
            session.rollback()  # the package being imported (if any) is not stored; earlier ones stay
            summary.cancelled = True
            summary.skipped += [ImportItem(rest, reason=NOT_REACHED) for rest in files[done:]]
            return summary
        except Exception as exc:  # noqa: BLE001 - no file may crash the import; the reason is reported
            session.rollback()
            summary.rejected.append(ImportItem(path, reason=_reason(exc)))
    if progress:
        progress(len(files), len(files))
    return summary


def _rows(session, statement) -> list[ReceivedRow]:  # noqa: ANN001
    from sqlalchemy.orm import defer

    from db.models_municipality import MunicipalSchool, ReceivedPackage

    statement = statement.options(defer(ReceivedPackage.content), defer(ReceivedPackage.report_xlsx))
    out = []
    for pkg, school in session.exec(statement.join(MunicipalSchool,
                                                   MunicipalSchool.id == ReceivedPackage.school_id)).all():
        out.append(ReceivedRow(pkg.id, pkg.school_id, school.code, school.short_name or school.full_name, pkg.period,
                               pkg.file_name, pkg.sha256, pkg.size, pkg.format_version, pkg.created_at,
                               pkg.received_at, pkg.encrypted, pkg.personal_data, pkg.current, pkg.superseded_at,
                               dict((pkg.manifest or {}).get("counts", {}))))
    return out


def package_history(session, *, school_id: int, period: str) -> list[ReceivedRow]:  # noqa: ANN001
    """Every package of a school and quarter, the newest (by creation) first; ``current`` marks the one in use."""
    from sqlmodel import select

    from db.models_municipality import MunicipalSchool, ReceivedPackage

    return _rows(session, select(ReceivedPackage, MunicipalSchool)
                 .where(ReceivedPackage.school_id == school_id, ReceivedPackage.period == period)
                 .order_by(ReceivedPackage.created_at.desc(), ReceivedPackage.received_at.desc(),
                           ReceivedPackage.id.desc()))


def current_packages(session, *, period: str) -> list[ReceivedRow]:  # noqa: ANN001
    """The current package of each school that reported the quarter, by school code."""
    from sqlmodel import select

    from db.models_municipality import MunicipalSchool, ReceivedPackage

    return _rows(session, select(ReceivedPackage, MunicipalSchool)
                 .where(ReceivedPackage.period == period, ReceivedPackage.current == True)  # noqa: E712
                 .order_by(MunicipalSchool.code))
