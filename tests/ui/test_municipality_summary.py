"""The «Свод» tab: status matrix, indicators per school, totals, trend, the drill-down and the report exports."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QSettings, Qt
from PySide6.QtGui import QKeyEvent

from tests.app.test_consolidate import TODAY, build_municipality

PAGES_PNG = Path("/tmp/m6")


@pytest.fixture
def mdb(tmp_path, _migrated_school_file):
    """A municipality database with the hand-made schools and packages of tests/app/test_consolidate.py."""
    from app.database import open_database
    from tests.snapshots import fresh_copy

    database = open_database(fresh_copy(_migrated_school_file, tmp_path / "m.sqlite3"))
    with database.session() as session:
        ids = build_municipality(session)
    database.ids = ids
    yield database
    database.close()


@pytest.fixture
def opened(monkeypatch):
    """Dialogs are recorded instead of exec'd; ``opened.script`` may act on each before it "closes"."""
    from ui.municipality import summary_tab

    class Opened(list):
        script = None

    opened = Opened()

    def run(dialog):
        opened.append(dialog)
        return bool(opened.script(dialog)) if opened.script is not None else False

    monkeypatch.setattr(summary_tab, "run_dialog", run)
    return opened


def make_tab(qtbot, db, today=TODAY):
    from ui.municipality.summary_tab import SummaryTab
    from ui.tasks import SyncRunner

    tab = SummaryTab(runner=SyncRunner(), today=today)
    qtbot.addWidget(tab)
    tab.resize(1300, 650)
    failures = []
    tab.load_failed.connect(failures.append)
    tab.set_database(db)
    assert failures == []
    return tab


@pytest.fixture
def tab(qtbot, mdb):
    return make_tab(qtbot, mdb)


def cell(model, row, column, role=Qt.ItemDataRole.DisplayRole):
    return model.data(model.index(row, column), role)


def row_cells(model, row):
    return [cell(model, row, c) for c in range(model.columnCount())]


def snap(widget, name):
    if PAGES_PNG.is_dir():
        widget.grab().save(str(PAGES_PNG / name))


def test_default_quarter_is_the_last_completed_unless_the_current_deadline_passed():
    from ui.municipality.summary_tab import default_period

    assert default_period(today=TODAY, current_deadline=dt.date(2027, 1, 15)).code == "2026-Q3"
    assert default_period(today=TODAY, current_deadline=None).code == "2026-Q3"
    assert default_period(today=TODAY, current_deadline=dt.date(2026, 11, 25)).code == "2026-Q4"
    assert default_period(today=dt.date(2027, 2, 1), current_deadline=None).code == "2026-Q4"  # over a year end


def test_status_matrix_with_russian_statuses_and_colours(tab, mdb, qtmodeltester):
    from app.municipality.consolidate import local_time
    from ui.municipality.summary_models import STATUS_BACKGROUND

    assert tab.period_box.currentData() == "2026-Q3" and "последний завершившийся" in tab.period_box.toolTip()
    assert [tab.period_box.itemData(n) for n in range(tab.period_box.count())] == [
        "2026-Q4", "2026-Q3", "2026-Q2", "2026-Q1", "2025-Q4", "2025-Q3"]  # two academic years, newest first
    assert tab.counts_label.text() == ("Сдали в срок 2 · С опозданием 1 · Не сдали (срок прошёл) 1 · Ожидается 0")
    assert tab.deadline_label.text() == "Срок сдачи: 10.10.2026"
    assert tab.counts_text() == "III квартал 2026 года: сдали 3 из 4"
    model = tab.matrix_model
    qtmodeltester.check(model)
    assert model.COLUMNS == ("Код", "Организация", "Тип", "Срок", "Статус", "Выгружен школой", "Получен", "Файл",
                             "Повторных отправок")
    received = local_time(dt.datetime(2026, 10, 5, 9, 0))
    first_export = next(s for s in tab.data.statuses if s.code == "52-0001").submitted_at
    assert first_export is not None and first_export <= received
    assert row_cells(model, 0) == ["52-0001", "Школа № 1", "школа", "10.10.2026", "сдан",
                                   first_export.strftime("%d.%m.%Y %H:%M"), received.strftime("%d.%m.%Y %H:%M"),
                                   "52-0001_2026-Q3.mdpkg", "1"]
    assert [cell(model, n, 4) for n in range(4)] == ["сдан", "сдан с опозданием", "не сдан", "сдан"]
    assert row_cells(model, 2)[5:] == ["", "", "", ""]
    assert cell(model, 1, 4, Qt.ItemDataRole.BackgroundRole).color() == STATUS_BACKGROUND["late"]
    assert cell(model, 2, 4, Qt.ItemDataRole.BackgroundRole).color() == STATUS_BACKGROUND["overdue"]
    assert "SHA-256: aaaaaaaaaaaa" in cell(model, 0, 7, Qt.ItemDataRole.ToolTipRole)
    tab.matrix_view.sortByColumn(4, Qt.SortOrder.AscendingOrder)  # by status: overdue first
    assert cell(model, 0, 0) == "52-0003"
    snap(tab, "h3_matrix.png")


