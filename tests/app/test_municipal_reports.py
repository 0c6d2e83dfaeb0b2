"""The consolidated xlsx and the «Информационная справка» PDF of the municipality, read back."""

from __future__ import annotations

import datetime as dt
import re
import subprocess

from openpyxl import load_workbook

from app.documents.municipal_note import (change_sentence, conclusions, note_context, render_municipal_note, signatory,
                                         status_sentences, target_relation)
from app.municipality.report_xlsx import HEADER_ROW, REPORT_TITLE, SHEETS, WIDE_COLUMNS, write_report_xlsx
from tests.app.test_consolidate import Q2, Q3, Q4, TODAY, build_municipality


def _rows(ws) -> list[tuple]:  # noqa: ANN001
    """The table of a report sheet: the header row and the data below the title block."""
    return [tuple(r) for r in ws.iter_rows(min_row=HEADER_ROW, values_only=True)]


def _text(path) -> str:  # noqa: ANN001
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout


def test_xlsx_sheets_and_numbers(session, tmp_path):
    build_municipality(session)
    path = write_report_xlsx(session, period=Q3, path=tmp_path / "свод.xlsx", today=TODAY)
    wb = load_workbook(path)
    assert wb.sheetnames == list(SHEETS)  # school A's package carries personal data
    totals = {r[1]: r for r in _rows(wb["Сводные показатели"])[1:]}
    assert totals["Дети 10–18 лет — наставляемые"][2:7] == (8, 40, 20.0, 2, 3)
    assert totals["Педагоги — наставники"][2:6] == (8, 60, 13.33, 2)
    assert totals["Удовлетворённость наставляемых"][2:6] == (None, None, 65.0, 2)
    assert totals["Организации-партнёры"][2:5] == (3, None, None)
    ws = wb["Сводные показатели"]
    assert ws.freeze_panes == "A8" and ws.auto_filter.ref == "A7:H15" and ws["A7"].font.b and ws["A1"].font.b
    assert ws.page_setup.orientation == "landscape" and ws["E8"].number_format == "0.00"
    assert ws["A8"].alignment.wrap_text and ws.column_dimensions["A"].width == 40  # long titles wrap

    by_school = _rows(wb["По организациям"])
    header = by_school[0]
    assert header[:6] == ("Код", "Организация", "Состояние", "Дети 10–18 лет — наставляемые: числитель",
                          "Дети 10–18 лет — наставляемые: знаменатель", "Дети 10–18 лет — наставляемые: %")
    rows = {r[0]: r for r in by_school[1:]}
    assert list(rows) == ["52-0001", "52-0002", "52-0003", "52-0004"]
    assert rows["52-0001"][1:6] == ("Школа № 1", "сдан", 3, 10, 30.0)
    assert rows["52-0002"][2:6] == ("сдан с опозданием", 5, 30, 16.67)
    assert rows["52-0003"][2:6] == ("не сдан (просрочен)", None, None, None)
    assert rows["52-0004"][3:6] == (4, None, None)

    missing = _rows(wb["Не сдали отчёт"])  # the late school has a package: it is not listed
    assert missing == [("Код", "Организация", "Тип", "Состояние", "Срок сдачи", "Контакт"),
                       ("52-0003", "Школа № 3", "школа", "не сдан (просрочен)", dt.datetime(2026, 10, 10),
                        "school3@example.ru")]
    assert wb["Не сдали отчёт"]["E8"].number_format == "DD.MM.YYYY"

    personal = _rows(wb["Персонифицированный учёт"])
    assert personal[0][:5] == ("Код ОО", "Организация", "Роль", "ФИО", "Дата рождения")
    assert [r[:6] for r in personal[1:]] == [
        ("52-0001", "Школа № 1", "наставляемый", "Иванов Пётр Сергеевич", dt.datetime(2012, 3, 4), "обучающийся"),
        ("52-0001", "Школа № 1", "наставник", "Смирнова Ольга Ивановна", None, "педагог")]
    assert personal[2][10] == "ООО «Ромашка»"  # the mentor without names (ИП Петров's one) is not listed
    assert not list(tmp_path.glob(".*.tmp"))


