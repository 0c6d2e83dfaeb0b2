"""The consolidated report of a quarter as xlsx: totals, per school, who has not reported, personal records."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from app.municipality.consolidate import (PARTICIPANTS, SUBMITTED, SchoolStatus, TotalValue, indicators_by_school,
                                          municipal_totals, short_title, status_matrix)
from app.periods import Period
from app.text import fold, full_name

SHEETS = ("Сводные показатели", "По организациям", "Не сдали отчёт", "Персонифицированный учёт")
DATE_FORMAT, DATETIME_FORMAT, PCT_FORMAT = "DD.MM.YYYY", "DD.MM.YYYY HH:MM", "0.00"
_FORMULA_STARTS = ("=", "+", "-", "@")
ROLES = {"mentee": "наставляемый", "mentor": "наставник"}
STATUSES = {"active": "в программе", "finished": "завершил", "left": "выбыл", "candidate": "кандидат"}
TOTAL_HEADERS = ("Показатель", "Краткое название", "Числитель", "Знаменатель", "Значение, %",
                 "Учтено организаций", "Сдали показатель", "Как посчитано")
MISSING_HEADERS = ("Код", "Организация", "Тип", "Состояние", "Срок сдачи", "Получен", "Контакт")
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
    headers, pct_columns = ["Код", "Организация", "Состояние"], set()
    for code in codes:
        name = short_title(code)
        headers += [f"{name}: числитель", f"{name}: знаменатель", f"{name}: %"]
        pct_columns.add(len(headers) - 1)
    values = {s.school_id: s.by_code() for s in indicators_by_school(session, period=period)}
    rows = []
    for st in statuses:
        mine = values.get(st.school_id, {})
        row: list = [st.code, st.name, st.status_text]
        for code in codes:
            v = mine.get(code)
            row += [v.numerator, v.denominator, _round(v.percent)] if v else [None, None, None]
        rows.append(tuple(row))
    return tuple(headers), rows, pct_columns


def missing_rows(session, statuses: list[SchoolStatus]) -> list[tuple]:  # noqa: ANN001
    from sqlalchemy import select

    from db.models_municipality import MunicipalSchool

    contacts = dict(session.execute(select(MunicipalSchool.id, MunicipalSchool.contact)).all())
    return [(s.code, s.name, s.kind, s.status_text, s.deadline, s.received_at, contacts.get(s.school_id, ""))
            for s in statuses if s.status != SUBMITTED]


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


def _width(header: str, rows: list[tuple], index: int) -> float:
    longest = 0
    for row in rows[:500]:
        value = row[index]
        if isinstance(value, dt.datetime):
            longest = max(longest, 16)
        elif isinstance(value, dt.date):
            longest = max(longest, 10)
        elif value is not None:
            longest = max(longest, len(str(value)))
    return float(min(max(longest + 2, min(len(header) + 2, 18), 8), 60))


def _sheet(wb, title: str, headers: tuple[str, ...], rows: list[tuple],  # noqa: ANN001
           pct: set[int] | frozenset[int] = frozenset()) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.utils import get_column_letter

    from app.xlsx_export import start_sheet

    ws = start_sheet(wb, title=title, headers=headers, widths=[_width(h, rows, i) for i, h in enumerate(headers)])

    def convert(index: int, value: object) -> object:
        if isinstance(value, str):
            value = ILLEGAL_CHARACTERS_RE.sub("", value)
            if value.startswith(_FORMULA_STARTS):
                cell = WriteOnlyCell(ws, value=value)
                cell.data_type, cell.quotePrefix = "s", True  # text, never a formula
                return cell
            return value or None
        if isinstance(value, (dt.date, dt.datetime)):
            cell = WriteOnlyCell(ws, value=value)
            cell.number_format = DATETIME_FORMAT if isinstance(value, dt.datetime) else DATE_FORMAT
            return cell
        if index in pct and isinstance(value, float):
            cell = WriteOnlyCell(ws, value=value)
            cell.number_format = PCT_FORMAT
            return cell
        return value

    for row in rows:
        ws.append([convert(i, v) for i, v in enumerate(row)])
    ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(rows) + 1}"


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


def write_report_xlsx(session, *, period: Period, path: Path, today: dt.date | None = None,  # noqa: ANN001
                      statuses: list[SchoolStatus] | None = None, totals: list[TotalValue] | None = None) -> Path:
    """Write the consolidated report of ``period`` to ``path`` atomically; returns the path."""
    from app.files import write_atomically

    sheets = build_report(session, period=period, today=today, statuses=statuses, totals=totals)

    def write(tmp: Path) -> None:
        from openpyxl import Workbook

        wb = Workbook(write_only=True)
        for title, headers, rows, pct in sheets:
            _sheet(wb, title, headers, rows, pct)
        wb.save(tmp)

    return write_atomically(Path(path), write)


__all__ = ["SHEETS", "build_report", "missing_rows", "personal_rows", "school_rows", "total_rows",
           "write_report_xlsx"]
