"""The «Пары и группы» tab: lists, creating pairs and groups, capacity, highlight, actions, suggestions, order."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest
from PySide6.QtCore import Qt

from tests import factories


@pytest.fixture
def tab(qtbot, db, people):
    from ui.pairs.pairs_tab import PairsTab
    from ui.tasks import SyncRunner

    widget = PairsTab(runner=SyncRunner())
    qtbot.addWidget(widget)
    widget.resize(1366, 700)
    widget.set_database(db)
    return widget


@pytest.fixture
def auto_save(monkeypatch):
    """Dialogs are not exec'd: the group dialog saves at once, other dialogs accept."""
    from ui.pairs import pairs_tab

    opened = []

    def run(dialog):
        opened.append(dialog)
        if hasattr(dialog, "save"):
            return dialog.save()
        dialog.check() if hasattr(dialog, "check") else dialog.accept()
        return dialog.result() == 1

    monkeypatch.setattr(pairs_tab, "run_dialog", run)
    return opened


def names(model) -> list[str]:
    return [model.row_at(n).name for n in range(model.rowCount())]


def select(tab, *, mentees=(), mentor=None, groups=()) -> None:
    tab.select_ids(tab.waiting_view, list(mentees))
    tab.select_ids(tab.mentor_view, [mentor] if mentor is not None else [])
    tab.select_ids(tab.group_view, list(groups))
    tab.update_buttons()


def test_lists_waiting_mentees_and_mentors_with_free_places(tab, people, qtmodeltester):
    assert set(names(tab.waiting_model)) == {"Иванов Пётр Сергеевич", "Петрова Алёна Игоревна", "Орлова Мария"}
    assert tab.waiting_model.COLUMNS[3] == "Ждёт, дней"
    assert set(names(tab.mentor_model)) == {"Ёлкина Светлана Викторовна", "Зайцев Олег Петрович"}
    row = tab.mentor_model.row_of_id(people["elkina"])
    assert tab.mentor_model.index(row, 1).data() == "свободно 3 из 3"
    assert tab.group_model.rowCount() == 0
    assert not tab.create_button.isEnabled()
    select(tab, mentees=[people["ivanov"]], mentor=people["elkina"])
    assert tab.create_button.isEnabled() and tab.create_action.isEnabled()
    for model in (tab.waiting_model, tab.mentor_model, tab.group_model):
        qtmodeltester.check(model)


def test_create_a_pair_from_the_selection_prefills_the_dialog(tab, people, session, auto_save):
    from app.services.school import save_school

    save_school(session, data=factories.school(academic_year="2026/2027"))
    select(tab, mentees=[people["ivanov"]], mentor=people["elkina"])
    group_id = tab.create_from_selection()
    dialog = auto_save[0]
    assert dialog.form.currentText() == "учитель – ученик"  # педагог with a student
    assert dialog.kind.currentText() == "традиционное («один на один»)"
    assert "математика, ОГЭ" in dialog.goal.toPlainText()
    assert dialog.start.date() == dt.date.today()
    assert dialog.end.date() == dt.date(2027, 5, 31)
    assert group_id is not None
    row = tab.group_model.row_at(tab.group_model.row_of_id(group_id))
    assert row.mentee_names == ("Иванов Пётр Сергеевич",) and row.status == "draft"
    assert tab.group_model.index(tab.group_model.row_of_id(group_id), 4).data() == "черновик"
    assert "Иванов Пётр Сергеевич" not in names(tab.waiting_model)
    mentor_row = tab.mentor_model.row_of_id(people["elkina"])
    assert tab.mentor_model.index(mentor_row, 1).data() == "свободно 2 из 3"
    assert tab.selected_groups()[0].id == group_id
    assert "пар: 1 · групп: 0 · черновиков: 1" in tab.counts_text()


def test_a_group_with_two_mentees(tab, people, auto_save, qtmodeltester):
    select(tab, mentees=[people["ivanov"], people["petrova"]], mentor=people["elkina"])
    group_id = tab.create_from_selection()
    assert auto_save[0].kind.currentText() == "в группе"
    row = tab.group_model.row_at(tab.group_model.row_of_id(group_id))
    assert set(row.mentee_names) == {"Иванов Пётр Сергеевич", "Петрова Алёна Игоревна"}
    assert "пар: 0 · групп: 1" in tab.counts_text()
    qtmodeltester.check(tab.group_model)


