"""Forms import matching: typed names («иванов петя 5А», «Петров И.») to people, headers to questions."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Any

from app.schemas_surveys import Question
from app.text import fold

EXACT, PROBABLE, AMBIGUOUS, NONE = "exact", "probable", "ambiguous", "none"
MATCH_STATUSES: dict[str, str] = {EXACT: "точно", PROBABLE: "вероятно", AMBIGUOUS: "неоднозначно",
                                  NONE: "не найден"}

# common short forms of first names (folded: ё → е)
DIMINUTIVES: dict[str, tuple[str, ...]] = {
    "петя": ("петр",), "ваня": ("иван",), "саша": ("александр", "александра"), "шура": ("александр",),
    "маша": ("мария",), "даша": ("дарья", "дария"), "женя": ("евгений", "евгения"), "коля": ("николай",),
    "миша": ("михаил",), "дима": ("дмитрий",), "митя": ("дмитрий",), "леша": ("алексей",),
    "алеша": ("алексей",), "сережа": ("сергей",), "наташа": ("наталья", "наталия"), "катя": ("екатерина",),
    "настя": ("анастасия",), "аня": ("анна",), "таня": ("татьяна",), "оля": ("ольга",), "лена": ("елена",),
    "юля": ("юлия",), "вова": ("владимир",), "володя": ("владимир",), "слава": ("вячеслав", "владислав",
                                                                           "ярослав", "станислав"),
    "влад": ("владислав",), "костя": ("константин",), "андрюша": ("андрей",), "паша": ("павел",),
    "гоша": ("георгий",), "жора": ("георгий",), "вика": ("виктория",), "витя": ("виктор",),
    "ксюша": ("ксения",), "соня": ("софья", "софия"), "лиза": ("елизавета",), "варя": ("варвара",),
    "тема": ("артем",), "ира": ("ирина",), "света": ("светлана",), "макс": ("максим",), "федя": ("федор",),
    "гриша": ("григорий",), "рома": ("роман",), "тимоша": ("тимофей",), "тима": ("тимофей", "тимур"),
    "галя": ("галина",), "надя": ("надежда",), "люба": ("любовь",), "вера": ("вера",),
    "поля": ("полина",), "мила": ("людмила", "милана"), "люда": ("людмила",), "валя": ("валентина",
                                                                                      "валентин"),
    "егорка": ("егор",), "стас": ("станислав",), "лева": ("лев",), "ева": ("ева",), "зоя": ("зоя",),
    "кира": ("кира",), "марина": ("марина",), "толя": ("анатолий",), "боря": ("борис",), "гена": ("геннадий",),
    "нина": ("нина",), "яна": ("яна",), "аля": ("алина", "алла"), "сева": ("всеволод",), "ника": ("вероника",),
}

_NUMBERING = re.compile(r"^\s*(?:вопрос\s*)?\d{1,2}\s*[.)]\s*")
_WORD = re.compile(r"[a-zа-я0-9]+")
_STOP = {"по", "вы", "ли", "в", "и", "с", "на", "то", "ваш", "ваше", "вашему", "вас", "для", "от", "до", "как",
         "что", "a", "не", "это", "или", "же", "бы", "из", "за", "к", "о", "об", "у"}
_MATCH_AT = 0.45
_CLASS = re.compile(r"^(\d{1,2})\s*-?\s*([а-яa-z]?)$")
_SPLIT = re.compile(r"[\s,;()«»\"/]+")
_NOISE = {"-", "класс", "кл", "кл.", "класса", "ученик", "ученица", "группа", "гр", "гр."}
_MIN = 0.5  # candidates scoring below are not offered


@dataclass(frozen=True)
class Candidate:
    """A person who may have answered: id, «Фамилия Имя Отчество», class or position."""

    id: int
    full_name: str
    group: str = ""


@dataclass(frozen=True)
class Match:
    """How one typed name matched: status, candidates (id, score 0..1) best first, the id chosen."""

    name: str
    status: str
    candidates: tuple[tuple[int, float], ...] = ()
    chosen_id: int | None = None

    @property
    def needs_review(self) -> bool:
        return self.status != EXACT


@dataclass(frozen=True)
class _Typed:
    words: tuple[str, ...]
    initials: tuple[str, ...]
    klass: str


def class_key(text: str) -> str:
    """«5 А», «5-а», «5а» → «5а»; anything else folded."""
    folded = fold(text).replace(" ", "")
    m = _CLASS.match(folded)
    return f"{int(m.group(1))}{m.group(2)}" if m else folded


def _parse(name: str) -> _Typed:
    text = fold(name).replace(".", ". ")
    tokens = [t for t in _SPLIT.split(text) if t]
    words: list[str] = []
    initials: list[str] = []
    klass = ""
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok in _NOISE:
            i += 1
            continue
        if tok.isdigit() and 1 <= int(tok) <= 11:
            letter = tokens[i + 1] if i + 1 < len(tokens) and re.fullmatch(r"[а-я]", tokens[i + 1]) else ""
            klass = f"{int(tok)}{letter}"
            i += 2 if letter else 1
            continue
        m = re.fullmatch(r"(\d{1,2})-?([а-я])", tok)
        if m and 1 <= int(m.group(1)) <= 11:
            klass = f"{int(m.group(1))}{m.group(2)}"
        elif tok.endswith(".") or len(tok.rstrip(".")) == 1:
            initials.extend(ch for ch in tok.replace(".", "") if ch.isalpha())
        elif any(ch.isalpha() for ch in tok):
            words.append(tok)
        i += 1
    return _Typed(tuple(words), tuple(initials), klass)


def distance(a: str, b: str, limit: int = 2) -> int:
    """Damerau–Levenshtein distance (adjacent swaps cost 1), capped at ``limit + 1``."""
    if a == b:
        return 0
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return min(prev[-1], limit + 1)


def _deletes(word: str) -> set[str]:
    return {word} | {word[:i] + word[i + 1:] for i in range(len(word))}


class _Person:
    __slots__ = ("id", "last", "first", "middle", "group", "position")

    def __init__(self, c: Candidate) -> None:
        parts = fold(c.full_name).split(" ")
        self.id = c.id
        self.last = parts[0] if parts else ""
        self.first = parts[1] if len(parts) > 1 else ""
        self.middle = parts[2] if len(parts) > 2 else ""
        self.group = class_key(c.group)
        self.position = tuple(w for w in _SPLIT.split(fold(c.group)) if w) if not self.group[:1].isdigit() else ()


@lru_cache(maxsize=65536)
def _word_fit(word: str, target: str) -> float:
    """How well a typed word fits a name part: 1 exact, 0.85 one typo, 0 otherwise."""
    if not target:
        return 0.0
    if word == target:
        return 1.0
    if len(target) >= 4 and abs(len(word) - len(target)) <= 1 and distance(word, target, 1) <= 1:
        return 0.85
    return 0.0


@lru_cache(maxsize=65536)
def _first_fit(word: str, first: str) -> float:
    fit = _word_fit(word, first)
    if fit:
        return fit
    full = DIMINUTIVES.get(word, ())
    if first in full:
        return 0.9
    return 0.0


def _score(t: _Typed, p: _Person) -> tuple[float, bool]:
    """(score, exact): exact = every part typed in full without typos and nothing contradicts."""
    words, initials = list(t.words), list(t.initials)
    if p.position:  # «учитель химии» typed after the name is not a name part
        words = [w for w in words if w not in p.position]
        initials = [i for i in initials if i not in p.position]
    # the surname: the best-fitting word (order does not matter: «Пётр Иванов» works too)
    fits = [(_word_fit(w, p.last), -i) for i, w in enumerate(words)]
    best_last, neg_index = max(fits) if fits else (0.0, 0)
    if not best_last:
        return 0.0, False
    score = 1.0 - (0.15 if best_last < 1 else 0.0) - (0.02 if neg_index else 0.0)
    exact = best_last == 1.0
    del words[-neg_index]
    # first name: a word (full, typo or diminutive) or an initial
    first_ok = False
    for i, w in enumerate(words):
        fit = _first_fit(w, p.first)
        if fit:
            score -= 0.0 if fit == 1.0 else (0.05 if fit == 0.9 else 0.15)
            exact = exact and fit == 1.0
            del words[i]
            first_ok = True
            break
    if not first_ok:
        exact = False
        if initials and p.first and initials[0] == p.first[0]:
            initials.pop(0)
            score -= 0.12
        elif words or initials:
            return 0.3, False  # a first name was given and it contradicts
        else:
            score -= 0.3  # only a surname
    # patronymic: optional; when given, it must fit
    if words:
        if not p.middle:
            words.pop(0)  # the base has no patronymic: nothing to contradict
            score -= 0.03
        elif _word_fit(words[0], p.middle):
            exact = exact and words[0] == p.middle
            score -= 0.0 if words[0] == p.middle else 0.1
            words.pop(0)
        else:
            score -= 0.45
            exact = False
    elif initials:
        if p.middle and initials[0] == p.middle[0]:
            initials.pop(0)
        else:
            score -= 0.3
            exact = False
    if words or initials:
        score -= 0.2 * (len(words) + len(initials))
        exact = False
    if t.klass and p.group:
        if t.klass == p.group or (not t.klass[-1].isalpha() and p.group.startswith(t.klass)
                                  and not p.group[len(t.klass):].isdigit()):
            score += 0.05
        else:
            score -= 0.12
            exact = False
    return max(0.0, min(score, 1.0 if exact else 0.97)), exact  # only an exact match shows 100 %


class NameIndex:
    """People indexed by surname and its one-letter deletions (finds one typo without a full scan)."""

    def __init__(self, people: list[Candidate]) -> None:
        self.people = [_Person(c) for c in people]
        self.by_key: dict[str, list[_Person]] = defaultdict(list)
        for p in self.people:
            if p.last:
                for key in _deletes(p.last):
                    self.by_key[key].append(p)

    def nearby(self, t: _Typed) -> list[_Person]:
        seen: dict[int, _Person] = {}
        for w in t.words:
            for key in _deletes(w):
                for p in self.by_key.get(key, ()):
                    seen[p.id] = p
        return list(seen.values())

    def match(self, name: str) -> Match:
        t = _parse(name)
        if not t.words:
            return Match(name, NONE)
        scored = []
        for p in self.nearby(t):
            score, exact = _score(t, p)
            if score >= _MIN:
                scored.append((score, exact, p.id))
        if not scored:
            return Match(name, NONE)
        scored.sort(key=lambda s: (-s[0], not s[1], s[2]))
        ranked = tuple((pid, round(score, 2)) for score, _exact, pid in scored[:5])
        top_score, top_exact, top_id = scored[0]
        rivals = [s for s in scored[1:] if s[0] >= top_score - 0.1]
        if top_exact and not any(s[1] and s[0] >= top_score - 0.04 for s in scored[1:]):
            if not rivals or all(not s[1] for s in rivals):
                return Match(name, EXACT, ranked, top_id)
        if rivals:
            return Match(name, AMBIGUOUS, ranked, None)
        return Match(name, PROBABLE, ranked, top_id)


def match_respondents(*, names: list[str], people: list[Candidate]) -> list[Match]:
    """One Match per typed name (same order); only «exact» is safe to accept without a look."""
    index = NameIndex(people)
    cache: dict[str, Match] = {}
    out = []
    for name in names:
        key = fold(name)
        if key not in cache:
            cache[key] = index.match(name)
        m = cache[key]
        out.append(m if m.name == name else Match(name, m.status, m.candidates, m.chosen_id))
    return out


def load_candidates(session, *, role: str) -> list[Candidate]:  # noqa: ANN001 - a Session
    """Mentees or mentors (archived ones too: they answer final surveys) as name candidates."""
    from sqlalchemy import select

    from db.models import Mentee, Mentor

    model = Mentee if role == "mentee" else Mentor
    query = select(model.id, model.last_name, model.first_name, model.middle_name, model.group_name)
    return [Candidate(r[0], " ".join(p for p in r[1:4] if p), r[4] or "") for r in session.execute(query)]


def person_groups(session, *, role: str) -> dict[int, int]:  # noqa: ANN001 - a Session
    """Person id → the latest pair/group they were in (drafts aside), to tie responses to a form of mentoring."""
    from sqlalchemy import select

    from db.models import GroupMember, MentoringGroup

    if role == "mentee":
        query = (select(GroupMember.mentee_id, MentoringGroup.id)
                 .join(MentoringGroup, MentoringGroup.id == GroupMember.group_id))
    else:
        query = select(MentoringGroup.mentor_id, MentoringGroup.id)
    query = query.where(MentoringGroup.status != "draft").order_by(MentoringGroup.id)
    return {person: group for person, group in session.execute(query)}


# -- column headers to questions ---------------------------------------------------------------------------

def _key(header: str) -> str:
    return fold(header).rstrip(":?*. ")


def _tokens(text: str) -> list[str]:
    text = _NUMBERING.sub("", fold(text))
    return [w[:5] for w in _WORD.findall(text) if w not in _STOP]


def similarity(header: str, question: str) -> float:
    """0..1: how much a column header reads like a question (text ratio or shared word stems)."""
    a, b = _tokens(header), _tokens(question)
    if not a or not b:
        return 0.0
    common = len(set(a) & set(b))
    overlap = 2 * common / (len(set(a)) + len(set(b)))
    ratio = SequenceMatcher(None, " ".join(a), " ".join(b), autojunk=False).ratio()
    return max(overlap, ratio)


def propose_mapping(*, table: Any, questions: tuple[Question, ...],
                    remembered: dict[str, str]) -> dict[str, str]:
    """Column header → question key ("" = do not load) for every column; remembered first, each question once."""
    keys = {q.key for q in questions}
    remembered_by = {_key(h): v for h, v in remembered.items()}
    mapping = {h: "" for h in table.headers}
    used: set[str] = set()
    free = []
    for index in table.question_cols():
        header = table.headers[index]
        target = remembered.get(header, remembered_by.get(_key(header)))
        if target is not None and (target == "" or (target in keys and target not in used)):
            mapping[header] = target
            used.add(target)
        else:
            free.append(header)
    pairs = sorted(((similarity(h, q.text), n, h, q.key) for h in free for n, q in enumerate(questions)
                    if q.key not in used), key=lambda p: (-p[0], p[1]))
    taken: set[str] = set()
    for score, _n, header, key in pairs:
        if score < _MATCH_AT:
            break
        if header in taken or key in used:
            continue
        mapping[header] = key
        taken.add(header)
        used.add(key)
    return mapping


__all__ = ["AMBIGUOUS", "Candidate", "DIMINUTIVES", "EXACT", "MATCH_STATUSES", "Match", "NONE", "NameIndex",
           "PROBABLE", "class_key", "distance", "load_candidates", "match_respondents", "person_groups", "propose_mapping", "similarity"]
