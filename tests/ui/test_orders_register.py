"""«Реестр приказов»: orders made by the services are listed, previewed in the app and saved as PDF."""

from __future__ import annotations

import datetime as dt

import pytest


@pytest.fixture
def orders(db, session, demo_snapshot):
    """Demo data (with its approving orders) plus an amending order dissolving one approved pair."""
    from app.services.orders import create_amendment_order, list_orders
    from app.services.pairs import list_groups, set_status
    from tests.snapshots import load_into

    load_into(db, session, demo_snapshot(mentees=80, seed=3)[0])  # fill_demo(80, seed=3), built once
    group = next(g for g in list_groups(session) if g.status in ("approved", "working"))
    on = max(r.date for r in list_orders(session)) + dt.timedelta(days=1)
    set_status(session, group_id=group.id, status="dissolved", reason="перевод в другую школу", on=on)
    amend_id = create_amendment_order(session, changes=[(group.id, "dissolved")], number="9/у", date=on)
    return {"rows": list_orders(session), "amend": amend_id}


@pytest.fixture
def register(qtbot, db, orders):
    from ui.pairs.orders_register import OrdersRegisterDialog
    from ui.tasks import SyncRunner

    dialog = OrdersRegisterDialog(None, db=db, runner=SyncRunner())
    qtbot.addWidget(dialog)
    return dialog


def _pages(path) -> int:
    from PySide6.QtPdf import QPdfDocument

    document = QPdfDocument()
    assert document.load(str(path)) == QPdfDocument.Error.None_
    return document.pageCount()


def test_the_register_lists_the_orders_newest_first(register, orders, qtmodeltester):
    model = register.model
    qtmodeltester.check(model)
    rows = orders["rows"]
    assert model.rowCount() == len(rows) >= 3
    assert model.COLUMNS == ("№", "Дата", "Вид", "Заголовок", "Пар / групп")
    cells = [model.cells(model.row_at(n)) for n in range(model.rowCount())]
    assert cells[0][0] == "9/у" and cells[0][2] == "о внесении изменений" and cells[0][4] == "1"
    assert cells[0][3].startswith("О внесении изменений")
    assert {c[2] for c in cells[1:]} == {"об утверждении"}
    dates = [model.row_at(n).date for n in range(model.rowCount())]
    assert dates == sorted(dates, reverse=True)
    assert all(c[1] == r.date.strftime("%d.%m.%Y") for c, r in zip(cells, sorted(
        rows, key=lambda r: (r.date, r.id), reverse=True)))
    assert register.count_label.text() == f"Приказов: {len(rows)}" and register.empty_label.isHidden()
    assert register.selected().id == orders["amend"] and register.preview_button.isEnabled()
    model.sort(0)
    numbers = [model.row_at(n).number for n in range(model.rowCount())]
    assert numbers[0] == "9/у" and numbers == sorted(numbers, key=lambda x: int(x.split("/")[0]))


def test_preview_renders_the_selected_order_and_opens_it(register, orders, monkeypatch, qtbot):
    from app.paths import data_dir
    from ui import pdf_preview

    shown = []
    monkeypatch.setattr(pdf_preview, "run_preview", shown.append)
    approve = next(r for r in orders["rows"] if r.kind == "approve")
    assert register.select_id(approve.id)
    qtbot.mouseClick(register.preview_button, _left())
    assert len(shown) == 1
    dialog = shown[0]
    qtbot.addWidget(dialog)
    assert dialog.path == register.preview_path and dialog.path.parent == data_dir() / "preview"
    assert dialog.path.name == f"Приказ № {approve.number} от {approve.date.strftime('%d.%m.%Y')}.pdf"
    assert dialog.title == f"Приказ {approve.label}" and dialog.loaded and dialog.page_count() > 1
    assert register.preview_button.isEnabled()  # enabled again after rendering


def test_double_click_previews_the_amending_order(register, orders, monkeypatch, qtbot):
    from ui import pdf_preview

    shown = []
    monkeypatch.setattr(pdf_preview, "run_preview", shown.append)
    assert register.select_id(orders["amend"])
    register.view.doubleClicked.emit(register.view.currentIndex())
    qtbot.addWidget(shown[0])
    assert shown[0].path.name.startswith("Приказ № 9_у от ")  # «/» is not allowed in a file name
    assert shown[0].page_count() >= 1


def test_save_pdf_writes_the_chosen_file(register, orders, monkeypatch, tmp_path):
    from ui import messages
    from ui.pairs import orders_register

    target = tmp_path / "реестр" / "приказ.pdf"
    target.parent.mkdir()
    asked, told = [], []
    monkeypatch.setattr(orders_register, "ask_save_path", lambda parent, default: asked.append(default) or target)
    monkeypatch.setattr(messages, "inform", lambda parent, **kw: told.append(kw["text"]))
    assert register.select_id(orders["amend"])
    assert register.save_pdf()
    assert asked[0].startswith("Приказ № 9_у от ") and register.saved_path == target
    assert target.read_bytes().startswith(b"%PDF") and _pages(target) >= 1 and str(target) in told[0]
    monkeypatch.setattr(orders_register, "ask_save_path", lambda parent, default: None)
    assert not register.save_pdf()  # cancelled


def test_a_rendering_failure_is_shown(register, monkeypatch, tmp_path):
    from ui import messages
    from ui.pairs import orders_register

    errors = []
    monkeypatch.setattr(orders_register, "ask_save_path", lambda parent, default: tmp_path / "нет" / "x.pdf")
    monkeypatch.setattr(messages, "show_error", lambda parent, exc, title="": errors.append(title))
    assert register.save_pdf()
    assert errors == ["Приказ не сформирован"] and register.saved_path is None
    assert register.save_button.isEnabled()


def test_an_empty_register(qtbot, db):
    from ui.pairs.orders_register import OrdersRegisterDialog
    from ui.tasks import SyncRunner

    dialog = OrdersRegisterDialog(None, db=db, runner=SyncRunner())
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == 0 and not dialog.empty_label.isHidden()
    assert not dialog.preview_button.isEnabled() and not dialog.save_button.isEnabled()
    assert not dialog.preview() and not dialog.save_pdf()


def test_the_pairs_tab_opens_the_register(qtbot, db, orders, monkeypatch):
    from ui.pairs import pairs_tab
    from ui.pairs.pairs_tab import PairsTab
    from ui.tasks import SyncRunner

    tab = PairsTab(runner=SyncRunner())
    qtbot.addWidget(tab)
    assert not tab.register_button.isEnabled()  # no database yet
    tab.set_database(db)
    assert tab.register_button.isEnabled()
    opened = []
    monkeypatch.setattr(pairs_tab, "run_dialog", lambda dialog: opened.append(dialog) or False)
    qtbot.mouseClick(tab.register_button, _left())
    assert len(opened) == 1 and opened[0].model.rowCount() == len(orders["rows"])


def _left():
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton
