"""The in-app PDF preview: a real order loads, zoom, «Сохранить как…», printing to a PDF printer, bad files."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="module")
def _rendered_order(tmp_path_factory, demo_snapshot) -> tuple[Path, str]:
    """A real order PDF written once per module by render_order over the demo data (fill_demo 80, seed 3)."""
    import shutil

    from app.database import open_database
    from app.documents.order import render_order
    from app.services.orders import list_orders, order_context

    folder = tmp_path_factory.mktemp("order")
    school = folder / "school.sqlite3"
    shutil.copyfile(demo_snapshot(mentees=80, seed=3)[0], school)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MENTORDESK_HOME", str(folder / "home"))
        database = open_database(school)
        try:
            with database.session() as session:
                row = list_orders(session)[0]
                path = render_order(context=order_context(session, order_id=row.id), path=folder / "приказ.pdf")
        finally:
            database.close()
    return path, f"Приказ {row.label}"


@pytest.fixture
def order_pdf(_rendered_order, tmp_path) -> tuple[Path, str]:
    """This test's own copy of the real order PDF; (path, the order's label)."""
    import shutil

    rendered, title = _rendered_order
    path = tmp_path / "приказ.pdf"
    shutil.copyfile(rendered, path)
    return path, title


@pytest.fixture
def preview(qtbot, order_pdf):
    from ui.pdf_preview import PdfPreviewDialog

    path, title = order_pdf
    dialog = PdfPreviewDialog(None, path=path, title=title)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _pages(path: Path) -> int:
    from PySide6.QtPdf import QPdfDocument

    document = QPdfDocument()
    assert document.load(str(path)) == QPdfDocument.Error.None_
    return document.pageCount()


def test_a_real_order_loads_with_its_title_and_pages(preview, order_pdf):
    from PySide6.QtPdfWidgets import QPdfView

    path, title = order_pdf
    assert preview.loaded and preview.page_count() == _pages(path) > 1
    assert preview.title_label.text() == title and title in preview.windowTitle()
    assert preview.pages_label.text() == f"Страница 1 из {preview.page_count()}"
    assert preview.view.pageMode() == QPdfView.PageMode.MultiPage
    assert preview.view.zoomMode() == QPdfView.ZoomMode.FitToWidth
    assert preview.note_label.isHidden()
    assert preview.print_button.isEnabled() and not preview.fit_button.isEnabled()


def test_zoom_in_out_and_fit_width(preview, qtbot):
    from PySide6.QtPdfWidgets import QPdfView

    fitted = preview.effective_zoom()
    assert preview.zoom_label.text() == f"{round(fitted * 100)} %"
    qtbot.mouseClick(preview.zoom_in_button, _left())
    assert preview.view.zoomMode() == QPdfView.ZoomMode.Custom
    assert preview.view.zoomFactor() == pytest.approx(fitted * 1.25)
    assert preview.zoom_label.text() == f"{round(fitted * 125)} %" and preview.fit_button.isEnabled()
    qtbot.mouseClick(preview.zoom_out_button, _left())
    qtbot.mouseClick(preview.zoom_out_button, _left())
    assert preview.view.zoomFactor() == pytest.approx(fitted / 1.25)
    for _ in range(20):
        preview.zoom_out()
    assert preview.view.zoomFactor() == pytest.approx(0.25) and not preview.zoom_out_button.isEnabled()
    for _ in range(20):
        preview.zoom_in()
    assert preview.view.zoomFactor() == pytest.approx(4.0) and not preview.zoom_in_button.isEnabled()
    qtbot.mouseClick(preview.fit_button, _left())
    assert preview.view.zoomMode() == QPdfView.ZoomMode.FitToWidth and not preview.fit_button.isEnabled()
    assert preview.zoom_in_button.isEnabled() and preview.zoom_out_button.isEnabled()


def _left():
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton


def test_save_as_copies_the_file(preview, order_pdf, monkeypatch, tmp_path):
    from ui import pdf_preview

    path, title = order_pdf
    asked = []
    target = tmp_path / "копии" / "копия.pdf"
    target.parent.mkdir()
    monkeypatch.setattr(pdf_preview, "ask_save_path", lambda parent, default: asked.append(default) or target)
    assert preview.save_as() == target
    assert asked == [f"{title}.pdf"] and target.read_bytes() == path.read_bytes()
    monkeypatch.setattr(pdf_preview, "ask_save_path", lambda parent, default: None)
    assert preview.save_as() is None  # cancelled


def test_save_as_failure_is_reported(preview, monkeypatch, tmp_path):
    from ui import messages, pdf_preview

    shown = []
    monkeypatch.setattr(pdf_preview, "ask_save_path", lambda parent, default: tmp_path / "нет" / "x.pdf")
    monkeypatch.setattr(messages, "show_error", lambda parent, exc, title="": shown.append(title))
    assert preview.save_as() is None and shown == ["Файл не сохранён"]


def test_printing_to_a_pdf_printer_writes_every_page(preview, tmp_path):
    from PySide6.QtPrintSupport import QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "напечатано.pdf"))
    assert preview.print_to(printer) == preview.page_count()
    out = tmp_path / "напечатано.pdf"
    assert out.read_bytes().startswith(b"%PDF") and out.stat().st_size > 10_000
    assert _pages(out) == preview.page_count()
    assert printer.docName() == preview.title


def test_printing_a_page_range(preview, tmp_path):
    from PySide6.QtPrintSupport import QPrinter

    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "стр2.pdf"))
    printer.setFromTo(2, 2)
    assert preview.print_to(printer) == 1
    assert _pages(tmp_path / "стр2.pdf") == 1


def test_print_button_goes_through_the_print_dialog(preview, monkeypatch, tmp_path):
    from PySide6.QtPrintSupport import QPrinter

    from ui import pdf_preview

    out = tmp_path / "из диалога.pdf"
    seen = []

    def accept(dialog):
        printer = dialog.printer()
        seen.append((dialog.minPage(), dialog.maxPage()))
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        return True

    monkeypatch.setattr(pdf_preview, "run_print_dialog", accept)
    assert preview.print_dialog()
    assert seen == [(1, preview.page_count())] and _pages(out) == preview.page_count()
    monkeypatch.setattr(pdf_preview, "run_print_dialog", lambda dialog: False)
    assert not preview.print_dialog()  # cancelled


def test_open_externally_and_close(preview, monkeypatch, qtbot, order_pdf):
    from ui import pdf_preview

    opened = []
    monkeypatch.setattr(pdf_preview, "open_file", opened.append)
    qtbot.mouseClick(preview.external_button, _left())
    assert opened == [order_pdf[0]]
    qtbot.mouseClick(preview.close_button, _left())
    assert not preview.isVisible()


def test_a_broken_file_is_said_and_cannot_be_printed(qtbot, tmp_path):
    from ui.pdf_preview import PdfPreviewDialog

    bad = tmp_path / "испорчен.pdf"
    bad.write_bytes(b"not a pdf at all")
    dialog = PdfPreviewDialog(None, path=bad, title="Испорченный", note="Пояснение")
    qtbot.addWidget(dialog)
    assert not dialog.loaded and dialog.page_count() == 0
    assert dialog.pages_label.text() == "Не удалось открыть PDF"
    assert not dialog.print_button.isEnabled() and not dialog.zoom_in_button.isEnabled()
    assert dialog.save_button.isEnabled() and not dialog.note_label.isHidden()
    assert not dialog.print_dialog()


def test_show_pdf_runs_the_dialog(monkeypatch, qtbot, order_pdf):
    from ui import pdf_preview

    shown = []
    monkeypatch.setattr(pdf_preview, "run_preview", shown.append)
    dialog = pdf_preview.show_pdf(None, path=order_pdf[0], title="Приказ", note="Зарегистрирован")
    qtbot.addWidget(dialog)
    assert shown == [dialog] and dialog.path == order_pdf[0] and dialog.note_label.text() == "Зарегистрирован"


def test_words_file_names_and_the_preview_folder(tmp_path):
    import os
    import time

    from ui.pdf_preview import pages_word, preview_dir, safe_file_name

    assert [pages_word(n) for n in (1, 2, 5, 11, 21, 22, 112)] == [
        "1 страница", "2 страницы", "5 страниц", "11 страниц", "21 страница", "22 страницы", "112 страниц"]
    assert safe_file_name("Приказ № 12/о от 01.09.2026.pdf") == "Приказ № 12_о от 01.09.2026.pdf"
    assert safe_file_name(' :*? ') == "___" and safe_file_name("...") == "документ.pdf"
    folder = preview_dir()
    assert folder.name == "preview" and Path(os.environ["MENTORDESK_HOME"]) in folder.parents
    old, fresh = folder / "старый.pdf", folder / "новый.pdf"
    old.write_bytes(b"%PDF")
    fresh.write_bytes(b"%PDF")
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(old, (two_days_ago, two_days_ago))
    preview_dir()
    assert not old.exists() and fresh.exists()