def test_indicators_per_school_show_percent_with_numbers(tab, qtmodeltester):
    from app.indicator_defs import BY_CODE

    tab.pages.setCurrentIndex(1)
    model = tab.indicators_model
    qtmodeltester.check(model)
    assert model.COLUMNS == ("Код", "Организация", "Статус", "Дети 10–18 лет — наставляемые",
                             "Педагоги — наставники", "Организации-партнёры", "Удовлетворённость наставляемых")
    assert row_cells(model, 0) == ["52-0001", "Школа № 1", "сдан", "30,0\u00a0% (3 из 10)", "10,0\u00a0% (2 из 20)",
                                   "2 орг.", "80,0\u00a0%"]
    assert row_cells(model, 1)[3:] == ["16,7\u00a0% (5 из 30)", "— (4 из —)", "1 орг.", "60,0\u00a0%"]
    assert row_cells(model, 2) == ["52-0003", "Школа № 3", "не сдан", "—", "—", "—", "—"]
    assert row_cells(model, 3)[3] == "— (4 из —)"
    assert model.headerData(3, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) == BY_CODE[
        "mentees_10_18"].title
    tip = cell(model, 3, 3, Qt.ItemDataRole.ToolTipRole)
    assert BY_CODE["mentees_10_18"].title in tip and "доля не вычислена" in tip
    tab.indicators_view.sortByColumn(3, Qt.SortOrder.DescendingOrder)
    assert cell(model, 0, 0) == "52-0001"  # 30 % before 16,7 %
    snap(tab, "h3_indicators.png")


def test_municipal_totals_come_from_summed_numerators(tab, qtmodeltester):
    tab.pages.setCurrentIndex(2)
    model = tab.totals_model
    qtmodeltester.check(model)
    rows = {model.row_at(n).code: row_cells(model, n) for n in range(model.rowCount())}
    mentees = rows["mentees_10_18"]
    assert mentees[1:5] == ["8", "40", "20,0\u00a0%", "2 из 3"]  # (3 + 5) / (10 + 30), the college has no denominator
    assert mentees[0].startswith("Доля детей в возрасте от 10 до 18 лет")
    assert "сумма числителей и знаменателей 2 организаций" in mentees[5]
    assert rows["teacher_mentors"][1:4] == ["8", "60", "13,3\u00a0%"]
    assert rows["satisfaction_mentees"][3] == "65,0\u00a0%"  # (80 × 10 + 60 × 30) / 40 answers
    assert rows["partners"][1:4] == ["3", "—", "—"]
    page = tab.pages.widget(2)
    captions = [w.text() for w in page.findChildren(type(tab.counts_label))]
    assert any("сумм числителей и знаменателей" in text for text in captions)
    snap(tab, "h3_totals.png")


def test_trend_over_quarters_with_data(tab):
    tab.pages.setCurrentIndex(3)
    panel = tab.trend_panel
    assert tab.data.trend_periods == ["2026-Q2", "2026-Q3"]  # leading quarters without any package left out
    assert panel.current_code() == "mentees_10_18"
    assert panel.point_values() == [("II кв. 2026", 10.0), ("III кв. 2026", 20.0)]
    codes = [panel.indicator_box.itemData(n) for n in range(panel.indicator_box.count())]
    assert "partners" not in codes and "teacher_mentors" in codes  # a count has no percent to draw
    axes = panel.chart.axes()
    assert {a.titleText() for a in axes} == {"Квартал", "Значение, %"}
    assert [c for a in axes if a.titleText() == "Квартал" for c in a.categories()] == ["II кв. 2026", "III кв. 2026"]
    panel.set_current_code("teacher_mentors")
    assert panel.point_values() == [("III кв. 2026", 13.3)] and "Нет данных за: II кв. 2026" in panel.note.text()
    panel.set_current_code("mentees_10_18")
    snap(tab, "h3_trend.png")


def test_another_quarter_reloads_every_page(tab):
    tab.set_period("2026-Q4")
    assert tab.data.period.code == "2026-Q4"
    assert tab.counts_label.text() == "Сдали в срок 1 · С опозданием 0 · Не сдали (срок прошёл) 0 · Ожидается 3"
    assert tab.deadline_label.text() == "Срок сдачи: 15.01.2027"
    assert [cell(tab.matrix_model, n, 4) for n in range(4)] == ["сдан", "ожидается", "ожидается", "ожидается"]
    assert tab.data.trend_periods == ["2026-Q2", "2026-Q3", "2026-Q4"]
    tab.reload()  # another tab changed the data: the user's quarter stays
    assert tab.period_box.currentData() == "2026-Q4"
    tab.period_box.setCurrentIndex(tab.period_box.findData("2025-Q3"))
    assert tab.data.period.code == "2025-Q3" and tab.counts_label.text().endswith("Ожидается 4")
    assert tab.deadline_label.text().startswith("Срок сдачи не установлен")


