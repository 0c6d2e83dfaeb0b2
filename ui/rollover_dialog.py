"""«Новый учебный год»: a wizard over app.rollover — years, classes, leavers' pairs, roadmap, summary, result."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (QAbstractItemView, QButtonGroup, QComboBox, QHBoxLayout, QHeaderView, QLabel,
                               QListWidget, QListWidgetItem, QRadioButton, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget, QWizard, QWizardPage)

from app.errors import ConflictError
from app.rollover import CHOICES, RolloverPlan, RolloverResult, kept_leavers
from app.schemas import GROUP_STATUSES
from app.services.rollover_pairs import continuing, planned_year_end
from app.text import format_date, plural
from ui import messages
from ui.widgets import fit_to_screen

Planner = Callable[[set[str]], RolloverPlan]  # leaving class keys → a fresh plan
Applier = Callable[[RolloverPlan, dict[int, str], str | None], Callable[[Callable[[int, int], None]], Any]]


def run_dialog(dialog: QWizard) -> bool:
    """``exec`` the wizard; tests replace this to drive it without a modal loop."""
    return dialog.exec() == QWizard.DialogCode.Accepted


def _people(n: int) -> str:
    return f"{n} {plural(n, 'ученик', 'ученика', 'учеников')}"


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.setItem(r, c, QTableWidgetItem(text))


def continuing_text(*, count: int, extended: int, planned_end: Any) -> str:
    """«Пары, которые продолжаются: 12 — окончание перенесено на 31.05.2028»."""
    if not count:
        return "Пары, которые продолжаются: нет"
    moved = f"окончание перенесено на {format_date(planned_end)}"
    if extended == count:
        return f"Пары, которые продолжаются: {count} — {moved}"
    if not extended:
        return f"Пары, которые продолжаются: {count} — окончание уже в новом году или не указано"
    return f"Пары, которые продолжаются: {count} — у {extended} из них {moved}"


def _label(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


class RolloverWizard(QWizard):
    """The stepped «Новый учебный год»; ``result_value`` holds the RolloverResult once done."""

    def __init__(self, *, plan: RolloverPlan, templates: list[tuple[str, str]], planner: Planner,
                 applier: Applier, runner: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan, self.planner, self.applier, self.runner = plan, planner, applier, runner
        self.result_value: RolloverResult | None = None
        self.setWindowTitle("Новый учебный год")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.setButtonText(QWizard.WizardButton.NextButton, "Далее >")
        self.setButtonText(QWizard.WizardButton.BackButton, "< Назад")
        self.setButtonText(QWizard.WizardButton.CancelButton, "Отмена")
        self.setButtonText(QWizard.WizardButton.FinishButton, "Готово")
        self.setButtonText(QWizard.WizardButton.CommitButton, "Перейти к новому году")
        self.years = self._years_page()
        self.classes = _ClassesPage(self)
        self.pairs = _PairsPage(self)
        self.roadmap = self._roadmap_page(templates)
        self.summary = _SummaryPage(self)
        self.done_page = self._result_page()
        for page in (self.years, self.classes, self.pairs, self.roadmap, self.summary, self.done_page):
            self.addPage(page)
        fit_to_screen(self, 760, 560)

    # --- simple pages ---
    def _years_page(self) -> QWizardPage:
        page = QWizardPage()
        page.setTitle(f"Переход с {self.plan.from_year} на {self.plan.to_year} учебный год")
        layout = QVBoxLayout(page)
        layout.addWidget(_label(
            "Мастер переведёт учеников (и наставников-учеников) в следующие классы (5А → 6А), отправит выпускников "
            "в архив, завершит или перенесёт их пары и начнёт дорожную карту нового года.\n\n"
            "Перед изменениями будет сделана резервная копия базы (папка «backups» рядом с базой). Отчёты и "
            "пакеты за прошедшие периоды после перехода дают те же цифры.\n\n"
            f"Учебный год в профиле школы станет «{self.plan.to_year}»."))
        layout.addStretch(1)
        return page

    def _roadmap_page(self, templates: list[tuple[str, str]]) -> QWizardPage:
        page = QWizardPage()
        page.setTitle("Дорожная карта нового года")
        layout = QVBoxLayout(page)
        layout.addWidget(_label(f"Создать дорожную карту на {self.plan.to_year} учебный год из шаблона:"))
        self.template_box = QComboBox()
        self.template_box.addItem("не создавать", None)
        for code, title in templates:
            done = " (уже создана)" if code in self.plan.roadmap_done else ""
            self.template_box.addItem(f"{title}{done}", code)
        if len(templates) and not self.plan.roadmap_done:  # a year that already has a roadmap: none by default
            self.template_box.setCurrentIndex(1)
        layout.addWidget(self.template_box)
        if self.plan.roadmap_done:
            warning = _label(f"На {self.plan.to_year} учебный год дорожная карта уже есть: шаблон добавит к ней "
                             "ещё мероприятия (номера могут повториться). Обычно здесь выбирают «не создавать».")
            warning.setStyleSheet("color: #e65100;")
            layout.addWidget(warning)
        layout.addWidget(_label("Мероприятия шаблона получат даты нового учебного года; их можно изменить на "
                                "вкладке «Дорожная карта»."))
        layout.addStretch(1)
        return page

    def _result_page(self) -> QWizardPage:
        page = QWizardPage()
        page.setTitle("Новый учебный год начат")
        layout = QVBoxLayout(page)
        self.result_label = _label("")
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.result_label)
        layout.addStretch(1)
        return page

    # --- state shared by the pages ---
    def replan(self, leaving: set[str]) -> None:
        try:
            self.plan = self.planner(leaving)
        except Exception as exc:  # noqa: BLE001 - shown, the old plan kept
            messages.show_error(self, exc, title="Новый учебный год")

    def template_code(self) -> str | None:
        return self.template_box.currentData()

    def start(self) -> None:
        """Run the rollover through the runner; the result page follows on success."""
        work = self.applier(self.plan, self.pairs.choices(), self.template_code())
        self.runner.run(work, on_done=self._done, on_error=self._failed, title="Переход к новому учебному году…",
                        parent=self)

    def _done(self, result: RolloverResult) -> None:
        self.result_value = result
        r = result
        kept = f"; остались в программе (пара перенесена): {r.kept}" if r.kept else ""
        self.result_label.setText(
            f"Учебный год школы: {r.to_year}.\n"
            f"Переведено в следующий класс: {_people(r.moved)}; выпускников в архиве: {r.left}{kept}.\n"
            f"Пар завершено: {r.pairs_ended}; черновиков удалено: {r.drafts_deleted}; "
            f"пар выпускников перенесено: {r.pairs_carried}.\n"
            f"{continuing_text(count=r.continuing, extended=r.extended, planned_end=r.planned_end)}.\n"
            f"Мероприятий дорожной карты создано: {r.roadmap_items}.\n\n"
            f"Резервная копия базы до перехода:\n{r.backup_path}")
        if not self.summary.validating:  # a background run finished: move on to the result page
            QTimer.singleShot(0, self.next)

    def _failed(self, exc: BaseException) -> None:
        self.summary.running = False
        messages.show_error(self, exc, title="Новый учебный год")


class _ClassesPage(QWizardPage):
    """Class moves and the checkable list of classes that leave school."""

    def __init__(self, wizard: RolloverWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle("Классы и выпускники")
        layout = QHBoxLayout(self)
        left = QVBoxLayout()
        left.addWidget(QLabel("Переход классов:"))
        self.table = _table(["Класс", "Учеников", "Станет"])
        left.addWidget(self.table)
        self.note = _label("")
        left.addWidget(self.note)
        right = QVBoxLayout()
        right.addWidget(_label("Выпускные классы (ученики уходят в архив):"))
        self.list = QListWidget()
        for c in wizard.plan.classes:
            item = QListWidgetItem(f"{c.from_class} — {_people(c.count)}")
            item.setData(Qt.ItemDataRole.UserRole, c.key)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if c.leaving else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.list.itemChanged.connect(self._changed)
        right.addWidget(self.list)
        layout.addLayout(left, 3)
        layout.addLayout(right, 2)
        self._show()

    def leaving(self) -> set[str]:
        items = (self.list.item(i) for i in range(self.list.count()))
        return {it.data(Qt.ItemDataRole.UserRole) for it in items if it.checkState() == Qt.CheckState.Checked}

    def _changed(self, _item: QListWidgetItem) -> None:
        self.w.replan(self.leaving())
        self._show()

    def _show(self) -> None:
        plan = self.w.plan
        _fill(self.table, [[c.from_class, str(c.count), "выпуск (архив)" if c.leaving else
                            (c.to_class if c.to_class != c.from_class else f"{c.to_class} (остаётся)")]
                           for c in plan.classes])
        mentors = sum(1 for lv in plan.leavers if lv.role == "mentor")
        of = f" (из них наставников-учеников: {mentors})" if mentors else ""
        notes = [f"Выпускников: {len(plan.leavers)}{of}; переводятся: {_people(plan.moved)}.",
                 "Наставники-ученики переходят вместе со своим классом; педагоги не переводятся."]
        if plan.staff:
            notes.append(f"Педагогов и взрослых среди наставляемых: {plan.staff} — их класс не меняется.")
        if plan.unparsed:
            names = ", ".join(f"{n} («{g}»)" for _, n, g in plan.unparsed[:5])
            more = "…" if len(plan.unparsed) > 5 else ""
            notes.append(f"Класс не распознан, останется как есть: {names}{more}.")
        self.note.setText("\n".join(notes))


class _PairsPage(QWizardPage):
    """End or carry the leavers' active pairs: all at once or each one."""

    def __init__(self, wizard: RolloverWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle("Пары выпускников")
        layout = QVBoxLayout(self)
        self.intro = _label("")
        layout.addWidget(self.intro)
        self.mode = QButtonGroup(self)
        row = QHBoxLayout()
        for n, text in enumerate(("Завершить все", "Перенести все", "Выбрать для каждой пары")):
            button = QRadioButton(text)
            self.mode.addButton(button, n)
            row.addWidget(button)
        row.addStretch(1)
        self.mode.button(0).setChecked(True)
        self.mode.idToggled.connect(lambda _id, on: on and self._apply_mode())
        layout.addLayout(row)
        self.table = _table(["Наставник", "Наставляемые", "Форма", "Статус", "Решение"])
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Fixed)
        probe = QComboBox()
        probe.addItems([*CHOICES.values(), "продолжает работу"])
        self.table.setColumnWidth(4, max(probe.sizeHint().width(), header.sectionSizeHint(4)) + 8)
        layout.addWidget(self.table)
        self.boxes: dict[int, QComboBox] = {}

    def initializePage(self) -> None:  # noqa: N802 - Qt override
        pairs = self.w.plan.pairs
        self.intro.setText(
            f"Действующих пар и групп у выпускников: {len(pairs)}.\n"
            f"«Завершить» — пара закрывается {format_date(self.w.plan.year_end)} с причиной «окончание обучения», "
            "выпускник уходит в архив; черновик удаляется.\n"
            "«Перенести в новый год» — ученик остаётся в базе, пара продолжается (класс не меняется).\n"
            "Группа, где остаются другие ученики со своим наставником, продолжает работу."
            if pairs else "У выпускников нет действующих пар — этот шаг можно пропустить.")
        self.table.setRowCount(len(pairs))
        self.boxes = {}
        for r, p in enumerate(pairs):
            for c, text in enumerate((p.mentor, p.mentees, p.form, GROUP_STATUSES.get(p.status, p.status))):
                self.table.setItem(r, c, QTableWidgetItem(text))
            box = QComboBox()
            if p.mixed:
                box.addItem("продолжает работу", "carry")
                box.setEnabled(False)
            else:
                for code, text in CHOICES.items():
                    box.addItem(text, code)
            self.table.setCellWidget(r, 4, box)
            self.boxes[p.group_id] = box
        self._apply_mode()

    def _apply_mode(self) -> None:
        mode = self.mode.checkedId()
        for box in self.boxes.values():
            if box.count() > 1:
                if mode in (0, 1):
                    box.setCurrentIndex(box.findData("end" if mode == 0 else "carry"))
                box.setEnabled(mode == 2)

    def choices(self) -> dict[int, str]:
        return {gid: box.currentData() for gid, box in self.boxes.items()}


