"""The forms import dialog driven through its three steps to a real import (SyncRunner, real files)."""

from __future__ import annotations

import pytest

from app.forms_import import SKIP
from app.services import surveys
from app.services.people import save_mentee
from tests import factories
from tests.app.test_forms_import import GOOGLE_HEADERS, MESSY, google_rows, write_google_csv, write_google_xlsx
from ui import messages
from ui.tasks import SyncRunner


@pytest.fixture
def pupils(session) -> dict[str, int]:
    rows = {"ivanov_s": ("Иванов", "Пётр", "Сергеевич", "5А"), "ivanov_a": ("Иванов", "Пётр", "Алексеевич", "8А"),
            "petrov": ("Петров", "Иван", "Андреевич", "6Б"), "sidorova": ("Сидорова", "Анна", "Олеговна", "7В"),
            "kuznetsov": ("Кузнецов", "Дмитрий", "Игоревич", "9А"),
            "smirnova": ("Смирнова", "Мария", "Ивановна", "10Б"), "elkin": ("Ёлкин", "Фёдор", "Максимович", "7А")}
    return {key: save_mentee(session, data=factories.mentee(last_name=a, first_name=b, middle_name=c, group_name=d))
            for key, (a, b, c, d) in rows.items()}


@pytest.fixture
def template_id(session) -> int:
    return {t.code: t.id for t in surveys.list_templates(session)}["mentee_post"]


@pytest.fixture
def shown(monkeypatch) -> dict[str, list]:
    got: dict[str, list] = {"errors": [], "info": []}
    monkeypatch.setattr(messages, "show_error", lambda parent, exc, title="": got["errors"].append(str(exc)))
    monkeypatch.setattr(messages, "inform", lambda parent, title, text: got["info"].append(text))
    return got


def make_dialog(qtbot, db, template_id):
    from ui.surveys.forms_import_dialog import FormsImportDialog

    dialog = FormsImportDialog(None, db=db, template_id=template_id, runner=SyncRunner())
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_dialog_walks_through_to_an_import(qtbot, qtmodeltester, db, session, pupils, template_id, tmp_path, shown,
                                           monkeypatch):
    from ui.surveys import forms_import_dialog
    from ui.surveys.forms_import_dialog import ANON

    dialog = make_dialog(qtbot, db, template_id)
    assert dialog.load_file(write_google_xlsx(tmp_path / "Анкета (Ответы).xlsx"))
    assert not shown["errors"]
    assert dialog.step_label.text() == "Шаг 1 из 3. Сопоставление столбцов"
    assert "11 ответов" in dialog.file_label.text() and "Google Формы" in dialog.file_label.text()
    columns = dialog.columns
    qtmodeltester.check(columns.model())
    assert columns.rowCount() == len(GOOGLE_HEADERS)
    assert dialog.name_box.currentText() == GOOGLE_HEADERS[2]
    assert dialog.date_box.currentText() == "Отметка времени"
    assert columns.cellWidget(3, 2).currentData() == "effectiveness"
    assert not columns.cellWidget(2, 2).isEnabled()  # the name column is not a question
    assert columns.item(7, 1).text() == "Да; Нет; да"
    columns.cellWidget(8, 2).setCurrentIndex(0)  # «Что было самым ценным» — not loaded this time
    dialog.grab().save("/tmp/qa_forms_1_columns.png")

    dialog.go_next()
    assert dialog.pages.currentIndex() == 1
    people = dialog.people
    qtmodeltester.check(people.model())
    hidden = [people.isRowHidden(r) for r in range(people.rowCount())]
    assert hidden == [status == "exact" for _, status, _ in MESSY]
    ambiguous = people.cellWidget(1, 3)
    assert ambiguous.currentData() == SKIP  # the curator must pick one of the namesakes
    ambiguous.setCurrentIndex(ambiguous.findData(pupils["ivanov_a"]))
    probable = people.cellWidget(2, 3)
    assert probable.currentData() == pupils["petrov"]
    unknown = people.cellWidget(10, 3)
    assert unknown.currentData() == SKIP
    # «Другой участник…» picks anyone of the base (here: the file has a typo beyond one letter)
    monkeypatch.setattr(forms_import_dialog, "ask_person", lambda parent, people: people[0][0])
    unknown.setCurrentIndex(unknown.findData(forms_import_dialog.OTHER))
    unknown.activated.emit(unknown.currentIndex())
    assert unknown.currentData() == pupils["elkin"] and unknown.currentText() == "Ёлкин Фёдор Максимович, 7А"
    unknown.setCurrentIndex(unknown.findText(ANON))
    dialog.grab().save("/tmp/qa_forms_2_people.png")
    dialog.show_exact.setChecked(True)
    assert not any(people.isRowHidden(r) for r in range(people.rowCount()))
    assert people.cellWidget(0, 3).currentData() == pupils["ivanov_s"]

    dialog.go_next()
    assert dialog.pages.currentIndex() == 2 and dialog.load_button.isEnabled()
    assert "Будет загружено ответов: 11." in dialog.summary.text()
    assert "анонимных: 1" in dialog.summary.text()
    dialog.grab().save("/tmp/qa_forms_3_summary.png")
    assert surveys.list_responses(session, template_id=template_id) == []  # nothing stored before «Загрузить»

    dialog.load_button.click()
    assert shown["info"] == ["Загружено ответов: 11."] and dialog.result() == dialog.DialogCode.Accepted
    stored = surveys.list_responses(session, template_id=template_id)
    assert len(stored) == 11 and all("valuable" not in r.answers for r in stored)
    assert sum(1 for r in stored if r.mentee_id == pupils["ivanov_a"]) == 2  # «иванов петр» + «Иванов Петя 8А»
    remembered = surveys.get_import_mapping(session, template_id=template_id)
    assert remembered[GOOGLE_HEADERS[8].strip()] == "" and remembered[GOOGLE_HEADERS[3].strip()] == "effectiveness"

    # the same file again: the remembered choices come back and nothing would be doubled
    again = make_dialog(qtbot, db, template_id)
    again.load_file(tmp_path / "Анкета (Ответы).xlsx")
    assert again.columns.cellWidget(8, 2).currentData() == ""
    again.go_next()
    again.people.cellWidget(1, 3).setCurrentIndex(again.people.cellWidget(1, 3).findData(pupils["ivanov_a"]))
    again.people.cellWidget(10, 3).setCurrentIndex(again.people.cellWidget(10, 3).findText(ANON))
    again.go_next()
    assert "Уже загружены раньше (пропускаются): 11" in again.summary.text()
    assert not again.load_button.isEnabled()


