"""A printable blank questionnaire (A4 portrait): scales to circle, boxes to tick, lines to write on."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.documents.base import FONT, FRAME_WIDTH, MM, build_pdf, escape, styles
from app.files import write_atomically

if TYPE_CHECKING:
    from app.schemas_surveys import Question, TemplateData

BOX = "\u25a1"  # «□» — Liberation Serif has it (U+2610 «☐» is missing)
LINE_HEIGHT = 9 * MM
OPEN_LINES = 3
MAX_SCALE_BOXES = 11  # longer scales are printed as «от … до …» with a line to write the number


def _question_style(st: Any) -> Any:
    from reportlab.lib.styles import ParagraphStyle

    return ParagraphStyle("question", parent=st.plain, fontName=f"{FONT}-Bold", fontSize=12, leading=14.5,
                          spaceBefore=4 * MM, spaceAfter=1.5 * MM, keepWithNext=True)


def _answer_style(st: Any) -> Any:
    from reportlab.lib.styles import ParagraphStyle

    return ParagraphStyle("answer", parent=st.plain, fontSize=12, leading=16, leftIndent=6 * MM)


def _scale(q: Question, st: Any, *, hint: bool) -> list:
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Table, TableStyle

    count = q.max - q.min + 1
    if count > MAX_SCALE_BOXES or count < 2:
        return [Paragraph(f"Число от {q.min} до {q.max}: ____________", _answer_style(st))]
    cell = 11 * MM
    from reportlab.lib.styles import ParagraphStyle

    number = ParagraphStyle("box", parent=st.cell_centre, fontSize=12, leading=14)
    table = Table([[Paragraph(str(n), number) for n in range(q.min, q.max + 1)]], colWidths=[cell] * count, rowHeights=[8 * MM],
                  hAlign="LEFT")
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black), ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("FONTSIZE", (0, 0), (-1, -1), 12), ("ALIGN", (0, 0), (-1, -1), "CENTER"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    wrapper = Table([["", table]], colWidths=[6 * MM, cell * count], hAlign="LEFT")
    wrapper.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                 ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
    if not hint:
        return [wrapper]
    note = Paragraph(f"<font size=10>обведите одно число: {q.min} — самая низкая оценка, "
                     f"{q.max} — самая высокая</font>", _answer_style(st))
    return [wrapper, note]


def _lines(count: int) -> Any:
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    width = FRAME_WIDTH - 6 * MM
    table = Table([[""]] * count, colWidths=[width], rowHeights=[LINE_HEIGHT] * count, hAlign="RIGHT")
    table.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.5, colors.black), ("FONTNAME", (0, 0), (-1, -1), FONT)]))
    return table


def _answers(q: Question, st: Any, *, hint: bool = False) -> list:
    from reportlab.platypus import Paragraph

    answer = _answer_style(st)
    if q.type == "scale":
        return _scale(q, st, hint=hint)
    if q.type == "yesno":
        return [Paragraph(f"{BOX} да&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;{BOX} нет", answer)]
    if q.type == "choice":
        return [Paragraph(f"{BOX} {escape(option)}", answer) for option in q.options]
    return [_lines(OPEN_LINES)]


def _field(label: str, value: str, st: Any) -> Any:
    from reportlab.platypus import Paragraph

    filled = escape(value) if value else "_" * 40
    return Paragraph(f"{label}: {filled}", st.plain)


def _copy_story(template: TemplateData, copy: dict[str, Any]) -> list:
    from reportlab.platypus import CondPageBreak, KeepTogether, Paragraph, Spacer

    st = styles()
    story: list = []
    if copy.get("school_name"):
        story += [Paragraph(escape(copy["school_name"]), st.centre), Spacer(1, 4 * MM)]
    story += [Paragraph(escape(template.title).upper(), st.title), Spacer(1, 5 * MM),
              _field("ФИО", copy.get("respondent", ""), st)]
    if copy.get("pair_label"):
        story.append(_field("Пара (группа)", copy["pair_label"], st))
    story.append(_field("Дата заполнения", copy.get("date_text", ""), st))
    if template.description:
        story += [Spacer(1, 4 * MM), Paragraph(f"<i>{escape(template.description)}</i>", st.body)]
    question_style = _question_style(st)
    first_scale = next((q.key for q in template.questions if q.type == "scale"), None)
    for number, q in enumerate(template.questions, start=1):
        mark = " *" if q.required else ""
        block = [Paragraph(f"{number}. {escape(q.text)}{mark}", question_style),
                 *_answers(q, st, hint=q.key == first_scale)]
        story += [CondPageBreak(30 * MM), KeepTogether(block)]
    if any(q.required for q in template.questions):
        story += [Spacer(1, 4 * MM), Paragraph("<font size=10>* — обязательный вопрос</font>", st.plain)]
    story += [Spacer(1, 6 * MM), Paragraph("Спасибо за ответы!", st.centre)]
    return story


def build_story(template: TemplateData, copies: list[dict[str, Any]]) -> list:
    """One blank per copy (keys: school_name, respondent, pair_label, date_text), each from a new page."""
    from reportlab.platypus import PageBreak

    story: list = []
    for n, copy in enumerate(copies or [{}]):
        if n:
            story.append(PageBreak())
        story += _copy_story(template, copy)
    return story


def render_blanks(*, template: TemplateData, path: Path, copies: list[dict[str, Any]]) -> Path:
    """Several blanks in one PDF (a copy per respondent), written atomically; returns the path."""
    story = build_story(template, copies)
    school = next((c.get("school_name", "") for c in copies if c.get("school_name")), "")
    return write_atomically(Path(path), lambda tmp: build_pdf(tmp, story, title=template.title, author=school))


def render_blank(*, template: TemplateData, path: Path, school_name: str = "", respondent: str = "",
                 pair_label: str = "", date_text: str = "") -> Path:
    """One blank questionnaire; ``respondent`` prefills «ФИО»."""
    return render_blanks(template=template, path=path, copies=[{
        "school_name": school_name, "respondent": respondent, "pair_label": pair_label, "date_text": date_text}])


__all__ = ["BOX", "build_story", "render_blank", "render_blanks"]
