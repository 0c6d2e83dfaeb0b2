"""Survey analytics as pure functions: per-question results, pre vs post change, satisfaction (domain.md §5)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from app.schemas_surveys import Question, ResponseRow

METHODS: dict[str, str] = {
    "mean": "по среднему баллу (средний балл ÷ максимум × 100 %)",
    "share7": "по доле ответивших на 7 баллов и выше",
}
ROLE_TITLES: dict[str, str] = {"mentee": "наставляемые", "mentor": "наставники"}
NO_DATA = "нет данных"
NO_FORM = "форма не указана"
SHARE_THRESHOLD = (7, 10)  # «≥ 7 of 10»; on another scale a score counts when score ≥ 70 % of its max


@dataclass(frozen=True)
class AnalyticsFilter:
    """Which responses to count; None means «all»."""

    template_id: int | None = None
    form: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    respondent_role: str | None = None


@dataclass(frozen=True)
class TemplateInfo:
    """A template with the questions of its current version and of every version (for old responses)."""

    id: int
    title: str
    purpose: str
    respondent: str
    questions: tuple[Question, ...]
    versions: dict[int, tuple[Question, ...]] = field(default_factory=dict)

    def questions_of(self, version: int) -> tuple[Question, ...]:
        return self.versions.get(version, self.questions)


@dataclass(frozen=True)
class SurveyData:
    """Everything the analytics read: templates by id, responses, the settings' satisfaction method."""

    templates: dict[int, TemplateInfo]
    rows: tuple[ResponseRow, ...]
    method: str = "mean"


@dataclass(frozen=True)
class QuestionStats:
    """One question's results: answered count, mean (scales), distribution, open answers (texts)."""

    key: str
    text: str
    type: str
    answered: int
    mean: float | None = None
    max: int = 10
    distribution: tuple[tuple[str, int], ...] = ()  # (value label, count) in scale/option order
    yes_pct: float | None = None
    no_pct: float | None = None
    open_answers: tuple[str, ...] = ()


@dataclass(frozen=True)
class TemplateStats:
    template_id: int
    title: str
    purpose: str
    respondent: str
    responses: int
    questions: tuple[QuestionStats, ...]


@dataclass(frozen=True)
class PrePostRow:
    """One measure before and after; ``paired_*`` count only respondents who answered both."""

    role: str
    measure: str
    text: str
    mean_pre: float | None
    mean_post: float | None
    n_pre: int
    n_post: int
    paired_n: int = 0
    paired_pre: float | None = None
    paired_post: float | None = None

    @property
    def change(self) -> float | None:
        return None if self.mean_pre is None or self.mean_post is None else self.mean_post - self.mean_pre

    @property
    def paired_change(self) -> float | None:
        return None if not self.paired_n else self.paired_post - self.paired_pre  # type: ignore[operator]


@dataclass(frozen=True)
class SatisfactionResult:
    """Satisfaction of one role in percent by both methods; ``chosen_*`` is the one used for indicators."""

    role: str
    n: int
    mean_pct: float | None
    share7_pct: float | None
    chosen_method: str
    templates: tuple[str, ...] = ()  # titles of the templates counted
    distribution: tuple[tuple[str, int], ...] = ()  # score → respondents (the first scale counted)

    @property
    def chosen_pct(self) -> float | None:
        return self.share7_pct if self.chosen_method == "share7" else self.mean_pct


@dataclass(frozen=True)
class FormRow:
    form: str
    responses: int
    mentee: SatisfactionResult
    mentor: SatisfactionResult


@dataclass(frozen=True)
class AnalyticsReport:
    flt: AnalyticsFilter
    method: str
    responses: int
    templates: tuple[TemplateStats, ...]
    mentee: SatisfactionResult
    mentor: SatisfactionResult
    pre_post: tuple[PrePostRow, ...]
    by_form: tuple[FormRow, ...]


# --- presentation -------------------------------------------------------------------------------------------

