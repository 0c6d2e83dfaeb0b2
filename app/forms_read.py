"""Read a Yandex Forms / Google Forms export (xlsx or csv) into a table: headers, rows, meta columns."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from app.errors import Issue, ValidationError
from app.text import clean, fold

Progress = Callable[[int, int], None]
NAME_FIELD, DATE_FIELD, CLASS_FIELD = "@name", "@date", "@class"  # remembered with the question mapping

_TIMESTAMPS = ("отметка времени", "timestamp", "время создания", "дата и время", "дата создания",
               "дата заполнения", "время заполнения", "время отправки", "дата отправки", "дата")
_IGNORED = {"id", "№", "n", "адрес электронной почты", "электронная почта", "email", "e-mail", "почта",
            "время изменения", "дата изменения", "баллы", "score", "ip", "ip-адрес", "user agent",
            "useragent", "ответ изменен", "статус"}
_CLASSES = {"класс", "ваш класс", "класс, буква", "класс (группа)", "класс/группа", "группа", "ваша группа",
            "в каком классе вы учитесь", "класс обучения"}
_HEADER_SCAN = 10


@dataclass(frozen=True)
class FormTable:
    """A forms export: headers (unique, cleaned), raw rows, their row numbers in the file, detected columns."""

    source: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    row_numbers: tuple[int, ...]
    timestamp_col: int | None = None
    name_cols: tuple[int, ...] = ()
    class_col: int | None = None
    ignored_cols: tuple[int, ...] = ()
    provider: str = ""  # «Google Формы», «Яндекс Формы» or ""

    def examples(self, index: int, limit: int = 3) -> list[str]:
        """The first distinct non-empty values of a column, as short text."""
        out: list[str] = []
        for value in (row[index] for row in self.rows):
            text = display_value(value)
            if text and text not in out:
                out.append(text[:40])
                if len(out) == limit:
                    break
        return out

    def respondent_names(self) -> list[str]:
        """The typed name of each row (separate «Фамилия», «Имя» columns joined); with the class if given."""
        out = []
        for row in self.rows:
            parts = [clean(display_value(row[i])) for i in self.name_cols]
            if self.class_col is not None and any(parts):
                parts.append(clean(display_value(row[self.class_col])))
            out.append(" ".join(p for p in parts if p))
        return out

    def meta_cols(self) -> set[int]:
        cols = set(self.name_cols) | set(self.ignored_cols)
        cols |= {c for c in (self.timestamp_col, self.class_col) if c is not None}
        return cols

    def question_cols(self) -> list[int]:
        meta = self.meta_cols()
        return [i for i in range(len(self.headers)) if i not in meta]


def display_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, dt.date):
        return f"{value.day:02d}.{value.month:02d}.{value.year:04d}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return clean(str(value))


def _fail(path: Path, message: str) -> ValidationError:
    return ValidationError([Issue(message)], source=path.name)


def _key(header: str) -> str:
    return fold(header).rstrip(":?*. ")


def _header_row(rows: list[tuple]) -> int | None:
    """The first row filled at least half as wide as the widest of the first rows (skips a form title)."""
    counts = [sum(1 for c in row if display_value(c)) for row in rows[:_HEADER_SCAN]]
    widest = max(counts, default=0)
    if widest < 2:
        return None
    return next(i for i, n in enumerate(counts) if n >= max(2, (widest + 1) // 2))


def _unique_headers(raw: tuple) -> tuple[str, ...]:
    out: list[str] = []
    for index, cell in enumerate(raw):
        text = display_value(cell).replace("\n", " ").strip() or f"Столбец {index + 1}"
        base, n = text, 2
        while text in out:
            text, n = f"{base} ({n})", n + 1
        out.append(text)
    return tuple(out)


def _name_cols(keys: list[str]) -> tuple[int, ...]:
    """The column(s) with the respondent's name: «ФИО»/«Фамилия, имя» or separate «Фамилия», «Имя», «Отчество»."""
    last = [i for i, k in enumerate(keys) if k == "фамилия"]
    if last:
        first = [i for i, k in enumerate(keys) if k == "имя"]
        middle = [i for i, k in enumerate(keys) if k == "отчество"]
        return tuple([last[0]] + first[:1] + middle[:1])
    best, best_score = None, 0
    for i, k in enumerate(keys):
        score = 0
        if re.search(r"\bфио\b|ф\.\s*и\.\s*о|\bфамилия\b", k):
            score = 3
        elif re.search(r"\bимя\b|как вас зовут|представьтесь", k):
            score = 2
        if score and "наставни" in k:
            score -= 1  # «ФИО вашего наставника» is not the respondent
        if score and len(k) > 80:
            score -= 1
        if score > best_score:
            best, best_score = i, score
    return (best,) if best is not None else ()


