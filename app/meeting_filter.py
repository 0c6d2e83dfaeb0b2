"""Filtering and sorting of the meeting journal in memory (pure; fast enough for 20,000 meetings)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from app.meeting_rules import needs_feedback
from app.schemas_meetings import MEETING_FORMATS, MeetingRow
from app.text import fold, format_date

MEETING_COLUMNS: tuple[str, ...] = ("Дата", "Время", "Пара/группа", "Тип", "Формат", "Тема", "Итоги",
                                    "ОС наставляемого", "ОС наставника", "Отсутствовали")
_FEEDBACK_ORDER = {"нет": 0, "—": 1, "да": 2}  # missing feedback first when sorted ascending
_CACHE_LIMIT = 200_000
# id(row) → folded search text; ``_kept`` holds the rows themselves so that an id is never reused meanwhile.
_texts: dict[int, str] = {}
_kept: dict[int, MeetingRow] = {}


@dataclass(frozen=True)
class MeetingFilter:
    """What the journal's filter bar selects; empty/None fields do not filter."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    group_id: int | None = None
    mentor_id: int | None = None
    kind: str = ""
    format: str = ""
    feedback_missing: bool = False
    text: str = ""

    @property
    def is_empty(self) -> bool:
        return self == MeetingFilter()


def feedback_missing(row: MeetingRow) -> bool:
    """A working (or group) meeting without feedback from the mentee or the mentor."""
    return needs_feedback(row.stage) and not (row.feedback_mentee and row.feedback_mentor)


def search_text(row: MeetingRow) -> str:
    """Everything the search box looks in, folded («ё» = «е», case-insensitive)."""
    parts = (row.group_label, row.mentor_name, " ".join(row.mentee_names), row.kind, row.topic, row.outcome,
             row.next_steps, MEETING_FORMATS.get(row.format, row.format), format_date(row.date), row.start_time,
             " ".join(row.absent_names), row.form)
    return fold(" ".join(p for p in parts if p))


def index_rows(rows: list[MeetingRow]) -> None:
    """Fold the search texts of ``rows`` in advance (e.g. in the background load), replacing older ones."""
    global _texts, _kept  # noqa: PLW0603 - swapped whole, so a reader on another thread sees one or the other
    _texts = {id(r): search_text(r) for r in rows}
    _kept = {id(r): r for r in rows}


def forget_rows() -> None:
    """Drop every folded text."""
    index_rows([])


def _ensure_texts(rows: list[MeetingRow]) -> dict[int, str]:
    """The folded-text cache, with any row of ``rows`` not folded yet added."""
    texts, kept = _texts, _kept
    new = [r for r in rows if id(r) not in texts]
    if new:
        if len(texts) + len(new) > _CACHE_LIMIT:
            index_rows([])
            texts, kept = _texts, _kept
            new = list(rows)
        for r in new:
            texts[id(r)] = search_text(r)
            kept[id(r)] = r
    return texts


def filter_meetings(rows: list[MeetingRow], *, flt: MeetingFilter) -> list[MeetingRow]:
    """The rows ``flt`` accepts, in their order; several search words must all be found.

    Each condition narrows the list in turn (cheap ones first), so combined filters cost less, not more.
    """
    out = list(rows)
    if flt.group_id is not None:
        out = [r for r in out if r.group_id == flt.group_id]
    if flt.mentor_id is not None:
        out = [r for r in out if r.mentor_id == flt.mentor_id]
    if flt.date_from is not None:
        out = [r for r in out if r.date >= flt.date_from]
    if flt.date_to is not None:
        out = [r for r in out if r.date <= flt.date_to]
    if flt.format:
        out = [r for r in out if r.format == flt.format]
    if flt.kind:
        kind = fold(flt.kind)
        kinds = {k for k in {r.kind for r in out} if fold(k) == kind}
        out = [r for r in out if r.kind in kinds]
    if flt.feedback_missing:
        out = [r for r in out if not (r.feedback_mentee and r.feedback_mentor) and needs_feedback(r.stage)]
    words = fold(flt.text).split()
    if words:
        texts = _ensure_texts(out)
        for word in sorted(words, key=len, reverse=True):  # the longest word leaves the fewest rows
            out = [r for r in out if word in texts[id(r)]]
    return out


def feedback_text(row: MeetingRow, *, mentor: bool) -> str:
    """«да», «нет» (required but missing) or «—» (not required and not received)."""
    got = row.feedback_mentor if mentor else row.feedback_mentee
    if got:
        return "да"
    return "нет" if needs_feedback(row.stage) else "—"


def sort_key(row: MeetingRow, column: int) -> Any:
    """The sort key of ``row`` by journal column ``column`` (see MEETING_COLUMNS)."""
    if column == 0:
        return row.date.toordinal(), row.start_time, row.id
    if column == 1:
        return row.start_time, row.date.toordinal()
    if column == 2:
        return fold(row.group_label)
    if column == 3:
        return fold(row.kind)
    if column == 4:
        return row.format
    if column == 5:
        return fold(row.topic)
    if column == 6:
        return fold(row.outcome)
    if column in (7, 8):
        return _FEEDBACK_ORDER[feedback_text(row, mentor=column == 8)]
    if column == 9:
        return len(row.absent_names), fold(", ".join(row.absent_names))
    return row.id


def sort_meetings(rows: list[MeetingRow], *, column: int, descending: bool = False) -> list[MeetingRow]:
    """A sorted copy; ties keep the given order."""
    if not 0 <= column < len(MEETING_COLUMNS):
        return list(rows)
    return sorted(rows, key=lambda r: sort_key(r, column), reverse=descending)


__all__ = ["MEETING_COLUMNS", "MeetingFilter", "feedback_missing", "feedback_text", "filter_meetings", "forget_rows",
           "index_rows", "search_text", "sort_key", "sort_meetings"]
