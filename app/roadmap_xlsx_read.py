"""Reading a roadmap xlsx: the rows, the header columns, the «Статус» and «Подтверждение» cells, the file's year."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from app.errors import Issue, ValidationError
from app.roadmap_rules import academic_year_code, resolve_deadline
from app.schemas_roadmap import COLUMNS, STATUSES
from app.xlsx_values import parse_date_cell, single_line

_STATUS_BY_TEXT = {text: code for code, text in STATUSES.items()}
_EVIDENCE = re.compile(r"^№\s*(?P<number>.*?)(?:\s+от\s+(?P<date>\d{1,2}\.\d{1,2}\.\d{2,4}))?\s*(?:;\s*(?P<note>.*))?$")
_FILE = re.compile(r"(?:^|;\s*)файл:\s*(?P<path>.+)$")
_DONE = re.compile(r"^(?P<status>.*?)\s+(?P<date>\d{1,2}\.\d{1,2}\.\d{4})$")
_TITLE_YEAR = re.compile(r"на\s+(\d{4})\s*[/–-]\s*(\d{4})\s+учебн", re.I)


def read_rows(path: Path) -> list[tuple]:
    import openpyxl

    path = Path(path)
    if not path.is_file():
        raise ValidationError([Issue("файл не найден")], source=path.name)
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - zipfile/xml/openpyxl raise many kinds; all mean «unreadable»
        raise ValidationError([Issue("файл не удалось открыть как книгу Excel (.xlsx)")], source=path.name) from None
    try:
        for ws in wb.worksheets:
            rows = [tuple(r) for r in ws.iter_rows(values_only=True)]
            if any(header_columns(r) for r in rows[:30]):
                return rows
    finally:
        wb.close()
    raise ValidationError([Issue("не найдена строка заголовка с колонками «№ п/п», «Наименование мероприятия», "
                                 "«Срок»")], source=path.name)


def _norm(value: object) -> str:
    return single_line(value).lower().replace("ё", "е").rstrip(".:")


def header_columns(row: tuple) -> dict[str, int] | None:
    """Column index of each known header in ``row`` when it has at least the title and the deadline."""
    known = {_norm(c): c for c in COLUMNS}
    aliases = {"№": "№ п/п", "наименование мероприятий": "Наименование мероприятия",
               "мероприятие": "Наименование мероприятия",
               "срок реализации": "Срок", "сроки": "Срок", "ответственные": "Ответственный",
               "ответственный исполнитель": "Ответственный", "результат": "Результат / вид документа",
               "результат. вид документа": "Результат / вид документа"}
    found = {}
    for index, value in enumerate(row):
        text = _norm(value)
        name = known.get(text) or aliases.get(text)
        if name and name not in found:
            found[name] = index
    return found if {"Наименование мероприятия", "Срок"} <= set(found) else None


def parse_evidence(text: str) -> tuple[str, dt.date | None, str, str]:
    """(number, date, note, file path) of a «Подтверждение» cell."""
    path = ""
    if m := _FILE.search(text):
        path, text = m.group("path").strip(), text[:m.start()].strip()
    m = _EVIDENCE.match(text)
    if not m:
        return "", None, text, path
    day = parse_date_cell(m.group("date"), allow_year=False)[0] if m.group("date") else None
    return m.group("number").strip(), day, (m.group("note") or "").strip(), path


def parse_status(text: str) -> tuple[str | None, dt.date | None]:
    """(status code or None when unknown, completion date) of «выполнено 26.11.2026», «в работе», …"""
    day = None
    if m := _DONE.match(text):
        text, day = m.group("status"), parse_date_cell(m.group("date"), allow_year=False)[0]
    norm = _norm(text)
    if not norm:
        return "planned", None
    return _STATUS_BY_TEXT.get(norm) or (norm if norm in STATUSES else None), day


def file_year(rows: list[tuple], header_index: int, columns: dict[str, int]) -> str | None:
    """The academic year a file was made for: its title «… на 2026/2027 учебный год», else most deadlines."""
    from collections import Counter

    for row in rows[:header_index]:
        for value in row:
            if m := _TITLE_YEAR.search(single_line(value)):
                return f"{m.group(1)}/{m.group(2)}"
    votes: Counter = Counter()
    index = columns["Срок"]
    for row in rows[header_index + 1:]:
        value = row[index] if index < len(row) else None
        if isinstance(value, (dt.date, dt.datetime)):
            votes[academic_year_code(value if isinstance(value, dt.date) else value.date())] += 1
        elif (text := single_line(value)) and re.search(r"\b(19|20)\d{2}\b", text):
            try:
                days = [d for d, _t, _r in resolve_deadline(text, "2000/2001") if d]
            except ValueError:
                continue
            votes.update(academic_year_code(d) for d in days)
    return votes.most_common(1)[0][0] if votes else None
