"""«Требуют внимания»: every deviation from the meeting sequence across pairs; «Перейти» opens the pair."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QHeaderView, QLabel, QTableView,
                               QVBoxLayout, QWidget)

from app.schemas_meetings import PairWarning
from ui.meetings.models import WarningModel
from ui.widgets import fit_to_screen


def pairs_word(n: int) -> str:
    """«1 пара», «3 пары», «7 пар»."""
    if n % 10 == 1 and n % 100 != 11:
        return f"{n} пара"
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return f"{n} пары"
    return f"{n} пар"


class AttentionDialog(QDialog):
    """The warnings table; ``chosen`` is the warning the user went to (None after «Закрыть»)."""

    def __init__(self, parent: QWidget | None, *, warnings: list[PairWarning]) -> None:
        super().__init__(parent)
        self.setWindowTitle("Требуют внимания")
        fit_to_screen(self, 860, 460)
        self.chosen: PairWarning | None = None
        self.model = WarningModel(self)
        self.model.set_rows(warnings)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setVisible(False)
        self.view.setWordWrap(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, 300)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.view.doubleClicked.connect(lambda _i: self.go())
        if warnings:
            pairs = self.model.pair_count()
            of_pairs = f"{pairs} пары" if pairs % 10 == 1 and pairs % 100 != 11 else f"{pairs} пар"
            summary = (f"Замечаний: {len(warnings)} у {of_pairs}. "
                       "Двойной щелчок или «Перейти» — открыть встречи пары в журнале.")
        else:
            summary = "Все пары идут по порядку встреч — замечаний нет."
        self.summary = QLabel(summary, self)
        self.summary.setWordWrap(True)
        buttons = QDialogButtonBox(self)
        self.go_button = buttons.addButton("Перейти", QDialogButtonBox.ButtonRole.AcceptRole)
        self.go_button.setDefault(True)
        close = buttons.addButton("Закрыть", QDialogButtonBox.ButtonRole.RejectRole)
        self.go_button.clicked.connect(lambda _c=False: self.go())
        close.clicked.connect(self.reject)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._update())
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        if warnings:
            self.view.selectRow(0)
        self._update()

    def _update(self) -> None:
        self.go_button.setEnabled(bool(self.view.selectionModel().selectedRows()))

    def go(self) -> None:
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            return
        self.chosen = self.model.row_at(rows[0].row())
        self.accept()


def open_attention(tab: Any) -> PairWarning | None:
    """Show the journal tab's warnings; «Перейти» shows the chosen pair in the journal."""
    from ui.meetings import meetings_tab

    dialog = AttentionDialog(tab, warnings=tab.warnings)
    if meetings_tab.run_dialog(dialog) and dialog.chosen is not None:
        go_to(tab, dialog.chosen)
        return dialog.chosen
    return None


def go_to(tab: Any, warning: PairWarning) -> None:
    """Show the pair of ``warning`` alone in the journal and select its meeting (or its latest one)."""
    tab.reset_filters(apply=False)
    tab.group_combo.blockSignals(True)
    tab.group_combo.setCurrentIndex(max(tab.group_combo.findData(warning.group_id), 0))
    tab.group_combo.blockSignals(False)
    tab.apply_filters()
    if warning.meeting_id is not None and tab.model.row_of_id(warning.meeting_id) is not None:
        tab.select_meeting(warning.meeting_id)
    elif tab.model.rowCount():
        tab.select_meeting(tab.model.row_at(0).id)
    else:
        tab.load_timeline(warning.group_id)
    tab.view.setFocus()


__all__ = ["AttentionDialog", "go_to", "open_attention", "pairs_word"]
