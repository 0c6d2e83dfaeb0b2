"""The school's reporting deadline for a quarter, from the calendar its setup file stored (Qt-free)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.text import format_date, plural

SOON_DAYS = 7  # from this many days before the deadline the note turns orange
PREFIX = "Срок сдачи пакета в управление образования"


@dataclass(frozen=True)
class DeadlineNote:
    """What the «Мониторинг» tab says about a quarter's deadline; ``level``: ok, soon, late or sent."""

    period: str
    deadline: dt.date
    days_left: int
    exported_on: dt.date | None
    level: str
    text: str


def _days(n: int) -> str:
    return f"{n} {plural(n, 'день', 'дня', 'дней')}"


def _local_date(stamp: dt.datetime) -> dt.date:
    """A naive UTC timestamp of the database as the local calendar date."""
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=dt.timezone.utc)
    return stamp.astimezone().date()


def describe(*, period: str, deadline: dt.date, today: dt.date, exported_on: dt.date | None = None) -> DeadlineNote:
    """The note for one quarter: days left, «сегодня», passed, or when the package was already written."""
    left = (deadline - today).days
    head = f"{PREFIX}: {format_date(deadline)}"
    if exported_on is not None:
        return DeadlineNote(period, deadline, left, exported_on, "sent",
                            f"{head} (пакет за квартал выгружен {format_date(exported_on)})")
    if left < 0:
        return DeadlineNote(period, deadline, left, None, "late",
                            f"{head} — срок прошёл {_days(-left)} назад, пакет не выгружен")
    when = "сегодня" if left == 0 else "завтра" if left == 1 else f"через {_days(left)}"
    return DeadlineNote(period, deadline, left, None, "soon" if left <= SOON_DAYS else "ok", f"{head} ({when})")


def deadline_note(session, *, period: str, today: dt.date) -> DeadlineNote | None:  # noqa: ANN001 - Session
    """The stored deadline of quarter ``period`` (None without a calendar or for a year), with the export log."""
    from sqlmodel import select

    from db.models import PackageExport
    from db.models_municipality import ReportingDeadline

    row = session.exec(select(ReportingDeadline).where(ReportingDeadline.period == period)).first()
    if row is None:
        return None
    stamps = list(session.exec(select(PackageExport.created_at).where(PackageExport.period == period)))
    exported_on = _local_date(max(stamps)) if stamps else None
    return describe(period=period, deadline=row.deadline, today=today, exported_on=exported_on)


__all__ = ["DeadlineNote", "SOON_DAYS", "deadline_note", "describe"]
