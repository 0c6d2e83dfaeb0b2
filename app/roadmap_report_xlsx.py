"""«Отчёт о выполнении дорожной карты» as an xlsx workbook: the same table and summary as the PDF."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from app.documents.roadmap_report import SUMMARY_LABELS, RoadmapReport, done_share, report_context
from app.files import write_atomically
from app.roadmap_xlsx import new_sheet, write_table
from app.text import format_date


def write_report_xlsx(report: RoadmapReport, *, path: Path) -> Path:
    """The report as xlsx: overdue items marked «(просрочено)», the done share as a % number, signed with initials."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from app.names import initials_last

    def write(tmp: Path) -> None:
        wb = Workbook()
        ws, header_row = new_sheet(wb, title="Отчёт", heading=[report.title, report.school_name])
        last = write_table(ws, rows=list(report.rows), first_row=header_row, mark_overdue=True)
        row = last + 2
        ws.cell(row=row, column=2, value="Итоги выполнения").font = Font(bold=True)
        for label, value in report.summary_values():
            row += 1
            ws.cell(row=row, column=2, value=label)
            cell = ws.cell(row=row, column=3, value=int(value) if value.isdigit() else value)
            if label == SUMMARY_LABELS[-1] and (share := done_share(report.summary)) is not None:
                cell.value, cell.number_format = share, "0.0%"
        row += 2
        ws.cell(row=row, column=2, value=report.director_position)
        ws.cell(row=row, column=3, value="____________")
        ws.cell(row=row, column=4, value=initials_last(report.director_name) if report.director_name
                else "____________________")
        ws.cell(row=row + 1, column=2, value=f"Дата составления: {format_date(report.today)}")
        wb.save(tmp)

    return write_atomically(Path(path), write)


def roadmap_report_xlsx(session, *, path: Path, academic_year: str, start: dt.date | None = None,  # noqa: ANN001
                        end: dt.date | None = None, today: dt.date | None = None) -> RoadmapReport:
    report = report_context(session, academic_year=academic_year, start=start, end=end, today=today)
    write_report_xlsx(report, path=path)
    return report
