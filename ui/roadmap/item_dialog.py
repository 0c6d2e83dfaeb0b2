"""Roadmap item dialogs: the item form (every field, inline errors) and «Отметить выполненным…» with evidence."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QCompleter, QDialog, QFormLayout, QGroupBox, QHBoxLayout, QLabel,
                               QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget)

from app.errors import Issue, ValidationError
from app.schemas_roadmap import RECURRENCES, STATUSES, RoadmapItemData, RoadmapRow
from app.text import clean
from ui import file_dialogs, messages
from ui.inline_issues import InlineIssues
from ui.people.person_form import STYLE, required
from ui.roadmap.evidence_fields import EvidenceFields, hint_slot, issues_area, proposed_done
from ui.widgets import DateField, save_cancel_buttons

# Field names as the service's issues may name them (attribute or Russian label) → the dialog attribute.
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "number": ("number", "№ п/п", "Номер"),
    "section": ("section", "Раздел"),
    "title": ("title", "Наименование мероприятия", "Наименование"),
    "deadline": ("deadline", "Срок", "Дата срока"),
    "deadline_text": ("deadline_text", "Срок (текстом)", "Срок текстом"),
    "recurrence": ("recurrence", "Периодичность", "Повторение"),
    "responsible": ("responsible", "Ответственный"),
    "result": ("result", "Результат / вид документа", "Результат"),
    "status": ("status", "Статус"),
    "done_date": ("done_date", "Дата выполнения"),
    "evidence_number": ("evidence_number", "Номер документа", "Подтверждение"),
    "evidence_date": ("evidence_date", "Дата документа"),
    "evidence_note": ("evidence_note", "Примечание"),
    "evidence_path": ("evidence_path", "Файл"),
}


def run_dialog(dialog: QDialog) -> bool:
    """``exec`` a dialog; tests replace this to drive dialogs without a modal loop."""
    return dialog.exec() == QDialog.DialogCode.Accepted


def choose_file(parent: QWidget, start: str) -> str:
    """The evidence file chooser (never opens the file); tests replace this."""
    name, _filter = file_dialogs.getOpenFileName(parent, "Файл подтверждения", start,
                                                 "Документы (*.pdf *.doc *.docx *.odt *.xlsx *.jpg *.png);;"
                                                 "Все файлы (*)")
    return name


def _field_map(widgets: dict[str, QWidget]) -> dict[str, QWidget]:
    return {alias: widgets[key] for key, aliases in FIELD_ALIASES.items() if key in widgets for alias in aliases}


class ItemDialog(InlineIssues, QDialog):
    """Add or edit one item of ``academic_year``; ``saved`` holds the stored row after «Сохранить»."""

    def __init__(self, parent: QWidget | None, *, db: Any, academic_year: str, item_id: int | None = None,
                 responsibles: list[str] | tuple[str, ...] = ()) -> None:
        super().__init__(parent)
        self.db, self.academic_year, self.item_id = db, academic_year, item_id
        self.saved: RoadmapRow | None = None
        self.row: RoadmapRow | None = None
        if item_id is not None:
            from app.services.roadmap import get_item

            with db.session() as session:
                self.row = get_item(session, item_id=item_id)
        self.setWindowTitle(f"Мероприятие дорожной карты — {academic_year}" if item_id is None
                            else "Изменить мероприятие дорожной карты")
        self.setStyleSheet(STYLE)
        self.setMinimumWidth(640)
        self._build(responsibles)
        self._fill()

    def _build(self, responsibles: list[str] | tuple[str, ...]) -> None:
        self.number = QLineEdit(self)
        self.number.setPlaceholderText("1.2")
        self.number.setMaximumWidth(90)
        self.section = QLineEdit(self)
        self.section.setPlaceholderText("этап или раздел дорожной карты")
        self.title_edit = QPlainTextEdit(self)
        self.title_edit.setTabChangesFocus(True)
        self.title_edit.setFixedHeight(58)
        self.deadline = DateField(self)
        self.recurrence = QComboBox(self)
        for code, text in RECURRENCES.items():
            self.recurrence.addItem(text, code)
        self.deadline_text = QLineEdit(self)
        self.deadline_text.setPlaceholderText("как в документе: «сентябрь 2026», «ежеквартально», «в течение года»")
        self.responsible = QLineEdit(self)
        completer = QCompleter(sorted(set(responsibles)), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.responsible.setCompleter(completer)
        self.result = QPlainTextEdit(self)
        self.result.setTabChangesFocus(True)
        self.result.setFixedHeight(46)
        self.status = QComboBox(self)
        for code, text in STATUSES.items():
            self.status.addItem(text, code)
        self.evidence = EvidenceFields(self)
        evidence_box = QGroupBox("Выполнение и подтверждение", self)
        QVBoxLayout(evidence_box).addWidget(self.evidence)
        notice_row, self.number_notice = hint_slot(self)  # a reserved line: the notice never moves the rows
        self.number_notice.setObjectName("notice")
        self.number.textChanged.connect(lambda _t: self.check_number())
        self.title_edit.textChanged.connect(lambda: self.number.text().strip() and self.check_number())
        self.section.textChanged.connect(lambda t: self.section.setToolTip(t))
        head = QHBoxLayout()
        head.addWidget(self.number)
        head.addWidget(QLabel("Раздел", self))
        head.addWidget(self.section, 1)
        deadline_row = QHBoxLayout()
        deadline_row.addWidget(self.deadline, 1)
        deadline_row.addWidget(QLabel("периодичность", self))
        deadline_row.addWidget(self.recurrence, 1)
        form = QFormLayout()
        form.addRow("№ п/п", head)
        form.addRow("", notice_row)
        form.addRow(required("Наименование мероприятия"), self.title_edit)
        form.addRow("Срок", deadline_row)
        form.addRow("Срок (текстом)", self.deadline_text)
        form.addRow("Ответственный", self.responsible)
        form.addRow("Результат / вид документа", self.result)
        form.addRow("Статус", self.status)
        self.issues_area, self.issues_label = issues_area(self)
        self.buttons = save_cancel_buttons(self, on_save=self.save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(evidence_box)
        layout.addWidget(self.issues_area)
        layout.addStretch(1)  # a taller dialog keeps its rows together at the top
        layout.addWidget(self.buttons)
        self.field_widgets = _field_map({
            "number": self.number, "section": self.section, "title": self.title_edit,
            "deadline": self.deadline.edit, "deadline_text": self.deadline_text, "recurrence": self.recurrence,
            "responsible": self.responsible, "result": self.result, "status": self.status,
            **self.evidence.widgets()})
        self.status.currentIndexChanged.connect(lambda _i: self._status_changed())

    def _fill(self) -> None:
        row = self.row
        if row is None:
            self.evidence.fill(None)
            self._status_changed()
            return
        self.number.setText(row.number)
        self.section.setText(row.section)
        self.section.setCursorPosition(0)  # the start («2. Формирование…») visible, not the end
        self.title_edit.setPlainText(row.title)
        self.deadline.set_date(row.deadline)
        self.deadline_text.setText(row.deadline_text)
        self.recurrence.setCurrentIndex(max(self.recurrence.findData(row.recurrence), 0))
        self.responsible.setText(row.responsible)
        self.result.setPlainText(row.result)
        self.status.setCurrentIndex(max(self.status.findData(row.status), 0))
        self.evidence.fill(row)
        self._status_changed()  # an old «выполнено» without a date gets one proposed
        self.check_number()

    def _status_changed(self) -> None:
        """Choosing «выполнено» proposes a done date, visibly (see proposed_done)."""
        if self.status.currentData() == "done":
            self.evidence.propose_done(proposed_done(self.academic_year))

    def check_number(self) -> list[str]:
        """A non-blocking notice when another item of the year has this number (with another title)."""
        from app.services.roadmap import duplicate_numbers

        number = self.number.text().strip()
        clash: list[str] = []
        if number:
            try:
                with self.db.session() as session:
                    clash = duplicate_numbers(session, academic_year=self.academic_year, number=number,
                                              title=clean(self.title_edit.toPlainText()), item_id=self.item_id)
            except Exception:  # noqa: BLE001 - only a notice
                clash = []
        if clash:
            text = f"Номер {number} уже есть в этом году — проверьте нумерацию"
            tip = f"Номер {number} уже есть у другого мероприятия этого года. Сохранить можно, но проверьте нумерацию."
        elif not number:
            text = "Без номера — мероприятие встанет в конец раздела"
            tip = "Мероприятие без номера сохраняется и встаёт в конец своего раздела (так же, как при импорте из Excel)."
        else:
            text = tip = ""
        self.number_notice.setText(text)
        self.number_notice.setToolTip(tip)
        self.number_notice.setVisible(bool(text))
        return clash

    def collect(self) -> tuple[RoadmapItemData | None, list[Issue]]:
        issues: list[Issue] = []
        title = clean(self.title_edit.toPlainText())
        if not title:
            issues.append(Issue("введите наименование мероприятия", field="Наименование мероприятия"))
        try:
            deadline = self.deadline.date()
        except ValueError as exc:
            issues.append(Issue(str(exc), field="Срок"))
            deadline = None
        evidence = self.evidence.collect(issues)
        if issues:
            return None, issues
        data = RoadmapItemData(
            title=title, number=self.number.text().strip(), section=clean(self.section.text()),
            deadline=deadline, deadline_text=clean(self.deadline_text.text()),
            recurrence=self.recurrence.currentData() or "once", responsible=clean(self.responsible.text()),
            result=clean(self.result.toPlainText()), status=self.status.currentData() or "planned", **evidence)
        return data, issues

    def save(self) -> bool:
        """Check and save; on errors the dialog stays open with the fields marked."""
        from app.services.roadmap import save_item

        data, issues = self.collect()
        if data is None:
            self.show_issues(issues)
            return False
        try:
            with self.db.session() as session:
                self.saved = save_item(session, academic_year=self.academic_year, data=data, item_id=self.item_id)
        except ValidationError as exc:
            self.show_issues(exc.issues)
            return False
        except Exception as exc:  # noqa: BLE001 - shown to the user, the dialog stays open
            messages.show_error(self, exc, title="Мероприятие не сохранено")
            return False
        self.clear_issues()
        self.accept()
        return True


class DoneDialog(InlineIssues, QDialog):
    """«Отметить выполненным»: the done date and the evidence, applied to every item in ``rows``."""

    def __init__(self, parent: QWidget | None, *, db: Any, rows: list[RoadmapRow]) -> None:
        super().__init__(parent)
        self.db, self.rows = db, list(rows)
        self.saved: list[RoadmapRow] = []
        self.setWindowTitle("Отметить выполненным")
        self.setStyleSheet(STYLE)
        self.setMinimumWidth(560)
        what = (f"«{rows[0].title}»" if len(rows) == 1
                else f"Выбрано мероприятий: {len(rows)} — одно подтверждение для всех")
        heading = QLabel(what, self)
        heading.setWordWrap(True)
        heading.setStyleSheet("font-weight: bold;")
        self.evidence = EvidenceFields(self)
        self.evidence.fill(rows[0] if len(rows) == 1 else None, default_done=proposed_done(rows[0].academic_year))
        self.issues_area, self.issues_label = issues_area(self)
        self.buttons = save_cancel_buttons(self, on_save=self.save)
        self.buttons.button(self.buttons.StandardButton.Save).setText("Выполнено")
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.evidence)
        layout.addWidget(self.issues_area)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.field_widgets = _field_map(self.evidence.widgets())

    def save(self) -> bool:
        from app.services.roadmap import set_status

        issues: list[Issue] = []
        values = self.evidence.collect(issues)
        if values["done_date"] is None and not issues:
            issues.append(Issue("укажите дату выполнения", field="Дата выполнения"))
        if issues:
            self.show_issues(issues)
            return False
        try:
            with self.db.session() as session:
                self.saved = [set_status(session, item_id=row.id, status="done", **values) for row in self.rows]
        except ValidationError as exc:
            self.show_issues(exc.issues)
            return False
        except Exception as exc:  # noqa: BLE001 - shown to the user, the dialog stays open
            messages.show_error(self, exc, title="Статус не изменён")
            return False
        self.clear_issues()
        self.accept()
        return True


def edit_item(parent: QWidget, *, db: Any, academic_year: str, item_id: int | None = None,
              responsibles: list[str] | tuple[str, ...] = ()) -> RoadmapRow | None:
    """Open the item form; the saved row, or None when cancelled."""
    dialog = ItemDialog(parent, db=db, academic_year=academic_year, item_id=item_id, responsibles=responsibles)
    return dialog.saved if run_dialog(dialog) else None


def mark_done(parent: QWidget, *, db: Any, rows: list[RoadmapRow]) -> list[RoadmapRow]:
    """Ask for the evidence and mark ``rows`` done; the changed rows (empty when cancelled)."""
    if not rows:
        return []
    dialog = DoneDialog(parent, db=db, rows=rows)
    return dialog.saved if run_dialog(dialog) else []


__all__ = ["DoneDialog", "EvidenceFields", "ItemDialog", "choose_file", "edit_item", "mark_done", "proposed_done",
           "run_dialog"]