def _enter(view):
    view.setFocus()
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        from PySide6.QtWidgets import QApplication

        QApplication.sendEvent(view, QKeyEvent(kind, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier))


def test_enter_opens_the_drill_down_and_history_jumps_to_packages(tab, mdb, opened, qtbot):
    from app.municipality.consolidate import local_time

    wanted = []
    tab.open_packages.connect(lambda school_id, code: wanted.append((school_id, code)))

    def look(dialog):
        dialog.show()
        snap(dialog, "h3_detail.png")
        dialog.history_button.click()
        return dialog.result()

    opened.script = look
    tab.matrix_view.selectRow(0)
    _enter(tab.matrix_view)
    assert len(opened) == 1
    dialog = opened[0]
    assert dialog.windowTitle() == "Школа № 1 — III квартал 2026 года"
    assert dialog.status_label.text() == "сдан"
    info = dialog.info
    assert info["Контакт"] == "school1@example.ru" and info["Срок сдачи"] == "10.10.2026"
    assert info["Повторных отправок"] == "1" and info["Файл"] == "52-0001_2026-Q3.mdpkg"
    assert info["Сформирован в школе"] == local_time(dt.datetime(2026, 10, 5, 8, 0)).strftime("%d.%m.%Y %H:%M")
    assert info["Зашифрован"].startswith("нет") and info["Персональные данные"].startswith("есть")
    assert info["Состав пакета"].startswith("наставляемых 1, наставников 2, пар и групп 1, встреч 3, анкет 10")
    assert [cell(dialog.indicator_model, n, 3) for n in range(4)] == ["30,0\u00a0%", "10,0\u00a0%", "—", "80,0\u00a0%"]
    assert cell(dialog.indicator_model, 0, 0).startswith("Доля детей в возрасте от 10 до 18 лет")
    assert [cell(dialog.package_model, n, 3) for n in range(2)] == ["текущий", "заменён"]
    assert wanted == [(mdb.ids["52-0001"], "2026-Q3")]
    assert dialog.result() == dialog.DialogCode.Accepted and not dialog.isVisible()


def test_drill_down_saves_the_school_report(tab, mdb, opened, monkeypatch, tmp_path):
    from ui.municipality import school_detail_dialog

    asked = []
    monkeypatch.setattr(school_detail_dialog, "ask_save_path",
                        lambda parent, default: asked.append(default) or tmp_path / "school.xlsx")
    messages = []
    tab.status_message.connect(messages.append)
    opened.script = lambda dialog: dialog.report_button.click()
    tab.indicators_view.selectRow(1)  # the indicators page opens the drill-down too
    tab.open_row(tab.indicators_view, 1)
    dialog = opened[0]
    assert dialog.detail.status.code == "52-0002" and not dialog.report_button.isHidden()
    assert Path(asked[0]).name == "Отчёт_52-0002_2026-Q3.xlsx"
    assert (tmp_path / "school.xlsx").read_bytes() == b"PK-fake"
    assert messages == [f"Отчёт школы сохранён: {tmp_path / 'school.xlsx'}"] and tab.folder == str(tmp_path)


def test_drill_down_of_a_school_without_a_package(tab, mdb, opened):
    tab.open_detail(mdb.ids["52-0003"])
    dialog = opened[0]
    assert dialog.status_label.text() == "не сдан" and dialog.report_button.isHidden()
    assert dialog.info["Пакет"] == "за этот квартал не получен" and dialog.info["Получен"] == "—"
    assert dialog.indicator_model.rowCount() == 0 and dialog.package_model.rowCount() == 0


def test_export_xlsx_writes_the_consolidated_report(tab, monkeypatch, tmp_path):
    from openpyxl import load_workbook

    from ui.municipality import summary_tab

    asked = []
    target = tmp_path / "out" / "Свод.xlsx"
    target.parent.mkdir()
    monkeypatch.setattr(summary_tab, "ask_xlsx_path", lambda parent, default: asked.append(default) or target)
    messages = []
    tab.status_message.connect(messages.append)
    tab.export_xlsx()
    assert Path(asked[0]).name == "Свод_2026-Q3.xlsx"
    assert messages == [f"Сводный отчёт за III квартал 2026 года сохранён: {target}"]
    wb = load_workbook(target, read_only=True)
    try:
        assert wb.sheetnames[:3] == ["Сводные показатели", "По организациям", "Не сдали отчёт"]
        totals = {row[1]: row for row in wb["Сводные показатели"].iter_rows(min_row=2, values_only=True)}
        assert totals["Дети 10–18 лет — наставляемые"][2:5] == (8, 40, 20.0)
        missing = [row[:4] for row in wb["Не сдали отчёт"].iter_rows(min_row=2, values_only=True)]
        assert ("52-0003", "Школа № 3", "школа", "не сдан (просрочен)") in missing
    finally:
        wb.close()
    tab.export_xlsx()  # the next dialog starts in the folder just used
    assert Path(asked[1]).parent == target.parent


