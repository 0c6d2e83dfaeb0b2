"""First start: «Образовательная организация» or «Управление образования», and the window that fits the database."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout,
                               QWidget)

from ui import messages
from ui.widgets import fit_to_screen

SCHOOL, SETUP, MUNICIPALITY = "school", "setup", "municipality"
SCHOOL_TEXT = ("Школа, колледж или организация дополнительного образования. Базы наставников и наставляемых, "
               "пары и группы, приказ, журнал встреч, анкеты, показатели и квартальный пакет мониторинга "
               "для управления образования.")
SETUP_TEXT = ("Если управление образования выдало вам файл настройки (.mdsetup), откройте его: код "
              "организации, наименование, ключ шифрования пакетов и сроки сдачи отчётов заполнятся сами.")
MUNICIPALITY_TEXT = ("Муниципальный орган управления образованием. Реестр образовательных организаций и их "
                     "файлы настройки, приём квартальных пакетов школ, контроль сроков сдачи, сводный отчёт "
                     "и информационная справка.")
POSTPONED_HINT = ("База пока пуста. Заполните профиль: «Файл → Профиль организации…» или загрузите файл "
                  "настройки: «Файл → Загрузить файл настройки от управления образования…»")


def run_dialog(dialog: QDialog) -> bool:
    """``exec`` a dialog; tests replace this to drive dialogs without a modal loop."""
    return dialog.exec() == QDialog.DialogCode.Accepted


@dataclass(frozen=True)
class DatabaseState:
    """What a just-opened database already is."""

    mode: str
    school_data: bool
    municipality_profile: bool

    @property
    def municipality(self) -> bool:
        return self.mode == MUNICIPALITY or self.municipality_profile

    @property
    def fresh(self) -> bool:
        return not self.municipality and not self.school_data


def read_state(db: Any) -> DatabaseState:
    from app.municipality.register import get_profile, has_school_data
    from app.services.mode import get_mode

    with db.session() as session:
        return DatabaseState(mode=get_mode(session), school_data=has_school_data(session),
                             municipality_profile=get_profile(session) is not None)


class ModeChoiceDialog(QDialog):
    """«Начало работы»: the kind of organisation; ``choice`` is school, setup or municipality (None: closed)."""

    def __init__(self, parent: QWidget | None, *, db_path: Path | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Начало работы")
        self.choice: str | None = None
        self.buttons: dict[str, QPushButton] = {}
        heading = QLabel("<h3>Добро пожаловать в MentorDesk!</h3>Кто будет работать с программой на этом "
                         "компьютере? От выбора зависит, какое окно откроется.", self)
        heading.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        school = self._section("Образовательная организация", SCHOOL_TEXT, (
            (SCHOOL, "Заполнить профиль организации", "Ввести наименование, руководителя и куратора вручную"),
            (SETUP, "Открыть файл настройки…", "Файл .mdsetup от управления образования")))
        setup_note = QLabel(SETUP_TEXT, school)
        setup_note.setWordWrap(True)
        setup_note.setStyleSheet("color: #555555;")
        school.layout().insertWidget(2, setup_note)
        layout.addWidget(school)
        layout.addWidget(self._section("Управление образования", MUNICIPALITY_TEXT, (
            (MUNICIPALITY, "Начать как управление образования",
             "Создать профиль управления образования и ключ шифрования пакетов"),)))
        footer = ("Выбор сохраняется в базе данных"
                  + (f" «{db_path}»" if db_path is not None else "")
                  + ". Пока в базе ничего нет, это окно появится при следующем запуске снова.")
        note = QLabel(footer, self)
        note.setWordWrap(True)
        note.setStyleSheet("color: #555555;")
        note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(note)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, parent=self)
        close.button(QDialogButtonBox.StandardButton.Close).setText("Решить позже")
        close.button(QDialogButtonBox.StandardButton.Close).setAutoDefault(False)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.buttons[SCHOOL].setDefault(True)
        self.buttons[SCHOOL].setFocus()
        fit_to_screen(self, 640, 520)

    def _section(self, title: str, text: str, actions: tuple[tuple[str, str, str], ...]) -> QFrame:
        box = QFrame(self)
        box.setFrameShape(QFrame.Shape.StyledPanel)
        inner = QVBoxLayout(box)
        caption = QLabel(f"<b>{title}</b>", box)
        about = QLabel(text, box)
        about.setWordWrap(True)
        inner.addWidget(caption)
        inner.addWidget(about)
        row = QHBoxLayout()
        for code, label, tip in actions:
            button = QPushButton(label, box)
            button.setToolTip(tip)
            button.clicked.connect(lambda _checked=False, code=code: self.choose(code))
            self.buttons[code] = button
            row.addWidget(button)
        row.addStretch(1)
        inner.addLayout(row)
        return box

    def choose(self, code: str) -> None:
        self.choice = code
        self.accept()


def ask_mode(window: Any, *, db: Any) -> str | None:
    dialog = ModeChoiceDialog(window, db_path=getattr(db, "path", None))
    try:
        return dialog.choice if run_dialog(dialog) else None
    finally:
        dialog.deleteLater()


def attach_database(window: Any, db: Any) -> Any:
    """Give the opened ``db`` to the window that fits it; returns the window now in charge.

    A municipality database opens the municipality window (the school window hides); a fresh database asks
    what kind of organisation works here; a school database goes to ``window`` with its profile check.
    """
    try:
        state = read_state(db)
    except Exception as exc:  # noqa: BLE001 - unreadable: the school window shows the database as is
        messages.show_error(window, exc, title="База данных")
        state = DatabaseState(mode=SCHOOL, school_data=True, municipality_profile=False)
    if state.municipality:
        mw = municipality_window(window)
        switch_to(window, mw)
        mw.set_database(db)
        mw.ensure_profile()
        return mw
    if not state.fresh:
        window.set_database(db)
        window.ensure_profile()
        return window
    return first_start(window, db)


def first_start(window: Any, db: Any) -> Any:
    """The mode choice, repeated until a choice succeeds or the user postpones it."""
    while True:
        choice = ask_mode(window, db=db)
        if choice is None:
            window.set_database(db)
            window.statusBar().showMessage(POSTPONED_HINT)
            return window
        if choice == SCHOOL:
            window.set_database(db)
            window.ensure_profile()
            return window
        if choice == SETUP and start_from_setup_file(window, db):
            return window
        if choice == MUNICIPALITY:
            mw = start_municipality(window, db)
            if mw is not None:
                return mw


def start_from_setup_file(window: Any, db: Any) -> bool:
    """Apply a setup file to the fresh database, say what was applied, then complete the profile."""
    from app.municipality.setup_file import KEY_FILE
    from ui import school_dialog, setup_file_actions

    path = setup_file_actions.choose_setup_file(window)
    if path is None:
        return False
    setup = setup_file_actions.apply_file(window, db=db, path=path)
    if setup is None:
        return False
    window.set_database(db)
    setup_file_actions.show_applied(window, text=(
        setup_file_actions.applied_text(setup, key_path=setup_file_actions.key_folder(db) / KEY_FILE)
        + "\n\nТеперь дополните профиль: руководитель, куратор, положение о наставничестве."))
    if school_dialog.edit_school(window, db=db, first_start=True) is not None:
        window.refresh_title()
    else:
        window.statusBar().showMessage("Дополните профиль организации (руководитель, куратор): "
                                       "«Файл → Профиль организации…»")
    return True


def municipality_window(window: Any) -> Any:
    """A municipality window sharing the school window's runner and settings, in its place on the screen."""
    from ui.municipality.window import MunicipalityWindow

    mw = MunicipalityWindow(runner=window.runner, settings=window.settings)
    mw.setGeometry(window.geometry())
    mw.setWindowState(window.windowState())  # maximised stays maximised
    return mw


def switch_to(window: Any, mw: Any) -> None:
    """Show ``mw`` instead of the school window (kept as ``window.successor`` so it lives on)."""
    window.successor = mw
    mw.show()
    window.hide()


def start_municipality(window: Any, db: Any) -> Any:
    """The municipality's first-start profile (it sets the mode); None when cancelled — the database unchanged."""
    mw = municipality_window(window)
    mw.db = db  # the profile dialog needs the database; the tabs get it only once the profile exists
    try:
        created = mw.ensure_profile()
    except Exception as exc:  # noqa: BLE001 - the dialog module failed: stay with the choice
        messages.show_error(window, exc, title="Управление образования")
        created = False
    if created and not read_state(db).municipality:  # a profile dialog that did not create the municipality
        created = False
    if not created:
        mw.db = None  # the database stays open for the school window
        mw.deleteLater()
        return None
    mw.db = None
    switch_to(window, mw)
    mw.set_database(db)
    return mw


__all__ = ["DatabaseState", "ModeChoiceDialog", "attach_database", "first_start", "read_state", "run_dialog",
           "start_from_setup_file", "start_municipality"]
