"""Benchmark: the order approving 500 pairs — register + context + PDF (reportlab, Liberation Serif embedded).

Run: /work/venv/bin/python bench/bench_order.py [--pairs N] [--repeat R]
Budget (issue 3): order PDF for 500 pairs < 2 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

BUDGET = 2.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pairs", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    from sqlalchemy import select

    from app.database import open_database
    from app.demo import fill_demo
    from app.documents.order import render_order
    from app.schemas import GroupData
    from app.services import orders, pairs
    from db.models import MentoringGroup

    with tempfile.TemporaryDirectory() as folder:
        db = open_database(Path(folder) / "bench.sqlite3")
        try:
            with db.session() as session:
                start = time.perf_counter()
                fill_demo(session, mentees=args.pairs * 4, mentors=args.pairs, seed=1)
                # Every pair of the demo is closed so that exactly N fresh drafts go into the order.
                session.execute(MentoringGroup.__table__.update().values(status="finished"))
                session.commit()
                waiting = pairs.unpaired_mentees(session)
                mentors = [m for m in pairs.mentor_loads(session) if m.free > 0]
                if len(waiting) < args.pairs or len(mentors) < args.pairs // 3:
                    raise SystemExit("not enough demo people for the requested number of pairs")
                ids, slots = [], [m.id for m in mentors for _ in range(min(m.free, 3))]
                for mentee, mentor in zip(waiting[:args.pairs], slots):
                    ids.append(pairs.save_group(session, data=GroupData(
                        mentor_id=mentor, mentee_ids=(mentee.id,), form="учитель – ученик",
                        kind="традиционное («один на один»)", start_date=dt.date(2026, 9, 28),
                        planned_end_date=dt.date(2027, 5, 31)), confirm_over_capacity=True))
                print(f"setup: demo + {len(ids)} draft pairs in {time.perf_counter() - start:.1f} s")

                out = Path(folder) / "order.pdf"
                start = time.perf_counter()
                order_id = orders.create_approval_order(
                    session, group_ids=ids, number="1", date=dt.date(2026, 10, 1),
                    on_created=lambda new_id: render_order(context=orders.order_context(session, order_id=new_id),
                                                           path=out))
                first = time.perf_counter() - start
                approved = session.execute(select(MentoringGroup.id).where(MentoringGroup.order_id == order_id)).all()
                assert len(approved) == len(ids)
                print(f"register {len(ids)} pairs + context + PDF (first, fonts loaded): {first:.2f} s, "
                      f"{out.stat().st_size / 1024:.0f} KiB")

                context_times, render_times = [], []
                for _ in range(args.repeat):
                    start = time.perf_counter()
                    context = orders.order_context(session, order_id=order_id)
                    context_times.append(time.perf_counter() - start)
                    start = time.perf_counter()
                    render_order(context=context, path=out)
                    render_times.append(time.perf_counter() - start)
                context_s, render_s = statistics.median(context_times), statistics.median(render_times)
                print(f"order_context: median {context_s * 1000:.0f} ms; render_order: median {render_s:.2f} s "
                      f"(max {max(render_times):.2f} s) over {args.repeat} runs")
        finally:
            db.close()
    total = max(first, context_s + render_s)
    verdict = "within budget" if total < BUDGET else "OVER BUDGET"
    print(f"order PDF for {args.pairs} pairs: {total:.2f} s ({verdict}: < {BUDGET:.0f} s)")
    return 0 if total < BUDGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
