"""Nominations «Наставник года» / «Лучшая пара»: the data behind each candidate, the score, the year, xlsx."""

from __future__ import annotations

import datetime as dt

import pytest

from app.nominations import (MENTOR_FORMULA, PAIR_FORMULA, available_years, build_nominations, mentor_score,
                             pair_score)
from app.schemas import GroupData
from app.schemas_meetings import MeetingData
from app.schemas_surveys import ResponseData
from app.services import completion, meetings, pairs, surveys
from app.services.people import save_mentee, save_mentor
from tests import factories

D = dt.date
TODAY = D(2027, 6, 10)


def _template(session, code: str) -> int:
    return next(t.id for t in surveys.list_templates(session) if t.code == code)


@pytest.fixture
def world(session):
    """Ёлкина: a finished pair with a full sequence and feedback; Зайцев: a working group with gaps."""
    ivanov = save_mentee(session, data=factories.mentee())
    petrov = save_mentee(session, data=factories.mentee(last_name="Петров", first_name="Илья"))
    orlova = save_mentee(session, data=factories.mentee(last_name="Орлова", first_name="Мария", middle_name="",
                                                        birth_date=D(2011, 2, 2)))
    elkina = save_mentor(session, data=factories.mentor())
    zaitsev = save_mentor(session, data=factories.mentor(last_name="Зайцев", first_name="Олег",
                                                         middle_name="Петрович", birth_year=1975,
                                                         training_date=None, training_document=""))
    old = pairs.save_group(session, data=GroupData(mentor_id=zaitsev, mentee_ids=(ivanov,),
                                                   start_date=D(2025, 9, 10)))
    pairs.set_status(session, group_id=old, status="approved", on=D(2025, 9, 10))
    meetings.save_meeting(session, data=MeetingData(group_id=old, date=D(2025, 10, 1), kind="встреча-знакомство"))
    completion.complete_group(session, group_id=old, end_date=D(2026, 5, 28), results="Итог прошлого года",
                              today=TODAY)
    pair = pairs.save_group(session, data=GroupData(mentor_id=elkina, mentee_ids=(ivanov,), form="ученик – ученик",
                                                    start_date=D(2026, 9, 15)))
    group = pairs.save_group(session, data=GroupData(mentor_id=zaitsev, mentee_ids=(petrov, orlova),
                                                     form="учитель – ученик", start_date=D(2026, 10, 1)))
    for gid in (pair, group):
        pairs.set_status(session, group_id=gid, status="approved", on=D(2026, 9, 10))
    plan = [(D(2026, 9, 20), "встреча-знакомство", False), (D(2026, 9, 27), "пробная рабочая встреча", False),
            (D(2026, 10, 4), "встреча-планирование", False), (D(2026, 10, 11), "рабочая встреча", True),
            (D(2026, 10, 18), "рабочая встреча", True), (D(2027, 5, 20), "итоговая встреча", False)]
    for day, kind, feedback in plan:
        meetings.save_meeting(session, data=MeetingData(group_id=pair, date=day, kind=kind,
                                                        feedback_mentee=feedback, feedback_mentor=feedback))
    for day in (D(2026, 10, 5), D(2026, 10, 12)):  # no знакомство, no feedback: warnings
        meetings.save_meeting(session, data=MeetingData(group_id=group, date=day, kind="рабочая встреча",
                                                        feedback_mentee=True))
    post, mentor_post = _template(session, "mentee_post"), _template(session, "mentor_post")
    surveys.add_responses(session, responses=[
        ResponseData(template_id=post, answered_on=D(2027, 5, 21), mentee_id=ivanov, answers={"satisfaction": 9}),
        ResponseData(template_id=mentor_post, answered_on=D(2027, 5, 21), respondent_role="mentor",
                     mentor_id=elkina, answers={"satisfaction": 10}),
        ResponseData(template_id=post, answered_on=D(2027, 5, 22), mentee_id=petrov, group_id=group,
                     answers={"satisfaction": 6}),
        ResponseData(template_id=post, answered_on=D(2027, 5, 22), mentee_id=orlova, answers={"satisfaction": 8}),
    ])
    completion.complete_group(session, group_id=pair, end_date=D(2027, 5, 25), today=TODAY,
                              results="Повышение успеваемости\nПобеда в олимпиаде", case_url="https://s.ru/k")
    return {"pair": pair, "group": group, "old": old, "elkina": elkina, "zaitsev": zaitsev}


def test_pair_candidates_show_the_data_and_the_score(session, world):
    report = build_nominations(session, year="2026/2027", today=TODAY)
    assert report.year.code == "2026/2027" and report.pair_formula == PAIR_FORMULA
    by_id = {p.group_id: p for p in report.pairs}
    assert set(by_id) == {world["pair"], world["group"]}  # the 2025/2026 pair is not in this year
    best = by_id[world["pair"]]
    assert (best.meetings, best.feedback_needed, best.feedback_given, best.warnings) == (6, 2, 2, 0)
    assert (best.mentee_satisfaction, best.mentee_n, best.mentor_satisfaction, best.mentor_n) == (90.0, 1, 100.0, 1)
    assert best.final_meeting and best.completed and best.final_survey_done
    assert best.results == "Повышение успеваемости\nПобеда в олимпиаде" and best.case_url == "https://s.ru/k"
    assert best.score == pair_score(meetings=6, feedback_share=1.0, mentee_pct=90.0, mentor_pct=100.0,
                                    completed_with_results=True, final_meeting=True, warnings=0) == 60.0
    grp = by_id[world["group"]]
    assert (grp.meetings, grp.feedback_needed, grp.feedback_given) == (2, 2, 0)
    assert grp.warnings == len(grp.warning_texts) >= 2 and any("знакомство" in w for w in grp.warning_texts)
    assert grp.mentee_satisfaction == pytest.approx(70.0) and grp.mentee_n == 2 and grp.mentor_satisfaction is None
    assert grp.score == round(max(0, 2 + 0 + 7.0 - 2 * grp.warnings), 1)
    assert [p.group_id for p in report.pairs] == [world["pair"], world["group"]]  # best first