def test_export_xlsx_cancelled_writes_nothing(tab, monkeypatch, tmp_path):
    from ui.municipality import summary_tab

    monkeypatch.setattr(summary_tab, "ask_xlsx_path", lambda parent, default: None)
    tab.export_xlsx()
    assert list(tmp_path.glob("*.xlsx")) == []


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_export_note_renders_and_previews_the_pdf(tab, monkeypatch):
    from ui import pdf_preview

    shown = []
    monkeypatch.setattr(pdf_preview, "run_preview", lambda dialog: shown.append(dialog))
    tab.export_note()
    assert len(shown) == 1 and shown[0].loaded
    path = shown[0].path
    assert path.parent == pdf_preview.preview_dir() and path.name == "Справка_2026-Q3.pdf"
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    flat = " ".join(text.split())
    assert "ИНФОРМАЦИОННАЯ СПРАВКА" in flat and "III квартал 2026 года" in flat
    assert "Школа № 3" in flat  # named among those who did not report
    shown[0].close()


def test_state_round_trip(tab, qtbot, mdb, tmp_path):
    settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    tab.pages.setCurrentIndex(3)
    tab.trend_panel.set_current_code("satisfaction_mentees")
    tab.folder = str(tmp_path)
    tab.save_state(settings)
    other = make_tab(qtbot, mdb)
    other.restore_state(settings)
    other.reload()
    assert other.pages.currentIndex() == 3 and other.folder == str(tmp_path)
    assert other.trend_panel.current_code() == "satisfaction_mentees"


def test_empty_register_says_what_to_do(qtbot, tmp_path):
    from app.database import open_database
    from app.municipality.register import init_municipality

    database = open_database(tmp_path / "empty.sqlite3")
    try:
        with database.session() as session:
            init_municipality(session, name="Управление образования г. Энска", today=TODAY)
        tab = make_tab(qtbot, database)
        assert tab.matrix_model.rowCount() == 0 and "нет организаций" in tab.counts_label.text()
        assert tab.trend_panel.current_code() == "" and "нет значений" in tab.trend_panel.note.text()
    finally:
        database.close()


def test_real_package_drill_down_and_school_report(qtbot, tmp_path, opened, monkeypatch):
    """A real exported package imported: manifest facts in the drill-down, its report.xlsx saved and readable."""
    from openpyxl import load_workbook

    from app import __version__
    from app.database import open_database
    from app.municipality.importer import import_paths
    from tests.app.test_municipality_import import demo_package, put, setup_municipality
    from ui.municipality import school_detail_dialog

    database = open_database(tmp_path / "real.sqlite3")
    try:
        with database.session() as session:
            setup_municipality(session, tmp_path)
            summary = import_paths(session, paths=[put(tmp_path / "stick", "p.mdpkg", demo_package())], today=TODAY)
            assert not summary.rejected
        tab = make_tab(qtbot, database)
        tab.set_period("2026-Q4")
        assert cell(tab.matrix_model, 0, 4) == "сдан" and tab.matrix_model.rowCount() == 3
        monkeypatch.setattr(school_detail_dialog, "ask_save_path", lambda parent, default: tmp_path / "r.xlsx")
        opened.script = lambda dialog: dialog.report_button.click()
        tab.open_detail(tab.matrix_model.school_id_at(0))
        dialog = opened[0]
        assert dialog.info["Версия программы"] == __version__ and dialog.info["Сформирован в школе"]
        assert dialog.indicator_model.rowCount() >= 6
        wb = load_workbook(tmp_path / "r.xlsx", read_only=True)
        try:
            assert wb.sheetnames
        finally:
            wb.close()
    finally:
        database.close()


def test_roadmap_line_of_the_drill_down():
    from ui.municipality.school_detail_dialog import roadmap_text

    assert roadmap_text({}) == "не передана (пустая или пакет старой версии)"
    summary = {"total": 35, "by_status": {"done": 4, "in_progress": 2, "failed": 1}, "overdue": 3,
               "due_in_period": 6, "done_in_period": 2}
    assert roadmap_text({"academic_year": "2026/2027", "summary": summary}) == (
        "2026/2027: мероприятий 35, выполнено 4, в работе 2, не выполнено 1, просрочено 3, "
        "со сроком в квартале 6, из них выполнено 2")
