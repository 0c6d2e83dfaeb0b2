"""Add or edit a meeting of a pair/group: date, type, format, notes, attendance and feedback."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
                               QPlainTextEdit, QPushButton, QSpinBox, QVBoxLayout, QWidget)

from app.errors import Issue, ValidationError
from app.meeting_rules import next_stage, stage_of
from app.schemas_meetings import MEETING_FORMATS, STAGES, MeetingData
from app.text import short_name
from ui import messages
from ui.inline_issues import InlineIssues
from ui.people.person_form import STYLE, issue_line, required
from ui.widgets import DateField, save_cancel_buttons

PAIR_STATUSES = ("approved", "working", "finished")
FIELD_KEYS = ("Пара/группа", "Дата", "Время", "Длительность", "Тип встречи", "Формат", "Посещаемость")


def run_dialog(dialog: QDialog) -> bool:
    """``exec`` a dialog; tests replace this to drive the dialog without a modal loop."""
    return dialog.exec() == QDialog.DialogCode.Accepted


def shorten(name: str) -> str:
    """«Иванов Иван Петрович» → «Иванов И.П.»."""
    parts = name.split()
    return short_name(*parts[:3]) if parts else ""


def pair_label(group: Any) -> str:
    """«Ёлкина А.С. — Иванов И.П., Петров П.С.» (+ «завершена»)."""
    mentees = ", ".join(shorten(n) for n in group.mentee_names[:3])
    if len(group.mentee_names) > 3:
        mentees += f" и ещё {len(group.mentee_names) - 3}"
    label = f"{shorten(group.mentor_name)} — {mentees}" if mentees else shorten(group.mentor_name)
    return label + (" (завершена)" if group.status == "finished" else "")


def feedback_enterer() -> Any:
    """``ui.surveys.entry_grid.enter_responses`` or None while that module is not there."""
    try:
        from ui.surveys.entry_grid import enter_responses
    except ImportError:
        return None
    return enter_responses


class MeetingDialog(InlineIssues, QDialog):
    """The meeting form; ``saved_id`` is set after a successful «Сохранить»."""

    def __init__(self, parent: QWidget | None, *, db: Any, meeting_id: int | None = None,
                 group_id: int | None = None) -> None:
        super().__init__(parent)
        from app.services.meetings import get_meeting, list_meetings
        from app.services.pairs import list_groups
        from app.services.reference import names

        self.db = db
        self.saved_id: int | None = None
        with db.session() as session:
            self.data = get_meeting(session, meeting_id=meeting_id) if meeting_id is not None else None
            current = self.data.group_id if self.data else group_id
            self.groups = [g for g in list_groups(session) if g.status in PAIR_STATUSES or g.id == current]
            self.kinds = names(session, list_code="meeting_type")
            self.linked = 0
            if self.data is not None:
                self.linked = next((r.linked_responses for r in list_meetings(session, group_id=self.data.group_id)
                                    if r.id == meeting_id), 0)
        self.setWindowTitle("Встреча" if meeting_id is None else "Изменить встречу")
        self.setStyleSheet(STYLE)
        self.setMinimumWidth(560)
        self._build()
        self._fill(group_id)
        self.check_timer = QTimer(self)
        self.check_timer.setSingleShot(True)
        self.check_timer.setInterval(200)
        self.check_timer.timeout.connect(self.refresh_warnings)
        for signal in (self.date_field.changed, self.pair_combo.currentIndexChanged):
            signal.connect(self.check_timer.start)
        self.refresh_warnings()

    # -- building ----------------------------------------------------------
    def _build(self) -> None:
        self.pair_combo = QComboBox(self)
        self.pair_combo.setMinimumContentsLength(40)
        for g in self.groups:
            self.pair_combo.addItem(pair_label(g), g.id)
        self.date_field = DateField(self)
        self.time_edit = QLineEdit(self)
        self.time_edit.setPlaceholderText("ЧЧ:ММ")
        self.time_edit.setFixedWidth(self.time_edit.fontMetrics().horizontalAdvance("00:00") + 28)
        self.duration = QSpinBox(self)
        self.duration.setRange(0, 600)
        self.duration.setSingleStep(5)
        self.duration.setSuffix(" мин")
        self.duration.setSpecialValueText("не указано")
        self.kind_combo = QComboBox(self)
        self.kind_combo.addItems(self.kinds)
        self.format_combo = QComboBox(self)
        for code, text in MEETING_FORMATS.items():
            self.format_combo.addItem(text, code)
        self.topic = QLineEdit(self)
        self.outcome = QPlainTextEdit(self)
        self.next_steps = QPlainTextEdit(self)
        for edit in (self.outcome, self.next_steps):
            edit.setTabChangesFocus(True)
            edit.setFixedHeight(64)
        self.attendance = QWidget(self)
        self.attendance_layout = QVBoxLayout(self.attendance)
        self.attendance_layout.setContentsMargins(0, 0, 0, 0)
        self.attendance_boxes: dict[int, QCheckBox] = {}
        self.fb_mentee = QCheckBox("Получена обратная связь от наставляемого", self)
        self.fb_mentor = QCheckBox("Получена обратная связь от наставника", self)
        self.linked_label = QLabel(self)
        self.linked_label.setObjectName("note")
        self.survey_button = QPushButton("Анкета обратной связи…", self)
        self.survey_button.clicked.connect(lambda _c=False: self.enter_feedback())
        enterer = feedback_enterer()
        self.survey_button.setVisible(self.data is not None)
        self.survey_button.setEnabled(enterer is not None)
        self.survey_button.setToolTip("Ввести ответы анкеты «обратная связь после встречи» по этой встрече"
                                      if enterer else "Ввод анкет появится вместе с разделом «Анкеты»")
        time_row = QHBoxLayout()
        time_row.addWidget(self.date_field)
        time_row.addWidget(QLabel("время", self))
        time_row.addWidget(self.time_edit)
        time_row.addWidget(QLabel("длительность", self))
        time_row.addWidget(self.duration)
        time_row.addStretch(1)
        feedback = QVBoxLayout()
        feedback.addWidget(self.fb_mentee)
        feedback.addWidget(self.fb_mentor)
        linked_row = QHBoxLayout()
        linked_row.addWidget(self.linked_label, 1)
        linked_row.addWidget(self.survey_button)
        feedback.addLayout(linked_row)
        form = QFormLayout()
        form.addRow(required("Пара/группа"), self.pair_combo)
        form.addRow(required("Дата"), time_row)
        form.addRow(required("Тип встречи"), self.kind_combo)
        form.addRow("Формат", self.format_combo)
        form.addRow("Тема", self.topic)
        form.addRow("Итоги", self.outcome)
        form.addRow("Дальнейшие шаги", self.next_steps)
        form.addRow("Присутствовали", self.attendance)
        form.addRow("Обратная связь", feedback)
        self.issues_label = QLabel(self)
        self.issues_label.setObjectName("issues")
        self.issues_label.setWordWrap(True)
        self.issues_label.hide()
        self.warnings_label = QLabel(self)
        self.warnings_label.setWordWrap(True)
        self.warnings_label.setStyleSheet("background: #fff8e1; color: #6d4c00; border: 1px solid #ffca28; "
                                          "border-radius: 3px; padding: 6px;")
        self.warnings_label.hide()
        self.buttons = save_cancel_buttons(self, on_save=self.save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.issues_label)
        layout.addWidget(self.warnings_label)
        layout.addWidget(self.buttons)
        self.field_widgets: dict[str, QWidget] = {
            "Пара/группа": self.pair_combo, "Дата": self.date_field.edit, "Время": self.time_edit,
            "Длительность": self.duration, "Тип встречи": self.kind_combo, "Формат": self.format_combo,
            "Посещаемость": self.attendance}

    def _fill(self, group_id: int | None) -> None:
        data = self.data
        wanted = data.group_id if data else group_id
        index = self.pair_combo.findData(wanted) if wanted is not None else -1
        self.pair_combo.setCurrentIndex(max(index, 0) if self.pair_combo.count() else -1)
        self._rebuild_attendance(absent=data.absent_mentee_ids if data else ())
        self.pair_combo.currentIndexChanged.connect(lambda _i: self._pair_changed())
        if data is None:
            self.date_field.set_date(dt.date.today())
            self._set_kind(self.default_kind())
            self._update_linked()
            return
        self.date_field.set_date(data.date)
        self.time_edit.setText(data.start_time)
        self.duration.setValue(data.duration_min or 0)
        self._set_kind(data.kind)
        self.format_combo.setCurrentIndex(max(self.format_combo.findData(data.format), 0))
        self.topic.setText(data.topic)
        self.outcome.setPlainText(data.outcome)
        self.next_steps.setPlainText(data.next_steps)
        self.fb_mentee.setChecked(data.feedback_mentee)
        self.fb_mentor.setChecked(data.feedback_mentor)
        self._update_linked()

    def _set_kind(self, kind: str) -> None:
        if kind and self.kind_combo.findText(kind) < 0:
            self.kind_combo.addItem(kind)  # a type removed from the reference list stays readable
        self.kind_combo.setCurrentIndex(self.kind_combo.findText(kind) if kind else -1)

    def _update_linked(self) -> None:
        self.linked_label.setText(f"Связанных анкет: {self.linked}" if self.linked else "Связанных анкет нет")

    def group(self) -> Any:
        gid = self.pair_combo.currentData()
        return next((g for g in self.groups if g.id == gid), None)

    def _rebuild_attendance(self, *, absent: tuple[int, ...] = ()) -> None:
        for box in self.attendance_boxes.values():
            box.deleteLater()
        self.attendance_boxes = {}
        group = self.group()
        if group is None:
            return
        for mentee_id, name in zip(group.mentee_ids, group.mentee_names, strict=False):
            box = QCheckBox(name, self.attendance)
            box.setChecked(mentee_id not in absent)
            box.toggled.connect(lambda _on: self.check_timer.start())
            self.attendance_layout.addWidget(box)
            self.attendance_boxes[mentee_id] = box

    def _pair_changed(self) -> None:
        self._rebuild_attendance()
        if self.data is None:
            self._set_kind(self.default_kind())

    def default_kind(self) -> str:
        """The type name of the stage this pair should have next (from the editable type list)."""
        from app.services.meetings import list_meetings

        gid = self.pair_combo.currentData()
        stages: list[str] = []
        if gid is not None:
            with self.db.session() as session:
                stages = [r.stage for r in list_meetings(session, group_id=gid)]
        code = next_stage(stages)
        return next((k for k in self.kinds if stage_of(k) == code), STAGES[code])

    # -- collecting and saving ---------------------------------------------
    def collect(self) -> tuple[MeetingData | None, list[Issue]]:
        issues: list[Issue] = []
        gid = self.pair_combo.currentData()
        if gid is None:
            issues.append(Issue("выберите пару или группу", field="Пара/группа"))
        try:
            date = self.date_field.date()
        except ValueError as exc:
            issues.append(Issue(str(exc), field="Дата"))
            date = None
        else:
            if date is None:
                issues.append(Issue("укажите дату встречи", field="Дата"))
        if gid is None or date is None:
            return None, issues
        data = MeetingData(
            group_id=gid, date=date, kind=self.kind_combo.currentText(), start_time=self.time_edit.text().strip(),
            duration_min=self.duration.value() or None, format=self.format_combo.currentData() or "in_person",
            topic=self.topic.text(), outcome=self.outcome.toPlainText(), next_steps=self.next_steps.toPlainText(),
            feedback_mentee=self.fb_mentee.isChecked(), feedback_mentor=self.fb_mentor.isChecked(),
            absent_mentee_ids=tuple(i for i, box in self.attendance_boxes.items() if not box.isChecked()),
            id=self.data.id if self.data else None)
        return data, issues

    def refresh_warnings(self) -> None:
        """Warnings (e.g. a date before the pair started) are shown as you type; they never block saving."""
        self.check_timer.stop()
        data, issues = self.collect()
        if data is None or issues:
            self.warnings_label.hide()
            return
        from app.services.meetings import check_meeting

        with self.db.session() as session:
            warnings = [i for i in check_meeting(session, data=data) if i.severity == "warning"]
        self.warnings_label.setText("Обратите внимание:\n" + "\n".join(f"• {issue_line(i)}" for i in warnings))
        self.warnings_label.setVisible(bool(warnings))

    def save(self) -> bool:
        """Check, save and close; on errors the dialog stays open with everything typed kept."""
        from app.services.meetings import check_meeting, save_meeting

        data, issues = self.collect()
        if data is not None and not issues:
            with self.db.session() as session:
                issues = [i for i in check_meeting(session, data=data) if i.severity == "error"]
        if data is None or issues:
            self.show_issues(issues)
            return False
        try:
            with self.db.session() as session:
                self.saved_id = save_meeting(session, data=data)
        except ValidationError as exc:
            self.show_issues(exc.issues)
            return False
        except Exception as exc:  # noqa: BLE001 - shown to the user, the dialog stays open
            messages.show_error(self, exc)
            return False
        self.clear_issues()
        self.accept()
        return True

    def enter_feedback(self) -> int:
        """Enter «обратная связь после встречи» responses for this meeting; ticks the boxes of who answered."""
        enterer = feedback_enterer()
        if enterer is None or self.data is None or self.data.id is None:
            return 0
        gid = self.pair_combo.currentData()
        added = enterer(self, db=self.db, template_code="meeting_feedback", meeting_id=self.data.id, group_id=gid)
        if added:
            from app.services.meetings import mark_feedback
            from app.services.surveys import list_responses

            with self.db.session() as session:
                linked = [r for r in list_responses(session) if r.meeting_id == self.data.id]
                roles = {r.respondent_role for r in linked}
                mark_feedback(session, meeting_id=self.data.id, roles=roles)  # kept even if the dialog is cancelled
            self.linked = len(linked)
            if "mentee" in roles:
                self.fb_mentee.setChecked(True)
            if "mentor" in roles:
                self.fb_mentor.setChecked(True)
            self._update_linked()
        return added or 0


def edit_meeting(parent: QWidget | None, *, db: Any, meeting_id: int | None = None,
                 group_id: int | None = None) -> int | None:
    """Open the meeting dialog (new when ``meeting_id`` is None); the saved meeting's id or None."""
    try:
        dialog = MeetingDialog(parent, db=db, meeting_id=meeting_id, group_id=group_id)
    except Exception as exc:  # noqa: BLE001 - e.g. the meeting was deleted meanwhile
        messages.show_error(parent, exc)
        return None
    if dialog.pair_combo.count() == 0:
        messages.inform(parent, title="Новая встреча", text="Нет утверждённых или работающих пар. "
                                                            "Сначала утвердите пару на вкладке «Пары и группы».")
        dialog.deleteLater()
        return None
    if run_dialog(dialog) and dialog.saved_id is not None:
        return dialog.saved_id
    return None


