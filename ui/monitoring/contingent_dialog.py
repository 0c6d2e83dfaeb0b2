"""«Контингент»: the denominators of one period; an empty field means «не введено»."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from app.errors import AppError, Issue
from ui.widgets import save_cancel_buttons

_ERROR_STYLE = "border: 1px solid #c62828; background: #fff3f3;"


class ContingentDialog(QDialog):
    """Edits ContingentData of ``period``; errors stay inline and nothing typed is lost.

    Attributes:
        edits: field code → QLineEdit; saved: the ContingentData stored (None until saved).
    """

    def __init__(self, parent: QWidget | None, *, db: Any, period: Any) -> None:
        super().__init__(parent)
        from app.schemas_monitoring import CONTINGENT_FIELDS
        from app.services.contingent import effective_contingent, get_contingent, is_empty

        self.db, self.period = db, period
        self.saved: Any = None
        self.setWindowTitle("Контингент")
        with db.session() as session:
            own = get_contingent(session, period=period.code)
            fallback, source = (effective_contingent(session, period=period) if is_empty(own) else (own, period.code))
        heading = QLabel(f"<b>Контингент за {period.title}</b><br>Численность на отчётный период — знаменатели "
                         "показателей. Пустое поле — «не введено».", self)
        heading.setWordWrap(True)
        self.fallback_note = QLabel(self)
        self.fallback_note.setWordWrap(True)
        self.fallback_note.setStyleSheet("color: #e67800;")
        if is_empty(own):
            if source:
                from app.periods import parse_period

                self.fallback_note.setText(f"За этот период значения не введены. Сейчас показатели считаются по "
                                           f"«Контингенту» за {parse_period(source).title} (значения — серым в "
                                           "полях). Введённые здесь значения заменят их целиком: пустое поле "
                                           "будет «не введено».")
                self.copy_button = QPushButton(f"Взять значения за {parse_period(source).title}", self)
                self.copy_button.clicked.connect(lambda _checked=False: self.copy_fallback())
            else:
                self.fallback_note.setText("«Контингент» не введён ни за этот период, ни за учебный год — "
                                           "доли показателей не вычисляются.")
        else:
            self.fallback_note.hide()
        self.fallback = fallback if source and source != period.code else None
        self.edits: dict[str, QLineEdit] = {}
        form = QFormLayout()
        for name, label in CONTINGENT_FIELDS.items():
            edit = QLineEdit(self)
            edit.setMinimumHeight(edit.sizeHint().height())
            edit.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            edit.setMaxLength(9)
            edit.setFixedWidth(120)
            value = getattr(own, name)
            if value is not None:
                edit.setText(str(value))
            other = getattr(fallback, name) if source and source != period.code else None
            edit.setPlaceholderText(str(other) if other is not None else "не введено")
            self.edits[name] = edit
            form.addRow(label, edit)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #c62828;")
        self.message.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.fallback_note)
        if hasattr(self, "copy_button"):
            layout.addWidget(self.copy_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(save_cancel_buttons(self, on_save=self.save))
        self.setMinimumWidth(520)

    def copy_fallback(self) -> None:
        """Fill the empty fields with the values used now (from the fallback period)."""
        for name, edit in self.edits.items():
            value = getattr(self.fallback, name) if self.fallback is not None else None
            if not edit.text().strip() and value is not None:
                edit.setText(str(value))

    def values(self) -> tuple[Any, list[Issue]]:
        """The typed data and the issues of fields that are not whole numbers."""
        from app.schemas_monitoring import CONTINGENT_FIELDS, ContingentData

        values: dict[str, Any] = {}
        issues: list[Issue] = []
        for name, edit in self.edits.items():
            text = edit.text().strip().replace(" ", "").replace("\u00a0", "")
            if not text:
                values[name] = None
            elif text.lstrip("-").isdigit():
                values[name] = int(text)
            else:
                values[name] = None
                issues.append(Issue(f"«{edit.text().strip()}» — ожидается целое число", field=CONTINGENT_FIELDS[name]))
        return ContingentData(period=self.period.code, **values), issues

    def save(self) -> bool:
        from app.schemas_monitoring import CONTINGENT_FIELDS
        from app.services.contingent import save_contingent

        for edit in self.edits.values():
            edit.setStyleSheet("")
        data, issues = self.values()
        if not issues:
            try:
                with self.db.session() as session:
                    save_contingent(session, data=data)
            except AppError as exc:
                issues = list(getattr(exc, "issues", []) or [])
                if not issues:
                    from ui.messages import error_text

                    issues = [Issue(error_text(exc))]
        if issues:
            by_label = {label: name for name, label in CONTINGENT_FIELDS.items()}
            for issue in issues:
                name = by_label.get(issue.field or "")
                if name in self.edits:
                    self.edits[name].setStyleSheet(_ERROR_STYLE)
            self.message.setText("«Контингент» не сохранён:\n" + "\n".join(f"• {i.describe()}" for i in issues))
            self.message.show()
            self.adjustSize()  # grow with the message instead of squeezing the fields
            return False
        self.saved = data
        self.accept()
        return True


def edit_contingent(tab: Any, *, period: Any = None) -> bool:
    """Open the dialog for the tab's period; after a save the tab reloads its indicators."""
    from ui import messages
    from ui.monitoring import monitoring_tab

    if tab.db is None:
        return False
    try:
        dialog = ContingentDialog(tab, db=tab.db, period=period or tab.period())
    except Exception as exc:  # noqa: BLE001
        messages.show_error(tab, exc)
        return False
    try:
        ok = monitoring_tab.run_dialog(dialog) and dialog.saved is not None
    finally:
        dialog.deleteLater()
    if ok:
        tab.reload()
        tab.data_changed.emit()
        tab.status_message.emit(f"«Контингент» за {dialog.period.title} сохранён")
    return ok


__all__ = ["ContingentDialog", "edit_contingent"]
