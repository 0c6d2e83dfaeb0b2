"""«Проверка квартала»: errors (red, they block the export) then warnings (orange), each with «Перейти»."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout, QWidget

from ui import messages
from ui.monitoring.models import CheckModel
from ui.pairs.views import make_view
from ui.widgets import fit_to_screen


def summary_text(items: list) -> str:
    errors = sum(1 for i in items if i.severity == "error")
    warnings = len(items) - errors
    if not items:
        return "Замечаний нет — пакет можно выгружать."
    tail = " Ошибки блокируют выгрузку." if errors else " Предупреждения выгрузку не блокируют."
    return f"Ошибок: {errors}, предупреждений: {warnings}.{tail}"


class CheckDialog(QDialog):
    """The findings of ``check_quarter``; «Перейти» emits ``navigate(target, record_id)`` and closes.

    Attributes:
        chosen: the CheckItem the user went to (None when closed otherwise).
    """

    navigate = Signal(str, object)

    def __init__(self, parent: QWidget | None, *, items: list, period_title: str) -> None:
        super().__init__(parent)
        self.chosen: Any = None
        self.setWindowTitle(f"Проверка квартала — {period_title}")
        ordered = sorted(items, key=lambda i: i.severity != "error")  # stable: the check's order inside
        self.model = CheckModel(self)
        self.model.set_rows(ordered)
        self.view = make_view(self.model, self, (130, 600), None)
        self.view.setWordWrap(True)
        self.view.resizeRowsToContents()
        self.view.doubleClicked.connect(lambda index: self.go(index.row()))
        self.view.selectionModel().selectionChanged.connect(lambda *_: self.update_buttons())
        self.summary = QLabel(summary_text(ordered), self)
        self.summary.setWordWrap(True)
        has_errors = any(i.severity == "error" for i in ordered)
        self.summary.setStyleSheet("color: #c62828; font-weight: bold;" if has_errors else "")
        buttons = QDialogButtonBox(parent=self)
        self.go_button = QPushButton("Перейти", self)
        self.go_button.setToolTip("Открыть запись, к которой относится замечание")
        buttons.addButton(self.go_button, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setText("Закрыть")
        buttons.rejected.connect(self.reject)
        self.go_button.clicked.connect(lambda _checked=False: self.go())
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        if ordered:
            self.view.selectRow(0)
        self.update_buttons()
        fit_to_screen(self, 820, 520)

    def update_buttons(self) -> None:
        item = self.current()
        self.go_button.setEnabled(item is not None and bool(item.target))

    def current(self) -> Any:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def go(self, row: int | None = None) -> bool:
        item = self.model.row_at(row) if row is not None else self.current()
        if item is None or not item.target:
            return False
        self.chosen = item
        self.navigate.emit(item.target, item.record_id)
        self.accept()
        return True


def open_check(tab: Any, *, period: Any = None) -> CheckDialog | None:
    """Run the check for the tab's quarter and show it; «Перейти» to «Контингент» opens the contingent dialog,
    any other target goes out through the tab's ``navigate`` signal."""
    from ui.monitoring import monitoring_tab

    if tab.db is None:
        return None
    period = period or tab.period()
    if period.kind != "quarter":
        messages.inform(tab, title="Проверка квартала", text="Выберите квартал: проверка делается по кварталам.")
        return None
    db, today = tab.db, tab.today
    found: dict[str, Any] = {}

    def work(_progress: Any) -> list:
        from app.quarter_check import check_quarter

        with db.session() as session:
            return check_quarter(session, period=period, today=today)

    def failed(exc: BaseException) -> None:
        messages.show_error(tab, exc)

    def show(items: list) -> None:
        dialog = CheckDialog(tab, items=items, period_title=period.title)
        dialog.navigate.connect(lambda target, record_id: None if target == "contingent"
                                else tab.navigate.emit(target, record_id))
        found["dialog"] = dialog
        try:
            monitoring_tab.run_dialog(dialog)
        finally:
            dialog.deleteLater()
        if dialog.chosen is not None and dialog.chosen.target == "contingent":
            tab.edit_contingent()

    tab.runner.run(work, on_done=show, on_error=failed, title="Проверка квартала…", parent=tab)
    return found.get("dialog")  # None until a background runner has finished


__all__ = ["CheckDialog", "open_check", "summary_text"]