def _round(value: float, digits: int) -> Decimal:
    return Decimal(repr(value)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


def format_number(value: float | None, digits: int = 1, *, sign: bool = False) -> str:
    """82.25 → «82,3»; None → «нет данных»; with ``sign`` a plus is shown: «+1,5»."""
    if value is None:
        return NO_DATA
    number = _round(value, digits)
    text = f"{number:.{digits}f}".replace(".", ",").replace("-", "−")
    return f"+{text}" if sign and number > 0 else text


def format_pct(value: float | None) -> str:
    """76.666… → «76,7 %»; None → «нет данных»."""
    return NO_DATA if value is None else f"{format_number(value)} %"


# --- reading answers ----------------------------------------------------------------------------------------

def current_answers(template: TemplateInfo, row: ResponseRow) -> dict[str, Any]:
    """Answers keyed by the current questions: an old version's answers are read with its own questions and
    kept where the current version has a question with the same key and type."""
    current = {q.key: q for q in template.questions}
    out = {}
    for q in template.questions_of(row.version):
        value = row.answers.get(q.key)
        now = current.get(q.key)
        if value is not None and now is not None and now.type == q.type:
            out[q.key] = value
    return out


def filter_rows(rows: tuple[ResponseRow, ...] | list[ResponseRow], flt: AnalyticsFilter, *,
                use_template: bool = True) -> list[ResponseRow]:
    """Responses passing the filter (the template condition can be skipped)."""
    out = []
    for r in rows:
        if use_template and flt.template_id is not None and r.template_id != flt.template_id:
            continue
        if flt.form is not None and (r.group_form or "") != flt.form:
            continue
        if flt.date_from is not None and r.answered_on < flt.date_from:
            continue
        if flt.date_to is not None and r.answered_on > flt.date_to:
            continue
        if flt.respondent_role is not None and r.respondent_role != flt.respondent_role:
            continue
        out.append(r)
    return out


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def question_stats(question: Question, values: list[Any]) -> QuestionStats:
    """Results of one question over its (non-empty) answers."""
    n = len(values)
    if question.type == "scale":
        numbers = [v for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)]
        counts = {v: 0 for v in range(question.min, question.max + 1)}
        for v in numbers:
            counts[int(v)] = counts.get(int(v), 0) + 1
        return QuestionStats(question.key, question.text, "scale", len(numbers), _mean(numbers), question.max,
                             tuple((str(k), c) for k, c in sorted(counts.items())))
    if question.type == "yesno":
        yes = sum(1 for v in values if v is True)
        no = sum(1 for v in values if v is False)
        total = yes + no
        return QuestionStats(question.key, question.text, "yesno", total,
                             distribution=(("да", yes), ("нет", no)),
                             yes_pct=yes / total * 100 if total else None, no_pct=no / total * 100 if total else None)
    if question.type == "choice":
        counts: dict[str, int] = {o: 0 for o in question.options}
        for v in values:
            counts[str(v)] = counts.get(str(v), 0) + 1
        return QuestionStats(question.key, question.text, "choice", n, distribution=tuple(counts.items()))
    texts = tuple(str(v) for v in values if str(v).strip())
    return QuestionStats(question.key, question.text, "text", len(texts), open_answers=texts)


def template_stats(template: TemplateInfo, rows: list[ResponseRow]) -> TemplateStats:
    """Per-question results of one template over ``rows`` (rows of other templates are ignored)."""
    mine = [r for r in rows if r.template_id == template.id]
    answers = [current_answers(template, r) for r in mine]
    stats = tuple(question_stats(q, [a[q.key] for a in answers if q.key in a]) for q in template.questions)
    return TemplateStats(template.id, template.title, template.purpose, template.respondent, len(mine), stats)


# --- pre vs post ----------------------------------------------------------------------------------------------

def respondent_key(row: ResponseRow) -> int | None:
    return row.mentee_id if row.respondent_role == "mentee" else row.mentor_id


