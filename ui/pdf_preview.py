"""In-app PDF preview (QtPdf): pages, zoom, printing, «Сохранить как…» and opening in an external viewer."""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QPageLayout, QPainter
from PySide6.QtWidgets import (QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget)

from ui import file_dialogs, messages
from ui.widgets import fit_to_screen

ZOOM_STEP = 1.25
ZOOM_MIN, ZOOM_MAX = 0.25, 4.0
MAX_PRINT_DPI = 300  # pages are rasterised for printing; 300 dpi is sharp on paper and keeps memory sane
PREVIEW_KEEP_SECONDS = 24 * 3600


def ask_save_path(parent: QWidget, default: str) -> Path | None:
    """The save-file dialog; tests replace this."""
    path, _filter = file_dialogs.getSaveFileName(parent, "Сохранить PDF", default, "PDF (*.pdf)")
    if not path:
        return None
    return Path(path) if path.lower().endswith(".pdf") else Path(path + ".pdf")


def open_file(path: Path) -> None:
    """Open ``path`` in the system's PDF viewer."""
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def run_print_dialog(dialog: QDialog) -> bool:
    """``exec`` the print dialog; tests replace this."""
    return dialog.exec() == QDialog.DialogCode.Accepted


def run_preview(dialog: QDialog) -> None:
    """``exec`` the preview; tests replace this."""
    dialog.exec()


def preview_dir() -> Path:
    """Where documents rendered only for viewing go (data dir «preview»); day-old files are removed."""
    from app.paths import data_dir

    folder = data_dir() / "preview"
    folder.mkdir(parents=True, exist_ok=True)
    now = time.time()
    for old in folder.glob("*.pdf"):
        try:
            if now - old.stat().st_mtime > PREVIEW_KEEP_SECONDS:
                old.unlink()
        except OSError:  # open in another program: try again next time
            pass
    return folder


def safe_file_name(name: str) -> str:
    """``name`` without the characters Windows forbids in file names."""
    cleaned = "".join("_" if c in '<>:"/\\|?*' or ord(c) < 32 else c for c in name).strip(" .")
    return cleaned or "документ.pdf"


def print_document(document: Any, printer: Any) -> int:
    """Print every page of ``document`` (QPdfDocument) in the printer's page range; returns the pages printed.

    Each page is rendered at the printer's resolution (at most MAX_PRINT_DPI), in the page's own
    orientation, and scaled to fit the paper keeping its proportions (the PDF carries its own margins).
    """
    count = document.pageCount()
    first, last = printer.fromPage(), printer.toPage()
    if first <= 0 or last <= 0:
        first, last = 1, count
    pages = list(range(max(first, 1) - 1, min(last, count)))
    if not pages:
        return 0

    def orientation(page: int) -> QPageLayout.Orientation:
        size = document.pagePointSize(page)
        return QPageLayout.Orientation.Landscape if size.width() > size.height() \
            else QPageLayout.Orientation.Portrait

    printer.setFullPage(True)
    printer.setPageOrientation(orientation(pages[0]))
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("Принтер недоступен: не удалось начать печать")
    try:
        dpi = min(printer.resolution(), MAX_PRINT_DPI)
        for n, page in enumerate(pages):
            if n:
                printer.setPageOrientation(orientation(page))
                printer.newPage()
            points = document.pagePointSize(page)
            image = document.render(page, QSize(max(1, round(points.width() * dpi / 72)),
                                                max(1, round(points.height() * dpi / 72))))
            target = QRectF(painter.viewport())
            scale = min(target.width() / image.width(), target.height() / image.height())
            size = QSize(round(image.width() * scale), round(image.height() * scale))
            corner = QPointF(target.x() + (target.width() - size.width()) / 2,
                             target.y() + (target.height() - size.height()) / 2)
            painter.drawImage(QRectF(corner, size.toSizeF()), image)
    finally:
        painter.end()
    return len(pages)


