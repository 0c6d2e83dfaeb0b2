"""The analytics dialog on real responses: numbers, filters, charts, xlsx export and the PDF note."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook

from tests.app.test_survey_analytics import build_sample
from ui.surveys import analytics_dialog
from ui.surveys.analytics_dialog import AnalyticsDialog
from ui.surveys.charts import bar_sets
from ui.tasks import SyncRunner


@pytest.fixture
def sample(session):
    return build_sample(session)


@pytest.fixture
def dialog(qtbot, db, sample):
    widget = AnalyticsDialog(None, db=db, template_id=sample["codes"]["mentee_post"], runner=SyncRunner())
    qtbot.addWidget(widget)
    widget.resize(1180, 780)
    return widget


def _column(model, column: int) -> list[str]:
    return [model.rows[r][column] for r in range(model.rowCount())]


def test_opens_on_the_template_with_satisfaction_and_its_chart(dialog, qtmodeltester):
    for model in (dialog.question_model, dialog.pre_post_model, dialog.form_model):
        qtmodeltester.check(model)
    assert dialog.template_box.currentText() == "Анкета наставляемого (итоговая)"
    text = dialog.satisfaction_label.text()
    assert "76,7 % по среднему баллу</b> <span style='color:#2e7d32'>(используется для показателей)" in text
    assert "66,7 % доля оценок ≥ 7" in text and "85,0 %" in text
    assert dialog.summary_label.text().startswith("Ответов по выбранным анкетам: 3.")
    assert dialog.question_model.rowCount() == 12
    q = dialog.selected_question()
    assert q.key == "satisfaction"
    row = dialog.question_model.rows[dialog.question_view.currentIndex().row()]
    assert row[4:7] == ("3", "7,67", "") and row[7] == "6: 1; 7: 1; 10: 1"
    [bars] = bar_sets(dialog.distribution_view.chart())
    assert bars.count() == 10 and [bars.at(i) for i in (5, 6, 9)] == [1.0, 1.0, 1.0]
    yes_row = _column(dialog.question_model, 2).index("Хотели бы вы продолжить работу в программе наставничества?")
    assert dialog.question_model.rows[yes_row][6] == "100,0 %"
    dialog.question_view.selectRow(yes_row)
    [bars] = bar_sets(dialog.distribution_view.chart())
    assert bars.count() == 2 and (bars.at(0), bars.at(1)) == (3.0, 0.0)


def test_pre_post_table_and_chart(dialog):
    rows = dialog.pre_post_model.rows
    eff = next(r for r in rows if r[1] == "наставляемые" and r[2].startswith("Насколько эффективной"))
    assert eff[3:9] == ("5,00", "8,00", "+3,00", "3 / 3", "3", "+3,00")
    sets = bar_sets(dialog.pre_post_chart.chart())
    assert [s.label() for s in sets] == ["До (входная)", "После (итоговая)"]
    assert sets[0].count() == 2  # two measures have answers before and after: mentees' and mentors' effectiveness


def test_filters_change_the_numbers(dialog):
    dialog.form_box.setCurrentIndex(dialog.form_box.findData("учитель – ученик"))
    assert dialog.summary_label.text().startswith("Ответов по выбранным анкетам: 2.")
    assert "85,0 % по среднему баллу" in dialog.satisfaction_label.text()  # (7 + 10) / 2 → 85 %
    assert _column(dialog.form_model, 0) == ["учитель – ученик"]
    dialog.form_box.setCurrentIndex(0)
    dialog.date_to.set_text("01.12.2026")  # before the final questionnaires
    assert dialog.summary_label.text().startswith("Ответов по выбранным анкетам: 0.")
    assert "нет данных по среднему баллу" in dialog.satisfaction_label.text()
    assert bar_sets(dialog.distribution_view.chart())[0].sum() == 0
    dialog.date_to.set_text("32.13")  # unreadable: ignored and marked
    assert dialog.date_to.edit.property("invalid") is True
    assert dialog.summary_label.text().startswith("Ответов по выбранным анкетам: 3.")
    dialog.template_box.setCurrentIndex(0)  # all templates
    assert dialog.summary_label.text().startswith("Ответов по выбранным анкетам: 10.")
    dialog.role_box.setCurrentIndex(dialog.role_box.findData("mentor"))
    assert dialog.summary_label.text().startswith("Ответов по выбранным анкетам: 4.")
    assert set(_column(dialog.question_model, 0)) == {"Анкета наставника (входная)", "Анкета наставника (итоговая)"}


def test_export_writes_the_filtered_responses(dialog, monkeypatch, tmp_path):
    target = tmp_path / "анкеты.xlsx"
    monkeypatch.setattr(analytics_dialog, "ask_xlsx_path", lambda parent, default: target)
    dialog.form_box.setCurrentIndex(dialog.form_box.findData("ученик – ученик"))
    assert dialog.export_button.isEnabled()
    dialog.export_button.click()
    assert dialog.status_label.text() == "Сохранено ответов: 1 и сводка — «анкеты.xlsx»"
    wb = load_workbook(target)
    assert wb.sheetnames == ["Сводка", "Анкета наставляемого (итоговая)"]


def test_analytic_note_is_rendered_for_the_period_and_previewed(dialog, monkeypatch):
    shown = []
    monkeypatch.setattr(analytics_dialog.pdf_preview, "show_pdf",
                        lambda parent, *, path, title: shown.append((path, title)))
    dialog.date_from.set_text("01.09.2026")
    dialog.date_to.set_text("20.12.2026")
    dialog.note_button.click()
    [(path, title)] = shown
    assert title == "Аналитическая справка 01.09.2026–20.12.2026" and path.read_bytes().startswith(b"%PDF")


def test_open_period_runs_from_the_first_of_september(dialog):
    assert analytics_dialog.school_year_start(dt.date(2027, 3, 1)) == dt.date(2026, 9, 1)
    assert analytics_dialog.school_year_start(dt.date(2026, 9, 1)) == dt.date(2026, 9, 1)
    start, end = dialog.note_period()
    assert end == dt.date.today() and start == analytics_dialog.school_year_start(end)
