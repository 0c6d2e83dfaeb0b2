"""Survey answers as pure functions: parse a typed or imported value, validate against a question."""

from __future__ import annotations

from typing import Any

from app.errors import Issue
from app.schemas_surveys import Question
from app.text import clean, fold

_YES = {"да", "yes", "y", "д", "1", "true", "+", "истина"}
_NO = {"нет", "no", "n", "н", "0", "false", "-", "ложь"}


def parse_answer(question: Question, raw: Any) -> tuple[Any, str]:
    """(value, error): a value the question accepts (None = no answer) or a Russian error text."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None, ("обязательный вопрос" if question.required else "")
    if question.type == "scale":
        if isinstance(raw, bool):
            return None, f"ожидается число от {question.min} до {question.max}"
        text = str(raw).strip().replace(",", ".")
        # forms export "8 баллов" or "8 – очень хорошо"; take the leading number
        head = text.split()[0] if text.split() else text
        try:
            number = float(head)
        except ValueError:
            return None, f"«{clean(str(raw))[:30]}» — не число от {question.min} до {question.max}"
        if number != int(number):
            return None, f"{text} — ожидается целое число от {question.min} до {question.max}"
        value = int(number)
        if not question.min <= value <= question.max:
            return None, f"{value} вне шкалы {question.min}–{question.max}"
        return value, ""
    if question.type == "yesno":
        if isinstance(raw, bool):
            return raw, ""
        word = fold(str(raw)).strip().rstrip(".!")
        if word in _YES:
            return True, ""
        if word in _NO:
            return False, ""
        return None, f"«{clean(str(raw))[:30]}» — ожидается «да» или «нет»"
    if question.type == "choice":
        text = clean(str(raw))
        for option in question.options:
            if fold(option) == fold(text):
                return option, ""
        return None, f"«{text[:30]}» — нет среди вариантов ответа"
    return clean(str(raw)), ""


def validate_answers(questions: tuple[Question, ...], answers: dict[str, Any]) -> list[Issue]:
    """Issues of stored-form answers (field = the question's number and text)."""
    issues = []
    for number, q in enumerate(questions, start=1):
        value = answers.get(q.key)
        _, error = parse_answer(q, value)
        if error:
            issues.append(Issue(error, field=f"Вопрос {number}. {q.text[:60]}"))
    return issues


def format_answer(question: Question | None, value: Any) -> str:
    """An answer as text for tables, xlsx and PDF."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "да" if value else "нет"
    return str(value)


def check_questions(questions: tuple[Question, ...]) -> list[Issue]:
    """Problems of an edited template: empty texts, bad scales, duplicate keys, empty choices."""
    issues: list[Issue] = []
    if not questions:
        issues.append(Issue("добавьте хотя бы один вопрос", field="Вопросы"))
    keys: set[str] = set()
    for number, q in enumerate(questions, start=1):
        where = f"Вопрос {number}"
        if not clean(q.text):
            issues.append(Issue("введите текст вопроса", field=where))
        if q.key in keys:
            issues.append(Issue("повторяется код вопроса", field=where))
        keys.add(q.key)
        if q.type == "scale" and not (0 <= q.min < q.max <= 100):
            issues.append(Issue("шкала: минимум меньше максимума, от 0 до 100", field=where))
        if q.type == "choice" and len(q.options) < 2:
            issues.append(Issue("укажите хотя бы два варианта ответа", field=where))
    if sum(1 for q in questions if q.satisfaction) > 1:
        issues.append(Issue("общую удовлетворённость можно отметить только у одного вопроса", field="Вопросы"))
    for q in questions:
        if q.satisfaction and q.type != "scale":
            issues.append(Issue("вопрос об удовлетворённости должен быть шкалой", field=q.text[:40]))
    return issues
