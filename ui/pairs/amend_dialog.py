"""Changes to approved pairs: «Заменить наставника…» and the order «о внесении изменений» (PDF)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QListWidget,
                               QListWidgetItem, QPlainTextEdit, QVBoxLayout, QWidget)

from app.errors import ValidationError
from app.text import format_date
from ui import messages
from ui.people.person_form import STYLE, issue_line, note, required
from ui.widgets import DateField, fit_to_screen

AMEND_ITEMS = ("Внести изменения в состав наставнических пар (групп) на {year} учебный год согласно приложению.",
               "Контроль за исполнением приказа оставляю за собой.")


def _issues_label() -> QLabel:
    label = QLabel()
    label.setObjectName("issues")
    label.setWordWrap(True)
    label.hide()
    return label


def _wrapping_list() -> QListWidget:
    """A list whose long lines wrap instead of scrolling sideways."""
    box = QListWidget()
    box.setWordWrap(True)
    box.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    box.setAlternatingRowColors(True)
    return box


def _buttons(dialog: QDialog, accept_text: str, on_accept: Any) -> tuple[QDialogButtonBox, Any]:
    buttons = QDialogButtonBox()
    ok = buttons.addButton(accept_text, QDialogButtonBox.ButtonRole.AcceptRole)
    cancel = buttons.addButton("Отмена", QDialogButtonBox.ButtonRole.RejectRole)
    for button in (ok, cancel):
        button.setAutoDefault(False)
    buttons.accepted.connect(on_accept)
    buttons.rejected.connect(dialog.reject)
    return buttons, ok


class ReplaceMentorDialog(QDialog):
    """Pick the new mentor (best first for a pair), the reason and the date; ``save`` replaces."""

    def __init__(self, parent: QWidget | None, *, db: Any, row: Any) -> None:
        super().__init__(parent)
        from app.services.pairs import mentor_loads

        self.db, self.row = db, row
        self.replaced = False
        self.setWindowTitle(f"Заменить наставника: {'пара' if len(row.mentee_ids) == 1 else 'группа'} № {row.id}")
        self.setStyleSheet(STYLE)
        self.issues_label = _issues_label()
        self.mentors = _wrapping_list()
        with db.session() as session:
            loads = {m.id: m for m in mentor_loads(session)}
            ranked = self._ranked(session, loads)
        for mentor_id, text in ranked:
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, mentor_id)
            self.mentors.addItem(item)
        if self.mentors.count():
            self.mentors.setCurrentRow(0)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("например: длительная болезнь, увольнение, переезд")
        self.date = DateField()
        self.date.set_date(dt.date.today())
        self.date.setMaximumWidth(160)
        form = QFormLayout()
        form.addRow("Пара (группа)", QLabel(f"{row.mentor_name} — {', '.join(row.mentee_names)}"))
        form.addRow(required("Новый наставник"), self.mentors)
        form.addRow(required("Причина"), self.reason)
        form.addRow(required("Дата замены"), self.date)
        buttons, self.save_button = _buttons(self, "Заменить", self.save)
        layout = QVBoxLayout(self)
        layout.addWidget(self.issues_label)
        layout.addLayout(form, 1)
        layout.addWidget(buttons)
        fit_to_screen(self, 720, 420)

    def _ranked(self, session: Any, loads: dict[int, Any]) -> list[tuple[int, str]]:
        """Mentors with a free place: scored for the pair's mentee when possible, else by free places."""
        out: list[tuple[int, str]] = []
        if len(self.row.mentee_ids) == 1:
            try:
                from app.services.matching import suggest_for_mentee

                for s in suggest_for_mentee(session, mentee_id=self.row.mentee_ids[0], limit=100):
                    if s.mentor_id != self.row.mentor_id:
                        out.append((s.mentor_id, f"{s.score:.0f} · {self._label(s)} — " + "; ".join(s.reasons)))
            except Exception:  # noqa: BLE001 - matching unavailable: the plain list below
                out = []
        if not out:
            out = [(m.id, self._label(m)) for m in loads.values() if m.id != self.row.mentor_id and m.free > 0]
        return out

    @staticmethod
    def _label(m: Any) -> str:
        name = f"{m.name} ({m.group_name})" if m.group_name else m.name
        return f"{name}, свободно {m.free} из {m.capacity}"

    def choose(self, mentor_id: int) -> bool:
        for n in range(self.mentors.count()):
            if self.mentors.item(n).data(Qt.ItemDataRole.UserRole) == mentor_id:
                self.mentors.setCurrentRow(n)
                return True
        return False

    def show_issues(self, lines: list[str]) -> None:
        self.issues_label.setText("Наставник не заменён — исправьте:\n" + "\n".join(f"• {x}" for x in lines))
        self.issues_label.show()

    def save(self) -> bool:
        from app.services.pairs import CapacityError, replace_mentor

        item = self.mentors.currentItem()
        try:
            on = self.date.date()
        except ValueError as exc:
            self.show_issues([str(exc)])
            return False
        problems = [t for ok, t in ((item is not None, "Выберите нового наставника"),
                                    (bool(self.reason.text().strip()), "Укажите причину замены"),
                                    (on is not None, "Укажите дату замены")) if not ok]
        if problems:
            self.show_issues(problems)
            return False
        confirmed = False
        while True:
            try:
                with self.db.session() as session:
                    replace_mentor(session, group_id=self.row.id, mentor_id=item.data(Qt.ItemDataRole.UserRole),
                                   reason=self.reason.text(), on=on, confirm_over_capacity=confirmed)
                break
            except CapacityError as exc:
                if confirmed or not messages.confirm(self, title="Ёмкость наставника",
                                                     text=f"{exc}\n\nПревысить ёмкость наставника?",
                                                     yes="Превысить", no="Отмена"):
                    return False
                confirmed = True
            except ValidationError as exc:
                self.show_issues([issue_line(i) for i in exc.issues])
                return False
            except Exception as exc:  # noqa: BLE001
                messages.show_error(self, exc, title="Не удалось заменить наставника")
                return False
        self.replaced = True
        self.accept()
        return True


