"""Pure rules of the roadmap: parsing «Срок» texts, expanding recurring rows into dated items, overdue."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from app.errors import Issue, ValidationError
from app.periods import ROMAN, academic_year_of, parse_period

MONTHS = ("январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь",
          "ноябрь", "декабрь")
MONTHS_GENITIVE = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября",
                   "ноября", "декабря")
# Stems that match every case form: «сентябрь», «сентября», «сентябре»; «май», «мая», «мае».
_STEMS = ("январ", "феврал", "март", "апрел", "ма", "июн", "июл", "август", "сентябр", "октябр", "ноябр", "декабр")
_QUARTERLY = re.compile(r"ежеквартал|каждый квартал|по кварталам", re.I)
_DURING = re.compile(r"в течение (учебного )?года|постоянно|в течени[ие] всего|систематически|весь период", re.I)
_YEARLY = re.compile(r"ежегодно", re.I)
_DATE = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\.(\d{4})\s*$")


@dataclass(frozen=True)
class Deadline:
    """A parsed «Срок»: recurrence, the (last) month and year it names, and the first month of a range."""

    recurrence: str
    month: int | None = None
    year: int | None = None
    month_from: int | None = None
    day: int | None = None


def _month_no(word: str) -> int | None:
    word = word.lower()
    if word.startswith("мар"):
        return 3
    if word.startswith("ма"):
        return 5 if word in ("май", "мая", "мае", "маю", "маем") else None
    for number, stem in enumerate(_STEMS, start=1):
        if word.startswith(stem):
            return number
    return None


def _months_in(text: str) -> list[tuple[int, int | None, int]]:
    """(month, year or None, position) of every month name in ``text``."""
    out = []
    for m in re.finditer(r"[а-яё]+", text.lower()):
        number = _month_no(m.group(0))
        if number is None:
            continue
        year = re.match(r"\s*,?\s*(\d{4})", text[m.end():])
        out.append((number, int(year.group(1)) if year else None, m.start()))
    return out


def parse_deadline(text: str) -> Deadline:
    """«сентябрь 2023», «С сентября 2023 по май 2024», «ежеквартально», «ежегодно, ноябрь», «в течение года», …

    Text that names no month and no known recurrence is a one-off item without a date.
    """
    raw = (text or "").strip()
    if m := _DATE.match(raw):
        return Deadline("once", int(m.group(2)), int(m.group(3)), day=int(m.group(1)))
    if _QUARTERLY.search(raw):
        return Deadline("quarterly")
    months = _months_in(raw)
    if _YEARLY.search(raw):
        return Deadline("yearly", months[-1][0] if months else None, None)
    if _DURING.search(raw) and not months:
        return Deadline("during_year")
    if not months:
        return Deadline("during_year") if _DURING.search(raw) else Deadline("once")
    last_month, last_year, _ = months[-1]
    if len(months) >= 2:
        first_month, first_year, _ = months[0]
        year = last_year or first_year
        if re.match(r"^\s*с\s", raw, re.I) or re.search(r"\bпо\b", raw, re.I):
            return Deadline("during_year", last_month, year, month_from=first_month)
        return Deadline("once", last_month, year, month_from=first_month)
    return Deadline("once", last_month, last_year)


def parse_deadline_text(text: str) -> tuple[str, int | None, int | None]:
    """(recurrence, month, year) of a «Срок» text; see ``parse_deadline``."""
    d = parse_deadline(text)
    return d.recurrence, d.month, d.year


def start_year(academic_year: str) -> int:
    """2026 for «2026/2027» (a ValidationError in Russian for anything else)."""
    period = parse_period(academic_year)
    if period.kind != "year":
        raise ValidationError([Issue(f"«{academic_year}» — ожидается учебный год ГГГГ/ГГГГ", field="Учебный год")])
    return period.start.year


def year_of(academic_year_start: int, month: int) -> int:
    """The calendar year of a month in the academic year that starts in September of ``academic_year_start``."""
    return academic_year_start if month >= 9 else academic_year_start + 1


def _day_in(year: int, month: int, day: int | None) -> dt.date:
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day, last) if day else last)


def _month_text(month: int, year: int) -> str:
    return f"{MONTHS[month - 1]} {year}"


def expand(recurrence: str, academic_year: str, month: int | None = None, day: int | None = None, *,
           year: int | None = None, month_from: int | None = None) -> list[tuple[dt.date | None, str]]:
    """Dated instances (deadline, «Срок» text) of one roadmap row in an academic year.

    quarterly: the last day (or ``day``) of each quarter's last month — 30.09, 31.12, 31.03, 30.06;
    yearly: month ``month`` of the year; during_year: one item due 31 May (or the end of ``month``);
    once: the last day (or ``day``) of ``month``, without a date when no month is given.
    ``year`` overrides the calendar year a month falls in (a template item placed before 1 September).
    """
    first = start_year(academic_year)
    if recurrence == "quarterly":
        out = []
        for q_month in (9, 12, 3, 6):
            y = year_of(first, q_month)
            out.append((_day_in(y, q_month, day), f"ежеквартально, {ROMAN[q_month // 3]} кв. {y}"))
        return out
    if recurrence == "yearly":
        m = month or 9
        y = year or year_of(first, m)
        return [(_day_in(y, m, day), f"ежегодно, {_month_text(m, y)}")]
    if recurrence == "during_year":
        m = month or 5
        y = year or year_of(first, m)
        if month_from:
            y0 = y if month_from <= m else y - 1
            return [(_day_in(y, m, day), f"с {MONTHS_GENITIVE[month_from - 1]} {y0} по {_month_text(m, y)}")]
        return [(_day_in(y, m, day), "в течение года")]
    if recurrence != "once":
        raise ValueError(f"unknown recurrence {recurrence!r}")
    if month is None:
        return [(None, "")]
    y = year or year_of(first, month)
    if day:
        return [(_day_in(y, month, day), f"{day:02d}.{month:02d}.{y}")]
    if month_from and month_from != month:
        return [(_day_in(y, month, None), f"{MONTHS[month_from - 1]}–{_month_text(month, y)}")]
    return [(_day_in(y, month, None), _month_text(month, y))]


def is_overdue(deadline: dt.date | None, status: str, today: dt.date) -> bool:
    """Not done or failed, and the deadline has passed."""
    return deadline is not None and status not in ("done", "failed") and deadline < today


def academic_year_code(day: dt.date) -> str:
    """«2026/2027» for any day from 01.09.2026 to 31.08.2027."""
    return academic_year_of(day).code


_QUARTER_OF = re.compile(r"\b(IV|I{1,3})\s*кв[а-я.]*\s*(\d{4})?", re.I)
_BY_DATE = re.compile(r"\(?\s*до\s+(\d{1,2})\.(\d{1,2})\.(\d{4})\s*\)?", re.I)


def resolve_deadline(text: str, academic_year: str, *, year_shift: int = 0) -> list[tuple[dt.date | None, str, str]]:
    """(deadline, «Срок» text, recurrence) instances of a «Срок» as typed in a roadmap of ``academic_year``.

    «ежеквартально» alone gives four instances, «ежеквартально, III кв. 2026» the one quarter; «до 15.10.2026»
    anywhere fixes the date; seed years move by ``year_shift``.
    """
    raw = " ".join((text or "").split())
    fixed = _BY_DATE.search(raw)
    if fixed:
        day = shift_years(dt.date(int(fixed.group(3)), int(fixed.group(2)), int(fixed.group(1))), year_shift)
        rest = (raw[:fixed.start()] + raw[fixed.end():]).strip(" ,;")
        recurrence = parse_deadline(rest).recurrence if rest else "once"
        label = rest or f"{day:%d.%m.%Y}"
        if rest and year_shift:
            again = resolve_deadline(rest, academic_year, year_shift=year_shift)
            label = again[0][1] if len(again) == 1 and again[0][1] else rest
        return [(day, label if year_shift else rest or raw, recurrence)]
    d = parse_deadline(raw)
    if d.recurrence == "quarterly" and (q := _QUARTER_OF.search(raw)):
        number = {"I": 1, "II": 2, "III": 3, "IV": 4}[q.group(1).upper()]
        end_month = number * 3
        y = int(q.group(2)) + year_shift if q.group(2) else year_of(start_year(academic_year), end_month)
        return [(_day_in(y, end_month, None), f"ежеквартально, {ROMAN[number]} кв. {y}", "quarterly")]
    year = d.year + year_shift if d.year else None
    return [(day, label or raw, d.recurrence)
            for day, label in expand(d.recurrence, academic_year, d.month, d.day, year=year, month_from=d.month_from)]


_PARTS = re.compile(r"\d+|\D+")


def number_key(number: str) -> tuple:
    """«1.10» after «1.2»; items without a number last."""
    parts = _PARTS.findall((number or "").strip())
    return (not parts, tuple((0, int(p), "") if p.isdigit() else (1, 0, p.lower()) for p in parts))


def print_order(rows: list) -> list:
    """Items grouped by section, by № and position inside a section.

    Sections of one template (or of the hand-typed items) stay together, blocks in the order they were added,
    and inside a block sections go by their leading number («1. …», «2. …»), then by first position."""
    groups: dict[str, list] = {}
    block: dict[str, int] = {}
    for row in rows:
        groups.setdefault(row.section, []).append(row)
        block[row.template_code] = min(block.get(row.template_code, row.position), row.position)

    def section_key(name: str) -> tuple:
        first = min(groups[name], key=lambda r: r.position)
        lead = re.match(r"^\s*(\d+(?:\.\d+)*)", name)
        return (block[first.template_code], lead is None, number_key(lead.group(1)) if lead else (), first.position)

    out = []
    for name in sorted(groups, key=section_key):
        out += sorted(groups[name], key=lambda r: (number_key(r.number), r.position, r.id))
    return out


def shift_years(day: dt.date | None, years: int) -> dt.date | None:
    """``day`` moved by whole years (29 February becomes 28 February)."""
    if day is None or not years:
        return day
    return dt.date(day.year + years, day.month, min(day.day, calendar.monthrange(day.year + years, day.month)[1]))


def deadline_issue(deadline: dt.date | None, academic_year: str) -> Issue | None:
    """An issue on «Срок» when ``deadline`` lies outside the academic year (01.09.Y – 31.08.Y+1)."""
    if deadline is None:
        return None
    first = start_year(academic_year)
    start, end = dt.date(first, 9, 1), dt.date(first + 1, 8, 31)
    if start <= deadline <= end:
        return None
    return Issue(f"{deadline:%d.%m.%Y} вне {academic_year} учебного года — укажите срок с {start:%d.%m.%Y} "
                 f"по {end:%d.%m.%Y}", field="Срок")


@dataclass(frozen=True)
class ReportQuarter:
    """A calendar quarter clipped to an academic year, as the report's period chooser offers it."""

    title: str  # «III квартал 2026 года (сентябрь)»
    start: dt.date
    end: dt.date
    code: str  # «2026-Q3»


