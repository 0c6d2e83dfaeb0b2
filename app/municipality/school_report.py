"""A school's own report.xlsx from its current package of a quarter: the bytes, a file name, saving it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.periods import Period


@dataclass(frozen=True)
class SchoolReport:
    """The report.xlsx a school put into its package, and a file name to save it under."""

    file_name: str
    data: bytes


def _safe(name: str) -> str:
    cleaned = "".join("_" if c in '<>:"/\\|?*' or ord(c) < 32 else c for c in name).strip(" .")
    return cleaned or "отчёт"


def school_report(session, *, school_id: int, period: Period) -> SchoolReport:  # noqa: ANN001
    """The report.xlsx of the school's current package for ``period``; NotFoundError when there is none."""
    from sqlalchemy import select

    from app.errors import NotFoundError
    from db.models_municipality import MunicipalSchool, ReceivedPackage

    school = session.get(MunicipalSchool, school_id)
    if school is None:
        raise NotFoundError("Организация не найдена в реестре — возможно, её удалили")
    data = session.execute(select(ReceivedPackage.report_xlsx).where(
        ReceivedPackage.school_id == school_id, ReceivedPackage.period == period.code,
        ReceivedPackage.current.is_(True))).scalar_one_or_none()
    if not data:
        raise NotFoundError(f"В пакете организации «{school.short_name or school.full_name or school.code}» "
                            f"за {period.title} нет отчёта (report.xlsx)")
    return SchoolReport(f"Отчёт_{_safe(school.code)}_{period.code}.xlsx", bytes(data))


def save_school_report(session, *, school_id: int, period: Period, path: Path) -> Path:  # noqa: ANN001
    """Write the school's report.xlsx of ``period`` to ``path`` atomically; returns the path."""
    from app.files import write_atomically

    report = school_report(session, school_id=school_id, period=period)
    return write_atomically(Path(path), lambda tmp: Path(tmp).write_bytes(report.data))


__all__ = ["SchoolReport", "save_school_report", "school_report"]
