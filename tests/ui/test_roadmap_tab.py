"""The «Дорожная карта» tab: empty year, start from a template, edit, mark done, statuses, filters, Excel, report."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from app.schemas_roadmap import COLUMNS, RoadmapItemData
from tests.typing_helper import type_text

TODAY = dt.date.today()


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


@pytest.fixture
def tab(qtbot, db):
    from ui.roadmap.roadmap_tab import RoadmapTab
    from ui.tasks import SyncRunner

    widget = RoadmapTab(runner=SyncRunner())
    qtbot.addWidget(widget)
    widget.resize(1366, 700)
    widget.set_database(db)
    return widget


@pytest.fixture
def items(session, tab):
    """Three items of the tab's year: one overdue, one due later, one done; ids by key."""
    from app.services.roadmap import save_item

    def add(key: str, **kw) -> tuple[str, int]:
        return key, save_item(session, academic_year=tab.year, data=RoadmapItemData(**kw)).id

    ids = dict((
        add("late", number="1.2", title="Приказ о внедрении целевой модели наставничества", deadline=days(-10),
            responsible="директор", result="приказ"),
        add("later", number="1.10", title="Формирование базы наставляемых", deadline=days(30),
            deadline_text="в течение года", responsible="куратор", result="база наставляемых"),
        add("done", number="2.1", title="Ёлочка: встреча с наставниками", deadline=days(-20), responsible="куратор",
            status="done", done_date=days(-21), evidence_number="7-од", evidence_date=days(-21)),
    ))
    tab.reload()
    return ids


def shown(tab) -> list[int]:
    return [tab.model.row_at(n).id for n in range(tab.model.rowCount())]


def cell(tab, item_id: int, column: int, role=Qt.ItemDataRole.DisplayRole):
    return tab.model.data(tab.model.index(tab.model.row_of_id(item_id), column), role)


def drive(monkeypatch, module, act) -> list:
    """Replace ``module.run_dialog``: ``act(dialog)`` plays the user's part and returns whether it was accepted."""
    seen = []

    def run(dialog):
        seen.append(dialog)
        return act(dialog)

    monkeypatch.setattr(module, "run_dialog", run)
    return seen


def test_empty_year_offers_the_template(tab):
    assert tab.title == "Дорожная карта"
    assert tab.loaded and tab.stack.currentWidget() is tab.empty
    assert tab.empty.button.isEnabled() and "пока нет" in tab.empty.label.text()
    assert tab.year_combo.currentText() == tab.year
    assert tab.counts_text() == "Всего 0 · выполнено 0 · в работе 0 · не выполнено 0 · просрочено 0"
    assert not tab.act_export.isEnabled() and not tab.act_edit.isEnabled()


def test_start_from_template_fills_the_year(tab, monkeypatch, qtmodeltester):
    from app.services.roadmap import list_templates
    from ui.roadmap import template_dialog

    template = list_templates()[0]
    seen = drive(monkeypatch, template_dialog, lambda d: (d.choose(template.code), d.start())[1])
    changes = []
    tab.data_changed.connect(lambda: changes.append(1))
    tab.empty.button.click()
    created = tab.model.rowCount()
    dialog = seen[0]
    assert dialog.model.rowCount() == len(list_templates())
    assert dialog.model.data(dialog.model.index(0, 2)) == template.source
    assert created >= template.items and changes == [1]
    assert tab.stack.currentWidget() is tab.view
    qtmodeltester.check(tab.model)
    assert [tab.model.headerData(n, Qt.Orientation.Horizontal) for n in range(7)] == list(COLUMNS)
    first = tab.model.row_at(0)
    assert first.template_code == template.code and cell(tab, first.id, 5) == "запланировано"
    assert tab.counts_text().startswith(f"Всего {created} · выполнено 0")
    # a second start from the same template is refused with the service's message; nothing added
    errors = []
    monkeypatch.setattr("ui.messages.show_error", lambda parent, exc, **kw: errors.append(str(exc)))
    assert tab.start_from_template() == 0
    assert "уже создана" in errors[0] and tab.model.rowCount() == created


