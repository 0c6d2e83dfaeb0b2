"""The printed «Отчёт о выполнении дорожной карты» for a period: table, summary, signature (A4 landscape)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from app.documents.base import FONT, MM, SMALL_SIZE, build_pdf, escape, register_table_style, styles
from app.errors import Issue, ValidationError
from app.files import write_atomically
from app.periods import parse_period
from app.roadmap_rules import print_order, quarter_title
from app.schemas_roadmap import COLUMNS, RoadmapRow, RoadmapSummary
from app.text import format_date

TITLE = "Отчёт о выполнении дорожной карты реализации целевой модели наставничества"
WIDTHS = (12, 76, 30, 33, 44, 28, 39)  # mm, 262 in all: the landscape frame between the margins
PAGE_WIDTH, PAGE_HEIGHT = 297 * MM, 210 * MM
MARGINS = (20 * MM, 15 * MM, 18 * MM, 15 * MM)
SUMMARY_LABELS = ("Всего мероприятий", "Выполнено", "В работе", "Запланировано", "Не выполнено", "Просрочено",
                  "% выполнения")


@dataclass(frozen=True)
class RoadmapReport:
    """What the report prints (the PDF and the xlsx print the same)."""

    academic_year: str
    period_text: str  # «за 2026/2027 учебный год», «за IV квартал 2026 года», «за период с … по …»
    school_name: str
    director_position: str
    director_name: str
    rows: tuple[RoadmapRow, ...]
    summary: RoadmapSummary
    today: dt.date

    @property
    def title(self) -> str:
        return f"{TITLE} {self.period_text}"

    def summary_values(self) -> tuple[tuple[str, str], ...]:
        s = self.summary
        return tuple(zip(SUMMARY_LABELS, (str(s.total), str(s.by_status.get("done", 0)),
                                          str(s.by_status.get("in_progress", 0)), str(s.by_status.get("planned", 0)),
                                          str(s.by_status.get("failed", 0)), str(s.overdue), percent_done(s))))


def done_share(summary: RoadmapSummary) -> float | None:
    """The share of items done (0…1), None when there are none."""
    return summary.by_status.get("done", 0) / summary.total if summary.total else None


def percent_done(summary: RoadmapSummary) -> str:
    """«45,9 %» of the items done (a dash when there are none)."""
    if not summary.total:
        return "—"
    return f"{summary.by_status.get('done', 0) * 100 / summary.total:.1f}".replace(".", ",") + " %"


def period_text(academic_year: str, start: dt.date | None, end: dt.date | None, *,
                rows: tuple[RoadmapRow, ...] | list[RoadmapRow] = ()) -> str:
    """«за 2026/2027 учебный год», «за IV квартал 2026 года», «за III квартал 2026 года (с 01.09.2026 по
    30.09.2026)»; the dates shown reach the earliest (latest) of ``rows`` due before (after) the period (the year's
    items due before its start count in its first quarter)."""
    year = parse_period(academic_year)
    start, end = start or year.start, end or year.end
    if (start, end) == (year.start, year.end):
        return f"за {academic_year} учебный год"
    dated = [r.deadline for r in rows if r.deadline is not None]
    shown_start, shown_end = min([start, *dated]), max([end, *dated])
    if quarter := quarter_title(start, end):
        whole = quarter.endswith("года") and (shown_start, shown_end) == (start, end)
        name = quarter.split(" (")[0]
        return f"за {quarter}" if whole else f"за {name} (с {format_date(shown_start)} по {format_date(shown_end)})"
    return f"за период с {format_date(shown_start)} по {format_date(shown_end)}"


def keep_together(text: str) -> str:
    """The period in parentheses and «2026 года» never broken over two lines (non-breaking spaces)."""
    import re

    text = re.sub(r"\([^()]*\)", lambda m: m.group(0).replace(" ", "\u00a0"), text)
    return re.sub(r"(\d{4}) (года|учебный год)", lambda m: f"{m.group(1)}\u00a0{m.group(2).replace(' ', chr(160))}",
                  text)


def report_context(session, *, academic_year: str, start: dt.date | None = None,  # noqa: ANN001
                   end: dt.date | None = None, today: dt.date | None = None) -> RoadmapReport:
    """Collect the items due within [start, end] of the year (the whole year when not given) and their summary."""
    from app.roadmap_rules import start_year
    from app.services import roadmap as service
    from app.services.school import get_school

    start_year(academic_year)
    year = parse_period(academic_year)
    issues = []
    if start and end and start > end:
        issues.append(Issue("начало периода позже его конца", field="Период"))
    for label, day in (("Начало периода", start), ("Конец периода", end)):
        if day and not year.contains(day):
            issues.append(Issue(f"{format_date(day)} вне {academic_year} учебного года "
                                f"({format_date(year.start)} – {format_date(year.end)})", field=label))
    if issues:
        raise ValidationError(issues)
    today = today or dt.date.today()
    rows = service.items_in_period(session, academic_year=academic_year, start=start, end=end, today=today)
    if not rows:
        raise ValidationError([Issue(f"в дорожной карте на {academic_year} учебный год нет мероприятий "
                                     f"со сроком {period_text(academic_year, start, end)[3:]}", field="Период")])
    school = get_school(session)
    return RoadmapReport(academic_year=academic_year, period_text=period_text(academic_year, start, end, rows=rows),
                         school_name=(school.full_name or school.short_name) if school else "",
                         director_position=(school.director_position or "Директор") if school else "Директор",
                         director_name=school.director_name if school else "", rows=tuple(rows),
                         summary=service.summarize(rows, academic_year=academic_year), today=today)


def _p(text: str, style) -> object:  # noqa: ANN001 - a reportlab style
    from reportlab.platypus import Paragraph

    return Paragraph(escape(text), style)


def _whole_words(st):  # noqa: ANN001, ANN202 - reportlab styles
    """The table styles with words never split inside letters (a long word wraps whole, or after its hyphen)."""
    for name in ("cell", "cell_bold", "cell_centre"):
        getattr(st, name).splitLongWords = 0
        getattr(st, name).embeddedHyphenation = 1
    return st


def _table(report: RoadmapReport) -> object:
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import LongTable

    from app.roadmap_xlsx import table_row

    st = styles(table_size=SMALL_SIZE)
    st = _whole_words(st)
    evidence = ParagraphStyle("evidence", parent=st.cell, splitLongWords=1)  # a file path may break anywhere
    rows: list[list] = [[_p(h, st.cell_bold) for h in COLUMNS]]
    extra, section = [], None
    for item in print_order(list(report.rows)):
        if item.section and item.section != section:
            section = item.section
            rows.append([_p(section, st.cell_bold), "", "", "", "", "", ""])
            n = len(rows) - 1  # the heading row stays on the page of its first item
            extra += [("SPAN", (0, n), (-1, n)), ("NOSPLIT", (0, n), (-1, n + 1)),
                      ("BACKGROUND", (0, n), (-1, n), colors.Color(0.96, 0.96, 0.96))]
        cells = table_row(item)
        status = cells[5] + (" (просрочено)" if item.overdue else "")
        rows.append([_p(cells[0], st.cell_centre), _p(cells[1], st.cell), _p(cells[2], st.cell_centre),
                     _p(cells[3], st.cell), _p(cells[4], st.cell), _p(status, st.cell_centre),
                     _p(cells[6], evidence)])
    table = LongTable(rows, colWidths=[w * MM for w in WIDTHS], repeatRows=1)
    table.setStyle(register_table_style(*extra))
    return table


def _summary(report: RoadmapReport) -> list:
    from reportlab.lib import colors
    from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle

    st = styles(table_size=SMALL_SIZE)
    values = report.summary_values()
    table = Table([[_p(label, st.cell_bold) for label, _ in values], [_p(v, st.cell_centre) for _, v in values]],
                  colWidths=[30 * MM] * len(values), hAlign="LEFT")
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("FONTNAME", (0, 0), (-1, -1), FONT),
                               ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    # the heading never stays alone at the bottom of a page: it goes with its table
    return [Spacer(1, 5 * MM), KeepTogether([Paragraph("<b>Итоги выполнения</b>", styles().plain),
                                             Spacer(1, 2 * MM), table])]


def _signature(report: RoadmapReport) -> list:
    from reportlab.platypus import CondPageBreak, Spacer, Table, TableStyle

    from app.names import initials_last

    st = styles()
    name = initials_last(report.director_name) if report.director_name else "____________________"
    table = Table([[_p(report.director_position, st.plain), _p("____________", st.centre), _p(name, st.plain)]],
                  colWidths=(70 * MM, 50 * MM, 70 * MM), rowHeights=[12 * MM], hAlign="LEFT")
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("VALIGN", (0, 0), (-1, -1), "BOTTOM")]))
    return [CondPageBreak(30 * MM), Spacer(1, 8 * MM), table, Spacer(1, 3 * MM),
            _p(f"Дата составления: {format_date(report.today)}", st.plain)]


def build_story(report: RoadmapReport) -> list:
    from reportlab.platypus import Spacer

    st = styles()
    story: list = [_p(keep_together(report.title), st.title)]
    if report.school_name:
        story += [Spacer(1, 2 * MM), _p(report.school_name, st.centre)]
    story += [Spacer(1, 5 * MM), _table(report), *_summary(report), *_signature(report)]
    return story


def write_report_pdf(report: RoadmapReport, *, path: Path) -> Path:
    """Write the report to ``path`` (atomically)."""
    story = build_story(report)
    return write_atomically(Path(path), lambda tmp: build_pdf(tmp, story, title=report.title, author=report.school_name,
                                                              page=(PAGE_WIDTH, PAGE_HEIGHT), margins=MARGINS))


def roadmap_report_pdf(session, *, path: Path, academic_year: str, start: dt.date | None = None,  # noqa: ANN001
                       end: dt.date | None = None, today: dt.date | None = None) -> RoadmapReport:
    """Collect and print the execution report; returns what was printed."""
    report = report_context(session, academic_year=academic_year, start=start, end=end, today=today)
    write_report_pdf(report, path=path)
    return report
