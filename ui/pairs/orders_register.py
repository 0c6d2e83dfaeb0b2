"""«Реестр приказов»: the registered orders; view / print an order in the app or save it as PDF."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.text import format_date
from ui import file_dialogs, messages, pdf_preview
from ui import pdf_preview
from ui.pairs.models import RowsModel
from ui.pairs.views import make_view
from ui.widgets import fit_to_screen

KINDS = {"approve": "об утверждении", "amend": "о внесении изменений"}
WIDTHS = (90, 95, 150, 520)


def ask_save_path(parent: QWidget, default: str) -> Path | None:
    """The save-file dialog; tests replace this."""
    path, _filter = file_dialogs.getSaveFileName(parent, "Сохранить приказ", default, "PDF (*.pdf)")
    if not path:
        return None
    return Path(path) if path.lower().endswith(".pdf") else Path(path + ".pdf")


def file_name(row: Any) -> str:
    """«Приказ № 17-о от 01.09.2026.pdf», safe for every file system."""
    return pdf_preview.safe_file_name(f"Приказ № {row.number} от {format_date(row.date)}.pdf")


def _number_key(number: str) -> tuple[int, str]:
    """«17-о» sorts after «9»: by the leading number, then by the text."""
    m = re.match(r"\s*(\d{1,9})", number)
    return (int(m.group(1)) if m else -1, number)


class OrderModel(RowsModel):
    """Read-only rows of the order register (OrderRow)."""

    COLUMNS = ("№", "Дата", "Вид", "Заголовок", "Пар / групп")

    def cells(self, row: Any) -> tuple[str, ...]:
        return (row.number, format_date(row.date), KINDS.get(row.kind, row.kind), row.title, str(row.groups))

    def sort_key(self, row: Any, column: int) -> Any:
        if column == 0:
            return _number_key(row.number), row.id
        if column == 1:
            return row.date, row.id
        if column == 4:
            return row.groups, row.id
        return super().sort_key(row, column), row.id

    def style(self, row: Any, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"Приказ {row.label}"
        return None


class OrdersRegisterDialog(QDialog):
    """The register of orders over ``db``; rendering runs through ``runner``.

    Attributes:
        preview_path, saved_path: the last file shown / saved.
    """

    def __init__(self, parent: QWidget | None, *, db: Any, runner: Any) -> None:
        super().__init__(parent)
        self.db, self.runner = db, runner
        self.preview_path: Path | None = None
        self.saved_path: Path | None = None
        self.setWindowTitle("Реестр приказов")
        self.model = OrderModel(self)
        self.view = make_view(self.model, self, WIDTHS, (1, Qt.SortOrder.DescendingOrder))  # newest first
        self.view.doubleClicked.connect(lambda _index: self.preview())
        self.empty_label = QLabel("Приказов пока нет: сформируйте приказ на вкладке «Пары и группы».", self)
        self.empty_label.setStyleSheet("color: palette(mid);")
        self.count_label = QLabel(self)

        def button(text: str, slot: Any, tip: str = "") -> QPushButton:
            b = QPushButton(text, self)
            b.setToolTip(tip)
            b.setAutoDefault(False)
            b.clicked.connect(lambda _checked=False: slot())
            return b

        self.preview_button = button("Просмотр / печать…", self.preview,
                                     "Показать выбранный приказ и напечатать его (двойной щелчок)")
        self.save_button = button("Сохранить PDF…", self.save_pdf, "Сохранить выбранный приказ в файл PDF")
        self.close_button = button("Закрыть", self.accept)
        bottom = QHBoxLayout()
        for widget in (self.preview_button, self.save_button):
            bottom.addWidget(widget)
        bottom.addStretch(1)
        bottom.addWidget(self.count_label)
        bottom.addSpacing(12)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self.update_buttons())
        self.model.modelReset.connect(self.update_buttons)
        fit_to_screen(self, 1000, 480)
        self.reload()

    def reload(self) -> None:
        from app.services.orders import list_orders

        with self.db.session() as session:
            rows = list_orders(session)
        self.model.set_rows(rows)
        self.empty_label.setVisible(not rows)
        self.count_label.setText(f"Приказов: {len(rows)}")
        if rows:
            self.view.selectRow(0)
        self.update_buttons()

    def selected(self) -> Any:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if len(rows) == 1 else None

    def select_id(self, order_id: int) -> bool:
        row = self.model.row_of_id(order_id)
        if row is None:
            return False
        self.view.selectRow(row)
        return True

    def update_buttons(self) -> None:
        one = self.selected() is not None
        self.preview_button.setEnabled(one)
        self.save_button.setEnabled(one)

    def _render(self, row: Any, path: Path, on_done: Any) -> None:
        """Render the order ``row`` into ``path`` in the background, then ``on_done(path)``."""
        db, order_id = self.db, row.id

        def work(_progress: Any = None) -> Path:
            from app.documents.order import render_order
            from app.services.orders import order_context

            with db.session() as session:
                context = order_context(session, order_id=order_id)
            return render_order(context=context, path=path)

        def failed(exc: BaseException) -> None:
            self.update_buttons()
            messages.show_error(self, exc, title="Приказ не сформирован")

        def done(written: Path) -> None:
            self.update_buttons()
            on_done(written)

        self.preview_button.setEnabled(False)
        self.save_button.setEnabled(False)
        self.runner.run(work, on_done=done, on_error=failed, title="Формирование приказа…", parent=self)

    def preview(self) -> bool:
        """Render the selected order to a preview file and show it in the app."""
        row = self.selected()
        if row is None:
            return False
        path = pdf_preview.preview_dir() / file_name(row)

        def show(written: Path) -> None:
            self.preview_path = written
            pdf_preview.show_pdf(self, path=written, title=f"Приказ {row.label}")

        self._render(row, path, show)
        return True

    def save_pdf(self) -> bool:
        """Ask for a file and render the selected order into it."""
        row = self.selected()
        if row is None:
            return False
        path = ask_save_path(self, file_name(row))
        if path is None:
            return False

        def saved(written: Path) -> None:
            self.saved_path = written
            messages.inform(self, title="Приказ сохранён", text=f"Приказ {row.label} сохранён в файл:\n{written}")

        self._render(row, path, saved)
        return True


def open_register(tab: Any) -> OrdersRegisterDialog | None:
    """Open the register over the pairs tab's database."""
    from ui.pairs.pairs_tab import run_dialog

    if tab.db is None:
        return None
    dialog = OrdersRegisterDialog(tab, db=tab.db, runner=tab.runner)
    run_dialog(dialog)
    return dialog


__all__ = ["KINDS", "OrderModel", "OrdersRegisterDialog", "ask_save_path", "file_name", "open_register"]