def test_cells_order_and_overdue_highlight(tab, items):
    assert shown(tab) == [items["late"], items["later"], items["done"]]  # «1.10» after «1.2»
    assert cell(tab, items["late"], 2) == f"{days(-10):%d.%m.%Y}"
    assert cell(tab, items["late"], 0, Qt.ItemDataRole.BackgroundRole) is not None
    assert "Просрочено" in cell(tab, items["late"], 2, Qt.ItemDataRole.ToolTipRole)
    assert cell(tab, items["later"], 0, Qt.ItemDataRole.BackgroundRole) is None
    assert "в течение года" in cell(tab, items["later"], 2, Qt.ItemDataRole.ToolTipRole)
    assert cell(tab, items["done"], 5) == f"выполнено {days(-21):%d.%m.%Y}"
    assert cell(tab, items["done"], 5, Qt.ItemDataRole.BackgroundRole) is not None  # green status cell
    assert cell(tab, items["done"], 6) == f"№ 7-од от {days(-21):%d.%m.%Y}"
    assert tab.counts_text() == "Всего 3 · выполнено 1 · в работе 0 · не выполнено 0 · просрочено 1"


def test_filters_status_overdue_and_search_with_yo(tab, items, qtbot):
    tab.overdue_box.setChecked(True)
    assert shown(tab) == [items["late"]]
    assert tab.counts_text().endswith("просрочено 1 · показано 1")
    tab.overdue_box.setChecked(False)
    tab.status_combo.setCurrentIndex(tab.status_combo.findData("done"))
    assert shown(tab) == [items["done"]]
    tab.reset_filters()
    type_text(tab.search, "елочка")
    assert shown(tab) == [items["done"]]
    tab.search.clear()
    type_text(tab.search, "КУРАТОР")
    assert set(shown(tab)) == {items["later"], items["done"]}
    tab.reset_filters()
    assert len(shown(tab)) == 3


def test_mark_done_with_evidence(tab, items, monkeypatch, tmp_path):
    from app.services.roadmap import get_item
    from ui.roadmap import item_dialog

    scan = tmp_path / "приказ 45.pdf"
    scan.write_bytes(b"%PDF-1.4")
    monkeypatch.setattr(item_dialog, "choose_file", lambda parent, start: str(scan))

    def fill(d):
        assert d.evidence.done_date.date() == TODAY  # proposed
        d.evidence.done_date.set_date(days(-2))
        d.evidence.number.setText("45-од")
        d.evidence.date.set_date(days(-3))
        d.evidence.note.setText("приказ директора")
        d.evidence.browse.click()
        return d.save()

    drive(monkeypatch, item_dialog, fill)
    tab.select_ids([items["late"]])
    saved = tab.mark_done()
    assert [r.id for r in saved] == [items["late"]]
    with tab.db.session() as s:
        row = get_item(s, item_id=items["late"])
    assert (row.status, row.done_date, row.evidence_number, row.evidence_date) == ("done", days(-2), "45-од", days(-3))
    assert row.evidence_path == str(scan) and not row.overdue
    assert cell(tab, items["late"], 6) == f"№ 45-од от {days(-3):%d.%m.%Y}; приказ директора (файл)"
    assert tab.selected_ids() == [items["late"]] and tab.act_open_file.isEnabled()
    assert tab.counts_text().endswith("просрочено 0")


def test_done_dialog_refuses_a_future_date_inline(tab, items, monkeypatch):
    from ui.roadmap import item_dialog

    def fill(d):
        d.evidence.done_date.set_date(days(5))
        assert not d.save()
        assert "Дата выполнения" in d.marked_fields() and "позже сегодняшней" in d.issues_label.text()
        d.evidence.done_date.set_text("31.02.2026")
        assert not d.save() and "такой даты нет" in d.issues_label.text()
        return False

    drive(monkeypatch, item_dialog, fill)
    tab.select_ids([items["later"]])
    assert tab.mark_done() == []
    assert cell(tab, items["later"], 5) == "запланировано"


def test_status_buttons_keep_the_evidence(tab, items):
    tab.select_ids([items["done"], items["late"]])
    tab.buttons["progress"].click()
    assert cell(tab, items["done"], 5) == "в работе" and cell(tab, items["late"], 5) == "в работе"
    assert cell(tab, items["done"], 6) == f"№ 7-од от {days(-21):%d.%m.%Y}"
    assert sorted(tab.selected_ids()) == sorted([items["done"], items["late"]])
    tab.select_ids([items["late"]])
    tab.act_failed.trigger()
    assert cell(tab, items["late"], 5) == "не выполнено"
    assert tab.counts_text() == "Всего 3 · выполнено 0 · в работе 1 · не выполнено 1 · просрочено 1"


