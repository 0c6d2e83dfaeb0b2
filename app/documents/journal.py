"""The printed «Журнал работы наставнической пары (группы)»: facts, meetings, remarks, signatures (A4 landscape)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from app.documents.base import FONT, MM, SMALL_SIZE, build_pdf, escape, register_table_style, styles
from app.files import write_atomically
from app.meeting_rules import needs_feedback
from app.text import fold, format_date

if TYPE_CHECKING:
    from app.schemas import GroupRow
    from app.schemas_meetings import MeetingFact, MeetingRow, PairTimeline

TITLE = "Журнал работы наставнической пары (группы)"
HEADERS = ("№ п/п", "Дата, время", "Тип встречи", "Формат", "Тема", "Итоги и дальнейшие шаги",
           "Присутствовали / отсутствовали", "Обратная связь (наставляемый / наставник)")
WIDTHS = (10, 24, 37, 25, 40, 58, 36, 32)  # mm, 262 in all: the landscape frame between the margins
PAGE_WIDTH, PAGE_HEIGHT = 297 * MM, 210 * MM  # A4 landscape
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 20 * MM, 15 * MM, 18 * MM, 15 * MM
FRAME_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT
PRINTED_STATUSES = ("approved", "working", "finished")
NO_MEETINGS = "Встреч не зафиксировано"
NO_REMARKS = "Замечаний нет"
SIGN_ROW_HEIGHT = 10 * MM


@dataclass(frozen=True)
class JournalSection:
    """One pair/group as printed: the pair, its timeline, meetings (date order) and attendance."""

    group: GroupRow
    timeline: PairTimeline
    meetings: tuple[MeetingRow, ...]
    present: dict[int, tuple[str, ...]]  # meeting id → short names of members who came


@dataclass(frozen=True)
class JournalContext:
    """Everything the journal prints."""

    school_name: str
    curator_name: str
    sections: tuple[JournalSection, ...]


def _present_names(session, meeting_ids: set[int]) -> dict[int, tuple[str, ...]]:  # noqa: ANN001
    from sqlalchemy import select

    from app.text import short_name
    from db.models import MeetingAttendance, Mentee

    names = {r[0]: short_name(*r[1:]) for r in session.execute(select(Mentee.id, Mentee.last_name,
                                                                      Mentee.first_name, Mentee.middle_name))}
    out: dict[int, list[str]] = defaultdict(list)
    query = (select(MeetingAttendance.meeting_id, MeetingAttendance.mentee_id)
             .where(MeetingAttendance.present == True).order_by(MeetingAttendance.id))  # noqa: E712
    for meeting_id, mentee_id in session.execute(query):
        if meeting_id in meeting_ids:
            out[meeting_id].append(names.get(mentee_id, "?"))
    return {k: tuple(v) for k, v in out.items()}


def journal_context(session, *, group_ids: list[int] | None = None,  # noqa: ANN001
                    today: dt.date | None = None) -> JournalContext:
    """Collect the pairs/groups to print (``None`` = all with meetings or approved, working, finished)."""
    from app.errors import Issue, NotFoundError, ValidationError
    from app.services.meetings import list_meetings, pair_timelines
    from app.services.pairs import list_groups
    from app.services.school import get_school

    groups = {g.id: g for g in list_groups(session)}
    meetings: dict[int, list[MeetingRow]] = defaultdict(list)
    for row in list_meetings(session):
        meetings[row.group_id].append(row)
    if group_ids is None:
        chosen = [g for g in groups.values() if g.status in PRINTED_STATUSES or meetings.get(g.id)]
    else:
        missing = [i for i in group_ids if i not in groups]
        if missing:
            raise NotFoundError("Пара или группа не найдена (возможно, удалена)")
        chosen = [groups[i] for i in dict.fromkeys(group_ids)]
    if not chosen:
        raise ValidationError([Issue("нет ни одной утверждённой, работающей или завершённой пары (группы) "
                                     "и ни одной встречи — журнал печатать не о чем", field="Пары")])
    chosen.sort(key=lambda g: (fold(g.mentor_name), g.start_date or dt.date.min, g.id))
    lines = pair_timelines(session, group_ids=[g.id for g in chosen], today=today or dt.date.today())
    ids = {m.id for g in chosen for m in meetings.get(g.id, ())}
    present = _present_names(session, ids)
    sections = []
    for g in chosen:
        mine = sorted(meetings.get(g.id, ()), key=lambda m: (m.date, m.start_time, m.id))
        sections.append(JournalSection(group=g, timeline=lines[g.id], meetings=tuple(mine),
                                       present={m.id: present.get(m.id, ()) for m in mine}))
    school = get_school(session)
    return JournalContext(school_name=(school.short_name or school.full_name) if school else "",
                          curator_name=school.curator_name if school else "", sections=tuple(sections))


def _quoted(text: str) -> str:
    """Straight double quotes as «ёлочки» (inner quotes as „лапки“)."""
    out, level = [], 0
    for n, ch in enumerate(text):
        if ch != '"':
            out.append(ch)
            continue
        opening = n == 0 or text[n - 1].isspace() or text[n - 1] in "(«„[-—"
        if opening:
            out.append("«" if level == 0 else "„")
            level += 1
        else:
            level = max(level - 1, 0)
            out.append("»" if level == 0 else "“")
    return "".join(out)


def _p(text: str, style) -> object:  # noqa: ANN001 - a reportlab style
    from reportlab.platypus import Paragraph

    return Paragraph(escape(_quoted(text)), style)


def _term(g: GroupRow) -> str:
    start, end = format_date(g.start_date), format_date(g.planned_end_date)
    text = f"{start or '…'} – {end or '…'}" if start or end else ""
    if g.end_date and g.end_date != g.planned_end_date:
        text += f" (работа завершена {format_date(g.end_date)})"
    return text.strip()


def _facts_block(section: JournalSection, st) -> list:  # noqa: ANN001 - Styles
    from reportlab.platypus import Paragraph, Spacer

    g = section.group
    mentor = g.mentor_name + (f" ({g.mentor_position})" if g.mentor_position else "")
    mentees = "; ".join(name + (f" ({cls})" if cls else "") for name, cls in zip(g.mentee_names, g.mentee_groups))
    lines = (("Наставник", mentor), ("Наставляемые" if g.is_group else "Наставляемый", mentees),
             ("Форма наставничества", g.form), ("Ролевая модель", g.role_model), ("Срок", _term(g)),
             ("Приказ", g.order_label), ("Текущий этап", section.timeline.stage_text))
    story: list = []
    for label, value in lines:
        value = escape(_quoted(value)) if value else "—"
        story.append(Paragraph(f"<b>{label}:</b> {value}", st.plain))
    return [*story, Spacer(1, 4 * MM)]


def _attendance(section: JournalSection, m: MeetingRow) -> str:
    present = section.present.get(m.id, ())
    if not m.absent_names:
        if len(section.group.mentee_ids) <= 1:
            return "присутствовали"
        return "присутствовали все"
    parts = []
    if present:
        parts.append("присутствовали: " + ", ".join(present))
    parts.append("отсутствовали: " + ", ".join(m.absent_names))
    return "\n".join(parts)


def _feedback(facts: dict[int, MeetingFact], m: MeetingRow) -> str:
    fact = facts.get(m.id)
    mentee = fact.feedback_mentee if fact else m.feedback_mentee
    mentor = fact.feedback_mentor if fact else m.feedback_mentor
    if not (mentee or mentor or needs_feedback(m.stage)):
        return "—"  # not required after this kind of meeting (as in the journal tab)
    text = f"{'да' if mentee else 'нет'} / {'да' if mentor else 'нет'}"
    if m.linked_responses:
        text += f"\n(анкет: {m.linked_responses})"
    return text


def _when(m: MeetingRow) -> str:
    parts = [format_date(m.date)]
    time = m.start_time + (f", {m.duration_min} мин" if m.duration_min else "")
    if time.strip(", "):
        parts.append(time.strip(", "))
    return "\n".join(parts)


def _outcome(m: MeetingRow) -> str:
    parts = [m.outcome.strip()] if m.outcome.strip() else []
    if m.next_steps.strip():
        parts.append("Дальнейшие шаги: " + m.next_steps.strip())
    return "\n".join(parts)


def _meetings_table(section: JournalSection) -> object:
    from reportlab.platypus import LongTable

    from app.schemas_meetings import MEETING_FORMATS

    st = styles(table_size=SMALL_SIZE)
    facts = {f.id: f for f in section.timeline.facts.meetings}
    rows: list[list] = [[_p(h, st.cell_bold) for h in HEADERS]]
    for n, m in enumerate(section.meetings, start=1):
        rows.append([_p(str(n), st.cell_centre), _p(_when(m), st.cell_centre), _p(m.kind, st.cell),
                     _p(MEETING_FORMATS.get(m.format, m.format), st.cell), _p(m.topic, st.cell),
                     _p(_outcome(m), st.cell), _p(_attendance(section, m), st.cell),
                     _p(_feedback(facts, m), st.cell_centre)])
    extra = []
    if not section.meetings:
        rows.append([_p(NO_MEETINGS, st.cell_centre), "", "", "", "", "", "", ""])
        extra = [("SPAN", (0, 1), (-1, 1))]
    table = LongTable(rows, colWidths=[w * MM for w in WIDTHS], repeatRows=1)
    table.setStyle(register_table_style(*extra))
    return table


def _remarks(section: JournalSection, st) -> list:  # noqa: ANN001 - Styles
    from reportlab.platypus import Paragraph, Spacer

    story: list = [Spacer(1, 5 * MM), Paragraph("<b>Замечания</b>", st.plain)]
    warnings = section.timeline.warnings
    if not warnings:
        return [*story, _p(NO_REMARKS, st.plain)]
    for n, w in enumerate(warnings, start=1):
        story.append(_p(f"{n}. {w.message[:1].upper()}{w.message[1:]}.", st.plain))
    return story


def _signatures(section: JournalSection, curator: str, st) -> list:  # noqa: ANN001 - Styles
    from reportlab.platypus import CondPageBreak, Spacer, Table, TableStyle

    from app.names import initials_last

    people = (("Наставник", section.group.mentor_name), ("Куратор", curator))
    rows = [[_p(role, st.plain), _p("____________", st.centre),
             _p(f"/ {initials_last(name) if name else '____________________'} /", st.plain)]
            for role, name in people]
    table = Table(rows, colWidths=(40 * MM, 45 * MM, 90 * MM), rowHeights=[SIGN_ROW_HEIGHT] * len(rows),
                  hAlign="LEFT")
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("VALIGN", (0, 0), (-1, -1), "BOTTOM")]))
    return [CondPageBreak(SIGN_ROW_HEIGHT * 3), Spacer(1, 6 * MM), table]


def build_story(context: JournalContext) -> list:
    """The flowables: one section per pair/group, each starting on a new page."""
    from reportlab.platypus import PageBreak, Paragraph, Spacer

    st = styles()
    story: list = []
    for n, section in enumerate(context.sections):
        if n:
            story.append(PageBreak())
        title = TITLE.replace(" (группы)", "").replace("пары", "группы" if section.group.is_group else "пары")
        if context.school_name:
            story.append(_p(context.school_name, st.centre_bold))
            story.append(Spacer(1, 3 * MM))
        story += [Paragraph(escape(title.upper()), st.title), Spacer(1, 5 * MM), *_facts_block(section, st),
                  _meetings_table(section), *_remarks(section, st),
                  *_signatures(section, context.curator_name, st)]
    return story


def render_journal(session, *, path: Path, group_ids: list[int] | None = None,  # noqa: ANN001
                   today: dt.date | None = None) -> Path:
    """Write the journal of the given pairs/groups (``None`` = all) to ``path`` atomically; returns the path."""
    context = journal_context(session, group_ids=group_ids, today=today)
    story = build_story(context)
    margins = (MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM)
    return write_atomically(Path(path), lambda tmp: build_pdf(tmp, story, title=TITLE, author=context.school_name,
                                                              page=(PAGE_WIDTH, PAGE_HEIGHT), margins=margins))


__all__ = ["HEADERS", "NO_MEETINGS", "NO_REMARKS", "TITLE", "JournalContext", "JournalSection", "build_story",
           "journal_context", "render_journal"]
