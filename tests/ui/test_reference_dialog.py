"""Reference list editor: add, rename, archive, restore; role models with their form; errors shown."""

from __future__ import annotations

from app.services.reference import list_items
from ui.reference_dialog import ReferenceDialog


def test_title_and_items(qtbot, db):
    dialog = ReferenceDialog(db=db, list_code="mentee_category")
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Справочник: Категории наставляемых"
    assert "обучающийся" in [e.name for e in dialog.entries()]


def test_add_rename_archive_restore(qtbot, db):
    dialog = ReferenceDialog(db=db, list_code="request_tag")
    qtbot.addWidget(dialog)
    entry = dialog.add("шахматы")
    assert entry is not None and dialog.current().name == "шахматы"
    assert dialog.rename("шахматы и шашки")
    assert dialog.current().name == "шахматы и шашки"
    assert dialog.set_archived(True)
    assert dialog.current().archived and dialog.restore_button.isEnabled()
    assert dialog.list.currentItem().text().endswith("— в архиве")
    with db.session() as s:
        assert "шахматы и шашки" not in [e.name for e in list_items(s, list_code="request_tag")]
    assert dialog.set_archived(False)
    with db.session() as s:
        assert "шахматы и шашки" in [e.name for e in list_items(s, list_code="request_tag")]
    assert dialog.changed


def test_duplicate_shows_a_russian_error_and_changes_nothing(qtbot, db, monkeypatch):
    from ui import messages

    errors = []
    monkeypatch.setattr(messages, "show_error", lambda parent, exc, title="": errors.append(str(exc)))
    dialog = ReferenceDialog(db=db, list_code="request_tag")
    qtbot.addWidget(dialog)
    before = len(dialog.entries())
    assert dialog.add("МАТЕМАТИКА") is None
    assert "уже есть" in errors[0]
    assert len(dialog.entries()) == before


def test_role_models_show_and_take_their_form(qtbot, db):
    dialog = ReferenceDialog(db=db, list_code="role_model")
    qtbot.addWidget(dialog)
    assert "ученик – ученик" in dialog.parent_choices()
    assert "(форма «ученик – ученик»)" in dialog.list.item(0).text()
    entry = dialog.add("наставник-тьютор", parent="учитель – учитель")
    assert entry is not None and entry.parent == "учитель – учитель"
    assert "(форма «учитель – учитель»)" in dialog.list.currentItem().text()