def delete_meetings(tab: Any) -> int:
    """Delete the journal tab's selected meetings after «Удалить?»; the number sent for deletion."""
    rows = tab.selected_rows()
    if not rows or tab.db is None:
        return 0
    if len(rows) == 1:
        r = rows[0]
        text = f"Удалить встречу {r.date:%d.%m.%Y} ({r.kind}) пары «{r.group_label}»?"
    else:
        text = f"Удалить выбранные встречи ({len(rows)})?"
    linked = sum(r.linked_responses for r in rows)
    note = "\nОтметки посещаемости тоже удалятся."
    if linked:
        note += f"\nСвязанные анкеты ({linked}) останутся в «Анкетах», но без привязки к встрече."
    if not messages.confirm(tab, title="Удалить встречу", text=text + note, yes="Удалить"):
        return 0
    ids, db = [r.id for r in rows], tab.db

    def work(_progress: Any) -> int:
        from app.services.meetings import delete_meeting

        with db.session() as session:
            for meeting_id in ids:
                delete_meeting(session, meeting_id=meeting_id)
        return len(ids)

    tab.runner.run(work, on_done=lambda n: tab.changed(note=f"Удалено встреч: {n}"),
                   on_error=lambda exc: (messages.show_error(tab, exc), tab.reload()))
    return len(ids)


__all__ = ["MeetingDialog", "delete_meetings", "edit_meeting", "next_stage", "pair_label", "run_dialog", "shorten"]
