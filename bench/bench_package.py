"""Benchmark: the quarterly package for 1,000 mentees, 300 pairs, 20,000 meetings, 3,000 survey responses.

Run: /work/venv/bin/python bench/bench_package.py [--repeat R] [--db FILE]
Budget (issue 5): export < 2 s, verify < 0.5 s (median of R runs).
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

EXPORT_BUDGET_S, VERIFY_BUDGET_S = 2.0, 0.5
MENTEES, PAIRS, MEETINGS, RESPONSES = 1_000, 300, 20_000, 3_000


def _top_up(session, period, seed: int) -> dict[str, int]:  # noqa: ANN001
    """Bulk-insert pairs, meetings (inside ``period``) and feedback responses up to the target counts."""
    from sqlalchemy import func, insert, select

    from app.services.surveys import list_templates
    from db.engine import transaction
    from db.models import (GroupMember, Meeting, Mentee, MentoringGroup, Mentor, SurveyResponse, SurveyVersion,
                           new_uuid, utcnow)

    rng = random.Random(seed)
    now = utcnow()

    def count(model, *where) -> int:  # noqa: ANN001
        return session.execute(select(func.count()).select_from(model).where(*where)).scalar_one()

    with transaction(session):
        live = [MentoringGroup.status.in_(("approved", "working"))]  # all of them land in the package
        busy = set(session.execute(select(GroupMember.mentee_id)).scalars())
        free = [m for m in session.execute(select(Mentee.id)).scalars() if m not in busy]
        mentors = list(session.execute(select(Mentor.id)).scalars())
        for n in range(max(0, PAIRS - count(MentoringGroup, *live))):
            group = MentoringGroup(mentor_id=mentors[n % len(mentors)], form="ученик – ученик", status="working",
                                   start_date=period.start - dt.timedelta(days=30))
            session.add(group)
            session.flush()
            session.add(GroupMember(group_id=group.id, mentee_id=free[n]))
        groups = list(session.execute(select(MentoringGroup.id).where(*live)).scalars())
        span = (period.end - period.start).days
        missing = MEETINGS - count(Meeting, Meeting.date >= period.start, Meeting.date <= period.end)
        session.execute(insert(Meeting), [dict(
            uuid=new_uuid(), group_id=rng.choice(groups), date=period.start + dt.timedelta(days=rng.randint(0, span)),
            kind="рабочая встреча", format=rng.choice(("in_person", "remote")), duration_min=45,
            topic="Тема", outcome="", next_steps="", start_time="", feedback_mentee=rng.random() < 0.8,
            feedback_mentor=rng.random() < 0.7, created_at=now, updated_at=now) for _ in range(max(0, missing))])
        template = next(t for t in list_templates(session) if t.purpose == "feedback")
        version = session.execute(select(SurveyVersion.id).where(SurveyVersion.template_id == template.id)
                                  .order_by(SurveyVersion.version.desc())).scalars().first()
        mentee_ids = list(session.execute(select(Mentee.id)).scalars())
        missing = RESPONSES - count(SurveyResponse, SurveyResponse.answered_on >= period.start,
                                    SurveyResponse.answered_on <= period.end)
        session.execute(insert(SurveyResponse), [dict(
            uuid=new_uuid(), template_id=template.id, version_id=version, respondent_role="mentee",
            mentee_id=rng.choice(mentee_ids), answered_on=period.start + dt.timedelta(days=rng.randint(0, span)),
            answers={"useful": rng.randint(1, 10), "satisfaction": rng.randint(1, 10), "goal_reached": True},
            source="import", created_at=now) for _ in range(max(0, missing))])
    return {"mentees": count(Mentee), "pairs": count(MentoringGroup, MentoringGroup.status != "draft"),
            "meetings": count(Meeting), "responses": count(SurveyResponse)}  # in the database


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per measurement")
    parser.add_argument("--db", type=Path, help="keep the database here (default: a temporary folder)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.setdefault("MENTORDESK_HOME", tmp)
        path = args.db or Path(tmp) / "bench.sqlite3"
        if path.exists():
            sys.exit(f"{path} exists; choose a new file")
        return _run(path, Path(tmp), args.repeat)


def _run(path: Path, tmp: Path, repeat: int) -> int:
    from app.database import open_database
    from app.demo import fill_demo
    from app.package import generate_keypair, verify_package, write_package
    from app.periods import quarter_of
    from app.settings import save_settings

    period = quarter_of(dt.date.today())
    out = tmp / "stick"
    out.mkdir()
    database = open_database(path)
    try:
        with database.session() as session:
            start = time.perf_counter()
            fill_demo(session, mentees=MENTEES, seed=1)
            counts = _top_up(session, period, seed=1)
            print(f"database made in {time.perf_counter() - start:4.1f} s: " + ", ".join(f"{k} {v:,}"
                                                                                     for k, v in counts.items()))
            results = {}
            for label, key in (("plain", ""), ("encrypted", "key")):
                if key:
                    generate_keypair(private_path=tmp / "uo.key", public_path=tmp / "uo.pub", label="bench")
                    save_settings(session, changes={"municipality_key_path": str(tmp / "uo.pub")})
                times = []
                for _ in range(repeat):
                    start = time.perf_counter()
                    result = write_package(session, period=period, folder=out)
                    times.append(time.perf_counter() - start)
                results[label] = result
                c = result.counts
                print(f"export {label:9} ({period.code}; in the package: {c['mentees']:,} mentees, {c['groups']} pairs/"
                      f"groups, {c['meetings']:,} meetings, {c['survey_responses']:,} responses; "
                      f"{result.size / 1024:,.0f} KiB): median {statistics.median(times):5.2f} s, "
                      f"max {max(times):5.2f} s (budget {EXPORT_BUDGET_S} s)")
    finally:
        database.close()
    plain = out / "plain.mdpkg"
    save_path = results["plain"].path
    # the last write was encrypted; rebuild a plain copy for the verify figure
    database = open_database(path)
    try:
        with database.session() as session:
            save_settings(session, changes={"municipality_key_path": ""})
            save_path.replace(out / "encrypted.mdpkg")
            write_package(session, period=period, folder=out).path.replace(plain)
    finally:
        database.close()
    for label, file, key in (("plain", plain, None), ("encrypted, envelope", out / "encrypted.mdpkg", None),
                             ("encrypted + key", out / "encrypted.mdpkg", tmp / "uo.key")):
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            verify_package(path=file, private_key_path=key)
            times.append(time.perf_counter() - start)
        print(f"verify {label:20}: median {statistics.median(times):5.3f} s, max {max(times):5.3f} s "
              f"(budget {VERIFY_BUDGET_S} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
