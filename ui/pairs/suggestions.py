"""Suggestions: mentors ranked for one mentee, and «Подобрать всем» with a review of the proposals."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QPushButton, QRadioButton,
                               QVBoxLayout, QWidget)

from ui import messages
from ui.pairs.models import ProposalModel, SuggestionModel
from ui.widgets import fit_to_screen

MODES = (("best", "Лучшее совпадение",
          "только хорошие сочетания; кому подходящего наставника нет, останется ждать"),
         ("cover", "Никого не оставить без наставника",
          "каждому ожидающему — наставник, пока есть свободные места, даже при невысокой оценке"))


def _reasons_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setStyleSheet("background: palette(alternate-base); border: 1px solid palette(mid); padding: 6px;")
    label.setMinimumHeight(label.fontMetrics().lineSpacing() * 3 + 14)
    label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    return label


class SuggestionsDialog(QDialog):
    """Mentors ranked for one mentee with their reasons; «Создать пару» picks one.

    Attributes:
        chosen_mentor_id: the mentor picked (after «Создать пару»).
    """

    def __init__(self, parent: QWidget | None, *, mentee: Any, suggestions: list[Any]) -> None:
        super().__init__(parent)
        from ui.pairs.views import make_view

        self.chosen_mentor_id: int | None = None
        self.setWindowTitle(f"Подбор наставника: {mentee.name}")
        self.model = SuggestionModel(self)
        self.model.set_rows(suggestions)
        self.view = make_view(self.model, self, (60, 230, 170, 120, 300), None)  # best first, as ranked
        self.view.setSelectionMode(self.view.SelectionMode.SingleSelection)
        requests = ", ".join(mentee.requests) or "не указаны"
        head = QLabel(f"<b>{mentee.name}</b>" + (f", {mentee.group_name}" if mentee.group_name else "")
                      + f"<br>Запросы: {requests}")
        self.reasons = _reasons_label()
        buttons = QDialogButtonBox()
        self.create_button = buttons.addButton("Создать пару", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("Закрыть", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.choose)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(head)
        if suggestions:
            layout.addWidget(self.view, 1)
            layout.addWidget(QLabel("Почему этот наставник:"))
            layout.addWidget(self.reasons)
        else:
            empty = QLabel("Подходящих наставников со свободными местами нет. Добавьте наставников, увеличьте "
                           "ёмкость или измените критерии (меню «Сервис → Критерии подбора…»).")
            empty.setWordWrap(True)
            layout.addWidget(empty, 1)
        layout.addWidget(buttons)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._show_reasons())
        self.view.doubleClicked.connect(lambda _i: self.choose())
        if suggestions:
            self.view.selectRow(0)
        self._show_reasons()
        fit_to_screen(self, 960, 520)

    def current(self) -> Any:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _show_reasons(self) -> None:
        row = self.current()
        self.create_button.setEnabled(row is not None)
        self.reasons.setText("; ".join(row.reasons) if row else "")

    def choose(self) -> bool:
        row = self.current()
        if row is None:
            return False
        self.chosen_mentor_id = row.mentor_id
        self.accept()
        return True


def suggest_for_mentee(tab: Any) -> None:
    """Rank mentors for the selected mentee in the background, then offer to create the pair."""
    from ui.pairs.pairs_tab import run_dialog

    mentees = tab.selected_mentees()
    if tab.db is None or len(mentees) != 1:
        messages.inform(tab, title="Подобрать наставника", text="Выберите одного наставляемого в списке слева.")
        return
    mentee, db = mentees[0], tab.db

    def work(_progress: Any) -> list:
        from app.services.matching import suggest_for_mentee as suggest

        with db.session() as session:
            return suggest(session, mentee_id=mentee.id, limit=20)

    def done(rows: list) -> None:
        dialog = SuggestionsDialog(tab, mentee=mentee, suggestions=rows)
        if run_dialog(dialog) and dialog.chosen_mentor_id is not None:
            tab.open_new_group(mentor_id=dialog.chosen_mentor_id, mentee_ids=[mentee.id])

    tab.runner.run(work, on_done=done, on_error=lambda exc: messages.show_error(tab, exc, title="Подбор наставника"),
                   title="Подбор наставника…", parent=tab)


class ModeDialog(QDialog):
    """«Подобрать всем»: choose the mode."""

    def __init__(self, parent: QWidget | None, *, waiting: int, free: int) -> None:
        super().__init__(parent)
        self.setWindowTitle("Подобрать наставников всем")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"Ожидают пару: {waiting}; свободных мест у наставников: {free}.\n"
                                "Закреплённые и уже созданные пары не меняются. Результат — список предложений: "
                                "их можно просмотреть и принять как черновики."))
        self.radios: dict[str, QRadioButton] = {}
        for code, title, hint in MODES:
            radio = QRadioButton(f"{title} — {hint}")
            layout.addWidget(radio)
            self.radios[code] = radio
        self.radios["best"].setChecked(True)
        buttons = QDialogButtonBox()
        buttons.addButton("Подобрать", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("Отмена", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def mode(self) -> str:
        return next(code for code, radio in self.radios.items() if radio.isChecked())


class ProposalsDialog(QDialog):
    """Review the proposals: check the ones to accept; «Принять отмеченные» creates drafts."""

    def __init__(self, parent: QWidget | None, *, db: Any, proposals: list[Any], mode: str) -> None:
        super().__init__(parent)
        from ui.pairs.views import make_view

        self.db = db
        self.created: list[int] = []
        self.setWindowTitle("Предложенные пары")
        self.model = ProposalModel(self)
        self.model.set_rows(proposals)
        self.view = make_view(self.model, self, (70, 220, 60, 220, 60, 300), (1, Qt.SortOrder.AscendingOrder))
        self.view.setSelectionMode(self.view.SelectionMode.SingleSelection)
        title = dict((c, t) for c, t, _h in MODES)[mode]
        self.head = QLabel()
        self.reasons = _reasons_label()
        check_all, uncheck_all = QPushButton("Отметить все"), QPushButton("Снять отметки")
        check_all.clicked.connect(lambda: self.model.set_all(True))
        uncheck_all.clicked.connect(lambda: self.model.set_all(False))
        self.model.dataChanged.connect(lambda *_: self._update())
        buttons = QDialogButtonBox()
        self.accept_button = buttons.addButton("Принять отмеченные", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("Отклонить", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.apply)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(check_all)
        row.addWidget(uncheck_all)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"Режим: «{title}». Отметьте пары, которые нужно сохранить черновиками."))
        layout.addLayout(row)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.reasons)
        layout.addWidget(self.head)
        layout.addWidget(buttons)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._update())
        self._update()
        fit_to_screen(self, 1000, 560)

    def _update(self) -> None:
        checked, total = len(self.model.checked), len(self.model.all_rows())
        self.head.setText(f"Отмечено {checked} из {total}")
        self.accept_button.setEnabled(checked > 0)
        rows = self.view.selectionModel().selectedRows()
        row = self.model.row_at(rows[0].row()) if rows else None
        self.reasons.setText(f"{row.mentee_name} → {row.mentor_name}: " + "; ".join(row.reasons) if row else
                             "Выберите строку, чтобы увидеть, почему предложен этот наставник.")

    def apply(self) -> bool:
        from app.services.matching import apply_suggestions

        chosen = self.model.checked_rows()
        if not chosen:
            return False
        try:
            with self.db.session() as session:
                from app.services.school import get_school
                from ui.pairs.group_dialog import academic_year_end

                today, school = dt.date.today(), get_school(session)
                end = academic_year_end(school.academic_year if school else "", today)
                self.created = apply_suggestions(session, proposals=chosen, start_date=today, planned_end_date=end)
        except Exception as exc:  # noqa: BLE001 - nothing stored: say why, keep the list
            messages.show_error(self, exc, title="Черновики не созданы")
            return False
        self.accept()
        return True


def suggest_all(tab: Any) -> list[int]:
    """Choose the mode, compute the assignment in the background, review, store the accepted drafts."""
    from ui.pairs.pairs_tab import run_dialog

    if tab.db is None:
        return []
    free = sum(m.free for m in tab.mentor_model.all_rows())
    choose = ModeDialog(tab, waiting=len(tab.waiting_model.all_rows()), free=free)
    if not run_dialog(choose):
        return []
    mode, db, created = choose.mode(), tab.db, []

    def work(progress: Any) -> list:
        from app.services.matching import suggest_all as compute

        with db.session() as session:
            return compute(session, mode=mode, progress=progress)

    def done(proposals: list) -> None:
        if not proposals:
            messages.inform(tab, title="Подбор наставников",
                            text="Предложить нечего: нет ожидающих, свободных мест или подходящих сочетаний.")
            return
        dialog = ProposalsDialog(tab, db=db, proposals=proposals, mode=mode)
        if run_dialog(dialog) and dialog.created:
            created.extend(dialog.created)
            tab.changed()
            tab.status_message.emit(f"Создано черновиков: {len(dialog.created)}")

    tab.runner.run(work, on_done=done, on_error=lambda exc: messages.show_error(tab, exc, title="Подбор наставников"),
                   title="Подбор наставников…", parent=tab, cancellable=True)
    return created


__all__ = ["ModeDialog", "ProposalsDialog", "SuggestionsDialog", "suggest_all", "suggest_for_mentee"]