def test_a_bad_cell_is_shown_with_row_and_column_and_blocks_loading(qtbot, db, session, pupils, template_id,
                                                                     tmp_path, shown):
    rows = google_rows()
    rows[4][6] = "отлично"  # satisfaction, file row 6
    dialog = make_dialog(qtbot, db, template_id)
    dialog.load_file(write_google_csv(tmp_path / "ответы.csv", rows))
    dialog.role_box.setCurrentIndex(dialog.role_box.findData("mentee"))
    dialog.go_next()
    dialog.go_next()
    assert not dialog.load_button.isEnabled() and "Ошибок: 1" in dialog.summary.text()
    errors = dialog.errors
    assert [errors.item(0, c).text() for c in range(3)] == [
        "6", GOOGLE_HEADERS[6], "«отлично» — не число от 1 до 10"]
    dialog.grab().save("/tmp/qa_forms_4_errors.png")
    # going back and not loading that column fixes it
    dialog.go_back()
    dialog.go_back()
    dialog.columns.cellWidget(6, 2).setCurrentIndex(0)
    dialog.go_next()
    dialog.go_next()
    assert dialog.load_button.isEnabled() and not dialog.plan.errors
    assert surveys.list_responses(session) == []


def test_a_foreign_file_is_reported_and_nothing_opens(qtbot, db, template_id, tmp_path, shown):
    foreign = tmp_path / "список.csv"
    foreign.write_text("Город;Улица;Дом\nЛукоянов;Ленина;1\n", encoding="utf-8")
    dialog = make_dialog(qtbot, db, template_id)
    dialog.load_file(foreign)
    assert shown["errors"] and "список.csv" in shown["errors"][0]
    assert not dialog.next_button.isEnabled()


def test_reading_and_importing_work_through_the_background_runner(qtbot, db, session, pupils, template_id,
                                                                  tmp_path, shown):
    from ui.surveys.forms_import_dialog import FormsImportDialog
    from ui.tasks import TaskRunner

    runner = TaskRunner()
    dialog = FormsImportDialog(None, db=db, template_id=template_id, runner=runner)
    qtbot.addWidget(dialog)
    dialog.load_file(write_google_xlsx(tmp_path / "g.xlsx", google_rows(names=["Сидорова Анна", "Петров Иван"])))
    qtbot.waitUntil(lambda: dialog.table is not None, timeout=10000)
    dialog.go_next()
    qtbot.waitUntil(lambda: bool(dialog.matches), timeout=10000)
    dialog.go_next()
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=10000)
    dialog.load_button.click()
    qtbot.waitUntil(lambda: bool(shown["info"]), timeout=10000)
    runner.wait()
    assert shown == {"errors": [], "info": ["Загружено ответов: 2."]}
    assert {r.mentee_id for r in surveys.list_responses(session, template_id=template_id)} == {
        pupils["sidorova"], pupils["petrov"]}
