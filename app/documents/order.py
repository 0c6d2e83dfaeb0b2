"""The director's order approving (or amending) mentoring pairs and groups, as a ГОСТ Р 7.0.97-2016 PDF."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from app.documents.base import FONT, FRAME_WIDTH, MM, SMALL_SIZE, build_pdf, escape, register_fonts, styles
from app.files import write_atomically
from app.text import format_date

if TYPE_CHECKING:
    from app.services.orders import AppendixRow, OrderContext

APPENDIX_HEADERS = ("№ п/п", "Наставник (должность, класс)", "Наставляемый(е) (класс, должность)",
                    "Форма наставничества", "Ролевая модель / вид", "Срок")
APPENDIX_WIDTHS = (10, 36, 36, 28, 31, 24)  # mm, 165 in all: the frame between 30 mm and 15 mm margins
AMEND_HEADERS = ("№ п/п", "Наставник (должность, класс)", "Наставляемый(е) (класс, должность)",
                 "Форма наставничества", "Срок", "Изменение")
AMEND_WIDTHS = (10, 35, 37, 28, 24, 31)
SIGN_ROW_HEIGHT = 11 * MM
PAD_LEFT = PAD_RIGHT = 3.0  # cell paddings, points
PAD_TOP, PAD_BOTTOM = 2.0, 3.0


def _header(context: OrderContext, st) -> list:  # noqa: ANN001 - Styles
    from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

    story = [Paragraph(escape(context.organization), st.centre_bold), Spacer(1, 8 * MM),
             Paragraph("ПРИКАЗ", st.doc_type), Spacer(1, 5 * MM)]
    line = Table([[Paragraph(format_date(context.date), st.plain),
                   Paragraph(f"№ {escape(context.number)}", st.right)]],
                 colWidths=(FRAME_WIDTH / 2, FRAME_WIDTH / 2))
    line.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                              ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    story.append(line)
    if context.place:
        story.append(Paragraph(escape(context.place), st.centre))
    story += [Spacer(1, 8 * MM), Paragraph(escape(context.title), st.title), Spacer(1, 6 * MM)]
    return story


def _body(context: OrderContext, st) -> list:  # noqa: ANN001
    from reportlab.platypus import Paragraph, Spacer

    story = [Paragraph(escape(context.preamble), st.body), Spacer(1, 3 * MM),
             Paragraph("ПРИКАЗЫВАЮ:", st.plain), Spacer(1, 2 * MM)]
    for n, item in enumerate(context.items, start=1):
        story.append(Paragraph(f"{n}. {escape(item)}", st.body))
    return story


def _signature(context: OrderContext, st) -> list:  # noqa: ANN001
    from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

    sign = Table([[Paragraph(escape(context.director_position), st.plain), Paragraph("____________", st.centre),
                   Paragraph(escape(context.director_signature), st.right)]],
                 colWidths=(FRAME_WIDTH * 0.4, FRAME_WIDTH * 0.25, FRAME_WIDTH * 0.35))
    sign.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                              ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                              ("VALIGN", (0, 0), (-1, -1), "BOTTOM")]))
    return [Spacer(1, 14 * MM), sign]


def _grid(extra: list | None = None) -> object:
    from reportlab.lib import colors
    from reportlab.platypus import TableStyle

    return TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                       ("FONTNAME", (0, 0), (-1, -1), FONT),
                       ("LEFTPADDING", (0, 0), (-1, -1), PAD_LEFT), ("RIGHTPADDING", (0, 0), (-1, -1), PAD_RIGHT),
                       ("TOPPADDING", (0, 0), (-1, -1), PAD_TOP), ("BOTTOMPADDING", (0, 0), (-1, -1), PAD_BOTTOM),
                       *(extra or [])])


def _lines(text: str, width: float, *, first: bool = False) -> list[str]:
    """``text`` broken into lines that fit ``width`` points (the surname alone on the first line if ``first``)."""
    from reportlab.lib.utils import simpleSplit

    if first:
        head, _, tail = text.partition(" ")
        return [*_lines(head, width), *_lines(tail, width)]
    if not text:
        return []
    register_fonts()
    from reportlab.pdfbase.pdfmetrics import stringWidth

    out = []
    for line in simpleSplit(text, FONT, SMALL_SIZE, width):
        while stringWidth(line, FONT, SMALL_SIZE) > width:  # a word longer than the cell: hyphenate by force
            cut = len(line) - 1
            while cut > 1 and stringWidth(line[:cut] + "-", FONT, SMALL_SIZE) > width:
                cut -= 1
            out.append(line[:cut] + "-")
            line = line[cut:]
        out.append(line)
    return out


def _cells(row: AppendixRow, widths: list[float], *, amend: bool) -> list[str]:
    """One appendix row as plain pre-broken strings: drawn line by line, no markup to parse or re-wrap.

    Paragraph cells cost ~3 ms each to parse, wrap and draw; 500 pairs are 3,000 cells.
    """
    w = [x - PAD_LEFT - PAD_RIGHT for x in widths]
    mentor = _lines(row.mentor, w[1], first=True) + _lines(f"({row.mentor_position})" if row.mentor_position else "",
                                                           w[1])
    mentees = []
    for n, name in enumerate(row.mentees, start=1):
        mentees += _lines(f"{n}) {name}" if len(row.mentees) > 1 else name, w[2])
    term = row.term.replace(" по ", "\nпо ")
    last = [term, "\n".join(_lines(row.change, w[5]))] if amend else [
        "\n".join(_lines(row.role_model, w[4]) + _lines(row.kind, w[4])), term]
    return [str(row.number), "\n".join(mentor), "\n".join(mentees), "\n".join(_lines(row.form, w[3])), *last]


def _appendix(context: OrderContext) -> list:
    from reportlab.platypus import LongTable, PageBreak, Paragraph, Spacer

    st = styles(table_size=SMALL_SIZE)
    label = f"Приложение<br/>к приказу от {format_date(context.date)} № {escape(context.number)}"
    heading = ("Состав наставнических пар (групп)" if context.kind == "approve"
               else "Изменения в составе наставнических пар (групп)")
    story = [PageBreak(), Paragraph(label, st.right), Spacer(1, 6 * MM), Paragraph(heading, st.title),
             Spacer(1, 4 * MM)]
    amend = context.kind == "amend"
    widths = [w * MM for w in (AMEND_WIDTHS if amend else APPENDIX_WIDTHS)]
    rows: list[list] = [[Paragraph(h, st.cell_bold) for h in (AMEND_HEADERS if amend else APPENDIX_HEADERS)]]
    rows += [_cells(row, widths, amend=amend) for row in context.appendix]
    table = LongTable(rows, colWidths=widths, repeatRows=1, splitByRow=True)
    table.setStyle(_grid([("VALIGN", (0, 0), (-1, 0), "MIDDLE"), ("FONTSIZE", (0, 1), (-1, -1), SMALL_SIZE),
                          ("LEADING", (0, 1), (-1, -1), SMALL_SIZE * 1.15), ("ALIGN", (0, 1), (0, -1), "CENTER")]))
    story.append(table)
    return story


def _acquainted(context: OrderContext) -> list:
    from reportlab.platypus import LongTable, PageBreak, Paragraph, Spacer

    st = styles(table_size=12)
    rows = [[Paragraph(h, st.cell_bold) for h in ("№", "ФИО", "Подпись", "Дата")]]
    for n, name in enumerate(context.acquainted, start=1):
        rows.append([Paragraph(str(n), st.cell_centre), Paragraph(escape(name), st.cell), "", ""])
    widths = [12 * MM, FRAME_WIDTH - 12 * MM - 45 * MM - 30 * MM, 45 * MM, 30 * MM]
    table = LongTable(rows, colWidths=widths, repeatRows=1,
                      rowHeights=[None] + [SIGN_ROW_HEIGHT] * len(context.acquainted))
    table.setStyle(_grid([("VALIGN", (0, 1), (-1, -1), "MIDDLE")]))
    return [PageBreak(), Paragraph("С приказом ознакомлены:", st.plain), Spacer(1, 4 * MM), table]


def build_story(context: OrderContext) -> list:
    """The flowables of the whole order: first sheet, appendix, «ознакомлены» sheet."""
    st = styles()
    story = _header(context, st) + _body(context, st) + _signature(context, st)
    if context.appendix:
        story += _appendix(context)
    if context.acquainted:
        story += _acquainted(context)
    return story


def render_order(*, context: OrderContext, path: Path) -> Path:
    """Write the order to ``path`` (PDF, Liberation Serif embedded) atomically; returns the path."""
    story = build_story(context)
    title = f"Приказ № {context.number} от {format_date(context.date)}"
    return write_atomically(Path(path), lambda tmp: build_pdf(tmp, story, title=title,
                                                              author=context.short_name or context.organization))
