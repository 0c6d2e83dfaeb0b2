"""The pair/group dialog (form, role model, kind, goal, dates) and the status-change dialog."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
                               QListWidget, QListWidgetItem, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget)

from app.errors import Issue, ValidationError
from app.schemas import GROUP_STATUSES, GroupData
from ui import messages
from ui.inline_issues import InlineIssues
from ui.people.person_form import STYLE, issue_line, required
from ui.widgets import DateField, fit_to_screen

# (mentor category, mentee category) → form of mentoring
FORM_BY_CATEGORIES = {
    ("обучающийся", "обучающийся"): "ученик – ученик",
    ("выпускник", "обучающийся"): "ученик – ученик",
    ("педагог", "педагог"): "учитель – учитель",
    ("педагог", "молодой специалист"): "учитель – учитель",
    ("студент", "обучающийся"): "студент – ученик",
    ("представитель организации-партнёра", "обучающийся"): "работодатель – ученик",
    ("представитель организации-партнёра", "студент"): "работодатель – студент",
    ("педагог", "обучающийся"): "учитель – ученик",
    ("студент", "студент"): "студент – студент",
    ("педагог", "студент"): "педагог – студент",
}
ONE_TO_ONE, IN_GROUP = "традиционное («один на один»)", "в группе"


def guess_form(mentor_category: str, mentee_categories: list[str]) -> str:
    """The form of mentoring implied by the categories ('' when they disagree or are unknown)."""
    forms = {FORM_BY_CATEGORIES.get((mentor_category, c), "") for c in mentee_categories}
    return forms.pop() if len(forms) == 1 else ""


def academic_year_end(academic_year: str, today: dt.date) -> dt.date:
    """31 May closing the academic year «2026/2027» (or the current one when not given)."""
    m = re.match(r"^\s*(\d{4})\s*/\s*(\d{4})", academic_year or "")
    if m:
        return dt.date(int(m.group(2)), 5, 31)
    return dt.date(today.year + 1 if today.month >= 6 else today.year, 5, 31)


def prefill(session: Any, *, mentor_id: int, mentee_ids: list[int],
            today: dt.date | None = None) -> tuple[GroupData, str, list[str]]:
    """A new pair/group prefilled from the people: (data, mentor name, mentee names)."""
    from app.services.people import get_mentee, get_mentor
    from app.services.school import get_school
    from app.text import full_name

    today = today or dt.date.today()
    mentor = get_mentor(session, mentor_id=mentor_id)
    mentees = [get_mentee(session, mentee_id=i) for i in mentee_ids]
    requests: list[str] = []
    for m in mentees:
        requests += [r for r in m.requests if r not in requests]
    school = get_school(session)
    data = GroupData(mentor_id=mentor_id, mentee_ids=tuple(mentee_ids),
                     form=guess_form(mentor.category, [m.category for m in mentees]),
                     kind=ONE_TO_ONE if len(mentee_ids) == 1 else IN_GROUP,
                     goal=f"Запросы: {', '.join(requests)}" if requests else "", start_date=today,
                     planned_end_date=academic_year_end(school.academic_year if school else "", today))
    names = [f"{full_name(m.last_name, m.first_name, m.middle_name)}"
             + (f" ({m.group_name})" if m.group_name else "") for m in mentees]
    mentor_name = full_name(mentor.last_name, mentor.first_name, mentor.middle_name)
    if mentor.group_name:
        mentor_name += f" ({mentor.group_name})"
    return data, mentor_name, names


class GroupDialog(InlineIssues, QDialog):
    """Edit one pair or group; ``save`` stores it (asking before going over capacity).

    A draft (``status="draft"``) may change its mentor and members; an approved pair changes its mentor
    only through «Заменить наставника…».

    Attributes:
        saved_id: the id after a successful save.
    """

    def __init__(self, parent: QWidget | None, *, db: Any, data: GroupData, mentor_name: str,
                 mentee_names: list[str], status: str = "draft") -> None:
        super().__init__(parent)
        from app.services.pairs import mentor_loads, unpaired_mentees
        from app.services.reference import list_items

        self.db, self.data = db, data
        self.saved_id: int | None = None
        self.replace_requested = False  # «Заменить наставника…» pressed (approved/working pairs)
        self.editable_people = status == "draft"
        with db.session() as session:
            forms = [e.name for e in list_items(session, list_code="form")]
            self.role_models = [(e.name, e.parent) for e in list_items(session, list_code="role_model")]
            kinds = [e.name for e in list_items(session, list_code="kind")]
            loads = mentor_loads(session) if self.editable_people else []
            waiting = unpaired_mentees(session) if self.editable_people else []
        group = len(data.mentee_ids) > 1
        noun = "группа" if group else "пара"
        self.setWindowTitle(f"{'Новая' if data.id is None else 'Изменить:'} {noun}"
                            + (f" № {data.id}" if data.id is not None else ""))
        self.setStyleSheet(STYLE)
        self.issues_label = QLabel()
        self.issues_label.setObjectName("issues")
        self.issues_label.setWordWrap(True)
        self.issues_label.hide()
        self.mentor_label = QLabel(mentor_name)
        self.mentees_label = QLabel("\n".join(mentee_names))
        self.mentees_label.setWordWrap(True)
        self.mentor_box = QComboBox()
        self.mentor_box.addItem(mentor_name, data.mentor_id)
        for load in loads:
            if load.id != data.mentor_id and load.free > 0:
                label = f"{load.name} ({load.group_name})" if load.group_name else load.name
                self.mentor_box.addItem(f"{label} — свободно {load.free} из {load.capacity}", load.id)
        self.members = QListWidget()
        for mentee_id, name in zip(data.mentee_ids, mentee_names):
            self._add_member(mentee_id, name)
        self.members.setMaximumHeight(self.members.fontMetrics().lineSpacing() * 5 + 12)
        self.add_box = QComboBox()
        self.add_box.addItem("— ожидающий пару наставляемый —", None)
        for w in waiting:
            if w.id not in data.mentee_ids:
                self.add_box.addItem(f"{w.name} ({w.group_name})" if w.group_name else w.name, w.id)
        self.add_button = QPushButton("Добавить")
        self.remove_button = QPushButton("Убрать")
        self.add_button.clicked.connect(lambda _c=False: self.add_member())
        self.remove_button.clicked.connect(lambda _c=False: self.remove_member())
        members_box = QWidget()
        members_layout = QVBoxLayout(members_box)
        members_layout.setContentsMargins(0, 0, 0, 0)
        members_layout.addWidget(self.members)
        add_row = QHBoxLayout()
        add_row.addWidget(self.add_box, 1)
        add_row.addWidget(self.add_button)
        add_row.addWidget(self.remove_button)
        members_layout.addLayout(add_row)
        self.form = self._combo(forms, data.form)
        self.role_model = QComboBox()
        self.kind = self._combo(kinds, data.kind)
        self.goal = QPlainTextEdit(data.goal)
        self.goal.setTabChangesFocus(True)
        self.goal.setPlaceholderText("Чего должен достичь наставляемый")
        self.goal.setFixedHeight(self.goal.fontMetrics().lineSpacing() * 4 + 14)
        self.start = DateField()
        self.start.set_date(data.start_date)
        self.end = DateField()
        self.end.set_date(data.planned_end_date)
        for field in (self.start, self.end):
            field.setMaximumWidth(160)
        self.form.currentIndexChanged.connect(self._fill_role_models)
        self._fill_role_models(current=data.role_model)
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        if self.editable_people:
            form.addRow("Наставник", self.mentor_box)
            form.addRow("Наставляемые", members_box)
        else:
            replace = QPushButton("Заменить наставника…")
            replace.setToolTip("Замена наставника утверждённой пары оформляется приказом о внесении изменений")
            replace.setAutoDefault(False)
            replace.clicked.connect(lambda _c=False: self.request_replace())
            mentor_row = QHBoxLayout()
            mentor_row.addWidget(self.mentor_label, 1)
            mentor_row.addWidget(replace)
            form.addRow("Наставник", mentor_row)
            form.addRow("Наставляемые" if group else "Наставляемый", self.mentees_label)
        form.addRow(required("Форма наставничества"), self.form)
        form.addRow("Ролевая модель", self.role_model)
        form.addRow("Вид наставничества", self.kind)
        form.addRow("Цель / запрос", self.goal)
        form.addRow(required("Начало"), self.start)
        form.addRow("Плановое окончание", self.end)
        self.field_widgets = {"Форма наставничества": self.form, "Ролевая модель": self.role_model,
                              "Вид наставничества": self.kind, "Цель": self.goal, "Начало": self.start.edit,
                              "Плановое окончание": self.end.edit,
                              "Наставник": self.mentor_box if self.editable_people else self.mentor_label,
                              "Наставляемые": self.members if self.editable_people else self.mentees_label}
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton("Сохранить", QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = buttons.addButton("Отмена", QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.setToolTip("Сохранить (Ctrl+Enter)")
        for button in (self.save_button, cancel):
            button.setAutoDefault(False)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, activated=self.save)
        layout = QVBoxLayout(self)
        layout.addWidget(self.issues_label)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(buttons)
        fit_to_screen(self, 680, 520 if self.editable_people else 440)

    def request_replace(self) -> None:
        """Close without saving; the caller opens «Заменить наставника…»."""
        self.replace_requested = True
        self.reject()

    @staticmethod
    def _combo(names: list[str], current: str) -> QComboBox:
        box = QComboBox()
        box.addItem("", "")
        box.addItems(names)
        if current and box.findText(current) < 0:
            box.addItem(current)
        box.setCurrentIndex(max(box.findText(current), 0))
        return box

    def _fill_role_models(self, *_args: Any, current: str | None = None) -> None:
        """Role models of the chosen form (all of them when no form is chosen)."""
        keep = self.role_model.currentText() if current is None else current
        form = self.form.currentText()
        names: list[str] = []
        for name, parent in self.role_models:
            if (not form or parent == form or not parent) and name not in names:
                names.append(name)
        self.role_model.clear()
        self.role_model.addItem("")
        self.role_model.addItems(names)
        if keep and self.role_model.findText(keep) < 0 and current is not None:
            self.role_model.addItem(keep)
        self.role_model.setCurrentIndex(max(self.role_model.findText(keep), 0))

    # -- people (drafts only) -------------------------------------------------
    def _add_member(self, mentee_id: int, name: str) -> None:
        item = QListWidgetItem(name)
        item.setData(Qt.ItemDataRole.UserRole, mentee_id)
        self.members.addItem(item)

    def add_member(self, mentee_id: int | None = None) -> bool:
        """Move a waiting mentee (the chosen one, or ``mentee_id``) into the members."""
        index = self.add_box.currentIndex() if mentee_id is None else self.add_box.findData(mentee_id)
        if index <= 0:
            return False
        self._add_member(self.add_box.itemData(index), self.add_box.itemText(index))
        self.add_box.removeItem(index)
        self.add_box.setCurrentIndex(0)
        return True

    def remove_member(self, mentee_id: int | None = None) -> bool:
        """Take the selected member (or ``mentee_id``) out; they go back to the waiting list."""
        rows = [n for n in range(self.members.count())
                if (self.members.item(n).isSelected() if mentee_id is None
                    else self.members.item(n).data(Qt.ItemDataRole.UserRole) == mentee_id)]
        for n in reversed(rows):
            item = self.members.takeItem(n)
            self.add_box.addItem(item.text(), item.data(Qt.ItemDataRole.UserRole))
        return bool(rows)

    def member_ids(self) -> tuple[int, ...]:
        if not self.editable_people:
            return self.data.mentee_ids
        return tuple(self.members.item(n).data(Qt.ItemDataRole.UserRole) for n in range(self.members.count()))

    def mentor_id(self) -> int:
        return self.mentor_box.currentData() if self.editable_people else self.data.mentor_id

    def role_model_choices(self) -> list[str]:
        return [self.role_model.itemText(i) for i in range(1, self.role_model.count())]

    # -- save --------------------------------------------------------------
    def collect(self) -> tuple[GroupData, list[Issue]]:
        issues: list[Issue] = []
        dates = []
        for field, label in ((self.start, "Начало"), (self.end, "Плановое окончание")):
            try:
                dates.append(field.date())
            except ValueError as exc:
                issues.append(Issue(str(exc), field=label))
                dates.append(None)
        if not self.form.currentText().strip():
            issues.append(Issue("выберите форму наставничества", field="Форма наставничества"))
        if dates[0] is None and not any(i.field == "Начало" for i in issues):
            issues.append(Issue("укажите дату начала", field="Начало"))
        if not self.member_ids():
            issues.append(Issue("добавьте хотя бы одного наставляемого", field="Наставляемые"))
        data = GroupData(mentor_id=self.mentor_id(), mentee_ids=self.member_ids(),
                         form=self.form.currentText(), role_model=self.role_model.currentText(),
                         kind=self.kind.currentText(), goal=self.goal.toPlainText().strip(),
                         start_date=dates[0], planned_end_date=dates[1], id=self.data.id)
        return data, issues

    def save(self) -> bool:
        """Validate and save; over capacity asks first; problems stay in the open dialog."""
        from app.services.pairs import CapacityError, save_group

        data, issues = self.collect()
        if issues:
            self.show_issues(issues)
            return False
        confirmed = False
        while True:
            try:
                with self.db.session() as session:
                    self.saved_id = save_group(session, data=data, confirm_over_capacity=confirmed)
                break
            except CapacityError as exc:
                if confirmed or not messages.confirm(
                        self, title="Ёмкость наставника",
                        text=f"{exc}\n\nПревысить ёмкость наставника? Подтверждение будет записано.",
                        yes="Превысить", no="Отмена"):
                    return False
                confirmed = True
            except ValidationError as exc:
                self.show_issues(exc.issues)
                return False
            except Exception as exc:  # noqa: BLE001 - any other failure: a message, the dialog stays
                messages.show_error(self, exc, title="Не удалось сохранить")
                return False
        self.accept()
        return True


class StatusDialog(QDialog):
    """Ask the date (and the reason) of a status change."""

    def __init__(self, parent: QWidget | None, *, status: str, what: str) -> None:
        super().__init__(parent)
        self.status = status
        self.setWindowTitle(f"Статус: {GROUP_STATUSES[status]}")
        self.date = DateField()
        self.date.set_date(dt.date.today())
        self.date.setMaximumWidth(160)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("обязательно для расформирования" if status == "dissolved" else "")
        self.issues_label = QLabel()
        self.issues_label.setStyleSheet("color: #8b1a1a;")
        self.issues_label.hide()
        form = QFormLayout()
        form.addRow(QLabel(f"{what} → «{GROUP_STATUSES[status]}»"))
        form.addRow("Дата", self.date)
        form.addRow(required("Причина") if status == "dissolved" else QLabel("Причина"), self.reason)
        buttons = QDialogButtonBox()
        buttons.addButton("Сменить статус", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("Отмена", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.check)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.issues_label)
        layout.addWidget(buttons)
        fit_to_screen(self, 480, 170)

    def values(self) -> tuple[str, dt.date | None]:
        return self.reason.text().strip(), self.date.date()

    def check(self) -> None:
        try:
            on = self.date.date()
        except ValueError as exc:
            self.issues_label.setText(str(exc))
            self.issues_label.show()
            return
        if on is None:
            self.issues_label.setText("Укажите дату")
        elif self.status == "dissolved" and not self.reason.text().strip():
            self.issues_label.setText("Укажите причину расформирования")
        else:
            self.accept()
            return
        self.issues_label.show()


__all__ = ["GroupDialog", "StatusDialog", "academic_year_end", "guess_form", "prefill"]
