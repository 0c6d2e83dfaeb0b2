"""Benchmark: optimal matching of 2,000 mentees × 500 mentors (capacity 1–4), synthetic and from a demo database.

Run: /work/venv/bin/python bench/bench_matching.py [--mentees N] [--mentors M] [--repeat R]
Budget (issue 3): < 2 s for 2,000 × 500.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

BUDGET_S = 2.0
TAGS = ("математика", "ОГЭ", "ЕГЭ", "физика", "химия", "биология", "информатика", "русский язык", "английский язык",
        "история", "адаптация", "профориентация", "проектная деятельность", "олимпиады", "учебная мотивация",
        "творчество", "спорт", "чтение", "робототехника", "финансовая грамотность")
INTERESTS = ("", "", "шахматы", "туризм", "робототехника", "хоровое пение", "краеведение")


def synthetic(n_mentees: int, n_mentors: int, seed: int = 1):  # noqa: ANN201
    """Mentees (90 % students, 10 % teachers) and mentors (teachers, senior students, partners), all places free."""
    from app.matching import MenteeCandidate, MentorCandidate, interest_stems

    rng = random.Random(seed)
    mentees = []
    for i in range(n_mentees):
        student = rng.random() < 0.9
        grade = rng.randint(1, 11)
        mentees.append(MenteeCandidate(
            id=i + 1, name=f"Наставляемый {i}", category="обучающийся" if student else "молодой специалист",
            group_name=f"{grade}А" if student else "учитель", parallel=grade if student else None,
            age=6 + grade if student else rng.randint(22, 30), experience=None if student else rng.randint(0, 3),
            requests=tuple(rng.sample(TAGS, rng.randint(1, 3))), words=interest_stems(rng.choice(INTERESTS)),
            person_key=f"e{i}", birth_year=2026 - 6 - grade))
    mentors = []
    for j in range(n_mentors):
        roll, capacity = rng.random(), rng.randint(1, 4)
        kind = "педагог" if roll < 0.62 else ("обучающийся" if roll < 0.9 else "представитель организации-партнёра")
        grade = rng.randint(9, 11)
        text = rng.choice(INTERESTS)
        mentors.append(MentorCandidate(
            id=100_000 + j, name=f"Наставник {j}", category=kind, group_name=f"{grade}Б" if kind == "обучающийся"
            else "учитель", parallel=grade if kind == "обучающийся" else None,
            experience=rng.randint(5, 35) if kind == "педагог" else None,
            competencies=tuple(rng.sample(TAGS, rng.randint(1, 4))), words=interest_stems(text), interests=text,
            age_min=rng.choice((None, 7, 10, 12)), age_max=rng.choice((None, 15, 17, 18)), capacity=capacity,
            free=capacity, partner=kind.startswith("представитель"), person_key=f"m{j}"))
    return mentees, mentors


def _timed(fn, repeat: int) -> tuple[float, object]:  # noqa: ANN001
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def bench_synthetic(n_mentees: int, n_mentors: int, repeat: int) -> list[float]:
    from app.assignment import assign, score_matrix
    from app.matching import Criteria

    mentees, mentors = synthetic(n_mentees, n_mentors)
    places = sum(m.free for m in mentors)
    print(f"synthetic: {n_mentees} mentees × {n_mentors} mentors, {places} free places")
    t_matrix, _ = _timed(lambda: score_matrix(mentees, mentors, Criteria()), repeat)
    print(f"  score matrix                 {t_matrix * 1000:8.0f} ms (median of {repeat})")
    out = []
    for mode in ("best", "cover"):
        t, result = _timed(lambda: assign(mentees, mentors, Criteria(), mode=mode), repeat)
        avg = statistics.mean(m.score for m in result) if result else 0
        print(f"  assign mode={mode:<5}           {t * 1000:8.0f} ms: {len(result)} pairs, mean score {avg:.1f}")
        out.append(t)
    return out


def bench_demo(n_mentees: int, n_mentors: int, repeat: int) -> list[float]:
    from app.database import open_database
    from app.demo import fill_demo
    from app.services.matching import suggest_all
    from app.services.pairs import unpaired_mentees

    out = []
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(Path(tmp) / "bench.sqlite3")
        try:
            with db.session() as session:
                start = time.perf_counter()
                fill_demo(session, mentees=n_mentees, mentors=n_mentors, seed=1)
                print(f"demo database: fill_demo({n_mentees}, {n_mentors}) {time.perf_counter() - start:.2f} s; "
                      f"unpaired mentees {len(unpaired_mentees(session))}")
                for mode in ("best", "cover"):
                    t, result = _timed(lambda: suggest_all(session, mode=mode), repeat)
                    print(f"  suggest_all mode={mode:<5} (load + score + solve) {t * 1000:8.0f} ms: "
                          f"{len(result)} proposals")
                    out.append(t)
        finally:
            db.close()
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mentees", type=int, default=2000)
    parser.add_argument("--mentors", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    times = bench_synthetic(args.mentees, args.mentors, args.repeat)
    times += bench_demo(args.mentees, args.mentors, args.repeat)
    worst = max(times)
    if worst > BUDGET_S:
        print(f"OVER BUDGET: {worst:.2f} s > {BUDGET_S} s")
        return 1
    print(f"worst {worst:.2f} s within the {BUDGET_S} s budget")
    return 0


if __name__ == "__main__":
    sys.exit(main())
