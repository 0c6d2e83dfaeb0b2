"""«Отчёт о выполнении дорожной карты» as an xlsx workbook: the same table and summary as the PDF."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from app.documents.roadmap_report import RoadmapReport, report_context
from app.files import write_atomically
from app.roadmap_xlsx import new_sheet, write_table
from app.text import format_date


def write_report_xlsx(report: RoadmapReport, *, path: Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    def write(tmp: Path) -> None:
        wb = Workbook()
        ws, header_row = new_sheet(wb, title="Отчёт", heading=[report.title, report.school_name])
        last = write_table(ws, rows=list(report.rows), first_row=header_row)
        row = last + 2
        ws.cell(row=row, column=2, value="Итоги выполнения").font = Font(bold=True)
        for label, value in report.summary_values():
            row += 1
            ws.cell(row=row, column=2, value=label)
            ws.cell(row=row, column=3, value=int(value) if value.isdigit() else value)
        row += 2
        ws.cell(row=row, column=2, value=report.director_position)
        ws.cell(row=row, column=3, value="____________")
        ws.cell(row=row, column=4, value=report.director_name)
        ws.cell(row=row + 1, column=2, value=f"Дата составления: {format_date(report.today)}")
        wb.save(tmp)

    return write_atomically(Path(path), write)


def roadmap_report_xlsx(session, *, path: Path, academic_year: str, start: dt.date | None = None,  # noqa: ANN001
                        end: dt.date | None = None, today: dt.date | None = None) -> RoadmapReport:
    report = report_context(session, academic_year=academic_year, start=start, end=end, today=today)
    write_report_xlsx(report, path=path)
    return report
