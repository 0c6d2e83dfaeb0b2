"""Roadmap service, templates and xlsx import/export against a real SQLite database."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from app import roadmap_templates
from app.errors import ConflictError, NotFoundError, ValidationError
from app.roadmap_xlsx import TITLE, export_roadmap, import_roadmap
from app.schemas_roadmap import COLUMNS, RoadmapItemData
from app.services import roadmap as service

YEAR = "2026/2027"
TODAY = dt.date(2026, 11, 15)


def test_templates_load_and_expand():
    templates = {t.code: t for t in service.list_templates()}
    assert set(templates) == {"school-001", "school-000-003"}
    assert templates["school-001"].items == 37
    school = roadmap_templates.load("school-001")
    assert all(r.title and r.deadline and r.responsible for r in school.rows)
    assert not any("Коваль" in r.responsible or "Лушникова" in r.responsible for r in school.rows)  # roles, not names
    municipal = roadmap_templates.expand_template(roadmap_templates.load("school-000-003"), academic_year=YEAR)
    quarterly = [i for i in municipal if i.recurrence == "quarterly"]
    assert len(quarterly) == 12 and {i.deadline.month for i in quarterly} == {3, 6, 9, 12}


def test_template_validation_names_the_defect():
    with pytest.raises(ValueError, match="row 1"):
        roadmap_templates.validate({"code": "x", "title": "x", "source": "x", "seed_year": "2023/2024",
                                    "items": [{"number": "1"}]}, name="x.json")


def test_start_from_template_expands_and_refuses_twice(session):
    created = service.start_from_template(session, template_code="school-000-003", academic_year=YEAR, today=TODAY)
    rows = service.list_items(session, academic_year=YEAR, today=TODAY)
    assert created == len(rows) == 35
    assert [r.position for r in rows] == sorted(r.position for r in rows)
    report = [r for r in rows if r.title.startswith("Отчёт в управление")]
    assert [r.deadline for r in report] == [dt.date(2026, 9, 30), dt.date(2026, 12, 31), dt.date(2027, 3, 31),
                                            dt.date(2027, 6, 30)]
    assert len({r.series for r in report}) == 1
    assert report[0].overdue and not report[1].overdue
    with pytest.raises(ConflictError):
        service.start_from_template(session, template_code="school-000-003", academic_year=YEAR)
    assert len(service.list_items(session, academic_year=YEAR)) == 35
    service.start_from_template(session, template_code="school-001", academic_year=YEAR, today=TODAY)
    service.start_from_template(session, template_code="school-001", academic_year="2027/2028", today=TODAY)
    assert service.academic_years(session) == ["2027/2028", YEAR]
    first = service.list_items(session, academic_year="2027/2028")[0]
    assert (first.deadline, first.deadline_text) == (dt.date(2027, 8, 31), "август 2027")


def test_unknown_template_and_bad_year(session):
    with pytest.raises(NotFoundError):
        service.start_from_template(session, template_code="nope", academic_year=YEAR)
    with pytest.raises(ValidationError):
        service.start_from_template(session, template_code="school-001", academic_year="2026")


def test_save_validates_and_marks_done(session):
    with pytest.raises(ValidationError) as err:
        service.save_item(session, academic_year=YEAR, today=TODAY,
                          data=RoadmapItemData(title=" ", status="bogus", recurrence="weekly",
                                               evidence_date=TODAY + dt.timedelta(days=1)))
    fields = {i.field for i in err.value.issues}
    assert fields == {"Наименование мероприятия", "Статус", "Периодичность", "Дата документа"}
    assert service.list_items(session, academic_year=YEAR) == []
    row = service.save_item(session, academic_year=YEAR, today=TODAY,
                            data=RoadmapItemData(title="Приказ о внедрении", deadline=dt.date(2026, 10, 1)))
    assert row.overdue and row.status == "planned"
    with pytest.raises(ValidationError) as err:  # «выполнено» takes no silent date: the field is named
        service.set_status(session, item_id=row.id, status="done", evidence_number="41-о", today=TODAY)
    assert [i.field for i in err.value.issues] == ["Дата выполнения"] and "укажите дату" in str(err.value)
    assert service.get_item(session, item_id=row.id).status == "planned"
    with pytest.raises(ValidationError, match="позже сегодняшней"):
        service.set_status(session, item_id=row.id, status="done", done_date=TODAY + dt.timedelta(days=1),
                           today=TODAY)
    done = service.set_status(session, item_id=row.id, status="done", done_date=dt.date(2026, 10, 3),
                              evidence_number="41-о", evidence_date=dt.date(2026, 10, 2), today=TODAY)
    assert (done.done_date, done.overdue, done.evidence_number) == (dt.date(2026, 10, 3), False, "41-о")
    back = service.set_status(session, item_id=row.id, status="in_progress", today=TODAY)
    assert back.done_date is None and back.overdue
    service.delete_item(session, item_id=row.id)
    with pytest.raises(NotFoundError):
        service.get_item(session, item_id=row.id)


def test_summary_counts_the_period(session):
    service.start_from_template(session, template_code="school-000-003", academic_year=YEAR, today=TODAY)
    rows = service.list_items(session, academic_year=YEAR, today=TODAY)
    service.set_status(session, item_id=rows[0].id, status="done", done_date=dt.date(2026, 9, 20), today=TODAY)
    service.set_status(session, item_id=rows[1].id, status="failed", today=TODAY)
    whole = service.summary(session, academic_year=YEAR, today=TODAY)
    assert whole.total == 35 and whole.by_status == {"planned": 33, "in_progress": 0, "done": 1, "failed": 1}
    autumn = service.summary(session, academic_year=YEAR, start=dt.date(2026, 9, 1), end=dt.date(2026, 10, 31),
                             today=TODAY)
    assert autumn.total == sum(1 for r in rows if r.deadline <= dt.date(2026, 10, 31))
    assert autumn.overdue == autumn.total - 2


def test_export_and_import_round_trip(session, tmp_path):
    service.start_from_template(session, template_code="school-000-003", academic_year=YEAR, today=TODAY)
    rows = service.list_items(session, academic_year=YEAR, today=TODAY)
    service.set_status(session, item_id=rows[0].id, status="done", done_date=dt.date(2026, 11, 12),
                       evidence_number="12-о", evidence_date=dt.date(2026, 9, 25), evidence_note="на сайте; копия",
                       evidence_path="/home/куратор/Документы/приказ 12-о.pdf", today=TODAY)
    service.save_item(session, academic_year=YEAR, item_id=rows[2].id, today=TODAY,
                      data=RoadmapItemData(title=rows[2].title, number=rows[2].number, section=rows[2].section,
                                           deadline=dt.date(2026, 10, 15), deadline_text="октябрь 2026"))
    path = tmp_path / "roadmap.xlsx"
    assert export_roadmap(session, path=path, academic_year=YEAR, today=TODAY) == 35
    ws = openpyxl.load_workbook(path).active
    assert ws["A1"].value == TITLE.format(year=YEAR)
    assert ws.freeze_panes == "A5"
    assert tuple(c.value for c in ws[4]) == COLUMNS
    first = [c.value for c in ws[6]]
    assert first[0] == "1.1" and first[5] == "выполнено 12.11.2026"
    assert first[6] == "№ 12-о от 25.09.2026; на сайте; копия; файл: /home/куратор/Документы/приказ 12-о.pdf"
    assert ws.row_dimensions[6].height >= 45  # three wrapped lines of «Подтверждение» are all visible
    assert "(до 15.10.2026)" in ws["C8"].value
    assert import_roadmap(session, path=path, academic_year=YEAR, today=TODAY).skipped == 35
    original = service.list_items(session, academic_year=YEAR, today=TODAY)
    for row in original:
        service.delete_item(session, item_id=row.id)
    result = import_roadmap(session, path=path, academic_year=YEAR, today=TODAY)
    assert (result.added, result.skipped) == (35, 0)
    copied = service.list_items(session, academic_year=YEAR, today=TODAY)
    keys = ("number", "section", "title", "deadline", "deadline_text", "recurrence", "status", "done_date",
            "evidence_number", "evidence_date", "evidence_note", "evidence_path", "responsible", "result")
    assert [[getattr(r, k) for k in keys] for r in copied] == [[getattr(r, k) for k in keys] for r in original]
    assert (copied[0].done_date, copied[0].evidence_path) == (dt.date(2026, 11, 12),
                                                              "/home/куратор/Документы/приказ 12-о.pdf")


def test_import_into_another_year_moves_deadlines_and_resets_execution(session, tmp_path):
    service.start_from_template(session, template_code="school-000-003", academic_year=YEAR, today=TODAY)
    rows = service.list_items(session, academic_year=YEAR, today=TODAY)
    service.set_status(session, item_id=rows[0].id, status="done", done_date=TODAY, evidence_number="12-о",
                       evidence_date=dt.date(2026, 9, 25), evidence_path="/tmp/a.pdf", today=TODAY)
    path = tmp_path / "roadmap.xlsx"
    export_roadmap(session, path=path, academic_year=YEAR, today=TODAY)
    result = import_roadmap(session, path=path, academic_year="2027/2028", today=TODAY)
    assert (result.added, result.moved_from) == (35, YEAR)
    assert result.note == "файл на 2026/2027 учебный год: сроки перенесены на 2027/2028, статусы сброшены"
    moved = service.list_items(session, academic_year="2027/2028", today=TODAY)
    assert [r.deadline.replace(year=r.deadline.year + 1) for r in rows] == [r.deadline for r in moved]
    assert {r.status for r in moved} == {"planned"} and not any(r.overdue for r in moved)
    assert not any(r.evidence_number or r.evidence_path or r.done_date for r in moved)
    assert "ежеквартально, III кв. 2027" in {r.deadline_text for r in moved}
    # the same file into its own year is taken as is (no title: the year comes from the deadlines)
    wb = openpyxl.load_workbook(path)
    wb.active.delete_rows(1, 2)
    wb.save(path)
    for row in rows:
        service.delete_item(session, item_id=row.id)
    again = import_roadmap(session, path=path, academic_year=YEAR, today=TODAY)
    assert (again.added, again.moved_from, again.note) == (35, "", "")
    assert service.list_items(session, academic_year=YEAR, today=TODAY)[0].status == "done"


def test_deadline_outside_the_year_is_refused(session):
    with pytest.raises(ValidationError) as err:
        service.save_item(session, academic_year=YEAR, today=TODAY,
                          data=RoadmapItemData(title="Семинар", number="8.1", deadline=dt.date(2029, 3, 15)))
    assert err.value.issues[0].field == "Срок"
    assert "15.03.2029 вне 2026/2027 учебного года — укажите срок с 01.09.2026 по 31.08.2027" in str(err.value)
    for _ in range(2):  # duplicate numbers stay allowed
        service.save_item(session, academic_year=YEAR, today=TODAY,
                          data=RoadmapItemData(title="Семинар", number="8.1", deadline=dt.date(2027, 3, 15)))
    assert [r.number for r in service.list_items(session, academic_year=YEAR)] == ["8.1", "8.1"]


def test_template_on_a_non_empty_year_and_the_print_order(session):
    from app.roadmap_rules import print_order

    service.start_from_template(session, template_code="school-001", academic_year=YEAR, today=TODAY)
    first = service.item_count(session, academic_year=YEAR)
    coming = service.template_item_count(template_code="school-000-003", academic_year=YEAR)
    assert service.start_from_template(session, template_code="school-000-003", academic_year=YEAR) == coming
    rows = service.list_items(session, academic_year=YEAR, today=TODAY)
    assert len(rows) == first + coming
    # the last item typed by hand into section «1. …» of the first template is printed in it, by its №
    extra = service.save_item(session, academic_year=YEAR, today=TODAY, data=RoadmapItemData(
        title="Дополнительное совещание", number="1.0", section=rows[0].section, deadline=dt.date(2026, 9, 30)))
    rows = service.list_items(session, academic_year=YEAR, today=TODAY)
    ordered = print_order(rows)
    assert ordered[0].id == extra.id
    blocks = [r.template_code for r in ordered]
    assert blocks == [""] + ["school-001"] * first + ["school-000-003"] * coming  # each template's sections together
    for code in ("school-001", "school-000-003"):
        sections = []
        for row in (r for r in ordered if r.template_code == code):
            if not sections or sections[-1] != row.section:
                sections.append(row.section)
        leads = [int(s.split(".")[0]) for s in sections]
        assert leads == sorted(leads) and len(sections) == len(set(sections))


def test_import_reports_rows_and_columns_all_or_nothing(session, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["План мероприятий (дорожная карта)"])
    ws.append([])
    ws.append(["№ п/п", "Наименование мероприятий", "Срок реализации", "Ответственный исполнитель",
               "Результат. Вид документа"])
    ws.append([1, 2, 3, 4, 5])
    ws.append(["1.", "Нормативное правовое регулирование"])
    ws.append(["1.1", "Разработка дорожных карт", "до 25.10.2026", "Руководители ОО", "Дорожные карты"])
    ws.append(["5.1", "Персонифицированный учёт", "ежеквартально", "кураторы", "данные"])
    path = tmp_path / "municipal.xlsx"
    wb.save(path)
    result = import_roadmap(session, path=path, academic_year=YEAR, today=TODAY)
    assert (result.added, result.skipped) == (5, 0)
    rows = service.list_items(session, academic_year=YEAR, today=TODAY)
    assert rows[0].section == "1. Нормативное правовое регулирование" and rows[0].deadline == dt.date(2026, 10, 25)
    assert [r.recurrence for r in rows[1:]] == ["quarterly"] * 4

    ws.append(["2.1", "", "октябрь", "", ""])
    ws["F3"] = "Статус"
    ws["G3"] = "Подтверждение"
    ws.append(["2.2", "Отчёт", "октябрь", "", "", "почти", ""])
    ws.append(["2.3", "Справка", "октябрь", "", "", "выполнено", "№ 5 от 01.01.2030"])
    wb.save(path)
    with pytest.raises(ValidationError) as err:
        import_roadmap(session, path=path, academic_year=YEAR, today=TODAY)
    where = {(i.row, i.field) for i in err.value.issues}
    assert where == {(8, "Наименование мероприятия"), (9, "Статус"), (10, "Подтверждение")}
    assert "строка 9" in str(err.value)
    assert len(service.list_items(session, academic_year=YEAR)) == 5


def test_import_rejects_a_file_without_the_header(session, tmp_path):
    wb = openpyxl.Workbook()
    wb.active.append(["Фамилия", "Имя"])
    wb.save(tmp_path / "other.xlsx")
    with pytest.raises(ValidationError, match="заголовка"):
        import_roadmap(session, path=tmp_path / "other.xlsx", academic_year=YEAR)


def test_demo_roadmap_has_every_status(session):
    from app.demo_roadmap import fill_demo_roadmap

    today = dt.date(2027, 1, 20)
    assert fill_demo_roadmap(session, today=today) == 37
    assert fill_demo_roadmap(session, today=today) == 0  # once per year
    rows = service.list_items(session, academic_year=YEAR, today=today)
    assert {r.status for r in rows} == {"planned", "in_progress", "done", "failed"}
    done = [r for r in rows if r.status == "done"]
    assert all(r.evidence_number and r.evidence_date and r.evidence_date <= today for r in done)
    assert any(r.overdue for r in rows)


def _roadmap_file(path, rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["№ п/п", "Наименование мероприятия", "Срок", "Ответственный", "Результат / вид документа", "Статус",
               "Подтверждение"])
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def test_import_refuses_done_without_a_date(session, tmp_path):
    path = _roadmap_file(tmp_path / "done.xlsx", [
        ["1.1", "Приказ", "октябрь", "", "", "выполнено 02.10.2026", ""],
        ["1.2", "Положение", "октябрь", "", "", "выполнено", ""]])
    with pytest.raises(ValidationError) as err:
        import_roadmap(session, path=path, academic_year=YEAR, today=TODAY)
    assert [(i.row, i.field) for i in err.value.issues] == [(3, "Статус")]
    assert "без даты" in str(err.value) and service.list_items(session, academic_year=YEAR) == []
    # a confirming document's date is the done date
    _roadmap_file(path, [["1.2", "Положение", "октябрь", "", "", "выполнено", "№ 7 от 03.10.2026"]])
    import_roadmap(session, path=path, academic_year=YEAR, today=TODAY)
    assert service.list_items(session, academic_year=YEAR)[0].done_date == dt.date(2026, 10, 3)


def test_duplicate_numbers_are_accepted_and_reported(session, tmp_path):
    service.save_item(session, academic_year=YEAR, today=TODAY, data=RoadmapItemData(title="Приказ", number="2.3"))
    path = _roadmap_file(tmp_path / "dup.xlsx", [
        ["2.3", "Положение", "октябрь", "", "", "", ""], ["4.1", "Отчёт", "ежеквартально", "", "", "", ""],
        ["5.1", "Анкета", "октябрь", "", "", "", ""], ["5.1", "Опрос", "ноябрь", "", "", "", ""]])
    result = import_roadmap(session, path=path, academic_year=YEAR, today=TODAY)
    assert result.added == 7 and result.duplicates == ("2.3", "5.1")  # 4.1's quarterly instances are one row
    assert "номера встречаются у разных мероприятий: 2.3, 5.1" in result.note
    assert service.duplicate_numbers(session, academic_year=YEAR, number="2.3", title="Новое") == ["2.3"]
    assert service.duplicate_numbers(session, academic_year=YEAR, number="4.1", title="Отчёт") == []
    assert service.duplicate_numbers(session, academic_year="2027/2028", number="2.3", title="Новое") == []
