"""Export of survey responses to xlsx: a sheet per template and a «Сводка» sheet with the analytics."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.schemas_surveys import RESPONDENTS, RESPONSE_SOURCES
from app.survey_analytics import (METHODS, AnalyticsFilter, AnalyticsReport, SatisfactionResult, SurveyData,
                                  TemplateInfo, build_report, current_answers, filter_rows, load_data)
from app.text import format_date

BASE_HEADERS = ("Дата", "Респондент", "Роль", "Форма", "Источник")
SUMMARY_TITLE = "Сводка"
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")
NUMBER_FORMAT = "0.0#"  # the full value is stored; shown with one or two decimals


def sheet_name(title: str, taken: set[str]) -> str:
    """A valid, unique (case-insensitively) Excel sheet name of at most 31 characters."""
    base = _SHEET_BAD.sub(" ", title).strip().strip("'")[:31].strip() or "Анкета"
    name, n = base, 1
    while name.casefold() in taken:
        n += 1
        suffix = f" ({n})"
        name = base[:31 - len(suffix)].rstrip() + suffix
    taken.add(name.casefold())
    return name


def response_table(template: TemplateInfo, rows: list) -> tuple[tuple[str, ...], list[tuple]]:
    """Headers and rows of one template's sheet: the current questions, then keys only old versions had."""
    questions = list(template.questions)
    keys = {q.key for q in questions}
    for version in sorted(template.versions):
        for q in template.versions[version]:
            if q.key not in keys:
                questions.append(q)
                keys.add(q.key)
    current = {q.key for q in template.questions}
    headers = BASE_HEADERS + tuple(q.text for q in questions)
    out = []
    for r in sorted(rows, key=lambda r: (r.answered_on, r.id)):
        answers = current_answers(template, r)
        answers.update({k: v for k, v in r.answers.items() if k not in current})
        values = []
        for q in questions:
            v = answers.get(q.key)
            values.append(("да" if v else "нет") if isinstance(v, bool) else v)
        out.append((r.answered_on, r.respondent_name, RESPONDENTS.get(r.respondent_role, r.respondent_role),
                    r.group_form, RESPONSE_SOURCES.get(r.source, r.source), *values))
    return headers, out


def _sat_row(title: str, s: SatisfactionResult) -> tuple:
    return (title, s.n, s.mean_pct, s.share7_pct, METHODS[s.chosen_method], s.chosen_pct, "; ".join(s.templates))


def summary_rows(report: AnalyticsReport) -> list[tuple[str, tuple]]:
    """The «Сводка» sheet as (kind, values) lines: kind is «title», «header», «row» or «blank»."""
    f = report.flt
    period = f"{format_date(f.date_from) or '…'} – {format_date(f.date_to) or '…'}"
    lines: list[tuple[str, tuple]] = [
        ("title", ("Анализ анкетирования участников программы наставничества",)),
        ("row", ("Период", period if f.date_from or f.date_to else "весь период")),
        ("row", ("Форма наставничества", f.form or "все формы")),
        ("row", ("Респонденты", RESPONDENTS.get(f.respondent_role or "", "все"))),
        ("row", ("Ответов (по выбранным анкетам)", report.responses)),
        ("blank", ()),
        ("title", ("Уровень удовлетворённости, %",)),
        ("header", ("Участники", "Ответов", "По среднему баллу, %", "Доля ≥ 7 баллов, %",
                    "Метод для показателей", "Для показателей, %", "Учтённые анкеты")),
        ("row", _sat_row("Наставляемые", report.mentee)),
        ("row", _sat_row("Наставники", report.mentor)),
        ("blank", ()),
        ("title", ("По формам наставничества",)),
        ("header", ("Форма", "Ответов", "Наставляемые: по среднему, %", "Наставляемые: доля ≥ 7, %",
                    "Наставники: по среднему, %", "Наставники: доля ≥ 7, %")),
    ]
    lines += [("row", (r.form, r.responses, r.mentee.mean_pct, r.mentee.share7_pct, r.mentor.mean_pct,
                       r.mentor.share7_pct)) for r in report.by_form]
    lines += [("blank", ()), ("title", ("Входная и итоговая анкеты: средние баллы",)),
              ("header", ("Респонденты", "Показатель", "До (среднее)", "После (среднее)", "Изменение",
                          "Ответов до", "Ответов после", "Ответили оба раза", "До (пары)", "После (пары)",
                          "Изменение (пары)"))]
    lines += [("row", (RESPONDENTS.get(r.role, r.role), r.text, r.mean_pre, r.mean_post, r.change, r.n_pre,
                       r.n_post, r.paired_n, r.paired_pre, r.paired_post, r.paired_change))
              for r in report.pre_post]
    for t in report.templates:
        lines += [("blank", ()), ("title", (f"{t.title} — ответов: {t.responses}",)),
                  ("header", ("№", "Вопрос", "Тип", "Ответили", "Среднее", "«Да», %", "«Нет», %", "Распределение"))]
        for n, q in enumerate(t.questions, start=1):
            if q.type == "text":
                spread = " | ".join(q.open_answers)
            else:
                spread = "; ".join(f"{label}: {count}" for label, count in q.distribution if count)
            kind = {"scale": f"шкала 1–{q.max}", "yesno": "да / нет", "choice": "выбор"}.get(q.type, "открытый")
            lines.append(("row", (n, q.text, kind, q.answered, q.mean, q.yes_pct, q.no_pct, spread)))
    return lines


