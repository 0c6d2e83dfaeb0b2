"""Shared document machinery: the bundled font, the ГОСТ Р 7.0.97-2016 page, styles."""

from __future__ import annotations

from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path


FONT = "LiberationSerif"
FONT_FILES = {
    FONT: "LiberationSerif-Regular.ttf",
    f"{FONT}-Bold": "LiberationSerif-Bold.ttf",
    f"{FONT}-Italic": "LiberationSerif-Italic.ttf",
    f"{FONT}-BoldItalic": "LiberationSerif-BoldItalic.ttf",
}
MM = 72 / 25.4  # points per millimetre
PAGE_WIDTH, PAGE_HEIGHT = 210 * MM, 297 * MM  # A4
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 30 * MM, 15 * MM, 20 * MM, 20 * MM
FRAME_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT
BODY_SIZE, TABLE_SIZE, SMALL_SIZE = 14, 12, 10
INDENT = 12.5 * MM  # first-line indent 1.25 cm
LEADING = 1.2  # line spacing ≈ 1.15–1.5 of the type size

_registered = False
_stack = ExitStack()  # keeps extracted font files alive when the package is zipped


def register_fonts() -> None:
    """Register Liberation Serif (four faces, one family) with reportlab once per process."""
    global _registered
    if _registered:
        return
    from importlib.resources import as_file, files

    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    folder = files("resources") / "fonts"
    for name, filename in FONT_FILES.items():
        path = _stack.enter_context(as_file(folder / filename))
        pdfmetrics.registerFont(TTFont(name, str(path)))
    for bold in (0, 1):
        for italic in (0, 1):
            suffix = {(0, 0): "", (1, 0): "-Bold", (0, 1): "-Italic", (1, 1): "-BoldItalic"}[bold, italic]
            addMapping(FONT, bold, italic, f"{FONT}{suffix}")
    _registered = True


@dataclass(frozen=True)
class Styles:
    """Paragraph styles of a ГОСТ document (reportlab ParagraphStyle objects)."""

    body: object
    plain: object
    centre: object
    centre_bold: object
    right: object
    title: object
    doc_type: object
    cell: object
    cell_bold: object
    cell_centre: object


def styles(*, table_size: float = TABLE_SIZE) -> Styles:
    """The styles: 14 pt body with a 1.25 cm first-line indent, smaller table text."""
    register_fonts()
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    base = ParagraphStyle("gost", fontName=FONT, fontSize=BODY_SIZE, leading=BODY_SIZE * LEADING,
                          alignment=TA_LEFT)
    cell = ParagraphStyle("cell", parent=base, fontSize=table_size, leading=table_size * 1.15)
    return Styles(
        body=ParagraphStyle("body", parent=base, alignment=TA_JUSTIFY, firstLineIndent=INDENT),
        plain=base,
        centre=ParagraphStyle("centre", parent=base, alignment=TA_CENTER),
        centre_bold=ParagraphStyle("centre_bold", parent=base, alignment=TA_CENTER, fontName=f"{FONT}-Bold"),
        right=ParagraphStyle("right", parent=base, alignment=TA_RIGHT),
        title=ParagraphStyle("title", parent=base, alignment=TA_CENTER, fontName=f"{FONT}-Bold"),
        doc_type=ParagraphStyle("doc_type", parent=base, alignment=TA_CENTER, fontName=f"{FONT}-Bold",
                                fontSize=16, leading=20),
        cell=cell,
        cell_bold=ParagraphStyle("cell_bold", parent=cell, fontName=f"{FONT}-Bold", alignment=TA_CENTER),
        cell_centre=ParagraphStyle("cell_centre", parent=cell, alignment=TA_CENTER),
    )


def escape(text: str) -> str:
    """Text safe inside a reportlab Paragraph (its mini-markup); new lines become line breaks."""
    from xml.sax.saxutils import escape as xml_escape

    return xml_escape(text or "").replace("\n", "<br/>")


def _page_number(canvas, doc) -> None:  # noqa: ANN001 - reportlab callback
    """Page number centred in the top margin, from page 2 on (ГОСТ Р 7.0.97-2016, 5.1)."""
    if doc.page < 2:
        return
    width, height = doc.pagesize
    canvas.saveState()
    canvas.setFont(FONT, 12)
    canvas.drawCentredString(width / 2, height - min(12 * MM, doc.topMargin * 0.6), str(doc.page))
    canvas.restoreState()


def build_pdf(path: Path, story: list, *, title: str = "", author: str = "",
              page: tuple[float, float] = (PAGE_WIDTH, PAGE_HEIGHT),
              margins: tuple[float, float, float, float] = (MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM),
              ) -> None:
    """Lay out ``story`` on A4 pages (ГОСТ margins by default; numbered from page 2) into ``path`` (not atomic)."""
    register_fonts()
    from reportlab.platypus import SimpleDocTemplate

    left, right, top, bottom = margins
    doc = SimpleDocTemplate(str(path), pagesize=page, leftMargin=left, rightMargin=right, topMargin=top,
                            bottomMargin=bottom, title=title, author=author, creator="MentorDesk", lang="ru-RU",
                            initialFontName=FONT, initialFontSize=BODY_SIZE)
    doc.build(story, onFirstPage=_page_number, onLaterPages=_page_number)


def font_drawing(width: float, height: float) -> object:
    """A reportlab Drawing whose renderer starts with Liberation Serif, so no unembedded Helvetica is referenced."""
    from reportlab.graphics import shapes

    class FontDrawing(shapes.Drawing):
        def drawOn(self, canvas, x, y, _sW=0):  # noqa: ANN001, ANN202, N802 - reportlab API
            old = shapes.STATE_DEFAULTS["fontName"]
            shapes.STATE_DEFAULTS["fontName"] = FONT
            try:
                return super().drawOn(canvas, x, y, _sW)
            finally:
                shapes.STATE_DEFAULTS["fontName"] = old

    return FontDrawing(width, height)


def register_table_style(*extra: tuple) -> object:
    """The style of a register-like table (journal, roadmap report): a grid, a grey header row, cells to the top."""
    from reportlab.lib import colors
    from reportlab.platypus import TableStyle

    return TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
        ("VALIGN", (0, 1), (-1, -1), "TOP"), ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.92, 0.92, 0.92)),
        ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3), *extra])