def test_edit_item_with_inline_errors(tab, items, monkeypatch, qtbot):
    from ui.roadmap import item_dialog

    def edit(d):
        assert d.title_edit.toPlainText().startswith("Формирование базы")
        assert d.deadline_text.text() == "в течение года" and d.status.currentData() == "planned"
        d.title_edit.setPlainText("   ")
        d.deadline.set_text("32.13.2026")
        assert not d.save()
        assert {"Наименование мероприятия", "Срок"} <= set(d.marked_fields())
        d.title_edit.setPlainText("Формирование  базы\nнаставников")
        d.deadline.set_date(days(40))
        d.recurrence.setCurrentIndex(d.recurrence.findData("quarterly"))
        d.responsible.setText("заместитель директора по ВР")
        return d.save()

    drive(monkeypatch, item_dialog, edit)
    tab.select_ids([items["later"]])
    qtbot.keyClick(tab.view, Qt.Key.Key_Return)  # Enter opens the selected item
    assert cell(tab, items["later"], 1) == "Формирование базы наставников"
    assert cell(tab, items["later"], 2) == f"{days(40):%d.%m.%Y}"
    assert cell(tab, items["later"], 3) == "заместитель директора по ВР"
    assert "ежеквартально" in cell(tab, items["later"], 2, Qt.ItemDataRole.ToolTipRole)


