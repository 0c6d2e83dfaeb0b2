"""The consolidated report of a quarter as xlsx: totals, per school, who has not reported, personal records."""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path

from app.municipality.consolidate import (AWAITING, OVERDUE, PARTICIPANTS, SchoolStatus, TotalValue, deadline_of,
                                          indicators_by_school, municipal_totals, short_title, status_matrix)
from app.periods import Period
from app.text import fold, format_date, full_name

SHEETS = ("Сводные показатели", "По организациям", "Не сдали отчёт", "Персонифицированный учёт")
DATE_FORMAT, DATETIME_FORMAT, PCT_FORMAT = "DD.MM.YYYY", "DD.MM.YYYY HH:MM", "0.00"
REPORT_TITLE = "Сводный отчёт о реализации целевой модели наставничества"
WIDE_COLUMNS = 12  # a sheet with more columns prints at 100 % across pages instead of fitting one page wide
HEADER_ROW = 7  # rows 1–5: the title block, 6: empty, 7: the column headers (frozen, filtered, printed on each page)
MAX_WIDTH, HEADER_WIDTH = 40, 12  # longer text wraps; a header alone widens a column up to HEADER_WIDTH
_FORMULA_STARTS = ("=", "+", "-", "@")
ROLES = {"mentee": "наставляемый", "mentor": "наставник"}
STATUSES = {"active": "в программе", "finished": "завершил", "left": "выбыл", "graduated": "выпускник",
            "candidate": "кандидат"}
TOTAL_HEADERS = ("Показатель", "Краткое название", "Числитель", "Знаменатель", "Значение, %",
                 "Учтено организаций", "Сдали показатель", "Как посчитано")
