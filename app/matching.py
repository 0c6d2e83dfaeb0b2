"""Matching of mentees to mentors: candidates, editable criteria, scores with Russian explanations."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from app.errors import Issue, ValidationError
from app.text import fold, plural

MODES: dict[str, str] = {"ignore": "не учитывать", "score": "учитывать в оценке", "require": "обязательно"}
CRITERIA: dict[str, str] = {
    "requests": "Запросы наставляемого и компетенции наставника",
    "interests": "Общие интересы",
    "form": "Наставник подходит форме наставничества",
    "age": "Возраст наставляемого в желаемом диапазоне наставника",
    "capacity": "Свободные места у наставника",
    "parallel": "Параллель наставника-обучающегося выше",
    "history": "Прежние пары (в режиме «обязательно» повтор запрещён)",
}
NEUTRAL = 0.5  # the fraction of a criterion that cannot be judged (data missing)


@dataclass(frozen=True)
class Rule:
    """How one criterion counts: its mode (ignore / score / require) and weight (0–100)."""

    mode: str = "score"
    weight: int = 10


@dataclass(frozen=True)
class Criteria:
    """Every criterion's rule plus the numeric parameters; stored as JSON in the settings."""

    requests: Rule = Rule("score", 40)
    interests: Rule = Rule("score", 10)
    form: Rule = Rule("require", 20)
    age: Rule = Rule("score", 15)
    capacity: Rule = Rule("score", 5)
    parallel: Rule = Rule("score", 10)
    history: Rule = Rule("require", 5)
    grade_gap: int = 2  # a student mentor is at least this many grades older
    min_score: int = 20  # «лучшее совпадение» drops proposals scoring less

    def rule(self, code: str) -> Rule:
        return getattr(self, code)

    @property
    def no_repeats(self) -> bool:
        return self.history.mode == "require"

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Criteria:
        """Validated criteria from a dict (unknown keys ignored, missing ones default)."""
        issues: list[Issue] = []
        values: dict[str, Any] = {}
        for code in CRITERIA:
            if code not in data:
                continue
            raw = data[code] if isinstance(data[code], dict) else {}
            default = getattr(cls(), code)
            mode, weight = raw.get("mode", default.mode), raw.get("weight", default.weight)
            if mode not in MODES:
                issues.append(Issue(f"неизвестный режим «{mode}»", field=CRITERIA[code]))
            if not isinstance(weight, int) or isinstance(weight, bool) or not 0 <= weight <= 100:
                issues.append(Issue("вес — целое число от 0 до 100", field=CRITERIA[code]))
            values[code] = Rule(mode, weight)
        for name, label, high in (("grade_gap", "Разница в классах", 10), ("min_score", "Минимальная оценка", 100)):
            if name in data:
                value = data[name]
                if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= high:
                    issues.append(Issue(f"допустимо от 0 до {high}", field=label))
                values[name] = value
        if issues:
            raise ValidationError(issues)
        return cls(**values)

    @classmethod
    def from_json(cls, text: str) -> Criteria:
        data = json.loads(text)
        return cls.from_dict(data if isinstance(data, dict) else {})


@dataclass(frozen=True)
class MenteeCandidate:
    """What matching needs to know about a mentee."""

    id: int
    name: str
    category: str = ""
    group_name: str = ""
    parallel: int | None = None
    age: int | None = None
    experience: float | None = None
    requests: tuple[str, ...] = ()
    words: frozenset[str] = frozenset()  # interest stems from the free-text request
    person_key: str = ""  # folded full name, to recognise the same human among mentors
    birth_year: int | None = None
    banned: frozenset[int] = frozenset()  # mentor ids the curator marked impossible
    previous: frozenset[int] = frozenset()  # mentor ids of finished or dissolved pairs
    archived: bool = False


@dataclass(frozen=True)
class MentorCandidate:
    """What matching needs to know about a mentor."""

    id: int
    name: str
    category: str = ""
    group_name: str = ""
    parallel: int | None = None
    experience: float | None = None
    competencies: tuple[str, ...] = ()
    words: frozenset[str] = frozenset()  # interest stems (of ``interests``)
    interests: str = ""
    age_min: int | None = None
    age_max: int | None = None
    capacity: int = 3
    free: int = 3
    partner: bool = False
    person_key: str = ""
    birth_year: int | None = None
    archived: bool = False


@dataclass(frozen=True)
class Match:
    """A feasible mentee–mentor combination with its score (0–100) and reasons in Russian."""

    mentee_id: int
    mentor_id: int
    score: float
    reasons: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Verdict:
    fraction: float  # 0..1 share of the criterion's weight earned
    reason: str = ""
    ok: bool = True  # False fails a «require» criterion


# -- text helpers --------------------------------------------------------------

