"""Mentee and mentor dialogs: typing, inline issues, saving, consents, category-dependent fields."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from app.services.people import get_mentee, get_mentor, partner_names, save_mentee, save_mentor, set_mentees_archived
from app.settings import save_settings
from tests import factories
from tests.typing_helper import type_text
from ui.people.consents_editor import KIND, NAME, REVOKED, SIGNED, SIGNER
from ui.people.mentee_dialog import MenteeDialog
from ui.people.mentor_dialog import MentorDialog


def _count(db, model) -> int:  # noqa: ANN001
    from sqlalchemy import func, select

    with db.session() as s:
        return s.execute(select(func.count()).select_from(model)).scalar_one()


def _keep(qtbot, dialog) -> None:  # noqa: ANN001
    """Register for cleanup; closing at teardown must not ask about unsaved changes."""
    dialog.confirm_discard = lambda: True
    qtbot.addWidget(dialog)


@pytest.fixture
def mentee_dialog(qtbot, db):
    dialog = MenteeDialog(None, db=db)
    _keep(qtbot, dialog)
    dialog.show()
    return dialog


def test_new_mentee_typed_and_saved(qtbot, db, mentee_dialog):
    d = mentee_dialog
    type_text(d.last_name, "Соколова")
    type_text(d.first_name, "Анна")
    d.middle_name.setText("Игоревна")
    d.birth.set_text("05.04.2011")
    d.group_name.setText("9Б")
    d.contacts.setText("+7 900 111-22-33")
    d.representative.setText("Соколов Игорь Петрович")
    d.requests.set_tags(["математика", "ОГЭ"])
    d.requests.add_tag("шахматы")  # not in the reference list: added and ticked
    d.request_text.setPlainText("подготовка к ОГЭ по алгебре")
    assert d.entry_date.date() == dt.date.today()
    assert d.is_dirty()
    assert d.save()
    assert d.result() == QDialog.DialogCode.Accepted
    with db.session() as s:
        saved = get_mentee(s, mentee_id=d.saved_id)
    assert (saved.last_name, saved.first_name, saved.middle_name) == ("Соколова", "Анна", "Игоревна")
    assert saved.birth_date == dt.date(2011, 4, 5) and saved.birth_year == 2011
    assert saved.category == "обучающийся" and saved.group_name == "9Б"
    assert saved.requests == ("математика", "ОГЭ", "шахматы")
    assert saved.request_text == "подготовка к ОГЭ по алгебре"
    assert saved.representative == "Соколов Игорь Петрович"
    assert saved.status == "active" and saved.entry_date == dt.date.today()


def test_empty_surname_is_shown_inline_and_nothing_saved(qtbot, db, mentee_dialog):
    from db.models import Mentee

    d = mentee_dialog
    type_text(d.first_name, "Анна")
    d.notes.setPlainText("важная заметка")
    assert not d.save()
    assert d.isVisible() and d.result() != QDialog.DialogCode.Accepted
    assert d.issues_label.isVisible()
    assert "Поле «Фамилия»: обязательное поле" in d.issues_label.text()
    assert d.marked_fields() == ["Фамилия"]
    assert d.last_name.property("invalid") is True
    assert d.first_name.text() == "Анна" and d.notes.toPlainText() == "важная заметка"
    assert _count(db, Mentee) == 0
    # fixing it clears the marks and saves
    type_text(d.last_name, "Соколова")
    assert d.save()
    assert _count(db, Mentee) == 1


def test_unreadable_dates_become_field_issues(qtbot, db, mentee_dialog):
    from db.models import Mentee

    d = mentee_dialog
    d.last_name.setText("Соколова")
    d.first_name.setText("Анна")
    d.birth.set_text("31.02.2011")
    d.exit_date.set_text("завтра")
    assert not d.save()
    text = d.issues_label.text()
    assert "«Дата рождения»" in text and "такой даты нет" in text
    assert "«Дата завершения программы»" in text
    assert set(d.marked_fields()) >= {"Дата рождения", "Дата завершения программы"}
    assert d.tabs.currentIndex() == 0  # the first offending field is on «Основное»
    assert d.birth.text() == "31.02.2011"
    assert _count(db, Mentee) == 0


def test_edit_existing_mentee(qtbot, db, session):
    mentee_id = save_mentee(session, data=factories.mentee())
    with db.session() as s:
        data = get_mentee(s, mentee_id=mentee_id)
    d = MenteeDialog(None, db=db, data=data)
    _keep(qtbot, d)
    assert d.windowTitle() == "Наставляемый: Иванов Пётр Сергеевич"
    assert d.last_name.text() == "Иванов" and d.birth.text() == "14.03.2012"
    assert d.group_name.text() == "8А" and d.requests.tags() == ("математика", "ОГЭ")
    assert d.consents.row_count() == 1
    assert not d.is_dirty() and not d.archived_banner.isVisibleTo(d)
    d.group_name.setText("9А")
    d.status.setCurrentIndex(d.status.findData("finished"))
    d.exit_date.set_date(dt.date(2026, 10, 1))
    assert d.save() and d.saved_id == mentee_id
    with db.session() as s:
        saved = get_mentee(s, mentee_id=mentee_id)
    assert saved.group_name == "9А" and saved.status == "finished" and saved.exit_date == dt.date(2026, 10, 1)
    assert len(saved.consents) == 1 and saved.consents[0].representative_name == "Иванова Мария Павловна"


def test_year_only_birth(qtbot, db, mentee_dialog):
    d = mentee_dialog
    d.last_name.setText("Соколова")
    d.first_name.setText("Анна")
    d.birth.set_text("2010")
    assert d.save()
    with db.session() as s:
        saved = get_mentee(s, mentee_id=d.saved_id)
    assert saved.birth_date is None and saved.birth_year == 2010


def test_archived_record_shows_banner(qtbot, db, session):
    mentee_id = save_mentee(session, data=factories.mentee())
    set_mentees_archived(session, mentee_ids=[mentee_id], archived=True)
    with db.session() as s:
        d = MenteeDialog(None, db=db, data=get_mentee(s, mentee_id=mentee_id))
    _keep(qtbot, d)
    assert d.archived_banner.isVisibleTo(d) and "Запись в архиве" in d.archived_banner.text()
    assert d.last_name.isEnabled()


def test_consents_added_revoked_and_saved(qtbot, db, mentee_dialog):
    d = mentee_dialog
    d.last_name.setText("Соколова")
    d.first_name.setText("Анна")
    d.birth.set_date(dt.date(dt.date.today().year - 12, 1, 15))  # a minor
    d.representative.setText("Соколов Игорь Петрович")
    assert d.consents.hint.isVisibleTo(d.consents)
    assert d.representative_hint.isVisibleTo(d)
    first = d.consents.add_consent()
    table = d.consents.table
    assert table.cellWidget(first, KIND).currentData() == "processing"
    assert table.cellWidget(first, SIGNER).currentData() == "representative"
    assert table.cellWidget(first, NAME).text() == "Соколов Игорь Петрович"
    assert table.cellWidget(first, SIGNED).date() == dt.date.today()
    second = d.consents.add_consent()
    assert table.cellWidget(second, KIND).currentData() == "transfer"
    third = d.consents.add_consent()
    table.setCurrentCell(third, 0)
    d.consents.remove_selected()
    assert d.consents.row_count() == 2
    table.setCurrentCell(second, 0)
    qtbot.mouseClick(d.consents.revoke_button, Qt.MouseButton.LeftButton)
    assert table.cellWidget(second, REVOKED).date() == dt.date.today()
    assert d.save()
    with db.session() as s:
        consents = get_mentee(s, mentee_id=d.saved_id).consents
    assert [(c.kind, c.signer, c.representative_name, c.active) for c in consents] == [
        ("processing", "representative", "Соколов Игорь Петрович", True),
        ("transfer", "representative", "Соколов Игорь Петрович", False)]


def test_consent_problems_are_inline(qtbot, db, mentee_dialog):
    d = mentee_dialog
    d.last_name.setText("Соколова")
    d.first_name.setText("Анна")
    row = d.consents.add_consent()
    d.consents.table.cellWidget(row, SIGNED).set_text("99.99.2020")
    assert not d.save()
    assert "«Согласие 1»" in d.issues_label.text()
    assert d.tabs.tabText(d.tabs.currentIndex()) == "Согласия"
    assert d.consents.table.cellWidget(row, KIND).property("invalid") is True


def test_adult_has_no_minor_hint(qtbot, db, mentee_dialog):
    d = mentee_dialog
    d.birth.set_text("1990")
    assert not d.consents.hint.isVisibleTo(d.consents)
    row = d.consents.add_consent()
    assert d.consents.table.cellWidget(row, SIGNER).currentData() == "self"
    assert not d.consents.table.cellWidget(row, NAME).isEnabled()


def test_teacher_category_shows_experience(qtbot, db, mentee_dialog):
    d = mentee_dialog
    assert d.category.currentText() == "обучающийся"
    assert not d.experience.isVisibleTo(d) and d.group_label.text() == "Класс / группа"
    d.category.setCurrentText("педагог")
    assert d.experience.isVisibleTo(d) and d.group_label.text() == "Должность"
    d.last_name.setText("Котова")
    d.first_name.setText("Мария")
    d.group_name.setText("учитель физики")
    d.experience.setValue(1.5)
    assert d.save()
    with db.session() as s:
        saved = get_mentee(s, mentee_id=d.saved_id)
    assert saved.category == "педагог" and saved.experience_years == 1.5


def test_archived_category_is_kept(qtbot, db, session):
    mentee_id = save_mentee(session, data=factories.mentee(category="кадет"))
    with db.session() as s:
        d = MenteeDialog(None, db=db, data=get_mentee(s, mentee_id=mentee_id))
    _keep(qtbot, d)
    assert d.category.currentText() == "кадет"
    d.save()
    with db.session() as s:
        assert get_mentee(s, mentee_id=mentee_id).category == "кадет"


def test_escape_asks_only_when_changed(qtbot, db, mentee_dialog, monkeypatch):
    d = mentee_dialog
    asked = []
    monkeypatch.setattr(d, "confirm_discard", lambda: asked.append(1) or False)
    qtbot.keyClick(d, Qt.Key.Key_Escape)
    assert d.isVisible() is False and asked == []  # nothing typed: closes at once
    d2 = MenteeDialog(None, db=db)
    _keep(qtbot, d2)
    d2.show()
    monkeypatch.setattr(d2, "confirm_discard", lambda: asked.append(1) or False)
    d2.last_name.setText("Соколова")
    qtbot.keyClick(d2, Qt.Key.Key_Escape)
    assert asked == [1] and d2.isVisible() and d2.last_name.text() == "Соколова"


def test_ctrl_enter_saves(qtbot, db, mentee_dialog):
    d = mentee_dialog
    d.last_name.setText("Соколова")
    d.first_name.setText("Анна")
    d.activateWindow()
    d.notes.setFocus()  # even from a multi-line field
    qtbot.keyClick(d.notes, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert d.saved_id is not None and d.result() == QDialog.DialogCode.Accepted


def test_dialog_fits_a_school_laptop(qtbot, db, mentee_dialog):
    m = MentorDialog(None, db=db, data=factories.mentor())
    _keep(qtbot, m)
    for dialog in (mentee_dialog, m):
        assert dialog.height() <= 700 and dialog.width() <= 1366
        assert dialog.minimumSizeHint().height() <= 700


# -- mentors --------------------------------------------------------------------

def test_new_mentor_with_new_partner(qtbot, db):
    d = MentorDialog(None, db=db)
    _keep(qtbot, d)
    type_text(d.last_name, "Орлов")
    type_text(d.first_name, "Денис")
    d.category.setCurrentText("представитель организации-партнёра")
    d.workplace.setText("ООО «Техносфера»")
    d.partner.setCurrentText("ООО «Техносфера»")
    d.competencies.set_tags(["информатика", "профориентация"])
    d.age_min.setValue(14)
    d.training_date.set_date(dt.date(2026, 1, 20))
    d.training_document.setText("Сертификат № 7")
    assert d.age_max.value_or_none() is None and d.age_max.text() == "не важно"
    assert d.save()
    with db.session() as s:
        saved = get_mentor(s, mentor_id=d.saved_id)
        assert partner_names(s) == ["ООО «Техносфера»"]
    assert saved.partner_name == "ООО «Техносфера»"
    assert saved.competencies == ("информатика", "профориентация")
    assert (saved.desired_age_min, saved.desired_age_max) == (14, None)
    assert saved.training_date == dt.date(2026, 1, 20) and saved.training_document == "Сертификат № 7"
    assert saved.status == "candidate"


def test_mentor_capacity_default_from_settings(qtbot, db, session):
    save_settings(session, changes={"default_mentor_capacity": 5})
    d = MentorDialog(None, db=db)
    _keep(qtbot, d)
    assert d.capacity.value() == 5
    assert d.windowTitle() == "Новый наставник"


def test_edit_existing_mentor_and_age_issue(qtbot, db, session):
    mentor_id = save_mentor(session, data=factories.mentor(partner_name="Политех"))
    with db.session() as s:
        d = MentorDialog(None, db=db, data=get_mentor(s, mentor_id=mentor_id))
    _keep(qtbot, d)
    assert d.partner.currentText() == "Политех" and d.birth.text() == "1980"
    assert d.experience.value_or_none() == 20 and d.group_label.text() == "Должность"
    d.age_min.setValue(16)
    d.age_max.setValue(12)
    assert not d.save()
    assert "«от» больше, чем «до»" in d.issues_label.text()
    assert "Желаемый возраст наставляемых" in d.marked_fields()
    assert d.tabs.tabText(d.tabs.currentIndex()) == "Наставничество"
    d.age_max.set_value_or_none(None)
    d.capacity.setValue(4)
    assert d.save()
    with db.session() as s:
        saved = get_mentor(s, mentor_id=mentor_id)
    assert saved.capacity == 4 and saved.desired_age_min == 16 and saved.desired_age_max is None


def test_minor_mentor_gets_representative_signer(qtbot, db):
    d = MentorDialog(None, db=db)
    _keep(qtbot, d)
    d.category.setCurrentText("обучающийся")
    assert d.group_label.text() == "Класс / группа"
    d.birth.set_text(str(dt.date.today().year - 16))
    assert d.consents.is_minor()
    row = d.consents.add_consent()
    assert d.consents.table.cellWidget(row, SIGNER).currentData() == "representative"


# -- modal entry points and other errors ----------------------------------------

def test_edit_mentee_modal_returns_saved_id(qtbot, db, session):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from ui.people.mentee_dialog import edit_mentee

    mentee_id = save_mentee(session, data=factories.mentee())

    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, MenteeDialog)
        dialog.contacts.setText("+7 900 123-45-67")
        dialog.save()

    QTimer.singleShot(0, fill)
    assert edit_mentee(None, db=db, mentee_id=mentee_id) == mentee_id
    with db.session() as s:
        assert get_mentee(s, mentee_id=mentee_id).contacts == "+7 900 123-45-67"


def test_edit_mentor_modal_cancel_returns_none(qtbot, db):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from ui.people.mentor_dialog import edit_mentor

    QTimer.singleShot(0, lambda: QApplication.activeModalWidget().reject())
    assert edit_mentor(None, db=db, mentor_id=None) is None


def test_missing_record_and_other_errors_use_message_box(qtbot, db, session, monkeypatch):
    import ui.messages
    from ui.people.mentee_dialog import edit_mentee

    shown = []
    monkeypatch.setattr(ui.messages, "show_error", lambda parent, exc, title="": shown.append(str(exc)))
    assert edit_mentee(None, db=db, mentee_id=999) is None
    assert "не найден" in shown[-1]
    d = MenteeDialog(None, db=db, data=factories.mentee(id=12345))  # deleted meanwhile
    _keep(qtbot, d)
    assert not d.save()
    assert "не найден" in shown[-1] and not d.issues_label.isVisibleTo(d)


def test_saving_a_duplicate_asks_first(qtbot, db, monkeypatch):
    import ui.messages
    from db.models import Mentee

    with db.session() as s:
        save_mentee(s, data=factories.mentee())
    asked: list[str] = []
    answer = {"value": False}
    monkeypatch.setattr(ui.messages, "confirm", lambda parent, *, title, text, yes="", no="": asked.append(text)
                        or answer["value"])
    d = MenteeDialog(None, db=db)
    _keep(qtbot, d)
    d.last_name.setText("ИВАНОВ")
    d.first_name.setText("Пётр")
    d.middle_name.setText("Сергеевич")
    d.birth.set_text("14.03.2012")
    assert not d.save()  # the curator chose to go back: nothing saved, dialog open
    assert "Иванов Пётр Сергеевич, 14.03.2012" in asked[0] and _count(db, Mentee) == 1
    answer["value"] = True
    assert d.save() and _count(db, Mentee) == 2
