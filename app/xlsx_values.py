"""Cell values of an imported base: text, dates, numbers, names, tags, ages, statuses."""

from __future__ import annotations

import datetime as dt
import re

from app.schemas import MENTEE_STATUSES, MENTOR_STATUSES
from app.text import clean, fold, parse_date

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_TIME_TAIL = re.compile(r"\s+\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$")
_YEAR_TAIL = re.compile(r"\s*(г\.?|год|года)$", re.IGNORECASE)
_YEAR = re.compile(r"^\d{4}$")
_NUMBER = re.compile(r"^\s*(\d+(?:[.,]\d+)?)")
_LEADING_DATE = re.compile(r"^\s*(\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}-\d{1,2}-\d{1,2})\s*[,;:–—-]?\s*(.*)$", re.S)
_TAG_SPLIT = re.compile(r"[,;\n\r]+")
_NON_WORD = re.compile(r"[^0-9a-zа-я]+")
MIN_SERIAL, MAX_SERIAL = 2, 2958465  # Excel day numbers 01.01.1900 … 31.12.9999


def normalize_header(text: object) -> str:
    """Header key: case-folded, «ё» as «е», punctuation and spaces removed."""
    if text is None:
        return ""
    return _NON_WORD.sub("", str(text).casefold().replace("ё", "е"))


def cell_text(value: object) -> str:
    """Raw text of a cell (no trimming); numbers without a «.0» tail, dates as ДД.ММ.ГГГГ."""
    if value is None:
        return ""
    if isinstance(value, str):
        return _CONTROL.sub("", value)
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        value = value.date() if value.time() == dt.time() else value
        return value.strftime("%d.%m.%Y %H:%M") if isinstance(value, dt.datetime) else value.strftime("%d.%m.%Y")
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    return str(value)


def single_line(value: object) -> str:
    """Trimmed one-line text: NBSP and runs of spaces/newlines become one space."""
    if value is None:
        return ""
    if type(value) is str:
        text = value.strip()
        if text.isprintable() and "  " not in text:  # the usual case: nothing to fix
            return text
    return clean(cell_text(value))


def multi_line(value: object) -> str:
    """Trimmed text keeping its line breaks."""
    if value is None:
        return ""
    lines = (clean(line) for line in cell_text(value).replace("\r\n", "\n").split("\n"))
    return "\n".join(lines).strip()


def is_empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())  # str.strip() removes NBSP too


def split_full_name(text: str) -> tuple[str, str, str]:
    """«Иванов Пётр Сергеевич оглы» → last, first, middle (extra words go to the middle name)."""
    words = clean(text).split(" ")
    words = [w for w in words if w]
    if not words:
        return "", "", ""
    return words[0], words[1] if len(words) > 1 else "", " ".join(words[2:])


def split_tags(value: object) -> tuple[str, ...]:
    """Tags split on «,», «;» and line breaks; duplicates (ignoring case and «ё») dropped."""
    if value is None:
        return ()
    seen: dict[str, str] = {}
    for part in _TAG_SPLIT.split(cell_text(value)):
        tag = clean(part)
        if tag:
            seen.setdefault(fold(tag), tag)
    return tuple(seen.values())


def _from_serial(number: float) -> dt.date:
    return dt.date(1899, 12, 30) + dt.timedelta(days=int(number))


def parse_date_cell(value: object, *, allow_year: bool) -> tuple[dt.date | None, int | None]:
    """A date cell: (date, None), or (None, year) for a bare year when ``allow_year``.

    Raises ValueError with Russian text for anything else."""
    if is_empty(value):
        return None, None
    if isinstance(value, dt.datetime):
        return value.date(), None
    if isinstance(value, dt.date):
        return value, None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if float(value).is_integer() and 1000 <= value <= 2200:
            if not allow_year:
                raise ValueError(f"указан только год ({int(value)}) — нужна дата ДД.ММ.ГГГГ")
            return None, int(value)
        if MIN_SERIAL <= value <= MAX_SERIAL:
            return _from_serial(value), None
        raise ValueError(f"«{cell_text(value)}» — не дата; ожидается ДД.ММ.ГГГГ")
    text = _YEAR_TAIL.sub("", _TIME_TAIL.sub("", single_line(value)))
    if _YEAR.match(text):
        if not allow_year:
            raise ValueError(f"указан только год ({text}) — нужна дата ДД.ММ.ГГГГ")
        return None, int(text)
    return parse_date(text), None