def test_add_with_ctrl_n_and_delete_with_confirmation(tab, items, monkeypatch, qtbot):
    from ui.roadmap import item_dialog

    def add(d):
        assert d.responsible.completer().model().rowCount() == 2  # директор, куратор
        d.number.setText("3.1")
        d.title_edit.setPlainText("Итоговое мероприятие «Наставник года»")
        d.status.setCurrentIndex(d.status.findData("done"))
        assert d.evidence.done_date.date() == TODAY  # «выполнено» proposes today
        return d.save()

    drive(monkeypatch, item_dialog, add)
    tab.show()
    qtbot.waitExposed(tab)
    tab.activateWindow()
    qtbot.waitUntil(tab.isActiveWindow, timeout=2000)
    tab.view.setFocus()
    qtbot.keyClick(tab.view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert tab.model.rowCount() == 4
    new_id = tab.selected_ids()[0]
    assert cell(tab, new_id, 5) == f"выполнено {TODAY:%d.%m.%Y}"
    answers = iter([False, True])
    asked = []
    monkeypatch.setattr("ui.messages.confirm", lambda parent, **kw: asked.append(kw["text"]) or next(answers))
    qtbot.keyClick(tab.view, Qt.Key.Key_Delete)
    assert tab.model.rowCount() == 4 and "Наставник года" in asked[0]
    tab.select_ids([new_id, items["late"]])
    assert tab.delete_items() == 2
    assert "2 мероприятия" in asked[1] and sorted(shown(tab)) == sorted([items["later"], items["done"]])


def test_context_menu_lists_the_actions(tab, items):
    tab.select_ids([items["done"]])
    texts = [a.text().split("\t")[0] for a in tab.context_menu().actions() if not a.isSeparator()]
    assert tab.buttons["edit"].text() == "Изменить" and tab.act_edit.text() == "Изменить\tEnter"
    assert texts == ["Изменить", "Отметить выполненным…", "В работу", "Не выполнено", "Вернуть в «запланировано»",
                     "Открыть файл подтверждения", "Добавить", "Удалить"]


def test_year_chooser_shows_years_with_items(tab, session, items):
    from app.services.roadmap import save_item

    save_item(session, academic_year="2019/2020", data=RoadmapItemData(title="Изучение Р-145", deadline=None))
    tab.reload()
    years = [tab.year_combo.itemText(n) for n in range(tab.year_combo.count())]
    assert "2019/2020" in years and tab.year in years and years == sorted(years, reverse=True)
    tab.year_combo.setCurrentIndex(years.index("2019/2020"))
    assert tab.year == "2019/2020" and tab.model.rowCount() == 1
    assert cell(tab, tab.model.row_at(0).id, 2) == ""


def test_year_choices_are_the_school_year_the_next_and_years_with_items():
    from ui.roadmap.models import year_choices

    assert year_choices([], "2026/2027") == ["2027/2028", "2026/2027"]
    assert year_choices(["2024/2025"], "2026/2027") == ["2027/2028", "2026/2027", "2024/2025"]


def test_tab_opens_on_the_school_year_and_follows_a_rollover(tab, session):
    from app.schemas import SchoolData
    from app.services.school import save_school

    def school(year: str) -> None:
        save_school(session, data=SchoolData(full_name="СОШ № 3", short_name="СОШ 3", municipality="Амурск",
                                             director_name="Лушникова Елена Николаевна",
                                             curator_name="Коваль Нина Николаевна", academic_year=year))

    school("2026/2027")
    tab.reload()
    years = [tab.year_combo.itemText(n) for n in range(tab.year_combo.count())]
    assert tab.year == "2026/2027" and years[:2] == ["2027/2028", "2026/2027"]  # the next one is reachable
    tab.year_combo.setCurrentIndex(years.index("2027/2028"))
    assert tab.year == "2027/2028" and tab.stack.currentWidget() is tab.empty
    tab.choose_year("2026/2027")
    school("2027/2028")  # «Новый учебный год» done
    tab.reload()
    assert tab.year == tab.year_combo.currentText() == "2027/2028"
    assert "2028/2029" in [tab.year_combo.itemText(n) for n in range(tab.year_combo.count())]


def test_export_and_import_excel(tab, items, monkeypatch, tmp_path, db):
    import openpyxl

    from ui.roadmap import actions

    target = tmp_path / "карта.xlsx"
    monkeypatch.setattr(actions, "ask_save_path", lambda t, name: target)
    tab.export_excel()
    assert target.exists()
    ws = openpyxl.load_workbook(target).active
    rows = [[c for c in r] for r in ws.iter_rows(values_only=True)]
    header = next(n for n, r in enumerate(rows) if r[0] == "№ п/п")
    assert tuple(rows[header][:7]) == COLUMNS
    titles = [r[1] for r in rows[header + 1:] if r[1]]
    assert "Ёлочка: встреча с наставниками" in titles and "Формирование базы наставляемых" in titles
    # import the same file into another year
    notes = []
    tab.status_message.connect(notes.append)
    tab.choose_year("2019/2020")
    assert tab.stack.currentWidget() is tab.empty
    monkeypatch.setattr(actions, "ask_open_path", lambda t: target)
    told = []
    monkeypatch.setattr("ui.messages.inform", lambda parent, *, title, text: told.append(text))
    tab.import_excel()
    assert tab.model.rowCount() == 3 and tab.stack.currentWidget() is tab.view
    assert notes[-1].startswith("Загружено из Excel: 3 мероприятия"), notes
    assert "сроки перенесены на 2019/2020, статусы сброшены" in notes[-1] and told
    assert {tab.model.row_at(n).status for n in range(3)} == {"planned"}


def test_report_dialog_periods(qtbot):
    from ui.roadmap.report_dialog import ReportDialog

    dialog = ReportDialog(None, academic_year="2026/2027", today=dt.date(2027, 2, 10))
    qtbot.addWidget(dialog)
    choice, _ = dialog.collect()
    assert (choice.start, choice.end, choice.label, choice.fmt) == (None, None, "2026/2027 учебный год", "pdf")
    assert dialog.quarter.currentText() == "I квартал 2027 года" and dialog.quarter.count() == 5
    dialog.quarter.setCurrentIndex(0)  # the September part of III квартал 2026: no error, clipped to the year
    choice, issues = dialog.collect()
    assert not issues and (choice.start, choice.end) == (dt.date(2026, 9, 1), dt.date(2026, 9, 30))
    assert choice.label == "III квартал 2026 года (сентябрь)"
    assert dialog.quarter.itemText(4) == "III квартал 2027 года (июль–август)"
    dialog.quarter.setCurrentIndex(1)
    dialog.xlsx.setChecked(True)
    choice, _ = dialog.collect()
    assert (choice.start, choice.end, choice.fmt) == (dt.date(2026, 10, 1), dt.date(2026, 12, 31), "xlsx")
    dialog.date_from.set_text("01.12.2026")
    dialog.date_to.set_text("01.11.2026")
    assert dialog.by_dates.isChecked()
    assert not dialog.build() and "начало периода позже" in dialog.issues_label.text()
    dialog.date_to.set_text("31.12.2026")
    assert dialog.build()
    assert (dialog.choice.start, dialog.choice.end, dialog.choice.label) == (
        dt.date(2026, 12, 1), dt.date(2026, 12, 31), "01.12.2026 – 31.12.2026")


def test_report_dialog_counts_items_per_quarter(qtbot):
    from ui.roadmap.report_dialog import ReportDialog

    dialog = ReportDialog(None, academic_year="2026/2027", today=dt.date(2026, 11, 26),
                          deadlines=[dt.date(2026, 9, 30), dt.date(2026, 10, 5), dt.date(2026, 12, 1), None])
    qtbot.addWidget(dialog)
    texts = [dialog.quarter.itemText(n) for n in range(dialog.quarter.count())]
    assert texts[:3] == ["III квартал 2026 года (сентябрь) — 1 мероприятие", "IV квартал 2026 года — 2 мероприятия",
                         "I квартал 2027 года — нет мероприятий"]
    dialog.quarter.setCurrentIndex(2)
    assert not dialog.build() and "не приходится ни одного срока" in dialog.issues_label.text()
    dialog.date_from.set_text("01.08.2026")
    assert not dialog.build() and "вне 2026/2027 учебного года" in dialog.issues_label.text()


def test_template_on_a_non_empty_year_asks_first(tab, items, monkeypatch):
    from ui.roadmap import template_dialog

    asked = []
    answer = [False]

    def confirm(parent, *, title, text, yes="Да", no="Отмена"):
        asked.append(text)
        return answer[0]

    monkeypatch.setattr("ui.messages.confirm", confirm)
    drive(monkeypatch, template_dialog, lambda d: (d.choose("school-001"), d.start())[1])
    assert tab.start_from_template() == 0 and tab.model.rowCount() == 3
    assert asked == [f"В {tab.year} уже 3 мероприятия. Добавить ещё 37 из шаблона «Дорожная карта школы: этапы "
                     "запуска и реализации целевой модели наставничества»? Номера могут повториться."]
    answer[0] = True
    assert tab.start_from_template() == 37 and tab.model.rowCount() == 40


def test_window_has_the_roadmap_tab_after_monitoring(make_window):
    window = make_window()
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert titles[-2:] == ["Мониторинг", "Дорожная карта"]
    window.tabs.setCurrentIndex(titles.index("Дорожная карта"))
    assert window.tabs.currentWidget() is window.roadmap and window.roadmap.db is window.db
    assert window.counts.text().startswith("Всего 0 · выполнено 0")


def test_report_pdf_preview_and_xlsx(tab, items, monkeypatch, tmp_path):
    import subprocess

    import openpyxl

    from ui import pdf_preview
    from ui.roadmap import actions, report_dialog

    previews = []
    monkeypatch.setattr(pdf_preview, "show_pdf", lambda parent, *, path, title, **kw: previews.append((path, title)))
    drive(monkeypatch, report_dialog, lambda d: d.build())  # the whole year, PDF
    tab.buttons["report"].click()
    path, title = previews[0]
    assert title == f"Отчёт о выполнении дорожной карты — {tab.year} учебный год"
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "Приказ о внедрении целевой модели" in text and "7-од" in text

    target = tmp_path / "отчёт.xlsx"
    monkeypatch.setattr(actions, "ask_save_path", lambda t, name: target)

    def dates(d):
        d.xlsx.setChecked(True)
        d.date_from.set_date(days(-15))
        d.date_to.set_date(days(60))
        return d.build()

    drive(monkeypatch, report_dialog, dates)
    choice = tab.report()
    assert choice.fmt == "xlsx" and choice.start == days(-15) and target.exists()
    cells = [str(c) for r in openpyxl.load_workbook(target).active.iter_rows(values_only=True) for c in r if c]
    assert any("Приказ о внедрении" in c for c in cells) and any("Формирование базы" in c for c in cells)
    assert not any("Ёлочка" in c for c in cells)  # due 20 days ago: outside the period


def test_window_excel_actions_go_to_the_roadmap(make_window, monkeypatch):
    window = make_window()
    calls = []
    monkeypatch.setattr(window.roadmap, "export_excel", lambda: calls.append("export"))
    monkeypatch.setattr(window.roadmap, "import_excel", lambda: calls.append("import"))
    window.tabs.setCurrentWidget(window.roadmap)
    window.act_export.trigger()
    window.act_import.trigger()
    assert calls == ["export", "import"]


def test_item_dialog_proposes_the_done_date_and_notes_a_repeated_number(tab, items, db, qtbot):
    from app.periods import parse_period
    from ui.roadmap.item_dialog import ItemDialog, proposed_done

    dialog = ItemDialog(tab, db=db, academic_year=tab.year)
    qtbot.addWidget(dialog)
    dialog.status.setCurrentIndex(dialog.status.findData("done"))
    assert dialog.evidence.done_date.date() == proposed_done(tab.year) <= dt.date.today()
    assert not dialog.evidence.done_hint.isHidden() and "подставлено" in dialog.evidence.done_hint.text()
    assert proposed_done("2020/2021") == parse_period("2020/2021").end  # a past year: its last day
    dialog.evidence.done_date.set_date(dt.date.today() + dt.timedelta(days=3))
    dialog.title_edit.setPlainText("Новое мероприятие")
    assert not dialog.save()
    assert dialog.marked_fields() and "Дата выполнения" in dialog.marked_fields()
    assert "позже сегодняшней" in dialog.issues_label.text()
    taken = "1.2"  # «Приказ о внедрении…» has it
    dialog.number.setText(taken)
    assert dialog.check_number() == [taken] and not dialog.number_notice.isHidden()
    assert f"Номер {taken} уже есть в этом году" in dialog.number_notice.text()
    dialog.number.setText("99.9")
    assert dialog.check_number() == [] and dialog.number_notice.isHidden()


def test_item_dialog_notices_never_move_the_form(tab, items, db, qtbot):
    """The done-date hint has its own line, the number notice follows typing, errors appear in a reserved area:
    the fields and «Сохранить» stay where they were."""
    from app.services.roadmap import get_item
    from ui.roadmap.item_dialog import ItemDialog

    dialog = ItemDialog(tab, db=db, academic_year=tab.year, item_id=items["later"])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    save = dialog.buttons.button(dialog.buttons.StandardButton.Save)

    def places() -> list:
        return [w.mapTo(dialog, w.rect().topLeft()).y() for w in
                (dialog.title_edit, dialog.status, dialog.evidence.done_date, dialog.evidence.note, save)]

    assert dialog.issues_label.isHidden()
    before = places()
    dialog.number.setText("1.2")  # typed: the notice follows the text, no focus change needed
    assert not dialog.number_notice.isHidden()
    dialog.number.setText("")
    assert "Без номера" in dialog.number_notice.text()
    dialog.number.setText("1.10")
    assert dialog.number_notice.isHidden()
    dialog.status.setCurrentIndex(dialog.status.findData("done"))
    hint = dialog.evidence.done_hint
    top = hint.mapTo(dialog, hint.rect().topLeft()).y()
    field = dialog.evidence.done_date
    assert not hint.isHidden() and top >= field.mapTo(dialog, field.rect().bottomLeft()).y()  # under, not beside
    assert dialog.evidence.done_date.width() >= 300
    dialog.title_edit.setPlainText("")
    assert not dialog.save() and dialog.issues_label.isVisible()
    qtbot.wait(10)
    assert places() == before
    dialog.title_edit.setPlainText("Формирование базы наставляемых")
    assert dialog.issues_label.isHidden()
    qtbot.wait(10)
    assert places() == before
    dialog.number.setText("")
    assert dialog.save()
    with db.session() as s:
        assert get_item(s, item_id=items["later"]).number == ""  # accepted like an import row without «№ п/п»


def test_item_dialog_shows_the_start_of_a_long_section(tab, db, qtbot, session):
    from app.services.roadmap import save_item
    from ui.roadmap.item_dialog import ItemDialog

    section = "2. Формирование нормативной базы наставничества (нормативная база)"
    item = save_item(session, academic_year=tab.year, data=RoadmapItemData(number="2.2", section=section,
                                                                           title="Разработка дорожной карты"))
    dialog = ItemDialog(tab, db=db, academic_year=tab.year, item_id=item.id)
    qtbot.addWidget(dialog)
    assert dialog.section.cursorPosition() == 0 and dialog.section.toolTip() == section
