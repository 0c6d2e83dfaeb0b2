"""Optimal assignment: the score matrix agrees with score(), and solve() matches brute force."""

from __future__ import annotations

import itertools
from collections import Counter

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from app.assignment import assign, score_matrix
from app.matching import Criteria, MenteeCandidate, MentorCandidate, Rule, interest_stems, score, with_changes

TAGS = ("математика", "ОГЭ", "физика", "адаптация", "проект")
INTERESTS = ("", "шахматы", "туризм и шахматы", "робототехника")


@st.composite
def mentees(draw, n: int) -> list[MenteeCandidate]:
    out = []
    for i in range(n):
        is_student = draw(st.booleans()) or draw(st.booleans())
        parallel = draw(st.integers(1, 11))
        out.append(MenteeCandidate(
            id=i + 1, name=f"Наставляемый {i}", category="обучающийся" if is_student else "молодой специалист",
            group_name=f"{parallel}А" if is_student else "учитель", parallel=parallel if is_student else None,
            age=6 + parallel if is_student else 25, experience=None if is_student else draw(st.integers(0, 3)),
            requests=tuple(draw(st.lists(st.sampled_from(TAGS), max_size=3, unique=True))),
            words=interest_stems(draw(st.sampled_from(INTERESTS))), person_key=f"e{i}",
            banned=frozenset(draw(st.sets(st.integers(101, 103), max_size=1))),
            previous=frozenset(draw(st.sets(st.integers(101, 103), max_size=1)))))
    return out


@st.composite
def mentors(draw, n: int, max_capacity: int = 2) -> list[MentorCandidate]:
    out = []
    for j in range(n):
        kind = draw(st.sampled_from(("педагог", "обучающийся", "представитель организации-партнёра")))
        capacity = draw(st.integers(1, max_capacity))
        text = draw(st.sampled_from(INTERESTS))
        out.append(MentorCandidate(
            id=101 + j, name=f"Наставник {j}", category=kind, parallel=draw(st.integers(7, 11)) if kind == "обучающийся"
            else None, experience=draw(st.integers(0, 30)) if kind == "педагог" else None,
            competencies=tuple(draw(st.lists(st.sampled_from(TAGS), max_size=3, unique=True))),
            words=interest_stems(text), interests=text, age_min=draw(st.sampled_from((None, 7, 12))),
            age_max=draw(st.sampled_from((None, 14, 18))), capacity=capacity, free=draw(st.integers(0, capacity)),
            partner=kind.startswith("представитель"), person_key=f"m{j}"))
    return out


criteria_strategy = st.builds(
    lambda req, hist, form, minimum: with_changes(Criteria(), requests=Rule(req, 40), history=Rule(hist, 5),
                                                  form=Rule(form, 20), min_score=minimum),
    st.sampled_from(("score", "require", "ignore")), st.sampled_from(("score", "require")),
    st.sampled_from(("score", "require")), st.sampled_from((0, 20, 60)))


def brute_force(es, ms, criteria, mode):
    """(max number placed, max total score) by exhaustive search over every assignment."""
    options = []
    for e in es:
        choices = [None]
        for m in ms:
            match = score(e, m, criteria)
            if match is not None and (mode == "cover" or match.score >= criteria.min_score):
                choices.append((m.id, match.score))
        options.append(choices)
    best = (0, 0.0)
    free = {m.id: m.free for m in ms}
    for combo in itertools.product(*options):
        used = Counter(c[0] for c in combo if c is not None)
        if any(count > free[mid] for mid, count in used.items()):
            continue
        placed, total = sum(used.values()), sum(c[1] for c in combo if c is not None)
        key = (placed, total) if mode == "cover" else (0, total)
        if key[0] > best[0] or (key[0] == best[0] and key[1] > best[1] + 1e-9):
            best = key
    return best