class AmendDialog(QDialog):
    """Pending changes with check boxes, number, date, items; «Сохранить PDF…» registers and renders.

    Attributes:
        order_id, pdf_path: set after success.
    """

    def __init__(self, parent: QWidget | None, *, db: Any, runner: Any, only: set[int] | None = None) -> None:
        super().__init__(parent)
        from app.services.orders import AMEND_TITLE, academic_year_of, next_order_number
        from app.services.pairs import pending_changes
        from app.services.school import get_school

        self.db, self.runner = db, runner
        self.order_id: int | None = None
        self.pdf_path: Path | None = None
        today = dt.date.today()
        with db.session() as session:
            number = next_order_number(session, year=today.year)
            school = get_school(session)
            self.changes = pending_changes(session)
        self._school = SimpleNamespace(curator_name=school.curator_name if school else "",
                                       academic_year=school.academic_year if school else "")
        self.setWindowTitle("Приказ о внесении изменений в состав пар и групп")
        self.setStyleSheet(STYLE)
        self.issues_label = _issues_label()
        self.number = QLineEdit(number)
        self.number.setMaximumWidth(160)
        self.date = DateField()
        self.date.set_date(today)
        self.date.setMaximumWidth(160)
        self.title_edit = QLineEdit(AMEND_TITLE.format(year=self._school.academic_year or academic_year_of(today)))
        self.list = _wrapping_list()
        for change in self.changes:
            item = QListWidgetItem(change.label)
            item.setToolTip(change.label)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            on = only is None or change.group_id in only
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.list.setMaximumHeight(150)
        self.items = QPlainTextEdit()
        self.items.setTabChangesFocus(True)
        self._filled = ""
        self._fill_items()
        self.date.changed.connect(self._fill_items)
        form = QFormLayout()
        form.addRow(required("Номер"), self.number)
        form.addRow(required("Дата"), self.date)
        form.addRow("Заголовок", self.title_edit)
        form.addRow(f"Изменения ({len(self.changes)})", self.list)
        form.addRow("Пункты приказа", self.items)
        form.addRow("", note("Один пункт — одна строка; нумерация добавится при печати. В приложении — "
                             "отмеченные пары и группы с графой «Изменение», лист ознакомления — автоматически."))
        buttons, self.save_button = _buttons(self, "Сохранить PDF…", self.save_pdf)
        self.save_button.setToolTip("Зарегистрировать приказ и сохранить его в PDF")
        layout = QVBoxLayout(self)
        layout.addWidget(self.issues_label)
        if not self.changes:
            layout.addWidget(note("Нет изменений, не вошедших в приказ: расформированных утверждённых пар "
                                  "и замен наставников."))
        layout.addLayout(form, 1)
        layout.addWidget(buttons)
        fit_to_screen(self, 900, 560)

    def _fill_items(self) -> None:
        from app.services.orders import fill_items

        if self.items.toPlainText() != self._filled:
            return  # edited by the user: kept
        try:
            on = self.date.date() or dt.date.today()
        except ValueError:
            return
        self._filled = "\n".join(fill_items(list(AMEND_ITEMS), school=self._school, date=on))
        self.items.setPlainText(self._filled)

    def checked_changes(self) -> list[tuple[int, str]]:
        return [(c.group_id, c.change) for n, c in enumerate(self.changes)
                if self.list.item(n).checkState() == Qt.CheckState.Checked]

    def item_texts(self) -> list[str]:
        return [line.strip() for line in self.items.toPlainText().splitlines() if line.strip()]

    def show_issues(self, lines: list[str]) -> None:
        self.issues_label.setText("Приказ не сформирован — исправьте:\n" + "\n".join(f"• {x}" for x in lines))
        self.issues_label.show()

    def save_pdf(self) -> bool:
        from ui.pairs import order_dialog

        try:
            on = self.date.date()
        except ValueError as exc:
            self.show_issues([str(exc)])
            return False
        changes, number, items = self.checked_changes(), self.number.text().strip(), self.item_texts()
        problems = [t for ok, t in ((bool(number), "Укажите номер приказа"), (on is not None, "Укажите дату приказа"),
                                    (bool(changes), "Отметьте хотя бы одно изменение"),
                                    (bool(items), "Укажите хотя бы один пункт приказа")) if not ok]
        if problems:
            self.show_issues(problems)
            return False
        path = order_dialog.ask_save_path(self, f"Приказ № {number} от {format_date(on)}.pdf")
        if path is None:
            return False
        self.issues_label.hide()
        db, title = self.db, self.title_edit.text().strip() or None

        def create(session: Any) -> int:
            from app.services.orders import create_amendment_order

            return create_amendment_order(session, changes=changes, number=number, date=on, items=items, title=title)

        work = order_dialog.register_and_render(db, create=create, path=path)
        self.save_button.setEnabled(False)
        self.runner.run(work, on_done=self._done, on_error=self._failed, title="Формирование приказа…", parent=self)
        return True

    def _failed(self, exc: BaseException) -> None:
        from ui.pairs import order_dialog

        order_dialog.report_failure(self, exc)

    def _done(self, result: tuple[int, Path | None, BaseException | None]) -> None:
        from ui.pairs import order_dialog

        self.order_id, self.pdf_path, error = result
        self.accept()
        if error is not None:
            messages.show_error(self.parentWidget(), error, title="Приказ зарегистрирован, но PDF не записан")
            return
        if messages.confirm(self.parentWidget(), title="Приказ сформирован",
                            text=f"Приказ № {self.number.text().strip()} о внесении изменений зарегистрирован.\n"
                                 f"Файл: {self.pdf_path}\n\nОткрыть PDF?", yes="Открыть", no="Закрыть"):
            order_dialog.open_file(self.pdf_path)


def amend_order(tab: Any, *, only: set[int] | None = None) -> int | None:
    """Open the amending-order dialog over the tab's database (``only``: the changes checked at first)."""
    from ui.pairs.pairs_tab import run_dialog

    if tab.db is None:
        return None
    dialog = AmendDialog(tab, db=tab.db, runner=tab.runner, only=only)
    if run_dialog(dialog) and dialog.order_id is not None:
        tab.changed()
        return dialog.order_id
    return None


__all__ = ["AMEND_ITEMS", "AmendDialog", "ReplaceMentorDialog", "amend_order"]