class _SummaryPage(QWizardPage):
    """What will be done; its commit button runs the rollover."""

    def __init__(self, wizard: RolloverWizard) -> None:
        super().__init__()
        self.w = wizard
        self.running = self.validating = False
        self.setTitle("Проверьте и подтвердите")
        self.setCommitPage(True)
        layout = QVBoxLayout(self)
        self.text = _label("")
        layout.addWidget(self.text)
        layout.addStretch(1)

    def initializePage(self) -> None:  # noqa: N802 - Qt override
        plan, choices = self.w.plan, self.w.pairs.choices()
        ended = sum(1 for c in choices.values() if c == "end")
        drafts = sum(1 for p in plan.pairs if choices.get(p.group_id) == "end" and p.status == "draft"
                     and not p.has_meetings)
        kept = len(kept_leavers(plan, choices))
        stay = f"; остаются в программе с перенесённой парой: {kept}" if kept else ""
        draft_text = f" (из них черновиков — удаляются: {drafts})" if drafts else ""
        leaving = ", ".join(c.from_class for c in plan.leaving) or "нет"
        template = self.w.template_box.currentText() if self.w.template_code() else "не создаётся"
        count, extended = continuing(plan, choices)
        going_on = continuing_text(count=count, extended=extended, planned_end=planned_year_end(plan.to_year))
        self.text.setText(
            f"Переход с {plan.from_year} на {plan.to_year} учебный год.\n\n"
            f"• Сначала — резервная копия базы.\n"
            f"• В следующий класс: {_people(plan.moved)} ({len(plan.moves)} классов).\n"
            f"• Выпускные классы: {leaving}. В архив со статусом «выпускник»: "
            f"{_people(len(plan.leavers) - kept)} (дата выбытия {format_date(plan.year_end)}){stay}.\n"
            f"• Пары выпускников: завершить {ended}{draft_text}, перенести {len(choices) - ended}.\n"
            f"• {going_on}.\n"
            f"• Дорожная карта {plan.to_year}: {template}.\n\n"
            "Нажмите «Перейти к новому году». Прежние классы сохраняются в истории учеников, отчёты за прошлые "
            "периоды не изменятся.")

    def validatePage(self) -> bool:  # noqa: N802 - Qt override
        if self.w.result_value is not None:
            return True
        if not self.running:
            self.running, self.validating = True, True
            try:
                self.w.start()
            finally:
                self.validating = False
        return self.w.result_value is not None


