"""The thanks letter (благодарственное письмо) to a partner organisation for its mentors, as a ГОСТ Р 7.0.97 PDF."""

from __future__ import annotations

import dataclasses

import datetime as dt
from pathlib import Path

from app.documents.base import FONT, FRAME_WIDTH, MM, build_pdf, escape, styles
from app.files import write_atomically
from app.schemas_partners import LetterMentor, PartnerLetterContext
from app.text import format_date, plural

HEADERS = ("№ п/п", "Наставник (должность)", "Наставляемых")
WIDTHS = (14 * MM, FRAME_WIDTH - 14 * MM - 40 * MM, 40 * MM)


def letter_context(session, *, partner_id: int, academic_year: str | None = None,  # noqa: ANN001 - Session
                   date: dt.date | None = None, today: dt.date | None = None) -> PartnerLetterContext:
    """What the letter to ``partner_id`` prints for ``academic_year`` (default: the year of ``date``)."""
    from app.names import initials_last
    from app.periods import academic_year_of, parse_period
    from app.services.partners import get_partner, mentees_by_mentor, mentors_of
    from app.services.school import get_school

    today = today or dt.date.today()
    date = date or today
    year = parse_period(academic_year).code if academic_year else academic_year_of(date).code
    partner = get_partner(session, partner_id=partner_id, today=today)
    mentors = mentors_of(session, partner_id=partner_id, academic_year=year, today=today)
    worked = [m for m in mentors if m.mentees]
    per_mentor = mentees_by_mentor(session, mentor_ids=[m.id for m in worked], academic_year=year, today=today)
    total = len(set().union(*per_mentor.values())) if per_mentor else 0
    school = get_school(session)
    return PartnerLetterContext(
        organization=school.full_name if school else "", short_name=school.short_name if school else "",
        place=school.municipality if school else "", partner=partner.name, contact_person=partner.contact_person,
        agreement_number=partner.agreement_number, agreement_date=partner.agreement_date, academic_year=year,
        date=date, mentors=tuple(LetterMentor(m.name, m.position, m.mentees) for m in worked), mentees_total=total,
        director_position=((school.director_position if school else "") or "Директор"),
        director_signature=initials_last(school.director_name) if school else "")


def mentees_text(n: int) -> str:
    """3 → «3 наставляемых», 1 → «1 наставляемый»."""
    return f"{n} {plural(n, 'наставляемый', 'наставляемых', 'наставляемых')}"


def _agreement(context: PartnerLetterContext) -> str:
    parts = [p for p in (f"от {format_date(context.agreement_date)}" if context.agreement_date else "",
                         f"№ {context.agreement_number}" if context.agreement_number else "") if p]
    return f" в рамках договора о сотрудничестве {' '.join(parts)}" if parts else ""


def has_agreement(context: PartnerLetterContext) -> bool:
    return bool(context.agreement_number or context.agreement_date)


def letter_warning(context: PartnerLetterContext) -> str:
    """Why a letter makes little sense (no mentors worked in the year and no agreement); "" when it is fine."""
    if context.mentees_total or has_agreement(context):
        return ""
    return (f"В {context.academic_year} учебном году наставники организации {context.partner} не работали "
            "с наставляемыми, и договор о сотрудничестве с ней не записан.\n\n"
            "Благодарить её не за что конкретно: письмо получится лишь с общими словами о сотрудничестве, "
            "без наставников и без договора. Всё равно подготовить письмо?")


def paragraphs(context: PartnerLetterContext) -> list[str]:
    """The letter's text (plain), paragraph by paragraph; the mentor table goes after the second one.

    Without mentors who worked in the year the letter thanks for the cooperation only (under the agreement,
    when there is one) and says nothing about mentors.
    """
    school = context.short_name or context.organization or "образовательной организации"
    year = context.academic_year
    if not context.mentees_total:
        first = (f"Администрация {school} выражает благодарность коллективу {context.partner} "
                 f"за сотрудничество в реализации программы наставничества в {year} учебном году"
                 f"{_agreement(context)}.")
        closing = "Надеемся на дальнейшее плодотворное сотрудничество."
        return [keep_short_names(p, school, context.partner) for p in (first, closing)]
    first = (f"Администрация {school} выражает искреннюю благодарность коллективу {context.partner} "
             f"за сотрудничество в реализации программы наставничества в {year} учебном году{_agreement(context)} "
             "и за предоставление наставников из числа своих сотрудников.")
    second = (f"В {year} учебном году наставники организации сопровождали "
              f"{mentees_text(context.mentees_total)}:")
    closing = ("Благодарим наставников за профессионализм, внимание к каждому наставляемому, готовность "
               "делиться опытом и знаниями. Надеемся на дальнейшее плодотворное сотрудничество.")
    return [keep_short_names(p, school, context.partner) for p in (first, second, closing)]