def test_role_models_follow_the_chosen_form(tab, people, db):
    from ui.pairs.group_dialog import GroupDialog, prefill

    with db.session() as session:
        data, mentor, mentees = prefill(session, mentor_id=people["elkina"], mentee_ids=[people["ivanov"]])
    dialog = GroupDialog(tab, db=db, data=data, mentor_name=mentor, mentee_names=mentees)
    dialog.form.setCurrentText("ученик – ученик")
    assert "равный – равному" in dialog.role_model_choices()
    assert "опытный педагог – молодой специалист" not in dialog.role_model_choices()
    dialog.form.setCurrentText("учитель – учитель")
    assert "опытный педагог – молодой специалист" in dialog.role_model_choices()


def test_missing_form_and_bad_date_stay_in_the_dialog(tab, people, db):
    from ui.pairs.group_dialog import GroupDialog, prefill

    with db.session() as session:
        data, mentor, mentees = prefill(session, mentor_id=people["elkina"], mentee_ids=[people["ivanov"]])
    dialog = GroupDialog(tab, db=db, data=data, mentor_name=mentor, mentee_names=mentees)
    dialog.form.setCurrentIndex(0)
    dialog.end.set_text("31.02.2027")
    assert dialog.save() is False
    assert set(dialog.marked_fields()) == {"Форма наставничества", "Плановое окончание"}
    assert "такой даты нет" in dialog.issues_label.text()
    dialog.form.setCurrentText("учитель – ученик")
    dialog.end.set_text("01.01.2020")  # before the start: the service refuses
    assert dialog.save() is False
    assert dialog.marked_fields() == ["Плановое окончание"]
    assert "окончание раньше начала" in dialog.issues_label.text()


def test_capacity_refusal_then_confirmed_and_recorded(tab, people, session, auto_save, monkeypatch):
    from app.services.people import save_mentor
    from ui import messages

    one = save_mentor(session, data=factories.mentor(last_name="Кузнецов", first_name="Иван", middle_name="",
                                                     capacity=1))
    tab.reload()
    select(tab, mentees=[people["ivanov"]], mentor=one)
    assert tab.create_from_selection() is not None
    asked = []
    monkeypatch.setattr(messages, "confirm", lambda parent, **kw: asked.append(kw["text"]) or False)
    select(tab, mentees=[people["petrova"]], mentor=one)
    assert tab.create_from_selection() is None
    assert "Превысить ёмкость наставника? Подтверждение будет записано." in asked[0]
    assert len([g for g in tab.group_model.all_rows() if g.mentor_id == one]) == 1
    monkeypatch.setattr(messages, "confirm", lambda parent, **kw: True)
    group_id = tab.create_from_selection()
    row = tab.group_model.row_at(tab.group_model.row_of_id(group_id))
    assert row.over_capacity_note.startswith("Превышение: 2 наставляемых при допустимых 1")
    mentor_row = tab.mentor_model.row_of_id(one)
    assert tab.mentor_model.index(mentor_row, 1).data() == "свободно 0 из 1"
    assert tab.mentor_model.index(mentor_row, 0).data(Qt.ItemDataRole.ForegroundRole) is not None


def test_waiting_longer_than_the_setting_is_highlighted(tab, people, session):
    from app.services.people import save_mentee
    from app.settings import save_settings

    today = dt.date.today()
    late = save_mentee(session, data=factories.mentee(last_name="Долгов", entry_date=today - dt.timedelta(days=30)))
    fresh = save_mentee(session, data=factories.mentee(last_name="Новиков", entry_date=today))
    tab.reload()
    model = tab.waiting_model
    late_index, fresh_index = model.index(model.row_of_id(late), 0), model.index(model.row_of_id(fresh), 3)
    assert late_index.data(Qt.ItemDataRole.BackgroundRole) is not None
    assert "ожидает дольше 14 дней" in late_index.data(Qt.ItemDataRole.ToolTipRole)
    assert fresh_index.data(Qt.ItemDataRole.BackgroundRole) is None
    assert fresh_index.data() == "0"
    assert "(из них дольше 14 дней: " in tab.counts_text()
    save_settings(session, changes={"pair_deadline_days": 40})
    tab.reload()
    assert model.index(model.row_of_id(late), 0).data(Qt.ItemDataRole.BackgroundRole) is None
    older = sum(1 for r in model.all_rows() if r.days_waiting > 40)  # the fixture's people entered in September
    assert f"дольше 40 дней: {older}" in tab.counts_text() and older == len(model.all_rows()) - 2


