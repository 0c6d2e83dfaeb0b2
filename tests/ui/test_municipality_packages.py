"""The «Пакеты» tab: import of files, a folder or a drop through the runner, the summary dialog, filters, history."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.app.test_municipality_import import TODAY, demo_package, encrypted, put, resealed, setup_municipality


@pytest.fixture
def mdb(tmp_path, _migrated_school_file):
    """A municipality database with three schools; (db, public key path)."""
    from app.database import open_database
    from tests.snapshots import fresh_copy

    database = open_database(fresh_copy(_migrated_school_file, tmp_path / "m.sqlite3"))
    with database.session() as session:
        public = setup_municipality(session, tmp_path)
    yield database, public
    database.close()


@pytest.fixture
def dialogs(monkeypatch):
    """Dialogs shown by the tab (not executed); returns the list they land in."""
    from ui.municipality import packages_tab

    shown = []
    monkeypatch.setattr(packages_tab, "run_dialog", lambda d: bool(shown.append(d)))
    return shown


@pytest.fixture
def tab(qtbot, mdb):
    from ui.municipality.packages_tab import PackagesTab
    from ui.tasks import SyncRunner

    widget = PackagesTab(runner=SyncRunner(), today=TODAY)
    qtbot.addWidget(widget)
    widget.resize(1300, 560)
    widget.set_database(mdb[0])
    return widget


def mixed_folder(root, public):
    """A stick with a good, an older and a newer (resubmitted) package, a plain one, broken ones and a text file."""
    stick = root / "stick"
    put(stick, "1_52-0313.mdpkg", encrypted(demo_package(), public))
    put(stick, "2_52-0314_old.mdpkg", encrypted(resealed(demo_package(), code="52-0314",
                                                         created_at="2026-11-20T10:00:00Z"), public))
    put(stick, "3_52-0314_new.mdpkg", encrypted(resealed(demo_package(), code="52-0314",
                                                         created_at="2026-11-25T10:00:00Z"), public))
    put(stick, "4_52-0315_plain.mdpkg", resealed(demo_package(), code="52-0315"))
    put(stick, "5_broken.mdpkg", encrypted(demo_package(), public)[:500])
    put(stick / "Школа 7", "6_unknown.mdpkg", encrypted(resealed(demo_package(), code="77-0007"), public))
    put(stick, "readme.txt", "Пакеты школ за IV квартал".encode())
    return stick


def table(model) -> list[tuple[str, ...]]:
    return [tuple(model.data(model.index(r, c)) for c in range(model.columnCount())) for r in range(model.rowCount())]


def test_import_of_a_mixed_folder_shows_the_summary_and_stores_packages(tab, mdb, tmp_path, dialogs, qtbot,
                                                                       monkeypatch, qtmodeltester):
    from PySide6.QtCore import Qt

    from app.municipality.received import list_received
    from ui.municipality import packages_tab
    from ui.municipality.package_models import REJECTED_BG, WARNING_BG

    db, public = mdb
    assert tab.counts_text() == "Пакетов: 0 (действующих: 0)" and tab.hint.isVisibleTo(tab)
    stick = mixed_folder(tmp_path, public)
    monkeypatch.setattr(packages_tab, "ask_folder", lambda parent: stick)
    with qtbot.waitSignal(tab.data_changed):
        tab.folder_button.click()
    dialog = dialogs[-1]
    assert dialog.counts_label.text() == "<b>Принято 3 · Заменено 1 · Без изменений 0 · Отклонено 2 · Пропущено 1</b>"
    assert "Отклонено пакетов: 2" in dialog.alert.text() and "c62828" in dialog.alert.styleSheet()
    assert "С предупреждениями: 1" in dialog.warn_label.text()
    qtmodeltester.check(dialog.model)
    rows = {r[0]: r for r in table(dialog.model)}
    assert rows["3_52-0314_new.mdpkg"][1:4] == ("принят, заменил прежний", "52-0314 · СШ № 2", "IV квартал 2026 года")
    assert rows["4_52-0315_plain.mdpkg"][4] == "пакет не зашифрован"
    assert "не зарегистрирована" in rows["6_unknown.mdpkg"][4] and rows["readme.txt"][1] == "пропущен"
    first = dialog.model.index(0, 0)
    assert dialog.model.data(first) in ("5_broken.mdpkg", "6_unknown.mdpkg")  # rejections on top
    assert dialog.model.data(first, Qt.ItemDataRole.BackgroundRole) == REJECTED_BG
    plain = next(r for r in range(dialog.model.rowCount()) if dialog.model.data(dialog.model.index(r, 0))
                 == "4_52-0315_plain.mdpkg")
    assert dialog.model.data(dialog.model.index(plain, 2), Qt.ItemDataRole.BackgroundRole) == WARNING_BG

    with db.session() as session:
        stored = list_received(session)
    assert sorted((r.file_name, r.current) for r in stored) == [
        ("1_52-0313.mdpkg", True), ("2_52-0314_old.mdpkg", False), ("3_52-0314_new.mdpkg", True),
        ("4_52-0315_plain.mdpkg", True)]
    # the tab: current packages only by default, replaced on demand (greyed)
    qtmodeltester.check(tab.model)
    assert tab.counts_text() == "Пакетов: показано 3 из 4 (действующих: 3)" and not tab.hint.isVisibleTo(tab)
    assert sorted(r[2] for r in table(tab.model)) == ["1_52-0313.mdpkg", "3_52-0314_new.mdpkg",
                                                      "4_52-0315_plain.mdpkg"]
    tab.replaced_box.setChecked(True)
    cells = {r[2]: r for r in table(tab.model)}
    old = cells["2_52-0314_old.mdpkg"]
    assert old[0] == "52-0314 · СШ № 2" and old[1] == "IV квартал 2026 года" and old[7].startswith("заменён ")
    assert old[3].startswith("20.11.2026") and old[5] == "да" and old[6] == "нет"
    assert cells["4_52-0315_plain.mdpkg"][5] == "нет" and cells["1_52-0313.mdpkg"][7] == "действующий"
    row = next(n for n in range(tab.model.rowCount()) if tab.model.row_at(n).file_name == "2_52-0314_old.mdpkg")
    assert tab.model.data(tab.model.index(row, 0), Qt.ItemDataRole.ForegroundRole).color().red() == 140
    assert [tab.period_box.itemText(i) for i in range(tab.period_box.count())] == ["Все кварталы",
                                                                                   "IV квартал 2026 года"]
    tab.search.setText("сш № 1")
    tab.search.textEdited.emit("сш № 1")
    assert [r[2] for r in table(tab.model)] == ["1_52-0313.mdpkg"]


def test_reimport_changes_nothing_and_emits_no_change(tab, mdb, tmp_path, dialogs, qtbot):
    db, public = mdb
    path = put(tmp_path, "52-0313.mdpkg", encrypted(demo_package(), public))
    with qtbot.waitSignal(tab.data_changed):
        tab.import_paths([path])
    assert "Принято 1 · Заменено 0" in dialogs[-1].counts_label.text()
    assert dialogs[-1].alert.text() == "Все пакеты загружены."
    with qtbot.assertNotEmitted(tab.data_changed):
        tab.import_paths([path])
    assert "Без изменений 1" in dialogs[-1].counts_label.text()
    assert table(dialogs[-1].model)[0][1] == "без изменений (уже загружен)"
    assert tab.counts_text() == "Пакетов: 1 (действующих: 1)"


def test_a_history_only_import_is_not_announced_as_loaded_current(tab, mdb, tmp_path, dialogs, qtbot):
    """QA finding 1: an older package filed only in history is counted apart and not called «загружен»."""
    _db, public = mdb
    new = put(tmp_path / "a", "new.mdpkg", encrypted(resealed(demo_package(), created_at="2026-11-25T10:00:00Z"),
                                                     public))
    old = put(tmp_path / "b", "old.mdpkg", encrypted(resealed(demo_package(), created_at="2026-11-25T09:59:00Z"),
                                                     public))
    tab.import_paths([new])
    with qtbot.waitSignal(tab.data_changed):  # history rows are new data: the views reload
        tab.import_paths([old])
    dialog = dialogs[-1]
    assert dialog.counts_label.text() == "<b>Принято 0 · Заменено 0 · В историю 1 · Без изменений 0 · Отклонено 0</b>"
    assert dialog.alert.text().startswith("Действующие данные не изменились. Сохранено только в истории: 1")
    assert "Все пакеты загружены" not in dialog.alert.text() and "2e7d32" not in dialog.alert.styleSheet()
    assert table(dialog.model)[0][1:] == ("сохранён в истории (уже есть более новый пакет)", "52-0313 · СШ № 1",
                                          "IV квартал 2026 года", "действующим остаётся пакет, созданный " + dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.timezone.utc).astimezone().strftime("%d.%m.%Y %H:%M"))
    dialog.resize(1120, 300)
    dialog.grab().save("/tmp/m6/import_summary_history.png")


def test_a_foreign_plain_package_is_rejected_in_the_summary(tab, mdb, tmp_path, dialogs):
    from tests.app.test_municipality_import import _school_head

    _db, public = mdb
    genuine = put(tmp_path / "a", "52-0313.mdpkg", encrypted(demo_package(), public))
    foreign = put(tmp_path / "b", "52-0313_nokey.mdpkg", resealed(demo_package(), head={"school": {
        **_school_head(), "municipality": "Город Иной"}}, created_at="2026-11-26T09:00:00Z"))
    tab.import_paths([genuine, foreign])
    dialog = dialogs[-1]
    assert "Отклонено пакетов: 1" in dialog.alert.text()
    assert table(dialog.model)[0][0] == "52-0313_nokey.mdpkg" and table(dialog.model)[0][1] == "отклонён"
    assert "составлен для другого управления образования («Город Иной»)" in table(dialog.model)[0][4]


def test_import_files_uses_the_multi_file_dialog(tab, mdb, tmp_path, dialogs, monkeypatch):
    from ui import file_dialogs
    from ui.municipality import packages_tab

    _db, public = mdb
    a = put(tmp_path, "a.mdpkg", encrypted(demo_package(), public))
    b = put(tmp_path, "b.mdpkg", encrypted(resealed(demo_package(), code="52-0315"), public))
    seen = {}

    def fake(parent, caption, directory, name_filter):
        seen["filter"] = name_filter
        return [str(a), str(b)], name_filter

    monkeypatch.setattr(file_dialogs, "getOpenFileNames", fake)
    tab.import_files()
    assert seen["filter"] == packages_tab.PACKAGE_FILTER == "Пакеты мониторинга (*.mdpkg);;Все файлы (*)"
    assert "Принято 2" in dialogs[-1].counts_label.text()
    monkeypatch.setattr(file_dialogs, "getOpenFileNames", lambda *args: ([], ""))
    tab.import_files()  # cancelled: nothing happens
    assert len(dialogs) == 1


def test_summary_report_is_saved_and_read_back(tab, mdb, tmp_path, dialogs, monkeypatch):
    from openpyxl import load_workbook

    from ui.municipality import import_summary_dialog

    _db, public = mdb
    tab.import_paths([mixed_folder(tmp_path, public)])
    out = tmp_path / "out" / "итоги.xlsx"
    out.parent.mkdir()
    monkeypatch.setattr(import_summary_dialog, "ask_save_path", lambda parent, suggested: out)
    assert dialogs[-1].save_report() == out
    values = list(load_workbook(out).active.iter_rows(values_only=True))
    assert len(values) == 8 and values[0][0] == "Файл"
    assert {v[0]: v[1] for v in values[1:]}["5_broken.mdpkg"] == "отклонён"


def test_cancel_keeps_what_was_imported_and_says_so(qtbot, mdb, tmp_path, monkeypatch):
    from app.errors import Cancelled
    from app.municipality.received import list_received
    from ui.municipality import packages_tab
    from ui.municipality.packages_tab import PackagesTab

    class CancelAfterFirst:
        def run(self, fn, *, on_done, on_error, title=None, parent=None, cancellable=False):
            assert title == "Загрузка пакетов…" if title else True

            def progress(done, total):
                if title and done == 1:
                    raise Cancelled()

            try:
                result = fn(progress)
            except BaseException as exc:  # noqa: BLE001
                on_error(exc)
            else:
                on_done(result)

    db, public = mdb
    put(tmp_path / "in", "1.mdpkg", encrypted(demo_package(), public))
    put(tmp_path / "in", "2.mdpkg", encrypted(resealed(demo_package(), code="52-0314"), public))
    tab = PackagesTab(runner=CancelAfterFirst(), today=TODAY)
    qtbot.addWidget(tab)
    tab.set_database(db)
    shown = []
    monkeypatch.setattr(packages_tab, "run_dialog", lambda d: bool(shown.append(d)))
    with qtbot.waitSignal(tab.data_changed):
        tab.import_paths([tmp_path / "in"])
    assert shown and shown[0].counts.startswith("Принято 1 ·") and shown[0].counts.endswith("Загрузка прервана")
    assert any(r.file_name == "2.mdpkg" and "прервана" in r.reason for r in shown[0].rows)
    with db.session() as session:
        assert [r.file_name for r in list_received(session)] == ["1.mdpkg"]
    assert tab.counts_text() == "Пакетов: 1 (действующих: 1)"


def test_a_database_without_municipality_shows_an_error(qtbot, db, tmp_path, monkeypatch):
    from app.services.school import save_school
    from tests import factories
    from ui import messages
    from ui.municipality.packages_tab import PackagesTab
    from ui.tasks import SyncRunner

    with db.session() as session:
        save_school(session, data=factories.school())
    errors = []
    monkeypatch.setattr(messages, "show_error", lambda parent, exc, title="": errors.append((title, exc)))
    tab = PackagesTab(runner=SyncRunner(), today=TODAY)
    qtbot.addWidget(tab)
    tab.db = db  # a school database: the list is not loaded, the import refuses
    with qtbot.assertNotEmitted(tab.data_changed):
        tab.import_paths([tmp_path])
    assert errors and errors[0][0] == "Загрузка пакетов" and "база школы" in messages.error_text(errors[0][1])


def test_drop_of_files_and_folders_imports_them(tab, mdb, tmp_path, dialogs):
    from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
    from PySide6.QtGui import QDropEvent

    _db, public = mdb
    folder = tmp_path / "drop"
    put(folder, "x.mdpkg", encrypted(demo_package(), public))
    single = put(tmp_path, "y.mdpkg", encrypted(resealed(demo_package(), code="52-0314"), public))
    text = put(tmp_path, "notes.txt", b"text")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(folder)), QUrl.fromLocalFile(str(single)), QUrl.fromLocalFile(str(text))])
    class Enter:  # QDragEnterEvent's constructor is deprecated in PySide6: the same interface
        def __init__(self, data):
            self.data, self.accepted = data, None

        def mimeData(self):  # noqa: N802
            return self.data

        def acceptProposedAction(self):  # noqa: N802
            self.accepted = True

        def ignore(self):
            self.accepted = False

    enter = Enter(mime)
    tab.dragEnterEvent(enter)
    assert enter.accepted is True
    only_text = QMimeData()
    only_text.setUrls([QUrl.fromLocalFile(str(text))])
    refused = Enter(only_text)
    tab.dragEnterEvent(refused)
    assert refused.accepted is False
    tab.dropEvent(QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                             Qt.KeyboardModifier.NoModifier))
    assert "Принято 2" in dialogs[-1].counts_label.text()
    assert sorted(r[2] for r in table(tab.model)) == ["x.mdpkg", "y.mdpkg"]


def test_show_history_from_the_summary_filters_school_and_quarter(qtbot, mdb, tmp_path, dialogs, qsettings):
    from app.municipality.register import find_school
    from ui.municipality.window import MunicipalityWindow
    from ui.tasks import SyncRunner

    db, public = mdb
    window = MunicipalityWindow(runner=SyncRunner(), settings=qsettings)
    qtbot.addWidget(window)
    window.set_database(db)
    tab = window.packages
    tab.today = TODAY
    tab.import_paths([mixed_folder(tmp_path, public)])
    with db.session() as session:
        school = find_school(session, code="52-0314")
    assert not tab.replaced_box.isChecked()
    window.summary.open_packages.emit(school.id, "2026-Q4")
    assert window.tabs.currentWidget() is tab
    assert tab.replaced_box.isChecked() and tab.search.text() == "52-0314"
    assert tab.period_box.currentData() == "2026-Q4"
    assert [(r[2], r[7] == "действующий") for r in table(tab.model)] == [("3_52-0314_new.mdpkg", True),
                                                                         ("2_52-0314_old.mdpkg", False)]
    # a quarter without packages is still offered and shows nothing
    tab.show_history(school_id=school.id, period="2025-Q1")
    assert tab.period_box.currentData() == "2025-Q1" and tab.model.rowCount() == 0
    tab.show_history(period=None)  # everything of every school, history shown
    assert tab.model.rowCount() == 4
    # the filters survive a restart of the window
    window.save_state()
    again = MunicipalityWindow(runner=SyncRunner(), settings=qsettings)
    qtbot.addWidget(again)
    assert again.packages.replaced_box.isChecked()
    window.db = again.db = None  # the fixture closes the database itself


def test_package_row_opens_the_school_quarter_and_names_its_state(tab, mdb, tmp_path, dialogs, qtbot, qsettings):
    """QA finding 16: double-click / Enter opens the drill-down; a package never current is not «заменён»."""
    from PySide6.QtCore import Qt

    from ui.municipality.school_detail_dialog import SchoolDetailDialog

    _db, public = mdb
    tab.restore_state(qsettings)
    new = put(tmp_path / "a", "new.mdpkg", encrypted(resealed(demo_package(), code="52-0314",
                                                             created_at="2026-11-25T10:00:00Z"), public))
    old = put(tmp_path / "b", "old.mdpkg", encrypted(resealed(demo_package(), code="52-0314",
                                                             created_at="2026-11-20T10:00:00Z"), public))
    tab.import_paths([new])
    tab.import_paths([old])  # older than the current one: straight into the history
    dialogs.clear()
    assert tab.counts_text() == "Пакетов: показано 1 из 2 (действующих: 1)"
    tab.replaced_box.setChecked(True)
    assert tab.counts_text() == "Пакетов: 2 (действующих: 1)"
    states = {r[2]: r[7] for r in table(tab.model)}
    assert states == {"new.mdpkg": "действующий", "old.mdpkg": "в истории (есть более новый)"}
    row = next(n for n in range(tab.model.rowCount()) if tab.model.row_at(n).file_name == "old.mdpkg")
    assert "уже был пакет, созданный в школе позже" in tab.model.data(tab.model.index(row, 7),
                                                                      Qt.ItemDataRole.ToolTipRole)
    tab.view.doubleClicked.emit(tab.model.index(row, 2))
    assert len(dialogs) == 1 and isinstance(dialogs[0], SchoolDetailDialog)
    assert dialogs[0].detail.status.code == "52-0314" and dialogs[0].period.code == "2026-Q4"
    assert len(dialogs[0].detail.packages) == 2
    tab.show()
    tab.view.setFocus()
    tab.view.setCurrentIndex(tab.model.index(0, 0))
    qtbot.keyClick(tab.view, Qt.Key.Key_Return)
    assert len(dialogs) == 2 and dialogs[1].detail.status.code == "52-0314"
    dialogs[1].show_history()  # «История пакетов» in the dialog filters this tab
    assert tab.search.text() == "52-0314" and tab.period_box.currentData() == "2026-Q4"


def test_replaced_later_package_says_when(tab, mdb, tmp_path, dialogs):
    from ui.municipality.package_models import local_date_text, state_text

    _db, public = mdb
    old = put(tmp_path / "b", "old.mdpkg", encrypted(resealed(demo_package(), code="52-0314",
                                                             created_at="2026-11-20T10:00:00Z"), public))
    new = put(tmp_path / "a", "new.mdpkg", encrypted(resealed(demo_package(), code="52-0314",
                                                             created_at="2026-11-25T10:00:00Z"), public))
    tab.import_paths([old])
    tab.import_paths([new])
    replaced = next(r for r in tab.model.all_rows() if r.file_name == "old.mdpkg")
    assert not replaced.current and state_text(replaced) == f"заменён {local_date_text(replaced.superseded_at)}"


def test_package_dialogs_start_in_the_last_folder(tab, tmp_path, monkeypatch, qsettings):
    from ui import file_dialogs
    from ui.municipality.packages_tab import ask_files, ask_folder

    tab.restore_state(qsettings)
    stick = tmp_path / "stick"
    stick.mkdir()
    starts = []
    monkeypatch.setattr(file_dialogs, "getOpenFileNames",
                        lambda _p, _c, start, _f: starts.append(start) or ([str(stick / "x.mdpkg")], ""))
    monkeypatch.setattr(file_dialogs, "getExistingDirectory", lambda _p, _c, start: starts.append(start) or str(stick))
    assert ask_files(tab) == [stick / "x.mdpkg"]
    assert ask_folder(tab) == stick
    assert starts[1] == str(stick) and qsettings.value("municipality/last_dir/packages") == str(stick)


def test_window_toolbar_and_organisation_menu(qtbot, mdb, qsettings):
    from ui.municipality.window import MunicipalityWindow
    from ui.tasks import SyncRunner

    window = MunicipalityWindow(runner=SyncRunner(), settings=qsettings)
    qtbot.addWidget(window)
    window.set_database(mdb[0])
    toolbar = [a.text() for a in window.toolbar.actions() if a.text()]
    assert window.act_add not in window.toolbar.actions() and window.act_edit not in window.toolbar.actions()
    assert toolbar == ["Загрузить пакеты…", "Сводный отчёт (Excel)…", "Информационная справка (PDF)…"]
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Организации")
    texts = [a.text() for a in menu.actions()]
    assert "Файлы настройки для выбранных…" in texts and "Файлы настройки для всех организаций…" in texts
    assert window.act_setup_files_all.isEnabled() and not window.act_setup_files.isEnabled()  # nothing selected
    window.schools.select_ids([window.schools.model.row_at(0).id])
    assert window.act_setup_files.isEnabled()
    window.db = None  # the fixture closes the database