def _header(context: PartnerLetterContext, st) -> list:  # noqa: ANN001 - Styles
    from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

    story = [Paragraph(escape(context.organization or context.short_name), st.centre_bold)]
    if context.place:
        story.append(Paragraph(escape(context.place), st.centre))
    # the organisation as a heading line (no nominative addressee: the greeting below addresses the person)
    addressee = [Paragraph(escape(context.partner), st.plain)]
    line = Table([[Paragraph(format_date(context.date), st.plain), addressee]],
                 colWidths=(FRAME_WIDTH * 0.45, FRAME_WIDTH * 0.55))
    line.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                              ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story += [Spacer(1, 10 * MM), line, Spacer(1, 12 * MM), Paragraph("БЛАГОДАРСТВЕННОЕ ПИСЬМО", st.doc_type),
              Spacer(1, 6 * MM), Paragraph(escape(partner_greeting(context)), st.centre_bold), Spacer(1, 5 * MM)]
    return story


def partner_greeting(context: PartnerLetterContext) -> str:
    """«Уважаемая Марина Викторовна!» to the contact person (gender by the patronymic; «Уважаемая Марина
    Орлова!» without one); «Уважаемые коллеги!» when the organisation has no contact person."""
    from app.documents.certificates import greeting

    person = (context.contact_person or "").split(",")[0].strip()
    if len(person.split()) < 2 or not all(w[:1].isupper() for w in person.split()[:2]):
        return "Уважаемые коллеги!"  # no contact person, or a department rather than a name
    return greeting(person)


def keep_short_names(text: str, *names: str) -> str:
    """«МБОУ СОШ № 3» and other short names never stretched or broken by justification (non-breaking spaces)."""
    text = text.replace("№ ", "№\u00a0")
    for name in names:
        if name and len(name) <= 30:
            text = text.replace(name.replace("№ ", "№\u00a0"), name.replace(" ", "\u00a0"))
    return text


def _mentor_table(context: PartnerLetterContext) -> object:
    from reportlab.lib import colors
    from reportlab.platypus import LongTable, Paragraph, TableStyle

    st = styles()
    rows: list[list] = [[Paragraph(h, st.cell_bold) for h in HEADERS]]
    for n, m in enumerate(context.mentors, start=1):
        who = f"{m.name} ({m.position})" if m.position else m.name
        rows.append([Paragraph(str(n), st.cell_centre), Paragraph(escape(who), st.cell),
                     Paragraph(str(m.mentees) if m.mentees else "—", st.cell_centre)])
    table = LongTable(rows, colWidths=WIDTHS, repeatRows=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("VALIGN", (0, 0), (-1, 0), "MIDDLE"), ("FONTNAME", (0, 0), (-1, -1), FONT),
                               ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]))
    return table


def _signature(context: PartnerLetterContext, st) -> list:  # noqa: ANN001
    from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle

    sign = Table([[Paragraph(escape(context.director_position), st.plain), Paragraph("____________", st.centre),
                   Paragraph(escape(context.director_signature), st.right)]],
                 colWidths=(FRAME_WIDTH * 0.4, FRAME_WIDTH * 0.25, FRAME_WIDTH * 0.35))
    sign.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                              ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("VALIGN", (0, 0), (-1, -1), "BOTTOM")]))
    return [KeepTogether([Spacer(1, 16 * MM), sign])]


def build_story(context: PartnerLetterContext) -> list:
    """The flowables of the letter: letterhead, date and addressee, title, text, mentors, signature."""
    from reportlab.platypus import Paragraph, Spacer

    from reportlab.lib.enums import TA_LEFT
    from reportlab.lib.styles import ParagraphStyle

    st = styles()
    # left-aligned: a justified short line stretches «МБОУ СОШ № 3» with wide gaps (ReportLab stretches even
    # non-breaking spaces)
    st = dataclasses.replace(st, body=ParagraphStyle("letter_body", parent=st.body, alignment=TA_LEFT))
    texts = paragraphs(context)
    story = _header(context, st)
    story.append(Paragraph(escape(texts[0]), st.body))
    if len(texts) == 3:
        story += [Paragraph(escape(texts[1]), st.body), Spacer(1, 3 * MM), _mentor_table(context),
                  Spacer(1, 3 * MM)]
    story.append(Paragraph(escape(texts[-1]), st.body))
    return story + _signature(context, st)


def render_partner_letter(*, context: PartnerLetterContext, path: Path) -> Path:
    """Write the letter to ``path`` (PDF, Liberation Serif embedded) atomically; returns the path."""
    story = build_story(context)
    title = f"Благодарственное письмо — {context.partner}"
    return write_atomically(Path(path), lambda tmp: build_pdf(tmp, story, title=title,
                                                              author=context.short_name or context.organization))


def partner_letter_pdf(session, *, partner_id: int, path: Path, academic_year: str | None = None,  # noqa: ANN001
                       date: dt.date | None = None, today: dt.date | None = None) -> Path:
    """Build the context from the database and render the letter to ``path``."""
    context = letter_context(session, partner_id=partner_id, academic_year=academic_year, date=date, today=today)
    return render_partner_letter(context=context, path=path)
