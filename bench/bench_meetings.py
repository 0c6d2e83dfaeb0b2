"""Benchmark: a journal of 20,000 meetings — loading it and filtering it as the «Журнал встреч» tab does.

Run: /work/venv/bin/python bench/bench_meetings.py [--meetings N] [--repeat R] [--db FILE]
Budget (issue 4): filter median < 150 ms over 20,000 meetings.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

FILTER_BUDGET_MS = 150
KINDS = ("встреча-знакомство", "пробная встреча", "встреча-планирование", "рабочая встреча", "рабочая встреча",
         "рабочая встреча", "рабочая встреча", "итоговая встреча", "групповая встреча")
TOPICS = ("Подготовка к олимпиаде по математике", "Проект «Ёжик в тумане»", "Разбор ошибок ОГЭ", "Профориентация",
          "Чтение и обсуждение книги", "Планирование учебной четверти", "Школьный театр", "Робототехника",
          "Тайм-менеджмент", "Подготовка выступления на конференции")
OUTCOMES = ("Составили план на месяц", "Решили 12 задач, разобрали ошибки", "Договорились о следующей встрече",
            "Наставляемый выступил перед классом", "Определили тему проекта", "")


def _ms(seconds: float) -> float:
    return seconds * 1000


def _timed(fn, repeat: int) -> list[float]:  # noqa: ANN001
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(_ms(time.perf_counter() - start))
    return times


def _add_meetings(session, target: int, seed: int) -> int:  # noqa: ANN001
    """Bulk-insert working pairs (one per mentor, with free mentees) and meetings until ``target``."""
    from sqlalchemy import func, insert, select

    from db.engine import transaction
    from db.models import GroupMember, Meeting, Mentee, Mentor, MentoringGroup, new_uuid, utcnow

    rng = random.Random(seed)
    have = session.execute(select(func.count()).select_from(Meeting)).scalar_one()
    missing = target - have
    if missing <= 0:
        return have
    mentors = list(session.execute(select(Mentor.id)).scalars())
    busy = set(session.execute(select(GroupMember.mentee_id)).scalars())
    mentees = [m for m in session.execute(select(Mentee.id)).scalars() if m not in busy]
    per_group = 20
    groups_needed = -(-missing // per_group)
    if not mentors or len(mentees) < groups_needed:
        raise SystemExit(f"not enough free mentees ({len(mentees)}) for {groups_needed} pairs; raise --mentees")
    start = dt.date(2025, 9, 1)
    now = utcnow()
    with transaction(session):
        group_ids = []
        for n in range(groups_needed):
            group = MentoringGroup(mentor_id=mentors[n % len(mentors)], form="ученик – ученик", status="working",
                                   start_date=start, planned_end_date=dt.date(2026, 5, 25))
            session.add(group)
            session.flush()
            session.add(GroupMember(group_id=group.id, mentee_id=mentees[n]))
            group_ids.append(group.id)
        rows = []
        for n in range(missing):
            gid, k = group_ids[n // per_group], n % per_group
            kind = KINDS[k] if k < 3 else rng.choice(KINDS[3:])
            rows.append(dict(uuid=new_uuid(), group_id=gid, date=start + dt.timedelta(days=7 * k + rng.randint(0, 3)),
                             start_time=f"{rng.randint(8, 17):02d}:{rng.choice((0, 15, 30, 45)):02d}",
                             duration_min=rng.choice((None, 30, 45, 60)), kind=kind,
                             format=rng.choice(("in_person", "in_person", "remote")), topic=rng.choice(TOPICS),
                             outcome=rng.choice(OUTCOMES), next_steps="", feedback_mentee=rng.random() < 0.8,
                             feedback_mentor=rng.random() < 0.7, created_at=now, updated_at=now))
        session.execute(insert(Meeting), rows)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--meetings", type=int, default=20_000)
    parser.add_argument("--mentees", type=int, default=3_000, help="demo mentees (the unpaired ones get pairs)")
    parser.add_argument("--repeat", type=int, default=7, help="runs per measurement")
    parser.add_argument("--db", type=Path, help="keep the database here (default: a temporary folder)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.setdefault("MENTORDESK_HOME", tmp)
        path = args.db or Path(tmp) / "bench.sqlite3"
        if path.exists():
            sys.exit(f"{path} exists; choose a new file")
        return _run(path, args)


def _run(path: Path, args: argparse.Namespace) -> int:
    from app.database import open_database
    from app.demo import fill_demo
    from app.meeting_filter import (MEETING_COLUMNS, MeetingFilter, filter_meetings, forget_rows, index_rows,
                                    sort_meetings)
    from app.services.meetings import attention_list, list_meetings

    database = open_database(path)
    try:
        with database.session() as session:
            start = time.perf_counter()
            fill_demo(session, mentees=args.mentees, mentors=max(5, args.mentees // 3), seed=1)
            total = _add_meetings(session, args.meetings, seed=1)
            print(f"database with {total:,} meetings made in {time.perf_counter() - start:5.1f} s "
                  f"(file {path.stat().st_size / 2**20:.0f} MiB)")
        loads = []
        for _ in range(3):
            with database.session() as session:
                start = time.perf_counter()
                rows = list_meetings(session)
                loads.append(_ms(time.perf_counter() - start))
        print(f"list_meetings ({len(rows):,} rows): median {statistics.median(loads):6.0f} ms")
        with database.session() as session:
            start = time.perf_counter()
            warnings = attention_list(session)
            print(f"attention_list ({len(warnings):,} warnings): {_ms(time.perf_counter() - start):6.0f} ms")
    finally:
        database.close()

    groups = sorted({r.group_id for r in rows})
    mentors = sorted({r.mentor_id for r in rows})
    filters = {
        "text «и»": MeetingFilter(text="и"),
        "text «олимпиад»": MeetingFilter(text="олимпиад"),
        "text «ежик» (= «ёжик»)": MeetingFilter(text="ежик"),
        "text two words": MeetingFilter(text="задач ошибк"),
        "type рабочая": MeetingFilter(kind="рабочая встреча"),
        "format remote": MeetingFilter(format="remote"),
        "feedback missing": MeetingFilter(feedback_missing=True),
        "period 2 months": MeetingFilter(date_from=dt.date(2025, 10, 1), date_to=dt.date(2025, 11, 30)),
        "one pair": MeetingFilter(group_id=groups[len(groups) // 2]),
        "one mentor + text": MeetingFilter(mentor_id=mentors[0], text="встреча"),
        "everything at once": MeetingFilter(date_from=dt.date(2025, 9, 15), kind="рабочая встреча", format="in_person",
                                            feedback_missing=True, text="о"),
    }
    print()
    print(f"{'filter':<30}{'matches':>9}{'median ms':>11}{'min ms':>9}{'max ms':>9}")
    failures, medians = [], []
    forget_rows()
    cold = _timed(lambda: filter_meetings(rows, flt=MeetingFilter(text="и")), 1)[0]
    start = time.perf_counter()
    index_rows(rows)
    print(f"{'(index_rows: fold all texts)':<30}{len(rows):>9,}{_ms(time.perf_counter() - start):>11.1f}"
          f"   — once per load, in the tab's background read")
    print(f"{'(first search, no index)':<30}{len(rows):>9,}{cold:>11.1f}   — folds lazily; not the tab's path")
    for title, flt in filters.items():
        times = _timed(lambda flt=flt: filter_meetings(rows, flt=flt), args.repeat)
        median = statistics.median(times)
        medians.append(median)
        print(f"{title:<30}{len(filter_meetings(rows, flt=flt)):>9,}{median:>11.1f}{min(times):>9.1f}"
              f"{max(times):>9.1f}")
        if median >= FILTER_BUDGET_MS:
            failures.append(f"filter {title!r}: {median:.0f} ms")
    typed = []
    for word in ("олимпиада", "ёжик в тумане"):
        for n in range(1, len(word) + 1):
            typed += _timed(lambda q=word[:n]: filter_meetings(rows, flt=MeetingFilter(text=q)), 1)
    print(f"{'every keystroke':<30}{len(typed):>9}{statistics.median(typed):>11.1f}{min(typed):>9.1f}"
          f"{max(typed):>9.1f}")
    print()
    print(f"{'sort by column':<30}{'asc ms':>9}{'desc ms':>11}")
    for column, title in enumerate(MEETING_COLUMNS):
        asc = statistics.median(_timed(lambda c=column: sort_meetings(rows, column=c), 3))
        desc = statistics.median(_timed(lambda c=column: sort_meetings(rows, column=c, descending=True), 3))
        print(f"{title:<30}{asc:>9.1f}{desc:>11.1f}")
    print()
    if failures:
        print("OVER BUDGET: " + "; ".join(failures))
        return 1
    print(f"All filters within budget (median < {FILTER_BUDGET_MS} ms; worst median {max(medians):.1f} ms).")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
