"""Benchmark: demo data for 100,000 mentees, loading the base table, filtering as you type, sorting.

Run: /work/venv/bin/python bench/bench_listing.py [--mentees N] [--repeat R] [--db FILE]
Budgets (design.md §9): filter median < 150 ms, sort < 250 ms over 100k rows.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

QUERIES = ("и", "ив", "ива", "иван", "ивано", "7а", "математ", "петров ольга")
FILTER_BUDGET_MS = 150
SORT_BUDGET_MS = 250


def _ms(seconds: float) -> float:
    return seconds * 1000


def _timed(fn, repeat: int) -> list[float]:  # noqa: ANN001
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(_ms(time.perf_counter() - start))
    return times


def _typing_queries(query: str) -> list[str]:
    """Every prefix of ``query``, as the filter box sees it while the user types."""
    return [query[:n] for n in range(1, len(query) + 1)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentees", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5, help="runs per measurement")
    parser.add_argument("--db", type=Path, help="keep the database here (default: a temporary folder)")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        os.environ.setdefault("MENTORDESK_HOME", tmp)
        path = args.db or Path(tmp) / "bench.sqlite3"
        if path.exists():
            sys.exit(f"{path} exists; choose a new file")
        return _run(path, args.mentees, args.repeat)


def _run(path: Path, mentees: int, repeat: int) -> int:
    from app.database import open_database
    from app.demo import fill_demo
    from app.listing import MENTEE_COLUMNS, RowFilter, filter_rows, load_mentee_rows, sort_rows

    start = time.perf_counter()
    database = open_database(path)
    opened = time.perf_counter() - start
    try:
        with database.session() as session:
            start = time.perf_counter()
            result = fill_demo(session, mentees=mentees, mentors=None, seed=1)
            filled = time.perf_counter() - start
        size_mb = path.stat().st_size / 2**20
        print(f"open + migrate new database: {_ms(opened):8.0f} ms")
        print(f"fill_demo {result.mentees:,} mentees + {result.mentors:,} mentors: {filled:6.2f} s "
              f"({result.mentees / filled:,.0f} mentees/s, file {size_mb:.0f} MiB)")
        loads = []
        for _ in range(max(1, repeat // 2)):
            with database.session() as session:
                start = time.perf_counter()
                rows = load_mentee_rows(session)
                loads.append(_ms(time.perf_counter() - start))
        print(f"load_mentee_rows ({len(rows):,} rows): median {statistics.median(loads):6.0f} ms")
    finally:
        database.close()

    print()
    print(f"{'filter as you type':<24}{'matches':>9}{'median ms':>11}{'max ms':>9}")
    failures = []
    medians = []
    for query in QUERIES:
        flt = RowFilter(text=query)
        times = _timed(lambda flt=flt: filter_rows(rows, flt), repeat)
        median = statistics.median(times)
        medians.append(median)
        print(f"{query!r:<24}{len(filter_rows(rows, flt)):>9,}{median:>11.1f}{max(times):>9.1f}")
        if median >= FILTER_BUDGET_MS:
            failures.append(f"filter {query!r}: {median:.0f} ms")
    typed = []
    for query in QUERIES:
        for prefix in _typing_queries(query):
            flt = RowFilter(text=prefix)
            typed += _timed(lambda flt=flt: filter_rows(rows, flt), 1)
    print(f"{'every keystroke':<24}{len(typed):>9}{statistics.median(typed):>11.1f}{max(typed):>9.1f}")
    flt = RowFilter(text="ольга", group="7")
    times = _timed(lambda: filter_rows(rows, flt), repeat)
    print(f"{'ольга + parallel 7':<24}{len(filter_rows(rows, flt)):>9,}{statistics.median(times):>11.1f}"
          f"{max(times):>9.1f}")

    print()
    print(f"{'sort by column':<24}{'asc ms':>9}{'desc ms':>11}")
    for column, title in enumerate(MENTEE_COLUMNS):
        asc = statistics.median(_timed(lambda c=column: sort_rows(rows, column=c), repeat))
        desc = statistics.median(_timed(lambda c=column: sort_rows(rows, column=c, descending=True), repeat))
        print(f"{title:<24}{asc:>9.1f}{desc:>11.1f}")
        if max(asc, desc) >= SORT_BUDGET_MS:
            failures.append(f"sort {title!r}: {max(asc, desc):.0f} ms")

    print()
    if failures:
        print("OVER BUDGET: " + "; ".join(failures))
        return 1
    print(f"All within budget (filter median < {FILTER_BUDGET_MS} ms, sort < {SORT_BUDGET_MS} ms).")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