def _measure_values(templates: list[TemplateInfo], rows: list[ResponseRow]) -> dict[str, list[tuple]]:
    """measure → [(respondent, date, id, value)] over scale questions of ``templates``."""
    by_id = {t.id: t for t in templates}
    out: dict[str, list[tuple]] = defaultdict(list)
    for r in rows:
        t = by_id.get(r.template_id)
        if t is None:
            continue
        answers = current_answers(t, r)
        for q in t.questions:
            if q.type == "scale" and q.measure and isinstance(answers.get(q.key), (int, float)):
                out[q.measure].append((respondent_key(r), r.answered_on, r.id, answers[q.key]))
    return out


def _latest(values: list[tuple]) -> dict[int, float]:
    """The latest answer of each identified respondent."""
    out: dict[int, tuple] = {}
    for who, date, rid, value in values:
        if who is not None and (who not in out or (date, rid) > out[who][:2]):
            out[who] = (date, rid, value)
    return {who: v[2] for who, v in out.items()}


def pre_post(templates: dict[int, TemplateInfo], rows: list[ResponseRow], *, role: str) -> list[PrePostRow]:
    """Pre and post templates of ``role`` paired by the questions' ``measure`` (in the post template's order)."""
    pre_t = [t for t in templates.values() if t.purpose == "pre" and t.respondent == role]
    post_t = [t for t in templates.values() if t.purpose == "post" and t.respondent == role]
    role_rows = [r for r in rows if r.respondent_role == role]
    pre, post = _measure_values(pre_t, role_rows), _measure_values(post_t, role_rows)
    texts: dict[str, str] = {}
    for t in post_t:
        for q in t.questions:
            if q.type == "scale" and q.measure:
                texts.setdefault(q.measure, q.text)
    pre_measures = {q.measure for t in pre_t for q in t.questions if q.type == "scale" and q.measure}
    out = []
    for measure, text in texts.items():
        if measure not in pre_measures:
            continue
        a, b = [v[3] for v in pre.get(measure, [])], [v[3] for v in post.get(measure, [])]
        la, lb = _latest(pre.get(measure, [])), _latest(post.get(measure, []))
        both = sorted(set(la) & set(lb))
        out.append(PrePostRow(role, measure, text, _mean(a), _mean(b), len(a), len(b), len(both),
                              _mean([la[w] for w in both]), _mean([lb[w] for w in both])))
    return out


# --- satisfaction ---------------------------------------------------------------------------------------------

def _in_period(row: ResponseRow, period: tuple[dt.date | None, dt.date | None] | None) -> bool:
    if period is None:
        return True
    start, end = period
    return (start is None or row.answered_on >= start) and (end is None or row.answered_on <= end)


def satisfaction(templates: dict[int, TemplateInfo], rows: list[ResponseRow], *, role: str, method: str = "mean",
                 period: tuple[dt.date | None, dt.date | None] | None = None,
                 form: str | None = None) -> SatisfactionResult:
    """Satisfaction of ``role`` over the post templates that have an overall-satisfaction question.

    When the period has no post questionnaires (an intermediate assessment in December), the after-meeting
    feedback forms are counted instead; ``templates`` of the result says which were counted.
    «mean»: the mean of score ÷ max × 100 % (for a 1–10 scale: mean score ÷ 10 × 100 %).
    «share7»: the share of respondents with score ≥ 7 of 10; on another scale score ≥ 70 % of its max.
    """
    result = _satisfaction(templates, rows, role=role, method=method, period=period, form=form, purpose="post")
    if result.n:
        return result
    return _satisfaction(templates, rows, role=role, method=method, period=period, form=form, purpose="feedback")


