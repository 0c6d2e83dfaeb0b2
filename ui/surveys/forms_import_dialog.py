"""«Загрузить ответы из Яндекс Форм / Google Форм»: columns → questions, review of names, summary, import."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QFormLayout, QHBoxLayout, QLabel,
                               QPushButton, QStackedWidget, QVBoxLayout, QWidget)

from app.errors import Issue
from app.schemas_surveys import RESPONDENTS
from app.text import fold
from ui import file_dialogs, messages
from ui.people.person_form import STYLE, note
from ui.surveys import import_widgets as w
from ui.widgets import DateField, fit_to_screen

IGNORE = "— не загружать —"
ANON, SKIP_TEXT, OTHER_TEXT, OTHER = "— анонимно —", "— не загружать —", "— другой участник… —", "other"
STEPS = ("Сопоставление столбцов", "Проверка участников", "Итог")


def ask_open_path(parent: QWidget | None) -> Path | None:
    """The open-file dialog; tests pass the path directly."""
    path, _filter = file_dialogs.getOpenFileName(parent, "Файл с ответами формы", "",
                                                "Ответы формы (*.xlsx *.csv);;Все файлы (*)")
    return Path(path) if path else None


def ask_person(parent: QWidget | None, people: list[tuple[int, str]]) -> int | None:
    """Pick any person of the base (type to search); tests replace this."""
    from PySide6.QtWidgets import QInputDialog

    texts = [text for _id, text in people]
    text, ok = QInputDialog.getItem(parent, "Другой участник", "Фамилия и имя:", texts, 0, True)
    return next((pid for pid, t in people if t == text), None) if ok else None


class FormsImportDialog(QDialog):
    """Three steps over a file read once; nothing is stored until «Загрузить»."""

    def __init__(self, parent: QWidget | None, *, db: Any, template_id: int, runner: Any = None) -> None:
        super().__init__(parent)
        from ui.tasks import TaskRunner

        self.db, self.template_id = db, template_id
        self.runner = runner or getattr(parent, "runner", None) or TaskRunner(self)
        self.path: Path | None = None
        self.data: dict[str, Any] = {}
        self.table: Any = None
        self.matches: list[Any] = []
        self.plan: Any = None
        self.imported = 0
        self.setWindowTitle("Загрузка ответов из формы")
        self.setStyleSheet(STYLE)
        fit_to_screen(self, 980, 620)
        self.step_label = QLabel()
        self.step_label.setStyleSheet("font-weight: bold; font-size: 13pt;")
        self.file_label = note("")
        self.pages = QStackedWidget()
        for page in (self._columns_page(), self._people_page(), self._summary_page()):
            self.pages.addWidget(page)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for text, slot in (("← Назад", self.go_back), ("Далее →", self.go_next), ("Загрузить", self.do_import),
                           ("Отмена", self.reject)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        self.back_button, self.next_button, self.load_button = (buttons.itemAt(i).widget() for i in (1, 2, 3))
        layout = QVBoxLayout(self)
        for part in (self.step_label, self.file_label, self.pages):
            layout.addWidget(part, 1 if part is self.pages else 0)
        layout.addLayout(buttons)
        self.show_step(0)

    # -- pages -------------------------------------------------------------------------------------------------
    def _columns_page(self) -> QWidget:
        self.role_box, self.name_box, self.date_box = QComboBox(), QComboBox(), QComboBox()
        for code, text in RESPONDENTS.items():
            self.role_box.addItem(text, code)
        self.default_date = DateField()
        self.default_date.set_date(dt.date.today())
        date_row = QHBoxLayout()
        for widget, stretch in ((self.date_box, 1), (QLabel("если даты нет:"), 0), (self.default_date, 0)):
            date_row.addWidget(widget, stretch)
        form = QFormLayout()
        for label, field in (("Кто отвечал:", self.role_box), ("Фамилия и имя в столбце:", self.name_box),
                             ("Дата ответа в столбце:", date_row)):
            form.addRow(label, field)
        self.columns = w.table(["Столбец файла", "Примеры ответов", "Вопрос анкеты"], widths={0: 300, 1: 190},
                              stretch=(2,))
        return w.page(form, note("Выберите, на какой вопрос анкеты отвечает каждый столбец файла. "
                                "Выбор запомнится для следующих загрузок этой анкеты."), self.columns)

    def _people_page(self) -> QWidget:
        self.people_note = note("")
        self.show_exact = QCheckBox("Показать точные совпадения")
        self.show_exact.toggled.connect(self._filter_people)
        self.people = w.table(["Строка", "Как указано в форме", "Совпадение", "Участник"],
                             widths={0: 70, 2: 130}, stretch=(1, 3))
        return w.page(self.people_note, self.show_exact, self.people)

    def _summary_page(self) -> QWidget:
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.errors = w.table(["Строка", "Столбец", "Ошибка"], widths={0: 70, 1: 380})
        return w.page(self.summary, self.errors)

    def show_step(self, step: int) -> None:
        self.pages.setCurrentIndex(step)
        self.step_label.setText(f"Шаг {step + 1} из 3. {STEPS[step]}")
        self.back_button.setEnabled(step > 0)
        self.next_button.setVisible(step < 2)
        self.next_button.setEnabled(self.table is not None)
        self.load_button.setVisible(step == 2)
        self.load_button.setEnabled(step == 2 and self.plan is not None and not self.plan.errors
                                    and bool(self.plan.responses))

    # -- reading -----------------------------------------------------------------------------------------------
    def load_file(self, path: Path | None = None) -> bool:
        """Read ``path`` (or ask for a file) through the runner; False when no file was chosen."""
        path = path or ask_open_path(self.parentWidget())
        if path is None:
            return False
        self.path = Path(path)
        self.file_label.setText(f"Файл «{self.path.name}»: чтение…")
        db, template_id = self.db, self.template_id

        def work(progress: Any) -> dict[str, Any]:
            from app import forms_import as fi
            from app.services.surveys import get_import_mapping, get_template

            table = fi.read_form_file(path=self.path, progress=progress)
            with db.session() as session:
                template = get_template(session, template_id=template_id)
                remembered = get_import_mapping(session, template_id=template_id)
                people = {role: fi.load_candidates(session, role=role) for role in RESPONDENTS}
            table = fi.with_remembered_columns(table, remembered)
            mapping = fi.propose_mapping(table=table, questions=template.questions, remembered=remembered)
            return {"table": table, "template": template, "mapping": mapping, "people": people}

        self.runner.run(work, on_done=self._loaded, on_error=self._read_failed, title="Чтение файла…", parent=self)
        return True

    def _read_failed(self, exc: BaseException) -> None:
        messages.show_error(self, exc, title="Файл не загружен")
        self.file_label.setText("Файл не прочитан. Закройте окно и выберите другой файл.")

    def _loaded(self, data: dict[str, Any]) -> None:
        self.data, self.table = data, data["table"]
        table, template = self.table, data["template"]
        source = f" ({table.provider})" if table.provider else ""
        self.file_label.setText(f"Файл «{table.source}»{source}: {len(table.rows)} ответов. "
                                f"Анкета «{template.title}».")
        self.role_box.setCurrentIndex(max(0, self.role_box.findData(template.respondent)))
        self.name_box.clear()
        if len(table.name_cols) > 1:
            self.name_box.addItem(" + ".join(f"«{table.headers[i]}»" for i in table.name_cols), w.cols_text(table.name_cols))
        for index, header in enumerate(table.headers):
            self.name_box.addItem(header, str(index))
        self.name_box.addItem("— нет (анонимная анкета) —", "")
        self.name_box.setCurrentIndex(max(0, self.name_box.findData(w.cols_text(table.name_cols))))
        self.date_box.clear()
        for index, header in [*enumerate(table.headers), (-1, "— нет —")]:
            self.date_box.addItem(header, index)
        stamp = -1 if table.timestamp_col is None else table.timestamp_col
        self.date_box.setCurrentIndex(max(0, self.date_box.findData(stamp)))
        self.name_box.currentIndexChanged.connect(self._columns_changed)
        self.date_box.currentIndexChanged.connect(self._columns_changed)
        self._fill_columns()
        self.show_step(0)

    def _columns_changed(self) -> None:
        from dataclasses import replace

        names = tuple(int(i) for i in (self.name_box.currentData() or "").split(",") if i)
        stamp = self.date_box.currentData()
        stamp = None if stamp is None or stamp < 0 else stamp
        klass = self.table.class_col if self.table.class_col not in names and self.table.class_col != stamp else None
        ignored = tuple(i for i in self.table.ignored_cols if i not in names and i != stamp)
        self.table = replace(self.table, name_cols=tuple(names), timestamp_col=stamp, class_col=klass,
                             ignored_cols=ignored)
        self._fill_columns()

    def _fill_columns(self) -> None:
        table, questions = self.table, self.data["template"].questions
        mapping = dict(self.data["mapping"])
        if self.columns.rowCount():  # keep what the user chose before the name/date columns changed
            mapping.update({h: k for h, k in self.current_mapping().items() if k})
        meta = table.meta_cols()
        self.columns.setRowCount(0)
        self.columns.setRowCount(len(table.headers))
        for row, header in enumerate(table.headers):
            self.columns.setItem(row, 0, w.item(header, tip=header))
            examples = "; ".join(table.examples(row))
            self.columns.setItem(row, 1, w.item(examples, tip=examples))
            box = QComboBox()
            box.addItem(IGNORE, "")
            for number, q in enumerate(questions, start=1):
                box.addItem(f"{number}. {q.text}", q.key)
            box.setCurrentIndex(max(0, box.findData(mapping.get(header, ""))))
            box.setToolTip(box.currentText())
            box.currentTextChanged.connect(box.setToolTip)
            box.setMinimumContentsLength(30)
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            if row in meta:
                role = ("фамилия и имя" if row in table.name_cols else "дата ответа" if row == table.timestamp_col
                        else "класс" if row == table.class_col else "служебный столбец")
                box.clear()
                box.addItem(f"({role})", "")
                box.setEnabled(False)
            self.columns.setCellWidget(row, 2, box)
        self.columns.resizeRowsToContents()

    def current_mapping(self) -> dict[str, str]:
        boxes = [self.columns.cellWidget(row, 2) for row in range(len(self.table.headers))]
        return {h: b.currentData() if isinstance(b, QComboBox) else "" for h, b in zip(self.table.headers, boxes)}

    def role(self) -> str:
        return self.role_box.currentData()

    # -- people ------------------------------------------------------------------------------------------------
    def _match(self) -> None:
        from app.forms_match import match_respondents

        names = self.table.respondent_names()
        people = self.data["people"][self.role()]
        self.names_by_id = {p.id: (p.full_name, p.group) for p in people}
        self.runner.run(lambda progress: match_respondents(names=names, people=people),
                        on_done=self._matched, on_error=lambda e: messages.show_error(self, e),
                        title="Поиск участников…", parent=self)

    def _matched(self, matches: list[Any]) -> None:
        from app.forms_match import EXACT, MATCH_STATUSES

        table = self.table
        self.matches = matches if table.name_cols else []
        self.people.setRowCount(0)
        self.people.setRowCount(len(self.matches))
        for row, (number, m) in enumerate(zip(table.row_numbers, self.matches)):
            texts = [str(number), m.name or "(имя не указано)", MATCH_STATUSES[m.status]]
            texts += [self._person_text(m.chosen_id)] if m.status == EXACT else []
            for column, text in enumerate(texts):
                self.people.setItem(row, column, w.item(text))
            if m.status != EXACT:
                self._add_box(row, m)
        exact = sum(1 for m in self.matches if m.status == EXACT)
        self.people_note.setText(
            f"Найдено точно: {exact}. Требуют проверки: {len(self.matches) - exact} — выберите участника, «анонимно» "
            "(ответ войдёт в статистику без имени) или «не загружать»." if table.name_cols else
            "В файле нет столбца с именем: все ответы будут загружены анонимно.")
        self.show_exact.setText(f"Показать точные совпадения ({exact})")
        self._filter_people()

    def _person_text(self, person_id: int | None) -> str:
        name, group = self.names_by_id.get(person_id, ("", ""))
        return f"{name}, {group}" if group else name

    def _add_box(self, row: int, m: Any) -> None:
        from app.forms_import import SKIP
        from app.forms_match import PROBABLE

        box = QComboBox()
        for person_id, score in m.candidates:
            box.addItem(f"{self._person_text(person_id)} — {round(score * 100)} %", person_id)
        for text, data in ((ANON, None), (SKIP_TEXT, SKIP), (OTHER_TEXT, OTHER)):
            box.addItem(text, data)
        chosen = m.chosen_id is not None and m.status in (PROBABLE, "exact")
        box.setCurrentIndex(box.findData(m.chosen_id) if chosen else box.findData(SKIP))
        box.activated.connect(lambda _index, r=row: self._other_person(r))
        self.people.setCellWidget(row, 3, box)

    def _other_person(self, row: int) -> None:
        """«Другой участник…»: any person of the base, put first in the row's list."""
        from app.forms_import import SKIP

        box = self.people.cellWidget(row, 3)
        if box.currentData() != OTHER:
            return
        everyone = sorted(((pid, self._person_text(pid)) for pid in self.names_by_id), key=lambda p: fold(p[1]))
        person = ask_person(self, everyone)
        if person is None:
            box.setCurrentIndex(box.findData(SKIP))
            return
        if box.findData(person) < 0:
            box.insertItem(0, self._person_text(person), person)
        box.setCurrentIndex(box.findData(person))

    def _filter_people(self) -> None:
        from app.forms_match import EXACT

        show = self.show_exact.isChecked()
        for row, m in enumerate(self.matches):
            if m.status == EXACT and show and self.people.cellWidget(row, 3) is None:
                self._add_box(row, m)  # editable once shown
            self.people.setRowHidden(row, m.status == EXACT and not show)

    def choices(self) -> dict[int, Any]:
        if not self.table.name_cols:
            return {number: None for number in self.table.row_numbers}  # an anonymous form
        out = {}
        for row, number in enumerate(self.table.row_numbers):
            box = self.people.cellWidget(row, 3)
            out[number] = box.currentData() if isinstance(box, QComboBox) else self.matches[row].chosen_id
        return out

    # -- summary and import ------------------------------------------------------------------------------------
    def _plan_args(self) -> dict[str, Any]:
        return {"template_id": self.template_id, "mapping": self.current_mapping(), "choices": self.choices(),
                "respondent_role": self.role(), "default_date": self.default_date.date() or dt.date.today()}

    def _in_session(self, fn: Any, *, on_done: Any, title: str) -> None:
        """Run ``fn(session, progress)`` through the runner with a session of its own."""
        db = self.db

        def work(progress: Any) -> Any:
            with db.session() as session:
                return fn(session, progress)

        self.runner.run(work, on_done=on_done, on_error=lambda e: messages.show_error(self, e), title=title,
                        parent=self)

    def _summarize(self) -> None:
        from app.forms_import import plan_import

        table, args = self.table, self._plan_args()
        self._in_session(lambda session, _progress: plan_import(session, table=table, **args),
                         on_done=self._planned, title="Проверка ответов…")

    def _planned(self, plan: Any) -> None:
        self.plan = plan
        lines = plan.summary()
        if plan.errors:
            lines[-1] = f"<span style='color:#c62828'>{lines[-1]}</span>"
        self.summary.setText("<br>".join(lines))
        self._fill_errors(list(plan.errors))
        self.show_step(2)

    def _fill_errors(self, issues: list[Issue]) -> None:
        self.errors.setVisible(bool(issues))
        self.errors.setRowCount(len(issues))
        for row, issue in enumerate(issues):
            for column, text in enumerate(("" if issue.row is None else str(issue.row), issue.field or "",
                                           issue.message)):
                self.errors.setItem(row, column, w.item(text, tip=text))

    def go_next(self) -> None:
        step = self.pages.currentIndex()
        if step == 0:
            self.show_step(1)
            self._match()
        elif step == 1:
            self._summarize()

    def go_back(self) -> None:
        self.plan = None
        self.show_step(max(0, self.pages.currentIndex() - 1))

    def do_import(self) -> None:
        from app.forms_import import import_responses

        path, table, args = self.path, self.table, self._plan_args()
        self._in_session(lambda session, progress: import_responses(session, path=path, table=table,
                                                                    progress=progress, **args),
                         on_done=self._imported, title="Загрузка ответов…")

    def _imported(self, added: int) -> None:
        self.imported = added
        skipped = len(self.plan.duplicates) if self.plan else 0
        text = f"Загружено ответов: {added}."
        if skipped:
            text += f" Уже были загружены раньше и пропущены: {skipped}."
        messages.inform(self, title="Ответы загружены", text=text)
        self.accept()


def run_forms_import(parent: QWidget | None, *, db: Any, template_id: int, path: Path | None = None,
                     runner: Any = None) -> bool:
    """Ask for a file and import its responses into the template; True when something was stored."""
    dialog = FormsImportDialog(parent, db=db, template_id=template_id, runner=runner)
    if not dialog.load_file(path):
        return False
    return dialog.exec() == QDialog.DialogCode.Accepted and dialog.imported > 0


__all__ = ["FormsImportDialog", "ask_open_path", "run_forms_import"]
