"""«Информационная справка о реализации целевой модели наставничества» of the municipality for a quarter (PDF)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from app.documents.base import FONT, FRAME_WIDTH, MM, SMALL_SIZE, build_pdf, escape, font_drawing, styles
from app.files import write_atomically
from app.municipality.consolidate import (AWAITING, LATE, OVERDUE, SUBMITTED, SchoolStatus, TotalValue, deadline_of,
                                          municipal_totals, short_title, status_matrix, trend)
from app.periods import ROMAN, Period, parse_period
from app.survey_analytics import format_number, format_pct
from app.text import format_date, plural

DOC_TYPE = "ИНФОРМАЦИОННАЯ СПРАВКА"
TREND_QUARTERS = 8
MAIN_CODE = "students_involved"  # national target ≥ 70 %
TARGET = 70.0
BAR_COLOUR = (0.31, 0.51, 0.74)
LINE_COLOURS = ((0.31, 0.51, 0.74), (0.85, 0.55, 0.2), (0.35, 0.6, 0.35), (0.6, 0.3, 0.55), (0.5, 0.5, 0.5),
                (0.75, 0.3, 0.3), (0.2, 0.6, 0.65), (0.55, 0.45, 0.2))


@dataclass(frozen=True)
class MunicipalNote:
    """Everything the справка prints, computed for the quarter."""

    municipality: str
    region: str
    specialist: str
    date: dt.date
    period: Period
    deadline: dt.date | None
    statuses: tuple[SchoolStatus, ...]
    totals: tuple[TotalValue, ...]
    trend: dict  # code → [(period code, percent)]
    trend_periods: tuple[str, ...]


def _of(n: int) -> str:
    return f"{n} {plural(n, 'организации', 'организаций', 'организаций')}"


def quarter_label(code: str) -> str:
    p = parse_period(code)
    return f"{ROMAN[(p.start.month - 1) // 3 + 1]} кв. {p.start.year}"


def _trend_periods(session, period: Period) -> list[Period]:  # noqa: ANN001
    """Up to 8 quarters ending with ``period`` that have any package."""
    from sqlalchemy import select

    from db.models_municipality import ReceivedPackage

    codes = {c for c in session.execute(select(ReceivedPackage.period).distinct()).scalars()
             if c.count("-Q") == 1 and c <= period.code}
    return [parse_period(c) for c in sorted(codes | {period.code})[-TREND_QUARTERS:]]


def note_context(session, *, period: Period, today: dt.date | None = None,  # noqa: ANN001
                 statuses: list[SchoolStatus] | None = None,
                 cache: dict[str, list[TotalValue]] | None = None) -> MunicipalNote:
    """The note's data; ``statuses`` and ``cache`` (totals by period code) reuse what a caller already has."""
    from sqlalchemy import select

    from db.models_municipality import MunicipalityProfile

    profile = session.execute(select(MunicipalityProfile).limit(1)).scalar_one_or_none()
    today = today or dt.date.today()
    if statuses is None:
        statuses = status_matrix(session, period=period, today=today)
    cache = {} if cache is None else cache
    if period.code not in cache:
        cache[period.code] = municipal_totals(session, period=period)
    periods = _trend_periods(session, period)
    return MunicipalNote(
        municipality=profile.name if profile else "", region=profile.region if profile else "",
        specialist=profile.specialist if profile else "", date=today, period=period,
        deadline=deadline_of(session, period=period), statuses=tuple(statuses),
        totals=tuple(cache[period.code]), trend=trend(session, periods=periods, cache=cache),
        trend_periods=tuple(p.code for p in periods))


# --- text ------------------------------------------------------------------------------------------------------

def _of_schools(statuses: list[SchoolStatus]) -> str:
    return f"{len(statuses)}: " + ", ".join(s.name.replace("№ ", "№\u00a0") for s in statuses)


def _awaited_until(note: MunicipalNote) -> str:
    return f"срок — {format_date(note.deadline)}" if note.deadline else "срок не установлен"


