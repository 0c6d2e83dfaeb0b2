"""Benchmark: import of 100 typical encrypted school packages into a municipality database, then the re-import.

Run: /work/venv/bin/python bench/bench_municipality_import.py [--schools 100] [--distinct 5] [--mentees 300]
     [--fuzz N]
Budget (issue 6): import of 100 typical school packages < 10 s in total.
``--distinct`` demo school databases (``--mentees`` each) are exported once; each export is re-sealed by the writer's
own serialiser under ``--schools`` different school codes and encrypted to the municipality's key, as 100 schools
would hand them in. ``--fuzz N`` then imports N randomly damaged packages (flipped bytes, truncation) and checks
that each is rejected and the database dump does not change (the larger run of the adversarial tests).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

BUDGET_S = 10.0
TODAY = dt.date(2026, 11, 26)


def _packages(folder: Path, *, distinct: int, mentees: int) -> list[bytes]:
    from app.database import open_database
    from app.demo import fill_demo
    from app.package import write_package
    from app.periods import quarter

    blobs = []
    for seed in range(1, distinct + 1):
        db = open_database(folder / f"school{seed}.sqlite3")
        try:
            with db.session() as s:
                fill_demo(s, mentees=mentees, seed=seed, today=TODAY)
                out = folder / f"export{seed}"
                out.mkdir()
                blobs.append(write_package(s, period=quarter(year=2026, number=4), folder=out,
                                           today=TODAY).path.read_bytes())
        finally:
            db.close()
    return blobs


def _dump(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schools", type=int, default=100)
    parser.add_argument("--distinct", type=int, default=5)
    parser.add_argument("--mentees", type=int, default=300)
    parser.add_argument("--fuzz", type=int, default=0)
    args = parser.parse_args()

    from app.database import open_database
    from app.municipality.importer import current_packages, import_paths
    from app.municipality.register import add_school, export_public_key, init_municipality
    from app.package.crypto import encrypt
    from tests.app.test_municipality_import import resealed

    with tempfile.TemporaryDirectory(prefix="mentordesk-bench-") as tmp:
        folder = Path(tmp)
        t0 = time.perf_counter()
        blobs = _packages(folder, distinct=args.distinct, mentees=args.mentees)
        t_demo = time.perf_counter() - t0
        db = open_database(folder / "municipality.sqlite3")
        try:
            with db.session() as session:
                init_municipality(session, name="Лукояновский муниципальный округ", today=TODAY)
                public = export_public_key(session, path=folder / "municipality.pub")
                codes = [f"52-{n:04d}" for n in range(1, args.schools + 1)]
                for code in codes:
                    add_school(session, code=code, full_name=f"МБОУ «Школа {code}»")
                stick = folder / "stick"
                stick.mkdir()
                t0 = time.perf_counter()
                for n, code in enumerate(codes):
                    blob = encrypt(resealed(blobs[n % len(blobs)], code=code), public_path=public)
                    (stick / f"{code}_2026-Q4.mdpkg").write_bytes(blob)
                t_write = time.perf_counter() - t0
                sizes = [p.stat().st_size for p in stick.iterdir()]

                t0 = time.perf_counter()
                first = import_paths(session, paths=[stick], today=TODAY)
                t_import = time.perf_counter() - t0
                t0 = time.perf_counter()
                again = import_paths(session, paths=[stick], today=TODAY)
                t_again = time.perf_counter() - t0
                assert len(first.accepted) == args.schools and not first.rejected, first.lines()[:5]
                assert len(again.unchanged) == args.schools, again.lines()[:5]
                assert len(current_packages(session, period="2026-Q4")) == args.schools

                print(f"demo schools: {args.distinct} × {args.mentees} mentees, exported in {t_demo:.2f} s; "
                      f"{args.schools} encrypted packages re-sealed in {t_write:.2f} s "
                      f"(size {min(sizes) // 1024}–{max(sizes) // 1024} KiB, total {sum(sizes) // 1024} KiB)")
                print(f"import of {args.schools} packages: {t_import:.2f} s "
                      f"({t_import / args.schools * 1000:.0f} ms each) — budget {BUDGET_S:.0f} s")
                print(f"re-import (all unchanged): {t_again:.2f} s")
                print("  " + first.lines()[0])
                print("  " + again.lines()[0])
                failed = t_import > BUDGET_S
                if args.fuzz:
                    failed |= _fuzz(session, db.path, folder, stick, args.fuzz)
        finally:
            db.close()
    if failed:
        print("OVER BUDGET or FAILED")
    return 1 if failed else 0


def _fuzz(session, db_path: Path, folder: Path, stick: Path, count: int) -> bool:  # noqa: ANN001
    """``count`` damaged packages, each must be rejected with the database dump unchanged."""
    from app.municipality.importer import import_paths

    rng = random.Random(6)
    originals = sorted(stick.iterdir())
    before = _dump(db_path)
    bad = 0
    t0 = time.perf_counter()
    target = folder / "fuzz.mdpkg"
    for _ in range(count):
        blob = bytearray(rng.choice(originals).read_bytes())
        if rng.random() < 0.3:
            blob = blob[:rng.randrange(len(blob))]
        else:
            for index in rng.sample(range(len(blob)), rng.randint(1, 4)):
                blob[index] ^= rng.randint(1, 255)
        target.write_bytes(bytes(blob))
        summary = import_paths(session, paths=[target], today=TODAY)
        bad += len(summary.rejected) != 1
    ok = not bad and _dump(db_path) == before
    print(f"fuzz: {count} damaged packages in {time.perf_counter() - t0:.2f} s — "
          f"{'all rejected, database unchanged' if ok else f'{bad} NOT rejected or database changed'}")
    return not ok


if __name__ == "__main__":
    raise SystemExit(main())