def _templates() -> list[tuple[str, str]]:
    from app.services.roadmap import list_templates

    return [(t.code, t.title) for t in list_templates()]


def run_rollover(window: Any) -> bool:
    """«Сервис → Новый учебный год…»: plan, ask through the wizard, apply; True when the year was changed."""
    from app.rollover import apply_rollover, plan_rollover
    from app.settings import load_settings

    db = window.db

    def planner(leaving: set[str] | None) -> RolloverPlan:
        with db.session() as session:
            return plan_rollover(session, leaving_classes=leaving)

    try:
        plan = planner(None)
        with db.session() as session:
            keep = load_settings(session).backup_keep
    except ConflictError as exc:  # too early, or the year was changed already: a notice, not a failure
        messages.inform(window, title="Новый учебный год", text=messages.error_text(exc))
        return False
    except Exception as exc:  # noqa: BLE001
        messages.show_error(window, exc, title="Новый учебный год")
        return False

    def applier(chosen: RolloverPlan, choices: dict[int, str], template: str | None):  # noqa: ANN202
        def work(progress: Callable[[int, int], None]) -> RolloverResult:
            with db.session() as session:
                return apply_rollover(session, plan=chosen, db_path=db.path, pair_choices=choices,
                                      roadmap_template=template, backup_keep=keep, progress=progress)
        return work

    wizard = RolloverWizard(plan=plan, templates=_templates(), planner=planner, applier=applier,
                            runner=window.runner, parent=window)
    run_dialog(wizard)
    if wizard.result_value is None:
        return False
    window.data_changed.emit()
    window.refresh_title()
    return True