def _months_label(start: dt.date, end: dt.date) -> str:
    if start.month == end.month:
        return MONTHS[start.month - 1]
    return f"{MONTHS[start.month - 1]}–{MONTHS[end.month - 1]}"


def quarter_title(start: dt.date, end: dt.date) -> str | None:
    """«III квартал 2026 года» for a whole quarter, «III квартал 2026 года (сентябрь)» for a quarter clipped to
    an academic year; None when [start, end] is not (a clipped) one quarter."""
    from app.periods import academic_year_of, quarter_of

    q = quarter_of(start)
    if end > q.end or start > end:
        return None
    if (start, end) == (q.start, q.end):
        return q.title
    year = academic_year_of(start)
    if (start == q.start or start == year.start) and (end == q.end or end == year.end) \
            and year.contains(end) and (start, end) == (max(q.start, year.start), min(q.end, year.end)):
        return f"{q.title} ({_months_label(start, end)})"
    return None


def due_in(deadline: dt.date | None, start: dt.date | None, end: dt.date | None, *, academic_year: str) -> bool:
    """Whether an item of ``academic_year`` due on ``deadline`` belongs to the period [start, end].

    No period: every item. A period that begins at the year's start also takes the year's items due earlier
    (a template's «август» before 01.09), one that ends at the year's end the items due later — so the year's
    quarters together reach every dated item of the year. Items without a date belong to the whole year only."""
    if start is None and end is None:
        return True
    year = parse_period(academic_year)
    low = None if start is None or start <= year.start else start
    high = None if end is None or end >= year.end else end
    if deadline is None:
        return low is None and high is None  # the whole year, however the period was given
    return (low is None or deadline >= low) and (high is None or deadline <= high)


def report_quarters(academic_year: str, *, deadlines: list[dt.date | None] | tuple = ()) -> list[ReportQuarter]:
    """The calendar quarters that share days with the year, each clipped to the year (III кв. at both ends).

    The first quarter also holds the items due before the year's start, the last those due after its end (see
    ``due_in``); given the ``deadlines``, their titles name those months too: «III квартал 2026 года
    (август–сентябрь)»."""
    from app.periods import quarters_of_year

    year = parse_period(academic_year)
    dated = [d for d in deadlines if d is not None]
    earliest, latest = min(dated, default=year.start), max(dated, default=year.end)
    quarters = quarters_of_year(year)
    out = []
    for n, q in enumerate(quarters):
        start, end = max(q.start, year.start), min(q.end, year.end)
        title = quarter_title(start, end) or q.title
        shown_start = min(start, earliest) if n == 0 else start
        shown_end = max(end, latest) if n == len(quarters) - 1 else end
        if (shown_start, shown_end) != (start, end):
            if (shown_start, shown_end) == (q.start, q.end):
                title = q.title
            else:
                title = f"{q.title} ({_months_label(shown_start, shown_end)})"
        out.append(ReportQuarter(title, start, end, q.code))
    return out