def parse_number(value: object, *, integer: bool) -> float | int | None:
    """A number cell or text like «3,5» or «3 года»; raises ValueError with Russian text."""
    if is_empty(value):
        return None
    if isinstance(value, bool):
        raise ValueError(f"«{cell_text(value)}» — не число")
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        m = _NUMBER.match(single_line(value))
        if not m:
            raise ValueError(f"«{single_line(value)}» — не число")
        number = float(m.group(1).replace(",", "."))
    if integer:
        if not number.is_integer():
            raise ValueError(f"«{cell_text(value)}» — нужно целое число")
        return int(number)
    return number


def parse_age_range(value: object) -> tuple[int | None, int | None, bool]:
    """«10-14», «от 12 до 16», «до 14», «12» → (min, max, recognised)."""
    if is_empty(value):
        return None, None, True
    text = fold(single_line(value))
    numbers = [int(n) for n in re.findall(r"\d+", text)]
    if len(numbers) >= 2:
        return numbers[0], numbers[1], True
    if len(numbers) == 1:
        n = numbers[0]
        if text.startswith("до") or "младше" in text:
            return None, n, True
        if text.startswith(("от", "с ", "старше")) or text.endswith("+"):
            return n, None, True
        return n, n, True
    return None, None, False


_NO = {"нет", "не", "-", "—", "–", "непроходил", "непройдено", "непрошел", "непрошла"}


def parse_training(value: object) -> tuple[dt.date | None, str]:
    """«Отметка о прохождении обучения»: a date, «дата, документ», «да» or any text."""
    if is_empty(value):
        return None, ""
    if isinstance(value, (dt.date, int, float)) and not isinstance(value, bool):
        try:
            return parse_date_cell(value, allow_year=False)[0], ""
        except ValueError:
            return None, single_line(value)
    text = multi_line(value)
    if normalize_header(text) in _NO or text in _NO:
        return None, ""
    m = _LEADING_DATE.match(text)
    if m:
        try:
            return parse_date(m.group(1)), clean(m.group(2))
        except ValueError:
            pass
    return None, text


_MENTEE_WORDS = (("впрограмм", "active"), ("активн", "active"), ("участвует", "active"), ("участник", "active"),
                 ("заверш", "finished"), ("прош", "finished"), ("выбыл", "left"), ("отчисл", "left"),
                 ("выбыв", "left"))
_MENTOR_WORDS = (("кандидат", "candidate"), ("впрограмм", "active"), ("активн", "active"),
                 ("действующ", "active"), ("наставник", "active"), ("прош", "finished"), ("заверш", "finished"))


def parse_status(kind: str, value: object) -> str | None:
    """The status code of a «Статус» cell; None when empty; raises ValueError when unknown."""
    text = single_line(value)
    if not text:
        return None
    codes = MENTEE_STATUSES if kind == "mentees" else MENTOR_STATUSES
    if text in codes:
        return text
    key = normalize_header(text)
    for code, label in codes.items():
        if normalize_header(label) == key:
            return code
    for prefix, code in (_MENTEE_WORDS if kind == "mentees" else _MENTOR_WORDS):
        if key.startswith(prefix):
            return code
    allowed = ", ".join(f"«{label}»" for label in codes.values())
    raise ValueError(f"неизвестный статус «{text}»; допустимо: {allowed}")


_CATEGORY_SYNONYMS = {"ученик": "обучающийся", "ученица": "обучающийся", "обучающаяся": "обучающийся",
                      "школьник": "обучающийся", "учащийся": "обучающийся", "учитель": "педагог",
                      "учительница": "педагог", "преподаватель": "педагог", "молодойпедагог": "молодой специалист",
                      "студентка": "студент"}


def match_category(text: str, known: dict[str, str]) -> str | None:
    """The reference-list spelling of a category (``known``: folded → name); None when unknown."""
    key = fold(text)
    if key in known:
        return known[key]
    synonym = _CATEGORY_SYNONYMS.get(normalize_header(text))
    if synonym and fold(synonym) in known:
        return known[fold(synonym)]
    return None


def row_ranges(rows: list[int], limit: int = 12) -> str:
    """«3–7, 9, 12 (всего 7)» for a list of row numbers."""
    spans: list[tuple[int, int]] = []
    for n in sorted(rows):
        if spans and n == spans[-1][1] + 1:
            spans[-1] = (spans[-1][0], n)
        else:
            spans.append((n, n))
    parts = [str(a) if a == b else f"{a}–{b}" for a, b in spans[:limit]]
    text = ", ".join(parts) + (" …" if len(spans) > limit else "")
    return text + (f" (всего {len(rows)})" if len(rows) > 1 else "")