MISSING_HEADERS = ("Код", "Организация", "Тип", "Состояние", "Срок сдачи", "Контакт")
PERSONAL_HEADERS = ("Код ОО", "Организация", "Роль", "ФИО", "Дата рождения", "Категория", "Возраст", "Параллель",
                    "Формы наставничества", "Статус", "Организация-партнёр")


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _date(text: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if isinstance(text, str) else None
    except ValueError:
        return None


def total_rows(totals: list[TotalValue]) -> list[tuple]:
    return [(t.title, short_title(t.code, t.title), t.numerator, t.denominator, _round(t.percent), t.schools,
             t.reported, t.note) for t in totals]


def school_rows(session, period: Period, statuses: list[SchoolStatus],  # noqa: ANN001
                codes: list[str]) -> tuple[tuple[str, ...], list[tuple], set[int]]:
    """Headers, rows (a school × three columns per indicator) and the indices of the percent columns."""
    values = {s.school_id: s.by_code() for s in indicators_by_school(session, period=period)}
    # survey indicators carry a percent only: their numerator/denominator columns would always stay empty
    only_pct = {code for code in codes if not any(
        v.get(code) is not None and (v[code].numerator is not None or v[code].denominator is not None)
        for v in values.values())}
    headers, pct_columns = ["Код", "Организация", "Состояние"], set()
    for code in codes:
        name = short_title(code)
        headers += [f"{name}, %"] if code in only_pct else [f"{name}: числитель", f"{name}: знаменатель",
                                                             f"{name}: %"]
        pct_columns.add(len(headers) - 1)
    rows = []
    for st in statuses:
        mine = values.get(st.school_id, {})
        row: list = [st.code, st.name, st.status_text]
        for code in codes:
            v = mine.get(code)
            if code in only_pct:
                row.append(_round(v.percent) if v else None)
            else:
                row += [v.numerator, v.denominator, _round(v.percent)] if v else [None, None, None]
        rows.append(tuple(row))
    return tuple(headers), rows, pct_columns


def missing_rows(session, statuses: list[SchoolStatus]) -> list[tuple]:  # noqa: ANN001
    """Schools without a package for the quarter: the overdue ones first, then those still awaited."""
    from sqlalchemy import select

    from db.models_municipality import MunicipalSchool

    contacts = dict(session.execute(select(MunicipalSchool.id, MunicipalSchool.contact)).all())
    return [(s.code, s.name, s.kind, s.status_text, s.deadline, contacts.get(s.school_id, ""))
            for wanted in (OVERDUE, AWAITING) for s in statuses if s.status == wanted]


def personal_rows(session, period: Period) -> list[tuple]:  # noqa: ANN001
    """Participants carrying names in the current packages that declare personal data, by school and name."""
    from sqlalchemy import select

    from db.models_municipality import MunicipalSchool as S
    from db.models_municipality import ReceivedPackage as P

    out = []
    query = (select(S.code, S.short_name, S.full_name, P.content).join(S, S.id == P.school_id)
             .where(P.period == period.code, P.current.is_(True), P.personal_data.is_(True)).order_by(S.code))
    for code, short, full, content in session.execute(query):
        items = ((content or {}).get(PARTICIPANTS) or {}).get("items") or []
        mine = []
        for p in items:
            person = p.get("personal") if isinstance(p, dict) else None
            if not isinstance(person, dict):
                continue
            name = full_name(*(str(person.get(k) or "") for k in ("last_name", "first_name", "middle_name")))
            mine.append((code, short or full or code, ROLES.get(p.get("role"), p.get("role") or ""), name,
                         _date(person.get("birth_date")), p.get("category") or "",
                         p.get("age"), p.get("class_parallel"), ", ".join(p.get("forms") or ()),
                         STATUSES.get(p.get("status"), p.get("status") or ""), p.get("partner") or ""))
        mine.sort(key=lambda r: (r[2] != ROLES["mentee"], fold(r[3])))
        out += mine
    return out


def _longest(rows: list[tuple], index: int) -> int:
    longest = 0
    for row in rows[:500]:
        value = row[index]
        if isinstance(value, dt.datetime):
            longest = max(longest, 16)
        elif isinstance(value, dt.date):
            longest = max(longest, 10)
        elif value is not None:
            longest = max(longest, len(str(value)))
    return longest


def _width(header: str, rows: list[tuple], index: int) -> float:
    """Wide enough for the values (up to MAX_WIDTH) and for the header's longest word (a header wraps by words)."""
    word = max((len(w) for w in header.split()), default=0)
    return float(min(max(_longest(rows, index) + 2, min(len(header) + 2, HEADER_WIDTH), word + 2, 8), MAX_WIDTH))


def _lines(text: str, width: float) -> int:
    """How many lines ``text`` takes wrapped in a column of ``width`` characters (an estimate for row heights)."""
    import textwrap

    return sum(max(len(textwrap.wrap(part, max(int(width) - 2, 4), break_long_words=True)), 1)
               for part in text.split("\n"))


@functools.cache
def _border():  # noqa: ANN202
    """Thin lines round a table cell (openpyxl is imported only when a report is written)."""
    from openpyxl.styles import Border, Side

    thin = Side(style="thin")
    return Border(left=thin, right=thin, top=thin, bottom=thin)


def _start(ws, headers: tuple[str, ...], widths: list[float], heading: tuple[str, ...],  # noqa: ANN001
           frozen_columns: int) -> int:
    """Widths, the title block, the bold wrapped header row and the page setup; the header row's number."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.properties import PageSetupProperties

    header_row = len(heading) + 2 if heading else 1
    # a write-only sheet writes its properties, views and columns with the first row: set them before it
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = f"{get_column_letter(frozen_columns + 1)}{header_row + 1}"
    wide = len(headers) > WIDE_COLUMNS  # squeezed onto one page it would print unreadably small
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=not wide)
    def padded(first: object) -> list:
        """A title row as wide as the table: readers (read-only openpyxl) get rows of one length."""
        cells = [first]
        for _ in headers[1:]:
            cell = WriteOnlyCell(ws, value=None)
            cell.font = Font(size=11)  # a styled empty cell is written; a bare None is not
            cells.append(cell)
        return cells

    for n, text in enumerate(heading):
        cell = WriteOnlyCell(ws, value=text or None)
        cell.font = Font(bold=True, size=14) if n == 0 else Font(bold=n == len(heading) - 1, size=11)
        if n == 0:
            ws.row_dimensions[1].height = 21
        ws.append(padded(cell))
    if heading:
        ws.append(padded(None))
    ws.row_dimensions[header_row].height = 15 * min(max(_lines(h, w + 1) for h, w in zip(headers, widths)), 6)
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    cells = []
    for text in headers:
        cell = WriteOnlyCell(ws, value=text)
        cell.font, cell.alignment, cell.border = bold, wrap, _border()
        cells.append(cell)
    ws.append(cells)
    ws.page_setup.orientation, ws.page_setup.paperSize = "landscape", "9"  # A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0  # one page wide, as many pages down as needed
    ws.print_title_rows = f"{header_row}:{header_row}"
    if wide and frozen_columns:  # printed across several pages: the code and the name repeat on each
        ws.print_title_cols = f"A:{get_column_letter(frozen_columns)}"
    ws.oddFooter.center.text = "Страница &P из &N"
    return header_row


def _sheet(wb, title: str, headers: tuple[str, ...], rows: list[tuple],  # noqa: ANN001
           pct: set[int] | frozenset[int] = frozenset(), *, heading: tuple[str, ...] = (),
           frozen_columns: int = 0) -> None:
    """A write-only sheet: ``heading`` lines (a title block) above a header row that is frozen, filtered and
    repeated on every printed page; text longer than ``MAX_WIDTH`` wraps in its column."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(title)
    widths = [_width(h, rows, i) for i, h in enumerate(headers)]
    wrapped = {i for i in range(len(headers)) if _longest(rows, i) + 2 > widths[i]}
    header_row = _start(ws, headers, widths, heading, frozen_columns)
    wrap, top = Alignment(wrap_text=True, vertical="top"), Alignment(vertical="top")

    def convert(index: int, value: object, tall: bool) -> object:
        """The value, or a styled cell (text kept text, dates and percents formatted, tall rows top-aligned)."""
        if isinstance(value, str):
            value = ILLEGAL_CHARACTERS_RE.sub("", value) or None
        formula = isinstance(value, str) and value.startswith(_FORMULA_STARTS)
        date = isinstance(value, (dt.date, dt.datetime))
        percent = index in pct and isinstance(value, float)
        if not (formula or date or percent or tall):
            return value  # a plain cell: styling thousands of cells one by one costs most of the budget
        cell = WriteOnlyCell(ws, value=value)
        if formula:
            cell.data_type, cell.quotePrefix = "s", True  # text, never a formula
        if date:
            cell.number_format = DATETIME_FORMAT if isinstance(value, dt.datetime) else DATE_FORMAT
        if percent:
            cell.number_format = PCT_FORMAT
        if tall:
            cell.alignment = wrap if index in wrapped else top
        return cell

    for number, row in enumerate(rows, start=header_row + 1):
        lines = max((_lines(row[i], widths[i]) for i in wrapped if isinstance(row[i], str)), default=1)
        if lines > 1:
            ws.row_dimensions[number].height = 15 * min(lines, 15)
        ws.append([convert(i, v, lines > 1) for i, v in enumerate(row)])
    ws.auto_filter.ref = f"A{header_row}:{get_column_letter(len(headers))}{header_row + len(rows)}"


def build_report(session, *, period: Period, today: dt.date | None = None,  # noqa: ANN001
                 statuses: list[SchoolStatus] | None = None, totals: list[TotalValue] | None = None) -> list[tuple]:
    """(sheet title, headers, rows, percent columns) of every sheet; the personal sheet only when present.

    ``statuses`` and ``totals`` may be passed when already computed for the quarter (the «Свод» view has them).
    """
    if statuses is None:
        statuses = status_matrix(session, period=period, today=today)
    if totals is None:
        totals = municipal_totals(session, period=period)
    codes = [t.code for t in totals]
    headers, rows, pct = school_rows(session, period, statuses, codes)
    sheets = [(SHEETS[0], TOTAL_HEADERS, total_rows(totals), {4}), (SHEETS[1], headers, rows, pct),
              (SHEETS[2], MISSING_HEADERS, missing_rows(session, statuses), set())]
    personal = personal_rows(session, period)
    if personal:
        sheets.append((SHEETS[3], PERSONAL_HEADERS, personal, set()))
    return sheets


def report_heading(session, *, period: Period, today: dt.date | None = None) -> tuple[str, ...]:  # noqa: ANN001
    """The first four lines of every sheet: the report, the quarter in words, the municipality, the date."""
    from sqlalchemy import select

    from db.models_municipality import MunicipalityProfile

    name = session.execute(select(MunicipalityProfile.name).limit(1)).scalar_one_or_none() or ""
    return (REPORT_TITLE, f"за {period.title}", name, f"Дата формирования: {format_date(today or dt.date.today())}")


def sheet_caption(title: str, deadline: dt.date | None) -> str:
    """The fifth line: what the sheet holds."""
    if title == SHEETS[2]:
        return ("Организации, не представившие отчёт за квартал (" + (f"срок — {format_date(deadline)}"
                if deadline else "срок не установлен") + ")")
    return {SHEETS[0]: "Показатели по муниципалитету (сумма числителей ÷ сумма знаменателей организаций)",
            SHEETS[1]: "Показатели по организациям",
            SHEETS[3]: "Персонифицированный учёт участников (пакеты с персональными данными)"}.get(title, title)


def write_report_xlsx(session, *, period: Period, path: Path, today: dt.date | None = None,  # noqa: ANN001
                      statuses: list[SchoolStatus] | None = None, totals: list[TotalValue] | None = None) -> Path:
    """Write the consolidated report of ``period`` to ``path`` atomically; returns the path.

    Every sheet starts with the title block (``HEADER_ROW`` is the row of the column headers).
    """
    from app.files import write_atomically

    sheets = build_report(session, period=period, today=today, statuses=statuses, totals=totals)
    heading = report_heading(session, period=period, today=today)
    deadline = deadline_of(session, period=period)

    def write(tmp: Path) -> None:
        from openpyxl import Workbook

        wb = Workbook(write_only=True)
        for title, headers, rows, pct in sheets:
            _sheet(wb, title, headers, rows, pct, heading=(*heading, sheet_caption(title, deadline)),
                   frozen_columns=2 if title in (SHEETS[1], SHEETS[3]) else 0)
        wb.save(tmp)

    return write_atomically(Path(path), write)


__all__ = ["HEADER_ROW", "REPORT_TITLE", "SHEETS", "build_report", "missing_rows", "personal_rows", "report_heading",
           "school_rows", "sheet_caption", "total_rows", "write_report_xlsx"]
