"""A small table of personal-data consents (152-ФЗ): add, remove, revoke."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QComboBox, QHBoxLayout, QHeaderView, QLabel,
                               QLineEdit, QPushButton, QTableWidget, QVBoxLayout, QWidget)

from app.errors import Issue
from app.schemas import CONSENT_KINDS, CONSENT_SIGNERS, ConsentData
from app.text import clean
from ui.widgets import DateField

COLUMNS = ("Вид согласия", "Кем подписано", "ФИО представителя", "Дата подписания", "Дата отзыва")
KIND, SIGNER, NAME, SIGNED, REVOKED = range(5)


class ConsentsEditor(QWidget):
    """Consents of one person; minors get a hint and a representative by default.

    Signals:
        changed: a consent was added, removed or edited.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._minor = False
        self._representative = ""
        self._ids: list[int | None] = []
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.hint.setObjectName("consentHint")
        self.hint.setStyleSheet("QLabel#consentHint { background: #fff4d6; border: 1px solid #e0b84a;"
                                " border-radius: 3px; padding: 6px; }")
        self.hint.setText("Участник несовершеннолетний: согласия подписывает законный представитель "
                          "(родитель или опекун). Укажите его ФИО в каждой строке.")
        self.hint.hide()
        intro = QLabel("С 01.09.2025 каждое согласие — отдельный документ. Отметьте здесь полученные "
                       "согласия; отозванное согласие остаётся в истории с датой отзыва.", self)
        intro.setWordWrap(True)
        intro.setStyleSheet("color: #555;")
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setDefaultSectionSize(34)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        for col, width in ((KIND, 290), (SIGNER, 195), (SIGNED, 130), (REVOKED, 130)):
            self.table.setColumnWidth(col, width)
        self.add_button = QPushButton("Добавить согласие", self)
        self.remove_button = QPushButton("Удалить", self)
        self.revoke_button = QPushButton("Отозвать (сегодня)", self)
        self.revoke_button.setToolTip("Поставить сегодняшнюю дату отзыва у выбранного согласия")
        self.remove_button.setToolTip("Удалить ошибочно внесённую строку (отзыв оформляйте кнопкой «Отозвать»)")
        for button in (self.add_button, self.remove_button, self.revoke_button):
            button.setAutoDefault(False)
        self.add_button.clicked.connect(lambda: self.add_consent())
        self.remove_button.clicked.connect(self.remove_selected)
        self.revoke_button.clicked.connect(self.revoke_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addWidget(self.revoke_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(intro)
        layout.addWidget(self.hint)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    # -- rows ---------------------------------------------------------------

    def row_count(self) -> int:
        return self.table.rowCount()

    def _widget(self, row: int, col: int):  # noqa: ANN202 - QComboBox | QLineEdit | DateField
        return self.table.cellWidget(row, col)

    def add_consent(self, consent: ConsentData | None = None) -> int:
        """Append a row (defaults for a new consent); returns its index."""
        if consent is None:
            used = {self._widget(r, KIND).currentData() for r in range(self.row_count())}
            kind = next((k for k in CONSENT_KINDS if k not in used), "processing")
            consent = ConsentData(kind=kind, signer="representative" if self._minor else "self",
                                  representative_name=self._representative if self._minor else "",
                                  signed_on=dt.date.today())
        row = self.row_count()
        self.table.insertRow(row)
        self._ids.append(consent.id)
        kind_box = QComboBox()
        for code, label in CONSENT_KINDS.items():
            kind_box.addItem(label, code)
        if consent.kind not in CONSENT_KINDS:
            kind_box.addItem(consent.kind, consent.kind)
        kind_box.setCurrentIndex(kind_box.findData(consent.kind))
        signer_box = QComboBox()
        for code, label in CONSENT_SIGNERS.items():
            signer_box.addItem(label, code)
        signer_box.setCurrentIndex(max(signer_box.findData(consent.signer), 0))
        name = QLineEdit(consent.representative_name)
        name.setPlaceholderText("Фамилия Имя Отчество")
        signed, revoked = DateField(), DateField()
        for field in (signed, revoked):
            field.edit.setClearButtonEnabled(False)  # too narrow a cell for a clear button
        signed.set_date(consent.signed_on)
        revoked.set_date(consent.revoked_on)
        for col, widget in ((KIND, kind_box), (SIGNER, signer_box), (NAME, name), (SIGNED, signed),
                            (REVOKED, revoked)):
            self.table.setCellWidget(row, col, widget)
        signer_box.currentIndexChanged.connect(lambda _i, w=signer_box: self._signer_changed(w))
        self._signer_changed(signer_box)
        for box in (kind_box, signer_box):
            box.currentIndexChanged.connect(lambda _i: self.changed.emit())
        name.textChanged.connect(lambda _t: self.changed.emit())
        signed.changed.connect(self.changed)
        revoked.changed.connect(self.changed)
        self.table.setCurrentCell(row, KIND)
        self.changed.emit()
        return row

    def _signer_changed(self, box: QComboBox) -> None:
        for row in range(self.row_count()):
            if self._widget(row, SIGNER) is box:
                name = self._widget(row, NAME)
                by_representative = box.currentData() == "representative"
                name.setEnabled(by_representative)
                if by_representative and not name.text() and self._representative:
                    name.setText(self._representative)

    def selected_row(self) -> int:
        """The row holding the focus, else the current row; -1 when none."""
        focus = QApplication.focusWidget()
        for row in range(self.row_count()):
            for col in range(len(COLUMNS)):
                widget = self._widget(row, col)
                if focus is not None and (focus is widget or widget.isAncestorOf(focus)):
                    return row
        return self.table.currentRow()

    def remove_selected(self) -> None:
        row = self.selected_row()
        if 0 <= row < self.row_count():
            self.table.removeRow(row)
            del self._ids[row]
            self.changed.emit()

    def revoke_selected(self) -> None:
        row = self.selected_row()
        if 0 <= row < self.row_count():
            self._widget(row, REVOKED).set_date(dt.date.today())

    # -- values -------------------------------------------------------------

    def set_consents(self, consents: tuple[ConsentData, ...]) -> None:
        self.table.setRowCount(0)
        self._ids.clear()
        for consent in consents:
            self.add_consent(consent)

    def consents(self) -> tuple[tuple[ConsentData, ...], list[Issue]]:
        """The consents typed, and issues for dates that cannot be read."""
        result, issues = [], []
        for row in range(self.row_count()):
            dates = []
            for col, what in ((SIGNED, "дата подписания"), (REVOKED, "дата отзыва")):
                try:
                    dates.append(self._widget(row, col).date())
                except ValueError as exc:
                    dates.append(None)
                    issues.append(Issue(f"{what}: {exc}", field=f"Согласие {row + 1}"))
            signer = self._widget(row, SIGNER).currentData()
            name = clean(self._widget(row, NAME).text()) if signer == "representative" else ""
            result.append(ConsentData(kind=self._widget(row, KIND).currentData(), signer=signer,
                                      representative_name=name, signed_on=dates[0], revoked_on=dates[1],
                                      id=self._ids[row]))
        return tuple(result), issues

    def set_minor(self, minor: bool, representative: str = "") -> None:
        """Show the minor's hint; new rows default to the representative ``representative``."""
        self._minor = minor
        self._representative = clean(representative)
        self.hint.setVisible(minor)

    def is_minor(self) -> bool:
        return self._minor

    def mark_rows(self, rows: set[int]) -> None:
        """Highlight rows (0-based) that have problems."""
        for row in range(self.row_count()):
            for col in range(len(COLUMNS)):
                widget = self._widget(row, col)
                target = widget.edit if isinstance(widget, DateField) else widget
                target.setProperty("invalid", row in rows)
                target.style().unpolish(target)
                target.style().polish(target)


__all__ = ["COLUMNS", "ConsentsEditor"]
