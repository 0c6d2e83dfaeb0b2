"""Optimal assignment of mentees to mentors' free places: a vectorised score matrix and scipy's solver."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from app.matching import (CRITERIA, KEYS, VERDICTS, Criteria, Match, MenteeCandidate, MentorCandidate,
                          active_codes, score)

MODES_ALL: dict[str, str] = {"best": "лучшее совпадение", "cover": "никого не оставить без наставника"}
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ScoreMatrix:
    """Scores (mentees × mentors, floats 0–100) and which combinations are allowed at all."""

    scores: object  # numpy.ndarray[float64]
    feasible: object  # numpy.ndarray[bool]


def _bitsets(sides: Sequence[Sequence[str]], universe: dict[str, int]):  # noqa: ANN202 - ndarray
    """(rows × words) uint64 bitsets of each row's tokens over ``universe`` (64 tokens a word)."""
    import numpy as np

    words = max(1, (len(universe) + 63) // 64)
    out = np.zeros((len(sides), words), dtype=np.uint64)
    for row, tokens in enumerate(sides):
        for token in tokens:
            bit = universe[token]
            out[row, bit // 64] |= np.uint64(1 << (bit % 64))
    return out


def _overlap(left, right):  # noqa: ANN001, ANN202
    """Number of common tokens of every left row with every right row."""
    import numpy as np

    counts = np.zeros((left.shape[0], right.shape[0]), dtype=np.int64)
    for w in range(left.shape[1]):
        counts += np.bitwise_count(left[:, w][:, None] & right[:, w][None, :])
    return counts


def _token_overlap(mentee_tokens: list[set[str]], mentor_tokens: list[set[str]]):  # noqa: ANN202
    universe: dict[str, int] = {}
    for tokens in mentee_tokens:
        for t in tokens:
            universe.setdefault(t, len(universe))
    mentor_tokens = [{t for t in tokens if t in universe} for tokens in mentor_tokens]
    return _overlap(_bitsets(mentee_tokens, universe), _bitsets(mentor_tokens, universe))


def _keyed(code: str, mentees: Sequence[MenteeCandidate], mentors: Sequence[MentorCandidate],
           criteria: Criteria):  # noqa: ANN202 - (fraction, ok) arrays
    """A criterion that depends on a few fields: evaluated once per distinct pair of keys, then broadcast."""
    import numpy as np

    fn = VERDICTS[code]
    e_fields, m_fields = KEYS[code]
    tables = []
    for people, names in ((mentees, e_fields), (mentors, m_fields)):
        first: dict[tuple, int] = {}
        index = np.empty(len(people), dtype=np.int64)
        reps = []
        for i, p in enumerate(people):
            key = tuple(getattr(p, n) for n in names)
            if key not in first:
                first[key] = len(reps)
                reps.append(p)
            index[i] = first[key]
        tables.append((reps, index))
    (e_reps, e_index), (m_reps, m_index) = tables
    frac = np.empty((len(e_reps), len(m_reps)))
    ok = np.empty((len(e_reps), len(m_reps)), dtype=bool)
    for a, e in enumerate(e_reps):
        for b, m in enumerate(m_reps):
            verdict = fn(e, m, criteria)
            frac[a, b], ok[a, b] = verdict.fraction, verdict.ok
    grid = np.ix_(e_index, m_index)
    return frac[grid], ok[grid]


def _criterion(code: str, mentees, mentors, criteria: Criteria):  # noqa: ANN001, ANN202
    import numpy as np

    from app.matching import NEUTRAL
    from app.text import fold

    shape = (len(mentees), len(mentors))
    if code in KEYS:
        return _keyed(code, mentees, mentors, criteria)
    if code == "requests":
        wanted = [{fold(t) for t in e.requests if fold(t)} for e in mentees]
        common = _token_overlap(wanted, [{fold(t) for t in m.competencies} for m in mentors])
        sizes = np.array([len(w) for w in wanted], dtype=np.int64)[:, None]
        asked = np.broadcast_to(sizes > 0, shape)
        frac = np.where(asked, common / np.maximum(sizes, 1), NEUTRAL)
        return frac, ~asked | (common > 0)
    if code == "interests":
        common = _token_overlap([set(e.words) for e in mentees], [set(m.words) for m in mentors])
        known = (np.array([bool(e.words) for e in mentees], dtype=bool)[:, None]
                 & np.array([bool(m.words) for m in mentors], dtype=bool)[None, :])
        frac = np.where(known, np.where(common > 0, 1.0, 0.0), NEUTRAL)
        return frac, ~known | (common > 0)
    if code == "history":
        frac, ok = np.ones(shape), np.ones(shape, dtype=bool)
        column = {m.id: j for j, m in enumerate(mentors)}
        for i, e in enumerate(mentees):
            for mentor_id in e.previous:
                if mentor_id in column:
                    frac[i, column[mentor_id]], ok[i, column[mentor_id]] = 0.0, False
        return frac, ok
    raise KeyError(code)


def score_matrix(mentees: Sequence[MenteeCandidate], mentors: Sequence[MentorCandidate],
                 criteria: Criteria | None = None) -> ScoreMatrix:
    """The same numbers as ``matching.score`` for every combination, computed in bulk."""
    import numpy as np

    criteria = criteria or Criteria()
    shape = (len(mentees), len(mentors))
    total, weights = np.zeros(shape), 0
    feasible = np.ones(shape, dtype=bool)
    for code in active_codes(criteria):
        rule = criteria.rule(code)
        frac, ok = _criterion(code, mentees, mentors, criteria)
        if rule.mode == "require":
            feasible &= ok
        total += rule.weight * frac
        weights += rule.weight
    scores = 100.0 * total / weights if weights else np.full(shape, 50.0)
    # hard constraints: archive, no free place, bans, the same person
    feasible &= ~np.array([e.archived for e in mentees], dtype=bool)[:, None]
    feasible &= np.array([not m.archived and m.free > 0 for m in mentors], dtype=bool)[None, :]
    column = {m.id: j for j, m in enumerate(mentors)}
    by_person: dict[str, list[int]] = defaultdict(list)
    for j, m in enumerate(mentors):
        if m.person_key:
            by_person[m.person_key].append(j)
    for i, e in enumerate(mentees):
        for mentor_id in e.banned:
            if mentor_id in column:
                feasible[i, column[mentor_id]] = False
        for j in by_person.get(e.person_key, ()) if e.person_key else ():
            m = mentors[j]
            if e.birth_year is None or m.birth_year is None or e.birth_year == m.birth_year:
                feasible[i, j] = False
    return ScoreMatrix(scores=scores, feasible=feasible)


def solve(matrix: ScoreMatrix, free: Sequence[int], *, mode: str = "best",
          min_score: float = 0.0) -> list[tuple[int, int]]:
    """Optimal (mentee index, mentor index) pairs within each mentor's ``free`` places.

    «best» maximises the total score over allowed pairs scoring at least ``min_score``; «cover» maximises
    the number of mentees placed first (a constant larger than any total score per pair), then the score.
    Every mentor's column is repeated by free capacity; a combination not allowed weighs 0, which equals
    leaving the mentee out, so the rectangular assignment is a maximum-weight matching.
    """
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    if mode not in MODES_ALL:
        raise ValueError(f"unknown mode {mode!r}")
    scores, feasible = np.asarray(matrix.scores), np.asarray(matrix.feasible)
    allowed = feasible & (scores >= min_score) if mode == "best" else feasible.copy()
    free_arr = np.maximum(np.asarray(free, dtype=np.int64), 0)
    allowed &= (free_arr > 0)[None, :]
    rows = np.flatnonzero(allowed.any(axis=1))
    cols = np.flatnonzero(allowed.any(axis=0))
    if rows.size == 0 or cols.size == 0:
        return []
    sub_allowed = allowed[np.ix_(rows, cols)]
    weight = np.where(sub_allowed, scores[np.ix_(rows, cols)], 0.0)
    if mode == "cover":
        big = 100.0 * (min(rows.size, int(free_arr[cols].sum())) + 1)
        weight = np.where(sub_allowed, weight + big, 0.0)
    # a mentor never needs more places than mentees who may take them
    reps = np.minimum(free_arr[cols], sub_allowed.sum(axis=0))
    slot_col = np.repeat(np.arange(cols.size), reps)
    r, c = linear_sum_assignment(weight[:, slot_col], maximize=True)
    out = []
    for a, b in zip(r.tolist(), c.tolist()):
        j = int(slot_col[b])
        if sub_allowed[a, j]:
            out.append((int(rows[a]), int(cols[j])))
    return out


def assign(mentees: Sequence[MenteeCandidate], mentors: Sequence[MentorCandidate],
           criteria: Criteria | None = None, *, mode: str = "best",
           progress: Progress | None = None) -> list[Match]:
    """Optimal matches (with reasons) of ``mentees`` to ``mentors``' free places."""
    criteria = criteria or Criteria()
    if progress is not None:
        progress(0, 3)
    if not mentees or not mentors:
        if progress is not None:
            progress(3, 3)
        return []
    matrix = score_matrix(mentees, mentors, criteria)
    if progress is not None:
        progress(1, 3)
    pairs = solve(matrix, [m.free for m in mentors], mode=mode,
                  min_score=criteria.min_score if mode == "best" else 0.0)
    if progress is not None:
        progress(2, 3)
    out = []
    for i, j in pairs:
        match = score(mentees[i], mentors[j], criteria)
        if match is not None:  # always, the matrix agrees with score(); kept defensive
            out.append(match)
    if progress is not None:
        progress(3, 3)
    return out


__all__ = ["CRITERIA", "MODES_ALL", "ScoreMatrix", "assign", "score_matrix", "solve"]
