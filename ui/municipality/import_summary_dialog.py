"""The summary after «Загрузить пакеты»: counts, every file with its result and reason, «Сохранить отчёт…»."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout, QWidget

from ui import messages
from ui.municipality.package_models import ImportResultModel
from ui.pairs.views import make_view
from ui.widgets import fit_to_screen

WIDTHS = (230, 330, 200, 160, 420)  # caps of the first four columns (outcome labels fit on one line)
REPORT_FILTER = "Книга Excel (*.xlsx);;Текст (*.txt)"


def ask_save_path(parent: QWidget, *, suggested: str) -> Path | None:
    """Where to save the report; tests replace this."""
    from ui import file_dialogs

    name, _filter = file_dialogs.getSaveFileName(parent, "Сохранить отчёт о загрузке", suggested, REPORT_FILTER)
    return Path(name) if name else None


def _loaded_text(rows: list[Any]) -> str:
    """The line above the table when nothing was rejected; never claims a history-only package became current."""
    skipped = any(r.outcome == "skipped" for r in rows)
    historical = sum(1 for r in rows if r.outcome == "historical")
    current = sum(1 for r in rows if r.outcome in ("accepted", "replaced"))
    if not historical:
        return ("Все пакеты загружены." if not skipped
                else "Все найденные пакеты загружены; файлы, не являющиеся пакетами, пропущены.")
    text = "Пакеты загружены. " if current else "Действующие данные не изменились. "
    text += (f"Сохранено только в истории: {historical} — у этих организаций уже есть более новый пакет, "
             "действующим остаётся он.")
    return text + (" Файлы, не являющиеся пакетами, пропущены." if skipped else "")


class ImportSummaryDialog(QDialog):
    """What became of each file of one import; rejections are announced above the table."""

    def __init__(self, parent: QWidget | None, *, rows: list[Any], counts: str, folder: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle("Итоги загрузки пакетов")
        self.rows, self.counts, self.folder = rows, counts, folder
        self.saved_path: Path | None = None
        rejected = sum(1 for r in rows if r.outcome == "rejected")
        warned = sum(1 for r in rows if r.warnings and r.outcome != "rejected")
        self.counts_label = QLabel(f"<b>{counts}</b>", self)
        self.alert = QLabel(self)
        self.alert.setWordWrap(True)
        if rejected:
            self.alert.setText(f"Отклонено пакетов: {rejected}. Они не загружены — причины указаны в таблице "
                               "(строки выделены красным). Попросите эти организации прислать пакеты заново.")
            self.alert.setStyleSheet("QLabel { background: #c62828; color: white; font-weight: bold; "
                                     "padding: 8px; border-radius: 3px; }")
        elif not rows:
            self.alert.setText("Пакетов MentorDesk не найдено: выберите файлы .mdpkg или папку с ними.")
        else:
            self.alert.setText(_loaded_text(rows))
            colour = "#1565c0" if any(r.outcome == "historical" for r in rows) else "#2e7d32"
            self.alert.setStyleSheet(f"QLabel {{ color: {colour}; font-weight: bold; }}")
        self.warn_label = QLabel(self)
        self.warn_label.setWordWrap(True)
        if warned:
            self.warn_label.setText(f"С предупреждениями: {warned} (строки выделены оранжевым) — пакеты загружены, "
                                    "но проверьте примечания.")
            self.warn_label.setStyleSheet("color: #e65100;")
        self.warn_label.setVisible(bool(warned))
        self.model = ImportResultModel(self)
        self.model.set_rows(rows)
        self.view = make_view(self.model, self, WIDTHS, None)
        self.view.setWordWrap(True)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # reasons wrap, never cut off
        for column, cap in enumerate(WIDTHS[:-1]):  # short columns as wide as their text; the reason takes the rest
            self.view.resizeColumnToContents(column)
            self.view.setColumnWidth(column, min(self.view.columnWidth(column) + 8, cap))
        buttons = QDialogButtonBox(parent=self)
        self.save_button = QPushButton("Сохранить отчёт…", self)
        self.save_button.setToolTip("Сохранить итоги загрузки в Excel или текстовый файл")
        self.save_button.setAutoDefault(False)
        self.save_button.setEnabled(bool(rows))
        self.save_button.clicked.connect(lambda _checked=False: self.save_report())
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setText("Закрыть")
        close.setDefault(True)
        buttons.rejected.connect(self.reject)
        close.setFocus()  # Enter or Esc closes; the table is not «current» at a random cell
        layout = QVBoxLayout(self)
        layout.addWidget(self.counts_label)
        layout.addWidget(self.alert)
        layout.addWidget(self.warn_label)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        fit_to_screen(self, 1280, 640)

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 - Qt override: wrapped reasons need taller rows
        super().resizeEvent(event)
        self.view.resizeRowsToContents()

    def save_report(self) -> Path | None:
        """Ask for a file and write the report; errors become a message."""
        from app.municipality.received import write_import_report

        suggested = str(Path(self.folder) / "Итоги загрузки пакетов.xlsx") if self.folder \
            else "Итоги загрузки пакетов.xlsx"
        path = ask_save_path(self, suggested=suggested)
        if path is None:
            return None
        try:
            self.saved_path = write_import_report(path=path, rows=self.rows, heading=self.counts)
        except Exception as exc:  # noqa: BLE001
            messages.show_error(self, exc, title="Сохранение отчёта")
            return None
        return self.saved_path


__all__ = ["ImportSummaryDialog", "ask_save_path"]
