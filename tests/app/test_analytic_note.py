"""The «Аналитическая справка» PDF read back with pdftotext: title, period, percentages, conclusions, font."""

from __future__ import annotations

import datetime as dt
import re
import subprocess

from app.documents.analytic_note import note_context, render_analytic_note
from app.settings import save_settings
from tests.app.test_survey_analytics import build_sample

D = dt.date


def _text(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_note_has_the_numbers_with_decimal_commas(session, tmp_path):
    build_sample(session)
    path = render_analytic_note(session, path=tmp_path / "справка.pdf", date_from=D(2026, 9, 1),
                                date_to=D(2026, 12, 20), today=D(2026, 12, 21))
    text = _text(path)
    flat = _flat(text)
    assert "АНАЛИТИЧЕСКАЯ СПРАВКА" in text and "21.12.2026" in text
    assert "по итогам мониторинга удовлетворённости участников программы наставничества" in flat
    assert "за период с 01.09.2026 по 20.12.2026" in flat
    assert "Средняя школа № 1" in flat
    assert re.search(r"Наставляемые\s+3\s+76,7 %\s+66,7 %\s+76,7 %", text)
    assert re.search(r"Наставники\s+2\s+85,0 %\s+100,0 %\s+85,0 %", text)
    assert "для показателей используется расчёт по среднему баллу" in flat
    assert re.search(r"ученик – ученик\s+1\s+0\s+1\s+3", text)  # one pair, one mentee, three meetings
    assert "Уровень удовлетворённости наставляемых составил 76,7 %" in flat
    assert "по доле оценок 7 баллов и выше — 66,7 %" in flat
    assert "(+3,0 балла)" in flat and "после 1 из 2 рабочих встреч (50,0 %)" in flat
    assert re.search(r"1н\s+5,00\s+8,00\s+\+3,00\s+3\s*/\s*3", text)  # the question text wraps around the row
    assert "Рисунок 1. Распределение оценок общей удовлетворённости" in text and "Рисунок 2." in text
    assert "Куратор программы наставничества" in text and "О.И. Смирнова" in text
    assert re.findall(r"\d\.\d", re.sub(r"\d\d\.\d\d\.\d{4}", "", text)) == []  # decimal commas only
    fonts = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout
    assert "LiberationSerif" in fonts and "Helvetica" not in fonts  # the charts too: nothing unembedded


def test_share_method_is_the_one_used_for_indicators_when_chosen(session, tmp_path):
    build_sample(session)
    save_settings(session, changes={"satisfaction_method": "share7"})
    flat = _flat(_text(render_analytic_note(session, path=tmp_path / "s.pdf", date_from=D(2026, 9, 1),
                                            date_to=D(2026, 12, 20), title_period="(декабрь 2026 года)")))
    assert "(декабрь 2026 года)" in flat
    assert "Уровень удовлетворённости наставляемых составил 66,7 % (по доле оценок 7 баллов и выше" in flat
    assert "используется расчёт по доле ответивших на 7 баллов и выше" in flat


def test_empty_period_says_no_data(session, tmp_path):
    build_sample(session)
    context = note_context(session, date_from=D(2027, 1, 1), date_to=D(2027, 1, 31))
    assert context.meetings == 0 and context.report.mentee.n == 0
    flat = _flat(_text(render_analytic_note(session, path=tmp_path / "e.pdf", date_from=D(2027, 1, 1),
                                            date_to=D(2027, 1, 31))))
    assert "Данных об удовлетворённости наставляемых за период нет" in flat
    assert "нет данных" in flat and "Рисунок" not in flat
