"""The «Организации-партнёры» window and the partner editor, driven through their run_dialog indirections."""

from __future__ import annotations

import datetime as dt
import os
import subprocess

import pytest
from PySide6.QtCore import Qt

from app.schemas_partners import COLUMNS, PartnerData
from tests import factories
from tests.typing_helper import type_text

D = dt.date
TODAY = D(2026, 11, 26)
SHOTS = os.environ.get("MENTORDESK_SHOTS")  # a folder to keep screenshots in (looked at by hand)


def shot(widget, name: str) -> None:
    if SHOTS:
        widget.grab().save(os.path.join(SHOTS, name))


@pytest.fixture
def partners(session):
    """Three organisations (one with an expired agreement, one archived) and two mentors; ids by key."""
    from app.services.partners import save_partner, set_partner_archived
    from app.services.people import save_mentor

    def add(name: str, **kw) -> int:
        return save_partner(session, data=PartnerData(name=name, **kw), today=TODAY).id

    ids = {
        "techno": add("ООО «Техносфера»", kind="предприятие", contact_person="Смирнов Алексей Петрович",
                      contact="+7 900 111-22-33", agreement_number="12/НС", agreement_date=D(2026, 9, 1),
                      agreement_until=D(2029, 8, 31)),
        "library": add("МБУК «Ёлочка»", kind="учреждение культуры", agreement_number="7",
                       agreement_date=D(2023, 9, 1), agreement_until=D(2026, 6, 30)),
        "old": add("Закрытое бюро"),
    }
    set_partner_archived(session, partner_id=ids["old"], archived=True)
    for last in ("Яковлева", "Антонова"):
        save_mentor(session, data=factories.mentor(last_name=last, category="представитель организации-партнёра",
                                                   partner_name="ООО «Техносфера»"))
    return ids


@pytest.fixture
def dialog(qtbot, db, partners):
    from ui.partners.partners_dialog import PartnersDialog
    from ui.tasks import SyncRunner

    widget = PartnersDialog(None, db=db, runner=SyncRunner(), today=TODAY)
    qtbot.addWidget(widget)
    widget.resize(1300, 520)
    return widget


def drive(monkeypatch, module, act) -> list:
    seen = []

    def run(dlg):
        seen.append(dlg)
        return act(dlg)

    monkeypatch.setattr(module, "run_dialog", run)
    return seen


def cell(dlg, partner_id: int, column: int, role=Qt.ItemDataRole.DisplayRole):
    return dlg.model.data(dlg.model.index(dlg.model.row_of_id(partner_id), column), role)


def names(dlg) -> list[str]:
    return [dlg.model.row_at(n).name for n in range(dlg.model.rowCount())]


def test_table_cells_highlight_and_archive_filter(dialog, partners, qtmodeltester):
    qtmodeltester.check(dialog.model)
    assert [dialog.model.headerData(n, Qt.Orientation.Horizontal) for n in range(7)] == list(COLUMNS)
    assert names(dialog) == ["МБУК «Ёлочка»", "ООО «Техносфера»"]  # the archived one hidden
    techno, library = partners["techno"], partners["library"]
    assert [cell(dialog, techno, c) for c in range(7)] == [
        "ООО «Техносфера»", "предприятие", "№ 12/НС от 01.09.2026", "до 31.08.2029", "Смирнов Алексей Петрович",
        "+7 900 111-22-33", "2"]
    assert cell(dialog, library, 3) == "истёк 30.06.2026"
    assert cell(dialog, library, 0, Qt.ItemDataRole.BackgroundRole).color().red() == 253
    assert "истёк 30.06.2026" in cell(dialog, library, 3, Qt.ItemDataRole.ToolTipRole)
    assert cell(dialog, techno, 0, Qt.ItemDataRole.BackgroundRole) is None
    assert dialog.summary.text() == "Организаций: 2 · договор истёк: 1 · наставников от партнёров: 2"
    dialog.show_archived.setChecked(True)
    qtmodeltester.check(dialog.model)
    assert "Закрытое бюро" in names(dialog)
    assert cell(dialog, partners["old"], 2) == "нет договора" and cell(dialog, partners["old"], 3) == ""
    assert cell(dialog, partners["old"], 0, Qt.ItemDataRole.ForegroundRole).color().red() == 128


def test_search_is_cyrillic_safe_and_finds_mentors(dialog, partners):
    type_text(dialog.search, "ёлоч")
    assert names(dialog) == ["МБУК «Ёлочка»"]
    dialog.search.setText("антонова")  # a mentor of «Техносфера»
    assert names(dialog) == ["ООО «Техносфера»"]
    assert dialog.current().id == partners["techno"]
    assert "Антонова Светлана Викторовна, Яковлева Светлана Викторовна" in dialog.details.text()
    dialog.search.clear()
    assert dialog.model.rowCount() == 2


