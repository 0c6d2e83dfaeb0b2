"""Received packages for the «Пакеты» view and the per-file results of an import, with a savable report."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.municipality.importer import HISTORY_LABEL, ImportSummary, ReceivedRow, _rows

# outcome code → Russian result, in the order the summary lists them (rejections first)
OUTCOMES = {"rejected": "отклонён", "accepted": "принят", "replaced": "принят, заменил прежний",
            "historical": HISTORY_LABEL, "unchanged": "без изменений (уже загружен)", "skipped": "пропущен"}
_LISTS = {"accepted": "new"}  # the summary's list (or property) behind an outcome, when named otherwise
REPORT_HEADERS = ("Файл", "Результат", "Код ОО", "Организация", "Квартал", "Причина, примечания", "Путь")


@dataclass(frozen=True)
class ImportResultRow:
    """One file of an import as the summary shows it."""

    file_name: str
    path: str
    outcome: str  # a key of OUTCOMES
    school_code: str = ""
    school_name: str = ""
    period: str = ""
    reason: str = ""
    warnings: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return OUTCOMES.get(self.outcome, self.outcome)

    @property
    def period_title(self) -> str:
        return period_title(self.period)

    @property
    def details(self) -> str:
        """The reason (or note) and the warnings in one line."""
        return "; ".join(t for t in (self.reason, *self.warnings) if t)

    @property
    def school(self) -> str:
        return " · ".join(t for t in (self.school_code, self.school_name) if t)


def period_title(code: str) -> str:
    """«2026-Q4» → «IV квартал 2026 года»; an unreadable code is shown as is."""
    from app.periods import parse_period

    if not code:
        return ""
    try:
        return parse_period(code).title
    except Exception:  # noqa: BLE001 - a display helper never fails
        return code


def list_received(session, *, period: str | None = None, school_id: int | None = None,  # noqa: ANN001
                  include_replaced: bool = True) -> list[ReceivedRow]:
    """Received packages (no content): newest quarter first, then by school code, the newest package first."""
    from sqlmodel import select

    from db.models_municipality import MunicipalSchool, ReceivedPackage

    statement = select(ReceivedPackage, MunicipalSchool)
    if period:
        statement = statement.where(ReceivedPackage.period == period)
    if school_id is not None:
        statement = statement.where(ReceivedPackage.school_id == school_id)
    if not include_replaced:
        statement = statement.where(ReceivedPackage.current == True)  # noqa: E712
    statement = statement.order_by(ReceivedPackage.period.desc(), MunicipalSchool.code,
                                   ReceivedPackage.created_at.desc(), ReceivedPackage.received_at.desc(),
                                   ReceivedPackage.id.desc())
    return _rows(session, statement)


def received_periods(session) -> list[str]:  # noqa: ANN001
    """Quarter codes that have at least one received package, newest first."""
    from sqlmodel import select

    from db.models_municipality import ReceivedPackage

    return sorted(set(session.exec(select(ReceivedPackage.period).distinct()).all()), reverse=True)


def counts_line(summary: ImportSummary) -> str:
    """«Принято 2 · Заменено 1 · В историю 1 · Без изменений 0 · Отклонено 1 · Пропущено 3»: «В историю» and
    «Пропущено» only when not zero (the same rule as ``ImportSummary.head`` of the command line)."""
    parts = [f"Принято {len(summary.new)}", f"Заменено {len(summary.replaced)}"]
    if summary.historical:
        parts.append(f"В историю {len(summary.historical)}")
    parts += [f"Без изменений {len(summary.unchanged)}", f"Отклонено {len(summary.rejected)}"]
    if summary.skipped:
        parts.append(f"Пропущено {len(summary.skipped)}")
    return " · ".join(parts) + (" · Загрузка прервана" if summary.cancelled else "")


def import_result_rows(session, *, summary: ImportSummary) -> list[ImportResultRow]:  # noqa: ANN001
    """Every file of ``summary`` with the school's name from the register: rejections first, then the rest."""
    from app.municipality.register import list_schools
    from app.text import fold

    names = {fold(s.code): s.short_name or s.full_name for s in list_schools(session, include_archived=True)}
    out = []
    for outcome in OUTCOMES:
        for item in getattr(summary, _LISTS.get(outcome, outcome)):
            out.append(ImportResultRow(item.path.name, str(item.path), outcome, item.school_code,
                                       names.get(fold(item.school_code), "") if item.school_code else "",
                                       item.period, item.reason, tuple(item.warnings)))
    return out


def _report_rows(rows: list[ImportResultRow]) -> list[tuple]:
    return [(r.file_name, r.label, r.school_code, r.school_name, r.period_title, r.details, r.path) for r in rows]


def write_import_report(*, path: Path, rows: list[ImportResultRow], heading: str) -> Path:
    """The summary as a text file (``.txt``) or an Excel book (anything else), written atomically."""
    from app.files import write_atomically

    path = Path(path)
    if path.suffix.lower() == ".txt":
        lines = [heading, ""]
        for r in rows:
            where = ", ".join(t for t in (r.school, r.period_title) if t)
            lines.append(f"«{r.file_name}» — {r.label}" + (f" ({where})" if where else "")
                         + (f": {r.details}" if r.details else ""))

        def write_text(tmp: Path) -> None:
            tmp.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")  # the BOM lets Notepad pick UTF-8

        return write_atomically(path, write_text)

    def write_book(tmp: Path) -> None:
        from openpyxl import Workbook

        from app.municipality.report_xlsx import _sheet

        wb = Workbook(write_only=True)
        _sheet(wb, "Загрузка пакетов", REPORT_HEADERS, _report_rows(rows))
        wb.save(tmp)

    return write_atomically(path, write_book)


__all__ = ["OUTCOMES", "REPORT_HEADERS", "ImportResultRow", "counts_line", "import_result_rows", "list_received",
           "period_title", "received_periods", "write_import_report"]
