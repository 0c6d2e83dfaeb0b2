"""DTOs of survey templates (versioned questions) and responses."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

QUESTION_TYPES: dict[str, str] = {
    "scale": "шкала (баллы)",
    "yesno": "да / нет",
    "choice": "выбор из вариантов",
    "text": "открытый ответ",
}
SURVEY_PURPOSES: dict[str, str] = {
    "pre": "входная (до программы)",
    "post": "итоговая (по окончании)",
    "feedback": "обратная связь после встречи",
    "other": "другая",
}
RESPONDENTS: dict[str, str] = {"mentee": "наставляемый", "mentor": "наставник"}
RESPONSE_SOURCES: dict[str, str] = {"manual": "вручную", "grid": "с бумаги", "import": "импорт из формы"}


@dataclass(frozen=True)
class Question:
    """One question. ``measure`` pairs pre and post questions; ``satisfaction`` marks the overall one."""

    key: str
    text: str
    type: str = "scale"
    min: int = 1
    max: int = 10
    options: tuple[str, ...] = ()
    measure: str = ""
    satisfaction: bool = False
    required: bool = False

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"key": self.key, "text": self.text, "type": self.type}
        if self.type == "scale":
            out.update(min=self.min, max=self.max)
        if self.type == "choice":
            out["options"] = list(self.options)
        if self.measure:
            out["measure"] = self.measure
        if self.satisfaction:
            out["satisfaction"] = True
        if self.required:
            out["required"] = True
        return out

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Question:
        return cls(key=str(d["key"]), text=str(d.get("text", "")), type=str(d.get("type", "scale")),
                   min=int(d.get("min", 1)), max=int(d.get("max", 10)), options=tuple(d.get("options", ())),
                   measure=str(d.get("measure", "")), satisfaction=bool(d.get("satisfaction", False)),
                   required=bool(d.get("required", False)))


@dataclass(frozen=True)
class TemplateData:
    """What the template editor edits (the questions of the current version)."""

    title: str
    purpose: str = "other"
    respondent: str = "mentee"
    description: str = ""
    questions: tuple[Question, ...] = ()
    id: int | None = None
    version: int = 1
    code: str = ""


@dataclass(frozen=True)
class TemplateRow:
    """A template as listed in the «Анкеты» tab."""

    id: int
    code: str
    title: str
    purpose: str
    respondent: str
    description: str
    version: int
    question_count: int
    response_count: int
    builtin: bool
    archived: bool


@dataclass(frozen=True)
class ResponseData:
    """One respondent's answers (values: int for scales, bool for yes/no, str otherwise; None = no answer)."""

    template_id: int
    answered_on: dt.date
    respondent_role: str = "mentee"
    mentee_id: int | None = None
    mentor_id: int | None = None
    group_id: int | None = None
    meeting_id: int | None = None
    answers: dict[str, Any] = field(default_factory=dict)
    source: str = "manual"
    version: int | None = None  # None = the template's current version
    id: int | None = None


@dataclass(frozen=True)
class ResponseRow:
    """A stored response with the names resolved (for tables, analytics and exports)."""

    id: int
    template_id: int
    version: int
    respondent_role: str
    mentee_id: int | None
    mentor_id: int | None
    respondent_name: str
    group_id: int | None
    group_form: str
    meeting_id: int | None
    answered_on: dt.date
    answers: dict[str, Any]
    source: str
