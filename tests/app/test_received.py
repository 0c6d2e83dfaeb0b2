"""Received packages for the «Пакеты» view, per-file import results and the saved import report."""

from __future__ import annotations

import datetime as dt

import pytest

from app.municipality.importer import import_paths
from app.municipality.received import (counts_line, import_result_rows, list_received, period_title,
                                       received_periods, write_import_report)
from tests.app.test_municipality_import import TODAY, demo_package, encrypted, put, resealed, setup_municipality


@pytest.fixture
def imported(session, tmp_path):
    """52-0313 twice (old, then a newer resubmission), 52-0314 plain, a 2026-Q3 package, a broken and a text file."""
    public = setup_municipality(session, tmp_path)
    folder = tmp_path / "stick"
    put(folder, "a_52-0313.mdpkg", encrypted(resealed(demo_package(), created_at="2026-11-20T10:00:00Z"), public))
    put(folder, "b_52-0313.mdpkg", encrypted(resealed(demo_package(), created_at="2026-11-25T10:00:00Z"), public))
    put(folder, "c_52-0314.mdpkg", resealed(demo_package(), code="52-0314"))
    q3 = resealed(demo_package(), code="52-0315", head={"period": {"code": "2026-Q3", "start": "2026-07-01",
                                                                  "end": "2026-09-30"}},
                  members={"data/indicators.json": {**_indicators(), "period": "2026-Q3"}})
    put(folder, "d_52-0315_q3.mdpkg", encrypted(q3, public))
    put(folder, "e_broken.mdpkg", encrypted(demo_package(), public)[:300])
    put(folder, "f_unknown.mdpkg", encrypted(resealed(demo_package(), code="99-0001"), public))
    put(folder, "readme.txt", "Пакеты школ".encode())
    summary = import_paths(session, paths=[folder], today=TODAY)
    return session, summary


def _indicators() -> dict:
    import tempfile
    from pathlib import Path

    from app.package import open_package

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "p.mdpkg"
        path.write_bytes(demo_package())
        return dict(open_package(path=path).indicators)


def test_list_received_filters_and_order(imported):
    session, summary = imported
    assert len(summary.accepted) == 3 and len(summary.replaced) == 1, summary.lines()
    rows = list_received(session)
    assert [(r.period, r.school_code, r.file_name, r.current) for r in rows] == [
        ("2026-Q4", "52-0313", "b_52-0313.mdpkg", True), ("2026-Q4", "52-0313", "a_52-0313.mdpkg", False),
        ("2026-Q4", "52-0314", "c_52-0314.mdpkg", True), ("2026-Q3", "52-0315", "d_52-0315_q3.mdpkg", True)]
    assert rows[1].superseded_at is not None and not rows[2].encrypted and rows[0].encrypted
    assert [r.file_name for r in list_received(session, include_replaced=False, period="2026-Q4")] == [
        "b_52-0313.mdpkg", "c_52-0314.mdpkg"]
    school = rows[0].school_id
    assert [r.file_name for r in list_received(session, school_id=school)] == ["b_52-0313.mdpkg", "a_52-0313.mdpkg"]
    assert list_received(session, period="2025-Q1") == []
    assert received_periods(session) == ["2026-Q4", "2026-Q3"]


def test_import_result_rows_name_every_file(imported):
    session, summary = imported
    rows = import_result_rows(session, summary=summary)
    by_name = {r.file_name: r for r in rows}
    assert [r.outcome for r in rows][:2] == ["rejected", "rejected"]  # rejections first
    assert set(by_name) == {"a_52-0313.mdpkg", "b_52-0313.mdpkg", "c_52-0314.mdpkg", "d_52-0315_q3.mdpkg",
                            "e_broken.mdpkg", "f_unknown.mdpkg", "readme.txt"}
    assert by_name["b_52-0313.mdpkg"].label == "принят, заменил прежний"
    assert by_name["b_52-0313.mdpkg"].school == "52-0313 · СШ № 1"
    assert by_name["d_52-0315_q3.mdpkg"].period_title == "III квартал 2026 года"
    assert "не зарегистрирована" in by_name["f_unknown.mdpkg"].details
    assert by_name["c_52-0314.mdpkg"].warnings == ("пакет не зашифрован",)
    assert by_name["readme.txt"].label == "пропущен" and by_name["readme.txt"].details == "не пакет MentorDesk"
    assert counts_line(summary) == "Принято 3 · Заменено 1 · Без изменений 0 · Отклонено 2 · Пропущено 1"


def test_report_as_xlsx_and_text(imported, tmp_path):
    from openpyxl import load_workbook

    session, summary = imported
    rows = import_result_rows(session, summary=summary)
    book = write_import_report(path=tmp_path / "итоги.xlsx", rows=rows, heading=counts_line(summary))
    ws = load_workbook(book).active
    values = list(ws.iter_rows(values_only=True))
    assert values[0][:6] == ("Файл", "Результат", "Код ОО", "Организация", "Квартал", "Причина, примечания")
    assert len(values) == 1 + len(rows)
    assert ("c_52-0314.mdpkg", "принят", "52-0314", "СШ № 2", "IV квартал 2026 года",
            "пакет не зашифрован") in [v[:6] for v in values]
    text = write_import_report(path=tmp_path / "итоги.txt", rows=rows, heading=counts_line(summary))
    content = text.read_text(encoding="utf-8-sig")
    assert content.startswith("Принято 3 · Заменено 1")
    assert "«f_unknown.mdpkg» — отклонён: школа с кодом «99-0001» не зарегистрирована" in content


def test_period_title_is_lenient():
    assert period_title("2026-Q4") == "IV квартал 2026 года"
    assert period_title("") == "" and period_title("непонятно") == "непонятно"


def test_a_package_older_than_the_current_one_is_listed_as_history(session, tmp_path):
    public = setup_municipality(session, tmp_path)
    new = put(tmp_path / "a", "new.mdpkg", encrypted(resealed(demo_package(), created_at="2026-11-25T10:00:00Z"),
                                                     public))
    old = put(tmp_path / "b", "old.mdpkg", encrypted(resealed(demo_package(), created_at="2026-11-20T10:00:00Z"),
                                                     public))
    import_paths(session, paths=[new], today=TODAY)
    summary = import_paths(session, paths=[old], today=TODAY)
    assert counts_line(summary) == "Принято 0 · Заменено 0 · В историю 1 · Без изменений 0 · Отклонено 0"
    (row,) = import_result_rows(session, summary=summary)
    assert (row.outcome, row.label, row.details) == ("historical", "сохранён в истории (уже есть более новый пакет)",
                                                     "действующим остаётся пакет, созданный " + dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.timezone.utc).astimezone().strftime("%d.%m.%Y %H:%M"))


def test_rejected_plain_packages_are_named_in_the_results(session, tmp_path):
    public = setup_municipality(session, tmp_path)
    put(tmp_path / "stick", "1_sealed.mdpkg", encrypted(demo_package(), public))
    put(tmp_path / "stick", "2_plain.mdpkg", resealed(demo_package(), created_at="2026-11-26T08:00:00Z"))
    summary = import_paths(session, paths=[tmp_path / "stick"], today=TODAY)
    rows = {r.file_name: r for r in import_result_rows(session, summary=summary)}
    assert rows["1_sealed.mdpkg"].outcome == "accepted" and rows["2_plain.mdpkg"].outcome == "rejected"
    assert "уже получен зашифрованный пакет" in rows["2_plain.mdpkg"].details
    assert counts_line(summary) == "Принято 1 · Заменено 0 · Без изменений 0 · Отклонено 1"