def test_mentor_candidates_count_pairs_mentees_training_and_results(session, world):
    report = build_nominations(session, year="2026/2027", today=TODAY)
    assert report.mentor_formula == MENTOR_FORMULA
    first, second = report.mentors
    assert first.name == "Ёлкина Светлана Викторовна"
    assert (first.groups, first.mentees, first.meetings, first.completed, first.completed_with_results) == (
        1, 1, 6, 1, 1)
    assert first.feedback_share == 1.0 and first.satisfaction == 90.0 and first.satisfaction_n == 1
    assert first.results == ("Повышение успеваемости\nПобеда в олимпиаде",)
    assert first.training == "01.10.2026, Сертификат № 12"
    assert first.score == mentor_score(meetings=6, feedback_share=1.0, satisfaction_pct=90.0,
                                       completed_with_results=1, trained=True) == 6 + 20 + 18 + 5 + 5
    assert second.name == "Зайцев Олег Петрович" and second.training == ""
    assert (second.groups, second.mentees, second.meetings, second.completed) == (1, 2, 2, 0)
    assert second.satisfaction == pytest.approx(70.0) and second.satisfaction_n == 2
    last_year = build_nominations(session, year="2025/2026", today=TODAY)
    assert [(c.name, c.meetings, c.completed, c.results) for c in last_year.mentors] == [
        ("Зайцев Олег Петрович", 1, 1, ("Итог прошлого года",))]
    assert available_years(session, today=TODAY) == ["2026/2027", "2025/2026"]


def test_export_has_both_lists_with_every_column(session, world, tmp_path):
    from openpyxl import load_workbook

    from app.nominations_xlsx import MENTOR_HEADERS, PAIR_HEADERS, write_nominations_xlsx

    report = build_nominations(session, year="2026/2027", today=TODAY)
    path = write_nominations_xlsx(report, path=tmp_path / "n.xlsx")
    wb = load_workbook(path)
    assert wb.sheetnames == ["Наставник года", "Лучшая пара", "Как считается балл"]
    rows = list(wb["Наставник года"].iter_rows(values_only=True))
    assert rows[0] == MENTOR_HEADERS and len(rows) == 3
    top = dict(zip(MENTOR_HEADERS, rows[1]))
    assert top["Наставник"] == "Ёлкина Светлана Викторовна" and top["Балл"] == 54
    assert top["Встреч за год"] == 6 and top["Доля с обратной связью, %"] == 100
    assert top["Удовлетворённость наставляемых, %"] == 90 and top["Обучение («Школа наставников»)"].startswith("01.10")
    assert rows[2][MENTOR_HEADERS.index("Обучение («Школа наставников»)")] == "нет"
    rows = list(wb["Лучшая пара"].iter_rows(values_only=True))
    assert rows[0] == PAIR_HEADERS and len(rows) == 3
    best = dict(zip(PAIR_HEADERS, rows[1]))
    assert best["№ пары"] == world["pair"] and best["Статус"] == "завершена"
    assert best["Завершение"].date() == D(2027, 5, 25) and best["Итоговая встреча"] == "да"
    assert best["Результаты"] == "Повышение успеваемости\nПобеда в олимпиаде" and best["Балл"] == 60
    other = dict(zip(PAIR_HEADERS, rows[2]))
    assert other["Удовлетворённость наставника, %"] is None and other["Отступлений от последовательности"] >= 2
    formulas = [r[0] for r in wb["Как считается балл"].iter_rows(values_only=True)]
    assert MENTOR_FORMULA in formulas and PAIR_FORMULA in formulas


def test_equal_scores_share_a_place(session, world):
    from dataclasses import replace

    from app.nominations import ranked

    report = build_nominations(session, year="2026/2027", today=TODAY)
    assert [c.place for c in report.mentors] == [1, 2] and [p.place for p in report.pairs] == [1, 2]
    first, second = report.mentors
    rows = [replace(first, score=60.0), replace(second, score=55.0), replace(second, name="Б", score=55.0),
            replace(first, name="В", score=40.0)]
    assert [r.place for r in ranked(rows)] == [1, 2, 2, 4]


def test_pairs_sheet_columns_fit_and_rows_grow_with_several_mentees(session, world, tmp_path):
    from openpyxl import load_workbook

    from app.nominations_xlsx import PAIR_HEADERS, write_nominations_xlsx

    report = build_nominations(session, year="2026/2027", today=TODAY)
    ws = load_workbook(write_nominations_xlsx(report, path=tmp_path / "n.xlsx"))["Лучшая пара"]
    width = {h: ws.column_dimensions[chr(ord("A") + i)].width for i, h in enumerate(PAIR_HEADERS[:8])}
    assert width["Начало"] >= 12 and width["Завершение"] >= 12  # «ДД.ММ.ГГГГ» never shows ###
    assert width["Форма"] >= len("учитель – ученик") + 2 and width["Статус"] >= len("завершена") + 2
    rows = {r[1].value: r for r in ws.iter_rows(min_row=2)}
    two = rows[world["group"]]
    assert two[3].value.count("\n") == 1 and two[3].alignment.wrap_text
    assert ws.row_dimensions[two[0].row].height >= 30  # two mentees: the row is two lines high
    start = two[PAIR_HEADERS.index("Начало")]
    assert start.is_date and start.number_format == "DD.MM.YYYY"
