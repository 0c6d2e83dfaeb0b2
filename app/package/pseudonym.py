"""Pseudonymous ids (HMAC-SHA256 of a record UUID with the school's secret), ages and age bands."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac

from app.package.format import PSEUDONYM_LENGTH

AGE_BANDS = ((0, 9, "0-9"), (10, 14, "10-14"), (15, 17, "15-17"), (18, 19, "18-19"), (20, 24, "20-24"),
             (25, 34, "25-34"), (35, 49, "35-49"), (50, 200, "50+"))


class Pseudonymizer:
    """Stable pseudonyms: the same UUID and secret always give the same id; without the secret none can be reversed."""

    def __init__(self, secret: str) -> None:
        self._key = secret.encode("utf-8")

    def __call__(self, uuid: str) -> str:
        return hmac.new(self._key, uuid.encode("ascii"), hashlib.sha256).hexdigest()[:PSEUDONYM_LENGTH]


def reference_date(age_reference: str, period_end: dt.date) -> dt.date:
    """The latest day with month-day ``MM-DD`` on or before the period's end (29 February → 28 in other years)."""
    month, day = (int(x) for x in age_reference.split("-"))

    def on(year: int) -> dt.date:
        try:
            return dt.date(year, month, day)
        except ValueError:
            return dt.date(year, month, 28)

    candidate = on(period_end.year)
    return candidate if candidate <= period_end else on(period_end.year - 1)


def age_on(day: dt.date, *, birth_date: dt.date | None, birth_year: int | None) -> int | None:
    """Full years on ``day``; from a birth year alone the difference of years."""
    if birth_date is not None:
        return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))
    if birth_year:
        return day.year - birth_year
    return None


def age_band(age: int | None) -> str | None:
    if age is None or age < 0:
        return None
    return next(label for low, high, label in AGE_BANDS if low <= age <= high)
