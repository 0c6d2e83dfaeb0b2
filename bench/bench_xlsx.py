"""Benchmark: import of a 10,000-row mentee xlsx (parse + validate + one transaction) and export of 10,000 rows.

Run: /work/venv/bin/python bench/bench_xlsx.py [--rows N]
Budgets (design.md §9): import < 5 s, export < 4 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

LAST = ["Иванов", "Петров", "Сидоров", "Ёлкин", "Смирнов", "Кузнецов", "Попов", "Васильев", "Соколов", "Михайлов"]
FIRST = ["Пётр", "Иван", "Алексей", "Артём", "Дмитрий", "Максим", "Фёдор", "Кирилл", "Матвей", "Глеб"]
MIDDLE = ["Сергеевич", "Иванович", "Петрович", "Андреевич", "Олегович", ""]
REQUESTS = ["математика", "ОГЭ", "профориентация", "английский язык", "адаптация", "олимпиады", "проекты"]


def make_file(path: Path, rows: int, seed: int = 1) -> None:
    from openpyxl import Workbook

    rnd = random.Random(seed)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("База")
    ws.append(["База наставляемых МБОУ СШ № 1"])
    ws.append(["№ п/п", "ФИО наставляемого", "Контактные данные для связи", "Год рождения наставляемого",
               "Основной запрос наставляемого", "Дата вхождения в программу", "ФИО наставника",
               "Категория", "Класс", "Статус", "Примечание"])
    for n in range(1, rows + 1):
        last = rnd.choice(LAST)
        name = f"{last}{'а' * (n % 3 == 0)} {rnd.choice(FIRST)} {rnd.choice(MIDDLE)}".strip()
        birth = dt.datetime(rnd.randint(2008, 2015), rnd.randint(1, 12), rnd.randint(1, 28))
        birth_cell = birth if n % 4 else birth.strftime("%d.%m.%Y")
        entry = dt.datetime(2025, 9, rnd.randint(1, 30))
        ws.append([n, name, f"+7 9{rnd.randint(10, 99)} {rnd.randint(100, 999)}-{rnd.randint(10, 99)}-00",
                   birth_cell, ", ".join(rnd.sample(REQUESTS, rnd.randint(1, 3))), entry, "",
                   "обучающийся" if n % 5 else "", f"{rnd.randint(5, 11)}{rnd.choice('АБВГ')}",
                   "в программе", "примечание" if n % 7 == 0 else None])
    wb.save(path)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        os.environ["MENTORDESK_HOME"] = str(tmp / "home")
        from app.database import open_database
        from app.xlsx_export import export_base
        from app.xlsx_import import commit_import, read_preview

        source = tmp / "mentees.xlsx"
        started = time.perf_counter()
        make_file(source, args.rows)
        print(f"generated {args.rows} rows xlsx: {time.perf_counter() - started:.2f} s "
              f"({source.stat().st_size / 1024:.0f} KiB)")

        db = open_database(tmp / "school.sqlite3")
        try:
            with db.session() as session:
                t0 = time.perf_counter()
                preview = read_preview(session=session, kind="mentees", path=source)
                t1 = time.perf_counter()
                assert not preview.errors(), preview.errors()[:3]
                result = commit_import(session, preview=preview, skip_duplicates=False)
                t2 = time.perf_counter()
                print(f"read_preview (parse + validate + duplicates): {t1 - t0:.2f} s; "
                      f"duplicates flagged {preview.duplicate_count()}, warnings {len(preview.warnings())}")
                print(f"commit_import (one transaction, Core bulk insert): {t2 - t1:.2f} s; added {result.added}")
                print(f"IMPORT total: {t2 - t0:.2f} s  (budget < 5 s)")

                out = tmp / "export.xlsx"
                t3 = time.perf_counter()
                written = export_base(session, kind="mentees", path=out)
                t4 = time.perf_counter()
                print(f"EXPORT {written} rows: {t4 - t3:.2f} s  (budget < 4 s), {out.stat().st_size / 1024:.0f} KiB")
        finally:
            db.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
