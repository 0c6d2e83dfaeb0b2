"""The «ИПР…» dialog: add, edit, reorder, inline validation, save through the real database, print to PDF."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest
from PySide6.QtCore import Qt

from app.schemas import GroupData
from tests.typing_helper import type_text

START = dt.date(2026, 9, 28)


@pytest.fixture
def tab(qtbot, db, session, people):
    from app.services.pairs import save_group
    from app.services.school import save_school
    from tests import factories
    from ui.pairs.pairs_tab import PairsTab
    from ui.tasks import SyncRunner

    save_school(session, data=factories.school())
    save_group(session, data=GroupData(mentor_id=people["elkina"], mentee_ids=(people["ivanov"], people["petrova"]),
                                       form="учитель – ученик", start_date=START))
    widget = PairsTab(runner=SyncRunner())
    qtbot.addWidget(widget)
    widget.set_database(db)
    return widget


def _open(tab, monkeypatch, qtbot):
    from ui.pairs import pairs_tab

    opened = []
    monkeypatch.setattr(pairs_tab, "run_dialog", lambda dialog: opened.append(dialog) or False)
    group = tab.group_model.row_at(0)
    tab.select_ids(tab.group_view, [group.id])
    tab.update_buttons()
    assert tab.plan_button.isEnabled()
    tab.plan_button.click()
    assert len(opened) == 1
    return opened[0], group


def _set(model, row: int, column: int, value: str) -> None:
    assert model.setData(model.index(row, column), value, Qt.ItemDataRole.EditRole)


def test_add_edit_reorder_save_and_reopen(tab, monkeypatch, qtbot, qtmodeltester, session, people):
    from app.services.plans import list_plan
    from ui.pairs.plan_dialog import PlanDialog

    dialog, group = _open(tab, monkeypatch, qtbot)
    model = dialog.model
    assert not dialog.mentee_box.isHidden() and dialog.mentee_box.count() == 2
    dialog.add_line()
    editor = dialog.editor()
    assert editor is not None  # «Добавить» opens the task cell for typing
    type_text(editor, "Пробный ОГЭ")
    dialog.commit_editor()
    assert model.lines[0].task == "Пробный ОГЭ"
    _set(model, 0, 0, "Математика")
    _set(model, 0, 2, "01.12.2026")
    _set(model, 0, 3, "выполнено")
    assert not model.setData(model.index(0, 3), "потом", Qt.ItemDataRole.EditRole)
    dialog.add_line()
    _set(model, 1, 1, "Выбрать тему проекта")
    _set(model, 1, 3, "в работе")
    dialog.view.setCurrentIndex(model.index(1, 1))
    dialog.move_line(-1)
    assert [line.task for line in model.lines] == ["Выбрать тему проекта", "Пробный ОГЭ"]
    qtmodeltester.check(model)
    dialog.mentee_box.setCurrentIndex(1)  # Петрова
    assert model.rowCount() == 0
    dialog.add_line()
    _set(model, 0, 1, "Олимпиада по русскому языку")
    assert dialog.save(), dialog.issues_label.text()
    assert dialog.saved_label.text() == "Сохранено" and not model.dirty
    items = list_plan(session, group_id=group.id)
    assert [(i.mentee_id, i.task, i.status) for i in items] == [
        (people["ivanov"], "Выбрать тему проекта", "in_progress"), (people["ivanov"], "Пробный ОГЭ", "done"),
        (people["petrova"], "Олимпиада по русскому языку", "planned")]
    assert items[1].done_date == dt.date.today() and items[1].deadline == dt.date(2026, 12, 1)
    reopened = PlanDialog(None, db=tab.db, group=group)
    qtbot.addWidget(reopened)
    assert [line.task for line in reopened.model.lines] == ["Выбрать тему проекта", "Пробный ОГЭ"]
    assert reopened.model.data(reopened.model.index(1, 3)) == "выполнено"
    assert reopened.model.data(reopened.model.index(1, 4)) == dt.date.today().strftime("%d.%m.%Y")
    reopened.view.setCurrentIndex(reopened.model.index(0, 0))
    reopened.remove_line()
    assert reopened.save()
    assert [i.task for i in list_plan(session, group_id=group.id)] == ["Пробный ОГЭ", "Олимпиада по русскому языку"]
    qtmodeltester.check(reopened.model)


def test_errors_are_shown_inline_with_row_and_field_and_nothing_is_lost(tab, monkeypatch, qtbot, session):
    from app.services.plans import list_plan

    dialog, group = _open(tab, monkeypatch, qtbot)
    model = dialog.model
    dialog.add_line()
    _set(model, 0, 1, "Хорошая задача")
    dialog.add_line()
    _set(model, 1, 0, "Цель без задачи")
    _set(model, 1, 2, "31.02.2027")
    assert not dialog.save()
    text = dialog.issues_label.text()
    assert not dialog.issues_label.isHidden()
    assert "Строка 2, поле «Срок»" in text and "такой даты нет" in text
    assert "Строка 2, поле «Задача»" in text  # reported together with the unreadable date
    _set(model, 1, 2, "01.09.2026")
    assert not dialog.save()
    text = dialog.issues_label.text()
    assert "Строка 2, поле «Задача»" in text and "Строка 2, поле «Срок»" in text and "28.09.2026" in text
    assert [line.goal for line in model.lines] == ["", "Цель без задачи"] and model.dirty
    assert list_plan(session, group_id=group.id) == []
    _set(model, 1, 1, "Задача")
    _set(model, 1, 2, "01.10.2026")
    assert dialog.save() and dialog.issues_label.isHidden()
    assert len(list_plan(session, group_id=group.id)) == 2


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is not installed")
def test_print_saves_first_and_writes_the_pdf(tab, monkeypatch, qtbot, tmp_path):
    from ui import messages
    from ui.pairs import plan_dialog

    dialog, _group = _open(tab, monkeypatch, qtbot)
    dialog.add_line()
    _set(dialog.model, 0, 1, "Подготовка к олимпиаде")
    _set(dialog.model, 0, 2, "15.02.2027")
    target = tmp_path / "ипр"
    monkeypatch.setattr(plan_dialog, "ask_save_path", lambda parent, default: target.with_suffix(".pdf"))
    offered, opened = [], []
    monkeypatch.setattr(messages, "confirm", lambda parent, **kw: offered.append(kw["text"]) or True)
    monkeypatch.setattr(plan_dialog, "open_file", opened.append)
    assert dialog.print_pdf()
    assert dialog.pdf_path == tmp_path / "ипр.pdf" and opened == [dialog.pdf_path] and "ипр.pdf" in offered[0]
    assert not dialog.model.dirty  # printing saved the plan first
    text = " ".join(subprocess.run(["pdftotext", "-raw", str(dialog.pdf_path), "-"], capture_output=True,
                                   text=True, check=True).stdout.split())
    assert "Подготовка к олимпиаде" in text and "15.02.2027" in text
    assert "Иванов Пётр Сергеевич (8А)" in text and "Петрова Алёна Игоревна (7Б)" in text


def test_preview_saves_first_and_shows_the_plan_in_the_app(tab, monkeypatch, qtbot, session):
    from app.paths import data_dir
    from app.services.plans import list_plan
    from ui import pdf_preview

    dialog, group = _open(tab, monkeypatch, qtbot)
    dialog.add_line()
    _set(dialog.model, 0, 1, "Проект по физике")
    _set(dialog.model, 0, 2, "20.03.2027")
    shown = []
    monkeypatch.setattr(pdf_preview, "run_preview", shown.append)
    qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    assert len(shown) == 1
    preview = shown[0]
    qtbot.addWidget(preview)
    assert not dialog.model.dirty  # previewing saved the plan first
    assert [i.task for i in list_plan(session, group_id=group.id)] == ["Проект по физике"]
    assert preview.path == data_dir() / "preview" / "ИПР — Иванов, Петрова.pdf" and preview.loaded
    assert preview.title == "ИПР — Иванов, Петрова" and preview.page_count() >= 2  # a page per mentee
    assert dialog.preview_button.isEnabled() and dialog.print_button.isEnabled()


def test_unsaved_changes_are_confirmed_before_closing(tab, monkeypatch, qtbot):
    from ui import messages

    dialog, _group = _open(tab, monkeypatch, qtbot)
    dialog.add_line()
    _set(dialog.model, 0, 1, "Черновик")
    asked, closed = [], []
    dialog.rejected.connect(lambda: closed.append(True))
    monkeypatch.setattr(messages, "confirm", lambda parent, **kw: asked.append(kw["text"]) or False)
    dialog.reject()
    assert "не сохранены" in asked[0] and closed == []
    assert dialog.model.lines[0].task == "Черновик"
    monkeypatch.setattr(messages, "confirm", lambda parent, **kw: True)
    dialog.reject()
    assert closed == [True]
