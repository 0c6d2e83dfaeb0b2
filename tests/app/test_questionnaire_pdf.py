"""The blank questionnaire PDF: title, respondent, every question and its answer form, several copies."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from app.documents.questionnaire import BOX, render_blank, render_blanks
from app.schemas_surveys import Question, TemplateData

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")

TEMPLATE = TemplateData(
    title="Анкета наставляемого (итоговая)", description="Оцените в баллах от 1 до 10.",
    questions=(Question(key="q1", text="Насколько полезными были встречи?", type="scale", min=1, max=10),
               Question(key="q2", text="Хотели бы вы продолжить?", type="yesno", required=True),
               Question(key="q3", text="Какой формат удобнее?", type="choice", options=("очно", "дистанционно")),
               Question(key="q4", text="Что было самым ценным?", type="text")))


def text_of(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout


def test_blank_shows_title_respondent_questions_and_answer_forms(tmp_path):
    path = render_blank(template=TEMPLATE, path=tmp_path / "blank.pdf", school_name="МБОУ СШ № 1",
                        respondent="Иванов Пётр Сергеевич", pair_label="Ёлкина С. В. — Иванов П. С.",
                        date_text="01.12.2026")
    text = text_of(path)
    assert "АНКЕТА НАСТАВЛЯЕМОГО (ИТОГОВАЯ)" in text
    assert "МБОУ СШ № 1" in text
    assert "ФИО: Иванов Пётр Сергеевич" in text
    assert "Ёлкина С. В. — Иванов П. С." in text and "01.12.2026" in text
    assert "Оцените в баллах от 1 до 10." in text
    for n, q in enumerate(TEMPLATE.questions, start=1):
        assert f"{n}. {q.text}" in text
    assert " ".join(str(n) for n in range(1, 11)) in " ".join(text.split())  # the scale row 1 … 10
    assert f"{BOX} да" in text and f"{BOX} нет" in text  # the box glyph survives (the font has it)
    assert f"{BOX} очно" in text and f"{BOX} дистанционно" in text
    assert "обязательный вопрос" in text
    assert not list(tmp_path.glob("*.tmp*"))  # written atomically, nothing left behind
    fonts = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout
    assert "LiberationSerif" in fonts and "Helvetica" not in fonts  # every font embedded, none by reference


def test_empty_blank_leaves_a_line_for_the_name(tmp_path):
    text = text_of(render_blank(template=TEMPLATE, path=tmp_path / "empty.pdf"))
    assert "ФИО: ____" in text
    assert "Пара (группа)" not in text


def test_several_copies_make_one_pdf_with_a_page_each(tmp_path):
    copies = [{"respondent": name, "pair_label": "пара"} for name in ("Иванов Пётр", "Петрова Алёна", "Ёлкина С. В.")]
    path = render_blanks(template=TEMPLATE, path=tmp_path / "pair.pdf", copies=copies)
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    assert re.search(r"^Pages:\s+3$", info, re.M)
    pages = text_of(path).split("\f")
    for page, copy in zip(pages, copies, strict=False):
        assert f"ФИО: {copy['respondent']}" in page


def test_long_scales_and_long_templates_still_render(tmp_path):
    many = tuple(Question(key=f"q{n}", text=f"Вопрос номер {n} " + "очень длинный текст " * 6, type="scale")
                 for n in range(1, 25))
    wide = Question(key="w", text="Сколько часов в неделю?", type="scale", min=0, max=40)
    path = render_blank(template=TemplateData(title="Длинная анкета", questions=(*many, wide)),
                        path=tmp_path / "long.pdf")
    text = text_of(path)
    assert "24. Вопрос номер 24" in text and "Число от 0 до 40" in text