def pages_word(n: int) -> str:
    """«1 страница», «3 страницы», «5 страниц»."""
    if n % 10 == 1 and n % 100 != 11:
        return f"{n} страница"
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return f"{n} страницы"
    return f"{n} страниц"


class PdfPreviewDialog(QDialog):
    """A PDF file shown page after page with zoom; «Печать…», «Сохранить как…», «Открыть во внешней программе»."""

    def __init__(self, parent: QWidget | None, *, path: Path, title: str, note: str = "") -> None:
        super().__init__(parent)
        from PySide6.QtPdf import QPdfDocument
        from PySide6.QtPdfWidgets import QPdfView

        self.path, self.title = Path(path), title
        self.setWindowTitle(f"Просмотр — {title}")
        self.document = QPdfDocument(self)
        error = self.document.load(str(self.path))
        self.loaded = error == QPdfDocument.Error.None_ and self.document.pageCount() > 0
        self.view = QPdfView(self)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(12)
        self.view.setStyleSheet("QPdfView { background: palette(dark); }")
        self.view.setDocument(self.document)

        self.title_label = QLabel(title, self)
        font = self.title_label.font()
        font.setBold(True)
        self.title_label.setFont(font)
        self.title_label.setWordWrap(True)
        self.note_label = QLabel(note, self)
        self.note_label.setWordWrap(True)
        self.note_label.setVisible(bool(note))
        self.pages_label = QLabel(self)
        self.zoom_label = QLabel(self)
        self.zoom_label.setMinimumWidth(self.zoom_label.fontMetrics().horizontalAdvance("400 %") + 8)
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)

        def button(text: str, slot: Any, tip: str = "") -> QPushButton:
            b = QPushButton(text, self)
            b.setToolTip(tip)
            b.setAutoDefault(False)
            b.clicked.connect(lambda _checked=False: slot())
            return b

        self.zoom_out_button = button("−", self.zoom_out, "Уменьшить (Ctrl+−)")
        self.zoom_in_button = button("+", self.zoom_in, "Увеличить (Ctrl++)")
        self.fit_button = button("По ширине", self.fit_width, "Страница по ширине окна")
        for b, key in ((self.zoom_out_button, "Ctrl+-"), (self.zoom_in_button, "Ctrl++"), (self.fit_button, "Ctrl+0")):
            b.setShortcut(key)
        for b in (self.zoom_out_button, self.zoom_in_button):
            b.setFixedWidth(b.sizeHint().height() + 8)
        self.print_button = button("Печать…", self.print_dialog, "Напечатать на принтере (Ctrl+P)")
        self.print_button.setShortcut("Ctrl+P")
        self.save_button = button("Сохранить как…", self.save_as, "Сохранить копию файла PDF")
        self.external_button = button("Открыть во внешней программе", self.open_external,
                                      "Открыть файл в программе просмотра PDF системы")
        self.close_button = button("Закрыть", self.accept)

        top = QHBoxLayout()
        top.addWidget(self.title_label, 1)
        top.addWidget(self.pages_label)
        top.addSpacing(12)
        for widget in (self.zoom_out_button, self.zoom_label, self.zoom_in_button, self.fit_button):
            top.addWidget(widget)
        bottom = QHBoxLayout()
        for widget in (self.print_button, self.save_button, self.external_button):
            bottom.addWidget(widget)
        bottom.addStretch(1)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.note_label)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)

        if self.loaded:
            self.view.pageNavigator().currentPageChanged.connect(lambda _page: self._update_pages())
        else:
            self.pages_label.setText("Не удалось открыть PDF")
            for b in (self.print_button, self.zoom_in_button, self.zoom_out_button, self.fit_button):
                b.setEnabled(False)
        self._update_pages()
        self._update_zoom()
        self.view.viewport().installEventFilter(self)
        fit_to_screen(self, 900, 1000)

    # -- pages and zoom --------------------------------------------------------
    def page_count(self) -> int:
        return self.document.pageCount() if self.loaded else 0

    def _update_pages(self) -> None:
        if not self.loaded:
            return
        current = self.view.pageNavigator().currentPage() + 1
        total = self.page_count()
        self.pages_label.setText(f"Страница {current} из {total}" if total > 1 else pages_word(total))

    def effective_zoom(self) -> float:
        """The zoom factor on screen (computed from the window width when the page fits the width)."""
        from PySide6.QtPdfWidgets import QPdfView

        if self.view.zoomMode() == QPdfView.ZoomMode.Custom or not self.loaded:
            return self.view.zoomFactor()
        width_px = self.document.pagePointSize(0).width() * self.logicalDpiX() / 72
        margins = self.view.documentMargins()
        available = self.view.viewport().width() - margins.left() - margins.right()
        return max(ZOOM_MIN, min(ZOOM_MAX, available / width_px)) if width_px > 0 else 1.0

    def set_zoom(self, factor: float) -> None:
        from PySide6.QtPdfWidgets import QPdfView

        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(max(ZOOM_MIN, min(ZOOM_MAX, factor)))
        self._update_zoom()

    def zoom_in(self) -> None:
        self.set_zoom(self.effective_zoom() * ZOOM_STEP)

    def zoom_out(self) -> None:
        self.set_zoom(self.effective_zoom() / ZOOM_STEP)

    def fit_width(self) -> None:
        from PySide6.QtPdfWidgets import QPdfView

        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self._update_zoom()

    def _update_zoom(self) -> None:
        from PySide6.QtPdfWidgets import QPdfView

        fit = self.view.zoomMode() == QPdfView.ZoomMode.FitToWidth
        self.zoom_label.setText(f"{round(self.effective_zoom() * 100)} %")
        self.fit_button.setEnabled(self.loaded and not fit)
        self.zoom_in_button.setEnabled(self.loaded and (fit or self.view.zoomFactor() < ZOOM_MAX - 1e-6))
        self.zoom_out_button.setEnabled(self.loaded and (fit or self.view.zoomFactor() > ZOOM_MIN + 1e-6))

    def eventFilter(self, watched: Any, event: Any) -> bool:  # noqa: N802 - Qt override
        if watched is self.view.viewport() and event.type() == QEvent.Type.Resize:
            self._update_zoom()  # «по ширине» changes the factor with the window
        return super().eventFilter(watched, event)

    # -- actions ---------------------------------------------------------------
    def print_to(self, printer: Any) -> int:
        """Print to a configured QPrinter (the dialog's or a test's); the pages printed."""
        printer.setDocName(self.title)
        return print_document(self.document, printer)

    def print_dialog(self) -> bool:
        """The system print dialog, then printing; False when cancelled or failed."""
        from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter

        if not self.loaded:
            return False
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.title)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("Печать")
        dialog.setMinMax(1, self.page_count())
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, True)
        if not run_print_dialog(dialog):
            return False
        try:
            return self.print_to(printer) > 0
        except Exception as exc:  # noqa: BLE001 - any printing failure becomes a message
            messages.show_error(self, exc, title="Не удалось напечатать")
            return False

    def save_as(self) -> Path | None:
        """Copy the file where the user says; the new path, None when cancelled or failed."""
        target = ask_save_path(self, self.title if self.title.lower().endswith(".pdf") else f"{self.title}.pdf")
        if target is None:
            return None
        try:
            if target.resolve() != self.path.resolve():
                shutil.copyfile(self.path, target)
        except OSError as exc:
            messages.show_error(self, exc, title="Файл не сохранён")
            return None
        return target

    def open_external(self) -> None:
        open_file(self.path)


def show_pdf(parent: QWidget | None, *, path: Path, title: str, note: str = "") -> PdfPreviewDialog:
    """Open the preview of ``path`` modally (``run_preview``) and return the dialog."""
    dialog = PdfPreviewDialog(parent, path=path, title=title, note=note)
    run_preview(dialog)
    return dialog


__all__ = ["PdfPreviewDialog", "ask_save_path", "open_file", "pages_word", "preview_dir", "print_document",
           "run_preview", "run_print_dialog", "safe_file_name", "show_pdf"]
