"""«Начать из шаблона…»: the shipped roadmap templates with their source documents and item counts."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.schemas_roadmap import RoadmapTemplate
from app.text import plural
from ui import messages
from ui.pairs.models import RowsModel
from ui.pairs.views import make_view
from ui.widgets import fit_to_screen


def run_dialog(dialog: QDialog) -> bool:
    """``exec`` a dialog; tests replace this to drive dialogs without a modal loop."""
    return dialog.exec() == QDialog.DialogCode.Accepted


class EmptyYear(QWidget):
    """What an empty year shows instead of the table: the big «Начать из шаблона…» button."""

    def __init__(self, parent: QWidget | None, *, on_start: Any) -> None:
        super().__init__(parent)
        self.label = QLabel(self)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setWordWrap(True)
        self.button = QPushButton("Начать из шаблона…", self)
        self.button.setMinimumSize(280, 48)
        font = self.button.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.button.setFont(font)
        self.button.clicked.connect(lambda _c=False: on_start())
        hint = QLabel("или добавьте мероприятия вручную («Добавить», Ctrl+N), или загрузите их из Excel "
                      "(«Импорт из Excel…»)", self)
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #666;")
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addWidget(self.label)
        layout.addSpacing(12)
        layout.addLayout(row)
        layout.addSpacing(8)
        layout.addWidget(hint)
        layout.addStretch(3)

    def set_year(self, year: str) -> None:
        self.label.setText(f"<span style='font-size:13pt'>На {year} учебный год мероприятий дорожной карты "
                           "пока нет.</span><br>Начните с шаблона — мероприятия типовой дорожной карты получат "
                           "сроки этого года.")


class TemplateModel(RowsModel):
    """One template a row: its title, the seed document it was written from, the number of rows."""

    COLUMNS = ("Шаблон", "Строк", "Источник")

    def cells(self, row: RoadmapTemplate) -> tuple[str, ...]:
        return row.title, str(row.items), row.source

    def sort_key(self, row: RoadmapTemplate, column: int) -> Any:
        return row.items if column == 1 else super().sort_key(row, column)


class TemplateDialog(QDialog):
    """Choose a template for ``academic_year``; ``created`` is the number of items made after «Начать»."""

    def __init__(self, parent: QWidget | None, *, db: Any, academic_year: str,
                 templates: list[RoadmapTemplate], existing: int = 0) -> None:
        super().__init__(parent)
        self.db, self.academic_year, self.existing = db, academic_year, existing
        self.created = 0
        self.setWindowTitle("Начать дорожную карту из шаблона")
        heading = QLabel(f"<b>Дорожная карта на {academic_year} учебный год</b><br>"
                         "Выберите шаблон: его мероприятия будут добавлены в год со сроками этого года. "
                         "Повторяющиеся мероприятия («ежеквартально», «ежегодно») разворачиваются "
                         "в отдельные строки с датами. Всё добавленное можно затем изменить или удалить.", self)
        heading.setWordWrap(True)
        self.model = TemplateModel(self)
        self.model.set_rows(templates)
        self.view = make_view(self.model, self, (380, 60), sort=None)
        self.view.setWordWrap(True)
        self.view.setSelectionMode(self.view.SelectionMode.SingleSelection)
        self.view.doubleClicked.connect(lambda _i: self.start())
        self.view.horizontalHeader().sectionResized.connect(lambda *_: self.view.resizeRowsToContents())
        self.buttons = QDialogButtonBox(parent=self)
        self.start_button = self.buttons.addButton("Начать", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton("Отмена", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.start)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.buttons)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._update())
        if templates:
            self.view.selectRow(0)
        self._update()
        fit_to_screen(self, 1000, 420)

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self.view.resizeRowsToContents()  # wrapped titles and sources at the shown width

    def _update(self) -> None:
        self.start_button.setEnabled(self.chosen() is not None)

    def chosen(self) -> RoadmapTemplate | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def choose(self, code: str) -> None:
        for n in range(self.model.rowCount()):
            if self.model.row_at(n).code == code:
                self.view.selectRow(n)

    def confirm_merge(self, template: RoadmapTemplate) -> bool:
        """On a year that already has items: ask before adding the template's ones to them."""
        from app.services.roadmap import check_template_free, template_item_count

        if not self.existing:
            return True
        with self.db.session() as session:  # refused outright when started from it already
            check_template_free(session, template_code=template.code, academic_year=self.academic_year)
        adding = template_item_count(template_code=template.code, academic_year=self.academic_year)
        return messages.confirm(self, title="Начать из шаблона", yes="Добавить", text=(
            f"В {self.academic_year} уже {items_word(self.existing)}. Добавить ещё {adding} из шаблона "
            f"«{template.title}»? Номера могут повториться."))

    def start(self) -> bool:
        """Create the items (after a confirmation on a non-empty year); a ConflictError (already started from it)
        is shown and the dialog stays open."""
        from app.services.roadmap import start_from_template

        template = self.chosen()
        if template is None:
            return False
        try:
            if not self.confirm_merge(template):
                return False
            with self.db.session() as session:
                self.created = start_from_template(session, template_code=template.code,
                                                   academic_year=self.academic_year)
        except Exception as exc:  # noqa: BLE001 - shown to the user, the dialog stays open
            messages.show_error(self, exc, title="Шаблон не применён")
            return False
        self.accept()
        return True


def start_from_template(parent: QWidget, *, db: Any, academic_year: str, existing: int = 0) -> int:
    """Let the curator choose a template and start the year's roadmap; the number of items created (0: none)."""
    from app.services.roadmap import list_templates

    templates = list_templates()
    if not templates:
        messages.inform(parent, title="Шаблоны дорожной карты", text="Шаблоны дорожной карты не найдены.")
        return 0
    dialog = TemplateDialog(parent, db=db, academic_year=academic_year, templates=templates, existing=existing)
    return dialog.created if run_dialog(dialog) else 0


def items_word(n: int) -> str:
    return f"{n} {plural(n, 'мероприятие', 'мероприятия', 'мероприятий')}"


__all__ = ["EmptyYear", "TemplateDialog", "TemplateModel", "items_word", "run_dialog", "start_from_template"]