def _satisfaction(templates: dict[int, TemplateInfo], rows: list[ResponseRow], *, role: str, method: str,
                  period: tuple[dt.date | None, dt.date | None] | None, form: str | None,
                  purpose: str) -> SatisfactionResult:
    counted: list[str] = []
    ratios: list[float] = []
    high = 0
    distribution: dict[int, int] = {}
    first_scale: tuple[int, int] | None = None
    for t in sorted(templates.values(), key=lambda t: t.id):
        if t.purpose != purpose or (purpose == "post" and t.respondent != role):
            continue  # a feedback form is answered by both roles; the response's role decides
        if not any(q.satisfaction and q.type == "scale" for qs in (t.questions, *t.versions.values()) for q in qs):
            continue
        used = False
        for r in rows:
            if r.template_id != t.id or r.respondent_role != role or not _in_period(r, period):
                continue
            if form is not None and (r.group_form or "") != form:
                continue
            question = next((q for q in t.questions_of(r.version) if q.satisfaction and q.type == "scale"), None)
            score = r.answers.get(question.key) if question else None
            if not isinstance(score, (int, float)) or isinstance(score, bool) or question.max <= 0:
                continue
            used = True
            ratios.append(score / question.max)
            high += score * SHARE_THRESHOLD[1] >= SHARE_THRESHOLD[0] * question.max
            if first_scale is None:
                first_scale = (question.min, question.max)
            if (question.min, question.max) == first_scale:
                distribution[int(score)] = distribution.get(int(score), 0) + 1
        if used:
            counted.append(t.title)
    n = len(ratios)
    dist = ()
    if first_scale is not None:
        dist = tuple((str(v), distribution.get(v, 0)) for v in range(first_scale[0], first_scale[1] + 1))
    return SatisfactionResult(role, n, sum(ratios) / n * 100 if n else None, high / n * 100 if n else None,
                              method if method in METHODS else "mean", tuple(counted), dist)


def by_form(templates: dict[int, TemplateInfo], rows: list[ResponseRow], *, method: str = "mean") -> list[FormRow]:
    """Response counts and satisfaction per form of mentoring (sorted by form; «форма не указана» last)."""
    forms = sorted({r.group_form or "" for r in rows}, key=lambda f: (f == "", f))
    out = []
    for f in forms:
        mine = [r for r in rows if (r.group_form or "") == f]
        out.append(FormRow(f or NO_FORM, len(mine), satisfaction(templates, mine, role="mentee", method=method),
                           satisfaction(templates, mine, role="mentor", method=method)))
    return out


def build_report(data: SurveyData, flt: AnalyticsFilter | None = None) -> AnalyticsReport:
    """Everything the dialog, the xlsx «Сводка» and the analytic note show, for one filter."""
    flt = flt or AnalyticsFilter()
    chosen = filter_rows(data.rows, flt)
    everything = filter_rows(data.rows, flt, use_template=False)  # satisfaction and pre/post ignore the template
    ids = [flt.template_id] if flt.template_id is not None else sorted({r.template_id for r in chosen})
    stats = tuple(template_stats(data.templates[i], chosen) for i in ids if i in data.templates)
    roles = [flt.respondent_role] if flt.respondent_role else ["mentee", "mentor"]
    prepost = tuple(row for role in roles for row in pre_post(data.templates, everything, role=role))
    return AnalyticsReport(flt, data.method, len(chosen), stats,
                           satisfaction(data.templates, everything, role="mentee", method=data.method),
                           satisfaction(data.templates, everything, role="mentor", method=data.method),
                           prepost, tuple(by_form(data.templates, everything, method=data.method)))


def load_data(session) -> SurveyData:  # noqa: ANN001 - sqlmodel Session
    """Templates (archived ones too, so their responses count), all responses and the settings' method."""
    from app.services.surveys import get_template, list_responses, list_templates, template_versions
    from app.settings import load_settings

    templates = {}
    for row in list_templates(session, include_archived=True):
        current = get_template(session, template_id=row.id)
        templates[row.id] = TemplateInfo(row.id, row.title, row.purpose, row.respondent, current.questions,
                                         template_versions(session, template_id=row.id))
    return SurveyData(templates, tuple(list_responses(session)), load_settings(session).satisfaction_method)


def load_report(session, flt: AnalyticsFilter | None = None) -> AnalyticsReport:  # noqa: ANN001
    return build_report(load_data(session), flt)