@settings(max_examples=60, deadline=None)
@given(data=st.data(), criteria=criteria_strategy, mode=st.sampled_from(("best", "cover")))
def test_optimal_against_brute_force(data, criteria, mode):
    es = data.draw(mentees(data.draw(st.integers(1, 5))))
    ms = data.draw(mentors(data.draw(st.integers(1, 3))))
    result = assign(es, ms, criteria, mode=mode)
    placed, total = brute_force(es, ms, criteria, mode)
    got_total = sum(m.score for m in result)
    assert abs(got_total - total) < 1e-6
    if mode == "cover":
        assert len(result) == placed
    # the result is a valid assignment
    assert len({m.mentee_id for m in result}) == len(result)
    free = {m.id: m.free for m in ms}
    for mentor_id, count in Counter(m.mentor_id for m in result).items():
        assert count <= free[mentor_id]
    if mode == "best":
        assert all(m.score >= criteria.min_score for m in result)


@settings(max_examples=40, deadline=None)
@given(data=st.data(), criteria=criteria_strategy)
def test_matrix_agrees_with_score(data, criteria):
    es = data.draw(mentees(data.draw(st.integers(1, 8))))
    ms = data.draw(mentors(data.draw(st.integers(1, 6)), max_capacity=4))
    matrix = score_matrix(es, ms, criteria)
    for i, e in enumerate(es):
        for j, m in enumerate(ms):
            match = score(e, m, criteria)
            assert bool(matrix.feasible[i, j]) == (match is not None)
            if match is not None:
                assert matrix.scores[i, j] == match.score


def test_cover_places_more_than_best_when_scores_compete():
    # one mentor suits both well but has one place; the other suits only A, poorly (below the threshold).
    a = MenteeCandidate(id=1, name="А", requests=("математика", "ОГЭ"))
    b = MenteeCandidate(id=2, name="Б", requests=("математика", "ОГЭ"), banned=frozenset({12}))
    good = MentorCandidate(id=11, name="Х", competencies=("математика", "ОГЭ"), capacity=1, free=1)
    poor = MentorCandidate(id=12, name="Y", competencies=("физика",), capacity=1, free=1)
    criteria = with_changes(Criteria(), min_score=50)
    assert score(a, poor, criteria).score < 50 < score(a, good, criteria).score
    best = assign([a, b], [good, poor], criteria, mode="best")
    cover = assign([a, b], [good, poor], criteria, mode="cover")
    assert len(best) == 1 and best[0].mentor_id == 11
    assert {(m.mentee_id, m.mentor_id) for m in cover} == {(1, 12), (2, 11)}


def test_best_drops_pairs_below_threshold():
    e = MenteeCandidate(id=1, name="А", requests=("математика",))
    m = MentorCandidate(id=11, name="Х", competencies=("химия",), capacity=1, free=1, age_min=20, age_max=30)
    e_aged = MenteeCandidate(id=1, name="А", requests=("математика",), age=10)
    strict = with_changes(Criteria(), min_score=90)
    assert assign([e_aged], [m], strict, mode="best") == []
    assert len(assign([e_aged], [m], strict, mode="cover")) == 1
    assert len(assign([e], [m], Criteria(min_score=0), mode="best")) == 1


def test_capacity_repeats_columns_and_large_run_is_consistent():
    rng = np.random.default_rng(3)
    es = [MenteeCandidate(id=i, name=str(i), requests=(TAGS[i % 5],), age=int(rng.integers(7, 18)))
          for i in range(60)]
    ms = [MentorCandidate(id=100 + j, name=str(j), competencies=(TAGS[j % 5], TAGS[(j + 1) % 5]), capacity=3,
                          free=int(rng.integers(0, 4))) for j in range(10)]
    result = assign(es, ms, mode="cover")
    assert len(result) == min(60, sum(m.free for m in ms))
    counts = Counter(m.mentor_id for m in result)
    assert all(counts[m.id] <= m.free for m in ms)
