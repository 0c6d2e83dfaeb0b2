"""The «Организации-партнёры» window: agreements and their terms, contacts, mentors; edit, archive, thanks letter."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QCheckBox, QDialog, QDialogButtonBox, QHBoxLayout, QInputDialog, QLabel,
                               QPushButton, QVBoxLayout, QWidget)

from app.schemas_partners import AGREEMENT_STATUSES, COLUMNS, PartnerRow
from app.text import fold, format_date
from ui import messages
from ui.pairs.models import RowsModel
from ui.pairs.nominations_dialog import fit_columns
from ui.pairs.views import make_view, search_box
from ui.partners import partner_dialog
from ui.widgets import fit_to_screen

EXPIRED_BG = QBrush(QColor(253, 226, 226))
EXPIRED_FG = QBrush(QColor(160, 0, 24))
ARCHIVED_FG = QBrush(QColor(128, 128, 128))
WIDTHS = (290, 160, 165, 120, 210, 160, 85)  # 1190 px: no sideways scrolling on a 1366 px screen


def run_dialog(dialog: QDialog) -> bool:
    """``exec`` a dialog; tests replace this to drive dialogs without a modal loop."""
    return dialog.exec() == QDialog.DialogCode.Accepted


def ask_year(parent: QWidget, choices: list[str], current: str) -> str | None:
    """The academic year the thanks letter is for; tests replace this."""
    year, ok = QInputDialog.getItem(parent, "Благодарственное письмо", "За какой учебный год:", choices,
                                    choices.index(current) if current in choices else 0, False)
    return year if ok else None


def year_choices(today: dt.date) -> list[str]:
    """The current academic year and the two before it, newest first."""
    from app.periods import academic_year

    start = today.year if today.month >= 9 else today.year - 1
    return [academic_year(start_year=start - n).code for n in range(3)]


def agreement_cell(row: PartnerRow) -> str:
    """«№ 12/НС от 01.09.2026»; «нет договора» when nothing is recorded."""
    if row.agreement_status == "none":
        return AGREEMENT_STATUSES["none"]
    parts = [p for p in (f"№ {row.agreement_number}" if row.agreement_number else "",
                         f"от {format_date(row.agreement_date)}" if row.agreement_date else "") if p]
    return " ".join(parts) or "без номера и даты"


def term_cell(row: PartnerRow) -> str:
    """«до 31.08.2027», «истёк 30.06.2026», «без срока»; empty without an agreement."""
    if row.agreement_status == "active":
        return f"до {format_date(row.agreement_until)}"
    if row.agreement_status == "expired":
        return f"истёк {format_date(row.agreement_until)}"
    if row.agreement_status == "indefinite":
        return AGREEMENT_STATUSES["indefinite"]
    return ""


class PartnersModel(RowsModel):
    """Partner rows; expired agreements on pale red, archived organisations grey."""

    COLUMNS = COLUMNS

    def cells(self, row: PartnerRow) -> tuple[str, ...]:
        return (row.name, row.kind, agreement_cell(row), term_cell(row), row.contact_person, row.contact,
                str(row.mentors))

    def sort_key(self, row: PartnerRow, column: int) -> Any:
        if column == 2:
            return (row.agreement_date is None, row.agreement_date or dt.date.min, fold(row.agreement_number))
        if column == 3:
            order = {"expired": 0, "active": 1, "indefinite": 2, "none": 3}[row.agreement_status]
            return order, row.agreement_until or dt.date.min, fold(row.name)
        if column == 6:
            return row.mentors, fold(row.name)
        return super().sort_key(row, column)

    def accepts(self, row: PartnerRow) -> bool:
        if not self.text_filter:
            return True
        return self.text_filter in fold(" ".join((*self.cells(row), row.notes, *row.mentor_names)))

    def style(self, row: PartnerRow, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.archived:
                return ARCHIVED_FG
            return EXPIRED_FG if row.agreement_status == "expired" else None
        if role == Qt.ItemDataRole.BackgroundRole and row.agreement_status == "expired" and not row.archived:
            return EXPIRED_BG
        if role == Qt.ItemDataRole.ToolTipRole:
            notes = []
            if row.archived:
                notes.append("В архиве: не предлагается в карточке наставника")
            if row.agreement_status == "expired":
                notes.append(f"Срок действия договора истёк {format_date(row.agreement_until)}")
            return "\n".join(notes) or None
        return None


class PartnersDialog(QDialog):
    """The list of partner organisations with add / edit / archive and «Благодарственное письмо…».

    Attributes:
        model: PartnersModel; view: its table; changed: whether anything was saved (the caller reloads tabs).
    """

    def __init__(self, parent: QWidget | None, *, db: Any, runner: Any, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.db, self.runner = db, runner
        self.today = today or dt.date.today()
        self.changed = False
        self.preview_path = None
        self.setWindowTitle("Организации-партнёры")
        self.model = PartnersModel(self)
        self.view = make_view(self.model, self, WIDTHS)
        # agreements, terms and contacts as wide as they are (type and person at most 190 px, the rest in the
        # tooltip); the organisation's name takes the remaining width
        self.model.modelReset.connect(lambda: fit_columns(self.view, stretch=COLUMNS.index("Наименование"), cap=190))
        self.view.doubleClicked.connect(lambda _index: self.edit())
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        self.search = search_box("Поиск: наименование, контакт, наставник…", self)
        self.search.textChanged.connect(self._search)
        self.show_archived = QCheckBox("Показывать архив", self)
        self.show_archived.toggled.connect(lambda _on: self.reload())
        self.add_button = QPushButton("Добавить…", self)
        self.edit_button = QPushButton("Изменить…", self)
        self.archive_button = QPushButton("В архив", self)
        self.restore_button = QPushButton("Вернуть из архива", self)
        self.letter_button = QPushButton("Благодарственное письмо…", self)
        self.letter_button.setToolTip("PDF-письмо организации: её наставники и число их наставляемых за учебный год")
        self.add_button.clicked.connect(lambda _c=False: self.add())
        self.edit_button.clicked.connect(lambda _c=False: self.edit())
        self.archive_button.clicked.connect(lambda _c=False: self.set_archived(True))
        self.restore_button.clicked.connect(lambda _c=False: self.set_archived(False))
        self.letter_button.clicked.connect(lambda _c=False: self.letter())
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.show_archived)
        actions = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.archive_button, self.restore_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.letter_button)
        self.details = QLabel(self)
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary = QLabel(self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, parent=self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Закрыть")
        buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary, 1)
        bottom.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(actions)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.details)
        layout.addLayout(bottom)
        fit_to_screen(self, 1260, 560)
        self.reload()

    # -- data ------------------------------------------------------------------
    def reload(self, *, select_id: int | None = None) -> None:
        from app.services.partners import list_partners

        current = self.current()
        select_id = select_id if select_id is not None else (current.id if current else None)
        with self.db.session() as session:
            rows = list_partners(session, include_archived=self.show_archived.isChecked(), today=self.today)
        self.model.set_rows(rows)
        self.select(select_id)
        active = [r for r in rows if not r.archived]
        expired = sum(1 for r in active if r.agreement_status == "expired")
        self.summary.setText(f"Организаций: {len(active)} · договор истёк: {expired} · "
                             f"наставников от партнёров: {sum(r.mentors for r in active)}")
        self._selection_changed()

    def _search(self, text: str) -> None:
        current = self.current()
        self.model.set_text(text)
        self.select(current.id if current else None)

    def select(self, partner_id: int | None) -> None:
        n = self.model.row_of_id(partner_id) if partner_id is not None else None
        if n is None:
            n = 0 if self.model.rowCount() else None
        if n is None:
            self.view.clearSelection()
            return
        self.view.selectRow(n)
        self.view.scrollTo(self.model.index(n, 0))

    def current(self) -> PartnerRow | None:
        if not hasattr(self, "view"):
            return None
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _selection_changed(self) -> None:
        row = self.current()
        self.edit_button.setEnabled(row is not None)
        self.archive_button.setEnabled(row is not None and not row.archived)
        self.restore_button.setEnabled(row is not None and row.archived)
        self.letter_button.setEnabled(row is not None)
        self.details.setText(partner_dialog.mentors_text(row) if row is not None else
                             "Выберите организацию, чтобы увидеть её наставников.")

    # -- actions ---------------------------------------------------------------
    def add(self) -> PartnerRow | None:
        saved = partner_dialog.edit_partner(self, db=self.db)
        if saved is not None:
            self.changed = True
            self.reload(select_id=saved.id)
        return saved

    def edit(self) -> PartnerRow | None:
        row = self.current()
        if row is None:
            return None
        saved = partner_dialog.edit_partner(self, db=self.db, partner_id=row.id)
        if saved is not None:
            self.changed = True
            self.reload(select_id=saved.id)
        return saved

    def set_archived(self, archived: bool) -> PartnerRow | None:
        from app.errors import AppError
        from app.services.partners import set_partner_archived

        row = self.current()
        if row is None or row.archived == archived:
            return None
        try:
            with self.db.session() as session:
                saved = set_partner_archived(session, partner_id=row.id, archived=archived, today=self.today)
        except AppError as exc:
            messages.show_error(self, exc, title="Организации-партнёры")
            return None
        self.changed = True
        if archived and not self.show_archived.isChecked():
            self.reload()
        else:
            self.reload(select_id=saved.id)
        return saved

    def letter(self) -> bool:
        """Ask for the academic year, render the thanks letter in the background, then preview it."""
        from ui import pdf_preview

        row = self.current()
        if row is None:
            return False
        choices = year_choices(self.today)
        year = ask_year(self, choices, choices[0])
        if year is None:
            return False
        from app.documents.partner_letter import letter_context, letter_warning

        try:
            with self.db.session() as session:
                context = letter_context(session, partner_id=row.id, academic_year=year, today=self.today)
        except Exception as exc:  # noqa: BLE001
            messages.show_error(self, exc, title="Благодарственное письмо")
            return False
        warning = letter_warning(context)
        if warning and not messages.confirm(self, title="Благодарственное письмо", text=warning,
                                            yes="Подготовить"):
            return False
        path = pdf_preview.preview_dir() / pdf_preview.safe_file_name(
            f"Благодарственное письмо — {row.name} — {year.replace('/', '-')}.pdf")

        def work(_progress: Any) -> Any:
            from app.documents.partner_letter import render_partner_letter

            return render_partner_letter(context=context, path=path)

        def done(written: Any) -> None:
            self.preview_path = written
            pdf_preview.show_pdf(self, path=written, title=f"Благодарственное письмо — {row.name}")

        self.runner.run(work, on_done=done,
                        on_error=lambda exc: messages.show_error(self, exc, title="Благодарственное письмо"),
                        title="Готовлю письмо…", parent=self)
        return True


def edit_partners(window: Any) -> None:
    """«Справочники → Организации-партнёры…»: open the list over ``window.db``; tabs reload after changes."""
    if getattr(window, "db", None) is None:
        return
    dialog = PartnersDialog(window, db=window.db, runner=window.runner)
    try:
        run_dialog(dialog)
        if dialog.changed:
            window.data_changed.emit()
    finally:
        dialog.deleteLater()


__all__ = ["PartnersDialog", "PartnersModel", "agreement_cell", "ask_year", "edit_partners", "run_dialog",
           "term_cell", "year_choices"]