def test_add_shows_inline_errors_then_saves(dialog, monkeypatch, qtbot):
    from ui.partners import partner_dialog

    def play(dlg):
        dlg.name.setText("ооо «техносфЁра»")
        dlg.agreement_date.set_text("01.09.2026")
        dlg.until.set_text("31.08.2026")
        assert not dlg.save()
        assert sorted(dlg.marked_fields()) == ["Наименование", "Срок действия"]
        assert "уже есть в списке" in dlg.issues_label.text() and "раньше, чем заключён" in dlg.issues_label.text()
        dlg.until.set_text("32.13.2026")
        assert not dlg.save() and dlg.marked_fields() == ["Срок действия"]
        type_text(dlg.name, "")
        dlg.name.setText("АО «Завод»")
        dlg.kind.setCurrentText("предприятие")
        dlg.contact_person.setText("Громов Павел Андреевич")
        dlg.until.set_text("")
        assert dlg.save() and dlg.marked_fields() == []
        return True

    seen = drive(monkeypatch, partner_dialog, play)
    dialog.add_button.click()
    assert seen and dialog.changed
    row = dialog.current()
    assert row.name == "АО «Завод»" and row.kind == "предприятие" and row.agreement_status == "indefinite"
    assert cell(dialog, row.id, 3) == "без срока" and cell(dialog, row.id, 6) == "0"


def test_edit_cancel_changes_nothing_and_save_updates(dialog, partners, monkeypatch):
    from ui.partners import partner_dialog

    dialog.select(partners["library"])
    drive(monkeypatch, partner_dialog, lambda dlg: (dlg.until.set_text("31.08.2028"), False)[1])
    assert dialog.edit() is None and not dialog.changed
    assert cell(dialog, partners["library"], 3) == "истёк 30.06.2026"

    def renew(dlg):
        assert dlg.name.text() == "МБУК «Ёлочка»" and dlg.until.text() == "30.06.2026"
        dlg.until.set_text("31.08.2028")
        return dlg.save()

    drive(monkeypatch, partner_dialog, renew)
    saved = dialog.edit()
    assert saved.agreement_status == "active" and dialog.changed
    assert cell(dialog, partners["library"], 3) == "до 31.08.2028"
    assert cell(dialog, partners["library"], 0, Qt.ItemDataRole.BackgroundRole) is None


def test_archive_and_restore(dialog, partners, db):
    from app.services.people import partner_names

    dialog.select(partners["techno"])
    assert dialog.archive_button.isEnabled() and not dialog.restore_button.isEnabled()
    dialog.archive_button.click()
    assert names(dialog) == ["МБУК «Ёлочка»"] and dialog.changed
    with db.session() as session:
        assert partner_names(session) == ["МБУК «Ёлочка»"]
    dialog.show_archived.setChecked(True)
    dialog.select(partners["techno"])
    assert dialog.restore_button.isEnabled() and not dialog.archive_button.isEnabled()
    dialog.restore_button.click()
    assert not dialog.current().archived


def test_thanks_letter_preview(dialog, partners, monkeypatch, tmp_path):
    from ui import pdf_preview
    from ui.partners import partners_dialog

    asked, shown = [], []
    monkeypatch.setattr(partners_dialog, "ask_year", lambda parent, choices, current: (asked.append(choices),
                                                                                      "2026/2027")[1])
    monkeypatch.setattr(pdf_preview, "run_preview", lambda dlg: shown.append(dlg))
    dialog.select(partners["techno"])
    assert dialog.letter()
    assert asked == [["2026/2027", "2025/2026", "2024/2025"]]
    assert shown and shown[0].windowTitle() == "Просмотр — Благодарственное письмо — ООО «Техносфера»"
    text = subprocess.run(["pdftotext", str(dialog.preview_path), "-"], capture_output=True, text=True,
                          check=True).stdout
    text = " ".join(text.split())
    assert "БЛАГОДАРСТВЕННОЕ ПИСЬМО" in text and "ООО «Техносфера»" in text and "Уважаемый Алексей Петрович!" in text
    monkeypatch.setattr(partners_dialog, "ask_year", lambda parent, choices, current: None)
    assert not dialog.letter()  # cancelled


def test_edit_partners_from_the_main_window(make_window, monkeypatch):
    from ui.partners import partner_dialog, partners_dialog

    window = make_window()
    emitted = []
    window.data_changed.connect(lambda: emitted.append(1))

    def add_one(dlg):
        drive(monkeypatch, partner_dialog, lambda ed: (ed.name.setText("ООО «Новое»"), ed.save())[1])
        dlg.add()
        return False

    seen = drive(monkeypatch, partners_dialog, add_one)
    partners_dialog.edit_partners(window)
    assert seen and seen[0].windowTitle() == "Организации-партнёры" and emitted == [1]
    drive(monkeypatch, partners_dialog, lambda dlg: False)
    partners_dialog.edit_partners(window)
    assert emitted == [1]  # nothing changed: no reload


