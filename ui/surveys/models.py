"""Table models of the «Анкеты» tab: survey templates and the responses of one template."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from app.schemas_surveys import RESPONDENTS, RESPONSE_SOURCES, SURVEY_PURPOSES, Question, ResponseRow, TemplateRow
from app.survey_rules import format_answer
from app.text import fold, format_date
from ui.pairs.models import GREY, RowsModel


class TemplateModel(RowsModel):
    """Survey templates; archived ones only when ``show_archived``, greyed."""

    COLUMNS = ("Название", "Кто отвечает", "Назначение", "Версия", "Вопросов", "Ответов")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.show_archived = False

    def cells(self, row: TemplateRow) -> tuple[str, ...]:
        title = row.title + (" (архив)" if row.archived else "")
        return (title, RESPONDENTS.get(row.respondent, row.respondent), SURVEY_PURPOSES.get(row.purpose, row.purpose),
                str(row.version), str(row.question_count), str(row.response_count))

    def sort_key(self, row: TemplateRow, column: int) -> Any:
        if column == 3:
            return row.version
        if column == 4:
            return row.question_count
        if column == 5:
            return row.response_count
        return super().sort_key(row, column)

    def accepts(self, row: TemplateRow) -> bool:
        return (self.show_archived or not row.archived) and super().accepts(row)

    def style(self, row: TemplateRow, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and row.archived:
            return GREY
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.description or None
        return None


class ResponseModel(RowsModel):
    """Responses of one template: fixed columns, then one per question of the current version.

    A response of an older version shows its answers by question key with that version's questions.
    """

    FIXED = ("Дата", "Респондент", "Роль", "Форма наставничества", "Источник")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.COLUMNS = self.FIXED
        self.questions: tuple[Question, ...] = ()
        self.versions: dict[int, tuple[Question, ...]] = {}
        self._cache: dict[int, tuple[str, ...]] = {}

    def set_template(self, questions: tuple[Question, ...], versions: dict[int, tuple[Question, ...]],
                     rows: list[ResponseRow]) -> None:
        """Columns and rows at once (the column count changes with the template)."""
        self.beginResetModel()
        self.questions, self.versions = tuple(questions), dict(versions)
        self.COLUMNS = self.FIXED + tuple(f"{n}. {q.text}" for n, q in enumerate(self.questions, start=1))
        self._cache = {}
        self._all = list(rows)
        self._rows = self._sorted([r for r in self._all if self.accepts(r)])
        self.endResetModel()

    def cells(self, row: ResponseRow) -> tuple[str, ...]:
        cached = self._cache.get(row.id)
        if cached is not None:
            return cached
        own = {q.key: q for q in self.versions.get(row.version, self.questions)}
        answers = tuple(format_answer(own.get(q.key, q), row.answers.get(q.key)) for q in self.questions)
        values = (format_date(row.answered_on), row.respondent_name, RESPONDENTS.get(row.respondent_role, ""),
                  row.group_form, RESPONSE_SOURCES.get(row.source, row.source)) + answers
        self._cache[row.id] = values
        return values

    def sort_key(self, row: ResponseRow, column: int) -> Any:
        if column == 0:
            return (row.answered_on, row.id)
        if column >= len(self.FIXED):
            value = row.answers.get(self.questions[column - len(self.FIXED)].key)
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                return (0, value, "")
            return (1, 0, fold(format_answer(None, value)))
        return super().sort_key(row, column)

    def style(self, row: ResponseRow, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole:
            current = {q.key for q in self.questions}
            own = self.versions.get(row.version, ())
            extra = [f"{q.text}: {format_answer(q, row.answers.get(q.key))}" for q in own
                     if q.key not in current and row.answers.get(q.key) is not None]
            head = f"Версия анкеты {row.version}"
            return "\n".join([head, *extra]) if extra or row.version != self.current_version() else None
        return None

    def current_version(self) -> int:
        return max(self.versions) if self.versions else 1

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (role == Qt.ItemDataRole.ToolTipRole and orientation == Qt.Orientation.Horizontal
                and len(self.FIXED) <= section < len(self.COLUMNS)):
            return self.questions[section - len(self.FIXED)].text
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and len(self.FIXED) <= section < len(self.COLUMNS):
            text = self.COLUMNS[section]
            return text if len(text) <= 28 else text[:26] + "…"
        return super().headerData(section, orientation, role)


__all__ = ["ResponseModel", "TemplateModel"]
