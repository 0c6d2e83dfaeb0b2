"""Table benchmark: 100k mentee rows through the real tab — filter as you type and sort by every column.

Run: ``/work/venv/bin/python bench/bench_model.py [--rows 100000] [--synthetic]``.
By default the rows come from a demo database (app.demo.fill_demo) loaded with app.listing;
``--synthetic`` builds PersonRow objects directly (no database).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def synthetic_rows(n: int) -> list:
    from app.schemas import PersonRow
    from app.text import fold

    gen = random.Random(1)
    last = ["Иванов", "Ёлкин", "Петров", "Смирнов", "Кузнецов", "Соловьёв", "Орлов", "Фёдоров", "Зайцев"]
    first = ["Иван", "Пётр", "Алёна", "Мария", "Кирилл", "Ольга", "Артём", "Дарья"]
    rows = []
    for i in range(n):
        name = f"{gen.choice(last)} {gen.choice(first)} {gen.choice(first)}ович"
        birth = 733000 + gen.randrange(4000)
        group = f"{gen.randrange(1, 12)}{gen.choice('АБВГ')}"
        values = (name, f"{birth}", "обучающийся", group, "математика, ОГЭ", "", "15.09.2026", "в программе",
                  "обработка")
        keys = (fold(name), birth, "обучающийся", (int(group[:-1]), fold(group)), "математика, огэ", "", 0,
                "в программе", "обработка")
        rows.append(PersonRow(id=i + 1, values=values, sort_keys=keys, search_key=fold("\t".join(values)),
                              archived=gen.random() < 0.02, category="обучающийся", group_name=group,
                              parallel=int(group[:-1]), status="active", has_partner=False))
    return rows


def demo_rows(n: int) -> list:
    from app.database import open_database
    from app.demo import fill_demo
    from app.listing import load_mentee_rows

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["MENTORDESK_HOME"] = tmp
        db = open_database(Path(tmp) / "bench.sqlite3")
        try:
            start = time.perf_counter()
            with db.session() as session:
                fill_demo(session, mentees=n, mentors=max(n // 6, 1), seed=1)
            print(f"demo database filled in {time.perf_counter() - start:.1f} s")
            start = time.perf_counter()
            with db.session() as session:
                rows = load_mentee_rows(session)
            print(f"load_mentee_rows: {len(rows)} rows in {1000 * (time.perf_counter() - start):.0f} ms")
        finally:
            db.close()
    return rows


def timed(fn, repeat: int = 5) -> float:  # noqa: ANN001
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(1000 * (time.perf_counter() - start))
    return statistics.median(samples)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--synthetic", action="store_true")
    args = parser.parse_args()
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from ui.people.base_tab import BaseTab
    from ui.tasks import SyncRunner

    app = QApplication.instance() or QApplication([])
    rows = synthetic_rows(args.rows) if args.synthetic else demo_rows(args.rows)
    tab = BaseTab("mentees", runner=SyncRunner())
    tab.resize(1300, 700)
    tab.show()
    reset_ms = timed(lambda: tab.set_rows(rows), repeat=3)
    print(f"rows: {len(rows)}; set_rows (facets + reset + filter): median {reset_ms:.0f} ms")

    keystrokes = ["и", "ив", "ива", "иван"]
    per_key = []
    for _ in range(5):
        tab.search.blockSignals(True)
        tab.search.clear()
        tab.search.blockSignals(False)
        tab.apply_filter()
        for text in keystrokes:
            tab.search.blockSignals(True)
            tab.search.setText(text)
            tab.search.blockSignals(False)
            start = time.perf_counter()
            tab.apply_filter()
            app.processEvents()
            per_key.append((text, 1000 * (time.perf_counter() - start), tab.model.rowCount()))
    print("filter as you type (tab.apply_filter + repaint), median per keystroke:")
    for text in keystrokes:
        samples = [ms for t, ms, _n in per_key if t == text]
        shown = [n for t, _ms, n in per_key if t == text][0]
        print(f"  «{text}»: {statistics.median(samples):6.1f} ms  ({shown} rows shown)")
    print(f"  all keystrokes: median {statistics.median(ms for _t, ms, _n in per_key):.1f} ms, "
          f"max {max(ms for _t, ms, _n in per_key):.1f} ms (budget: median < 150 ms)")
    tab.search.setText("")
    tab.apply_filter()
    print(f"sort all {tab.model.rowCount()} visible rows through model.sort (header click), cold caches:")
    print(f"  {'column':<20} {'first':>8} {'again (asc/desc)':>18}")
    first_ms, again_ms = [], []
    for column, title in enumerate(tab.model.columns):
        start = time.perf_counter()
        tab.model.sort(column, Qt.SortOrder.AscendingOrder)
        first_ms.append(1000 * (time.perf_counter() - start))
        orders = iter([Qt.SortOrder.DescendingOrder, Qt.SortOrder.AscendingOrder] * 3)
        again_ms.append(timed(lambda c=column: tab.model.sort(c, next(orders)), repeat=4))
        print(f"  {title:<20} {first_ms[-1]:6.1f} ms {again_ms[-1]:14.1f} ms")
    print(f"  first sort by a column: median {statistics.median(first_ms):.1f} ms, max {max(first_ms):.1f} ms; "
          f"repeated: median {statistics.median(again_ms):.1f} ms (budget < 250 ms)")
    start = time.perf_counter()
    orders = tab.model.presort(rows, tab.model.columnCount())
    presort_s = time.perf_counter() - start
    tab.set_rows(rows)
    tab.model.adopt_presorted(rows, orders)
    warm = []
    for column in range(tab.model.columnCount()):
        start = time.perf_counter()
        tab.model.sort(column, Qt.SortOrder.AscendingOrder)
        warm.append(1000 * (time.perf_counter() - start))
    print(f"after the background presort the tab starts on a large base ({presort_s:.1f} s, off the GUI thread): "
          f"first click per column median {statistics.median(warm):.1f} ms, max {max(warm):.1f} ms")
    tab.close()
    sys.stdout.flush()
    os._exit(0)  # skip interpreter teardown with live Qt objects (PySide6 6.12 on 3.11 may abort there)


if __name__ == "__main__":
    raise SystemExit(main())