def _write(path: Path, sheets: list[tuple[str, tuple, list[tuple]]], summary: list[tuple[str, tuple]]) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    from app.xlsx_export import _FORMULA_STARTS, DATE_FORMAT, _abandon, _widths

    wb = Workbook(write_only=True)
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")

    def cell(ws, value: Any, *, font: Any = None, number_format: str = "", wrapped: bool = True) -> Any:  # noqa: ANN001
        if isinstance(value, str):
            value = ILLEGAL_CHARACTERS_RE.sub("", value) or None
        c = WriteOnlyCell(ws, value=value)
        if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
            c.data_type, c.quotePrefix = "s", True  # text, never a formula
        if hasattr(value, "year"):
            c.number_format = DATE_FORMAT
        elif isinstance(value, float) and number_format:
            c.number_format = number_format
        if font is not None:
            c.font = font
            if wrapped:
                c.alignment = wrap
        return c

    opened: list = []
    try:
        summary_ws = wb.create_sheet(SUMMARY_TITLE)
        opened.append(summary_ws)
        for index, width in enumerate((34, 40, 16, 16, 16, 16, 16, 16, 12, 12, 12), start=1):
            summary_ws.column_dimensions[get_column_letter(index)].width = width
        for kind, values in summary:
            if kind in ("title", "header"):
                summary_ws.append([cell(summary_ws, v, font=bold, wrapped=kind == "header") for v in values])
            else:
                summary_ws.append([cell(summary_ws, v, number_format=NUMBER_FORMAT) for v in values])
        for title, headers, rows in sheets:
            ws = wb.create_sheet(title)
            opened.append(ws)
            for index, width in enumerate(_widths(headers, rows), start=1):
                ws.column_dimensions[get_column_letter(index)].width = width
            ws.freeze_panes = "A2"
            ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(rows) + 1}"
            ws.append([cell(ws, h, font=bold) for h in headers])
            for row in rows:
                ws.append([cell(ws, v) for v in row])
    except BaseException:
        for ws in opened:
            _abandon(ws)
        raise
    wb.save(path)


def workbook_content(data: SurveyData, flt: AnalyticsFilter | None = None
                     ) -> tuple[list[tuple[str, tuple, list[tuple]]], list[tuple[str, tuple]], int]:
    """(response sheets, summary lines, responses written) for ``flt``."""
    flt = flt or AnalyticsFilter()
    rows = filter_rows(data.rows, flt)
    ids = [flt.template_id] if flt.template_id is not None else sorted({r.template_id for r in rows})
    taken = {SUMMARY_TITLE.casefold()}
    sheets, written = [], 0
    for template_id in ids:
        template = data.templates.get(template_id)
        if template is None:
            continue
        mine = [r for r in rows if r.template_id == template_id]
        headers, table = response_table(template, mine)
        sheets.append((sheet_name(template.title, taken), headers, table))
        written += len(table)
    return sheets, summary_rows(build_report(data, flt)), written


def write_surveys_xlsx(session, *, path: Path, template_id: int | None = None,  # noqa: ANN001
                       flt: AnalyticsFilter | None = None,
                       progress: Callable[[int, int], None] | None = None) -> int:
    """Write the responses (one template or all, narrowed by ``flt``) and the analytics to ``path``
    atomically; returns the number of responses written."""
    from dataclasses import replace

    from app.files import write_atomically

    flt = flt or AnalyticsFilter()
    if template_id is not None:
        flt = replace(flt, template_id=template_id)
    data = load_data(session)
    if progress is not None:
        progress(1, 3)
    sheets, summary, written = workbook_content(data, flt)
    if progress is not None:
        progress(2, 3)
    write_atomically(Path(path), lambda tmp: _write(tmp, sheets, summary))
    if progress is not None:
        progress(3, 3)
    return written


__all__ = ["BASE_HEADERS", "SUMMARY_TITLE", "response_table", "sheet_name", "summary_rows", "workbook_content",
           "write_surveys_xlsx"]
