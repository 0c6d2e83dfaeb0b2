"""«Журнал выгрузок»: every written package — when, which quarter, where, its SHA-256, encrypted or not."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout, QWidget

from ui import messages
from ui.monitoring.models import ExportModel
from ui.pairs.views import make_view
from ui.widgets import fit_to_screen

WIDTHS = (115, 145, 180, 170, 140, 85, 40, 70)


class ExportsDialog(QDialog):
    """The export log (newest first); «Копировать SHA-256» copies the full sum of the selected row."""

    def __init__(self, parent: QWidget | None, *, rows: list) -> None:
        super().__init__(parent)
        self.setWindowTitle("Журнал выгрузок")
        self.model = ExportModel(self)
        self.model.set_rows(rows)
        self.view = make_view(self.model, self, WIDTHS, (0, Qt.SortOrder.DescendingOrder))
        self.view.selectionModel().selectionChanged.connect(lambda *_: self.update_buttons())
        unencrypted = sum(1 for r in rows if not r.encrypted)
        summary = f"Выгрузок: {len(rows)}" + (f", из них не зашифровано: {unencrypted}" if unencrypted else "")
        self.summary = QLabel(summary if rows else "Пакеты ещё не выгружались.", self)
        buttons = QDialogButtonBox(parent=self)
        self.copy_button = QPushButton("Копировать SHA-256", self)
        self.copy_button.clicked.connect(lambda _checked=False: self.copy_hash())
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setText("Закрыть")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        if rows:
            self.view.selectRow(0)
        self.update_buttons()
        fit_to_screen(self, 1300, 460)

    def current(self) -> Any:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def update_buttons(self) -> None:
        self.copy_button.setEnabled(self.current() is not None)

    def copy_hash(self) -> str:
        row = self.current()
        if row is None:
            return ""
        QGuiApplication.clipboard().setText(row.sha256)
        return row.sha256


def open_exports(tab: Any) -> ExportsDialog | None:
    from app.package import list_exports
    from ui.monitoring import monitoring_tab

    if tab.db is None:
        return None
    try:
        with tab.db.session() as session:
            rows = list_exports(session)
    except Exception as exc:  # noqa: BLE001
        messages.show_error(tab, exc)
        return None
    dialog = ExportsDialog(tab, rows=rows)
    try:
        monitoring_tab.run_dialog(dialog)
    finally:
        dialog.deleteLater()
    return dialog


__all__ = ["ExportsDialog", "open_exports"]
