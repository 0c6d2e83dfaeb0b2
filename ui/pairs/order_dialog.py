"""«Сформировать приказ»: number, date, title, editable items; registers the order, writes and shows the PDF."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit,
                               QListWidget, QPlainTextEdit, QVBoxLayout, QWidget)

from app.errors import ValidationError
from app.text import format_date
from ui import file_dialogs, messages
from ui.people.person_form import STYLE, issue_line, note, required
from ui.widgets import DateField, fit_to_screen


def ask_save_path(parent: QWidget, default: str) -> Path | None:
    """The save-file dialog; tests replace this."""
    path, _filter = file_dialogs.getSaveFileName(parent, "Сохранить приказ", default, "PDF (*.pdf)")
    if not path:
        return None
    return Path(path) if path.lower().endswith(".pdf") else Path(path + ".pdf")


def open_file(path: Path) -> None:
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def _group_line(row: Any) -> str:
    return f"№ {row.id}: {row.mentor_name} — {', '.join(row.mentee_names)}" + (f" ({row.form})" if row.form else "")


class OrderDialog(QDialog):
    """Edit the order's header and items; «Сохранить PDF…» registers it and renders it in the background.

    Attributes:
        order_id, pdf_path: set after success.
    """

    def __init__(self, parent: QWidget | None, *, db: Any, runner: Any, groups: list[Any]) -> None:
        super().__init__(parent)
        from app.services.orders import APPROVE_TITLE, DEFAULT_ITEMS, academic_year_of, next_order_number
        from app.services.school import get_school

        self.db, self.runner, self.groups = db, runner, list(groups)
        self.order_id: int | None = None
        self.pdf_path: Path | None = None
        today = dt.date.today()
        with db.session() as session:
            number = next_order_number(session, year=today.year)
            school = get_school(session)
        self._school = SimpleNamespace(curator_name=school.curator_name if school else "",
                                       academic_year=school.academic_year if school else "")
        self._templates = list(DEFAULT_ITEMS)
        self.setWindowTitle("Приказ об утверждении пар и групп")
        self.setStyleSheet(STYLE)
        self.issues_label = QLabel()
        self.issues_label.setObjectName("issues")
        self.issues_label.setWordWrap(True)
        self.issues_label.hide()
        self.number = QLineEdit(number)
        self.number.setMaximumWidth(160)
        self.date = DateField()
        self.date.set_date(today)
        self.date.setMaximumWidth(160)
        year = self._school.academic_year or academic_year_of(today)
        self.title_edit = QLineEdit(APPROVE_TITLE.format(year=year))
        self.pairs = QListWidget()
        self.pairs.addItems([_group_line(g) for g in self.groups])
        self.pairs.setMaximumHeight(130)
        self.items = QPlainTextEdit()
        self.items.setTabChangesFocus(True)
        self._filled = ""
        self._fill_items()
        self.date.changed.connect(self._fill_items)
        form = QFormLayout()
        form.addRow(required("Номер"), self.number)
        form.addRow(required("Дата"), self.date)
        form.addRow("Заголовок", self.title_edit)
        pairs_count = len(self.groups)
        form.addRow(f"Пары и группы ({pairs_count})", self.pairs)
        form.addRow("Пункты приказа", self.items)
        form.addRow("", note("Один пункт — одна строка; нумерация добавится при печати. "
                             "Приложение и лист ознакомления формируются автоматически."))
        self.field_widgets = {"Номер": self.number, "Дата": self.date.edit, "Пары": self.pairs}
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton("Сохранить PDF…", QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = buttons.addButton("Отмена", QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.setToolTip("Зарегистрировать приказ и сохранить его в PDF")
        for button in (self.save_button, cancel):
            button.setAutoDefault(False)
        buttons.accepted.connect(self.save_pdf)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.issues_label)
        layout.addLayout(form, 1)
        layout.addWidget(buttons)
        fit_to_screen(self, 900, 600)

    def _fill_items(self) -> None:
        """Default items with the curator and dates filled in (kept when the user has edited them)."""
        from app.services.orders import fill_items

        if self.items.toPlainText() != self._filled:
            return
        try:
            on = self.date.date() or dt.date.today()
        except ValueError:
            return
        self._filled = "\n".join(fill_items(self._templates, school=self._school, date=on))
        self.items.setPlainText(self._filled)

    def item_texts(self) -> list[str]:
        return [line.strip() for line in self.items.toPlainText().splitlines() if line.strip()]

    def default_name(self) -> str:
        try:
            on = self.date.date()
        except ValueError:
            on = None
        return f"Приказ № {self.number.text().strip()} от {format_date(on or dt.date.today())}.pdf"

    def show_issues(self, lines: list[str]) -> None:
        self.issues_label.setText("Приказ не сформирован — исправьте:\n" + "\n".join(f"• {x}" for x in lines))
        self.issues_label.show()

    def save_pdf(self) -> bool:
        """Check the header, ask where to save, then register and render in the background."""
        try:
            on = self.date.date()
        except ValueError as exc:
            self.show_issues([str(exc)])
            return False
        problems = [text for ok, text in ((bool(self.number.text().strip()), "Укажите номер приказа"),
                                          (on is not None, "Укажите дату приказа"),
                                          (bool(self.groups), "Нет пар и групп для утверждения"),
                                          (bool(self.item_texts()), "Укажите хотя бы один пункт приказа")) if not ok]
        if problems:
            self.show_issues(problems)
            return False
        path = ask_save_path(self, self.default_name())
        if path is None:
            return False
        self.issues_label.hide()
        db, ids, number, items = self.db, [g.id for g in self.groups], self.number.text().strip(), self.item_texts()
        title = self.title_edit.text().strip() or None

        def create(session: Any) -> int:
            from app.services.orders import create_approval_order

            return create_approval_order(session, group_ids=ids, number=number, date=on, items=items, title=title)

        work = register_and_render(db, create=create, path=path)
        self.save_button.setEnabled(False)
        self.runner.run(work, on_done=self._done, on_error=self._failed, title="Формирование приказа…", parent=self)
        return True

    def _failed(self, exc: BaseException) -> None:
        report_failure(self, exc)

    def _done(self, result: tuple[int, Path | None, BaseException | None]) -> None:
        self.order_id, self.pdf_path, error = result
        self.accept()
        if error is not None:
            messages.show_error(self.parentWidget(), error, title="Приказ зарегистрирован, но PDF не записан")
            return
        from ui import pdf_preview

        on = self.date.date() or dt.date.today()
        pdf_preview.show_pdf(self.parentWidget(), path=self.pdf_path,
                             title=f"Приказ № {self.number.text().strip()} от {format_date(on)}",
                             note=f"Приказ зарегистрирован, пары утверждены. Файл: {self.pdf_path}")


def report_failure(dialog: Any, exc: BaseException) -> None:
    """An order dialog's work failed: validation problems inline, anything else in a message box."""
    dialog.save_button.setEnabled(True)
    if isinstance(exc, ValidationError):
        dialog.show_issues([issue_line(i) for i in exc.issues])
    else:
        messages.show_error(dialog, exc, title="Приказ не сформирован")


