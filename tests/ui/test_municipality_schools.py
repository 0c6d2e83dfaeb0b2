"""The «Организации» tab: search, archive, add/edit with inline errors, xlsx import, setup files, state."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from app.municipality.register import add_school, init_municipality, list_schools, set_school_archived
from app.municipality.setup_file import read_setup_file
from ui.municipality import school_entry_dialog, schools_tab
from ui.municipality.school_entry_dialog import SchoolEntryDialog
from ui.municipality.schools_tab import SchoolsTab
from ui.tasks import SyncRunner

TODAY = dt.date(2026, 3, 1)
SCHOOLS = (("001", "Муниципальное бюджетное общеобразовательное учреждение «СОШ № 1»", "МБОУ СОШ № 1", "школа"),
           ("002", "Муниципальное бюджетное общеобразовательное учреждение «Гимназия № 2»", "Гимназия № 2", "школа"),
           ("003", "Муниципальное бюджетное общеобразовательное учреждение «Ёлкинская СОШ»", "Ёлкинская СОШ",
            "школа"),
           ("004", "ГБПОУ «Энский колледж сервиса»", "Колледж сервиса", "колледж"),
           ("005", "МБУ ДО «Дом детского творчества»", "ДДТ", "организация ДО"))


@pytest.fixture
def mdb(tmp_path, _migrated_school_file):
    """A municipality database with five schools, the last one archived."""
    from app.database import open_database
    from tests.snapshots import fresh_copy

    database = open_database(fresh_copy(_migrated_school_file, tmp_path / "m.sqlite3"))
    with database.session() as s:
        init_municipality(s, name="Управление образования г. Энска", region="Энская область", today=TODAY)
        for code, full, short, kind in SCHOOLS:
            entry = add_school(s, code=code, full_name=full, short_name=short, kind=kind, contact="")
        set_school_archived(s, school_id=entry.id, archived=True)
    yield database
    database.close()


@pytest.fixture
def tab(qtbot, mdb):
    widget = SchoolsTab(runner=SyncRunner())
    qtbot.addWidget(widget)
    widget.resize(1300, 500)
    widget.set_database(mdb)
    return widget


@pytest.fixture
def answers(monkeypatch):
    """Record message boxes; ``confirm`` answers with ``answers["confirm"]`` (default yes)."""
    from ui import messages

    log = {"confirm": True, "confirms": [], "informs": [], "errors": []}

    def confirm(_parent, *, title, text, yes="Да", no="Отмена"):
        log["confirms"].append(text)
        return log["confirm"]

    monkeypatch.setattr(messages, "confirm", confirm)
    monkeypatch.setattr(messages, "inform", lambda _p, *, title, text: log["informs"].append(text))
    monkeypatch.setattr(messages, "show_error", lambda _p, exc, *, title="": log["errors"].append((title, str(exc))))
    return log


def codes_shown(tab):
    return [tab.model.row_at(n).code for n in range(tab.model.rowCount())]


def drive(monkeypatch, fill):
    """Replace the dialog loop: ``fill(dialog)`` types, then «Сохранить» is pressed; the dialog is kept."""
    seen = []

    def run(dialog):
        seen.append(dialog)
        fill(dialog)
        dialog.save()
        return dialog.result() == dialog.DialogCode.Accepted

    monkeypatch.setattr(school_entry_dialog, "run_dialog", run)
    return seen


def test_table_counts_and_archive_toggle(tab, qtmodeltester):
    qtmodeltester.check(tab.model)
    assert codes_shown(tab) == ["001", "002", "003", "004"]
    assert tab.counts_text() == "Организаций: 4 (в архиве: 1)"
    assert tab.model.headerData(2, Qt.Orientation.Horizontal) == "Полное наименование"
    tab.archive_box.setChecked(True)
    assert codes_shown(tab) == ["001", "002", "003", "004", "005"]
    archived = tab.model.index(4, 1)
    assert tab.model.data(archived, Qt.ItemDataRole.ForegroundRole) is not None  # greyed
    assert tab.model.data(tab.model.index(0, 1), Qt.ItemDataRole.ForegroundRole) is None


def test_search_as_you_type_folds_yo(tab):
    tab.search.setText("елкинская")
    assert codes_shown(tab) == ["003"]
    tab.search.setText("КОЛЛЕДЖ")
    assert codes_shown(tab) == ["004"]
    tab.search.setText("")
    assert len(codes_shown(tab)) == 4


def test_add_school_saves_and_emits(tab, mdb, qtbot, monkeypatch):
    def fill(d):
        d.code.setText("006")
        d.full_name.setText("МАОУ «Лицей № 6»")
        d.short_name.setText("Лицей № 6")
        d.kind_box.setCurrentText("школа")
        d.contact.setText("lyceum6@edu.ru")

    drive(monkeypatch, fill)
    with qtbot.waitSignal(tab.data_changed):
        tab.add_school()
    with mdb.session() as s:
        added = [r for r in list_schools(s) if r.code == "006"]
    assert added and added[0].short_name == "Лицей № 6" and added[0].contact == "lyceum6@edu.ru"
    assert "006" in codes_shown(tab)
    assert [r.code for r in tab.selected_rows()] == ["006"]
    assert tab.counts_text() == "Организаций: 5 (в архиве: 1)"


def test_duplicate_code_keeps_the_dialog_and_the_input(qtbot, mdb):
    dialog = SchoolEntryDialog(None, db=mdb)
    qtbot.addWidget(dialog)
    dialog.code.setText("005")  # archived, still taken
    dialog.full_name.setText("Новая школа")
    assert dialog.save() is False
    assert dialog.result() != dialog.DialogCode.Accepted
    assert "уже есть в реестре" in dialog.issues_label.text() and "в архиве" in dialog.issues_label.text()
    assert dialog.code.property("invalid") is True
    assert dialog.full_name.text() == "Новая школа"
    with mdb.session() as s:
        assert len(list_schools(s, include_archived=True)) == 5


def test_field_errors_are_inline(qtbot, mdb):
    dialog = SchoolEntryDialog(None, db=mdb)
    qtbot.addWidget(dialog)
    dialog.code.setText("a b")
    assert dialog.save() is False
    assert set(dialog.marked_fields()) == {"Код", "Полное наименование"}
    assert "обязательное поле" in dialog.issues_label.text()
    assert dialog.code.text() == "a b"


def test_edit_selected_updates_the_entry(tab, mdb, monkeypatch):
    seen = drive(monkeypatch, lambda d: d.short_name.setText("Гимназия № 2 им. Пушкина"))
    tab.select_ids([tab.model.row_at(1).id])
    tab.edit_selected()
    assert seen and seen[0].code.text() == "002"  # the form was prefilled
    with mdb.session() as s:
        entry = next(r for r in list_schools(s) if r.code == "002")
    assert entry.short_name == "Гимназия № 2 им. Пушкина"


def test_enter_opens_and_delete_archives(tab, mdb, qtbot, monkeypatch, answers):
    seen = drive(monkeypatch, lambda d: None)
    tab.show()
    tab.view.setFocus()
    tab.select_ids([tab.model.row_at(0).id])
    qtbot.keyClick(tab.view, Qt.Key.Key_Return)
    assert len(seen) == 1
    qtbot.keyClick(tab.view, Qt.Key.Key_Delete)
    assert answers["confirms"][0].startswith("Убрать в архив организацию 001 «")
    assert "Её пакеты и данные сохранятся" in answers["confirms"][0]
    with mdb.session() as s:
        assert next(r for r in list_schools(s, include_archived=True) if r.code == "001").archived


def test_archive_and_restore_with_confirmation(tab, mdb, qtbot, answers):
    tab.select_ids([tab.model.row_at(0).id, tab.model.row_at(1).id])
    answers["confirm"] = False
    tab.archive_selected()
    with mdb.session() as s:
        assert len(list_schools(s)) == 4  # declined: nothing changed
    answers["confirm"] = True
    with qtbot.waitSignal(tab.data_changed):
        tab.archive_selected()
    assert answers["confirms"][-1].startswith("Убрать в архив 2 организации?")
    assert "Их пакеты" in answers["confirms"][-1]
    assert codes_shown(tab) == ["003", "004"]
    tab.archive_box.setChecked(True)
    tab.select_ids([r.id for r in tab.model.all_rows() if r.code in ("001", "005")])
    assert tab.archive_button.text() == "Из архива"
    tab.archive_selected()
    with mdb.session() as s:
        assert sorted(r.code for r in list_schools(s)) == ["001", "003", "004", "005"]


def write_register(path, rows):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Реестр организаций"])
    ws.append(["Код", "Полное наименование", "Краткое наименование", "Тип", "Контакт"])
    for row in rows:
        ws.append(list(row))
    wb.save(path)
    return path


def test_import_register_all_or_nothing_then_adds_and_updates(tab, mdb, tmp_path, monkeypatch, answers):
    from PySide6.QtCore import QSettings

    from ui import file_dialogs

    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    tab.restore_state(settings)
    bad = write_register(tmp_path / "bad.xlsx", [("010", "Школа 10", "", "школа", ""),
                                                 ("010", "Школа-дубль", "", "школа", ""),
                                                 ("011", "Школа 11", "", "гимназия", "")])
    starts = []

    def choose(_parent, _title, start, _filter, path=bad):
        starts.append(start)
        return str(path), ""

    monkeypatch.setattr(file_dialogs, "getOpenFileName", choose)
    tab.import_register()
    title, text = answers["errors"][-1]
    assert title == "Реестр не загружен" and text.startswith("Реестр не загружен, ничего не изменено.")
    assert "строка 4" in text and "строка 5" in text and "«гимназия»" in text
    with mdb.session() as s:
        assert len(list_schools(s, include_archived=True)) == 5
    folder = tmp_path / "реестр"
    folder.mkdir()
    good = write_register(folder / "good.xlsx", [("010", "Школа 10", "Ш10", "школа", "a@b.ru"),
                                                 ("011", "Колледж 11", "", "СПО", ""),
                                                 ("001", "МБОУ СОШ № 1 (новое название)", "", "", "")])
    monkeypatch.setattr(file_dialogs, "getOpenFileName", lambda *a, **k: choose(*a, path=good))
    tab.import_register()
    assert "• добавлено: 2\n• обновлено: 1\n• без изменений: 0" in answers["informs"][-1]
    with mdb.session() as s:
        by_code = {r.code: r for r in list_schools(s)}
    assert by_code["010"].kind == "школа" and by_code["011"].kind == "колледж"
    assert by_code["001"].full_name == "МБОУ СОШ № 1 (новое название)"
    assert "011" in codes_shown(tab)
    tab.import_register()  # the same file again: nothing to change, no error
    assert "• добавлено: 0\n• обновлено: 0\n• без изменений: 3" in answers["informs"][-1]
    assert starts[-1] == str(folder)  # the dialog opens where the register was taken last time
    assert settings.value("municipality/last_dir/register") == str(folder)


def test_setup_files_for_all_schools_into_a_folder(tab, tmp_path, monkeypatch, answers):
    from ui import file_dialogs

    folder = tmp_path / "stick"
    folder.mkdir()
    monkeypatch.setattr(file_dialogs, "getExistingDirectory", lambda *a, **k: str(folder))
    tab.view.clearSelection()
    tab.write_setup_files()
    assert "для всех 4 организаций" in answers["confirms"][-1]
    assert sorted(p.name for p in folder.iterdir()) == ["001.mdsetup", "002.mdsetup", "003.mdsetup", "004.mdsetup"]
    setup = read_setup_file(path=folder / "003.mdsetup")
    assert setup.school_short_name == "Ёлкинская СОШ" and setup.municipality_name == "Управление образования г. Энска"
    assert "записано файлов настройки: 4" in answers["informs"][-1] and str(folder) in answers["informs"][-1]
    # again: the existing files are replaced only after a question
    answers["confirm"] = False
    tab.select_ids([tab.model.row_at(0).id, tab.model.row_at(1).id])
    tab.write_setup_files()
    assert "Заменить их?" in answers["confirms"][-1]


def test_one_selected_school_gets_a_save_dialog_with_its_code(tab, tmp_path, monkeypatch, answers):
    from ui import file_dialogs

    asked = []
    target = tmp_path / "out" / "школа-2.mdsetup"
    target.parent.mkdir()

    def save(_parent, caption, directory, name_filter):
        asked.append(directory)
        return str(target), name_filter

    monkeypatch.setattr(file_dialogs, "getSaveFileName", save)
    tab.select_ids([tab.model.row_at(1).id])
    tab.write_setup_files()
    assert asked and asked[0].endswith("002.mdsetup")
    assert read_setup_file(path=target).school_code == "002"
    assert not answers["confirms"]  # a selection needs no question


def test_archived_selection_gets_no_setup_file(tab, monkeypatch, answers):
    from ui import file_dialogs

    monkeypatch.setattr(file_dialogs, "getSaveFileName", lambda *a, **k: pytest.fail("no dialog expected"))
    tab.archive_box.setChecked(True)
    tab.select_ids([r.id for r in tab.model.all_rows() if r.code == "005"])
    tab.write_setup_files()
    assert "в архиве" in answers["informs"][-1]


def test_column_widths_survive_save_and_restore(qtbot, mdb, qsettings):
    first = SchoolsTab(runner=SyncRunner())
    qtbot.addWidget(first)
    first.set_database(mdb)
    first.view.horizontalHeader().resizeSection(1, 333)
    first.save_state(qsettings)
    assert any(k.startswith("municipality/schools/") for k in qsettings.allKeys())
    second = SchoolsTab(runner=SyncRunner())
    qtbot.addWidget(second)
    second.restore_state(qsettings)
    second.set_database(mdb)
    assert second.view.horizontalHeader().sectionSize(1) == 333


def test_context_menu_names_the_actions(tab):
    tab.select_ids([tab.model.row_at(0).id])
    texts = [a.text() for a in tab.context_menu().actions() if a.text()]
    assert texts[:2] == ["Изменить…\tEnter", "В архив\tDelete"]
    assert schools_tab.SchoolsTab.title == "Организации"
    texts = [a.text() for a in tab.context_menu().actions() if a.text()]
    assert texts[-3:] == ["Файл настройки…", "Файлы настройки для всех организаций…", "Добавить организацию…"]


def test_setup_files_for_all_from_the_button_menu_despite_a_selection(tab, tmp_path, monkeypatch, answers):
    from PySide6.QtCore import QSettings

    from ui import file_dialogs

    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    tab.restore_state(settings)
    folder = tmp_path / "stick"
    folder.mkdir()
    starts = []
    monkeypatch.setattr(file_dialogs, "getExistingDirectory",
                        lambda _p, _caption, start: starts.append(start) or str(folder))
    tab.select_ids([tab.model.row_at(0).id])
    menu = [a.text() for a in tab.setup_button.menu().actions()]
    assert menu == ["Для выбранных организаций…\tCtrl+E", "Для всех организаций…"]
    assert "Для всех организаций" in tab.setup_button.toolTip() and "Ctrl+щелчок" in tab.setup_button.toolTip()
    tab.setup_all_action.trigger()
    assert not answers["confirms"]  # asked for all explicitly: no question
    assert sorted(p.name for p in folder.iterdir()) == ["001.mdsetup", "002.mdsetup", "003.mdsetup", "004.mdsetup"]
    assert settings.value("municipality/last_dir/setup") == str(folder)
    answers["confirm"] = False  # «replace?» — no
    tab.setup_all_action.trigger()
    assert starts == [str(tmp_path.home()), str(folder)]
    tab.view.clearSelection()
    assert not tab.setup_selected_action.isEnabled() and tab.setup_all_action.isEnabled()


def test_archive_texts_agree_in_case_and_number():
    from types import SimpleNamespace

    one = [SimpleNamespace(code="52-0313", short_name="Гимназия № 14", full_name="")]
    three = [SimpleNamespace(code=f"00{n}", short_name=f"СШ {n}", full_name="") for n in range(1, 4)]
    five = three + three[:2]
    assert schools_tab.archive_question(one, archive=True).startswith(
        "Убрать в архив организацию 52-0313 «Гимназия № 14»?\n\nЕё пакеты")
    assert schools_tab.archive_question(three, archive=True).startswith("Убрать в архив 3 организации?\n• 001")
    assert schools_tab.archive_question(five, archive=True).startswith("Убрать в архив 5 организаций?")
    assert schools_tab.archive_question(one, archive=False) == "Вернуть из архива организацию 52-0313 «Гимназия № 14»?"
    assert schools_tab.archive_note(one, archive=True, archive_shown=False) == (
        "Организация «52-0313» убрана в архив — отметьте «Показать архив», чтобы увидеть её")
    assert schools_tab.archive_note(three, archive=True, archive_shown=False).endswith(
        "3 организации — отметьте «Показать архив», чтобы увидеть их")
    assert schools_tab.archive_note(three, archive=False, archive_shown=True) == "Из архива возвращено: 3 организации"
