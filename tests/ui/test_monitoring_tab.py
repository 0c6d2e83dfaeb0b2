"""The «Мониторинг» tab: indicators with decimal-comma percentages, the people behind one, the check, the log."""

from __future__ import annotations

import datetime as dt

import pytest

TODAY = dt.date(2026, 11, 20)


@pytest.fixture
def demo(db, session, demo_snapshot):
    """fill_demo(mentees=60, seed=3, today=TODAY), built once per session and copied in."""
    from tests.snapshots import load_into

    load_into(db, session, demo_snapshot(mentees=60, seed=3, today=TODAY)[0])
    return session


@pytest.fixture
def opened(monkeypatch):
    """Dialogs are recorded instead of exec'd; ``opened.script`` may act on each before it "closes"."""
    from ui.monitoring import monitoring_tab

    class Opened(list):
        script = None

    opened = Opened()

    def run(dialog):
        opened.append(dialog)
        if opened.script is not None:
            return bool(opened.script(dialog))
        return False

    monkeypatch.setattr(monitoring_tab, "run_dialog", run)
    return opened


def make_tab(qtbot, db):
    from ui.monitoring.monitoring_tab import MonitoringTab
    from ui.tasks import SyncRunner

    tab = MonitoringTab(runner=SyncRunner(), today=TODAY)
    qtbot.addWidget(tab)
    tab.resize(1366, 700)
    tab.set_database(db)
    return tab


@pytest.fixture
def tab(qtbot, db, demo):
    return make_tab(qtbot, db)


def cell(model, row, column):
    return model.data(model.index(row, column))


def test_shows_indicators_of_the_current_quarter_with_decimal_comma(tab, demo, qtmodeltester):
    from app.indicators import compute_indicators
    from app.periods import quarter

    assert tab.period_box.currentData() == "2026-Q4"
    assert tab.period_box.currentText() == "IV квартал 2026 года"
    expected = compute_indicators(demo, period=quarter(year=2026, number=4), today=TODAY)
    model = tab.indicator_model
    qtmodeltester.check(model)
    assert [model.row_at(n).code for n in range(model.rowCount())] == [v.code for v in expected]
    computed = [n for n in range(model.rowCount()) if model.row_at(n).percent is not None]
    assert computed
    for n in computed:
        text = cell(model, n, 3)
        assert text.endswith(" %") and "," in text and "." not in text
    row = model.row_of_code("mentees_10_18")
    value = model.row_at(row)
    assert cell(model, row, 1) == str(value.numerator) and cell(model, row, 2) == str(value.denominator)
    assert "IV квартал 2026 года" in tab.heading.text()
    assert tab.counts_text().startswith("IV квартал 2026 года: показателей вычислено")
    federal = tab.federal_model
    qtmodeltester.check(federal)
    assert [cell(federal, n, 0) for n in range(4)] == ["Наставляемые", "Наставники", "Пары", "Группы"]
    assert "2026/2027 учебный год" in tab.federal_heading.text()


def test_people_behind_one_indicator(tab, demo, opened, qtmodeltester):
    from app.indicators import indicator_people
    from app.periods import quarter

    row = tab.indicator_model.row_of_code("mentees_10_18")
    tab.indicator_view.selectRow(row)
    assert tab.people_button.isEnabled()
    dialog = tab.show_people()
    assert opened == [dialog]
    qtmodeltester.check(dialog.model)
    people = indicator_people(demo, code="mentees_10_18", period=quarter(year=2026, number=4), today=TODAY)
    assert dialog.model.rowCount() == len(people) == tab.indicator_model.row_at(row).numerator > 0
    assert cell(dialog.model, 0, 0) == people[0].name
    assert cell(dialog.model, 0, 1) == "наставляемый"


def test_year_kind_lists_academic_years(tab):
    tab.kind_box.setCurrentIndex(tab.kind_box.findData("year"))
    assert [tab.period_box.itemData(n) for n in range(tab.period_box.count())] == ["2026/2027", "2025/2026"]
    assert "2026/2027 учебный год" in tab.heading.text()
    assert not tab.check_button.isEnabled()
    tab.set_period("2026-Q3")
    assert tab.kind_box.currentData() == "quarter" and "III квартал 2026 года" in tab.heading.text()


def test_missing_contingent_is_shown_in_red(qtbot, db, session):
    from app.demo import fill_demo
    from sqlalchemy import delete

    from db.models import Contingent

    fill_demo(session, mentees=20, seed=3, today=TODAY)
    session.execute(delete(Contingent))
    session.commit()
    tab = make_tab(qtbot, db)
    assert "не заполнен" in tab.note.text() and "c62828" in tab.note.styleSheet()
    share = tab.indicator_model.row_of_code("mentees_10_18")
    assert cell(tab.indicator_model, share, 3) == "—"
    from PySide6.QtCore import Qt

    from ui.monitoring.models import RED

    assert tab.indicator_model.data(tab.indicator_model.index(share, 4), Qt.ItemDataRole.ForegroundRole) == RED


def test_check_dialog_lists_items_and_navigates(tab, opened, qtmodeltester):
    emitted = []
    tab.navigate.connect(lambda target, record_id: emitted.append((target, record_id)))

    def go(dialog):
        qtmodeltester.check(dialog.model)
        rows = [dialog.model.row_at(n) for n in range(dialog.model.rowCount())]
        assert rows and all(r.severity == "warning" for r in rows)  # the demo has no blocking errors
        dialog.view.selectRow(0)
        dialog.go_button.click()
        return dialog.result()

    opened.script = go
    dialog = tab.open_check()
    assert dialog.summary.text().startswith("Ошибок: 0, предупреждений: ")
    assert emitted == [(dialog.chosen.target, dialog.chosen.record_id)] and dialog.chosen.target


def test_check_dialog_puts_errors_first(qtbot):
    from app.schemas_monitoring import CheckItem
    from ui.monitoring.check_dialog import CheckDialog

    items = [CheckItem("warning", "w", "Пара № 3: нет встреч", "pairs", 3),
             CheckItem("error", "no_contingent", "Не заполнен «Контингент»", "contingent")]
    dialog = CheckDialog(None, items=items, period_title="IV квартал 2026 года")
    qtbot.addWidget(dialog)
    assert [dialog.model.row_at(n).severity for n in range(2)] == ["error", "warning"]
    assert dialog.summary.text() == "Ошибок: 1, предупреждений: 1. Ошибки блокируют выгрузку."
    with qtbot.waitSignal(dialog.navigate) as signal:
        dialog.go(1)
    assert signal.args == ["pairs", 3]


def test_export_log_lists_written_packages(tab, demo, opened, tmp_path, qtmodeltester):
    from app.package import write_package
    from app.periods import quarter

    result = write_package(demo, period=quarter(year=2026, number=4), folder=tmp_path, today=TODAY)
    dialog = tab.open_exports()
    qtmodeltester.check(dialog.model)
    assert dialog.model.rowCount() == 1
    texts = [cell(dialog.model, 0, c) for c in range(dialog.model.columnCount())]
    assert texts[1] == "IV квартал 2026 года" and texts[2] == result.path.name and texts[5] == "НЕТ"
    assert texts[4] == f"{result.sha256[:8]}…{result.sha256[-8:]}"
    dialog.view.selectRow(0)
    assert dialog.copy_hash() == result.sha256