_WORD = re.compile(r"[0-9a-zа-я]+")
_STOP = frozenset({"хочу", "очень", "чтобы", "нужна", "нужно", "нужен", "помощь", "помочь", "также", "который",
                   "которая", "более", "могу", "люблю", "увлекаюсь", "интересуюсь", "интерес", "занимаюсь"})


def interest_stems(text: str) -> frozenset[str]:
    """Stems (first five letters) of the words of four letters and more, folded, without filler words."""
    return frozenset(w[:5] for w in _WORD.findall(fold(text)) if len(w) >= 4 and w not in _STOP)


def same_person(mentee: MenteeCandidate, mentor: MentorCandidate) -> bool:
    """Same folded ФИО and birth year (a missing year counts as the same), as app.services.pairs.same_person."""
    if not mentee.person_key or mentee.person_key != mentor.person_key:
        return False
    return mentee.birth_year is None or mentor.birth_year is None or mentee.birth_year == mentor.birth_year


def mentee_kind(category: str) -> str:
    """student | college | teacher | other, from a mentee category."""
    c = fold(category)
    if "молод" in c or "педагог" in c or "учител" in c:
        return "teacher"
    if "студент" in c:
        return "college"
    if "обучающ" in c or "ученик" in c or "школьн" in c:
        return "student"
    return "other"


def mentor_kind(category: str, partner: bool = False) -> str:
    """student | college | teacher | partner | other, from a mentor category and partner flag."""
    c = fold(category)
    if partner or "партн" in c or "работодат" in c:
        return "partner"
    return mentee_kind(category)


_FORMS = {("student", "student"): "ученик – ученик", ("student", "teacher"): "учитель – ученик",
          ("student", "partner"): "работодатель – ученик", ("student", "college"): "студент – ученик",
          ("teacher", "teacher"): "учитель – учитель", ("college", "teacher"): "педагог – студент",
          ("college", "partner"): "работодатель – студент", ("college", "college"): "студент – студент"}


def guess_form(mentee_category: str, mentor_category: str, partner: bool = False) -> str:
    """The form of mentoring implied by the two categories ('' when none fits)."""
    return _FORMS.get((mentee_kind(mentee_category), mentor_kind(mentor_category, partner)), "")


def _classes(n: int) -> str:
    return f"{n} {plural(n, 'класс', 'класса', 'классов')}"


def _years(x: float) -> str:
    n = int(x)
    return f"{x:g} {plural(n, 'год', 'года', 'лет') if n == x else 'года'}"


# -- criteria verdicts (each depends only on the fields named in KEYS) -------------------------


def _requests(e: MenteeCandidate, m: MentorCandidate, _c: Criteria) -> Verdict:
    wanted = {fold(t): t for t in e.requests if fold(t)}
    if not wanted:
        return Verdict(NEUTRAL)
    offered = {fold(t) for t in m.competencies}
    common = [t for k, t in wanted.items() if k in offered]
    if not common:
        return Verdict(0.0, "нет совпадений по запросам", False)
    return Verdict(len(common) / len(wanted), "совпадают запросы: " + ", ".join(common))


def _interests(e: MenteeCandidate, m: MentorCandidate, _c: Criteria) -> Verdict:
    if not e.words or not m.words:
        return Verdict(NEUTRAL)
    common = e.words & m.words
    if not common:
        return Verdict(0.0, "", False)
    shown: dict[str, None] = {}
    for word in _WORD.findall(fold(m.interests)):
        if word[:5] in common:
            shown.setdefault(word, None)
    return Verdict(1.0, "общие интересы: " + ", ".join(shown or sorted(common)))


def _form(e: MenteeCandidate, m: MentorCandidate, c: Criteria) -> Verdict:
    ek, mk = mentee_kind(e.category), mentor_kind(m.category, m.partner)
    if ek == "student" and mk == "student":
        if e.parallel is None or m.parallel is None:
            return Verdict(NEUTRAL)
        gap = m.parallel - e.parallel
        if gap >= c.grade_gap:
            return Verdict(1.0, f"наставник старше на {_classes(gap)}")
        if gap > 0:
            return Verdict(0.0, f"наставник старше только на {_classes(gap)} (нужно не меньше {c.grade_gap})", False)
        return Verdict(0.0, "наставник-обучающийся не старше наставляемого", False)
    if ek == "teacher":
        if mk != "teacher":
            return Verdict(0.0, "педагогу нужен наставник-педагог", False)
        if e.experience is None or m.experience is None:
            return Verdict(NEUTRAL)
        if m.experience > e.experience:
            return Verdict(1.0, f"стаж наставника больше ({_years(m.experience)}, у наставляемого {_years(e.experience)})")
        return Verdict(0.0, f"стаж наставника ({_years(m.experience)}) не больше стажа наставляемого", False)
    if ek == "college" and mk == "student":
        return Verdict(0.0, "школьник не может быть наставником студента", False)
    if ek == "other" or mk == "other":
        return Verdict(NEUTRAL)
    if mk == "partner":
        return Verdict(1.0, "представитель организации-партнёра")
    return Verdict(1.0)


