"""The survey template editor: questions table, order, unique keys, validation that keeps the input."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.schemas_surveys import Question, TemplateData


@pytest.fixture
def shown_errors(monkeypatch):
    from ui import messages

    shown = []
    monkeypatch.setattr(messages, "show_error", lambda parent, exc, **k: shown.append(messages.error_text(exc)))
    return shown


@pytest.fixture
def feedback(session):
    from app.services.surveys import get_template, list_templates

    tid = {t.code: t.id for t in list_templates(session)}["meeting_feedback"]
    return get_template(session, template_id=tid)


def make(qtbot, db, data, answered=0):
    from ui.surveys.template_dialog import TemplateDialog

    dialog = TemplateDialog(None, db=db, data=data, answered=answered)
    qtbot.addWidget(dialog)
    return dialog


def test_questions_are_shown_reordered_and_get_unique_keys(qtbot, db, feedback, qtmodeltester):
    dialog = make(qtbot, db, feedback)
    table = dialog.table
    assert table.rowCount() == 4
    assert table.item(0, 1).text().startswith("Насколько полезной")
    assert table.cellWidget(0, 2).currentText() == "шкала (баллы)"
    assert table.item(1, 7).checkState() == Qt.CheckState.Checked  # satisfaction
    assert not dialog.note.isVisible() and dialog.note.text() == ""
    qtmodeltester.check(table.model())
    dialog.table.selectRow(0)
    dialog.move(1)
    assert [r["key"] for r in dialog.rows()][:2] == ["satisfaction", "useful"]
    assert dialog.current_row() == 1
    dialog.show()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert [r["key"] for r in dialog.rows()][:2] == ["useful", "satisfaction"]
    first = dialog.add_question("Первый новый")
    second = dialog.add_question("Второй новый")
    keys = [r["key"] for r in dialog.rows()]
    assert keys[first] == "q1" and keys[second] == "q2" and len(set(keys)) == len(keys)
    dialog.table.selectRow(second)
    dialog.remove_question()
    assert "q2" not in [r["key"] for r in dialog.rows()]


def test_new_keys_skip_existing_ones(qtbot, db):
    data = TemplateData(title="Т", questions=(Question(key="q1", text="А"), Question(key="q3", text="Б")))
    dialog = make(qtbot, db, data)
    dialog.table.selectRow(1)
    row = dialog.add_question("В")
    assert dialog.rows()[row]["key"] == "q2"
    row = dialog.add_question("Г")
    assert dialog.rows()[row]["key"] == "q4"


def test_validation_names_the_question_and_keeps_everything_typed(qtbot, db, feedback, shown_errors, session):
    from app.services.surveys import get_template

    dialog = make(qtbot, db, feedback)
    dialog.title.setText("Отзыв о встрече — изменённый")
    dialog.table.item(0, 1).setText("   ")  # empty question text
    dialog.table.item(0, 7).setCheckState(Qt.CheckState.Checked)  # a second satisfaction question
    dialog.table.item(2, 8).setCheckState(Qt.CheckState.Checked)
    before = dialog.rows()
    assert dialog.save() is False
    assert dialog.saved_id is None and dialog.result() == 0
    assert len(shown_errors) == 1
    assert "«Вопрос 1»: введите текст вопроса" in shown_errors[0]
    assert "только у одного вопроса" in shown_errors[0]
    assert "Вопрос 1" in dialog.errors.text()
    assert dialog.rows() == before and dialog.title.text() == "Отзыв о встрече — изменённый"
    assert get_template(session, template_id=feedback.id).title == feedback.title  # nothing stored
    dialog.table.item(3, 4).setText("десять")
    assert dialog.save() is False
    assert "«Вопрос 4»: максимум шкалы — целое число" in shown_errors[-1]


def test_a_fixed_template_is_saved(qtbot, db, feedback, session, shown_errors):
    from app.services.surveys import get_template

    dialog = make(qtbot, db, feedback)
    dialog.table.selectRow(3)
    row = dialog.add_question("Какой формат удобнее?", "choice")
    dialog.table.item(row, 5).setText("очно; дистанционно;")
    dialog.table.item(row, 8).setCheckState(Qt.CheckState.Checked)
    dialog.description.setPlainText("Ответьте после встречи.")
    assert dialog.save(), shown_errors
    saved = get_template(session, template_id=feedback.id)
    assert saved.version == 1  # no responses yet: the version is edited in place
    assert saved.questions[-1] == Question(key="q1", text="Какой формат удобнее?", type="choice",
                                           options=("очно", "дистанционно"), required=True)
    assert saved.description == "Ответьте после встречи."


def test_note_about_a_new_version_and_a_new_template(qtbot, db, feedback, monkeypatch, session):
    from app.services.surveys import get_template
    from ui.surveys import template_dialog

    dialog = make(qtbot, db, feedback, answered=3)
    assert dialog.note.text().startswith("Есть ответы: изменения вопросов сохранятся как новая версия 2")

    def run(d):
        assert d.table.rowCount() == 1
        d.title.setText("Моя анкета")
        d.respondent.setCurrentIndex(d.respondent.findData("mentor"))
        d.table.item(0, 1).setText("Как прошёл месяц?")
        return d.save()

    monkeypatch.setattr(template_dialog, "run_dialog", run)
    new_id = template_dialog.edit_template(None, db=db)
    made = get_template(session, template_id=new_id)
    assert made.title == "Моя анкета" and made.respondent == "mentor"
    assert made.questions == (Question(key="q1", text="Как прошёл месяц?"),)
