"""Survey responses exported to xlsx and read back: sheets per template, answers typed, the «Сводка» sheet."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook

from app.survey_analytics import AnalyticsFilter
from app.surveys_export import sheet_name, write_surveys_xlsx
from tests.app.test_survey_analytics import build_sample


def _values(ws) -> list[tuple]:
    return [tuple(r) for r in ws.iter_rows(values_only=True)]


def test_every_template_gets_a_sheet_and_the_summary_has_the_numbers(session, tmp_path):
    build_sample(session)
    path = tmp_path / "анкеты.xlsx"
    assert write_surveys_xlsx(session, path=path) == 10
    wb = load_workbook(path)
    assert wb.sheetnames == ["Сводка", "Анкета наставляемого (входная)", "Анкета наставляемого (итоговая)",
                             "Анкета наставника (входная)", "Анкета наставника (итоговая)"]
    post = wb["Анкета наставляемого (итоговая)"]
    rows = _values(post)
    header = rows[0]
    assert header[:5] == ("Дата", "Респондент", "Роль", "Форма", "Источник")
    assert header[5] == "Насколько эффективной была работа с наставником?"
    assert post.freeze_panes == "A2" and post.auto_filter.ref == f"A1:{post.cell(1, len(header)).column_letter}4"
    assert post["A1"].font.bold
    first = rows[1]
    assert first[0] == dt.datetime(2026, 12, 15) and post["A2"].number_format == "DD.MM.YYYY"
    assert first[1] == "Иванов Пётр Сергеевич" and first[2] == "наставляемый" and first[3] == "ученик – ученик"
    assert first[4] == "вручную"
    by_header = dict(zip(header, first))
    assert by_header["Насколько вы довольны вашей совместной работой?"] == 6  # a number, not text
    assert by_header["Хотели бы вы продолжить работу в программе наставничества?"] == "да"
    valuable = header.index("Что в программе было для вас самым ценным?") + 1
    assert post.cell(2, valuable).value == "=Беседы" and post.cell(2, valuable).data_type == "s"
    summary = _values(wb["Сводка"])
    mentees = next(r for r in summary if r[0] == "Наставляемые")
    assert mentees[1] == 3 and mentees[2] == pytest.approx(76.6667, abs=1e-3)
    assert mentees[3] == pytest.approx(66.6667, abs=1e-3) and mentees[4].startswith("по среднему баллу")
    assert mentees[6] == "Анкета наставляемого (итоговая)"
    change = next(r for r in summary if r[0] == "наставляемый" and r[1].startswith("Насколько эффективной"))
    assert change[2:5] == (5.0, 8.0, 3.0) and change[7] == 3
    sat_line = next(r for r in summary if r[1] == "Насколько вы довольны вашей совместной работой?")
    assert sat_line[3] == 3 and sat_line[4] == pytest.approx(23 / 3) and sat_line[7] == "6: 1; 7: 1; 10: 1"


def test_one_template_and_a_filter(session, tmp_path):
    sample = build_sample(session)
    path = tmp_path / "итог.xlsx"
    written = write_surveys_xlsx(session, path=path, template_id=sample["codes"]["mentee_post"],
                                 flt=AnalyticsFilter(form="учитель – ученик"))
    assert written == 2
    wb = load_workbook(path)
    assert wb.sheetnames == ["Сводка", "Анкета наставляемого (итоговая)"]
    names = [r[1] for r in _values(wb.worksheets[1])[1:]]
    assert names == ["Петров Пётр Сергеевич", "Сидоров Пётр Сергеевич"]
    summary = _values(wb["Сводка"])
    assert ("Форма наставничества", "учитель – ученик") in [r[:2] for r in summary]


def test_empty_database_still_writes_a_summary(session, tmp_path):
    path = tmp_path / "пусто.xlsx"
    assert write_surveys_xlsx(session, path=path) == 0
    wb = load_workbook(path)
    assert wb.sheetnames == ["Сводка"]
    mentees = next(r for r in _values(wb["Сводка"]) if r[0] == "Наставляемые")
    assert mentees[1] == 0 and mentees[2] is None


def test_sheet_names_are_trimmed_cleaned_and_unique():
    taken = {"сводка"}
    long = "Анкета наставляемого: итоговая [2026/2027] очень длинная"
    first, second = sheet_name(long, taken), sheet_name(long, taken)
    assert len(first) <= 31 and len(second) <= 31 and first != second
    assert not set("[]:*?/\\") & set(first + second) and second.endswith("(2)")
    assert sheet_name("Сводка", taken) == "Сводка (2)"