def test_xlsx_sheets_have_title_rows_and_print_setup(session, tmp_path):
    build_municipality(session)
    wb = load_workbook(write_report_xlsx(session, period=Q3, path=tmp_path / "свод.xlsx", today=TODAY))
    for ws in wb:
        title = [ws.cell(row=n, column=1).value for n in range(1, HEADER_ROW)]
        assert title[:4] == [REPORT_TITLE, "за III квартал 2026 года",
                             "Управление образования администрации города Заречный", "Дата формирования: 26.11.2026"]
        assert title[4] and title[5] is None and ws.cell(row=HEADER_ROW, column=1).value.startswith("Код") \
            or ws.title == "Сводные показатели"
        assert ws.print_title_rows == "$7:$7" and ws.auto_filter.ref.startswith("A7:")
        assert ws.freeze_panes in ("A8", "C8")
        assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
        wide = ws.max_column > WIDE_COLUMNS  # printed at 100 % across pages, code and name repeated
        assert ws.page_setup.fitToHeight == 0 and ws.sheet_properties.pageSetUpPr.fitToPage is not wide
        assert (ws.print_title_cols == "$A:$B") if wide else not ws.print_title_cols
    assert wb["По организациям"].max_column > WIDE_COLUMNS
    headers = [c.value for c in wb["По организациям"][HEADER_ROW]]
    assert not any("Удовлетвор" in h and ("числитель" in h or "знаменатель" in h) for h in headers)
    assert wb["Не сдали отчёт"]["A5"].value == "Организации, не представившие отчёт за квартал (срок — 10.10.2026)"
    assert wb["По организациям"].freeze_panes == "C8"  # code and name stay visible when scrolling sideways


def test_xlsx_without_personal_data_has_no_personal_sheet(session, tmp_path):
    build_municipality(session)
    wb = load_workbook(write_report_xlsx(session, period=Q4, path=tmp_path / "q4.xlsx", today=TODAY))
    assert wb.sheetnames == list(SHEETS[:3])
    assert [r[0] for r in _rows(wb["Не сдали отчёт"])[1:]] == ["52-0002", "52-0003", "52-0004"]
    assert {r[3] for r in _rows(wb["Не сдали отчёт"])[1:]} == {"не сдан (ожидается)"}
    assert wb["Не сдали отчёт"]["G2"].value is None  # no «Получен» column: nobody listed has a package
    totals = {r[1]: r for r in _rows(wb["Сводные показатели"])[1:]}
    assert totals["Дети 10–18 лет — наставляемые"][2:6] == (6, 10, 60.0, 1)


def test_note_context_trend_periods(session):
    build_municipality(session)
    note = note_context(session, period=Q3, today=TODAY)
    assert note.trend_periods == ("2026-Q2", "2026-Q3") and note.deadline == dt.date(2026, 10, 10)
    assert note_context(session, period=Q4, today=TODAY).trend_periods == (Q2.code, Q3.code, Q4.code)


def test_pdf_note_text_and_fonts(session, tmp_path):
    build_municipality(session)
    path = render_municipal_note(session, period=Q3, path=tmp_path / "справка.pdf", today=TODAY)
    text = _text(path)
    flat = re.sub(r"\s+", " ", text)
    assert "Управление образования администрации города Заречный" in text and "ИНФОРМАЦИОННАЯ СПРАВКА" in text
    assert "о реализации целевой модели наставничества за III квартал 2026 года" in flat and "26.11.2026" in text
    assert "Срок представления отчётов за III квартал 2026 года — 10.10.2026." in flat
    assert "Отчёты представили 3 из 4 организаций (75,0 %), в том числе с опозданием — 1." in flat
    assert "Не представили отчёт в установленный срок — 1: Школа № 3." in flat and "ожидается" not in flat
    assert "Таблица 1. Организации, не представившие отчёт в срок" in text
    assert re.search(r"52-0002\s+Гимназия № 2\s+сдан с опозданием\s+12\.10\.2026", text)
    assert re.search(r"Дети 10–18 лет — наставляемые\s+8\s+40\s+20,0 %\s+2 из 3", text)
    assert re.search(r"Удовлетворённость наставляемых\s+—\s+—\s+65,0 %\s+2 из 3", text)
    assert "разных по названию в пакетах — 2" in flat
    assert "Рисунок 1. Значения показателей по муниципалитету" in text and "Рисунок 2. Динамика" in text
    assert "II кв. 2026" in text and "III кв. 2026" in text
    assert "По сравнению с II кварталом 2026 года значение «Дети 10–18 лет — наставляемые» выросло на 10,0 п. п. " \
           "(с 10,0 % до 20,0 %)." in flat and "(по 40 ответам)" in flat
    assert "организациями, не сдавшими их в установленный срок (1)" in flat
    assert re.search(r"\n *Главный специалист +_+ +И\.П\. Кузнецова *\n", text)  # one line, ГОСТ Р 7.0.97
    assert re.findall(r"\d\.\d", re.sub(r"\d\d\.\d\d\.\d{4}|\d\.\d\d\.\d{4}", "", text)) == []  # decimal commas
    fonts = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout
    lines = fonts.splitlines()[2:]
    assert lines and all("LiberationSerif" in line and " yes " in line for line in lines)


