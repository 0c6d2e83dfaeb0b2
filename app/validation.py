"""Validation of person records with Russian messages naming the field."""

from __future__ import annotations

import datetime as dt
import re

from app.errors import Issue
from app.schemas import CONSENT_KINDS, CONSENT_SIGNERS, MENTEE_STATUSES, MENTOR_STATUSES, MenteeData, MentorData

MIN_YEAR = 1920
_NAME_RE = re.compile(r"^[A-Za-zА-Яа-яЁё][A-Za-zА-Яа-яЁё'’ .\-]*$")


def _today() -> dt.date:
    return dt.date.today()


def check_name(value: str, *, field: str, required: bool) -> list[Issue]:
    if not value:
        return [Issue("обязательное поле", field=field)] if required else []
    if not _NAME_RE.match(value):
        return [Issue("допустимы только буквы, пробел, дефис и апостроф", field=field)]
    if len(value) > 60:
        return [Issue("слишком длинно (более 60 символов)", field=field)]
    return []


def check_birth(birth_date: dt.date | None, birth_year: int | None) -> list[Issue]:
    issues: list[Issue] = []
    year = birth_date.year if birth_date else birth_year
    if year is None:
        return issues
    today = _today()
    if birth_date and birth_date > today:
        issues.append(Issue("дата рождения в будущем", field="Дата рождения"))
    elif not MIN_YEAR <= year <= today.year:
        issues.append(Issue(f"год рождения должен быть от {MIN_YEAR} до {today.year}", field="Дата рождения"))
    if birth_date and birth_year and birth_year != birth_date.year:
        issues.append(Issue("год рождения не совпадает с датой рождения", field="Год рождения"))
    return issues


def check_dates(entry: dt.date | None, exit_: dt.date | None, birth_year: int | None) -> list[Issue]:
    issues: list[Issue] = []
    today = _today()
    if entry and entry > today + dt.timedelta(days=366):
        issues.append(Issue("дата вхождения слишком далеко в будущем", field="Дата вхождения в программу"))
    if entry and birth_year and entry.year < birth_year:
        issues.append(Issue("дата вхождения раньше рождения", field="Дата вхождения в программу"))
    if entry and exit_ and exit_ < entry:
        issues.append(Issue("дата завершения раньше даты вхождения", field="Дата завершения программы"))
    return issues


def check_consents(consents) -> list[Issue]:  # noqa: ANN001 - iterable of ConsentData
    issues: list[Issue] = []
    for n, c in enumerate(consents, start=1):
        where = f"Согласие {n}"
        if c.kind not in CONSENT_KINDS:
            issues.append(Issue("неизвестный вид согласия", field=where))
        if c.signer not in CONSENT_SIGNERS:
            issues.append(Issue("неизвестно, кем подписано", field=where))
        if c.signer == "representative" and not c.representative_name.strip():
            issues.append(Issue("укажите ФИО законного представителя", field=where))
        if c.signed_on is None:
            issues.append(Issue("укажите дату подписания", field=where))
        elif c.signed_on > _today():
            issues.append(Issue("дата подписания в будущем", field=where))
        if c.revoked_on and c.signed_on and c.revoked_on < c.signed_on:
            issues.append(Issue("отзыв раньше подписания", field=where))
    return issues


def _common(data: MenteeData | MentorData) -> list[Issue]:
    issues = check_name(data.last_name, field="Фамилия", required=True)
    issues += check_name(data.first_name, field="Имя", required=True)
    issues += check_name(data.middle_name, field="Отчество", required=False)
    issues += check_birth(data.birth_date, data.birth_year)
    year = data.birth_date.year if data.birth_date else data.birth_year
    issues += check_dates(data.entry_date, getattr(data, "exit_date", None), year)
    if data.experience_years is not None and not 0 <= data.experience_years <= 70:
        issues.append(Issue("стаж должен быть от 0 до 70 лет", field="Педагогический стаж"))
    if not data.category:
        issues.append(Issue("выберите категорию", field="Категория"))
    issues += check_consents(data.consents)
    return issues


def validate_mentee(data: MenteeData) -> list[Issue]:
    issues = _common(data)
    if data.status not in MENTEE_STATUSES:
        issues.append(Issue("неизвестный статус", field="Статус"))
    return issues


def validate_mentor(data: MentorData) -> list[Issue]:
    issues = _common(data)
    if data.status not in MENTOR_STATUSES:
        issues.append(Issue("неизвестный статус", field="Статус"))
    if not 1 <= data.capacity <= 50:
        issues.append(Issue("от 1 до 50 наставляемых", field="Наставляемых одновременно"))
    low, high = data.desired_age_min, data.desired_age_max
    for value, name in ((low, "Желаемый возраст: от"), (high, "Желаемый возраст: до")):
        if value is not None and not 5 <= value <= 80:
            issues.append(Issue("возраст от 5 до 80 лет", field=name))
    if low is not None and high is not None and low > high:
        issues.append(Issue("«от» больше, чем «до»", field="Желаемый возраст наставляемых"))
    if data.training_date and data.training_date > _today():
        issues.append(Issue("дата обучения в будущем", field="Обучение: дата"))
    return issues
