"""«Аналитическая справка» on the satisfaction monitoring of the programme's participants (PDF with charts)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from app.documents.base import FONT, FRAME_WIDTH, MM, SMALL_SIZE, build_pdf, escape, font_drawing, styles
from app.files import write_atomically
from app.survey_analytics import (METHODS, AnalyticsFilter, AnalyticsReport, SatisfactionResult, build_report,
                                  format_number, format_pct, load_data)
from app.text import format_date

DOC_TYPE = "АНАЛИТИЧЕСКАЯ СПРАВКА"
TITLE = "по итогам мониторинга удовлетворённости участников программы наставничества"
COUNTED_STATUSES = ("approved", "working", "finished", "dissolved")  # drafts never worked
MENTEE_COLOUR, MENTOR_COLOUR = (0.31, 0.51, 0.74), (0.85, 0.55, 0.2)
METHOD_SHORT = {"mean": "по среднему баллу", "share7": "по доле оценок 7 баллов и выше"}
PRE_COLOUR, POST_COLOUR = (0.65, 0.65, 0.65), (0.31, 0.51, 0.74)


@dataclass(frozen=True)
class FormCount:
    form: str
    pairs: int
    groups: int
    mentees: int
    meetings: int


@dataclass(frozen=True)
class NoteContext:
    """Everything the note prints, computed for the period."""

    organization: str
    curator: str  # «О.И. Смирнова»
    date: dt.date
    date_from: dt.date
    date_to: dt.date
    title_period: str
    forms: tuple[FormCount, ...]
    meetings: int
    working: int
    working_with_feedback: int
    report: AnalyticsReport
    response_counts: tuple[tuple[str, int], ...]


def note_context(session, *, date_from: dt.date, date_to: dt.date, title_period: str = "",  # noqa: ANN001
                 today: dt.date | None = None) -> NoteContext:
    """Read the school, pairs, meetings and responses of the period."""
    from app.meeting_rules import needs_feedback
    from app.names import initials_last
    from app.services.meetings import list_meetings
    from app.services.pairs import list_groups
    from app.services.school import get_school

    school = get_school(session)
    groups = [g for g in list_groups(session) if g.status in COUNTED_STATUSES
              and (g.start_date is None or g.start_date <= date_to) and (g.end_date is None or g.end_date >= date_from)]
    meetings = [m for m in list_meetings(session) if date_from <= m.date <= date_to]
    per_group = Counter(m.group_id for m in meetings)
    forms: dict[str, list[int]] = {}
    for g in groups:
        line = forms.setdefault(g.form or "форма не указана", [0, 0, 0, 0])
        line[1 if g.is_group else 0] += 1
        line[2] += len(g.mentee_ids)
        line[3] += per_group.get(g.id, 0)
    working = [m for m in meetings if needs_feedback(m.stage)]
    report = build_report(load_data(session), AnalyticsFilter(date_from=date_from, date_to=date_to))
    return NoteContext(
        organization=(school.full_name or school.short_name) if school else "",
        curator=initials_last(school.curator_name) if school and school.curator_name else "",
        date=today or dt.date.today(), date_from=date_from, date_to=date_to, title_period=title_period,
        forms=tuple(FormCount(f, *v) for f, v in sorted(forms.items())), meetings=len(meetings),
        working=len(working), working_with_feedback=sum(1 for m in working if m.feedback_complete),
        report=report, response_counts=tuple((t.title, t.responses) for t in report.templates))


# --- text ------------------------------------------------------------------------------------------------------

def _of(n: int, one: str, many: str) -> str:
    """Genitive after «из N»: «из 1 показателя», «из 5 показателей»."""
    return f"{n} {one if n % 10 == 1 and n % 100 != 11 else many}"


def _share(part: int, whole: int) -> str:
    return format_pct(part / whole * 100) if whole else "нет данных"


def _satisfaction_sentence(who: str, s: SatisfactionResult) -> str:
    if not s.n:
        return (f"Данных об удовлетворённости {who} за период нет: ни итоговые анкеты, ни анкеты обратной связи "
                "с оценкой удовлетворённости не заполнялись.")
    other = "share7" if s.chosen_method == "mean" else "mean"
    other_pct = s.share7_pct if other == "share7" else s.mean_pct
    return (f"Уровень удовлетворённости {who} составил {format_pct(s.chosen_pct)} "
            f"({METHOD_SHORT[s.chosen_method]}, ответов — {s.n}); {METHOD_SHORT[other]} — {format_pct(other_pct)}.")


def conclusions(context: NoteContext) -> list[str]:
    """Generated sentences based on the numbers (decimal comma, «ёлочки»)."""
    r = context.report
    out = [_satisfaction_sentence("наставляемых", r.mentee), _satisfaction_sentence("наставников", r.mentor)]
    for role, who in (("mentee", "наставляемых"), ("mentor", "наставников")):
        lines = [p for p in r.pre_post if p.role == role and p.change is not None]
        if not lines:
            continue
        up = [p for p in lines if p.change > 0]
        down = [p for p in lines if p.change < 0]
        text = f"По {len(up)} из {_of(len(lines), 'показателя', 'показателей')} входной и итоговой анкет {who} средний балл вырос"
        if up:
            best = max(up, key=lambda p: p.change)
            text += f"; наибольший рост — «{best.text.rstrip('?')}» ({format_number(best.change, sign=True)} балла)"
        if down:
            worst = min(down, key=lambda p: p.change)
            text += f"; снижение — «{worst.text.rstrip('?')}» ({format_number(worst.change, sign=True)} балла)"
        out.append(text + ".")
    if context.working:
        text = (f"Обратная связь получена после {context.working_with_feedback} из "
                f"{_of(context.working, 'рабочей встречи', 'рабочих встреч')} "
                f"({_share(context.working_with_feedback, context.working)}).")
        if context.working_with_feedback < context.working:
            text += " Необходимо обеспечить сбор обратной связи после каждой рабочей встречи."
        out.append(text)
    for who, s in (("наставляемых", r.mentee), ("наставников", r.mentor)):
        if s.chosen_pct is not None and s.chosen_pct < 70:
            out.append(f"Уровень удовлетворённости {who} ниже 70 %: рекомендуется обсудить с наставниками "
                       "причины и скорректировать планы работы пар.")
    return out


# --- layout ----------------------------------------------------------------------------------------------------

def _table(rows: list[list], widths: list[float], *, header_rows: int = 1) -> object:
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Table, TableStyle

    st = styles(table_size=SMALL_SIZE + 1)
    cells = [[Paragraph(escape(str(v)), st.cell_bold if i < header_rows else
                        (st.cell if j == 0 or (j == 1 and len(row) > 5) else st.cell_centre))
              for j, v in enumerate(row)] for i, row in enumerate(rows)]
    table = Table(cells, colWidths=[w * MM for w in widths], repeatRows=header_rows)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                               ("FONTNAME", (0, 0), (-1, -1), FONT), ("TOPPADDING", (0, 0), (-1, -1), 2),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]))
    return table


def _bar_chart(categories: list[str], series: list[tuple[str, list[float], tuple]], *, title: str,
               value_label: str, height: float = 62 * MM) -> object:
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.charts.legends import Legend
    from reportlab.graphics.shapes import String
    from reportlab.lib import colors

    drawing = font_drawing(FRAME_WIDTH, height)
    chart = VerticalBarChart()
    chart.x, chart.y = 14 * MM, 14 * MM
    chart.width, chart.height = FRAME_WIDTH - 20 * MM, height - 26 * MM
    chart.data = [values for _, values, _ in series]
    for n, (_, _, colour) in enumerate(series):
        chart.bars[n].fillColor = colors.Color(*colour)
        chart.bars[n].strokeColor = colors.Color(*colour)
    top = max([v for _, values, _ in series for v in values] + [1])
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = top * 1.15 if isinstance(top, float) else max(top + 1, 2)
    if not isinstance(top, float):
        chart.valueAxis.valueStep = max(1, round(top / 5))
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 8
    chart.valueAxis.labelTextFormat = lambda v: format_number(v, 1 if isinstance(top, float) else 0)
    chart.categoryAxis.categoryNames = categories
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 8
    chart.barLabels.fontName = FONT
    chart.barLabels.fontSize = 7
    chart.barLabelFormat = (lambda v: format_number(v, 1)) if isinstance(top, float) else (lambda v: str(int(v)) if v
                                                                                             else "")
    chart.barLabels.nudge = 6
    chart.groupSpacing = 6
    drawing.add(chart)
    drawing.add(String(FRAME_WIDTH / 2, height - 6 * MM, title, fontName=f"{FONT}-Bold", fontSize=10,
                       textAnchor="middle"))
    drawing.add(String(2 * MM, chart.y + chart.height / 2, value_label, fontName=FONT, fontSize=8))
    legend = Legend()
    legend.fontName, legend.fontSize = FONT, 8
    legend.x, legend.y = chart.x, 5 * MM
    legend.alignment, legend.columnMaximum, legend.dx, legend.dy = "right", 1, 8, 8
    legend.colorNamePairs = [(colors.Color(*colour), name) for name, _, colour in series]
    drawing.add(legend)
    return drawing


def _measured(report: AnalyticsReport) -> list[tuple[str, object]]:
    """Pre/post lines with any answers, numbered «1н», «2т» (н — наставляемые, т — наставники)."""
    lines = [p for p in report.pre_post if p.n_pre or p.n_post]
    return [(f"{n}{'н' if p.role == 'mentee' else 'т'}", p) for n, p in enumerate(lines, start=1)]


def _charts(context: NoteContext) -> list:
    from reportlab.platypus import KeepTogether, Spacer

    r, story = context.report, []
    scale = r.mentee.distribution or r.mentor.distribution
    if scale:
        labels = [label for label, _ in scale]
        series = []
        for name, s, colour in (("наставляемые", r.mentee, MENTEE_COLOUR), ("наставники", r.mentor, MENTOR_COLOUR)):
            counts = dict(s.distribution)
            series.append((name, [counts.get(label, 0) for label in labels], colour))
        story += [KeepTogether([_bar_chart(labels, series, title="Рисунок 1. Распределение оценок общей "
                                           "удовлетворённости (число ответивших по баллам)", value_label="чел.")]),
                  Spacer(1, 4 * MM)]
    both = [(label, p) for label, p in _measured(r) if p.mean_pre is not None and p.mean_post is not None]
    if both:
        labels, lines = [label for label, _ in both], [p for _, p in both]
        series = [("входная анкета", [float(p.mean_pre) for p in lines], PRE_COLOUR),
                  ("итоговая анкета", [float(p.mean_post) for p in lines], POST_COLOUR)]
        story.append(KeepTogether([_bar_chart(labels, series, title="Рисунок 2. Средние баллы до и после "
                                              "(номера показателей — по таблице 3)", value_label="балл")]))
    return story


def _signature(context: NoteContext, st) -> list:  # noqa: ANN001
    from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

    sign = Table([[Paragraph("Куратор программы наставничества", st.plain), Paragraph("____________", st.centre),
                   Paragraph(escape(context.curator), st.right)]],
                 colWidths=(FRAME_WIDTH * 0.5, FRAME_WIDTH * 0.2, FRAME_WIDTH * 0.3))
    sign.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                              ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("VALIGN", (0, 0), (-1, -1), "BOTTOM")]))
    return [Spacer(1, 12 * MM), sign]


def build_story(context: NoteContext) -> list:
    from reportlab.platypus import Paragraph, Spacer

    st = styles()
    r = context.report
    period = context.title_period or f"за период с {format_date(context.date_from)} по {format_date(context.date_to)}"
    story = [Paragraph(escape(context.organization), st.centre_bold), Spacer(1, 8 * MM),
             Paragraph(DOC_TYPE, st.doc_type), Spacer(1, 2 * MM), Paragraph(format_date(context.date), st.plain),
             Spacer(1, 6 * MM), Paragraph(escape(TITLE), st.title), Paragraph(escape(period), st.centre),
             Spacer(1, 6 * MM), Paragraph("1. Общие сведения", st.title), Spacer(1, 2 * MM)]
    pairs, groups = sum(f.pairs for f in context.forms), sum(f.groups for f in context.forms)
    story.append(Paragraph(
        f"В период с {format_date(context.date_from)} по {format_date(context.date_to)} в программе наставничества "
        f"работали пар — {pairs}, групп — {groups}. Проведено встреч — {context.meetings}, из них рабочих — "
        f"{context.working}; обратная связь после рабочих встреч получена в "
        f"{_share(context.working_with_feedback, context.working)} случаев.", st.body))
    if context.forms:
        rows = [["Форма наставничества", "Пар", "Групп", "Наставляемых", "Встреч"]]
        rows += [[f.form, f.pairs, f.groups, f.mentees, f.meetings] for f in context.forms]
        story += [Spacer(1, 2 * MM), Paragraph("Таблица 1. Пары и группы по формам наставничества", st.plain),
                  _table(rows, [68, 20, 20, 35, 22])]
    story += [Spacer(1, 5 * MM), Paragraph("2. Результаты анкетирования", st.title), Spacer(1, 2 * MM)]
    answered = ", ".join(f"«{escape(t)}» — {n}" for t, n in context.response_counts) or "ответов нет"
    story.append(Paragraph(f"Получено ответов на анкеты: {answered}.", st.body))
    story.append(Paragraph(f"Уровень удовлетворённости рассчитан двумя способами; для показателей используется "
                           f"расчёт {escape(METHODS[r.method if r.method in METHODS else 'mean'])}.", st.body))
    rows = [["Участники", "Ответов", "По среднему баллу", "Доля оценок ≥ 7", "Для показателей"]]
    for name, s in (("Наставляемые", r.mentee), ("Наставники", r.mentor)):
        rows.append([name, s.n, format_pct(s.mean_pct), format_pct(s.share7_pct), format_pct(s.chosen_pct)])
    story += [Spacer(1, 2 * MM), Paragraph("Таблица 2. Уровень удовлетворённости участников", st.plain),
              _table(rows, [45, 22, 33, 33, 32])]
    for name, s in (("наставляемых", r.mentee), ("наставников", r.mentor)):
        if s.templates:
            used = ", ".join(f"«{escape(t)}»" for t in s.templates)
            story.append(Paragraph(f"Удовлетворённость {name} рассчитана по анкетам: {used}.", st.body))
    measured = _measured(r)
    if measured:
        rows = [["№", "Показатель", "До", "После", "Изменение", "Ответов до / после"]]
        for label, p in measured:
            rows.append([label, p.text, format_number(p.mean_pre, 2),
                         format_number(p.mean_post, 2), format_number(p.change, 2, sign=True) if p.change is not None
                         else "нет данных", f"{p.n_pre} / {p.n_post}"])
        story += [Spacer(1, 4 * MM), Paragraph("3. Входная и итоговая анкеты", st.title), Spacer(1, 2 * MM),
                  Paragraph("Таблица 3. Средние баллы по шкале 1–10 («н» — наставляемые, «т» — наставники)",
                            st.plain), _table(rows, [12, 67, 18, 18, 25, 25])]
    charts = _charts(context)
    if charts:
        story += [Spacer(1, 5 * MM), *charts]
    story += [Spacer(1, 5 * MM), Paragraph("4. Выводы", st.title), Spacer(1, 2 * MM)]
    story += [Paragraph(escape(line), st.body) for line in conclusions(context)]
    return story + _signature(context, st)


def render_analytic_note(session, *, path: Path, date_from: dt.date, date_to: dt.date,  # noqa: ANN001
                         title_period: str = "", today: dt.date | None = None) -> Path:
    """Write the note for the period to ``path`` (PDF, atomically); returns the path."""
    context = note_context(session, date_from=date_from, date_to=date_to, title_period=title_period, today=today)
    story = build_story(context)
    title = f"Аналитическая справка {TITLE} ({format_date(date_from)}–{format_date(date_to)})"
    return write_atomically(Path(path), lambda tmp: build_pdf(tmp, story, title=title, author=context.organization))


__all__ = ["NoteContext", "build_story", "conclusions", "note_context", "render_analytic_note"]
