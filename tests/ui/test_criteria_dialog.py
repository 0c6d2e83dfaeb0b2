"""The «Критерии подбора» dialog, its menu entry, and planned end dates of accepted proposals."""

from __future__ import annotations

import datetime as dt

from app.matching import CRITERIA, MODES, Criteria, Rule, with_changes


def _dialog(qtbot, db):
    from ui.pairs.criteria_dialog import CriteriaDialog

    dialog = CriteriaDialog(None, db=db)
    qtbot.addWidget(dialog)
    return dialog


def test_loads_stored_criteria_with_russian_labels(qtbot, db, session):
    from app.services.matching import save_criteria

    stored = with_changes(Criteria(), interests=Rule("require", 33), age=Rule("ignore", 7), grade_gap=3,
                          min_score=45)
    save_criteria(session, criteria=stored)
    d = _dialog(qtbot, db)
    assert d.windowTitle() == "Критерии подбора"
    assert set(d.modes) == set(CRITERIA)
    assert [d.modes["requests"].itemText(i) for i in range(3)] == list(MODES.values())
    assert d.modes["interests"].currentText() == MODES["require"] and d.weights["interests"].value() == 33
    assert d.modes["age"].currentData() == "ignore" and not d.weights["age"].isEnabled()
    assert d.weights["requests"].isEnabled()
    assert (d.grade_gap.value(), d.min_score.value()) == (3, 45)
    assert Criteria.from_dict(d.values()) == stored
    texts = {w.text() for w in d.findChildren(type(d.message))}
    assert set(CRITERIA.values()) <= texts
    assert d.weights["requests"].maximum() == 100 and d.weights["requests"].minimum() == 0


def test_saved_change_is_read_back(qtbot, db, session):
    from app.services.matching import load_criteria

    d = _dialog(qtbot, db)
    d.modes["history"].setCurrentIndex(d.modes["history"].findData("score"))
    d.weights["requests"].setValue(70)
    d.min_score.setValue(35)
    assert d.save()
    assert d.result() == d.DialogCode.Accepted
    expected = with_changes(Criteria(), history=Rule("score", 5), requests=Rule("score", 70), min_score=35)
    assert d.saved == expected
    session.expire_all()
    assert load_criteria(session) == expected


def test_defaults_reset_only_saved_on_save(qtbot, db, session):
    from app.services.matching import load_criteria, save_criteria

    changed = with_changes(Criteria(), form=Rule("ignore", 0), grade_gap=5)
    save_criteria(session, criteria=changed)
    d = _dialog(qtbot, db)
    assert d.grade_gap.value() == 5
    d.defaults_button.click()
    assert Criteria.from_dict(d.values()) == Criteria()
    assert d.modes["form"].currentData() == "require" and d.weights["form"].isEnabled()
    session.expire_all()
    assert load_criteria(session) == changed  # nothing stored until «Сохранить»
    assert d.save()
    session.expire_all()
    assert load_criteria(session) == Criteria()


def test_nothing_counted_is_refused_inline_and_dialog_stays_open(qtbot, db, session):
    from app.services.matching import load_criteria

    d = _dialog(qtbot, db)
    d.show()
    for combo in d.modes.values():
        combo.setCurrentIndex(combo.findData("ignore"))
    assert not d.save()
    assert d.isVisible() and d.saved is None
    assert d.message.isVisible()
    assert "Критерии не сохранены" in d.message.text() and "ни один критерий" in d.message.text()
    assert "#c62828" in d.modes["requests"].styleSheet()
    session.expire_all()
    assert load_criteria(session) == Criteria()
    # fixing it clears the message and saves
    d.modes["requests"].setCurrentIndex(d.modes["requests"].findData("score"))
    assert d.save()
    assert d.modes["requests"].styleSheet() == ""
    session.expire_all()
    assert load_criteria(session).requests == Rule("score", 40)


def test_cancel_stores_nothing(qtbot, db, session):
    from app.services.matching import load_criteria

    d = _dialog(qtbot, db)
    d.weights["age"].setValue(99)
    d.reject()
    assert d.saved is None
    session.expire_all()
    assert load_criteria(session) == Criteria()


def test_dialog_fits_a_small_screen(qtbot, db, tmp_path):
    d = _dialog(qtbot, db)
    d.show()
    qtbot.waitExposed(d)
    assert d.width() <= 1366 and d.height() <= 700
    assert d.grab().save(str(tmp_path / "criteria.png"))


def test_service_menu_has_criteria_entry(window):
    from PySide6.QtWidgets import QMenu

    service = next(a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == "Сервис")
    assert isinstance(service, QMenu)
    titles = [a.text() for a in service.actions()]
    assert [t for t in titles if t] == ["Настройки…", "Критерии подбора…", "Новый учебный год…"]
    assert window.act_criteria.isEnabled()


def test_accepted_proposals_get_planned_end_of_academic_year(qtbot, db, session, people):
    from app.services.matching import suggest_all
    from app.services.pairs import list_groups
    from app.services.school import save_school
    from tests import factories
    from ui.pairs.suggestions import ProposalsDialog

    save_school(session, data=factories.school(academic_year="2027/2028"))
    proposals = suggest_all(session, mode="cover")
    assert proposals
    dialog = ProposalsDialog(None, db=db, proposals=proposals, mode="cover")
    qtbot.addWidget(dialog)
    assert dialog.apply()
    session.expire_all()
    groups = {g.id: g for g in list_groups(session)}
    assert dialog.created and all(groups[i].planned_end_date == dt.date(2028, 5, 31) for i in dialog.created)
    assert all(groups[i].start_date == dt.date.today() for i in dialog.created)
