"""ИПР: service validation and round trip, the printed plan read back with poppler."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest

from app.documents.plan import render_plan
from app.errors import NotFoundError, ValidationError
from app.schemas import GroupData
from app.services import plans
from app.services.pairs import save_group
from app.services.people import save_mentee, save_mentor
from app.services.school import save_school
from app.services.plans import PlanItemData
from tests import factories

START = dt.date(2026, 9, 28)
TODAY = dt.date(2026, 11, 20)
poppler = pytest.mark.skipif(shutil.which("pdftotext") is None or shutil.which("pdffonts") is None,
                             reason="poppler-utils (pdftotext, pdffonts) is not installed")


@pytest.fixture
def group(session):
    save_school(session, data=factories.school())
    mentees = [save_mentee(session, data=factories.mentee(last_name=name, group_name="7Б"))
               for name in ("Иванов", "Петров")]
    other = save_mentee(session, data=factories.mentee(last_name="Орлов"))
    mentor = save_mentor(session, data=factories.mentor())
    group_id = save_group(session, data=GroupData(mentor_id=mentor, mentee_ids=tuple(mentees), form="учитель – ученик",
                                                  role_model="успевающий – неуспевающий", start_date=START,
                                                  planned_end_date=dt.date(2027, 5, 31)))
    return group_id, mentees, other


def _lines(exc: ValidationError) -> list[str]:
    return [i.describe() for i in exc.issues]


def test_round_trip_keeps_order_identity_and_dates_done_lines(session, group):
    group_id, (a, b), _ = group
    items = [PlanItemData(mentee_id=b, goal="Успеваемость", task="  Разобрать задачи ОГЭ  ",
                          deadline=dt.date(2026, 12, 20)),
             PlanItemData(mentee_id=a, goal="Подготовка к ОГЭ", task="Пробный экзамен", deadline=dt.date(2026, 12, 1),
                          status="done"),
             PlanItemData(mentee_id=a, task="Проект по геометрии", status="in_progress", result="тема выбрана")]
    plans.save_plan(session, group_id=group_id, items=items, today=TODAY)
    saved = plans.list_plan(session, group_id=group_id)
    assert [(i.mentee_id, i.task, i.position) for i in saved] == [
        (a, "Пробный экзамен", 1), (a, "Проект по геометрии", 2), (b, "Разобрать задачи ОГЭ", 1)]
    assert saved[0].done_date == TODAY and saved[0].status == "done"
    assert saved[1].done_date is None and saved[1].result == "тема выбрана"
    # edit: drop one line, change another, keep its id
    kept = saved[0]
    plans.save_plan(session, group_id=group_id,
                    items=[kept.__class__(**{**kept.__dict__, "result": "сдан на «4»"}), saved[2]], today=TODAY)
    again = plans.list_plan(session, group_id=group_id)
    assert [(i.id, i.task) for i in again] == [(kept.id, "Пробный экзамен"), (saved[2].id, "Разобрать задачи ОГЭ")]
    assert again[0].result == "сдан на «4»"


def test_invalid_lines_are_named_and_nothing_is_saved(session, group):
    group_id, (a, b), other = group
    plans.save_plan(session, group_id=group_id, items=[PlanItemData(mentee_id=a, task="Было")], today=TODAY)
    bad = [PlanItemData(mentee_id=a, task="Хорошая"),
           PlanItemData(mentee_id=a, task="   ", deadline=dt.date(2026, 9, 1)),
           PlanItemData(mentee_id=other, task="Чужой"),
           PlanItemData(mentee_id=b, task="Будущее", status="done", done_date=dt.date(2027, 1, 1)),
           PlanItemData(mentee_id=b, task="Статус", status="потом")]
    with pytest.raises(ValidationError) as err:
        plans.save_plan(session, group_id=group_id, items=bad, today=TODAY)
    lines = _lines(err.value)
    assert any(line.startswith("строка 2, поле «Задача»") and "Иванов Пётр Сергеевич" in line for line in lines)
    assert any(line.startswith("строка 2, поле «Срок»") and "28.09.2026" in line for line in lines)
    assert any(line.startswith("строка 1, поле «Наставляемый»") for line in lines)
    assert any(line.startswith("строка 1, поле «Дата выполнения»") and "Петров" in line for line in lines)
    assert any(line.startswith("строка 2, поле «Статус»") for line in lines)
    assert [i.task for i in plans.list_plan(session, group_id=group_id)] == ["Было"]
    with pytest.raises(NotFoundError):
        plans.save_plan(session, group_id=group_id + 100, items=[], today=TODAY)


def test_context_has_school_year_people_and_lines(session, group):
    group_id, (a, b), _ = group
    plans.save_plan(session, group_id=group_id, items=[PlanItemData(mentee_id=b, task="Олимпиада")], today=TODAY)
    ctx = plans.plan_context(session, group_id=group_id)
    assert (ctx.short_name, ctx.academic_year, ctx.curator_name) == ("МБОУ СШ № 1", "2026/2027",
                                                                      "Смирнова Ольга Ивановна")
    assert ctx.mentor_name == "Ёлкина Светлана Викторовна" and ctx.mentor_position == "учитель математики"
    assert [(m.name, m.group_name, len(m.items)) for m in ctx.mentees] == [
        ("Иванов Пётр Сергеевич", "7Б", 0), ("Петров Пётр Сергеевич", "7Б", 1)]
    assert ctx.term == "с 28.09.2026 по 31.05.2027"
    assert plans.PLAN_STATUSES == {"planned": "запланировано", "in_progress": "в работе", "done": "выполнено",
                                   "cancelled": "отменено"}


@poppler
def test_pdf_reads_back_with_names_tasks_dates_a_page_per_mentee_and_embedded_font(session, group, tmp_path):
    group_id, (a, b), _ = group
    plans.save_plan(session, group_id=group_id, today=TODAY, items=[
        PlanItemData(mentee_id=a, goal="Подготовка к ОГЭ", task="Пробный экзамен по математике",
                     deadline=dt.date(2026, 12, 1), status="done", done_date=dt.date(2026, 11, 18),
                     result="«4», 17 баллов"),
        PlanItemData(mentee_id=a, goal="Проектная деятельность", task="Выбрать тему проекта",
                     deadline=dt.date(2027, 2, 15), status="in_progress")])
    path = render_plan(context=plans.plan_context(session, group_id=group_id), path=tmp_path / "ипр.pdf")
    assert path == tmp_path / "ипр.pdf" and not list(tmp_path.glob("*.tmp*"))
    raw = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True).stdout
    first, second, *_ = (" ".join(page.split()) for page in raw.split("\f"))
    assert "ИНДИВИДУАЛЬНЫЙ ПЛАН РАЗВИТИЯ НАСТАВЛЯЕМОГО" in first and "2026/2027 учебный год" in first
    assert "Иванов Пётр Сергеевич (7Б)" in first and "Петров" not in first
    assert "Ёлкина Светлана Викторовна (учитель математики)" in first
    assert "Пробный экзамен по математике" in first and "01.12.2026" in first and "выполнено 18.11.2026" in first
    assert "«4», 17 баллов" in first and "15.02.2027" in first and "в работе" in first
    assert "С.В. Ёлкина" in first and "П.С. Иванов" in first and "О.И. Смирнова" in first
    assert "Куратор" in first and "МБОУ СШ № 1" in first
    assert "Петров Пётр Сергеевич (7Б)" in second and "Пробный экзамен" not in second
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    serif = [line for line in fonts.splitlines() if "LiberationSerif" in line]
    assert serif and all(" yes " in line for line in serif)
    assert not [line for line in fonts.splitlines()[2:] if "LiberationSerif" not in line]
