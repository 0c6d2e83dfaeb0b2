"""The printed order: read back with pdftotext, font embedded (pdffonts), written atomically."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from app.documents.order import render_order
from app.errors import StorageError
from app.services.orders import AppendixRow, OrderContext

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None or shutil.which("pdffonts") is None,
                                reason="poppler-utils (pdftotext, pdffonts) is not installed")

SURNAMES = ("Иванов", "Петров", "Сидоров", "Кузнецов", "Смирнов", "Попов", "Лебедев", "Ёлкин", "Щукин", "Фёдоров")
FIRST = ("Пётр", "Иван", "Сергей", "Алексей", "Дмитрий")


def context(pairs: int = 3, *, kind: str = "approve") -> OrderContext:
    rows = []
    for n in range(1, pairs + 1):
        mentor = f"{SURNAMES[n % 10]}а {FIRST[n % 5][:-1]}на Викторовна{n}"
        mentees = tuple(f"{SURNAMES[(n + k) % 10]} {FIRST[(n + k) % 5]} Ильич{n}x{k} ({5 + k}Б)"
                        for k in range(1 if n % 4 else 3))
        rows.append(AppendixRow(number=n, group_id=n, mentor=mentor, mentor_position="учитель математики",
                                mentees=mentees, form="учитель – ученик", role_model="успевающий – неуспевающий",
                                kind="традиционное («один на один»)", term="с 28.09.2026 по 31.05.2027",
                                change="расформирована" if kind == "amend" else ""))
    return OrderContext(
        organization="Муниципальное бюджетное общеобразовательное учреждение «Средняя школа № 1»",
        short_name="МБОУ СШ № 1", place="Лукояновский муниципальный округ", number="12-о", date=dt.date(2026, 9, 25),
        title="Об утверждении наставнических пар (групп) на 2026/2027 учебный год", kind=kind,
        preamble="В соответствии с Положением о наставничестве в МБОУ СШ № 1, утверждённым приказом от 01.09.2026 "
                 "№ 41, в целях реализации целевой модели наставничества,",
        items=("Утвердить наставнические пары (группы) на 2026/2027 учебный год согласно приложению.",
               "Контроль за исполнением приказа оставляю за собой."),
        director_position="Директор", director_signature="А.С. Петрова", appendix=tuple(rows),
        acquainted=tuple(sorted({r.mentor for r in rows} | {"Смирнова Ольга Ивановна"})))


def pdftotext(path: Path, *layout: str) -> str:
    return subprocess.run(["pdftotext", *layout, str(path), "-"], capture_output=True, text=True, encoding="utf-8",
                          check=True).stdout


def flat(text: str) -> str:
    return " ".join(text.split())


def column(path: Path, index: int) -> str:
    """The text of one appendix column on every page (pdftotext cropped to the column), flattened."""
    from app.documents.base import MARGIN_LEFT, MM, PAGE_HEIGHT
    from app.documents.order import APPENDIX_WIDTHS

    left = MARGIN_LEFT + sum(APPENDIX_WIDTHS[:index]) * MM
    crop = ["-x", str(int(left) + 1), "-y", "0", "-W", str(int(APPENDIX_WIDTHS[index] * MM) - 2),
            "-H", str(int(PAGE_HEIGHT))]
    return flat(pdftotext(path, *crop))


def test_order_reads_back(tmp_path):
    c = context(30)
    path = render_order(context=c, path=tmp_path / "order.pdf")
    assert path == tmp_path / "order.pdf"
    layout = pdftotext(path, "-layout")
    assert "ПРИКАЗ" in layout and "ПРИКАЗЫВАЮ:" in layout
    assert re.search(r"25\.09\.2026\s+№ 12-о", layout)
    assert "Об утверждении наставнических пар (групп) на 2026/2027 учебный год" in layout
    assert "Лукояновский муниципальный округ" in layout
    assert re.search(r"Директор\s+_+\s+А\.С\. Петрова", layout)
    assert "Приложение" in layout and "к приказу от 25.09.2026 № 12-о" in layout
    assert "С приказом ознакомлены:" in layout
    assert "«Средняя школа № 1»" in layout and "(«один на" in layout  # ёлочки survive
    mentors, mentees = column(path, 1), column(path, 2)
    for row in c.appendix:
        assert f"{row.mentor} (учитель математики)" in mentors
        for name in row.mentees:
            assert name in mentees
    for name in c.acquainted:
        assert name in layout  # one line each on the «ознакомлены» sheet


def test_page_numbers_from_page_two_and_repeated_header(tmp_path):
    path = render_order(context=context(60), path=tmp_path / "order.pdf")
    pages = pdftotext(path, "-layout").split("\f")
    pages = [p for p in pages if p.strip()]
    assert len(pages) >= 4
    assert not pages[0].strip().splitlines()[0].strip().isdigit()  # no number on the first page
    for n, page in enumerate(pages[1:], start=2):
        assert page.strip().splitlines()[0].strip() == str(n)
    appendix = [p for p in pages if "Наставляемый(е)" in p]
    assert len(appendix) >= 2, "the appendix spans pages and repeats its header row"


def test_font_embedded(tmp_path):
    path = render_order(context=context(5, kind="amend"), path=tmp_path / "order.pdf")
    report = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    fonts = report.splitlines()[2:]
    assert fonts and all("LiberationSerif" in line for line in fonts), report
    for line in fonts:
        assert line.split()[-5] == "yes", line  # the «emb» column
    layout = pdftotext(path, "-layout")
    assert "Изменение" in layout and layout.count("расформирована") == 5


def test_written_atomically(tmp_path, monkeypatch):
    target = tmp_path / "order.pdf"
    target.write_bytes(b"old")

    import app.documents.order as module

    def broken(path, story, **kwargs):  # noqa: ANN001, ANN003
        Path(path).write_bytes(b"%PDF-half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(module, "build_pdf", broken)
    with pytest.raises(StorageError, match="order.pdf"):
        render_order(context=context(1), path=target)
    assert target.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["order.pdf"]
    with pytest.raises(StorageError, match="не найдена"):
        render_order(context=context(1), path=tmp_path / "missing" / "order.pdf")


def test_fonts_and_licence_bundled():
    from importlib.resources import files

    folder = files("resources") / "fonts"
    names = {p.name for p in folder.iterdir()}
    assert {"LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf", "LiberationSerif-Italic.ttf",
            "LiberationSerif-BoldItalic.ttf", "LICENSE-LiberationFonts.txt"} <= names
    assert "SIL OPEN FONT LICENSE Version 1.1" in (folder / "LICENSE-LiberationFonts.txt").read_text(encoding="utf-8")
