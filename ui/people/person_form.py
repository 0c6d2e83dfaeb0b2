"""Shared pieces of the mentee and mentor dialogs: person fields, inline issues, save and cancel."""

from __future__ import annotations

import datetime as dt
import re

from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QDoubleSpinBox, QFormLayout, QHBoxLayout, QLabel,
                               QLineEdit, QPlainTextEdit, QSpinBox, QTabWidget, QVBoxLayout, QWidget)

from app.errors import Issue, ValidationError
from app.text import clean, full_name
from ui.inline_issues import InlineIssues, issue_line, mark_invalid  # noqa: F401 - re-exported
from ui.people.consents_editor import ConsentsEditor
from ui.people.editing import confirm_duplicate
from ui.people.tags_editor import TagsEditor
from ui.widgets import DateField, fit_to_screen

STUDENT_CATEGORIES = ("обучающийся", "студент")
STAFF_CATEGORIES = ("педагог", "молодой специалист")
STYLE = """
*[invalid="true"] { border: 1px solid #c62828; background: #fff0f0; }
QLabel#issues { background: #fdecea; color: #8b1a1a; border: 1px solid #e57373; border-radius: 3px; padding: 6px; }
QLabel#archived { background: #eceff1; color: #37474f; border: 1px solid #b0bec5; border-radius: 3px; padding: 6px; }
QLabel#note { color: #666; }
"""


def required(text: str) -> QLabel:
    """A form label with a red asterisk: a required field."""
    label = QLabel(f'{text} <span style="color:#c62828">*</span>')
    label.setTextFormat(Qt.TextFormat.RichText)
    return label


