"""The roadmap execution report as PDF (read back with pdftotext) and xlsx (read back with openpyxl)."""

from __future__ import annotations

import datetime as dt
import subprocess

import openpyxl
import pytest

from app.documents.roadmap_report import TITLE, roadmap_report_pdf
from app.errors import ValidationError
from app.roadmap_report_xlsx import roadmap_report_xlsx
from app.schemas import SchoolData
from app.services import roadmap as service
from app.services.school import save_school

YEAR = "2026/2027"
TODAY = dt.date(2026, 11, 15)


@pytest.fixture
def filled(session):
    save_school(session, data=SchoolData(full_name="КГКОУ ШИ 14", short_name="ШИ 14",
                                         director_name="Лушникова Елена Николаевна", municipality="Амурск",
                                         curator_name="Коваль Нина Николаевна", academic_year=YEAR))
    service.start_from_template(session, template_code="school-000-003", academic_year=YEAR, today=TODAY)
    rows = service.list_items(session, academic_year=YEAR, today=TODAY)
    service.set_status(session, item_id=rows[0].id, status="done", done_date=TODAY, evidence_number="12-о",
                       evidence_date=dt.date(2026, 9, 25), today=TODAY)
    service.set_status(session, item_id=rows[1].id, status="in_progress", today=TODAY)
    service.set_status(session, item_id=rows[2].id, status="failed", today=TODAY)
    return session


