"""«Выгрузить пакет за квартал»: writing into a folder, the unencrypted notice, encryption with a key, errors."""

from __future__ import annotations

import datetime as dt

import pytest

TODAY = dt.date(2026, 11, 20)


@pytest.fixture
def demo(db, session, demo_snapshot):
    """fill_demo(mentees=60, seed=3, today=TODAY), built once per session and copied in."""
    from tests.snapshots import load_into

    load_into(db, session, demo_snapshot(mentees=60, seed=3, today=TODAY)[0])
    return session


@pytest.fixture
def errors(monkeypatch):
    """messages.show_error is recorded instead of showing a modal box."""
    from ui import messages

    shown = []
    monkeypatch.setattr(messages, "show_error", lambda parent, exc, **kw: shown.append(exc))
    return shown


def make_dialog(qtbot, db):
    from ui.monitoring.package_dialog import PackageDialog
    from ui.tasks import SyncRunner

    dialog = PackageDialog(None, db=db, runner=SyncRunner(), period_code="2026-Q4", today=TODAY)
    qtbot.addWidget(dialog)
    return dialog


def test_writes_an_unencrypted_package_with_a_clear_notice(qtbot, db, demo, tmp_path, monkeypatch, errors,
                                                          qtmodeltester):
    from app.package import list_exports, verify_package
    from ui.monitoring import package_dialog
    from ui.monitoring.package_dialog import NO_KEY

    stick = tmp_path / "stick"
    stick.mkdir()
    monkeypatch.setattr(package_dialog, "choose_folder", lambda parent, start: stick)
    dialog = make_dialog(qtbot, db)
    assert dialog.quarter_box.currentData() == "2026-Q4"
    assert dialog.key_label.text() == NO_KEY
    assert "без ФИО" in dialog.personal_label.text()
    qtmodeltester.check(dialog.check_model)
    assert dialog.items and not dialog.has_errors() and dialog.write_button.isEnabled()
    assert dialog.check_label.text().startswith("Ошибок: 0, предупреждений: ")
    dialog.choose()
    assert dialog.folder_edit.text() == str(stick)
    dialog.export()
    result = dialog.package
    assert errors == [] and result is not None
    assert result.path.parent == stick and result.path.is_file() and not result.encrypted
    assert "НЕ зашифрован" in dialog.result_label.text() and result.path.name in dialog.result_label.text()
    assert dialog.hash_label.text() == f"SHA-256: {result.sha256[:8]}…{result.sha256[-8:]}"
    assert not dialog.result_frame.isHidden()
    dialog.copy_button.click()
    from PySide6.QtGui import QGuiApplication

    assert QGuiApplication.clipboard().text() == result.sha256
    assert verify_package(path=result.path).sha256 == result.sha256
    demo.expire_all()
    assert [r.file_name for r in list_exports(demo)] == [result.path.name]


def test_encrypts_with_the_municipality_key(qtbot, db, demo, tmp_path, errors):
    from app.package import generate_keypair, verify_package
    from app.settings import save_settings

    private, public = tmp_path / "uo.private.json", tmp_path / "uo.public.json"
    generate_keypair(private_path=private, public_path=public, label="УО")
    save_settings(demo, changes={"municipality_key_path": str(public)})
    dialog = make_dialog(qtbot, db)
    assert dialog.key_label.text().startswith("Шифрование: да") and "uo.public.json" in dialog.key_label.text()
    out = tmp_path / "out"
    out.mkdir()
    dialog.folder_edit.setText(str(out))
    dialog.export()
    assert errors == [] and dialog.package.encrypted
    assert "зашифрован ключом управления образования" in dialog.result_label.text()
    info = verify_package(path=dialog.package.path, private_key_path=private)
    assert info.encrypted and info.content_verified and info.period == "2026-Q4"


def test_missing_folder_is_reported(qtbot, db, demo, tmp_path, errors):
    from app.errors import StorageError

    dialog = make_dialog(qtbot, db)
    dialog.folder_edit.setText("")
    dialog.export()
    assert "Выберите папку" in dialog.error_label.text() and errors == []
    gone = tmp_path / "removed-stick"
    dialog.folder_edit.setText(str(gone))
    dialog.export()
    assert len(errors) == 1 and isinstance(errors[0], StorageError)
    assert "не найдена" in dialog.error_label.text() and not dialog.error_label.isHidden()
    assert dialog.package is None and not gone.exists() and dialog.write_button.isEnabled()


def test_check_errors_block_the_export(qtbot, db, tmp_path, errors, monkeypatch):
    from ui.monitoring import monitoring_tab

    dialog = make_dialog(qtbot, db)  # an empty database: no school profile, no contingent
    assert dialog.has_errors() and not dialog.write_button.isEnabled()
    assert dialog.check_label.text().startswith("Ошибок: 2")
    dialog.folder_edit.setText(str(tmp_path))
    dialog.export()
    assert dialog.package is None and list(tmp_path.glob("*.mdpkg")) == []
    assert "проверка квартала нашла ошибки" in dialog.error_label.text()

    def go(check):
        check.go(1)  # «Не заполнен «Контингент»…»
        return True

    monkeypatch.setattr(monitoring_tab, "run_dialog", go)
    dialog.show_check()
    assert dialog.chosen.target == "contingent" and dialog.result() == 0


def test_tab_opens_the_dialog_and_navigates_from_its_check(qtbot, db, demo, monkeypatch):
    from ui.monitoring import monitoring_tab
    from ui.monitoring.monitoring_tab import MonitoringTab
    from ui.tasks import SyncRunner

    tab = MonitoringTab(runner=SyncRunner(), today=TODAY)
    qtbot.addWidget(tab)
    tab.set_database(db)
    emitted = []
    tab.navigate.connect(lambda target, record_id: emitted.append((target, record_id)))

    def run(dialog):
        if type(dialog).__name__ == "PackageDialog":
            dialog.show_check()
        else:
            dialog.go(0)
        return False

    monkeypatch.setattr(monitoring_tab, "run_dialog", run)
    dialog = tab.export_package()
    assert dialog.chosen is not None
    assert emitted == [(dialog.chosen.target, dialog.chosen.record_id)]


def test_settings_key_file_chooser_and_clear(qtbot, db, session, tmp_path, monkeypatch):
    from app.package import generate_keypair
    from app.settings import load_settings
    from ui import settings_dialog
    from ui.settings_dialog import SettingsDialog

    public = tmp_path / "uo.public.json"
    generate_keypair(private_path=tmp_path / "uo.private.json", public_path=public, label="УО")
    monkeypatch.setattr(settings_dialog, "choose_key_file", lambda parent, current: str(public))
    dialog = SettingsDialog(None, db=db)
    qtbot.addWidget(dialog)
    dialog.key_choose.click()
    assert dialog.edits["municipality_key_path"].text() == str(public)
    dialog.save()
    session.expire_all()
    assert load_settings(session).municipality_key_path == str(public)
    again = SettingsDialog(None, db=db)
    qtbot.addWidget(again)
    again.key_clear.click()
    assert again.edits["municipality_key_path"].text() == ""
    again.save()
    session.expire_all()
    assert load_settings(session).municipality_key_path == ""