def status_sentences(note: MunicipalNote) -> list[str]:
    """Who reported; the overdue schools (deadline passed) apart from the awaited ones (deadline still ahead)."""
    total = len(note.statuses)
    reported = [s for s in note.statuses if s.status in (SUBMITTED, LATE)]
    late = [s for s in note.statuses if s.status == LATE]
    overdue = [s for s in note.statuses if s.status == OVERDUE]
    awaiting = [s for s in note.statuses if s.status == AWAITING]
    deadline = (f"Срок представления отчётов за {note.period.title} — {format_date(note.deadline)}."
                if note.deadline else f"Срок представления отчётов за {note.period.title} не установлен.")
    out = [deadline, f"Отчёты представили {len(reported)} из {_of(total)}"
           + (f" ({format_pct(len(reported) * 100 / total)})" if total else "")
           + (f", в том числе с опозданием — {len(late)}" if late else "") + "."]
    if overdue:
        out.append(f"Не представили отчёт в установленный срок — {_of_schools(overdue)}.")
    if awaiting:
        out.append(f"Отчёт ожидается ({_awaited_until(note)}) — {_of_schools(awaiting)}.")
    if not overdue and not awaiting:
        out.append("Отчёты представили все организации.")
    return out


def _value(t: TotalValue) -> str:
    if t.percent is not None:
        return format_pct(t.percent)
    if t.code == "partners" and t.numerator is not None:
        return f"{t.numerator} орг."
    return "нет данных"


def _quarter_instrumental(code: str) -> str:
    """«2026-Q2» → «II кварталом 2026 года» (after «по сравнению с»)."""
    p = parse_period(code)
    return f"{ROMAN[(p.start.month - 1) // 3 + 1]} кварталом {p.start.year} года"


def change_sentence(title: str, previous_code: str, previous: float, current: float) -> str:
    """«… не изменилось» when |Δ| < 0,05 п. п., otherwise «выросло/снизилось на X,X п. п.» (the real difference)."""
    change = current - previous
    head = f"По сравнению с {_quarter_instrumental(previous_code)} значение «{title}»"
    if format_pct(previous) == format_pct(current):
        return f"{head} не изменилось ({format_pct(current)})."
    if abs(change) < 0.05:  # the rounded values differ, the change rounds to 0,0: give both values
        word = "выросло" if change > 0 else "снизилось"
        return f"{head} {word} незначительно (с {format_pct(previous)} до {format_pct(current)})."
    word = "выросло" if change > 0 else "снизилось"
    values = (f" (с {format_pct(previous)} до {format_pct(current)})"
              if format_pct(previous) != format_pct(current) else "")
    return f"{head} {word} на {format_number(abs(change))} п. п.{values}."


def target_relation(percent: float) -> str:
    """«что ниже целевого значения 70,0 %» / «что выше …» / «что соответствует целевому значению …»."""
    shown, target = round(percent, 1), round(TARGET, 1)
    if shown == target:
        return f"что соответствует целевому значению {format_number(TARGET)} %"
    return f"что {'выше' if shown > target else 'ниже'} целевого значения {format_number(TARGET)} %"


def conclusions(note: MunicipalNote) -> list[str]:
    """Generated sentences based on the numbers (decimal comma, «ёлочки»)."""
    out: list[str] = []
    shares = [t for t in note.totals if t.percent is not None and t.denominator is not None]
    if shares:
        best, worst = max(shares, key=lambda t: t.percent), min(shares, key=lambda t: t.percent)
        out.append(f"Наибольшее значение по муниципалитету — «{short_title(best.code)}»: {format_pct(best.percent)}"
                   + (f"; наименьшее — «{short_title(worst.code)}»: {format_pct(worst.percent)}."
                      if worst is not best else "."))
    else:
        out.append("Показатели за квартал не рассчитаны: нет отчётов с числителями и знаменателями.")
    main = next((t for t in note.totals if t.code == MAIN_CODE and t.percent is not None), None)
    if main is not None:
        out.append(f"Доля обучающихся, вовлечённых в различные формы наставничества, составила "
                   f"{format_pct(main.percent)}, {target_relation(main.percent)}.")
    if len(note.trend_periods) >= 2:
        unchanged: dict[str, list[str]] = {}  # previous quarter → titles that did not change: one sentence
        for t in shares:
            points = [(code, v) for code, v in note.trend.get(t.code, []) if v is not None]
            if len(points) >= 2 and points[-1][0] == note.period.code:
                sentence = change_sentence(short_title(t.code), points[-2][0], points[-2][1], points[-1][1])
                if "не изменилось" in sentence:
                    unchanged.setdefault(points[-2][0], []).append(
                        f"«{short_title(t.code)}» ({format_pct(points[-1][1])})")
                else:
                    out.append(sentence)
        for previous_code, titles in unchanged.items():
            if len(titles) == 1:
                out.append(f"По сравнению с {_quarter_instrumental(previous_code)} не изменилось значение {titles[0]}.")
            else:
                out.append(f"По сравнению с {_quarter_instrumental(previous_code)} не изменились значения: "
                           f"{', '.join(titles)}.")
    for t in note.totals:
        if t.respondents:
            out.append(f"{short_title(t.code)} — {format_pct(t.percent)} (по {t.respondents} "
                       f"{plural(t.respondents, 'ответу', 'ответам', 'ответам')}).")
    overdue = [s for s in note.statuses if s.status == OVERDUE]
    awaiting = [s for s in note.statuses if s.status == AWAITING]
    if overdue:
        out.append(f"Необходимо обеспечить представление отчётов организациями, не сдавшими их в установленный "
                   f"срок ({len(overdue)}), и соблюдение сроков отчётности.")
    if awaiting:
        reports, verb = ("Отчёт", "ожидается") if len(awaiting) == 1 else ("Отчёты", "ожидаются")
        out.append(f"{reports} {_of(len(awaiting))} {verb} ({_awaited_until(note)}); значения показателей "
                   "за квартал предварительные и будут уточнены после их представления.")
    return out


