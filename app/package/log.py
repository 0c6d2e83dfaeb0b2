"""The export log (PackageExport): what left the school, when, where, encrypted or not."""

from __future__ import annotations

from pathlib import Path

from app.package.format import ExportLogRow, PackageResult
from app.periods import Period


def log_export(session, *, result: PackageResult, period: Period) -> int:  # noqa: ANN001 - sqlmodel Session
    """Record a written package; returns the log row id."""
    from db.engine import transaction
    from db.models import PackageExport

    with transaction(session):
        row = PackageExport(period=period.code, file_name=result.path.name, folder=str(Path(result.path).parent),
                            sha256=result.sha256, size=result.size, encrypted=result.encrypted,
                            personal_data=result.personal_data, counts=dict(result.counts))
        session.add(row)
        session.flush()
        row_id = row.id
    return row_id


def list_exports(session) -> list[ExportLogRow]:  # noqa: ANN001
    """Every logged export, newest first."""
    from sqlalchemy import select

    from db.models import PackageExport

    rows = session.execute(select(PackageExport).order_by(PackageExport.created_at.desc(),
                                                          PackageExport.id.desc())).scalars().all()
    return [ExportLogRow(r.id, r.created_at, r.period, r.file_name, r.folder, r.sha256, r.size, bool(r.encrypted),
                         bool(r.personal_data), dict(r.counts or {})) for r in rows]
