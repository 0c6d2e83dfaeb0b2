"""Excel import preview dialog: summary, row problems, blocked loading, duplicates, loading in one go."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.services.people import save_mentee
from app.xlsx_import import read_preview
from tests import factories
from ui.people import import_dialog
from ui.people.import_dialog import ERROR_BG, ImportDialog, PreviewModel, import_base, load_preview, problems_text
from ui.tasks import SyncRunner

HEADER = ["№ п/п", "ФИО наставляемого", "Год рождения наставляемого", "Класс", "Основной запрос наставляемого",
          "Любимый цвет"]


def _xlsx(path, rows):  # noqa: ANN001, ANN202
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["База наставляемых МБОУ СШ № 1"])
    ws.append(HEADER)
    for n, row in enumerate(rows, start=1):
        ws.append([n, *row])
    wb.save(path)
    return path


GOOD = [("Иванов Пётр Сергеевич", 2012, "8А", "математика; ОГЭ", "синий"),
        ("Смирнова Ольга Игоревна", 2011, "9Б", "профориентация", ""),
        ("Ким Виктор", 2013, "7В", "", "")]


def _count(db) -> int:  # noqa: ANN001
    from sqlalchemy import func, select

    from db.models import Mentee

    with db.session() as s:
        return s.execute(select(func.count()).select_from(Mentee)).scalar_one()


def _dialog(qtbot, db, path, kind="mentees"):  # noqa: ANN001, ANN202
    preview = load_preview(None, db=db, kind=kind, path=path, runner=SyncRunner())
    dialog = ImportDialog(None, db=db, preview=preview, runner=SyncRunner())
    qtbot.addWidget(dialog)
    return dialog


def test_good_file_loads(qtbot, qtmodeltester, db, tmp_path):
    d = _dialog(qtbot, db, _xlsx(tmp_path / "база.xlsx", GOOD))
    qtmodeltester.check(d.model)
    assert "«база.xlsx»" in d.file_label.text()
    assert "«ФИО наставляемого» → ФИО" in d.columns_label.text()
    assert "«Любимый цвет»" in d.file_issues.toPlainText()  # the ignored column is named
    assert d.summary.text().startswith("Строк: 3 · ошибок: 0 · предупреждений:")
    assert d.model.rowCount() == 3
    assert d.model.index(0, 2).data() == "Иванов Пётр Сергеевич"
    assert d.model.index(0, 3).data() == "2012" and d.model.index(1, 4).data() == "9Б"
    assert d.load_button.isEnabled() and not d.blocked.isVisibleTo(d)
    assert d.load_button.text() == "Загрузить (3)"
    qtbot.mouseClick(d.load_button, Qt.MouseButton.LeftButton)
    assert _count(db) == 3
    assert d.added == 3 and "Загружено: 3, пропущено дубликатов: 0" in d.outcome.text()
    assert not d.load_button.isVisibleTo(d) and d.close_button.text() == "Закрыть"


def test_error_row_blocks_loading(qtbot, qtmodeltester, db, tmp_path):
    rows = [*GOOD, ("Петров Илья", "в прошлом году", "5А", "", ""), ("", 2010, "6Б", "", "")]
    d = _dialog(qtbot, db, _xlsx(tmp_path / "ошибки.xlsx", rows))
    qtmodeltester.check(d.model)
    assert not d.load_button.isEnabled()
    assert d.blocked.isVisibleTo(d) and "ничего не будет записано, пока есть ошибки" in d.blocked.text()
    assert "ошибок: 3" in d.summary.text()  # a bad year; no surname, no first name
    bad = next(r for r in range(d.model.rowCount()) if d.model.index(r, 0).data() == "6")
    assert d.model.index(bad, 1).data() == "ошибка"
    assert d.only_problems.isChecked()  # errors present: the dialog opens on the problem rows
    assert "«Год рождения наставляемого»: «в прошлом году» — не дата" in d.model.index(bad, 5).data()
    assert d.model.index(bad, 0).data(Qt.ItemDataRole.BackgroundRole) == ERROR_BG
    assert {d.model.index(r, 0).data() for r in range(d.model.rowCount())} == {"6", "7"}
    d.only_problems.setChecked(False)
    qtmodeltester.check(d.model)
    assert d.model.rowCount() == 5
    d.commit()  # even called directly it writes nothing
    assert _count(db) == 0
    text = problems_text(d.preview)
    assert "Строка 6" in text and "Строка 7" in text
    out = tmp_path / "проблемы.txt"
    d.save_problems(out)
    assert "Строка 6" in out.read_text(encoding="utf-8-sig")


def test_duplicates_skipped_when_checked(qtbot, db, session, tmp_path):
    save_mentee(session, data=factories.mentee(birth_date=None, birth_year=2012))  # Иванов Пётр Сергеевич
    d = _dialog(qtbot, db, _xlsx(tmp_path / "дубли.xlsx", GOOD))
    assert "дубликатов: 1" in d.summary.text()
    row = next(r for r in range(d.model.rowCount()) if d.model.index(r, 2).data() == "Иванов Пётр Сергеевич")
    assert d.model.index(row, 1).data() == "дубликат"
    assert "уже в базе" in d.model.index(row, 5).data()
    assert d.skip_duplicates.isChecked() and d.load_button.text() == "Загрузить (2)"
    d.skip_duplicates.setChecked(False)
    assert d.load_button.text() == "Загрузить (3)"
    d.skip_duplicates.setChecked(True)
    d.commit()
    assert _count(db) == 3  # one already there + two new
    assert d.outcome.text() == "Загружено: 2, пропущено дубликатов: 1."


def test_unreadable_file_shows_an_error(qtbot, db, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(import_dialog, "show_error", lambda parent, exc, title="": shown.append(str(exc)))
    broken = tmp_path / "сломан.xlsx"
    broken.write_bytes(b"this is not a workbook")
    assert import_base(None, db=db, kind="mentees", path=broken, runner=SyncRunner()) is None
    assert shown and "сломан.xlsx" in shown[0]
    headerless = _xlsx(tmp_path / "пусто.xlsx", [])
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.append(["просто", "текст"])
    wb.save(headerless)
    assert load_preview(None, db=db, kind="mentees", path=headerless, runner=SyncRunner()) is None
    assert "не найдена строка заголовков" in shown[-1]


def test_model_over_a_mentor_preview(qtmodeltester, session, tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.append(["ФИО наставника", "Год рождения наставника", "Должность", "Желаемый возраст наставляемых"])
    wb.active.append(["Ёлкина Светлана Викторовна", 1980, "учитель математики", "как получится"])
    wb.save(tmp_path / "наставники.xlsx")
    preview = read_preview(session=session, kind="mentors", path=tmp_path / "наставники.xlsx")
    model = PreviewModel(preview.rows)
    qtmodeltester.check(model)
    assert model.index(0, 1).data() == "предупреждение"
    assert "не распознан" in model.index(0, 5).data(Qt.ItemDataRole.ToolTipRole)


@pytest.mark.parametrize("n, text", [(5, "5"), (1200, "1\u00a0200")])
def test_number_format(n, text):
    assert import_dialog.number(n) == text


def test_import_base_modal_returns_rows_added(qtbot, db, tmp_path):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    def load_and_close() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ImportDialog)
        dialog.commit()
        dialog.reject()  # «Закрыть» after loading still reports the rows

    QTimer.singleShot(0, load_and_close)
    path = _xlsx(tmp_path / "база.xlsx", GOOD)
    assert import_base(None, db=db, kind="mentees", path=path, runner=SyncRunner()) == 3
    assert _count(db) == 3


def test_with_the_background_runner(qtbot, db, tmp_path):
    from ui.tasks import TaskRunner

    runner = TaskRunner()
    preview = load_preview(None, db=db, kind="mentees", path=_xlsx(tmp_path / "база.xlsx", GOOD), runner=runner)
    assert preview is not None and len(preview.rows) == 3
    dialog = ImportDialog(None, db=db, preview=preview, runner=runner)
    qtbot.addWidget(dialog)
    dialog.commit()
    qtbot.waitUntil(lambda: dialog.added is not None, timeout=10000)
    assert dialog.added == 3 and _count(db) == 3
    runner.wait()
