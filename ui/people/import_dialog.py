"""Excel import of a base: read in the background, preview every row with its problems, then load in one go."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QEventLoop, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QCheckBox, QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView, QLabel,
                               QPlainTextEdit, QPushButton, QTableView, QVBoxLayout, QWidget)

from app.errors import Issue, ValidationError
from app.text import format_date, full_name
from ui.messages import show_error
from ui.widgets import fit_to_screen
from ui import file_dialogs

FIELD_LABELS = {
    "full_name": "ФИО", "last_name": "Фамилия", "first_name": "Имя", "middle_name": "Отчество",
    "birth": "Дата (год) рождения", "category": "Категория", "group_name": "Класс / должность",
    "contacts": "Контактные данные", "representative": "Законный представитель", "requests": "Запросы",
    "request_text": "Основной запрос (текст)", "entry_date": "Дата вхождения", "exit_date": "Дата завершения",
    "results": "Результаты", "case_url": "Ссылка на кейс", "status": "Статус", "notes": "Примечания",
    "experience_years": "Стаж", "workplace": "Место работы / учёбы", "competencies": "Компетенции",
    "achievements": "Достижения", "interests": "Интересы", "desired_age": "Желаемый возраст",
    "capacity": "Наставляемых одновременно", "training": "Обучение", "partner_name": "Организация-партнёр",
    "photo_url": "Ссылка на фото",
}
KIND_TITLES = {"mentees": "наставляемых", "mentors": "наставников"}
BLOCKED_TEXT = "Исправьте ошибки в файле и откройте его снова — ничего не будет записано, пока есть ошибки."
FIT_ROWS_LIMIT = 300
ERROR_BG, WARNING_BG, DUPLICATE_BG = QColor("#fbd9d3"), QColor("#fff1c7"), QColor("#dfe6f5")


def number(n: int) -> str:
    """«1 200»: thousands separated by a non-breaking space."""
    return f"{n:,}".replace(",", "\u00a0")


def issue_text(issue: Issue) -> str:
    return f"«{issue.field}»: {issue.message}" if issue.field else issue.message


def row_status(row) -> str:  # noqa: ANN001 - PreviewRow
    if row.has_errors:
        return "ошибка"
    if row.duplicate_of:
        return "дубликат"
    if row.issues:
        return "предупреждение"
    return "готова"


class PreviewModel(QAbstractTableModel):
    """Rows of an import preview (all, or only those with problems); read-only."""

    HEADERS = ("Строка", "Состояние", "ФИО", "Дата (год) рождения", "Класс / должность", "Проблемы")

    def __init__(self, rows: list, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self._all = list(rows)
        self._rows = list(rows)
        self._only_problems = False

    def set_only_problems(self, only: bool) -> None:
        self.beginResetModel()
        self._only_problems = only
        self._rows = [r for r in self._all if r.issues or r.duplicate_of] if only else list(self._all)
        self.endResetModel()

    def row_at(self, row: int):  # noqa: ANN201 - PreviewRow
        return self._rows[row]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802, ANN201
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self.HEADERS):
            return self.HEADERS[section]
        return None

    def _text(self, row, column: int) -> str:  # noqa: ANN001
        data = row.data
        if column == 0:
            return str(row.row_number)
        if column == 1:
            return row_status(row)
        if column == 5:
            return "; ".join(issue_text(i) for i in row.issues)
        if data is None:
            return ""
        if column == 2:
            return full_name(data.last_name, data.first_name, data.middle_name)
        if column == 3:
            return format_date(data.birth_date) if data.birth_date else (str(data.birth_year or ""))
        return data.group_name

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: ANN201
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, index.column())
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 5 and row.issues:
            return "\n".join(issue_text(i) for i in row.issues)
        if role == Qt.ItemDataRole.BackgroundRole:
            if row.has_errors:
                return ERROR_BG
            if row.duplicate_of:
                return DUPLICATE_BG
            if row.issues:
                return WARNING_BG
            return None
        if role == Qt.ItemDataRole.ForegroundRole and (row.issues or row.duplicate_of):
            return QColor("#202020")
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def problems_text(preview) -> str:  # noqa: ANN001 - ImportPreview
    """Every problem of the preview, one per line, for saving beside the file."""
    lines = [f"Файл «{preview.source}»: проблемы при загрузке базы {KIND_TITLES.get(preview.kind, '')}", ""]
    for issue in preview.file_issues:
        kind = "Ошибка" if issue.severity == "error" else "Предупреждение"
        lines.append(f"{kind}. {issue.describe()}")
    for row in preview.rows:
        for issue in row.issues:
            kind = "Ошибка" if issue.severity == "error" else "Предупреждение"
            where = f"Строка {row.row_number}"
            lines.append(f"{kind}. {where}: {issue_text(issue)}")
    return "\n".join(lines) + "\n"


class ImportDialog(QDialog):
    """Shows what an import would do and, on «Загрузить», writes it in one transaction.

    Attributes:
        import_result: the ImportResult after a successful load, else None.
    """

    def __init__(self, parent: QWidget | None = None, *, db, preview, runner) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.db, self.preview, self.runner = db, preview, runner
        self.import_result = None
        self.setWindowTitle(f"Загрузка базы {KIND_TITLES.get(preview.kind, '')} из Excel")
        self.file_label = QLabel(f"Файл: <b>«{preview.source}»</b>"
                                 + (f", строка заголовков — {preview.header_row}" if preview.header_row else ""))
        self.columns_label = QLabel(self._columns_text())
        self.columns_label.setWordWrap(True)
        self.file_issues = QPlainTextEdit("\n".join(
            ("Ошибка: " if i.severity == "error" else "Внимание: ") + i.describe() for i in preview.file_issues))
        self.file_issues.setReadOnly(True)
        self.file_issues.setMaximumHeight(70)
        self.file_issues.setVisible(bool(preview.file_issues))
        self.summary = QLabel(self._summary_text())
        self.summary.setStyleSheet("font-weight: bold;")
        self.only_problems = QCheckBox("Только строки с проблемами")
        self.only_problems.toggled.connect(self._filter)
        self.skip_duplicates = QCheckBox("Пропустить дубликаты")
        self.skip_duplicates.setChecked(True)
        self.skip_duplicates.setToolTip("Не загружать строки, совпадающие по ФИО и дате рождения "
                                        "с записью в базе или выше в файле")
        self.skip_duplicates.toggled.connect(self._update_state)
        self.model = PreviewModel(preview.rows, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAlternatingRowColors(False)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        for column, width in enumerate((60, 115, 230, 145, 120)):
            self.table.setColumnWidth(column, width)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(True)
        self.model.modelReset.connect(self._fit_rows)
        self.blocked = QLabel(BLOCKED_TEXT)
        self.blocked.setWordWrap(True)
        self.blocked.setStyleSheet("color: #b71c1c; font-weight: bold;")
        self.outcome = QLabel()
        self.outcome.setStyleSheet("color: #1b5e20; font-weight: bold;")
        self.outcome.hide()
        self.save_problems_button = QPushButton("Сохранить список проблем…")
        self.save_problems_button.setEnabled(bool(preview.errors() or preview.warnings()))
        self.save_problems_button.clicked.connect(self._save_problems)
        self.buttons = QDialogButtonBox()
        self.load_button = self.buttons.addButton("Загрузить", QDialogButtonBox.ButtonRole.AcceptRole)
        self.close_button = self.buttons.addButton("Отмена", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.commit)
        self.buttons.rejected.connect(self.reject)
        options = QHBoxLayout()
        options.addWidget(self.only_problems)
        options.addWidget(self.skip_duplicates)
        options.addStretch(1)
        options.addWidget(self.save_problems_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.file_label)
        layout.addWidget(self.columns_label)
        layout.addWidget(self.file_issues)
        layout.addWidget(self.summary)
        layout.addLayout(options)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.blocked)
        layout.addWidget(self.outcome)
        layout.addWidget(self.buttons)
        fit_to_screen(self, 1100, 640)
        self._update_state()
        if any(row.has_errors for row in preview.rows):
            self.only_problems.setChecked(True)  # show what must be fixed first
        else:
            self._fit_rows()

    # -- texts --------------------------------------------------------------

    def _columns_text(self) -> str:
        if not self.preview.columns:
            return "Распознанных столбцов нет."
        pairs = [f"«{header}» → {FIELD_LABELS.get(name, name)}" for header, name in self.preview.columns.items()]
        return f"Распознаны столбцы ({len(pairs)}): " + "; ".join(pairs) + \
            ". Остальные столбцы не загружаются (см. предупреждения)."

    def _summary_text(self) -> str:
        p = self.preview
        return (f"Строк: {number(len(p.rows))} · ошибок: {number(len(p.errors()))} · "
                f"предупреждений: {number(len(p.warnings()))} · дубликатов: {number(p.duplicate_count())}")

    # -- state --------------------------------------------------------------

    def can_load(self) -> bool:
        return (self.import_result is None and not self.preview.errors()
                and self.preview.importable_count(skip_duplicates=self.skip_duplicates.isChecked()) > 0)

    def _update_state(self, *_args) -> None:  # noqa: ANN002
        count = self.preview.importable_count(skip_duplicates=self.skip_duplicates.isChecked())
        has_errors = bool(self.preview.errors())
        self.load_button.setEnabled(self.can_load())
        self.load_button.setText("Загрузить" if has_errors or self.import_result else f"Загрузить ({number(count)})")
        self.blocked.setVisible(has_errors and self.import_result is None)
        if not has_errors and count == 0 and self.import_result is None:
            self.blocked.setText("Загружать нечего: все строки — дубликаты уже внесённых записей.")
            self.blocked.show()
        elif has_errors:
            self.blocked.setText(BLOCKED_TEXT)

    def _fit_rows(self) -> None:
        """Wrap long problem texts onto more lines (only for a short list: it costs time per row)."""
        if self.model.rowCount() <= FIT_ROWS_LIMIT:
            self.table.resizeRowsToContents()

    def showEvent(self, event) -> None:  # noqa: N802, ANN001 - Qt API
        super().showEvent(event)
        QTimer.singleShot(0, self._fit_rows)  # after the layout gave the «Проблемы» column its width

    def resizeEvent(self, event) -> None:  # noqa: N802, ANN001 - Qt API
        super().resizeEvent(event)
        QTimer.singleShot(0, self._fit_rows)

    def _filter(self, only: bool) -> None:
        self.model.set_only_problems(only)

    def _save_problems(self) -> None:
        suggested = str(Path(self.preview.source).with_suffix("")) + " — проблемы.txt"
        path, _ = file_dialogs.getSaveFileName(self, "Сохранить список проблем", suggested, "Текст (*.txt)")
        if path:
            self.save_problems(Path(path))

    def save_problems(self, path: Path) -> None:
        try:
            path.write_text(problems_text(self.preview), encoding="utf-8-sig")
        except OSError as exc:
            show_error(self, exc, title="Не удалось сохранить")

    # -- load -----------------------------------------------------------------

    def commit(self) -> None:
        """Write the rows in the background; report the outcome in the dialog."""
        if not self.can_load():
            return
        from app.xlsx_import import commit_import

        preview, skip = self.preview, self.skip_duplicates.isChecked()

        def work(progress):  # noqa: ANN001, ANN202
            with self.db.session() as session:
                return commit_import(session, preview=preview, skip_duplicates=skip, progress=progress)

        self.load_button.setEnabled(False)
        self.close_button.setEnabled(False)
        self.runner.run(work, on_done=self._committed, on_error=self._failed, title="Загрузка записей…",
                        parent=self, cancellable=True)

    def _committed(self, result) -> None:  # noqa: ANN001 - ImportResult
        self.import_result = result
        text = f"Загружено: {number(result.added)}"
        if self.skip_duplicates.isChecked():
            text += f", пропущено дубликатов: {number(result.skipped)}"
        self.outcome.setText(text + ".")
        self.outcome.show()
        self.close_button.setText("Закрыть")
        self.close_button.setEnabled(True)
        self.load_button.hide()
        self._update_state()

    def _failed(self, exc: BaseException) -> None:
        self.close_button.setEnabled(True)
        self._update_state()
        show_error(self, exc, title="Загрузка не выполнена")

    def reject(self) -> None:
        if self.import_result is not None:
            self.accept()  # the rows are in: closing reports success
        else:
            super().reject()

    @property
    def added(self) -> int | None:
        return self.import_result.added if self.import_result is not None else None


def load_preview(parent: QWidget | None, *, db, kind: str, path: Path, runner):  # noqa: ANN001, ANN201
    """Read ``path`` in the background; the ImportPreview, or None (an error box was shown) when unusable."""
    from app.xlsx_import import read_preview

    state: dict = {}
    loop = QEventLoop()

    def work(progress):  # noqa: ANN001, ANN202
        with db.session() as session:
            return read_preview(session=session, kind=kind, path=Path(path), progress=progress)

    def done(preview) -> None:  # noqa: ANN001
        state["preview"] = preview
        loop.quit()

    def failed(exc: BaseException) -> None:
        state["error"] = exc
        loop.quit()

    runner.run(work, on_done=done, on_error=failed, title="Чтение файла…", parent=parent, cancellable=True)
    if not state:
        loop.exec()
    if "error" in state:
        show_error(parent, state["error"], title="Не удалось прочитать файл")
        return None
    preview = state["preview"]
    if not preview.rows and preview.errors():
        show_error(parent, ValidationError(preview.errors(), source=preview.source), title="Не удалось прочитать файл")
        return None
    return preview


def import_base(parent: QWidget | None, *, db, kind: str, path: Path, runner) -> int | None:  # noqa: ANN001
    """Preview and load a base file; rows added, or None when cancelled or the file is unusable."""
    preview = load_preview(parent, db=db, kind=kind, path=path, runner=runner)
    if preview is None:
        return None
    dialog = ImportDialog(parent, db=db, preview=preview, runner=runner)
    try:
        dialog.exec()
        return dialog.added
    finally:
        dialog.deleteLater()
