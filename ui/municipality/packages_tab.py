"""The «Пакеты» tab: every received package (current and replaced) with filters; loading files, a folder or a drop."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QEvent, QObject, QSettings, Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QKeyEvent
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QHBoxLayout, QLabel, QLineEdit, QPushButton,
                               QVBoxLayout, QWidget)

from ui import messages
from ui.municipality.last_dir import last_dir, remember_dir
from ui.municipality.package_models import PackagesModel
from ui.municipality.tab_base import MunicipalityTab
from ui.pairs.views import make_view

PACKAGE_FILTER = "Пакеты мониторинга (*.mdpkg);;Все файлы (*)"
WIDTHS = (240, 150, 0, 120, 120, 90, 50, 200, 70)  # 0: the file name column is sized from the font
FILE_SAMPLE = "52-0313_2026-Q4_nokey (2).mdpkg"
EMPTY_HINT = ("Пакеты ещё не загружены. Нажмите «Загрузить пакеты…» или «Загрузить папку…» — "
              "или перетащите файлы .mdpkg (или папку с ними) в это окно.")


def run_dialog(dialog: QDialog) -> bool:
    """``exec`` a dialog; tests replace this to drive dialogs without a modal loop."""
    return dialog.exec() == QDialog.DialogCode.Accepted


def ask_files(parent: QWidget) -> list[Path]:
    """The package files the user picked (empty when cancelled); tests replace this."""
    from ui import file_dialogs

    settings = getattr(parent, "settings", None)
    names, _filter = file_dialogs.getOpenFileNames(parent, "Загрузить пакеты мониторинга",
                                                   last_dir(settings, "packages"), PACKAGE_FILTER)
    if names:
        remember_dir(settings, "packages", names[0])
    return [Path(n) for n in names]


def ask_folder(parent: QWidget) -> Path | None:
    """A folder (a USB stick) with packages; tests replace this."""
    from ui import file_dialogs

    settings = getattr(parent, "settings", None)
    name = file_dialogs.getExistingDirectory(parent, "Папка с пакетами мониторинга (например, флешка)",
                                             last_dir(settings, "packages"))
    if name:
        remember_dir(settings, "packages", name)
    return Path(name) if name else None


def dropped_paths(urls: list[Any]) -> list[Path]:
    """Local ``.mdpkg`` files and folders among dropped URLs."""
    out = []
    for url in urls:
        if not url.isLocalFile():
            continue
        path = Path(url.toLocalFile())
        if path.is_dir() or path.suffix.lower() == ".mdpkg":
            out.append(path)
    return out


class PackagesTab(MunicipalityTab):
    """Every received package (current and replaced); loading files or a folder."""

    title = "Пакеты"

    def __init__(self, *, runner: Any, parent: QWidget | None = None, today: dt.date | None = None) -> None:
        super().__init__(runner=runner, parent=parent)
        self.today = today
        self.loaded = False
        self.settings: QSettings | None = None  # the window's, given by restore_state (last folders)
        self.last_dialog: Any = None
        self.last_summary: Any = None  # (ImportSummary, result rows) of the latest import
        self._generation = 0
        self.period_box = QComboBox(self)
        self.period_box.setMinimumContentsLength(22)
        self.period_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.period_box.addItem("Все кварталы", "")
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Организация: код или название (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(260)
        self.replaced_box = QCheckBox("Показывать заменённые", self)
        self.replaced_box.setToolTip("Показать и прежние пакеты, заменённые более новыми (история)")

        def button(text: str, slot: Callable[[], Any], tip: str) -> QPushButton:
            b = QPushButton(text, self)
            b.setToolTip(tip)
            b.clicked.connect(lambda _checked=False: slot())
            return b

        self.files_button = button("Загрузить пакеты…", self.import_files,
                                   "Выбрать файлы пакетов мониторинга (.mdpkg) и загрузить их")
        self.folder_button = button("Загрузить папку…", self.import_folder,
                                    "Загрузить все пакеты из папки или с флешки (и из её вложенных папок)")
        self.model = PackagesModel(self)
        self.view = make_view(self.model, self, WIDTHS, (0, Qt.SortOrder.AscendingOrder))
        self.view.horizontalHeader().resizeSection(2, self.view.fontMetrics().horizontalAdvance(FILE_SAMPLE) + 16)
        self.view.doubleClicked.connect(lambda index: self.open_row(index.row()))
        self.view.installEventFilter(self)  # Enter opens the school's quarter
        self.hint = QLabel(EMPTY_HINT, self)
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #555555; padding: 6px;")
        self.hint.setVisible(False)
        top = QHBoxLayout()
        top.addWidget(QLabel("Квартал:", self))
        top.addWidget(self.period_box)
        top.addWidget(self.search, 1)
        top.addWidget(self.replaced_box)
        top.addStretch(1)
        top.addWidget(self.files_button)
        top.addWidget(self.folder_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(self.hint)
        layout.addWidget(self.view, 1)
        self.period_box.currentIndexChanged.connect(lambda _n: self.apply_filter())
        self.search.textEdited.connect(lambda _t: self.apply_filter(keep_school=False))
        self.replaced_box.toggled.connect(lambda _on: self.apply_filter())
        self.setAcceptDrops(True)
        self.update_buttons()

    # -- loading -----------------------------------------------------------------
    def set_database(self, db: Any) -> None:
        self.db = db
        self.loaded = False
        self.update_buttons()
        self.reload()

    def reload(self) -> None:
        """All received packages (without content) in one background read."""
        if self.db is None:
            self.model.set_rows([])
            return
        self._generation += 1
        generation, db = self._generation, self.db

        def work(_progress: Callable[[int, int], None]) -> list:
            from app.municipality.received import list_received

            with db.session() as session:
                return list_received(session)

        def done(rows: list) -> None:
            if generation == self._generation:
                self.set_rows(rows)

        self.runner.run(work, on_done=done, on_error=self.load_failed.emit)

    def set_rows(self, rows: list[Any]) -> None:
        self.fill_periods(sorted({r.period for r in rows}, reverse=True))
        self.model.set_rows(rows)
        self.loaded = True
        self.hint.setVisible(not rows)
        self.counts_changed.emit()

    def fill_periods(self, periods: list[str]) -> None:
        """«Все кварталы» and every quarter present (the chosen one kept, even when it has no packages yet)."""
        from app.municipality.received import period_title

        chosen = self.period_box.currentData() or ""
        if chosen and chosen not in periods:
            periods = sorted([*periods, chosen], reverse=True)
        self.period_box.blockSignals(True)
        self.period_box.clear()
        self.period_box.addItem("Все кварталы", "")
        for code in periods:
            self.period_box.addItem(period_title(code), code)
        self.period_box.setCurrentIndex(max(self.period_box.findData(chosen), 0))
        self.period_box.blockSignals(False)

    def apply_filter(self, *, keep_school: bool = True) -> None:
        school_id = self.model.school_id if keep_school else None
        self.model.set_filter(period=self.period_box.currentData() or "", text=self.search.text(),
                              show_replaced=self.replaced_box.isChecked(), school_id=school_id)
        self.counts_changed.emit()

    def counts_text(self) -> str:
        if not self.loaded:
            return ""
        total, current = len(self.model.all_rows()), self.model.current_count()
        if self.model.is_filtered():
            return f"Пакетов: показано {self.model.rowCount()} из {total} (действующих: {current})"
        return f"Пакетов: {total} (действующих: {current})"

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def update_buttons(self) -> None:
        for b in (self.files_button, self.folder_button):
            b.setEnabled(self.db is not None)

    def show_history(self, *, school_id: Any = None, period: Any = None) -> None:
        """Only this school's packages of this quarter (both optional), replaced ones shown too."""
        code = ""
        if school_id is not None:
            code = next((r.school_code for r in self.model.all_rows() if r.school_id == school_id), "")
            if not code and self.db is not None:
                code = self._school_code(int(school_id))
        period = period or ""
        if period:
            if self.period_box.findData(period) < 0:
                present = {self.period_box.itemData(i) for i in range(1, self.period_box.count())}
                self.fill_periods(sorted({*present, period}, reverse=True))
        self.period_box.blockSignals(True)
        self.period_box.setCurrentIndex(max(self.period_box.findData(period), 0))
        self.period_box.blockSignals(False)
        self.search.setText(code)
        self.replaced_box.blockSignals(True)
        self.replaced_box.setChecked(True)
        self.replaced_box.blockSignals(False)
        self.model.school_id = int(school_id) if school_id is not None else None
        self.apply_filter()

    def _school_code(self, school_id: int) -> str:
        from app.municipality.register import list_schools

        with self.db.session() as session:
            return next((s.code for s in list_schools(session, include_archived=True) if s.id == school_id), "")

    # -- drill-down ----------------------------------------------------------------
    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if obj is self.view and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) \
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            index = self.view.currentIndex()
            if index.isValid():
                self.open_row(index.row())
                return True
        return super().eventFilter(obj, event)

    def open_row(self, row: int) -> None:
        """The school drill-down (as in the «Свод») for the package's school and quarter."""
        if self.db is None or not 0 <= row < self.model.rowCount():
            return
        package = self.model.row_at(row)
        self.open_detail(school_id=package.school_id, period_code=package.period)

    def open_detail(self, *, school_id: int, period_code: str) -> None:
        from app.periods import parse_period

        db, period, today = self.db, parse_period(period_code), self.today or dt.date.today()

        def work(_progress: Callable[[int, int], None]) -> Any:
            from app.municipality.consolidate import school_detail

            with db.session() as session:
                return school_detail(session, school_id=school_id, period=period, today=today)

        self.runner.run(work, on_done=lambda detail: self.show_detail(detail, period),
                        on_error=lambda exc: messages.show_error(self, exc, title="Организация"))

    def show_detail(self, detail: Any, period: Any) -> Any:
        from ui.municipality.school_detail_dialog import SchoolDetailDialog

        dialog = SchoolDetailDialog(self, detail=detail, period=period, db=self.db, runner=self.runner,
                                    folder=last_dir(self.settings, "report"))
        dialog.history_requested.connect(lambda school_id, code: self.show_history(school_id=school_id, period=code))
        dialog.status_message.connect(self.status_message.emit)
        self.last_dialog = dialog
        try:
            run_dialog(dialog)
        finally:
            if dialog.saved_path is not None:
                remember_dir(self.settings, "report", dialog.saved_path)
            dialog.deleteLater()
        return dialog

    # -- import ------------------------------------------------------------------
    def import_files(self) -> None:
        if self.db is None:
            return
        paths = ask_files(self)
        if paths:
            self.import_paths(paths)

    def import_folder(self) -> None:
        if self.db is None:
            return
        folder = ask_folder(self)
        if folder is not None:
            self.import_paths([folder])

    def import_paths(self, paths: list[Path]) -> None:
        """Import files and folders in the background with a progress dialog; then the summary dialog."""
        if self.db is None or not paths:
            return
        db, today, paths = self.db, self.today, [Path(p) for p in paths]

        def work(progress: Callable[[int, int], None]) -> tuple:
            from app.municipality.importer import import_paths
            from app.municipality.received import import_result_rows

            with db.session() as session:
                summary = import_paths(session, paths=paths, progress=progress, today=today)
                return summary, import_result_rows(session, summary=summary)

        self.status_message.emit("Загрузка пакетов…")
        self.runner.run(work, on_done=self._imported, on_error=self._import_failed, title="Загрузка пакетов…",
                        parent=self.window(), cancellable=True)

    def _imported(self, result: tuple) -> None:
        from app.municipality.received import counts_line
        from ui.municipality.import_summary_dialog import ImportSummaryDialog

        summary, rows = result
        self.last_summary = result
        changed = bool(summary.accepted or summary.replaced)
        if changed:
            self.reload()
            self.data_changed.emit()
        done = "прервана" if summary.cancelled else "завершена"
        self.status_message.emit(f"Загрузка пакетов {done}: {counts_line(summary)}")
        dialog = ImportSummaryDialog(self.window(), rows=rows, counts=counts_line(summary),
                                     folder=last_dir(self.settings, "report"))
        try:
            run_dialog(dialog)
        finally:
            dialog.deleteLater()

    def _import_failed(self, exc: BaseException) -> None:
        from app.errors import Cancelled

        if isinstance(exc, Cancelled):
            # packages imported before the cancel stay imported (one transaction each)
            self.reload()
            self.data_changed.emit()
            self.status_message.emit("Загрузка пакетов прервана")
            messages.inform(self.window(), title="Загрузка пакетов",
                            text="Загрузка прервана. Пакеты, загруженные до отмены, сохранены; "
                                 "остальные можно загрузить ещё раз.")
            return
        self.status_message.emit("Пакеты не загружены")
        messages.show_error(self.window(), exc, title="Загрузка пакетов")

    # -- drag and drop -----------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt override
        mime = event.mimeData()
        if self.db is not None and mime.hasUrls() and dropped_paths(mime.urls()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        event.acceptProposedAction() if self.db is not None and event.mimeData().hasUrls() else event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt override
        paths = dropped_paths(event.mimeData().urls()) if event.mimeData().hasUrls() else []
        if not paths or self.db is None:
            event.ignore()
            return
        event.acceptProposedAction()
        self.import_paths(paths)

    # -- state -------------------------------------------------------------------
    def save_state(self, settings: QSettings) -> None:
        settings.setValue("municipality/packages/header", self.view.horizontalHeader().saveState())
        settings.setValue("municipality/packages/replaced", self.replaced_box.isChecked())

    def restore_state(self, settings: QSettings) -> None:
        self.settings = settings
        header = settings.value("municipality/packages/header")
        if isinstance(header, QByteArray) and not header.isEmpty():
            self.view.horizontalHeader().restoreState(header)
        replaced = settings.value("municipality/packages/replaced", False)
        self.replaced_box.setChecked(replaced in (True, "true", "1", 1))


__all__ = ["PACKAGE_FILTER", "PackagesTab", "ask_files", "ask_folder", "dropped_paths", "run_dialog"]
