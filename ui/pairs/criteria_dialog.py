"""«Критерии подбора»: the mode and weight of every matching criterion, the grade gap and the minimal score."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QGridLayout, QLabel, QSpinBox,
                               QVBoxLayout, QWidget)

from app.errors import AppError
from app.matching import CRITERIA, MODES, Criteria

_ERROR_STYLE = "border: 1px solid #c62828; background: #fff3f3;"
GRADE_GAP_LABEL = "Разница в классах для наставника-ученика"
MIN_SCORE_LABEL = "Минимальный балл для предложения"
# Issue.field values of Criteria.from_dict / save_criteria for the numeric parameters
_PARAM_FIELDS = {"Разница в классах": "grade_gap", "Минимальная оценка": "min_score"}
HINT = ("«Обязательно» — наставник, не подходящий по критерию, не предлагается совсем; «{score}» — критерий "
        "добавляет к оценке совпадения (0–100) долю по своему весу; «{ignore}» — критерий не проверяется. "
        "Свободные места, архив и запреты пар учитываются всегда.")


class CriteriaDialog(QDialog):
    """Loads the stored criteria; «Сохранить» validates and stores them, errors stay inline.

    Attributes:
        modes / weights: per criterion code, its mode combo and weight spin box.
        grade_gap / min_score: the numeric parameters.
        saved: the stored Criteria after a successful save.
    """

    def __init__(self, parent: QWidget | None = None, *, db: Any) -> None:
        super().__init__(parent)
        from app.services.matching import load_criteria

        self.db = db
        self.saved: Criteria | None = None
        self.setWindowTitle("Критерии подбора")
        hint = QLabel(HINT.format(score=MODES["score"], ignore=MODES["ignore"]), self)
        hint.setWordWrap(True)
        grid = QGridLayout()
        for column, title in enumerate(("Критерий", "Режим", "Вес")):
            grid.addWidget(QLabel(f"<b>{title}</b>", self), 0, column)
        self.modes: dict[str, QComboBox] = {}
        self.weights: dict[str, QSpinBox] = {}
        for row, (code, label) in enumerate(CRITERIA.items(), start=1):
            text = QLabel(label, self)
            combo = QComboBox(self)
            for mode, mode_label in MODES.items():
                combo.addItem(mode_label, mode)
            spin = QSpinBox(self)
            spin.setRange(0, 100)
            spin.setToolTip("Вес критерия в оценке: от 0 до 100")
            text.setBuddy(combo)
            combo.currentIndexChanged.connect(lambda _i, code=code: self._mode_changed(code))
            grid.addWidget(text, row, 0)
            grid.addWidget(combo, row, 1)
            grid.addWidget(spin, row, 2)
            self.modes[code], self.weights[code] = combo, spin
        grid.setColumnStretch(0, 1)
        self.grade_gap = QSpinBox(self)
        self.grade_gap.setRange(0, 10)
        self.grade_gap.setToolTip("Наставник-обучающийся должен быть старше наставляемого хотя бы на столько классов")
        self.min_score = QSpinBox(self)
        self.min_score.setRange(0, 100)
        self.min_score.setToolTip("В режиме «Лучшее совпадение» пары с меньшей оценкой не предлагаются")
        params = QFormLayout()
        params.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        params.addRow(GRADE_GAP_LABEL, self.grade_gap)
        params.addRow(MIN_SCORE_LABEL, self.min_score)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #c62828;")
        self.message.hide()
        buttons = QDialogButtonBox(self)
        self.defaults_button = buttons.addButton("По умолчанию", QDialogButtonBox.ButtonRole.ResetRole)
        buttons.addButton("Сохранить", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("Отмена", QDialogButtonBox.ButtonRole.RejectRole)
        self.defaults_button.clicked.connect(self.reset_defaults)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(grid)
        layout.addLayout(params)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addWidget(buttons)
        with db.session() as session:
            self.set_criteria(load_criteria(session))
        self.resize(max(self.sizeHint().width(), 760), self.sizeHint().height())

    # -- values ---------------------------------------------------------------------
    def set_criteria(self, criteria: Criteria) -> None:
        """Show ``criteria`` in the widgets."""
        for code, combo in self.modes.items():
            rule = criteria.rule(code)
            combo.setCurrentIndex(max(combo.findData(rule.mode), 0))
            self.weights[code].setValue(rule.weight)
            self._mode_changed(code)
        self.grade_gap.setValue(criteria.grade_gap)
        self.min_score.setValue(criteria.min_score)

    def values(self) -> dict[str, Any]:
        """The edited values in the form ``Criteria.from_dict`` reads."""
        out: dict[str, Any] = {code: {"mode": combo.currentData(), "weight": self.weights[code].value()}
                               for code, combo in self.modes.items()}
        out["grade_gap"], out["min_score"] = self.grade_gap.value(), self.min_score.value()
        return out

    def reset_defaults(self) -> None:
        """Show the default criteria (stored only on «Сохранить»)."""
        self.set_criteria(Criteria())
        self._clear_errors()

    def _mode_changed(self, code: str) -> None:
        self.weights[code].setEnabled(self.modes[code].currentData() != "ignore")

    # -- saving -----------------------------------------------------------------------
    def _clear_errors(self) -> None:
        for widget in (*self.modes.values(), *self.weights.values(), self.grade_gap, self.min_score):
            widget.setStyleSheet("")
        self.message.hide()

    def _mark(self, field: str) -> None:
        by_label = {label: code for code, label in CRITERIA.items()}
        if field in by_label:
            self.modes[by_label[field]].setStyleSheet(_ERROR_STYLE)
            self.weights[by_label[field]].setStyleSheet(_ERROR_STYLE)
        elif field in _PARAM_FIELDS:
            getattr(self, _PARAM_FIELDS[field]).setStyleSheet(_ERROR_STYLE)
        elif field == "Критерии подбора":
            for code in CRITERIA:
                self.modes[code].setStyleSheet(_ERROR_STYLE)

    def save(self) -> bool:
        """Validate and store; on an error the message stays in the dialog and it stays open."""
        from app.services.matching import save_criteria

        self._clear_errors()
        try:
            criteria = Criteria.from_dict(self.values())
            with self.db.session() as session:
                self.saved = save_criteria(session, criteria=criteria)
        except AppError as exc:
            lines = []
            for issue in getattr(exc, "issues", []) or []:
                self._mark(issue.field or "")
                lines.append(f"• {issue.describe()}")
            if not lines:
                from ui.messages import error_text

                lines.append(error_text(exc))
            self.message.setText("Критерии не сохранены:\n" + "\n".join(lines))
            self.message.show()
            return False
        self.accept()
        return True


def edit_criteria(parent: QWidget | None, *, db: Any) -> Criteria | None:
    """Modal «Критерии подбора»; the saved Criteria, or None when cancelled."""
    dialog = CriteriaDialog(parent, db=db)
    try:
        return dialog.saved if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()


__all__ = ["GRADE_GAP_LABEL", "MIN_SCORE_LABEL", "CriteriaDialog", "edit_criteria"]
