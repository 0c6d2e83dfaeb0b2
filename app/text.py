"""Text helpers: Cyrillic-safe search keys, names, Russian dates."""

from __future__ import annotations

import datetime as dt
import re

_SPACES = re.compile(r"\s+")


def fold(text: str | None) -> str:
    """Search key: casefolded, «ё» folded to «е», spaces collapsed."""
    if not text:
        return ""
    return " ".join(text.casefold().replace("ё", "е").split())  # split(): the spaces of \s+


def clean(text: str | None) -> str:
    """Trim and collapse inner whitespace; None becomes an empty string."""
    if text is None:
        return ""
    return _SPACES.sub(" ", str(text).replace("\u00a0", " ")).strip()


def full_name(last: str, first: str, middle: str = "") -> str:
    return " ".join(p for p in (last, first, middle) if p)


def short_name(last: str, first: str, middle: str = "") -> str:
    """«Иванов И.И.» form used in documents."""
    initials = "".join(f"{p[0]}." for p in (first, middle) if p)
    return f"{last} {initials}".strip()


def format_date(value: dt.date | None) -> str:
    """ДД.ММ.ГГГГ, or an empty string."""
    return f"{value.day:02d}.{value.month:02d}.{value.year:04d}" if value else ""


_DATE_RE = re.compile(r"^\s*(\d{1,2})[./-](\d{1,2})[./-](\d{2,4})\s*$")
_ISO_RE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")


def parse_date(text: str) -> dt.date:
    """Parse «дд.мм.гггг» (or ISO) text; raises ValueError with Russian text."""
    text = clean(text)
    m = _DATE_RE.match(text)
    if m:
        day, month, year = (int(g) for g in m.groups())
        if year < 100:
            year += 2000 if year < 50 else 1900
    else:
        m = _ISO_RE.match(text)
        if not m:
            raise ValueError(f"«{text}» — не дата; ожидается ДД.ММ.ГГГГ")
        year, month, day = (int(g) for g in m.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"«{text}» — такой даты нет") from None


def class_parallel(group: str | None) -> int | None:
    """The parallel (1–11) of a class name like «7А» or «10 Б»; None otherwise."""
    if not group:
        return None
    m = re.match(r"^\s*(\d{1,2})", group)
    if not m:
        return None
    value = int(m.group(1))
    return value if 1 <= value <= 11 else None


def plural(n: int, one: str, few: str, many: str) -> str:
    """Russian plural form for ``n`` (1 место, 2 места, 5 мест)."""
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many