# --- layout ----------------------------------------------------------------------------------------------------

def _table(rows: list[list], widths: list[float], *, left: tuple[int, ...] = (0,)) -> object:
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Table, TableStyle

    st = styles(table_size=SMALL_SIZE + 1)
    cells = [[Paragraph(escape(str(v)), st.cell_bold if i == 0 else (st.cell if j in left else st.cell_centre))
              for j, v in enumerate(row)] for i, row in enumerate(rows)]
    table = Table(cells, colWidths=[w * MM for w in widths], repeatRows=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                               ("FONTNAME", (0, 0), (-1, -1), FONT), ("TOPPADDING", (0, 0), (-1, -1), 2),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]))
    return table


def _bars(totals: list[TotalValue]) -> object:
    """Рисунок 1: the municipal value of each indicator with a percentage, as horizontal bars."""
    from reportlab.graphics.charts.barcharts import HorizontalBarChart
    from reportlab.graphics.shapes import String
    from reportlab.lib import colors

    shown = list(reversed(totals))  # the first indicator on top
    height = (22 + 9 * len(shown)) * MM
    drawing = font_drawing(FRAME_WIDTH, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = 70 * MM, 8 * MM
    chart.width, chart.height = FRAME_WIDTH - 82 * MM, height - 20 * MM
    chart.data = [[t.percent for t in shown]]
    chart.bars[0].fillColor = chart.bars[0].strokeColor = colors.Color(*BAR_COLOUR)
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, 100, 20
    chart.valueAxis.labels.fontName, chart.valueAxis.labels.fontSize = FONT, 8
    chart.valueAxis.labelTextFormat = lambda v: f"{int(v)} %"
    chart.categoryAxis.categoryNames = [short_title(t.code) for t in shown]
    chart.categoryAxis.labels.fontName, chart.categoryAxis.labels.fontSize = FONT, 8
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.barLabels.fontName, chart.barLabels.fontSize = FONT, 8
    chart.barLabels.boxAnchor, chart.barLabels.dx = "w", 2
    chart.barLabelFormat = lambda v: format_pct(v)
    drawing.add(chart)
    drawing.add(String(FRAME_WIDTH / 2, height - 6 * MM, "Рисунок 1. Значения показателей по муниципалитету, %",
                       fontName=f"{FONT}-Bold", fontSize=10, textAnchor="middle"))
    return drawing


def _lines(note: MunicipalNote, totals: list[TotalValue]) -> object:
    """Рисунок 2: the municipal percentages over the quarters."""
    from reportlab.graphics.charts.legends import Legend
    from reportlab.graphics.charts.linecharts import HorizontalLineChart
    from reportlab.graphics.widgets.markers import makeMarker
    from reportlab.graphics.shapes import String
    from reportlab.lib import colors

    legend_rows = -(-len(totals) // 2)
    height = (78 + 5 * legend_rows) * MM
    drawing = font_drawing(FRAME_WIDTH, height)
    chart = HorizontalLineChart()
    chart.x, chart.y = 14 * MM, (10 + 5 * legend_rows) * MM
    chart.width, chart.height = FRAME_WIDTH - 20 * MM, 58 * MM
    chart.data = [[v if v is not None else None for _, v in note.trend[t.code]] for t in totals]
    for n, _ in enumerate(totals):
        colour = colors.Color(*LINE_COLOURS[n % len(LINE_COLOURS)])
        chart.lines[n].strokeColor, chart.lines[n].strokeWidth = colour, 1.5
        chart.lines[n].symbol = makeMarker("FilledCircle", size=4, fillColor=colour, strokeColor=colour)
    chart.joinedLines = 1
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, 100, 20
    chart.valueAxis.labels.fontName, chart.valueAxis.labels.fontSize = FONT, 8
    chart.valueAxis.labelTextFormat = lambda v: f"{int(v)} %"
    chart.categoryAxis.categoryNames = [quarter_label(c) for c in note.trend_periods]
    chart.categoryAxis.labels.fontName, chart.categoryAxis.labels.fontSize = FONT, 8
    drawing.add(chart)
    drawing.add(String(FRAME_WIDTH / 2, height - 6 * MM, "Рисунок 2. Динамика показателей по кварталам, %",
                       fontName=f"{FONT}-Bold", fontSize=10, textAnchor="middle"))
    legend = Legend()
    legend.fontName, legend.fontSize = FONT, 8
    legend.x, legend.y = chart.x, (3 + 5 * legend_rows) * MM
    legend.alignment, legend.columnMaximum, legend.dx, legend.dy = "right", legend_rows, 8, 8
    legend.deltax, legend.deltay = 80 * MM, 5 * MM
    legend.colorNamePairs = [(colors.Color(*LINE_COLOURS[n % len(LINE_COLOURS)]), short_title(t.code))
                             for n, t in enumerate(totals)]
    drawing.add(legend)
    return drawing


_WORD = r"[А-ЯЁA-Z][а-яёa-z]+(?:-[А-ЯЁA-Z][а-яёa-z]+)?"
_FULL_NAME = re.compile(rf"^({_WORD}) ({_WORD}) ({_WORD})$")
_INITIALS = re.compile(rf"^([А-ЯЁA-Z])\. ?([А-ЯЁA-Z])\. ?({_WORD})$")
_SURNAME_FIRST = re.compile(rf"^({_WORD}) ([А-ЯЁA-Z])\. ?([А-ЯЁA-Z])\.$")
_TRAILING_INITIALS = re.compile(rf"^(.+?),? ([А-ЯЁA-Z]\. ?[А-ЯЁA-Z]\. ?{_WORD})$")


def _looks_like_name(text: str) -> bool:
    return bool(_FULL_NAME.match(text) or _INITIALS.match(text) or _SURNAME_FIRST.match(text))


def signature_name(text: str) -> str:
    """«Петрова Анна Сергеевна» → «А.С. Петрова» (ГОСТ Р 7.0.97: initials before the surname); other text as is."""
    text = " ".join(text.split())
    if m := _FULL_NAME.match(text):
        return f"{m.group(2)[0]}.{m.group(3)[0]}. {m.group(1)}"
    if m := _INITIALS.match(text):
        return f"{m.group(1)}.{m.group(2)}. {m.group(3)}"
    if m := _SURNAME_FIRST.match(text):
        return f"{m.group(2)}.{m.group(3)}. {m.group(1)}"
    return text


def signatory(specialist: str) -> tuple[str, str]:
    """(position, «И.О. Фамилия») from the profile's specialist: «ФИО», «ФИО, должность» or «должность И.О. Фамилия»."""
    text = " ".join((specialist or "").split())
    position, name = "", text
    if "," in text:
        first, rest = (part.strip() for part in text.split(",", 1))
        if _looks_like_name(rest) and not _looks_like_name(first):
            position, name = first, rest  # «главный специалист, Петрова Анна Сергеевна»
        else:
            position, name = rest, first
    elif (m := _TRAILING_INITIALS.match(text)) and not _FULL_NAME.match(text):
        position, name = m.group(1), m.group(2)  # «Главный специалист И.П. Кузнецова»
    position = position.strip(" ,")
    position = position[:1].upper() + position[1:] if position else "Ответственный специалист"
    return position, signature_name(name)


def _signature(note: MunicipalNote, st) -> list:  # noqa: ANN001
    """ГОСТ Р 7.0.97-2016: the position on the left, the signature, «И.О. Фамилия» on the right in one line."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

    position, name = signatory(note.specialist)
    name_width = min(stringWidth(name, FONT, st.right.fontSize) + 2 * MM, FRAME_WIDTH - 90 * MM)
    name_width = max(name_width, 40 * MM)
    sign = Table([[Paragraph(escape(position), st.plain), Paragraph("__________", st.centre),
                   Paragraph(escape(name), st.right)]],
                 colWidths=(FRAME_WIDTH - 30 * MM - name_width, 30 * MM, name_width))
    sign.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                              ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("VALIGN", (0, 0), (-1, -1), "BOTTOM")]))
    return [Spacer(1, 12 * MM), sign]


def build_story(note: MunicipalNote) -> list:
    from reportlab.platypus import KeepTogether, Paragraph, Spacer

    st = styles()
    story = [Paragraph(escape(note.municipality), st.centre_bold)]
    if note.region:
        story.append(Paragraph(escape(note.region), st.centre))
    story += [Spacer(1, 8 * MM), Paragraph(DOC_TYPE, st.doc_type), Spacer(1, 2 * MM),
              Paragraph(format_date(note.date), st.plain), Spacer(1, 6 * MM),
              Paragraph(escape(f"о реализации целевой модели наставничества за {note.period.title}"), st.title),
              Spacer(1, 6 * MM), Paragraph("1. Представление отчётности", st.title), Spacer(1, 2 * MM)]
    story += [Paragraph(escape(line), st.body) for line in status_sentences(note)]
    tables = 0
    problems = [s for s in note.statuses if s.status in (LATE, OVERDUE)]  # the deadline has passed for these
    if problems:
        tables += 1
        rows = [["Код", "Организация", "Состояние", "Выгружен школой"]]
        rows += [[s.code, s.name, s.status_text, format_date(s.submitted_at.date()) if s.submitted_at else "—"]
                 for s in problems]
        story += [Spacer(1, 2 * MM), Paragraph(f"Таблица {tables}. Организации, не представившие отчёт в срок",
                                               st.plain), _table(rows, [24, 73, 42, 26], left=(0, 1))]
    story += [Spacer(1, 5 * MM), Paragraph("2. Показатели целевой модели наставничества", st.title),
              Spacer(1, 2 * MM),
              Paragraph("Значения по муниципалитету рассчитаны как отношение суммы числителей к сумме знаменателей "
                        "организаций, представивших оба значения (а не как среднее процентов); уровень "
                        "удовлетворённости — среднее по организациям, взвешенное по числу ответов.", st.body)]
    rows = [["Показатель", "Числитель", "Знаменатель", "Значение", "Учтено ОО"]]
    rows += [[short_title(t.code, t.title), "—" if t.numerator is None else t.numerator,
              "—" if t.denominator is None else t.denominator, _value(t), f"{t.schools} из {t.reported}"]
             for t in note.totals]
    story += [Spacer(1, 2 * MM), Paragraph(f"Таблица {tables + 1}. Показатели по муниципалитету", st.plain),
              _table(rows, [61, 24, 29, 25, 26])]
    partners = next((t for t in note.totals if t.code == "partners" and t.numerator is not None), None)
    if partners is not None:
        story.append(Paragraph(escape(f"Организации-партнёры: {partners.note}."), st.body))
    with_percent = [t for t in note.totals if t.percent is not None]
    if with_percent:
        story += [Spacer(1, 4 * MM), KeepTogether([_bars(with_percent)])]
        lines = [t for t in with_percent if sum(v is not None for _, v in note.trend.get(t.code, [])) >= 2]
        if len(note.trend_periods) >= 2 and lines:
            story += [Spacer(1, 4 * MM), KeepTogether([_lines(note, lines)])]
    story += [Spacer(1, 5 * MM), Paragraph("3. Выводы", st.title), Spacer(1, 2 * MM)]
    story += [Paragraph(escape(line), st.body) for line in conclusions(note)]
    return story + _signature(note, st)


def render_municipal_note(session, *, period: Period, path: Path, today: dt.date | None = None,  # noqa: ANN001
                          statuses: list[SchoolStatus] | None = None,
                          cache: dict[str, list[TotalValue]] | None = None) -> Path:
    """Write the справка for the quarter to ``path`` (PDF, atomically); returns the path."""
    note = note_context(session, period=period, today=today, statuses=statuses, cache=cache)
    story = build_story(note)
    title = f"Информационная справка о реализации целевой модели наставничества за {period.title}"
    return write_atomically(Path(path), lambda tmp: build_pdf(tmp, story, title=title, author=note.municipality))


__all__ = ["MunicipalNote", "build_story", "change_sentence", "conclusions", "note_context", "quarter_label",
           "render_municipal_note", "signatory", "signature_name", "status_sentences", "target_relation"]
