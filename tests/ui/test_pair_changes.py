"""Changes to pairs in the GUI: draft members, «Заменить наставника…», the amending order, drag and drop."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest
from PySide6.QtCore import QMimeData, QModelIndex, Qt

from app.schemas import GroupData
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


def _approved_pair(session, people, mentee="ivanov", mentor="elkina") -> int:
    from app.services.orders import create_approval_order
    from app.services.pairs import save_group

    group = save_group(session, data=GroupData(mentor_id=people[mentor], mentee_ids=(people[mentee],),
                                               form="учитель – ученик"))
    create_approval_order(session, group_ids=[group], number="3", date=dt.date.today())
    return group


def _row(tab, group_id):
    return tab.group_model.all_rows()[[r.id for r in tab.group_model.all_rows()].index(group_id)]


def test_group_dialog_changes_the_mentor_and_members_of_a_draft(tab, people, session, qtbot, monkeypatch):
    from app.services.pairs import list_groups
    from ui.pairs import pairs_tab

    dialogs = []

    def run(dialog):
        dialogs.append(dialog)
        if len(dialogs) == 1:  # creating: as prefilled
            return dialog.save()
        assert dialog.editable_people and dialog.members.count() == 1
        assert dialog.add_member(people["petrova"]) and dialog.add_member(people["orlova"])
        assert dialog.remove_member(people["ivanov"])
        assert dialog.add_box.findData(people["ivanov"]) > 0  # back among the waiting
        dialog.mentor_box.setCurrentIndex(dialog.mentor_box.findData(people["zaitsev"]))
        return dialog.save()

    monkeypatch.setattr(pairs_tab, "run_dialog", run)
    group = tab.open_new_group(mentor_id=people["elkina"], mentee_ids=[people["ivanov"]])
    tab.select_ids(tab.group_view, [group])
    assert tab.edit_group() == group
    row = next(g for g in list_groups(session) if g.id == group)
    assert row.mentor_id == people["zaitsev"]
    assert row.mentee_ids == (people["petrova"], people["orlova"])
    assert {r.id for r in tab.waiting_model.all_rows()} == {people["ivanov"]}


def test_group_dialog_refuses_a_draft_without_members_and_keeps_people_of_an_approved_pair(
        tab, people, session, qtbot):
    from ui.pairs.group_dialog import GroupDialog

    data = GroupData(mentor_id=people["elkina"], mentee_ids=(people["ivanov"],), form="учитель – ученик",
                     start_date=dt.date.today())
    dialog = GroupDialog(None, db=tab.db, data=data, mentor_name="Ёлкина", mentee_names=["Иванов"])
    qtbot.addWidget(dialog)
    dialog.remove_member(people["ivanov"])
    assert not dialog.save()
    assert "Наставляемые" in dialog.marked_fields() and dialog.issues_label.isVisibleTo(dialog)
    group = _approved_pair(session, people)
    fixed = GroupDialog(None, db=tab.db, data=GroupData(mentor_id=people["elkina"], mentee_ids=(people["ivanov"],),
                                                        id=group), mentor_name="Ёлкина", mentee_names=["Иванов"],
                        status="approved")
    qtbot.addWidget(fixed)
    assert not fixed.editable_people and fixed.mentor_id() == people["elkina"]
    fixed.request_replace()
    assert fixed.replace_requested and fixed.result() == 0


def test_replace_mentor_from_the_tab_then_the_amending_order_is_offered(tab, people, session, monkeypatch):
    from ui import messages
    from ui.pairs import pairs_tab

    group = _approved_pair(session, people)
    tab.reload()
    tab.select_ids(tab.group_view, [group])
    seen, offered = [], []

    def run(dialog):
        seen.append(type(dialog).__name__)
        if type(dialog).__name__ == "GroupDialog":
            dialog.request_replace()
            return False
        if type(dialog).__name__ == "ReplaceMentorDialog":
            ids = [dialog.mentors.item(n).data(Qt.ItemDataRole.UserRole) for n in range(dialog.mentors.count())]
            assert people["elkina"] not in ids and people["zaitsev"] in ids
            assert not dialog.save()  # no reason yet
            assert "причину" in dialog.issues_label.text()
            assert dialog.choose(people["zaitsev"])
            dialog.reason.setText("длительная болезнь")
            return dialog.save()
        assert [c.group_id for c in dialog.changes] == [group]  # the amending order dialog
        return False

    monkeypatch.setattr(pairs_tab, "run_dialog", run)
    monkeypatch.setattr(messages, "confirm", lambda parent, **kw: offered.append(kw["text"]) or True)
    assert tab.edit_group() == group
    assert seen == ["GroupDialog", "ReplaceMentorDialog", "AmendDialog"]
    assert offered == ["Сформировать приказ о внесении изменений?"]
    row = _row(tab, group)
    assert row.mentor_id == people["zaitsev"] and row.status == "approved"
    assert row.status_reason.startswith("замена наставника: длительная болезнь")


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_amending_order_lists_a_dissolved_pair_and_writes_the_pdf(tab, people, session, monkeypatch, tmp_path):
    from app.services.orders import list_orders
    from app.services.pairs import pending_changes
    from app.services.school import save_school
    from ui import messages
    from ui.pairs import order_dialog, pairs_tab

    save_school(session, data=factories.school())
    group = _approved_pair(session, people)
    tab.reload()
    tab.select_ids(tab.group_view, [group])
    saved, offered, dialogs = [], [], []
    monkeypatch.setattr(order_dialog, "ask_save_path", lambda parent, default: saved.append(default) or
                        tmp_path / default)
    monkeypatch.setattr(messages, "confirm", lambda parent, **kw: offered.append(kw["text"]) or True)
    monkeypatch.setattr(order_dialog, "open_file", lambda path: offered.append(f"opened {path.name}"))

    def run(dialog):
        dialogs.append(dialog)
        if type(dialog).__name__ == "StatusDialog":
            dialog.reason.setText("перевод в другую школу")
            dialog.check()
            return dialog.result() == 1
        assert dialog.list.count() == 1 and "Иванов Пётр Сергеевич" in dialog.list.item(0).text()
        assert "расформирована" in dialog.list.item(0).text()
        assert dialog.item_texts()[0].startswith("Внести изменения в состав наставнических пар (групп)")
        assert dialog.item_texts()[-1] == "Контроль за исполнением приказа оставляю за собой."
        dialog.number.setText("21-о")
        return dialog.save_pdf() and dialog.result() == 1

    monkeypatch.setattr(pairs_tab, "run_dialog", run)
    assert tab.change_status("dissolved")
    order = dialogs[1].order_id
    assert order is not None and dialogs[1].pdf_path == tmp_path / saved[0]
    assert offered[0] == "Сформировать приказ о внесении изменений?" and offered[-1] == f"opened {saved[0]}"
    [registered] = [o for o in list_orders(session) if o.id == order]
    assert (registered.kind, registered.number, registered.groups) == ("amend", "21-о", 1)
    assert pending_changes(session) == []
    text = subprocess.run(["pdftotext", "-layout", str(dialogs[1].pdf_path), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "О внесении изменений" in text
    assert "Ёлкина" in text and "Иванов" in text and "расформирована" in text


def test_amend_dialog_refuses_nothing_checked(tab, people, session, qtbot, monkeypatch):
    from app.services.pairs import set_status
    from ui.pairs import order_dialog
    from ui.pairs.amend_dialog import AmendDialog

    group = _approved_pair(session, people)
    set_status(session, group_id=group, status="dissolved", reason="переезд")
    asked = []
    monkeypatch.setattr(order_dialog, "ask_save_path", lambda parent, default: asked.append(default))
    dialog = AmendDialog(None, db=tab.db, runner=tab.runner, only=set())
    qtbot.addWidget(dialog)
    assert dialog.checked_changes() == []
    assert not dialog.save_pdf() and asked == []
    assert "Отметьте хотя бы одно изменение" in dialog.issues_label.text()
    dialog.list.item(0).setCheckState(Qt.CheckState.Checked)
    assert dialog.checked_changes() == [(group, "dissolved")]


def test_dropping_waiting_mentees_on_a_mentor_opens_the_prefilled_group(tab, people, qtbot, monkeypatch,
                                                                        qtmodeltester):
    from ui.pairs.models import MENTEE_MIME, mentee_ids_of

    qtmodeltester.check(tab.waiting_model)
    qtmodeltester.check(tab.mentor_model)
    waiting = tab.waiting_model
    rows = [waiting.row_of_id(people["petrova"]), waiting.row_of_id(people["orlova"])]
    mime = waiting.mimeData([waiting.index(r, c) for r in rows for c in (0, 2)])
    assert mime.formats() == [MENTEE_MIME]
    assert sorted(mentee_ids_of(mime)) == sorted([people["petrova"], people["orlova"]])
    assert waiting.flags(waiting.index(0, 0)) & Qt.ItemFlag.ItemIsDragEnabled
    assert tab.waiting_view.dragEnabled() and tab.mentor_view.acceptDrops()
    opened = []
    monkeypatch.setattr(tab, "open_new_group", lambda **kw: opened.append(kw))
    mentors = tab.mentor_model
    target = mentors.index(mentors.row_of_id(people["zaitsev"]), 0)
    plain = QMimeData()
    plain.setText("Иванов")
    assert not mentors.canDropMimeData(plain, Qt.DropAction.CopyAction, -1, -1, target)
    assert not mentors.canDropMimeData(mime, Qt.DropAction.CopyAction, -1, -1, QModelIndex())
    assert mentors.canDropMimeData(mime, Qt.DropAction.CopyAction, -1, -1, target)
    mentors.dropMimeData(mime, Qt.DropAction.CopyAction, -1, -1, target)
    qtbot.waitUntil(lambda: bool(opened), timeout=2000)
    assert opened[0]["mentor_id"] == people["zaitsev"]
    assert sorted(opened[0]["mentee_ids"]) == sorted([people["petrova"], people["orlova"]])