def test_search_and_status_filter(tab, people, auto_save):
    from app.text import fold

    select(tab, mentees=[people["ivanov"]], mentor=people["elkina"])
    tab.create_from_selection()
    tab.waiting_search.setText("петрова")
    tab.apply_filters()
    assert names(tab.waiting_model) == ["Петрова Алёна Игоревна"]
    tab.group_search.setText("ИВАНОВ")
    tab.apply_filters()
    assert tab.group_model.rowCount() == 1
    tab.group_search.setText("Орлова")
    tab.apply_filters()
    assert tab.group_model.rowCount() == 0
    tab.group_search.clear()
    tab.status_filter.setCurrentIndex(tab.status_filter.findData("finished"))
    assert tab.group_model.rowCount() == 0
    tab.status_filter.setCurrentIndex(tab.status_filter.findData("draft"))
    assert tab.group_model.rowCount() == 1
    assert fold("Ёлкина") in fold(tab.group_model.index(0, 1).data())


def test_pair_actions_pin_status_delete_and_ban(tab, people, session, auto_save, monkeypatch):
    from app.services.pairs import list_groups
    from ui import messages

    monkeypatch.setattr(messages, "confirm", lambda parent, **kw: True)
    select(tab, mentees=[people["ivanov"]], mentor=people["elkina"])
    first = tab.create_from_selection()
    select(tab, groups=[first])
    assert tab.pin_button.text() == "Закрепить"
    tab.toggle_pin()
    assert tab.selected_groups()[0].pinned and tab.pin_button.text() == "Открепить"
    assert "закреплена" in tab.group_model.index(tab.group_model.row_of_id(first), 4).data()
    assert not tab.status_actions["working"].isEnabled() and tab.status_actions["dissolved"].isEnabled()

    def dissolve(dialog):
        dialog.reason.setText("переезд семьи")
        dialog.check()
        return dialog.result() == 1

    from ui.pairs import pairs_tab

    monkeypatch.setattr(pairs_tab, "run_dialog", dissolve)
    assert tab.change_status("dissolved")
    row = next(g for g in list_groups(session) if g.id == first)
    assert (row.status, row.status_reason, row.end_date) == ("dissolved", "переезд семьи", dt.date.today())
    assert "Иванов Пётр Сергеевич" in names(tab.waiting_model)
    assert tab.group_model.row_of_id(first) is None  # «Активные» by default: a dissolved pair is hidden
    tab.status_filter.setCurrentIndex(tab.status_filter.findData(""))
    assert tab.group_model.index(tab.group_model.row_of_id(first), 4).data().startswith("расформирована")

    monkeypatch.setattr(pairs_tab, "run_dialog", lambda d: d.save())
    select(tab, mentees=[people["petrova"]], mentor=people["elkina"])
    second = tab.create_from_selection()
    select(tab, groups=[second])
    assert tab.delete_button.isEnabled()
    assert tab.delete_drafts() == 1
    assert tab.group_model.row_of_id(second) is None

    select(tab, mentees=[people["orlova"]], mentor=people["zaitsev"])
    third = tab.create_from_selection()
    select(tab, groups=[third])
    assert tab.ban_button.isEnabled()
    assert tab.ban_selected() == 1
    assert tab.group_model.row_of_id(third) is None
    select(tab, mentees=[people["orlova"]], mentor=people["zaitsev"])
    monkeypatch.setattr(pairs_tab, "run_dialog", lambda d: d.save() or bool(auto_save.append(d)))
    assert tab.create_from_selection() is None
    assert "отмечено как невозможное" in auto_save[-1].issues_label.text()