def note(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("note")
    label.setWordWrap(True)
    return label


def text_area(*, lines: int = 3, placeholder: str = "") -> QPlainTextEdit:
    area = QPlainTextEdit()
    area.setTabChangesFocus(True)
    area.setPlaceholderText(placeholder)
    area.setFixedHeight(area.fontMetrics().lineSpacing() * lines + 14)
    return area


def date_field(*, allow_year_only: bool = False) -> DateField:
    field = DateField(allow_year_only=allow_year_only)
    field.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab walks the text fields only
    field.setMaximumWidth(190 if allow_year_only else 160)
    return field


def choice_combo(names: list[str], current: str = "", *, editable: bool = False) -> QComboBox:
    """A combo of reference names; ``current`` is kept even when it is no longer in the list."""
    box = QComboBox()
    box.setEditable(editable)
    box.addItems(names)
    if current and box.findText(current) < 0:
        box.addItem(current)
    if current or editable:
        box.setCurrentText(current) if editable else box.setCurrentIndex(box.findText(current))
    return box


def status_combo(statuses: dict[str, str], current: str) -> QComboBox:
    box = QComboBox()
    for code, label in statuses.items():
        box.addItem(label, code)
    if current not in statuses:
        box.addItem(current, current)
    box.setCurrentIndex(box.findData(current))
    return box


class OptionalSpin(QSpinBox):
    """An integer spin box whose lowest position means «not given» (shown as ``empty_text``)."""

    def __init__(self, low: int, high: int, *, empty_text: str = "не важно", suffix: str = "") -> None:
        super().__init__()
        self.setRange(low - 1, high)
        self.setSpecialValueText(empty_text)
        self.setSuffix(suffix)

    def value_or_none(self) -> int | None:
        return None if self.value() < self.minimum() + 1 else self.value()

    def set_value_or_none(self, value: int | None) -> None:
        self.setValue(self.minimum() if value is None else value)


class OptionalYears(QDoubleSpinBox):
    """Years of experience, empty by default («не указан»)."""

    def __init__(self) -> None:
        super().__init__()
        self.setDecimals(1)
        self.setRange(-1, 70)
        self.setSingleStep(1)
        self.setSpecialValueText("не указан")
        self.setLocale(QLocale(QLocale.Language.Russian, QLocale.Country.Russia))  # «2,5», not «2.5»
        self.setMaximumWidth(130)

    def value_or_none(self) -> float | None:
        return None if self.value() < 0 else self.value()

    def set_value_or_none(self, value: float | None) -> None:
        self.setValue(-1 if value is None else float(value))


def age_on(today: dt.date, birth_date: dt.date | None, birth_year: int | None) -> int | None:
    """Full years on ``today``; for a year alone, the lower bound (so a minor is never missed)."""
    if birth_date:
        return today.year - birth_date.year - ((today.month, today.day) < (birth_date.month, birth_date.day))
    if birth_year:
        return today.year - birth_year - 1
    return None


class PersonDialog(InlineIssues, QDialog):
    """Base of the person dialogs: builds the shared fields, shows issues inline, saves and cancels.

    Subclasses fill the tabs, set ``field_widgets`` and implement ``collect()`` and ``store()``.

    Attributes:
        saved_id: id of the saved record after a successful save.
    """

    def __init__(self, parent: QWidget | None, *, db, data, title: str) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.db = db
        self.data = data
        self.saved_id: int | None = None
        self._dirty = False
        self.field_widgets: dict[str, QWidget] = {}
        self.setWindowTitle(title)
        self.setStyleSheet(STYLE)
        self.archived_banner = QLabel("Запись в архиве: в базе она скрыта, но её можно редактировать. "
                                      "Вернуть запись в базу можно на вкладке базы («Восстановить»).")
        self.archived_banner.setObjectName("archived")
        self.archived_banner.setWordWrap(True)
        self.archived_banner.setVisible(bool(getattr(data, "archived", False)))
        self.issues_label = QLabel()
        self.issues_label.setObjectName("issues")
        self.issues_label.setWordWrap(True)
        self.issues_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.issues_label.hide()
        self.tabs = QTabWidget()
        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton("Сохранить", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton("Отмена", QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.setToolTip("Сохранить (Ctrl+Enter)")
        self.cancel_button.setToolTip("Закрыть без сохранения (Esc)")
        for button in (self.save_button, self.cancel_button):
            button.setAutoDefault(False)  # Enter in a field must not save a half-filled form
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, activated=self.save)
        layout = QVBoxLayout(self)
        layout.addWidget(self.archived_banner)
        layout.addWidget(self.issues_label)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(required("Обязательные поля отмечены"), 0)
        layout.addWidget(self.buttons)

    # -- building -----------------------------------------------------------

    def add_tab(self, title: str) -> QFormLayout:
        page = QWidget()
        outer = QVBoxLayout(page)
        form = QFormLayout()
        outer.addLayout(form)
        outer.addStretch(1)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.tabs.addTab(page, title)
        return form

    def build_person_fields(self, form: QFormLayout, *, categories: list[str]) -> None:
        """Фамилия, Имя, Отчество, Дата рождения, Категория on ``form``."""
        data = self.data
        self.last_name = QLineEdit(data.last_name)
        self.first_name = QLineEdit(data.first_name)
        self.middle_name = QLineEdit(data.middle_name)
        self.middle_name.setPlaceholderText("если есть")
        self.birth = date_field(allow_year_only=True)
        if data.birth_date:
            self.birth.set_date(data.birth_date)
        else:
            self.birth.set_year(data.birth_year)
        self.category = choice_combo(categories, data.category or (categories[0] if categories else ""))
        form.addRow(required("Фамилия"), self.last_name)
        form.addRow(required("Имя"), self.first_name)
        form.addRow("Отчество", self.middle_name)
        birth_hint = note("полная дата или только год")
        birth_hint.setWordWrap(False)
        form.addRow("Дата рождения", self._beside(self.birth, birth_hint))
        form.addRow(required("Категория"), self.category)
        self.field_widgets.update({"Фамилия": self.last_name, "Имя": self.first_name, "Отчество": self.middle_name,
                                   "Дата рождения": self.birth.edit, "Год рождения": self.birth.edit,
                                   "Категория": self.category})
        self.birth.changed.connect(self.update_minor)

    @staticmethod
    def _beside(*widgets: QWidget) -> QWidget:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        for widget in widgets:
            row.addWidget(widget)
        row.addStretch(1)
        return box

    def build_consents_tab(self) -> None:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.consents = ConsentsEditor(page)
        self.consents.set_consents(self.data.consents)
        layout.addWidget(self.consents)
        self.tabs.addTab(page, "Согласия")

    def make_tags(self, choices: list[str], current: tuple[str, ...], hint: str) -> TagsEditor:
        editor = TagsEditor(choices=choices, add_hint=hint)
        editor.set_tags(current)
        return editor

    def finish_building(self) -> None:
        """Call at the end of a subclass constructor: size, minor hint, change tracking."""
        self.update_minor()
        fit_to_screen(self, 1000, 640)
        self.setMaximumHeight(720)
        for widget in self.findChildren(QLineEdit):
            widget.textChanged.connect(self._touch)
        for widget in self.findChildren(QPlainTextEdit):
            widget.textChanged.connect(self._touch)
        for widget in self.findChildren(QComboBox):
            widget.currentIndexChanged.connect(self._touch)
        for widget in self.findChildren(QSpinBox) + self.findChildren(QDoubleSpinBox):
            widget.valueChanged.connect(self._touch)
        for widget in self.findChildren(TagsEditor):
            widget.changed.connect(self._touch)
        self.consents.changed.connect(self._touch)
        self.last_name.setFocus()

    def _touch(self, *_args) -> None:  # noqa: ANN002
        self._dirty = True

    def is_dirty(self) -> bool:
        return self._dirty

    # -- shared values ------------------------------------------------------

    def read_date(self, field: DateField, label: str, issues: list[Issue]) -> dt.date | None:
        try:
            return field.date()
        except ValueError as exc:
            issues.append(Issue(str(exc), field=label))
            return None

    def read_birth(self, issues: list[Issue]) -> tuple[dt.date | None, int | None]:
        if self.birth.is_year_only():
            return None, int(self.birth.text())
        value = self.read_date(self.birth, "Дата рождения", issues)
        return value, value.year if value else None

    def person_values(self, issues: list[Issue]) -> dict:
        birth_date, birth_year = self.read_birth(issues)
        consents, consent_issues = self.consents.consents()
        issues += consent_issues
        return {"last_name": clean(self.last_name.text()), "first_name": clean(self.first_name.text()),
                "middle_name": clean(self.middle_name.text()), "birth_date": birth_date,
                "birth_year": birth_year, "category": clean(self.category.currentText()), "consents": consents}

    def representative_name(self) -> str:
        return ""

    def update_minor(self, *_args) -> None:  # noqa: ANN002
        issues: list[Issue] = []
        try:
            birth_date, birth_year = self.read_birth(issues)
        except ValueError:
            birth_date, birth_year = None, None
        age = age_on(dt.date.today(), birth_date, birth_year)
        self.consents.set_minor(age is not None and age < 18, self.representative_name())

    # -- issues -------------------------------------------------------------

    def show_issues(self, issues: list[Issue]) -> None:
        """List the issues above the form and highlight their widgets; focus the first one."""
        self.clear_issues()
        self.issues_label.setText("Не сохранено — исправьте:\n" + "\n".join(f"• {issue_line(i)}" for i in issues))
        self.issues_label.show()
        first: QWidget | None = None
        consent_rows: set[int] = set()
        for issue in issues:
            field = issue.field or ""
            widget = self.field_widgets.get(field)
            match = re.match(r"Согласие (\d+)", field)
            if match:
                consent_rows.add(int(match.group(1)) - 1)
                widget = widget or self.consents.table
            if widget is None:
                continue
            mark_invalid(widget, True)
            first = first or widget
        if consent_rows:
            self.consents.mark_rows(consent_rows)
        if first is not None:
            for index in range(self.tabs.count()):
                if self.tabs.widget(index).isAncestorOf(first):
                    self.tabs.setCurrentIndex(index)
                    break
            first.setFocus()

    def clear_issues(self) -> None:
        super().clear_issues()
        self.consents.mark_rows(set())

    # -- save and cancel ----------------------------------------------------

    def collect(self) -> tuple[object, list[Issue]]:
        """The DTO built from the widgets and issues found while reading them."""
        raise NotImplementedError

    def validate(self, data) -> list[Issue]:  # noqa: ANN001
        raise NotImplementedError

    def store(self, session, data) -> int:  # noqa: ANN001
        raise NotImplementedError

    def save(self) -> bool:
        """Validate and save; on problems show them inline and keep the dialog open."""
        from ui.messages import show_error

        data, issues = self.collect()
        if issues:
            named = {i.field for i in issues}
            self.show_issues(issues + [i for i in self.validate(data) if i.field not in named])
            return False
        try:
            with self.db.session() as session:
                if not confirm_duplicate(self, session=session, data=data):
                    return False
                self.saved_id = self.store(session, data)
        except ValidationError as exc:
            self.show_issues(exc.issues)
            return False
        except Exception as exc:  # noqa: BLE001 - every other error becomes a message box
            show_error(self, exc, title="Не удалось сохранить")
            return False
        self._dirty = False
        self.accept()
        return True

    def confirm_discard(self) -> bool:
        from ui.messages import confirm

        return confirm(self, title="Несохранённые изменения", text="Закрыть без сохранения? Изменения будут потеряны.",
                       yes="Закрыть без сохранения", no="Продолжить редактирование")

    def reject(self) -> None:
        if self._dirty and not self.confirm_discard():
            return
        super().reject()


def person_title(kind: str, data) -> str:  # noqa: ANN001
    name = full_name(data.last_name, data.first_name, data.middle_name)
    return f"{kind}: {name}" if data.id is not None and name else f"Новый {kind.lower()}"
