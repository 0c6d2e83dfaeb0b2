"""report.xlsx: the human-readable part of a package (summary, indicators, satisfaction, counts)."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from app.schemas import GROUP_STATUSES

COUNT_TITLES = {"mentees": "Наставляемых", "mentors": "Наставников", "groups": "Пар и групп",
                "meetings": "Встреч за квартал", "survey_responses": "Анкет за квартал",
                "indicators": "Показателей", "personal_records": "Записей с ФИО (есть согласие на передачу)"}
METHOD_NAMES = {"mean": "по среднему баллу", "share7": "доля оценок 7 и выше"}


def _created(stamp: str) -> str:
    """«2026-11-26T08:01:02Z» → «26.11.2026 08:01»."""
    moment = dt.datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ")
    return moment.strftime("%d.%m.%Y %H:%M")


def _period_title(code: str) -> str:
    from app.errors import AppError
    from app.periods import parse_period

    try:
        return parse_period(code).title
    except AppError:
        return code


def _date(text: str | None) -> str:
    return dt.date.fromisoformat(text).strftime("%d.%m.%Y") if text else ""


def _safe(value: Any) -> Any:
    """Text that Excel would take for a formula is kept as text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def render_report(head: dict[str, Any], members: dict[str, Any]) -> bytes:
    """The workbook as bytes; document properties carry the package's creation time, not «now»."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    bold = Font(bold=True)
    wb = Workbook()
    summary = wb.active
    summary.title = "Сводка"
    school, period = head["school"], head["period"]
    rows = [("Пакет мониторинга наставничества", ""), ("Образовательная организация", school["name"]),
            ("Код ОО", school["code"]), ("Муниципалитет", school["municipality"]),
            ("Период", f"{_period_title(period['code'])} ({_date(period['start'])} – {_date(period['end'])})"),
            ("Дата расчёта возраста", _date(head.get("reference_date"))),
            ("Сформирован (UTC, всемирное время)", _created(head["created_at"])),
            ("Версия программы", head["app_version"]),
            ("Персональные данные", "есть (при согласии на передачу)" if head["personal_data"] else "нет, псевдонимы"),
            ("", "")]
    rows += [(COUNT_TITLES.get(k, k), v) for k, v in head["counts"].items()]
    for row in rows:
        summary.append([_safe(v) for v in row])
    summary["A1"].font = bold
    summary.column_dimensions["A"].width = 44
    summary.column_dimensions["B"].width = 70

    ind = wb.create_sheet("Показатели")
    ind.append(["Показатель", "Числитель", "Знаменатель", "Значение, %", "Примечание"])
    indicators = members["data/indicators.json"]
    for v in indicators["indicators"]:
        ind.append([_safe(v["title"]), v["numerator"], v["denominator"], v["percent"], _safe(v["note"])])
    contingent = indicators.get("contingent") or {}
    ind.append([])
    ind.append(["Контингент (знаменатели)", contingent.get("period", "не введён")])
    from app.schemas_monitoring import CONTINGENT_FIELDS

    for name, title in CONTINGENT_FIELDS.items():
        ind.append([title, contingent.get(name)])
    for column, width in (("A", 80), ("B", 12), ("C", 14), ("D", 13), ("E", 60)):
        ind.column_dimensions[column].width = width

    sat = wb.create_sheet("Удовлетворённость")
    sat.append(["Роль", "Ответов", "По среднему баллу, %", "Доля 7+ баллов, %", "Метод показателя"])
    surveys = members["data/surveys.json"]
    for role, title in (("mentee", "Наставляемые"), ("mentor", "Наставники")):
        s = surveys["satisfaction"][role]
        sat.append([title, s["n"], s["mean_pct"], s["share7_pct"], METHOD_NAMES.get(s["chosen_method"], s["chosen_method"])])
    for column, width in (("A", 20), ("B", 10), ("C", 22), ("D", 20), ("E", 30)):
        sat.column_dimensions[column].width = width

    forms = wb.create_sheet("Пары и группы")
    forms.append(["Форма наставничества", "Статус", "Количество"])
    tally: dict[tuple[str, str], int] = {}
    for g in members["data/groups.json"]["items"]:
        tally[(g["form"], g["status"])] = tally.get((g["form"], g["status"]), 0) + 1
    for (form, status), n in sorted(tally.items()):
        forms.append([_safe(form or "форма не указана"), GROUP_STATUSES.get(status, status), n])
    forms.column_dimensions["A"].width = 40
    forms.column_dimensions["B"].width = 26
    forms.column_dimensions["C"].width = 12
    for sheet in wb.worksheets:
        for cell in sheet[1]:
            cell.font = bold

    created = dt.datetime.strptime(head["created_at"], "%Y-%m-%dT%H:%M:%SZ")
    wb.properties.created = created
    wb.properties.modified = created
    wb.properties.creator = "MentorDesk"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
