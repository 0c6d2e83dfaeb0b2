"""«Благодарственное письмо» to a mentor and «Сертификат участника программы наставничества» for a pair: one A4 page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from app.documents.base import FONT, MM, PAGE_HEIGHT, PAGE_WIDTH, build_pdf, escape, styles
from app.errors import NotFoundError
from app.files import write_atomically
from app.names import initials_last
from app.periods import academic_year_of, parse_period
from app.text import clean, format_date, plural

MARGIN = 15 * MM
MAX_RESULTS_CHARS = 700
MAX_MENTEES = 10
BORDER_COLOR = "#7a5c1e"


@dataclass(frozen=True)
class CertificateContext:
    """Everything one certificate or letter prints."""

    kind: str  # mentor_letter | pair_certificate
    organization: str
    municipality: str
    short_name: str
    year_title: str  # «2026/2027 учебный год»
    year_phrase: str  # «в 2026/2027 учебном году»
    mentor_name: str
    mentee_names: tuple[str, ...] = ()
    form: str = ""
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    finished: bool = False
    groups: int = 0
    mentees: int = 0
    meetings: int = 0
    results: str = ""
    director_position: str = "Директор"
    director_signature: str = ""
    date: dt.date | None = None
    pairs: int = 0  # of ``groups``: those with one mentee
    students_only: bool = False  # every mentee is a pupil («обучающийся»)

    @property
    def title(self) -> str:
        if self.kind == "mentor_letter":
            return f"Благодарственное письмо — {self.mentor_name}"
        return f"Сертификат пары — {self.mentor_name}"


def greeting(name: str) -> str:
    """«Уважаемая Светлана Викторовна!» from «Ёлкина Светлана Викторовна» (gender by the patronymic)."""
    parts = clean(name.split(",")[0]).split(" ")
    if len(parts) < 2:
        return "Уважаемый коллега!"
    if len(parts) >= 4 and parts[-1].lower() in ("кызы", "оглы", "улы", "гызы"):  # «Мамедов Эльчин Рашид оглы»
        first, middle, family = parts[1], " ".join(parts[2:]), ""
    elif len(parts) >= 3 and parts[-1].lower().endswith(("ич", "вна", "чна")):  # -ович, Ильич; -овна, Ильинична
        first, middle, family = parts[-2], parts[-1], ""
    else:  # no patronymic: «Марина Орлова»
        first, middle, family = parts[1], "", parts[0]
    low = middle.lower()
    female = low.endswith(("на", "кызы", "гызы")) if middle else first.endswith(("а", "я"))
    words = (first, middle) if middle else (first, family)
    return f"{'Уважаемая' if female else 'Уважаемый'} {' '.join(words)}!"


def lower_first(text: str) -> str:
    """«Подготовлен доклад» → «подготовлен доклад»; abbreviations («ОГЭ сдан») stay as they are."""
    text = clean(text)
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def results_phrase(texts: list[str] | tuple[str, ...]) -> str:
    """Results (one per line) as the clause after «Результаты:»: in lower case, joined by «; »."""
    lines = [clean(line).rstrip(";.") for text in texts for line in (text or "").splitlines() if clean(line)]
    return "; ".join(lower_first(line) for line in lines)


def work_sentence(ctx: CertificateContext) -> str:
    """«В 2026/2027 учебном году Вы были наставником 1 обучающегося (1 наставническая пара), провели 6 встреч.»"""
    n = ctx.mentees
    noun = (plural(n, "обучающегося", "обучающихся", "обучающихся") if ctx.students_only
            else plural(n, "наставляемого", "наставляемых", "наставляемых"))
    units = []
    if ctx.pairs:
        units.append(f"{ctx.pairs} {plural(ctx.pairs, 'наставническая пара', 'наставнические пары', 'наставнических пар')}")
    groups = ctx.groups - ctx.pairs
    if groups > 0:
        word = plural(groups, "группа", "группы", "групп") if ctx.pairs else plural(
            groups, "наставническая группа", "наставнические группы", "наставнических групп")
        units.append(f"{groups} {word}")
    text = f"{ctx.year_phrase[:1].upper()}{ctx.year_phrase[1:]} Вы были наставником {n} {noun}"
    if units:
        text += f" ({' и '.join(units)})"
    if ctx.meetings:
        text += f", провели {ctx.meetings} {plural(ctx.meetings, 'встречу', 'встречи', 'встреч')}"
    return text + "."


def meetings_sentence(n: int) -> str:
    """«Проведена 1 встреча», «Проведены 2 встречи», «Проведено 6 встреч»."""
    verb = plural(n, "Проведена", "Проведены", "Проведено")
    return f"{verb} {n} {plural(n, 'встреча', 'встречи', 'встреч')}."


def _short(text: str, limit: int) -> str:
    text = clean(text.replace("\n", "; "))
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0].rstrip(",;") + "…"


def _school(session) -> tuple[str, str, str, str, str]:  # noqa: ANN001
    from app.services.school import get_school

    school = get_school(session)
    if school is None:
        return "", "", "", "Директор", ""
    return (school.full_name or school.short_name, school.municipality, school.short_name,
            school.director_position or "Директор", initials_last(school.director_name))


def mentor_letter_context(session, *, mentor_id: int, year: str, today: dt.date | None = None,  # noqa: ANN001
                          ) -> CertificateContext:
    """The letter to a mentor for the academic ``year`` («2026/2027»), from the «Наставник года» data."""
    from app.nominations import build_nominations
    from app.text import full_name
    from db.models import Mentor

    mentor = session.get(Mentor, mentor_id)
    if mentor is None:
        raise NotFoundError("Наставник не найден")
    today = today or dt.date.today()
    period = parse_period(year)
    report = build_nominations(session, year=period, today=today)
    row = next((c for c in report.mentors if c.mentor_id == mentor_id), None)
    org, municipality, short, position, signature = _school(session)
    results = results_phrase(row.results) if row else ""
    own = [p for p in report.pairs if p.mentor_id == mentor_id]
    return CertificateContext(
        "mentor_letter", org, municipality, short, period.title, f"в {period.start.year}/{period.end.year} учебном году",
        full_name(mentor.last_name, mentor.first_name, mentor.middle_name), groups=row.groups if row else 0,
        mentees=row.mentees if row else 0, meetings=row.meetings if row else 0,
        results=_short(results, MAX_RESULTS_CHARS), director_position=position, director_signature=signature,
        date=today, pairs=sum(1 for p in own if len(p.mentee_names) == 1),
        students_only=_students_only(session, [p.group_id for p in own]))


def _students_only(session, group_ids: list[int]) -> bool:  # noqa: ANN001
    """Every mentee of these pairs is a pupil (their category says so)."""
    from sqlalchemy import select

    from app.matching import mentee_kind
    from db.models import GroupMember, Mentee

    if not group_ids:
        return False
    categories = session.execute(select(Mentee.category).join(GroupMember, GroupMember.mentee_id == Mentee.id)
                                 .where(GroupMember.group_id.in_(group_ids))).scalars().all()
    return bool(categories) and all(mentee_kind(c) == "student" for c in categories)


def pair_certificate_context(session, *, group_id: int, today: dt.date | None = None,  # noqa: ANN001
                             ) -> CertificateContext:
    """The certificate of a pair/group (mentor and mentees) for the academic year it ended (or works) in."""
    from sqlalchemy import func, select

    from app.services.pairs import list_groups
    from db.models import Meeting

    row = next((g for g in list_groups(session) if g.id == group_id), None)
    if row is None or row.status in ("draft", "dissolved"):
        raise NotFoundError("Сертификат выдаётся утверждённой, работающей или завершённой паре")
    from db.models import MentoringGroup

    group = session.get(MentoringGroup, group_id)
    today = today or dt.date.today()
    period = academic_year_of(row.end_date or today)
    meetings = session.execute(select(func.count(Meeting.id)).where(Meeting.group_id == group_id)).scalar_one()
    names = tuple(f"{n} ({g})" if g else n for n, g in zip(row.mentee_names, row.mentee_groups))
    org, municipality, short, position, signature = _school(session)
    return CertificateContext(
        "pair_certificate", org, municipality, short, period.title, f"в {period.start.year}/{period.end.year} учебном году",
        row.mentor_name, names, row.form, row.start_date, row.end_date, row.status == "finished", 1,
        len(row.mentee_ids), meetings,
        _short(results_phrase([group.results]) if row.status == "finished" else "", MAX_RESULTS_CHARS),
        position, signature, today, pairs=1 if len(row.mentee_ids) == 1 else 0)


def _paragraphs(ctx: CertificateContext, st) -> list:  # noqa: ANN001 - Styles
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, Spacer

    big = ParagraphStyle("big", parent=st.title, fontSize=30, leading=36, textColor=BORDER_COLOR)
    sub = ParagraphStyle("sub", parent=st.title, fontSize=17, leading=21)
    name = ParagraphStyle("name", parent=st.title, fontSize=20, leading=25)
    body = ParagraphStyle("cbody", parent=st.body, fontSize=15, leading=21)
    out = []
    if ctx.municipality:
        out.append(Paragraph(escape(ctx.municipality), st.centre))
    out += [Paragraph(escape(ctx.organization or "Образовательная организация"), st.centre_bold),
            Spacer(1, 22 * MM)]
    if ctx.kind == "mentor_letter":
        out += [Paragraph("БЛАГОДАРСТВЕННОЕ ПИСЬМО", big), Spacer(1, 14 * MM),
                Paragraph(escape(ctx.mentor_name), name), Spacer(1, 8 * MM),
                Paragraph(escape(greeting(ctx.mentor_name)), sub), Spacer(1, 6 * MM),
                Paragraph(f"Администрация {escape(ctx.short_name or 'образовательной организации')} выражает "
                          f"Вам искреннюю благодарность за добросовестный труд наставника в программе "
                          f"наставничества{'' if ctx.mentees else ' ' + escape(ctx.year_phrase)}.", body)]
        if ctx.mentees:
            out.append(Paragraph(escape(work_sentence(ctx)), body))
        if ctx.results:
            out.append(Paragraph(f"Результаты: {escape(ctx.results)}.", body))
        out.append(Paragraph("Желаем Вам дальнейших профессиональных успехов, вдохновения и благодарных "
                             "учеников!", body))
    else:
        out += [Paragraph("СЕРТИФИКАТ", big), Paragraph("участника программы наставничества", sub),
                Spacer(1, 12 * MM), Paragraph("Настоящий сертификат подтверждает, что", st.centre),
                Spacer(1, 5 * MM), Paragraph("наставник", st.centre), Paragraph(escape(ctx.mentor_name), name),
                Spacer(1, 4 * MM), Paragraph("наставляемый" if len(ctx.mentee_names) == 1 else "наставляемые",
                                             st.centre)]
        shown = ctx.mentee_names[:MAX_MENTEES]
        more = len(ctx.mentee_names) - len(shown)
        mentee_style = name if len(shown) <= 3 else ParagraphStyle("names", parent=name, fontSize=15, leading=19)
        out += [Paragraph(escape(n), mentee_style) for n in shown]
        if more > 0:
            out.append(Paragraph(f"и ещё {more}", st.centre))
        form = f" (форма «{escape(ctx.form)}»)" if ctx.form else ""
        body = ParagraphStyle("cbody_centre", parent=body, alignment=1, firstLineIndent=0)  # centred
        verb = "успешно завершили программу" if ctx.finished else "участвуют в программе"
        span = ""
        if ctx.start_date:
            span = f" с {format_date(ctx.start_date)}" + (f" по {format_date(ctx.end_date)}" if ctx.end_date else "")
        out += [Spacer(1, 8 * MM),
                Paragraph(f"{verb} наставничества{form} {escape(ctx.year_phrase)}{span}.", body)]
        if ctx.meetings:
            out.append(Paragraph(meetings_sentence(ctx.meetings), body))
        if ctx.results:
            out.append(Paragraph(f"Результаты: {escape(ctx.results)}.", body))
    return out


def _signature(ctx: CertificateContext, st, width: float) -> list:  # noqa: ANN001
    from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

    sign = Table([[Paragraph(escape(ctx.director_position), st.plain), Paragraph("____________", st.centre),
                   Paragraph(escape(ctx.director_signature), st.right)],
                  [Paragraph(format_date(ctx.date), st.plain), Paragraph("М.П.", st.centre), ""]],
                 colWidths=(width * 0.4, width * 0.25, width * 0.35))
    sign.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                              ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                              ("TOPPADDING", (0, 1), (-1, 1), 6 * MM)]))
    return [Spacer(1, 6 * MM), sign]


def build_story(ctx: CertificateContext) -> list:
    """One page: a double frame holding the text (top) and the signature (bottom)."""
    from reportlab.platypus import Table, TableStyle

    st = styles()
    outer_w, outer_h = PAGE_WIDTH - 2 * MARGIN - 12, PAGE_HEIGHT - 2 * MARGIN - 13  # the frame pads 6 pt
    pad = 4 * MM
    inner_w, inner_h = outer_w - 2 * pad, outer_h - 2 * pad
    text_w = inner_w - 2 * 12 * MM
    content = Table([[_paragraphs(ctx, st)], [_signature(ctx, st, text_w)]], colWidths=[text_w],
                    rowHeights=[inner_h - 2 * 14 * MM - 30 * MM, 30 * MM])
    content.setStyle(TableStyle([("VALIGN", (0, 0), (-1, 0), "TOP"), ("VALIGN", (0, 1), (-1, 1), "BOTTOM"),
                                 ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    inner = Table([[content]], colWidths=[inner_w], rowHeights=[inner_h])
    inner.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.8, BORDER_COLOR), ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                               ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    outer = Table([[inner]], colWidths=[outer_w], rowHeights=[outer_h])
    outer.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 3, BORDER_COLOR), ("LEFTPADDING", (0, 0), (-1, -1), pad),
                               ("RIGHTPADDING", (0, 0), (-1, -1), pad), ("TOPPADDING", (0, 0), (-1, -1), pad),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), pad)]))
    return [outer]


def write_certificate(ctx: CertificateContext, *, path: Path) -> Path:
    """Write the letter/certificate PDF atomically; returns ``path``."""
    story = build_story(ctx)
    return write_atomically(Path(path), lambda tmp: build_pdf(tmp, story, title=ctx.title, author=ctx.organization,
                                                              margins=(MARGIN, MARGIN, MARGIN, MARGIN)))


__all__ = ["CertificateContext", "build_story", "greeting", "lower_first", "meetings_sentence", "mentor_letter_context",
           "pair_certificate_context", "results_phrase", "work_sentence", "write_certificate"]