def _age(e: MenteeCandidate, m: MentorCandidate, _c: Criteria) -> Verdict:
    if e.age is None or (m.age_min is None and m.age_max is None):
        return Verdict(NEUTRAL)
    low, high = m.age_min, m.age_max
    span = f"{low}–{high}" if low is not None and high is not None else (f"от {low}" if low is not None
                                                                          else f"до {high}")
    if (low is None or e.age >= low) and (high is None or e.age <= high):
        return Verdict(1.0, f"возраст в желаемом диапазоне ({span})")
    return Verdict(0.0, f"возраст наставляемого вне желаемого ({span})", False)


def _capacity(_e: MenteeCandidate, m: MentorCandidate, _c: Criteria) -> Verdict:
    if m.capacity <= 0:
        return Verdict(0.0, "", m.free > 0)
    free = max(m.free, 0)
    return Verdict(min(free / m.capacity, 1.0), f"свободно {free} {plural(free, 'место', 'места', 'мест')} "
                   f"из {m.capacity}", free > 0)


def _parallel(e: MenteeCandidate, m: MentorCandidate, _c: Criteria) -> Verdict:
    if mentee_kind(e.category) != "student" or mentor_kind(m.category, m.partner) != "student":
        return Verdict(1.0)
    if e.parallel is None or m.parallel is None:
        return Verdict(NEUTRAL)
    if m.parallel > e.parallel:
        return Verdict(1.0)
    return Verdict(0.0, "параллель наставника не выше параллели наставляемого", False)


def _history(e: MenteeCandidate, m: MentorCandidate, _c: Criteria) -> Verdict:
    if m.id in e.previous:
        return Verdict(0.0, "уже были парой раньше", False)
    return Verdict(1.0)


VERDICTS: dict[str, Callable[[MenteeCandidate, MentorCandidate, Criteria], Verdict]] = {
    "requests": _requests, "interests": _interests, "form": _form, "age": _age,
    "capacity": _capacity, "parallel": _parallel, "history": _history}
# The candidate fields each verdict reads (mentee side, mentor side); the score matrix relies on them.
KEYS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "form": (("category", "parallel", "experience"), ("category", "partner", "parallel", "experience")),
    "age": (("age",), ("age_min", "age_max")),
    "capacity": ((), ("capacity", "free")),
    "parallel": (("category", "parallel"), ("category", "partner", "parallel")),
}


def active_codes(criteria: Criteria) -> list[str]:
    """Criteria that count, in the fixed order of ``CRITERIA``."""
    return [code for code in CRITERIA if criteria.rule(code).mode != "ignore"]


def hard_blocked(mentee: MenteeCandidate, mentor: MentorCandidate) -> bool:
    """Constraints that no setting relaxes: archive, no free place, a ban, the same person."""
    return (mentee.archived or mentor.archived or mentor.free <= 0 or mentor.id in mentee.banned
            or same_person(mentee, mentor))


def score(mentee: MenteeCandidate, mentor: MentorCandidate, criteria: Criteria | None = None) -> Match | None:
    """The weighted score 0–100 and its reasons; None when a hard constraint or a «require» criterion fails."""
    criteria = criteria or Criteria()
    if hard_blocked(mentee, mentor):
        return None
    total, weights, reasons = 0.0, 0, []
    for code in active_codes(criteria):
        rule = criteria.rule(code)
        verdict = VERDICTS[code](mentee, mentor, criteria)
        if rule.mode == "require" and not verdict.ok:
            return None
        total += rule.weight * verdict.fraction
        weights += rule.weight
        if verdict.reason:
            reasons.append(verdict.reason)
    value = 100.0 * total / weights if weights else 50.0
    return Match(mentee_id=mentee.id, mentor_id=mentor.id, score=value, reasons=tuple(reasons))


def rank(mentee: MenteeCandidate, mentors: list[MentorCandidate], criteria: Criteria | None = None,
         limit: int | None = None) -> list[Match]:
    """Feasible mentors for one mentee, best first (ties by fewer reasons against, then id)."""
    matches = [m for m in (score(mentee, mentor, criteria) for mentor in mentors) if m is not None]
    matches.sort(key=lambda m: (-m.score, m.mentor_id))
    return matches[:limit] if limit is not None else matches


def with_changes(criteria: Criteria, **changes: Any) -> Criteria:
    """A copy with some rules or parameters replaced (validated)."""
    data = asdict(replace(criteria, **changes))
    return Criteria.from_dict(data)


__all__ = ["CRITERIA", "MODES", "Criteria", "Match", "MenteeCandidate", "MentorCandidate", "Rule", "Verdict",
           "active_codes", "guess_form", "hard_blocked", "interest_stems", "plural", "rank", "score",
           "with_changes"]