def read_form_file(*, path: Path, progress: Progress | None = None) -> FormTable:
    """Read an export of Yandex Forms or Google Forms; a ValidationError naming the file when it is not one."""
    from app.xlsx_read import read_rows

    path = Path(path)
    rows = read_rows(path, kind="mentees", progress=progress)
    header_index = _header_row(rows)
    if header_index is None:
        raise _fail(path, "в файле нет таблицы ответов: не найдена строка с заголовками столбцов")
    headers = _unique_headers(rows[header_index])
    width = len(headers)
    data, numbers = [], []
    for number, row in enumerate(rows[header_index + 1:], start=header_index + 2):
        cells = tuple(row[:width]) + (None,) * (width - len(row))
        if any(display_value(c) for c in cells):
            data.append(cells)
            numbers.append(number)
    if not data:
        raise _fail(path, "в файле нет ни одного ответа (под заголовками пусто)")
    keys = [_key(h) for h in headers]
    stamps = [(_TIMESTAMPS.index(k), i) for i, k in enumerate(keys) if k in _TIMESTAMPS]
    timestamp = min(stamps)[1] if stamps else None
    names = tuple(i for i in _name_cols(keys) if i != timestamp)
    klass = next((i for i, k in enumerate(keys) if k in _CLASSES and i not in names), None)
    ignored = tuple(i for i, k in enumerate(keys) if k in _IGNORED and i != timestamp and i not in names)
    if timestamp is None and not names:
        raise _fail(path, "файл не похож на выгрузку ответов Яндекс Форм или Google Форм: нет ни столбца "
                          "«Отметка времени» («Время создания»), ни столбца с фамилией и именем")
    table = FormTable(path.name, headers, tuple(data), tuple(numbers), timestamp, names, klass, ignored)
    if not table.question_cols():
        raise _fail(path, "в файле нет столбцов с ответами на вопросы")
    provider = ""
    if timestamp is not None and keys[timestamp] == "отметка времени":
        provider = "Google Формы"
    elif "id" in keys or (timestamp is not None and keys[timestamp] in ("время создания", "дата и время")):
        provider = "Яндекс Формы"
    return replace(table, provider=provider)


def with_remembered_columns(table: FormTable, remembered: dict[str, str]) -> FormTable:
    """Use the name/date/class columns remembered from the last import of this template, when present."""
    by_key = {_key(h): i for i, h in enumerate(table.headers)}
    found: dict[str, list[int]] = {}
    for header, target in remembered.items():
        index = by_key.get(_key(header))
        if index is not None and target in (NAME_FIELD, DATE_FIELD, CLASS_FIELD):
            found.setdefault(target, []).append(index)
    if not found:
        return table
    names = tuple(sorted(found.get(NAME_FIELD, []))) or table.name_cols
    stamp = found.get(DATE_FIELD, [table.timestamp_col])[0]
    klass = found.get(CLASS_FIELD, [table.class_col])[0]
    ignored = tuple(i for i in table.ignored_cols if i not in names and i not in (stamp, klass))
    return replace(table, name_cols=names, timestamp_col=stamp, class_col=klass, ignored_cols=ignored)


_DMY = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\.(\d{2,4})")
_YMD = re.compile(r"^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_MDY = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})")


def parse_timestamp(value: Any) -> dt.date | None:
    """The date of a form timestamp: a date cell, «12.10.2026 14:03:11», «2026-10-12 14:03», «2026/10/12 …»."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 20000 < value < 80000:
        return dt.date(1899, 12, 30) + dt.timedelta(days=int(value))  # an Excel serial number
    text = display_value(value)
    for pattern, order in ((_DMY, "dmy"), (_YMD, "ymd"), (_MDY, "mdy")):
        m = pattern.match(text)
        if m:
            a, b, c = (int(g) for g in m.groups())
            day, month, year = {"dmy": (a, b, c), "ymd": (c, b, a), "mdy": (b, a, c)}[order]
            year += 2000 if year < 100 else 0
            try:
                return dt.date(year, month, day)
            except ValueError:
                return None
    return None
