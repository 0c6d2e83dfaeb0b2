"""The «Анкеты» tab: templates and responses, copy and edit with versions, archive, delete, blanks."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest

from app.schemas import GroupData
from app.schemas_surveys import ResponseData

D = dt.date


@pytest.fixture
def tab(qtbot, db):
    from ui.surveys.surveys_tab import SurveysTab
    from ui.tasks import SyncRunner

    widget = SurveysTab(runner=SyncRunner())
    qtbot.addWidget(widget)
    widget.resize(1366, 700)
    widget.set_database(db)
    return widget


@pytest.fixture
def codes(session) -> dict[str, int]:
    from app.services.surveys import list_templates

    return {t.code: t.id for t in list_templates(session)}


@pytest.fixture
def answered(session, people, codes):
    """Two responses to the meeting feedback form (Иванов and Петрова)."""
    from app.services.surveys import add_responses

    tid = codes["meeting_feedback"]
    add_responses(session, responses=[
        ResponseData(template_id=tid, answered_on=D(2026, 10, 1), mentee_id=people["ivanov"],
                     answers={"useful": 8, "satisfaction": 9, "goal_reached": True, "comment": "понравилось"}),
        ResponseData(template_id=tid, answered_on=D(2026, 10, 2), mentee_id=people["petrova"],
                     answers={"useful": 5, "goal_reached": False})])
    return tid


def titles(model) -> list[str]:
    return [model.row_at(n).title for n in range(model.rowCount())]


def column(model, n: int) -> list[str]:
    return [model.index(r, n).data() for r in range(model.rowCount())]


def test_lists_the_shipped_templates_and_the_responses_of_one(answered, tab, qtmodeltester):
    tab.reload()
    assert len(titles(tab.template_model)) == 5
    assert "Анкета наставляемого (входная)" in titles(tab.template_model)
    assert tab.counts_text() == "Анкет: 5 · ответов: 2"
    tab.select_template(answered)
    model = tab.response_model
    assert model.rowCount() == 2 and model.columnCount() == 5 + 4
    assert column(model, 1) == ["Петрова Алёна Игоревна", "Иванов Пётр Сергеевич"]  # newest first
    assert column(model, 4) == ["вручную", "вручную"]
    assert [model.index(1, c).data() for c in range(5, 9)] == ["8", "9", "да", "понравилось"]
    assert model.headerData(5, __import__("PySide6.QtCore").QtCore.Qt.Orientation.Horizontal,
                            __import__("PySide6.QtCore").QtCore.Qt.ItemDataRole.ToolTipRole).startswith("Насколько")
    assert tab.response_title.text() == "<b>Ответы: 2 ответа</b>"
    tab.search.setText("петрова")
    tab.apply_filter()
    assert column(model, 1) == ["Петрова Алёна Игоревна"]
    for m in (tab.template_model, tab.response_model):
        qtmodeltester.check(m)
    for b in (tab.copy_button, tab.edit_button, tab.blank_button, tab.entry_button, tab.import_button,
              tab.analytics_button):
        assert b.isEnabled()
    assert tab.import_button.text() == "Импорт из Яндекс/Google Форм…" and tab.analytics_button.text() == "Аналитика…"


def test_editing_a_template_with_responses_makes_version_two_and_old_answers_still_show(
        tab, answered, session, monkeypatch):
    from app.services.surveys import get_template
    from ui.surveys import template_dialog

    seen = []

    def run(dialog):
        seen.append(dialog.note.text())
        dialog.table.selectRow(dialog.table.rowCount() - 1)
        row = dialog.add_question("Что обсудить в следующий раз?", "text")
        assert dialog.rows()[row]["key"] == "q1"
        dialog.table.selectRow(0)
        dialog.remove_question()  # «useful» goes away in version 2
        return dialog.save()

    monkeypatch.setattr(template_dialog, "run_dialog", run)
    tab.select_template(answered)
    assert tab.edit_template() == answered
    assert seen == ["Есть ответы: изменения вопросов сохранятся как новая версия 2, старые ответы останутся "
                    "читаемыми."]
    assert get_template(session, template_id=answered).version == 2
    row = tab.template_model.row_at(tab.template_model.row_of_id(answered))
    assert row.version == 2 and tab.current_template_id() == answered
    model = tab.response_model
    assert model.columnCount() == 5 + 4
    assert [model.index(1, c).data() for c in range(5, 9)] == ["9", "да", "понравилось", ""]
    assert "8" in model.index(1, 0).data(__import__("PySide6.QtCore").QtCore.Qt.ItemDataRole.ToolTipRole)


def test_copy_opens_the_editor_on_the_copy(answered, tab, monkeypatch, session):
    from app.services.surveys import get_template
    from ui.surveys import template_dialog

    edited = []

    def run(dialog):
        edited.append(dialog.data.id)
        dialog.title.setText("Отзыв о встрече (5 класс)")
        return dialog.save()

    monkeypatch.setattr(template_dialog, "run_dialog", run)
    tab.select_template(answered)
    new_id = tab.copy_template()
    assert edited == [new_id] and new_id != answered
    assert get_template(session, template_id=new_id).title == "Отзыв о встрече (5 класс)"
    assert get_template(session, template_id=new_id).version == 1
    assert tab.current_template_id() == new_id and tab.response_model.rowCount() == 0
    assert tab.counts_text() == "Анкет: 6 · ответов: 2"


def test_archive_hides_the_template_until_show_archive(tab, codes):
    tab.select_template(codes["mentor_pre"])
    assert tab.archive_button.text() == "В архив"
    tab.toggle_archive()
    assert "Анкета наставника (входная)" not in titles(tab.template_model)
    assert tab.counts_text().startswith("Анкет: 4")
    tab.show_archive.setChecked(True)
    assert "Анкета наставника (входная) (архив)" in [tab.template_model.index(r, 0).data()
                                                     for r in range(tab.template_model.rowCount())]
    tab.select_template(codes["mentor_pre"])
    assert tab.archive_button.text() == "Из архива"
    tab.toggle_archive()
    tab.show_archive.setChecked(False)
    assert "Анкета наставника (входная)" in titles(tab.template_model)


def test_delete_selected_responses_after_confirm(answered, tab, monkeypatch, session):
    from app.services.surveys import list_responses
    from ui import messages

    asked = []
    monkeypatch.setattr(messages, "confirm", lambda *a, **k: asked.append(k["text"]) or True)
    tab.select_template(answered)
    assert not tab.delete_button.isEnabled()
    tab.response_view.selectRow(0)
    assert tab.delete_button.isEnabled()
    assert tab.delete_responses() == 1
    assert asked and "Петрова" in asked[0]
    assert [r.respondent_name for r in list_responses(session)] == ["Иванов Пётр Сергеевич"]
    assert tab.response_model.rowCount() == 1


def test_entry_and_import_buttons_call_their_dialogs(answered, tab, monkeypatch):
    from ui.surveys import entry_grid

    calls = []
    monkeypatch.setattr(entry_grid, "enter_responses", lambda parent, **k: calls.append(k) or 3)
    tab.select_template(answered)
    assert tab.enter_from_paper() == 3
    assert calls == [{"db": tab.db, "template_id": answered}]


def test_import_and_analytics_buttons_call_the_other_dialogs(answered, tab, monkeypatch):
    calls = []
    tab.select_template(answered)
    forms = pytest.importorskip("ui.surveys.forms_import_dialog")
    monkeypatch.setattr(forms, "run_forms_import", lambda parent, **k: calls.append(k) or True)
    assert tab.import_forms() is True
    assert calls[-1] == {"db": tab.db, "template_id": answered}
    analytics = pytest.importorskip("ui.surveys.analytics_dialog")
    monkeypatch.setattr(analytics, "show_analytics", lambda parent, **k: calls.append(k))
    tab.open_analytics()
    assert calls[-1] == {"db": tab.db, "template_id": answered}


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_blank_for_a_pair_has_a_page_per_mentee(tab, people, session, codes, monkeypatch):
    from app.services.pairs import save_group
    from app.services.school import save_school
    from tests import factories
    from ui import pdf_preview
    from ui.surveys import blank_dialog

    save_school(session, data=factories.school())
    gid = save_group(session, data=GroupData(mentor_id=people["elkina"], mentee_ids=(people["ivanov"],
                                                                                      people["petrova"]),
                                             form="учитель – ученик"))

    def run(dialog):
        dialog.group_radio.setChecked(True)
        dialog.group.setCurrentIndex(dialog.group.findData(gid))
        dialog.date.setText("1.12.2026")
        dialog.check()
        return dialog.result() == 1

    shown = []
    monkeypatch.setattr(blank_dialog, "run_dialog", run)
    monkeypatch.setattr(pdf_preview, "show_pdf", lambda parent, **k: shown.append(k))
    tab.select_template(codes["mentee_post"])
    path = tab.print_blank()
    assert shown and shown[0]["path"] == path and path.parent == pdf_preview.preview_dir()
    text = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout
    first, second = text.find("ФИО: Иванов Пётр Сергеевич"), text.find("ФИО: Петрова Алёна Игоревна")
    assert 0 <= first < second and text.count("АНКЕТА НАСТАВЛЯЕМОГО (ИТОГОВАЯ)") == 2
    assert text[first:second].count("\f") >= 1  # the second copy starts on a new page
    assert "МБОУ СШ № 1" in text and "01.12.2026" in text and "Ёлкина Светлана Викторовна" in text


def test_screenshot_of_the_tab(answered, tab, tmp_path):
    tab.select_template(answered)
    tab.show()
    image = tab.grab()
    assert image.save(str(tmp_path / "surveys_tab.png"))
    assert image.width() >= 1300


def test_copy_edits_the_copy_even_before_the_list_reloads(answered, tab, monkeypatch, session):
    """With the real thread pool the reload arrives later: the editor must still open on the copy."""
    from app.services.surveys import get_template
    from ui.surveys import template_dialog

    class LateRunner:  # the background read never comes back during the test
        def run(self, fn, **_kwargs):
            return None

    edited = []

    def run(dialog):
        edited.append(dialog.data.id)
        return False

    monkeypatch.setattr(template_dialog, "run_dialog", run)
    tab.select_template(answered)
    tab.runner = LateRunner()
    new_id = tab.copy_template()
    assert edited == [new_id] != [answered]
    assert get_template(session, template_id=answered).version == 1  # the original is untouched
