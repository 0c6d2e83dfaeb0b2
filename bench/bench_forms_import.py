"""Benchmark: import of 2,000 Google Forms responses (read xlsx + match names against ~1,000 people + store).

Run: /work/venv/bin/python bench/bench_forms_import.py [--rows N] [--people N]
Budget (issue 4): import of 2,000 form responses < 3 s end to end.
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

HEADERS = ["Отметка времени", "Адрес электронной почты", "Фамилия, имя (и класс)",
           "Насколько эффективной была работа с наставником? ", "Насколько комфортным было для вас общение?",
           "Насколько понятными были задачи, которые ставил наставник",
           "Насколько вы ощущали поддержку наставника (1–10)?", "Насколько полезными были личные встречи?",
           "Насколько полезными были групповые встречи?", "Насколько оправдались ваши ожидания?",
           "Насколько вы довольны совместной работой?", "Хотели бы вы продолжить работу в программе?",
           "Хотели бы вы стать наставником?", "Что в программе было для вас самым ценным?",
           "Чего вам не хватило?"]


def messy(rnd: random.Random, last: str, first: str, middle: str, group: str) -> str:
    """A name as a respondent types it."""
    kind = rnd.randrange(8)
    if kind == 0:
        return f"{last} {first} {middle}"
    if kind == 1:
        return f"{last.lower()} {first.lower().replace('ё', 'е')}"
    if kind == 2:
        return f"{last} {first[0]}."
    if kind == 3:
        return f" {last}  {first} "
    if kind == 4:
        return f"{first} {last}"
    if kind == 5:
        return f"{last} {first} {group}"
    if kind == 6 and len(last) > 5:
        i = rnd.randrange(1, len(last) - 1)
        return f"{last[:i]}{last[i + 1:]} {first}"  # a typo
    return f"{last} {first}"


def make_file(path: Path, people: list[tuple], rows: int, seed: int = 7) -> None:
    from openpyxl import Workbook

    rnd = random.Random(seed)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Ответы на форму (1)")
    ws.append(HEADERS)
    start = dt.datetime(2027, 5, 12, 9, 0)
    for n in range(rows):
        last, first, middle, group = rnd.choice(people)
        name = messy(rnd, last, first, middle, group) if n % 50 else "Аноним Анонимович"
        scales = [rnd.randint(1, 10) for _ in range(8)]
        ws.append([start + dt.timedelta(minutes=3 * n), f"pupil{n}@example.ru", name,
                   *[str(s) if n % 2 else s for s in scales], rnd.choice(["Да", "Нет"]), rnd.choice(["Да", "Нет"]),
                   rnd.choice(["Поддержка наставника", "Проекты", "", "Подготовка к экзаменам"]),
                   rnd.choice(["", "Времени", "Больше встреч"])])
    wb.save(path)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--people", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        os.environ["MENTORDESK_HOME"] = str(tmp / "home")
        from sqlalchemy import select

        from app import forms_import as fi
        from app.database import open_database
        from app.demo import fill_demo
        from app.forms_match import match_respondents
        from app.services import surveys
        from db.models import Mentee

        db = open_database(tmp / "school.sqlite3")
        try:
            with db.session() as session:
                fill_demo(session, mentees=args.people)
                people = [tuple(r) for r in session.execute(select(Mentee.last_name, Mentee.first_name,
                                                                   Mentee.middle_name, Mentee.group_name))]
                template_id = {t.code: t.id for t in surveys.list_templates(session)}["mentee_post"]
                source = tmp / "Анкета наставляемого (Ответы).xlsx"
                t = time.perf_counter()
                make_file(source, people, args.rows)
                print(f"generated {args.rows} responses xlsx: {time.perf_counter() - t:.2f} s "
                      f"({source.stat().st_size / 1024:.0f} KiB); {len(people)} mentees in the base")

                t0 = time.perf_counter()
                table = fi.read_form_file(path=source)
                t1 = time.perf_counter()
                questions = surveys.get_template(session, template_id=template_id).questions
                mapping = fi.propose_mapping(table=table, questions=questions, remembered={})
                candidates = fi.load_candidates(session, role="mentee")
                matches = match_respondents(names=table.respondent_names(), people=candidates)
                t2 = time.perf_counter()
                choices = {n: m.chosen_id for n, m in zip(table.row_numbers, matches)}  # unmatched → anonymous
                added = fi.import_responses(session, path=source, template_id=template_id, mapping=mapping,
                                            choices=choices, respondent_role="mentee", table=table)
                t3 = time.perf_counter()
                counts: dict[str, int] = {}
                for m in matches:
                    counts[m.status] = counts.get(m.status, 0) + 1
                mapped = sum(1 for k in mapping.values() if k)
                print(f"read_form_file: {t1 - t0:.2f} s ({len(table.rows)} rows)")
                print(f"mapping + match {len(matches)} names against {len(candidates)} people: {t2 - t1:.2f} s; "
                      f"{mapped} columns mapped; statuses {counts}")
                print(f"import_responses (validate + duplicates + one transaction): {t3 - t2:.2f} s; added {added}")
                print(f"TOTAL read + match + import: {t3 - t0:.2f} s  (budget < 3 s)")
                t4 = time.perf_counter()
                again = fi.import_responses(session, path=source, template_id=template_id, mapping=mapping,
                                            choices=choices, respondent_role="mentee", table=table)
                print(f"re-import of the same file: {time.perf_counter() - t4:.2f} s; added {again} "
                      "(all skipped as duplicates)")
        finally:
            db.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