def register_and_render(db: Any, *, create: Any, path: Path) -> Any:
    """Runner work: register an order with ``create(session) -> id``, then write its PDF to ``path``.

    Returns (order id, written path or None, the PDF error or None): an order whose PDF failed stays registered.
    """
    def work(_progress: Any) -> tuple[int, Path | None, BaseException | None]:
        from app.documents.order import render_order
        from app.services.orders import order_context

        with db.session() as session:
            order_id = create(session)
            try:
                written = render_order(context=order_context(session, order_id=order_id), path=path)
            except Exception as exc:  # noqa: BLE001 - registered but not printed: say so
                return order_id, None, exc
        return order_id, written, None

    return work


def make_order(tab: Any) -> int | None:
    """Open the order dialog for the selected orderable pairs (or every draft not yet in an order)."""
    from app.services.orders import orderable_group_ids
    from ui.pairs.pairs_tab import run_dialog

    if tab.db is None:
        return None
    with tab.db.session() as session:
        orderable = set(orderable_group_ids(session))
    selected = tab.selected_groups()
    rows = [g for g in selected if g.id in orderable] if selected else \
        [g for g in tab.group_model.all_rows() if g.id in orderable]
    rows.sort(key=lambda g: g.id)
    if not rows:
        messages.inform(tab, title="Сформировать приказ",
                        text="Нет пар для приказа: выбранные пары уже утверждены, завершены или расформированы."
                        if selected else "Нет черновиков пар и групп, не вошедших в приказ.")
        return None
    dialog = OrderDialog(tab, db=tab.db, runner=tab.runner, groups=rows)
    if run_dialog(dialog) and dialog.order_id is not None:
        tab.changed()
        return dialog.order_id
    return None


__all__ = ["OrderDialog", "ask_save_path", "make_order", "open_file"]
