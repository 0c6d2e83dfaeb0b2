"""Benchmark: the consolidated report («Свод») of 100 schools × 8 quarters × 8 indicators.

Run: /work/venv/bin/python bench/bench_consolidate.py [--schools N] [--quarters Q] [--participants P]
     [--personal-every K] [--repeat R]
Budget (issue 6): status matrix + municipal totals + trend + the xlsx + the PDF < 2 s (median of R runs).
The tables are filled directly (Core bulk inserts): each package carries P participants (mentors with partner
organisations) and a survey block; every K-th (10th) school sends personal data (names) for the personal sheet:
100 × 300 / 10 = 3,000 named rows.
"""

from __future__ import annotations

import argparse
import os
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

BUDGET_S = 2.0


def _quarters(last: str, count: int) -> list:
    from app.periods import parse_period, quarter

    p = parse_period(last)
    year, number = p.start.year, (p.start.month - 1) // 3 + 1
    out = []
    for _ in range(count):
        out.append(quarter(year=year, number=number))
        year, number = (year - 1, 4) if number == 1 else (year, number - 1)
    return out[::-1]


def fill(session, *, schools: int, quarters: list, participants: int, personal_every: int = 10,  # noqa: ANN001
         seed: int = 1) -> int:
    """Schools, deadlines, packages (one replaced one per tenth school) and indicators; returns indicator rows."""
    from sqlalchemy import insert, select

    from app.indicator_defs import DEFINITIONS
    from db.engine import transaction
    from db.models import new_uuid
    from db.models_municipality import (MunicipalityProfile, MunicipalSchool, ReceivedIndicator, ReceivedPackage,
                                        ReportingDeadline)

    rng = random.Random(seed)
    with transaction(session):
        session.add(MunicipalityProfile(name="Управление образования (бенчмарк)", specialist="Специалист А.Б. Вов"))
        session.execute(insert(MunicipalSchool), [dict(uuid=new_uuid(), code=f"52-{n:04d}", short_name=f"Школа № {n}",
                                                       full_name=f"МБОУ «Средняя школа № {n}»", kind="школа",
                                                       contact="", archived=False, created_at=dt.datetime.now())
                                                  for n in range(1, schools + 1)])
        session.execute(insert(ReportingDeadline), [dict(period=q.code, deadline=q.end + dt.timedelta(days=10))
                                                    for q in quarters])
        ids = list(session.execute(select(MunicipalSchool.id).order_by(MunicipalSchool.id)).scalars())
        packages = []
        for q in quarters:
            for n, school_id in enumerate(ids):
                if rng.random() < 0.08:
                    continue  # not reported
                personal = bool(personal_every) and n % personal_every == 0
                items = [{"id": f"{k:020x}", "role": "mentor" if k % 4 == 0 else "mentee", "category": "обучающийся",
                          "age": 14, "forms": ["ученик – ученик"], "status": "active",
                          "partner": f"ООО «Партнёр {rng.randint(1, 40)}»" if k % 8 == 0 else None,
                          **({"personal": {"last_name": f"Фамилия{k}", "first_name": "Имя", "middle_name": "",
                                           "birth_date": "2012-01-01"}} if personal else {})}
                         for k in range(participants)]
                received = dt.datetime.combine(q.end + dt.timedelta(days=rng.randint(1, 14)), dt.time(9))
                for version in ((0, 1) if n % 10 == 5 else (1,)):
                    packages.append(dict(
                        uuid=new_uuid(), school_id=school_id, period=q.code, sha256=f"{len(packages):064x}",
                        file_name=f"52-{n:04d}_{q.code}.mdpkg", size=50_000, format_version="1.0.0",
                        created_at=received, received_at=received - dt.timedelta(days=1 - version), encrypted=True,
                        personal_data=personal, current=bool(version), superseded_at=None,
                        manifest={"counts": {"mentees": participants}},
                        content={"data/participants.json": {"items": items},
                                 "data/surveys.json": {"satisfaction": {
                                     "mentee": {"n": rng.randint(5, 60)}, "mentor": {"n": rng.randint(2, 20)}}}},
                        report_xlsx=b""))
        session.execute(insert(ReceivedPackage), packages)
        rows = []
        for pid, school_id, period in session.execute(select(ReceivedPackage.id, ReceivedPackage.school_id,
                                                             ReceivedPackage.period)):
            for d in DEFINITIONS:
                num = den = pct = None
                if d.survey_role:
                    pct = round(rng.uniform(55, 95), 2)
                elif d.code == "partners":
                    num = rng.randint(0, 5)
                else:
                    den = rng.randint(20, 900)
                    num = rng.randint(0, den // 2) if rng.random() > 0.05 else None
                    pct = None if num is None else round(num * 100 / den, 2)
                rows.append(dict(package_id=pid, school_id=school_id, period=period, code=d.code, title=d.title,
                                 numerator=num, denominator=den, percent=pct, level=d.level))
        session.execute(insert(ReceivedIndicator), rows)
    return len(rows)


def run_once(session, folder: Path, quarters: list, today: dt.date, *,  # noqa: ANN001
             shared: bool) -> dict[str, float]:
    """One full report. ``shared``: the xlsx and the PDF reuse the statuses and totals computed before (as the
    «Свод» window does); otherwise each writer computes everything itself (as the CLI command does)."""
    from app.documents.municipal_note import render_municipal_note
    from app.municipality.consolidate import municipal_totals, status_matrix, trend
    from app.municipality.report_xlsx import write_report_xlsx

    period, times = quarters[-1], {}
    start = time.perf_counter()
    statuses = status_matrix(session, period=period, today=today)
    times["status_matrix"] = time.perf_counter() - start
    t = time.perf_counter()
    totals = municipal_totals(session, period=period)
    times["totals"] = time.perf_counter() - t
    t = time.perf_counter()
    cache = {period.code: totals} if shared else None
    trend(session, periods=quarters, cache=cache)
    times["trend"] = time.perf_counter() - t
    t = time.perf_counter()
    reuse = {"statuses": statuses, "totals": totals} if shared else {}
    write_report_xlsx(session, period=period, path=folder / "свод.xlsx", today=today, **reuse)
    times["xlsx"] = time.perf_counter() - t
    t = time.perf_counter()
    reuse = {"statuses": statuses, "cache": cache} if shared else {}
    render_municipal_note(session, period=period, path=folder / "справка.pdf", today=today, **reuse)
    times["pdf"] = time.perf_counter() - t
    times["total"] = time.perf_counter() - start
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schools", type=int, default=100)
    parser.add_argument("--quarters", type=int, default=8)
    parser.add_argument("--participants", type=int, default=300)
    parser.add_argument("--personal-every", type=int, default=10,
                        help="every N-th school sends names (0: none; default 10)")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)

    from app.database import open_database

    quarters = _quarters("2026-Q4", args.quarters)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        database = open_database(folder / "m.sqlite3")
        try:
            with database.session() as session:
                t = time.perf_counter()
                n = fill(session, schools=args.schools, quarters=quarters, participants=args.participants,
                         personal_every=args.personal_every)
                print(f"load average before the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
                print(f"fill: {args.schools} schools × {args.quarters} quarters, {n} indicator rows, "
                      f"{args.participants} participants per package: {time.perf_counter() - t:.2f} s")
                run_once(session, folder, quarters, dt.date(2027, 2, 1), shared=True)  # warm-up: imports, fonts
                results = {}
                for shared in (True, False):
                    results[shared] = [run_once(session, folder, quarters, dt.date(2027, 2, 1), shared=shared)
                                       for _ in range(args.repeat)]
            for shared, runs in results.items():
                print("shared statuses/totals (the «Свод» window):" if shared else
                      "each writer on its own (the CLI report command):")
                for key in runs[0]:
                    values = [r[key] for r in runs]
                    print(f"{key:>14}: median {statistics.median(values) * 1000:7.0f} ms, "
                          f"max {max(values) * 1000:7.0f} ms")
            print(f"xlsx {(folder / 'свод.xlsx').stat().st_size // 1024} KiB, pdf "
                  f"{(folder / 'справка.pdf').stat().st_size // 1024} KiB")
        finally:
            database.close()
    median = statistics.median(r["total"] for r in results[True])
    if median >= BUDGET_S:
        print(f"OVER BUDGET: {median:.2f} s ≥ {BUDGET_S:.0f} s")
        return 1
    print(f"within budget: {median:.2f} s < {BUDGET_S:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
