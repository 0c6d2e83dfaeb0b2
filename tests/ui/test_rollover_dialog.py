"""The «Новый учебный год» wizard: steps, choices reach the rollover, the result page shows the backup."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWizard
from sqlalchemy import select

from db.models import GroupMember, Mentee, Mentor, MentoringGroup, School
from db.models_lifecycle import YearRollover
from ui import rollover_dialog


YEAR = "2025/2026"  # over (after 1 June 2026) whenever the tests run; the rollover goes to 2026/2027


@pytest.fixture
def school(session):
    session.add(School(full_name="МБОУ СОШ № 1", short_name="СОШ № 1", code="001", academic_year=YEAR))
    mentor = Mentor(last_name="Петрова", first_name="Анна", category="педагог", status="active")
    session.add(mentor)
    session.flush()
    ids = {}
    for last, klass in (("Агеев", "5А"), ("Белов", "9Б"), ("Волков", "11 А"), ("Гусев", "11 А")):
        m = Mentee(last_name=last, first_name="Иван", category="обучающийся", group_name=klass, status="active")
        session.add(m)
        session.flush()
        ids[last] = m.id
    pairs = {}
    for last in ("Волков", "Гусев"):
        g = MentoringGroup(mentor_id=mentor.id, status="working", form="учитель – ученик",
                           start_date=dt.date(2025, 10, 1), planned_end_date=dt.date(2026, 5, 31))
        session.add(g)
        session.flush()
        session.add(GroupMember(group_id=g.id, mentee_id=ids[last]))
        pairs[last] = g.id
    session.commit()
    return ids, pairs


@pytest.fixture
def window(make_window, school):
    win = make_window()
    win.show()
    return win


def grab(widget, name):
    """Screenshots for a look (RO_SHOTS=dir)."""
    import os

    folder = os.environ.get("RO_SHOTS")
    if folder:
        widget.resize(1000, 640)
        widget.grab().save(os.path.join(folder, f"{name}.png"))


def _drive(monkeypatch, steps):
    """Replace the modal loop: ``steps(wizard)`` clicks through the pages."""
    seen = {}

    def fake(wizard):
        seen["wizard"] = wizard
        steps(wizard)
        return wizard.result_value is not None

    monkeypatch.setattr(rollover_dialog, "run_dialog", fake)
    return seen


def test_wizard_runs_the_rollover(window, session, school, monkeypatch, qtbot):
    ids, pairs = school

    def steps(w: QWizard):
        w.show()
        assert "2025/2026" in w.currentPage().title() and "2026/2027" in w.currentPage().title()
        grab(w, "1-years")
        w.next()
        page = w.classes
        keys = {page.list.item(i).data(Qt.ItemDataRole.UserRole): page.list.item(i) for i in range(page.list.count())}
        # by default only the top grade leaves; the 9th moves to the 10th
        assert keys["11А"].checkState() == Qt.CheckState.Checked and keys["9Б"].checkState() == Qt.CheckState.Unchecked
        assert [page.table.item(r, 2).text() for r in range(page.table.rowCount())] == ["выпуск (архив)", "10Б", "6А"]
        grab(w, "2-classes")
        w.next()
        assert w.pairs.table.rowCount() == 2
        assert "ученик остаётся в базе, пара продолжается" in w.pairs.intro.text()
        w.pairs.mode.button(2).setChecked(True)
        w.pairs.boxes[pairs["Гусев"]].setCurrentIndex(w.pairs.boxes[pairs["Гусев"]].findData("carry"))
        box = w.pairs.boxes[pairs["Гусев"]]
        assert w.pairs.table.columnWidth(4) >= box.sizeHint().width()  # «перенести в новый год» fits
        grab(w, "3-pairs")
        w.next()
        w.template_box.setCurrentIndex(w.template_box.findData("school-001"))
        w.next()
        assert w.button(QWizard.WizardButton.CommitButton).text() == "Перейти к новому году"
        text = w.summary.text.text()
        assert "завершить 1, перенести 1" in text and "В архив со статусом «выпускник»: 1 ученик (" in text
        assert "остаются в программе с перенесённой парой: 1" in text
        assert "Пары, которые продолжаются: 1 — окончание перенесено на 31.05.2027" in text  # Гусев's
        grab(w, "5-summary")
        w.next()
        assert w.currentPage() is w.done_page
        result = w.result_label.text()
        assert "Резервная копия" in result and "before-new-year" in result
        assert "Пар завершено: 1; черновиков удалено: 0; пар выпускников перенесено: 1" in result
        assert "Пары, которые продолжаются: 1 — окончание перенесено на 31.05.2027" in result
        grab(w, "6-result")

    _drive(monkeypatch, steps)
    with qtbot.waitSignal(window.data_changed):
        assert rollover_dialog.run_rollover(window) is True
    session.expire_all()
    assert session.get(Mentee, ids["Белов"]).group_name == "10Б"
    volkov, gusev = session.get(Mentee, ids["Волков"]), session.get(Mentee, ids["Гусев"])
    assert volkov.archived_at is not None and volkov.status == "graduated"
    assert (gusev.archived_at, gusev.status, gusev.group_name) == (None, "active", "11 А")  # his pair carries on
    assert session.get(MentoringGroup, pairs["Волков"]).status == "finished"
    assert session.get(MentoringGroup, pairs["Гусев"]).status == "working"
    assert session.get(MentoringGroup, pairs["Гусев"]).planned_end_date == dt.date(2027, 5, 31)
    assert session.get(MentoringGroup, pairs["Волков"]).planned_end_date == dt.date(2026, 5, 31)  # ended: kept
    assert session.execute(select(School.academic_year)).scalar_one() == "2026/2027"
    assert session.execute(select(YearRollover.summary)).scalar_one()["roadmap_template"] == "school-001"


def test_cancel_changes_nothing(window, session, school, monkeypatch):
    _drive(monkeypatch, lambda w: w.reject())
    assert rollover_dialog.run_rollover(window) is False
    session.expire_all()
    assert session.execute(select(School.academic_year)).scalar_one() == YEAR
    assert session.execute(select(YearRollover)).first() is None


def test_second_rollover_refused(window, session, school, monkeypatch):
    from app.rollover import apply_rollover, plan_rollover

    apply_rollover(session, plan=plan_rollover(session), db_path=window.db.path)
    session.execute(School.__table__.update().values(academic_year=YEAR))  # the profile edited back
    session.commit()
    shown = []
    monkeypatch.setattr(rollover_dialog.messages, "inform", lambda parent, title, text: shown.append(text))
    monkeypatch.setattr(rollover_dialog, "run_dialog", lambda w: pytest.fail("the wizard must not open"))
    assert rollover_dialog.run_rollover(window) is False
    assert shown and "уже выполнен" in shown[0]  # a notice (information icon), not an error


def test_failure_is_shown_and_wizard_stays(window, session, school, monkeypatch):
    shown = []
    monkeypatch.setattr(rollover_dialog.messages, "show_error", lambda parent, exc, title="": shown.append(str(exc)))
    import app.rollover as core

    def broken(*args, **kwargs):
        raise core.StorageError("Резервная копия не создана: диск заполнен")

    monkeypatch.setattr(core, "apply_rollover", broken)

    def steps(w):
        w.show()
        for _ in range(4):
            w.next()
        w.next()  # the commit fails
        assert w.currentPage() is w.summary

    _drive(monkeypatch, steps)
    assert rollover_dialog.run_rollover(window) is False
    assert shown and "диск заполнен" in shown[0]


def test_refused_before_the_year_ends(window, session, school, monkeypatch):
    session.execute(School.__table__.update().values(academic_year="2026/2027"))
    session.commit()
    shown = []
    monkeypatch.setattr(rollover_dialog.messages, "inform", lambda parent, title, text: shown.append(text))
    monkeypatch.setattr(rollover_dialog, "run_dialog", lambda w: pytest.fail("the wizard must not open"))
    today = dt.date.today()
    if today >= dt.date(2027, 6, 1):
        pytest.skip("the year 2026/2027 is over")
    assert rollover_dialog.run_rollover(window) is False
    assert shown and "возможен с 01.06.2027" in shown[0] and shown[0].endswith(".")


def test_a_new_year_that_has_a_roadmap_gets_no_template_by_default(window, session, school, monkeypatch):
    from app.services.roadmap import start_from_template

    start_from_template(session, template_code="school-001", academic_year="2026/2027")
    seen = _drive(monkeypatch, lambda wizard: wizard.reject())
    rollover_dialog.run_rollover(window)
    wizard = seen["wizard"]
    assert wizard.template_code() is None  # «не создавать»: adding a second template would merge silently
    texts = [w.text() for w in wizard.roadmap.findChildren(QLabel)]
    assert any("уже есть" in t for t in texts)


def test_exit_before_entry_is_shown_naming_the_person(window, session, school, monkeypatch):
    ids, _pairs = school
    late = session.get(Mentee, ids["Гусев"])
    late.entry_date = dt.date(2026, 9, 2)  # after 31.08.2026, the old year's end
    session.add(late)
    session.commit()
    shown = []
    monkeypatch.setattr(rollover_dialog.messages, "show_error", lambda parent, exc, title="": shown.append(str(exc)))

    def steps(w):
        w.show()
        for _ in range(5):
            w.next()  # the last one is the commit: refused
        assert w.currentPage() is w.summary and w.result_value is None

    _drive(monkeypatch, steps)
    assert rollover_dialog.run_rollover(window) is False
    assert shown and "Гусев Иван" in shown[0] and "раньше даты входа в программу 02.09.2026" in shown[0]
    session.expire_all()
    assert session.get(Mentee, ids["Гусев"]).archived_at is None
    assert session.execute(select(School.academic_year)).scalar_one() == YEAR


def test_continuing_text():
    end = dt.date(2028, 5, 31)
    assert rollover_dialog.continuing_text(count=12, extended=12, planned_end=end) == (
        "Пары, которые продолжаются: 12 — окончание перенесено на 31.05.2028")
    assert rollover_dialog.continuing_text(count=12, extended=10, planned_end=end) == (
        "Пары, которые продолжаются: 12 — у 10 из них окончание перенесено на 31.05.2028")
    assert rollover_dialog.continuing_text(count=0, extended=0, planned_end=end) == "Пары, которые продолжаются: нет"
