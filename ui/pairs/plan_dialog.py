"""«ИПР…»: the individual development plan of each mentee of a pair/group — edit, save, print to PDF."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDialog, QHBoxLayout, QHeaderView, QLabel,
                               QPushButton, QTableView, QVBoxLayout, QWidget)

from app.errors import Issue, ValidationError
from app.text import format_date
from ui import file_dialogs, messages
from ui.people.person_form import STYLE, issue_line, note

from ui.pairs.plan_model import STATUS_COLUMN, WIDTHS, Line, PlanModel, StatusDelegate
from ui.widgets import fit_to_screen


def ask_save_path(parent: QWidget, default: str) -> Path | None:
    """The save-file dialog; tests replace this."""
    path, _filter = file_dialogs.getSaveFileName(parent, "Сохранить ИПР", default, "PDF (*.pdf)")
    if not path:
        return None
    return Path(path) if path.lower().endswith(".pdf") else Path(path + ".pdf")


def open_file(path: Path) -> None:
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


class PlanDialog(QDialog):
    """One pair/group's plan: a mentee selector, the lines, «Сохранить», «Просмотр / печать…», «Сохранить PDF…»."""

    def __init__(self, parent: QWidget | None, *, db: Any, group: Any, runner: Any = None) -> None:
        super().__init__(parent)
        self.db, self.group, self.runner = db, group, runner
        self.pdf_path: Path | None = None
        self.lines: dict[int, list[Line]] = {m: [] for m in group.mentee_ids}
        noun = "пары" if len(group.mentee_ids) == 1 else "группы"
        self.setWindowTitle(f"ИПР {noun} № {group.id}")
        self.setStyleSheet(STYLE)
        self.model = PlanModel(self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setItemDelegateForColumn(STATUS_COLUMN, StatusDelegate(self.view))
        self.view.selectionModel().currentChanged.connect(lambda *_: self.update_buttons())
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        triggers = QAbstractItemView.EditTrigger
        self.view.setEditTriggers(triggers.DoubleClicked | triggers.EditKeyPressed | triggers.AnyKeyPressed
                                  | triggers.SelectedClicked)
        self.view.setWordWrap(True)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for column, width in enumerate(WIDTHS):
            self.view.setColumnWidth(column, width)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.mentee_box = QComboBox(self)
        for mentee_id, name, klass in zip(group.mentee_ids, group.mentee_names,
                                          getattr(group, "mentee_groups", ()) or ("",) * len(group.mentee_ids)):
            self.mentee_box.addItem(f"{name} ({klass})" if klass else name, mentee_id)
        self.mentee_box.currentIndexChanged.connect(self._show_mentee)
        self.issues_label = QLabel(self, objectName="issues", wordWrap=True, visible=False)
        self.saved_label = note("")
        header = QLabel(f"Наставник: {group.mentor_name}" + (f"; форма: {group.form}" if group.form else ""), self)
        self.add_button, self.remove_button = QPushButton("Добавить", self), QPushButton("Удалить", self)
        self.up_button, self.down_button = QPushButton("Вверх", self), QPushButton("Вниз", self)
        self.save_button, self.print_button = QPushButton("Сохранить", self), QPushButton("Сохранить PDF…", self)
        self.preview_button = QPushButton("Просмотр / печать…", self)
        self.preview_button.setToolTip("Показать ИПР в программе и напечатать его")
        self.close_button = QPushButton("Закрыть", self)
        for button, slot in ((self.add_button, self.add_line), (self.remove_button, self.remove_line),
                             (self.up_button, lambda: self.move_line(-1)), (self.down_button, lambda: self.move_line(1)),
                             (self.save_button, self.save), (self.preview_button, self.preview),
                             (self.print_button, self.print_pdf),
                             (self.close_button, self.reject)):
            button.setAutoDefault(False)
            button.clicked.connect(lambda _checked=False, slot=slot: slot())
        edit_bar, bottom = QHBoxLayout(), QHBoxLayout()
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            edit_bar.addWidget(button)
        edit_bar.addStretch(1)
        bottom.addWidget(self.saved_label, 1)
        for button in (self.save_button, self.preview_button, self.print_button, self.close_button):
            bottom.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(header)
        if len(group.mentee_ids) > 1:
            row = QHBoxLayout()
            row.addWidget(QLabel("Наставляемый", self))
            row.addWidget(self.mentee_box, 1)
            layout.addLayout(row)
        else:
            self.mentee_box.hide()
        layout.addWidget(self.issues_label)
        layout.addLayout(edit_bar)
        layout.addWidget(self.view, 1)
        layout.addWidget(note("Даты — ДД.ММ.ГГГГ; у выполненной задачи без даты выполнения будет сегодняшняя."))
        layout.addLayout(bottom)
        fit_to_screen(self, 1100, 560)
        self.load()

    # -- data ------------------------------------------------------------------
    def load(self) -> None:
        from app.services.plans import list_plan

        with self.db.session() as session:
            items = list_plan(session, group_id=self.group.id)
        self.lines = {m: [] for m in self.group.mentee_ids}
        for i in items:
            self.lines.setdefault(i.mentee_id, []).append(Line(
                id=i.id, mentee_id=i.mentee_id, goal=i.goal, task=i.task, deadline=format_date(i.deadline),
                status=i.status, done_date=format_date(i.done_date), result=i.result))
        self._show_mentee()
        self.model.dirty = False

    def current_mentee(self) -> int:
        return self.mentee_box.currentData()

    def _show_mentee(self, *_args: Any) -> None:
        self.model.set_lines(self.lines.setdefault(self.current_mentee(), []))
        self.update_buttons()

    def collect(self) -> tuple[list[Any], list[Issue]]:
        """Every mentee's lines as ``PlanItemData``; unreadable dates become issues (row = line number)."""
        from app.services.plans import PlanItemData
        from app.text import parse_date

        names = dict(zip(self.group.mentee_ids, self.group.mentee_names))
        items, issues = [], []
        for mentee_id in self.group.mentee_ids:
            for row, line in enumerate(self.lines.get(mentee_id, []), start=1):
                dates = {}
                for field, label in (("deadline", "Срок"), ("done_date", "Дата выполнения")):
                    text = getattr(line, field)
                    try:
                        dates[field] = parse_date(text) if text.strip() else None
                    except ValueError as exc:
                        who = f"{names[mentee_id]}: " if len(self.group.mentee_ids) > 1 else ""
                        issues.append(Issue(who + str(exc), field=label, row=row))
                        dates[field] = None
                items.append(PlanItemData(id=line.id, mentee_id=mentee_id, goal=line.goal, task=line.task,
                                          deadline=dates["deadline"], status=line.status,
                                          done_date=dates["done_date"], result=line.result, position=row))
        return items, issues

    def show_issues(self, issues: list[Issue]) -> None:
        self.issues_label.setText("ИПР не сохранён — исправьте:\n" + "\n".join(f"• {issue_line(i)}" for i in issues))
        self.issues_label.show()
        self.saved_label.setText("")

    def editor(self) -> QWidget | None:
        """The cell editor open in the table, if any."""
        editors = [w for w in self.view.viewport().children() if isinstance(w, QWidget) and w.isVisibleTo(self)]
        return editors[0] if editors else None

    def commit_editor(self) -> None:
        """Store what is typed in an open cell editor (a click on «Сохранить» must not lose it)."""
        editor = self.editor()
        if editor is not None:
            self.view.commitData(editor)

    def save(self) -> bool:
        """Validate and store the whole plan; on errors the lines stay as typed and the issues show inline."""
        from app.services.plans import check_plan, save_plan

        self.commit_editor()
        items, issues = self.collect()
        try:
            with self.db.session() as session:
                if issues:  # unreadable dates: report them with everything else the service finds
                    try:
                        check_plan(session, group_id=self.group.id, items=items)
                    except ValidationError as exc:
                        issues += exc.issues
                    raise ValidationError(sorted(issues, key=lambda i: i.row or 0))
                save_plan(session, group_id=self.group.id, items=items)
        except ValidationError as exc:
            self.show_issues(exc.issues)
            return False
        except Exception as exc:  # noqa: BLE001
            messages.show_error(self, exc, title="ИПР не сохранён")
            return False
        self.issues_label.hide()
        row = self.view.currentIndex().row()
        self.load()
        if 0 <= row < self.model.rowCount():
            self.view.selectRow(row)
        self.saved_label.setText("Сохранено")
        return True

    # -- editing ---------------------------------------------------------------
    def update_buttons(self) -> None:
        row, count = self.view.currentIndex().row(), self.model.rowCount()
        self.remove_button.setEnabled(0 <= row < count)
        self.up_button.setEnabled(0 < row < count)
        self.down_button.setEnabled(0 <= row < count - 1)

    def add_line(self) -> None:
        row = self.view.currentIndex().row()
        row = row + 1 if row >= 0 else self.model.rowCount()
        self.commit_editor()
        self.model.insert_line(row, Line(mentee_id=self.current_mentee()))
        index = self.model.index(row, 1)
        self.view.setCurrentIndex(index)
        self.view.edit(index)
        self.saved_label.setText("")
        self.update_buttons()

    def remove_line(self) -> None:
        row = self.view.currentIndex().row()
        if 0 <= row < self.model.rowCount():
            self.model.remove_line(row)
            self.saved_label.setText("")
        self.update_buttons()

    def move_line(self, step: int) -> None:
        index = self.view.currentIndex()
        if self.model.move_line(index.row(), step):
            self.view.setCurrentIndex(self.model.index(index.row() + step, max(index.column(), 0)))
            self.saved_label.setText("")
        self.update_buttons()

    # -- printing --------------------------------------------------------------
    def default_name(self) -> str:
        surnames = ", ".join(n.split(" ")[0] for n in self.group.mentee_names)
        return f"ИПР — {surnames}.pdf"

    def preview(self) -> bool:
        """Save pending changes, render the plan to a preview file and show it in the app (print from there)."""
        from ui import pdf_preview

        self.commit_editor()
        if self.model.dirty and not self.save():
            return False
        path = pdf_preview.preview_dir() / pdf_preview.safe_file_name(self.default_name())

        def show(written: Path) -> None:
            self.preview_button.setEnabled(True)
            self.print_button.setEnabled(True)
            pdf_preview.show_pdf(self, path=written, title=self.default_name().removesuffix(".pdf"))

        return self._render(path, show)

    def print_pdf(self) -> bool:
        """Save pending changes, ask for the file, render the plan (in the background when there is a runner)."""
        self.commit_editor()
        if self.model.dirty and not self.save():
            return False
        path = ask_save_path(self, self.default_name())
        if path is None:
            return False
        return self._render(path, self._printed)

    def _render(self, path: Path, on_done: Any) -> bool:
        """Render the saved plan into ``path``, then ``on_done(path)``."""
        db, group_id = self.db, self.group.id

        def work(_progress: Any = None) -> Path:
            from app.documents.plan import render_plan
            from app.services.plans import plan_context

            with db.session() as session:
                context = plan_context(session, group_id=group_id)
            return render_plan(context=context, path=path)

        if self.runner is None:
            try:
                written = work()
            except Exception as exc:  # noqa: BLE001
                self._failed(exc)
                return False
            on_done(written)
            return True
        self.print_button.setEnabled(False)
        self.preview_button.setEnabled(False)
        self.runner.run(work, on_done=on_done, on_error=self._failed, title="Печать ИПР…", parent=self)
        return True

    def _failed(self, exc: BaseException) -> None:
        self.print_button.setEnabled(True)
        self.preview_button.setEnabled(True)
        messages.show_error(self, exc, title="PDF не записан")

    def _printed(self, path: Path) -> None:
        self.print_button.setEnabled(True)
        self.preview_button.setEnabled(True)
        self.pdf_path = path
        if messages.confirm(self, title="ИПР сохранён в PDF", text=f"Файл: {path}\n\nОткрыть PDF?", yes="Открыть",
                            no="Закрыть"):
            open_file(path)

    def reject(self) -> None:
        self.commit_editor()
        if self.model.dirty and not messages.confirm(self, title="ИПР", text="Изменения не сохранены. Закрыть без "
                                                                             "сохранения?", yes="Закрыть", no="Отмена"):
            return
        super().reject()


def open_plan(tab: Any) -> PlanDialog | None:
    """Open the plan of the one selected pair/group of the pairs tab."""
    from ui.pairs.pairs_tab import run_dialog

    groups = tab.selected_groups()
    if len(groups) != 1 or tab.db is None:
        return None
    dialog = PlanDialog(tab, db=tab.db, group=groups[0], runner=tab.runner)
    run_dialog(dialog)
    return dialog


__all__ = ["Line", "PlanDialog", "PlanModel", "StatusDelegate", "ask_save_path", "open_file", "open_plan"]
