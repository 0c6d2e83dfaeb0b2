"""The consolidated xlsx and the «Информационная справка» PDF of the municipality, read back."""

from __future__ import annotations

import datetime as dt
import re
import subprocess

from openpyxl import load_workbook

from app.documents.municipal_note import note_context, render_municipal_note
from app.municipality.report_xlsx import SHEETS, write_report_xlsx
from tests.app.test_consolidate import Q2, Q3, Q4, TODAY, build_municipality


def _rows(ws) -> list[tuple]:  # noqa: ANN001
    return [tuple(r) for r in ws.iter_rows(values_only=True)]


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
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:H9" and ws["A1"].font.b
    assert ws.page_setup.orientation == "landscape" and ws["E2"].number_format == "0.00"

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

    missing = _rows(wb["Не сдали отчёт"])
    assert missing[0] == ("Код", "Организация", "Тип", "Состояние", "Срок сдачи", "Получен", "Контакт")
    assert [r[:5] for r in missing[1:]] == [
        ("52-0002", "Гимназия № 2", "школа", "сдан с опозданием", dt.datetime(2026, 10, 10)),
        ("52-0003", "Школа № 3", "школа", "не сдан (просрочен)", dt.datetime(2026, 10, 10))]
    assert missing[1][5].date() == dt.date(2026, 10, 12) and missing[2][5] is None
    assert missing[1][6] == "+7 900 000-00-02"  # formula-like text stays text
    assert wb["Не сдали отчёт"]["G2"].quotePrefix and wb["Не сдали отчёт"]["E2"].number_format == "DD.MM.YYYY"

    personal = _rows(wb["Персонифицированный учёт"])
    assert personal[0][:5] == ("Код ОО", "Организация", "Роль", "ФИО", "Дата рождения")
    assert [r[:6] for r in personal[1:]] == [
        ("52-0001", "Школа № 1", "наставляемый", "Иванов Пётр Сергеевич", dt.datetime(2012, 3, 4), "обучающийся"),
        ("52-0001", "Школа № 1", "наставник", "Смирнова Ольга Ивановна", None, "педагог")]
    assert personal[2][10] == "ООО «Ромашка»"  # the mentor without names (ИП Петров's one) is not listed
    assert not list(tmp_path.glob(".*.tmp"))


def test_xlsx_without_personal_data_has_no_personal_sheet(session, tmp_path):
    build_municipality(session)
    wb = load_workbook(write_report_xlsx(session, period=Q4, path=tmp_path / "q4.xlsx", today=TODAY))
    assert wb.sheetnames == list(SHEETS[:3])
    assert [r[0] for r in _rows(wb["Не сдали отчёт"])[1:]] == ["52-0002", "52-0003", "52-0004"]
    assert {r[3] for r in _rows(wb["Не сдали отчёт"])[1:]} == {"не сдан (ожидается)"}
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
    assert "Не представили отчёт — 1: Школа № 3." in flat
    assert re.search(r"52-0002\s+Гимназия № 2\s+сдан с опозданием\s+12\.10\.2026", text)
    assert re.search(r"Дети 10–18 лет — наставляемые\s+8\s+40\s+20,0 %\s+2 из 3", text)
    assert re.search(r"Удовлетворённость наставляемых\s+—\s+—\s+65,0 %\s+2 из 3", text)
    assert "разных по названию в пакетах — 2" in flat
    assert "Рисунок 1. Значения показателей по муниципалитету" in text and "Рисунок 2. Динамика" in text
    assert "II кв. 2026" in text and "III кв. 2026" in text
    assert "выросло на 10,0 п. п." in flat and "(по 40 ответам)" in flat
    assert "Ответственный специалист" in text and "Главный специалист И.П. Кузнецова" in flat
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
    assert "Отчёты представили 0 из 1 организации" in flat and "Не представили отчёт — 1: Школа." in flat
    assert "Показатели за квартал не рассчитаны" in flat and "Рисунок" not in flat