def test_main_window_has_the_tab_and_reloads_both_ways(make_window, people, session, auto_save):
    from app.services.people import save_mentee

    window = make_window()
    assert window.tabs.tabText(2) == "Пары и группы"
    window.tabs.setCurrentWidget(window.pairs)
    assert window.counts.text().startswith("Ожидают пару: 3 (из них дольше 14 дней: ")
    assert not window.act_add.isEnabled()
    save_mentee(session, data=factories.mentee(last_name="Свежев"))
    window.data_changed.emit()
    assert any(n.startswith("Свежев") for n in names(window.pairs.waiting_model))
    select(window.pairs, mentees=[people["ivanov"]], mentor=people["elkina"])
    window.pairs.create_from_selection()
    mentees = window.mentees.model
    ivanov = mentees.row_at(mentees.row_of_id(people["ivanov"]))
    assert ivanov.has_partner
    assert "пар: 1" in window.counts.text()


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_order_dialog_writes_the_pdf_and_approves_the_pairs(tab, people, session, auto_save, monkeypatch,
                                                             tmp_path):
    from app.services.school import save_school
    from ui import pdf_preview
    from ui.pairs import order_dialog, pairs_tab

    save_school(session, data=factories.school())
    select(tab, mentees=[people["ivanov"]], mentor=people["elkina"])
    first = tab.create_from_selection()
    select(tab, mentees=[people["petrova"], people["orlova"]], mentor=people["zaitsev"])
    second = tab.create_from_selection()
    saved_to, previewed = [], []
    monkeypatch.setattr(order_dialog, "ask_save_path",
                        lambda parent, default: saved_to.append(default) or tmp_path / default)
    monkeypatch.setattr(pdf_preview, "run_preview", previewed.append)  # the written PDF is shown in the app
    dialogs = []

    def run(dialog):
        dialogs.append(dialog)
        assert dialog.number.text() == "1"
        assert dialog.pairs.count() == 2
        assert any("Смирнову О.И." in line for line in dialog.item_texts())  # the curator, accusative
        dialog.number.setText("17-о")
        return dialog.save_pdf() and dialog.result() == 1

    monkeypatch.setattr(pairs_tab, "run_dialog", run)
    select(tab)  # nothing selected: every draft not yet in an order
    assert tab.make_order() is not None
    today = dt.date.today().strftime("%d.%m.%Y")
    assert saved_to == [f"Приказ № 17-о от {today}.pdf"]
    pdf = tmp_path / saved_to[0]
    assert pdf.exists() and [d.path for d in previewed] == [pdf]
    assert previewed[0].title == f"Приказ № 17-о от {today}" and previewed[0].page_count() >= 2
    assert "зарегистрирован" in previewed[0].note_label.text()
    previewed[0].deleteLater()
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "17-о" in text and "Ёлкина" in text and "Орлова" in text
    for group_id in (first, second):
        row = tab.group_model.row_at(tab.group_model.row_of_id(group_id))
        assert row.status == "approved" and row.order_label == f"№ 17-о от {today}"
        index = tab.group_model.index(tab.group_model.row_of_id(group_id), 4)
        assert index.data() == "утверждена приказом"
        assert index.siblingAtColumn(5).data() == f"№ 17-о от {today}"


def test_suggestions_for_one_mentee_then_create_the_pair(tab, people, monkeypatch, qtmodeltester):
    from ui.pairs import pairs_tab, suggestions

    shown = []

    def run(dialog):
        shown.append(dialog)
        if isinstance(dialog, suggestions.SuggestionsDialog):
            qtmodeltester.check(dialog.model)
            return dialog.choose()
        return dialog.save()

    monkeypatch.setattr(pairs_tab, "run_dialog", run)
    select(tab, mentees=[people["ivanov"]])
    assert tab.suggest_button.isEnabled()
    tab.suggest_for_mentee()
    ranked = shown[0]
    first = ranked.model.row_at(0)
    assert first.mentor_id == people["elkina"]  # her competencies match «математика, ОГЭ»
    assert "математика" in ranked.model.index(0, 4).data()
    assert "свободно 3 мест" in ranked.reasons.text() or "свободно 3 места" in ranked.reasons.text()
    created = [g for g in tab.group_model.all_rows() if g.mentee_ids == (people["ivanov"],)]
    assert len(created) == 1 and created[0].mentor_id == people["elkina"]


def test_suggest_for_everyone_accept_checked_creates_drafts(tab, people, monkeypatch, qtmodeltester):
    from PySide6.QtCore import Qt

    from ui.pairs import pairs_tab, suggestions

    reviewed = []

    def run(dialog):
        if isinstance(dialog, suggestions.ModeDialog):
            dialog.radios["cover"].setChecked(True)
            return True
        reviewed.append(dialog)
        qtmodeltester.check(dialog.model)
        model = dialog.model
        assert model.rowCount() == 3 and len(model.checked) == 3
        assert {model.row_at(n).mentee_name for n in range(3)} == {"Иванов Пётр Сергеевич",
                                                                   "Петрова Алёна Игоревна", "Орлова Мария"}
        orlova = next(n for n in range(3) if model.row_at(n).mentee_name == "Орлова Мария")
        model.setData(model.index(orlova, 0), Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole)
        assert "Отмечено 2 из 3" in dialog.head.text()
        return dialog.apply()

    monkeypatch.setattr(pairs_tab, "run_dialog", run)
    created = tab.suggest_all()
    assert len(created) == 2
    drafts = [g for g in tab.group_model.all_rows() if g.status == "draft"]
    assert {g.id for g in drafts} == set(created) and all(g.source == "suggested" for g in drafts)
    assert names(tab.waiting_model) == ["Орлова Мария"]


def test_suggest_for_everyone_rejected_stores_nothing(tab, people, monkeypatch):
    from ui.pairs import pairs_tab, suggestions

    monkeypatch.setattr(pairs_tab, "run_dialog", lambda d: isinstance(d, suggestions.ModeDialog))
    assert tab.suggest_all() == []
    assert tab.group_model.rowCount() == 0 and len(names(tab.waiting_model)) == 3
