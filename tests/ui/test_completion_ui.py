"""Completion form, undo, letters and certificates from the pairs tab, and the nominations dialog."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu

from app.schemas import GroupData
from app.schemas_meetings import MeetingData

D = dt.date
SHOTS = os.environ.get("MENTORDESK_SHOTS")  # a folder to keep screenshots in (looked at by hand)


def shot(widget, name: str) -> None:
    if SHOTS:
        widget.grab().save(os.path.join(SHOTS, name))


@pytest.fixture
def pair(session, people):
    from app.services import meetings, pairs
    from app.services.school import save_school
    from tests import factories

    save_school(session, data=factories.school())
    gid = pairs.save_group(session, data=GroupData(mentor_id=people["elkina"], mentee_ids=(people["ivanov"],),
                                                   form="ученик – ученик", start_date=D(2026, 9, 15)))
    pairs.set_status(session, group_id=gid, status="approved", on=D(2026, 9, 15))
    for day, kind in ((D(2026, 9, 20), "встреча-знакомство"), (D(2026, 10, 20), "итоговая встреча")):
        meetings.save_meeting(session, data=MeetingData(group_id=gid, date=day, kind=kind))
    return gid


@pytest.fixture
def tab(qtbot, db, pair):
    from ui.pairs.pairs_tab import PairsTab
    from ui.tasks import SyncRunner

    widget = PairsTab(runner=SyncRunner())
    qtbot.addWidget(widget)
    widget.resize(1366, 700)
    widget.set_database(db)
    widget.status_filter.setCurrentIndex(widget.status_filter.findData(""))
    widget.select_ids(widget.group_view, [pair])
    widget.update_buttons()
    return widget


def _status(session, gid: int) -> str:
    from db.models import MentoringGroup

    group = session.get(MentoringGroup, gid)
    session.refresh(group)
    return group.status


def test_completion_dialog_checks_fields_offers_typical_results_and_saves(qtbot, db, session, pair):
    from ui.pairs.completion_dialog import CompletionDialog

    dialog = CompletionDialog(None, db=db, group_id=pair, today=D(2026, 11, 1))
    qtbot.addWidget(dialog)
    assert dialog.date.date() == D(2026, 10, 20)  # the итоговая встреча
    assert dialog.date_note.text() == "по дате итоговой встречи 20.10.2026"
    assert not dialog.survey.isChecked() and dialog.survey.isEnabled()  # paper questionnaires may be ticked
    assert "анкеты в программе не введены — отметьте, если анкетирование проведено на бумаге" in (
        dialog.survey_note.text())
    dialog.date.set_date(D(2026, 12, 1))
    assert not dialog.save()
    assert set(dialog.marked_fields()) == {"Дата завершения", "Результаты"}
    assert not dialog.issues_label.isHidden() and "дата в будущем" in dialog.issues_label.text()
    assert _status(session, pair) == "working"
    dialog.typical.activated.emit(1)
    dialog.typical.activated.emit(3)
    assert dialog.results.toPlainText().splitlines() == [dialog.typical.itemText(1), dialog.typical.itemText(3)]
    dialog.date.set_date(D(2026, 10, 25))
    assert dialog.date_note.isHidden()  # the hint spoke of the proposed date only
    dialog.case_url.setText("https://school.ru/case")
    dialog.survey.setChecked(True)
    dialog.resize(640, 460)
    dialog.show()
    shot(dialog, "completion_dialog.png")
    assert dialog.save() and dialog.saved
    assert _status(session, pair) == "finished"


def test_tab_completes_reopens_and_routes_the_status_menu(tab, session, pair, monkeypatch):
    from ui import messages
    from ui.pairs import pairs_tab

    assert tab.completion.complete_button.isEnabled() and not tab.completion.reopen_action.isEnabled()
    menu = QMenu(tab)
    tab.completion.add_to_menu(menu)
    assert [a.text() for a in menu.actions() if a.text()] == [
        "Завершить…", "Отменить завершение", "Благодарственное письмо наставнику…", "Сертификат пары…"]
    opened = []

    def run(dialog):
        opened.append(type(dialog).__name__)
        dialog.results.setPlainText("Повышение успеваемости")
        return dialog.save()

    monkeypatch.setattr(pairs_tab, "run_dialog", run)
    assert tab.change_status("finished")  # «Сменить статус → завершена» opens the completion form
    assert opened == ["CompletionDialog"] and _status(session, pair) == "finished"
    tab.select_ids(tab.group_view, [pair])
    tab.update_buttons()
    assert not tab.completion.complete_button.isEnabled() and tab.completion.reopen_action.isEnabled()
    monkeypatch.setattr(messages, "confirm", lambda parent, **kw: True)
    tab.completion.reopen_action.trigger()
    assert _status(session, pair) == "working"


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_letter_and_certificate_from_the_tab_are_previewed(tab, monkeypatch, tmp_path):
    from ui import pdf_preview
    from ui.pairs import completion_actions

    shown = []
    monkeypatch.setattr(pdf_preview, "run_preview", lambda dialog: shown.append(dialog.path))
    letter = completion_actions.mentor_letter(tab)
    certificate = completion_actions.pair_certificate(tab)
    assert shown == [letter, certificate]
    text = " ".join(subprocess.run(["pdftotext", str(letter), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    assert "БЛАГОДАРСТВЕННОЕ ПИСЬМО" in text and "Ёлкина Светлана Викторовна" in text
    text = " ".join(subprocess.run(["pdftotext", str(certificate), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    assert "СЕРТИФИКАТ" in text and "Иванов Пётр Сергеевич (8А)" in text and "участвуют в программе" in text
    if SHOTS:
        subprocess.run(["pdftoppm", "-r", "70", "-png", str(certificate), os.path.join(SHOTS, "certificate")],
                       check=True)


def test_nominations_dialog_tables_export_and_letter(qtbot, db, session, pair, monkeypatch, tmp_path,
                                                    qtmodeltester):
    from openpyxl import load_workbook

    from app.services.completion import complete_group
    from ui import messages, pdf_preview
    from ui.pairs import nominations_dialog

    complete_group(session, group_id=pair, end_date=D(2026, 10, 25), results="Победа в олимпиаде",
                   today=D(2026, 11, 1))
    dialog = nominations_dialog.NominationsDialog(None, db=db, today=D(2026, 11, 1))
    qtbot.addWidget(dialog)
    assert dialog.year_code() == "2026/2027"
    qtmodeltester.check(dialog.mentor_model)
    qtmodeltester.check(dialog.pair_model)
    assert dialog.mentor_model.rowCount() == 1 and dialog.pair_model.rowCount() == 1
    cells = dialog.mentor_model.cells(dialog.mentor_model.row_at(0))
    assert cells[:2] == ("1", "Ёлкина Светлана Викторовна") and cells[5] == "2" and "Победа в олимпиаде" in cells[9]
    assert cells[6] == "нет рабочих встреч" and cells[2] == "12,0"  # 2 meetings + 5 completed + 5 trained
    for view, model in ((dialog.mentor_view, dialog.mentor_model), (dialog.pair_view, dialog.pair_model)):
        header = view.horizontalHeader()  # best first = «Место» ascending, as the arrow says
        assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (0, Qt.SortOrder.AscendingOrder)
        assert model.headerData(0, Qt.Orientation.Horizontal) == "Место"
        assert "общее" in model.headerData(0, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert dialog.pair_model.headerData(8, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) == (
        "Удовлетворённость наставляемых по анкетам, %")
    assert "Балл =" in dialog.mentor_formula.text()
    dialog.resize(1250, 640)  # what fit_to_screen gives on 1366×768
    dialog.show()
    # columns are refitted right after a show or resize (the viewport has its new width only then)
    qtbot.wait(20)
    assert dialog.mentor_view.horizontalScrollBar().maximum() == 0
    shot(dialog, "nominations_mentors.png")
    dialog.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: dialog.pair_view.isVisible())
    qtbot.wait(20)
    assert dialog.pair_view.horizontalScrollBar().maximum() == 0
    for view, model in ((dialog.mentor_view, dialog.mentor_model), (dialog.pair_view, dialog.pair_model)):
        header = view.horizontalHeader()
        for n, title in enumerate(model.COLUMNS):  # short titles fit, with room for the sort arrow
            assert header.fontMetrics().horizontalAdvance(title) + 16 <= header.sectionSize(n), title
    assert dialog.certificate_button.isVisible() and not dialog.letter_button.isVisible()
    shot(dialog, "nominations_pairs.png")
    monkeypatch.setattr(nominations_dialog, "ask_xlsx_path", lambda parent, default: tmp_path / default)
    monkeypatch.setattr(messages, "inform", lambda parent, **kw: None)
    path = dialog.export()
    assert path.name == "Номинации 2026-2027.xlsx"
    assert load_workbook(path).sheetnames == ["Наставник года", "Лучшая пара", "Как считается балл"]
    shown = []
    monkeypatch.setattr(pdf_preview, "run_preview", lambda d: shown.append(d.path))
    assert dialog.pair_certificate() == shown[0]
    dialog.tabs.setCurrentIndex(0)
    assert dialog.mentor_letter() == shown[1]


def test_pairs_search_box_is_wide_enough_and_the_tab_fits_1366(tab):
    tab.resize(1348, 690)  # the tab's room in a maximised window on a 1366×768 screen
    tab.show()
    shot(tab, "pairs_tab.png")
    assert tab.group_search.width() >= 160 and tab.minimumSizeHint().width() <= 1348
