"""The individual development plan (ИПР) of each mentee of a pair/group, as a PDF (a page per mentee)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from app.documents.base import FONT, FRAME_WIDTH, MM, SMALL_SIZE, build_pdf, escape, styles
from app.files import write_atomically
from app.text import format_date

if TYPE_CHECKING:
    from app.services.plans import PlanContext, PlanItemData, PlanMentee

TITLE = "Индивидуальный план развития наставляемого"
HEADERS = ("№", "Цель", "Задача / мероприятие", "Срок", "Отметка о выполнении", "Результат")
WIDTHS = (9, 33, 45, 22, 26, 30)  # mm, 165 in all: the frame between the 30 mm and 15 mm margins
BLANK_ROWS = 3  # an empty plan still prints lines to fill in by hand
SIGN_ROW_HEIGHT = 10 * MM


def _signature_name(name: str) -> str:
    from app.services.orders import initials_last

    return initials_last(name) if name else ""


def _mark(item: PlanItemData) -> str:
    from app.services.plans import PLAN_STATUSES

    label = PLAN_STATUSES.get(item.status, item.status)
    if item.status == "done" and item.done_date:
        return f"{label} {format_date(item.done_date)}"
    return label


def _info(context: PlanContext, mentee: PlanMentee, st) -> list:  # noqa: ANN001 - Styles
    from reportlab.platypus import Paragraph, Spacer

    mentor = context.mentor_name + (f" ({context.mentor_position})" if context.mentor_position else "")
    who = mentee.name + (f" ({mentee.group_name})" if mentee.group_name else "")
    lines = [("Наставляемый", who), ("Наставник", mentor), ("Форма наставничества", context.form),
             ("Ролевая модель", context.role_model), ("Срок реализации", context.term)]
    story = [Paragraph(escape(context.short_name), st.centre_bold), Spacer(1, 8 * MM),
             Paragraph(TITLE.upper(), st.title),
             Paragraph(f"на {escape(context.academic_year)} учебный год", st.centre), Spacer(1, 6 * MM)]
    for label, value in lines:
        if value or label in ("Наставляемый", "Наставник"):
            story.append(Paragraph(f"<b>{label}:</b> {escape(value) or '____________'}", st.plain))
    return [*story, Spacer(1, 5 * MM)]


def _table(mentee: PlanMentee) -> object:
    from reportlab.lib import colors
    from reportlab.platypus import LongTable, Paragraph, TableStyle

    st = styles(table_size=SMALL_SIZE)
    rows: list[list] = [[Paragraph(h, st.cell_bold) for h in HEADERS]]
    for n, item in enumerate(mentee.items, start=1):
        rows.append([Paragraph(str(n), st.cell_centre), Paragraph(escape(item.goal), st.cell),
                     Paragraph(escape(item.task), st.cell), Paragraph(format_date(item.deadline), st.cell_centre),
                     Paragraph(escape(_mark(item)), st.cell_centre), Paragraph(escape(item.result), st.cell)])
    heights: list[float | None] = [None] * len(rows)
    if not mentee.items:
        rows += [[str(n), "", "", "", "", ""] for n in range(1, BLANK_ROWS + 1)]
        heights += [SIGN_ROW_HEIGHT * 1.5] * BLANK_ROWS
    table = LongTable(rows, colWidths=[w * MM for w in WIDTHS], repeatRows=1, rowHeights=heights)
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
        ("VALIGN", (0, 1), (-1, -1), "TOP"), ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("FONTSIZE", (0, 0), (-1, -1), SMALL_SIZE), ("ALIGN", (0, 1), (0, -1), "CENTER"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]))
    return table


def _signatures(context: PlanContext, mentee: PlanMentee, st) -> list:  # noqa: ANN001 - Styles
    from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

    people = (("Наставник", context.mentor_name), ("Наставляемый", mentee.name), ("Куратор", context.curator_name))
    rows = [[Paragraph(role, st.plain), Paragraph("____________", st.centre),
             Paragraph(escape(_signature_name(name)) or "____________________", st.plain)] for role, name in people]
    table = Table(rows, colWidths=(FRAME_WIDTH * 0.3, FRAME_WIDTH * 0.3, FRAME_WIDTH * 0.4),
                  rowHeights=[SIGN_ROW_HEIGHT] * len(rows))
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("VALIGN", (0, 0), (-1, -1), "BOTTOM")]))
    return [Spacer(1, 10 * MM), table]


def build_story(context: PlanContext) -> list:
    """The flowables: one plan per mentee, each starting on a new page."""
    from reportlab.platypus import PageBreak

    st = styles()
    story: list = []
    for n, mentee in enumerate(context.mentees):
        if n:
            story.append(PageBreak())
        story += [*_info(context, mentee, st), _table(mentee), *_signatures(context, mentee, st)]
    return story


def render_plan(*, context: PlanContext, path: Path) -> Path:
    """Write the plan to ``path`` (PDF, Liberation Serif embedded) atomically; returns the path."""
    story = build_story(context)
    names = ", ".join(m.name for m in context.mentees)
    return write_atomically(Path(path), lambda tmp: build_pdf(tmp, story, title=f"{TITLE}: {names}",
                                                              author=context.short_name))


__all__ = ["HEADERS", "TITLE", "build_story", "render_plan"]