def test_letter_without_mentors_thanks_for_the_agreement_or_asks_first(dialog, partners, monkeypatch, qtbot):
    from ui import messages, pdf_preview
    from ui.partners import partners_dialog

    asked, shown = [], []
    monkeypatch.setattr(partners_dialog, "ask_year", lambda parent, choices, current: "2026/2027")
    monkeypatch.setattr(pdf_preview, "run_preview", lambda dlg: shown.append(dlg))
    monkeypatch.setattr(messages, "confirm", lambda parent, **kw: (asked.append(kw["text"]), False)[1])
    dialog.select(partners["library"])  # an agreement, no mentors: the letter thanks for the cooperation
    assert dialog.letter() and not asked and len(shown) == 1
    text = " ".join(subprocess.run(["pdftotext", str(dialog.preview_path), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    assert "за сотрудничество" in text and "от 01.09.2023 № 7" in text and "предоставление наставников" not in text
    dialog.show_archived.setChecked(True)
    dialog.select(partners["old"])  # neither mentors nor an agreement: the user is told why and asked
    assert not dialog.letter() and len(shown) == 1
    assert asked and "договор о сотрудничестве с ней не записан" in asked[0] and "Всё равно" in asked[0]
    monkeypatch.setattr(messages, "confirm", lambda parent, **kw: True)
    assert dialog.letter() and len(shown) == 2


def test_editor_error_box_sits_above_the_form_without_overlaps(qtbot, db, partners):
    from ui.partners.partner_dialog import PartnerDialog

    editor = PartnerDialog(None, db=db, partner_id=partners["techno"])
    qtbot.addWidget(editor)
    editor.show()
    editor.agreement_date.set_text("15.09.2026")
    editor.until.set_text("01.09.2026")
    assert not editor.save()
    qtbot.waitUntil(lambda: editor.height() >= editor.minimumSizeHint().height())
    shot(editor, "partner_editor_error.png")

    def box(widget):
        return widget.geometry().translated(widget.parentWidget().mapTo(editor, widget.parentWidget().rect()
                                                                        .topLeft()))

    issues, name, notes, mentors = (box(w) for w in (editor.issues_label, editor.name, editor.notes,
                                                     editor.mentors_label))
    assert issues.bottom() < name.top() and "раньше, чем заключён" in editor.issues_label.text()
    assert notes.bottom() < mentors.top() and not notes.intersects(mentors)
    assert "Яковлева" in editor.mentors_label.text() and mentors.bottom() < box(editor.buttons).top()


def test_list_fits_a_1366_screen_without_sideways_scrolling(dialog):
    from ui.partners.partners_dialog import WIDTHS

    dialog.resize(1260, 560)  # what fit_to_screen gives on 1366×768
    dialog.show()
    shot(dialog, "partners_list.png")
    assert sum(WIDTHS) < dialog.view.viewport().width()
    assert dialog.view.horizontalScrollBar().maximum() == 0


def test_partner_names_get_the_room_and_columns_fit(qtbot, db, session):
    from app.schemas_partners import COLUMNS, PartnerData
    from app.services.partners import save_partner
    from ui.partners.partners_dialog import PartnersDialog
    from ui.tasks import SyncRunner

    save_partner(session, data=PartnerData(name="ГБПОУ «Лукояновский педагогический колледж имени А.М. Горького»",
                                           kind="профессиональная образовательная организация",
                                           contact_person="Белова Ирина Сергеевна, заместитель директора"))
    dialog = PartnersDialog(None, db=db, runner=SyncRunner())
    qtbot.addWidget(dialog)
    dialog.resize(1250, 500)
    dialog.show()
    qtbot.waitExposed(dialog)
    view, header = dialog.view, dialog.view.horizontalHeader()
    assert view.horizontalScrollBar().maximum() == 0
    name = COLUMNS.index("Наименование")
    assert header.sectionSize(name) >= view.sizeHintForColumn(name) - 40  # the name (nearly) whole
    for column in range(len(COLUMNS)):
        if column != name and view.sizeHintForColumn(column) <= 190:
            assert header.sectionSize(column) >= view.sizeHintForColumn(column), COLUMNS[column]
    index = dialog.model.index(0, COLUMNS.index("Тип"))
    assert "профессиональная образовательная организация" in dialog.model.data(index, Qt.ItemDataRole.ToolTipRole)
