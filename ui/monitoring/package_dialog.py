"""«Выгрузить пакет за квартал»: quarter, folder, what is sent, the check (errors block), writing, the result."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QFrame, QHBoxLayout,
                               QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget)

from ui import file_dialogs, messages
from ui.monitoring.models import CheckModel, short_hash, size_text
from ui.pairs.views import make_view

NO_KEY = ("Ключ управления образования не задан: пакет будет НЕ зашифрован. Задайте ключ в «Сервис → "
          "Настройки…»")
ORANGE, RED, GREEN = "color: #e67800;", "color: #c62828;", "color: #2e7d32;"
SHOWN_ITEMS = 6


def choose_folder(parent: QWidget, start: str) -> Path | None:
    """The folder dialog; tests replace this."""
    path = file_dialogs.getExistingDirectory(parent, "Папка для пакета (например, флешка)", start)
    return Path(path) if path else None


def _label(parent: QWidget, style: str = "") -> QLabel:
    label = QLabel(parent)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setStyleSheet(style)
    return label


class PackageDialog(QDialog):
    """Writes the quarterly package through ``runner``; «Показать проверку» → ``navigate(target, record_id)``.

    Attributes:
        items: the findings of the last check; package: the PackageResult written (None until then);
        last_folder: the folder chosen last (shared by every dialog of this run).
    """

    navigate = Signal(str, object)
    last_folder = ""

    def __init__(self, parent: QWidget | None, *, db: Any, runner: Any, period_code: str = "",
                 today: Any = None) -> None:
        super().__init__(parent)
        from app.settings import load_settings
        from ui.monitoring.monitoring_tab import period_choices

        self.db, self.runner, self.today = db, runner, today
        self.items: list = []
        self.package: Any = None
        self.chosen: Any = None
        self.setWindowTitle("Выгрузить пакет за квартал")
        with db.session() as session:
            self.settings = load_settings(session)
        self.quarter_box = QComboBox(self)
        from app.periods import parse_period

        choices = period_choices("quarter", self._today())
        if period_code and "/" not in period_code and period_code not in [q.code for q in choices]:
            choices.insert(0, parse_period(period_code))
        for q in choices:
            self.quarter_box.addItem(q.title, q.code)
        if (index := self.quarter_box.findData(period_code)) >= 0:
            self.quarter_box.setCurrentIndex(index)
        self.folder_edit = QLineEdit(PackageDialog.last_folder, self)
        self.folder_edit.setPlaceholderText("Выберите папку или флешку")
        self.folder_button = QPushButton("Выбрать…", self)
        self.folder_button.clicked.connect(lambda _checked=False: self.choose())
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(self.folder_button)
        form = QFormLayout()
        form.addRow("Квартал:", self.quarter_box)
        form.addRow("Папка:", folder_row)

        self.personal_label = _label(self)
        self.key_label = _label(self)
        self.check_label = _label(self)
        self.check_button = QPushButton("Показать проверку", self)
        self.check_button.setToolTip("Все замечания с переходом к записи, которую нужно исправить")
        self.check_button.clicked.connect(lambda _checked=False: self.show_check())
        check_row = QHBoxLayout()
        check_row.addWidget(self.check_label, 1)
        check_row.addWidget(self.check_button, 0, Qt.AlignmentFlag.AlignTop)
        self.check_model = CheckModel(self)
        self.check_view = make_view(self.check_model, self, (130, 560), None)
        self.check_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.check_view.setFixedHeight(self.check_view.verticalHeader().defaultSectionSize() * SHOWN_ITEMS
                                       + self.check_view.horizontalHeader().sizeHint().height()
                                       + 2 * self.check_view.frameWidth())
        self.check_view.doubleClicked.connect(lambda _index: self.show_check())
        self.result_frame = QFrame(self)
        self.result_frame.setFrameShape(QFrame.Shape.StyledPanel)
        self.result_label = _label(self.result_frame)
        self.hash_label = _label(self.result_frame)
        self.copy_button = QPushButton("Копировать SHA-256", self.result_frame)
        self.copy_button.setToolTip("Скопировать контрольную сумму целиком — для сверки с управлением образования")
        self.copy_button.clicked.connect(lambda _checked=False: self.copy_hash())
        hash_row = QHBoxLayout()
        hash_row.addWidget(self.hash_label, 1)
        hash_row.addWidget(self.copy_button)
        result_layout = QVBoxLayout(self.result_frame)
        result_layout.addWidget(self.result_label)
        result_layout.addLayout(hash_row)
        self.result_frame.hide()
        self.error_label = _label(self, RED)
        self.error_label.hide()

        buttons = QDialogButtonBox(parent=self)
        self.write_button = buttons.addButton("Выгрузить", QDialogButtonBox.ButtonRole.AcceptRole)
        self.write_button.setDefault(True)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setText("Закрыть")
        buttons.accepted.connect(self.export)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel("<b>Что будет передано</b>", self))
        layout.addWidget(self.personal_label)
        layout.addWidget(self.key_label)
        layout.addWidget(QLabel("<b>Проверка квартала</b>", self))
        layout.addLayout(check_row)
        layout.addWidget(self.check_view)
        layout.addWidget(self.result_frame)
        layout.addWidget(self.error_label)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.setMinimumWidth(720)
        from ui.widgets import fit_to_screen

        fit_to_screen(self, 760, 600)
        self.describe_content()
        self.quarter_box.currentIndexChanged.connect(lambda _n: self.run_check())
        self.run_check()

    def _today(self) -> Any:
        import datetime as dt

        return self.today or dt.date.today()

    def period(self) -> Any:
        from app.periods import parse_period

        return parse_period(self.quarter_box.currentData())

    # -- what is sent ----------------------------------------------------------
    def describe_content(self) -> None:
        if self.settings.package_personal_data:
            self.personal_label.setText("Сведения об участниках: ФИО и даты рождения — только у тех, чьё согласие на "
                                        "передачу данных записано; остальные — под псевдонимами.")
        else:
            self.personal_label.setText("Сведения об участниках: под псевдонимами, без ФИО и дат рождения "
                                        "(включается в «Сервис → Настройки…»).")
        key = self.settings.municipality_key_path.strip()
        if not key:
            self.key_label.setText(NO_KEY)
            self.key_label.setStyleSheet(ORANGE + " font-weight: bold;")
        elif not Path(key).is_file():
            self.key_label.setText(f"Файл ключа управления образования не найден: «{key}». Пакет не будет "
                                   "записан — укажите ключ заново в «Сервис → Настройки…».")
            self.key_label.setStyleSheet(RED + " font-weight: bold;")
        else:
            self.key_label.setText(f"Шифрование: да, ключом управления образования «{Path(key).name}» — "
                                   "открыть пакет сможет только управление образования.")
            self.key_label.setStyleSheet(GREEN)

    # -- the check -------------------------------------------------------------
    def run_check(self) -> None:
        db, period, today = self.db, self.period(), self.today

        def work(_progress: Any) -> list:
            from app.quarter_check import check_quarter

            with db.session() as session:
                return check_quarter(session, period=period, today=today)

        self.check_label.setText("Проверка…")
        self.runner.run(work, on_done=self.show_items, on_error=lambda exc: self.show_failure(exc))

    def show_items(self, items: list) -> None:
        from ui.monitoring.check_dialog import summary_text

        self.items = sorted(items, key=lambda i: i.severity != "error")
        self.check_model.set_rows(self.items)
        self.check_view.setVisible(bool(self.items))
        blocked = self.has_errors()
        self.check_label.setText(summary_text(self.items))
        self.check_label.setStyleSheet(RED + " font-weight: bold;" if blocked else "font-weight: bold;")
        self.check_button.setEnabled(bool(self.items))
        self.write_button.setEnabled(not blocked)
        self.write_button.setToolTip("Сначала исправьте ошибки проверки" if blocked else "")

    def has_errors(self) -> bool:
        return any(i.severity == "error" for i in self.items)

    def show_check(self) -> Any:
        from ui.monitoring import monitoring_tab
        from ui.monitoring.check_dialog import CheckDialog

        dialog = CheckDialog(self, items=self.items, period_title=self.period().title)
        try:
            monitoring_tab.run_dialog(dialog)
        finally:
            dialog.deleteLater()
        if dialog.chosen is not None:
            self.chosen = dialog.chosen
            self.navigate.emit(dialog.chosen.target, dialog.chosen.record_id)
            self.reject()
        return dialog

    # -- writing ---------------------------------------------------------------
    def choose(self) -> Path | None:
        folder = choose_folder(self, self.folder_edit.text().strip() or PackageDialog.last_folder)
        if folder is not None:
            self.folder_edit.setText(str(folder))
        return folder

    def export(self) -> Any:
        """Check the quarter again and write the package; errors of the check block it."""
        self.error_label.hide()
        text = self.folder_edit.text().strip()
        if not text:
            self.show_failure_text("Выберите папку для пакета (например, флешку) — кнопка «Выбрать…».")
            return None
        folder, period, db, today = Path(text), self.period(), self.db, self.today
        if self.settings.package_personal_data and not self.settings.municipality_key_path and not messages.confirm(
                self, title="Пакет без шифрования",
                text="В пакет попадут ФИО и даты рождения участников (с согласием на передачу), а ключ управления "
                     "образования не задан: пакет будет НЕ зашифрован, и потерянная флешка раскроет эти данные.\n"
                     "Выгрузить всё равно?", yes="Выгрузить без шифрования"):
            return None
        self.result_frame.hide()  # the previous result must not stand under a new failure

        def work(progress: Any) -> tuple:
            from app.package import write_package
            from app.quarter_check import check_quarter, has_errors

            with db.session() as session:
                items = check_quarter(session, period=period, today=today)
                if has_errors(items):
                    return items, None
                return items, write_package(session, period=period, folder=folder, progress=progress, today=today)

        PackageDialog.last_folder = text
        self.write_button.setEnabled(False)
        self.runner.run(work, on_done=self.written, on_error=self.failed, title="Выгрузка пакета…", parent=self)
        return self.package

    def written(self, outcome: tuple) -> None:
        items, result = outcome
        self.show_items(items)
        if result is None:
            self.show_failure_text("Пакет не записан: проверка квартала нашла ошибки. Исправьте их "
                                   "(«Показать проверку») и повторите выгрузку.")
            return
        self.package = result
        self.write_button.setEnabled(True)
        protection = ("зашифрован ключом управления образования" if result.encrypted
                      else "<span style='color:#c62828'><b>НЕ зашифрован</b></span>")
        personal = "с ФИО и датами рождения" if result.personal_data else "без ФИО (под псевдонимами)"
        self.result_label.setText(f"<b>Пакет записан:</b> {_escape(result.path.name)} ({size_text(result.size)})<br>"
                                  f"Папка: {_escape(str(result.path.parent))}<br>Пакет {protection}, {personal}.")
        self.hash_label.setText(f"SHA-256: {short_hash(result.sha256)}")
        self.hash_label.setToolTip(result.sha256)
        self.result_frame.show()
        if self.height() < self.sizeHint().height():
            self.resize(self.width(), self.sizeHint().height())
        if isinstance(self.parent(), QWidget) and hasattr(self.parent(), "status_message"):
            self.parent().status_message.emit(f"Пакет «{result.path.name}» записан")

    def failed(self, exc: BaseException) -> None:
        from app.errors import Cancelled

        self.write_button.setEnabled(not self.has_errors())
        if isinstance(exc, Cancelled):
            return
        self.show_failure(exc)
        messages.show_error(self, exc, title="Пакет не записан")

    def show_failure(self, exc: BaseException) -> None:
        self.show_failure_text(messages.error_text(exc))

    def show_failure_text(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()

    def copy_hash(self) -> None:
        if self.package is not None:
            QGuiApplication.clipboard().setText(self.package.sha256)


def _escape(text: str) -> str:
    from html import escape

    return escape(text, quote=False)


def open_package_dialog(tab: Any) -> PackageDialog | None:
    """The export dialog for the tab's quarter (or the current one when a year is chosen)."""
    from ui.monitoring import monitoring_tab

    if tab.db is None:
        return None
    code = tab.period_box.currentData() or ""
    try:
        dialog = PackageDialog(tab, db=tab.db, runner=tab.runner, period_code=code if "/" not in code else "",
                               today=tab.today)
    except Exception as exc:  # noqa: BLE001
        messages.show_error(tab, exc)
        return None
    try:
        monitoring_tab.run_dialog(dialog)
    finally:
        dialog.deleteLater()
    chosen = dialog.chosen
    if chosen is not None:
        if chosen.target == "contingent":
            tab.edit_contingent()
        else:
            tab.navigate.emit(chosen.target, chosen.record_id)
    return dialog


__all__ = ["NO_KEY", "PackageDialog", "choose_folder", "open_package_dialog"]