def test_pdf_single_quarter_without_reports(session, tmp_path):
    from db.engine import transaction
    from db.models_municipality import MunicipalSchool

    with transaction(session):
        session.add(MunicipalSchool(code="1", short_name="Школа"))
    flat = re.sub(r"\s+", " ", _text(render_municipal_note(session, period=Q4, path=tmp_path / "e.pdf",
                                                          today=TODAY)))
    assert "Срок представления отчётов за IV квартал 2026 года не установлен." in flat
    assert "Отчёты представили 0 из 1 организации" in flat and "Отчёт ожидается (срок не установлен) — 1: Школа." in flat
    assert "Показатели за квартал не рассчитаны" in flat and "Рисунок" not in flat


def test_pdf_note_before_the_deadline_awaits_instead_of_blaming(session, tmp_path):
    from db.engine import transaction
    from db.models_municipality import MunicipalityProfile

    build_municipality(session)
    with transaction(session):
        session.get(MunicipalityProfile, 1).specialist = "Петрова Анна Сергеевна, главный специалист"
    text = _text(render_municipal_note(session, period=Q4, path=tmp_path / "q4.pdf", today=TODAY))
    flat = re.sub(r"\s+", " ", text)
    assert "Отчёты представили 1 из 4 организаций (25,0 %)." in flat
    assert "Отчёт ожидается (срок — 15.01.2027) — 3: Гимназия № 2, Школа № 3, Колледж." in flat
    assert "не представившие отчёт" not in flat and "Не представили" not in flat and "не сдавшими" not in flat
    assert "Таблица 1. Показатели по муниципалитету" in flat
    assert "Отчёты 3 организаций ожидаются (срок — 15.01.2027)" in flat
    assert re.search(r"\n *Главный специалист +_+ +А\.С\. Петрова *\n", text)


def test_status_sentences_split_overdue_and_awaiting(session):
    import dataclasses

    from app.municipality.consolidate import AWAITING, OVERDUE

    build_municipality(session)
    note = note_context(session, period=Q3, today=TODAY)
    statuses = list(note.statuses)
    statuses[3] = dataclasses.replace(statuses[3], status=AWAITING)  # e.g. a school added after the deadline
    lines = status_sentences(dataclasses.replace(note, statuses=tuple(statuses)))
    assert lines[2:] == ["Не представили отчёт в установленный срок — 1: Школа №\u00a03.",
                         "Отчёт ожидается (срок — 10.10.2026) — 1: Колледж."]
    assert statuses[2].status == OVERDUE


def test_signatory_follows_gost():
    assert signatory("Петрова Анна Сергеевна") == ("Ответственный специалист", "А.С. Петрова")
    assert signatory("Петрова  Анна Сергеевна, главный специалист") == ("Главный специалист", "А.С. Петрова")
    assert signatory("ведущий специалист, Кузнецова И.П.") == ("Ведущий специалист", "И.П. Кузнецова")
    assert signatory("Главный специалист И. П. Кузнецова") == ("Главный специалист", "И.П. Кузнецова")
    assert signatory("Салтыкова-Щедрина Анна Сергеевна") == ("Ответственный специалист", "А.С. Салтыкова-Щедрина")
    assert signatory("Петрова Анна") == ("Ответственный специалист", "Петрова Анна")  # not three words: as is
    assert signatory("") == ("Ответственный специалист", "")


def test_change_and_target_wording():
    assert change_sentence("X", "2026-Q2", 8.43, 8.41) == \
        "По сравнению с II кварталом 2026 года значение «X» не изменилось (8,4 %)."
    assert change_sentence("X", "2026-Q2", 8.66, 8.63) == \
        "По сравнению с II кварталом 2026 года значение «X» снизилось незначительно (с 8,7 % до 8,6 %)."
    assert change_sentence("X", "2026-Q3", 8.5, 8.4) == \
        "По сравнению с III кварталом 2026 года значение «X» снизилось на 0,1 п. п. (с 8,5 % до 8,4 %)."
    assert change_sentence("X", "2026-Q3", 10.0, 12.25).endswith("выросло на 2,3 п. п. (с 10,0 % до 12,3 %).")
    assert target_relation(7.9) == "что ниже целевого значения 70,0 %"
    assert target_relation(70.01) == "что соответствует целевому значению 70,0 %"
    assert target_relation(71.0) == "что выше целевого значения 70,0 %"


def test_conclusions_main_indicator_sentence(session):
    import dataclasses

    from app.municipality.consolidate import TotalValue

    build_municipality(session)
    note = note_context(session, period=Q3, today=TODAY)
    main = TotalValue(code="students_involved", title="", numerator=79, denominator=1000, percent=7.9, schools=2,
                      reported=2)
    lines = conclusions(dataclasses.replace(note, totals=(*note.totals, main)))
    assert ("Доля обучающихся, вовлечённых в различные формы наставничества, составила 7,9 %, что ниже "
            "целевого значения 70,0 %.") in lines