def _text(path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_pdf_report_for_a_quarter(filled, tmp_path):
    path = tmp_path / "report.pdf"
    report = roadmap_report_pdf(filled, path=path, academic_year=YEAR, start=dt.date(2026, 10, 1),
                                end=dt.date(2026, 12, 31), today=TODAY)
    text = " ".join(_text(path).split())
    assert f"{TITLE} за IV квартал 2026 года".replace(" ", "") in text.replace(" ", "")
    assert "КГКОУ ШИ 14" in text and "Е.Н. Лушникова" in text
    assert "Разработка Положения о программе наставничества" in text
    assert "Назначение куратора" not in text  # due in September: outside the period
    assert text.count("ежеквартально") == 3 and "III кв" not in text
    s = report.summary
    assert s.total == 10 and s.by_status["in_progress"] == 1 and s.by_status["failed"] == 1
    assert "% выполнения" in text and "Просрочено" in text
    assert "(просрочено)" in text
    pages = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert "841.89 x 595.276" in pages  # A4 landscape


def test_pdf_report_for_the_year_counts_done(filled, tmp_path):
    path = tmp_path / "year.pdf"
    report = roadmap_report_pdf(filled, path=path, academic_year=YEAR, today=TODAY)
    text = " ".join(_text(path).split())
    assert "за 2026/2027 учебный год" in text
    assert "№ 12-о от 25.09.2026" in text
    assert report.summary.total == 35 and report.summary_values()[-1] == ("% выполнения", "2,9 %")


def test_report_period_must_lie_in_the_year(filled, tmp_path):
    with pytest.raises(ValidationError) as err:
        roadmap_report_pdf(filled, path=tmp_path / "x.pdf", academic_year=YEAR, start=dt.date(2026, 1, 1),
                           end=dt.date(2026, 12, 31))
    assert err.value.issues[0].field == "Начало периода"
    assert not (tmp_path / "x.pdf").exists()


def test_xlsx_report_has_table_and_summary(filled, tmp_path):
    path = tmp_path / "report.xlsx"
    roadmap_report_xlsx(filled, path=path, academic_year=YEAR, start=dt.date(2026, 9, 1),
                        end=dt.date(2026, 10, 31), today=TODAY)
    ws = openpyxl.load_workbook(path).active
    values = [[c for c in row] for row in ws.iter_rows(values_only=True)]
    assert values[0][0] == f"{TITLE} за период с 01.09.2026 по 31.10.2026"
    assert values[1][0] == "КГКОУ ШИ 14"
    labels = {row[1]: row[2] for row in values if row[1] and row[0] is None}
    assert labels["Всего мероприятий"] == 8 and labels["Выполнено"] == 1 and labels["Не выполнено"] == 1
    assert labels["Просрочено"] == 6 and labels["% выполнения"] == pytest.approx(0.125)
    share = next(r for r in ws.iter_rows() if r[1].value == "% выполнения")[2]
    assert share.number_format == "0.0%"
    assert any(row[5] == "выполнено 15.11.2026" and row[6] == "№ 12-о от 25.09.2026" for row in values)
    assert sum(1 for row in values if str(row[5]).endswith(" (просрочено)")) == 6  # marked as in the PDF
    assert any(row[3] == "Е.Н. Лушникова" for row in values) and not any(
        "Лушникова Елена" in str(c) for row in values for c in row)


def test_a_quarter_is_clipped_to_the_year(filled, tmp_path):
    from app.roadmap_rules import report_quarters

    quarters = report_quarters(YEAR)
    assert [q.title for q in quarters] == ["III квартал 2026 года (сентябрь)", "IV квартал 2026 года",
                                           "I квартал 2027 года", "II квартал 2027 года",
                                           "III квартал 2027 года (июль–август)"]
    september = quarters[0]
    assert (september.start, september.end) == (dt.date(2026, 9, 1), dt.date(2026, 9, 30))
    path = tmp_path / "q3.pdf"
    report = roadmap_report_pdf(filled, path=path, academic_year=YEAR, start=september.start, end=september.end,
                                today=TODAY)
    assert report.period_text == "за III квартал 2026 года (с 01.09.2026 по 30.09.2026)"
    assert report.summary.total and all(r.deadline.month == 9 for r in report.rows)


def test_pdf_sections_in_order_and_words_whole(filled, tmp_path):
    service.start_from_template(filled, template_code="school-001", academic_year=YEAR, today=TODAY)
    path = tmp_path / "year.pdf"
    roadmap_report_pdf(filled, path=path, academic_year=YEAR, today=TODAY)
    text = _text(path)
    for word in ("организациями", "персонифицированного", "наставничества"):
        broken = [line for line in text.splitlines() if line.strip() and word.startswith(line.strip().split()[-1])
                  and line.strip().split()[-1] != word and len(line.strip().split()[-1]) > 3]
        assert not broken, broken
    flat = " ".join(text.split())
    heads = [flat.index(h) for h in ("1. Нормативное", "2. ", "3. Подготовка")]
    assert heads == sorted(heads)


def _pages(path) -> list[str]:
    return _text(path).split("\f")


def test_summary_heading_stays_with_its_table(filled, tmp_path):
    """However many items push it down, «Итоги выполнения» is on the page of its table (KeepTogether)."""
    from app.schemas_roadmap import RoadmapItemData

    checked = 0
    for n in range(0, 15, 3):  # three rows at a time: the heading lands at every height of the last page
        for k in range(n, n + 3):
            service.save_item(filled, academic_year=YEAR, today=TODAY, data=RoadmapItemData(
                title=f"Дополнительное мероприятие {k} с длинным названием, чтобы строка заняла две строки",
                number=f"9.{k}", deadline=dt.date(2026, 11, 1)))
        path = tmp_path / f"report{n}.pdf"
        roadmap_report_pdf(filled, path=path, academic_year=YEAR, today=TODAY)
        pages = _pages(path)
        heading = [i for i, p in enumerate(pages) if "Итоги выполнения" in p]
        assert len(heading) == 1
        assert "% выполнения" in pages[heading[0]], n
        checked += len(pages) > 1
    assert checked  # the report did run over pages


def test_an_item_due_before_the_year_is_in_its_first_quarter_and_the_title_keeps_the_period(filled, tmp_path):
    from db.models_lifecycle import RoadmapItem

    filled.add(RoadmapItem(academic_year=YEAR, number="0.1", title="Приказ о назначении куратора до начала года",
                           deadline=dt.date(2026, 8, 31), deadline_text="август 2026", status="planned", position=0))
    filled.commit()
    path = tmp_path / "q3.pdf"
    report = roadmap_report_pdf(filled, path=path, academic_year=YEAR, start=dt.date(2026, 9, 1),
                                end=dt.date(2026, 9, 30), today=TODAY)
    assert any(r.deadline == dt.date(2026, 8, 31) for r in report.rows)
    assert report.period_text == "за III квартал 2026 года (с 31.08.2026 по 30.09.2026)"
    lines = [line.strip() for line in _text(path).splitlines() if line.strip()]
    assert any("(с 31.08.2026 по 30.09.2026)" in line for line in lines), lines[:4]  # never broken inside
    later = roadmap_report_pdf(filled, path=tmp_path / "q4.pdf", academic_year=YEAR, start=dt.date(2026, 10, 1),
                               end=dt.date(2026, 12, 31), today=TODAY)
    assert all(r.deadline >= dt.date(2026, 10, 1) for r in later.rows)
