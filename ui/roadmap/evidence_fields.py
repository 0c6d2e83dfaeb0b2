"""Roadmap item evidence fields (done date with its proposed-date hint, document, note, file) and a fixed-height
area for the error summary, shared by the item form and «Отметить выполненным…»."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QScrollArea,
                               QSizePolicy, QVBoxLayout, QWidget)

from app.errors import Issue
from app.text import clean, format_date
from ui.widgets import DateField

HINT_STYLE = "color: #6b5900;"


def proposed_done(academic_year: str, today: dt.date | None = None) -> dt.date:
    """The done date a dialog proposes: today, but not after the roadmap year's end (a past year's item)."""
    from app.periods import parse_period

    today = today or dt.date.today()
    try:
        return min(today, parse_period(academic_year).end)
    except Exception:  # noqa: BLE001 - an unreadable year: today
        return today


def keep_space(widget: QWidget) -> QWidget:
    """A widget that keeps its place in the layout while hidden (showing it never moves the rows)."""
    policy = widget.sizePolicy()
    policy.setRetainSizeWhenHidden(True)
    widget.setSizePolicy(policy)
    return widget


def hint_slot(parent: QWidget) -> tuple[QWidget, QLabel]:
    """A one-line hint under a field: (the always-present slot of one line for the layout, the label in it);
    showing or hiding the label never moves the rows (a form layout drops the row of a hidden widget)."""
    slot = QWidget(parent)
    label = QLabel(slot)
    label.setStyleSheet(HINT_STYLE)
    label.hide()
    keep_space(label)
    box = QVBoxLayout(slot)
    box.setContentsMargins(0, 0, 0, 0)
    box.addWidget(label)
    slot.setFixedHeight(label.sizeHint().height())
    return slot, label


def issues_area(parent: QWidget, *, lines: int = 4) -> tuple[QScrollArea, QLabel]:
    """The error summary in a fixed-height area: it appears and goes without moving the form or the buttons;
    a longer list scrolls."""
    label = QLabel(parent)
    label.setObjectName("issues")
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    area = QScrollArea(parent)
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setWidget(label)
    label.hide()  # after setWidget, which shows it
    area.setFixedHeight(parent.fontMetrics().lineSpacing() * lines + 16)
    area.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
    area.setStyleSheet("QScrollArea { background: transparent; } QScrollArea > QWidget > QWidget "
                       "{ background: transparent; }")
    return area, label


class EvidenceFields(QWidget):
    """Done date, document number and date, a note and a file path with «Обзор…»."""

    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.done_date = DateField(self)
        self.number = QLineEdit(self)
        self.number.setPlaceholderText("например, 45-од")
        self.date = DateField(self)
        self.note = QLineEdit(self)
        self.note.setPlaceholderText("вид документа, где размещено, кто подтвердил")
        self.path = QLineEdit(self)
        self.path.setPlaceholderText("путь к файлу на этом компьютере (файл не копируется)")
        self.browse = QPushButton("Обзор…", self)
        self.browse.clicked.connect(lambda _c=False: self.pick_file())
        doc_row = QHBoxLayout()
        doc_row.addWidget(QLabel("№", self))
        doc_row.addWidget(self.number, 1)
        doc_row.addWidget(QLabel("от", self))
        doc_row.addWidget(self.date, 1)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path, 1)
        file_row.addWidget(self.browse)
        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 0, 0)
        hint_row, self.done_hint = hint_slot(self)
        self.done_hint.setObjectName("hint")
        self.done_date.edit.textEdited.connect(lambda _t: self.done_hint.hide())
        self.form.addRow("Дата выполнения", self.done_date)
        self.form.addRow("", hint_row)  # its own line under the date: never squeezes the label or the field
        self.form.addRow("Документ", doc_row)
        self.form.addRow("Примечание", self.note)
        self.form.addRow("Файл", file_row)

    def pick_file(self) -> None:
        from ui.roadmap import item_dialog  # the chooser tests replace lives there

        start = str(Path(self.path.text()).parent) if self.path.text().strip() else str(Path.home())
        name = item_dialog.choose_file(self, start)
        if name:
            self.path.setText(name)

    def propose_done(self, day: dt.date) -> None:
        """Put ``day`` into an empty done date and say so under it (the curator corrects it when earlier)."""
        if self.done_date.text():
            return
        self.done_date.set_date(day)
        self.done_hint.setText(f"подставлено {format_date(day)} — исправьте, если выполнено в другой день")
        self.done_hint.setToolTip("Дата подставлена автоматически (сегодня, но не позже конца учебного года). "
                                  "Укажите день, когда мероприятие действительно выполнено.")
        self.done_hint.show()

    def fill(self, row: Any, *, default_done: dt.date | None = None) -> None:
        self.done_date.set_date(row.done_date if row and row.done_date else None)
        if default_done is not None:
            self.propose_done(default_done)
        if row is not None:
            self.number.setText(row.evidence_number)
            self.date.set_date(row.evidence_date)
            self.note.setText(row.evidence_note)
            self.path.setText(row.evidence_path)

    def widgets(self) -> dict[str, QWidget]:
        return {"done_date": self.done_date.edit, "evidence_number": self.number, "evidence_date": self.date.edit,
                "evidence_note": self.note, "evidence_path": self.path}

    def collect(self, issues: list[Issue]) -> dict[str, Any]:
        """The typed values; unreadable dates become issues named like the form's labels."""
        values: dict[str, Any] = {}
        for key, field, label in (("done_date", self.done_date, "Дата выполнения"),
                                  ("evidence_date", self.date, "Дата документа")):
            try:
                values[key] = field.date()
            except ValueError as exc:
                issues.append(Issue(str(exc), field=label))
                values[key] = None
            if values[key] is not None and values[key] > dt.date.today():
                issues.append(Issue(f"{label.lower()} позже сегодняшней ({format_date(dt.date.today())})",
                                    field=label))
        values.update(evidence_number=self.number.text().strip(), evidence_note=clean(self.note.text()),
                      evidence_path=self.path.text().strip())
        return values


__all__ = ["EvidenceFields", "hint_slot", "issues_area", "keep_space", "proposed_done"]
