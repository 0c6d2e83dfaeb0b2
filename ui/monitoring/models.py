"""Table models of the monitoring tab and its dialogs: indicators, people, federal figures, checks, exports."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from ui.pairs.models import RowsModel

RED = QBrush(QColor(198, 40, 40))
ORANGE = QBrush(QColor(230, 120, 0))
GREY = QBrush(QColor(120, 120, 120))
ROLES = {"mentee": "наставляемый", "mentor": "наставник"}
SEVERITIES = {"error": "Ошибка", "warning": "Предупреждение"}
COUNT_LABELS = (("mentees", "наставляемых"), ("mentors", "наставников"), ("groups", "пар и групп"),
                ("meetings", "встреч"), ("survey_responses", "анкет"), ("personal_records", "с ФИО"))
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def number_text(value: int | None) -> str:
    return "—" if value is None else str(value)


def short_hash(digest: str) -> str:
    """«c03d89e0…d4959226» — enough to compare by eye; the full value is in the tooltip."""
    return digest if len(digest) <= 20 else f"{digest[:8]}…{digest[-8:]}"


def size_text(size: int) -> str:
    """14813 → «14,5 КБ»."""
    if size < 1024:
        return f"{size} Б"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} КБ".replace(".", ",")
    return f"{size / 1024 / 1024:.1f} МБ".replace(".", ",")


def local_time_text(moment: dt.datetime) -> str:
    """A naive UTC timestamp as local «ДД.ММ.ГГГГ ЧЧ:ММ»."""
    local = moment.replace(tzinfo=dt.timezone.utc).astimezone() if moment.tzinfo is None else moment.astimezone()
    return local.strftime("%d.%m.%Y %H:%M")


def counts_text(counts: dict[str, int]) -> str:
    return ", ".join(f"{label} {counts[key]}" for key, label in COUNT_LABELS if key in counts)


class IndicatorModel(RowsModel):
    """IndicatorValue rows in the order of the definitions; notes about missing data are coloured."""

    COLUMNS = ("Показатель", "Числитель", "Знаменатель", "%", "Примечание")

    def cells(self, row: Any) -> tuple[str, ...]:
        from app.indicators import format_percent

        return (row.title, number_text(row.numerator), number_text(row.denominator), format_percent(row.percent),
                row.note)

    def style(self, row: Any, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.level == "municipality":
                return GREY
            if row.percent is None:
                return RED if "Контингент" in row.note else ORANGE
            if "Контингент" in row.note:
                return ORANGE  # computed, but with denominators of another period
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return None
        if role == Qt.ItemDataRole.ToolTipRole and row.level == "municipality":
            return "Показатель муниципального уровня"
        return None

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole and index.isValid() and 1 <= index.column() <= 3:
            return int(_RIGHT)
        return super().data(index, role)

    def row_of_code(self, code: str) -> int:
        return next((n for n in range(self.rowCount()) if self.row_at(n).code == code), -1)


class PeopleModel(RowsModel):
    """PersonRef rows: ФИО, роль, сведения."""

    COLUMNS = ("ФИО", "Роль", "Сведения")

    def cells(self, row: Any) -> tuple[str, ...]:
        return (row.name, ROLES.get(row.role, row.role), row.detail)


class FederalModel(RowsModel):
    """Rows (label, total, breakdown) of federal_stats."""

    COLUMNS = ("Участники", "Всего", "В том числе")

    def cells(self, row: Any) -> tuple[str, ...]:
        return row

    @staticmethod
    def rows_of(stats: dict) -> list[tuple[str, str, str]]:
        def parts(values: dict[str, int]) -> str:
            return "; ".join(f"{name}: {count}" for name, count in values.items()) or "—"

        return [("Наставляемые", str(stats["mentees"]["total"]), parts(stats["mentees"]["by_category"])),
                ("Наставники", str(stats["mentors"]["total"]), parts(stats["mentors"]["by_category"])),
                ("Пары", str(stats["pairs"]["total"]), parts(stats["pairs"]["by_form"])),
                ("Группы", str(stats["groups"]["total"]), parts(stats["groups"]["by_form"]))]


class CheckModel(RowsModel):
    """CheckItem rows, errors first (red) then warnings (orange)."""

    COLUMNS = ("Вид", "Что не так")

    def cells(self, row: Any) -> tuple[str, ...]:
        return (SEVERITIES.get(row.severity, row.severity), row.message)

    def style(self, row: Any, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole:
            return RED if row.severity == "error" else ORANGE
        if role == Qt.ItemDataRole.ToolTipRole and row.target:
            return "Дважды щёлкните или нажмите «Перейти», чтобы исправить"
        return None


class ExportModel(RowsModel):
    """ExportLogRow rows, newest first."""

    COLUMNS = ("Дата", "Период", "Файл", "Папка", "SHA-256", "Зашифрован", "ФИО", "Размер", "Состав")

    def cells(self, row: Any) -> tuple[str, ...]:
        from app.periods import parse_period

        try:
            period = parse_period(row.period).title
        except Exception:  # noqa: BLE001 - an odd code stays as is
            period = row.period
        return (local_time_text(row.created_at), period, row.file_name, row.folder, short_hash(row.sha256),
                "да" if row.encrypted else "НЕТ", "да" if row.personal_data else "нет", size_text(row.size),
                counts_text(row.counts))

    def sort_key(self, row: Any, column: int) -> Any:
        if column == 0:
            return row.created_at, row.id
        if column == 7:
            return row.size, row.id
        return super().sort_key(row, column), row.id

    def style(self, row: Any, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"SHA-256: {row.sha256}"
        if role == Qt.ItemDataRole.ForegroundRole and not row.encrypted:
            return ORANGE
        return None


__all__ = ["CheckModel", "ExportModel", "FederalModel", "IndicatorModel", "PeopleModel", "counts_text",
           "local_time_text", "number_text", "short_hash", "size_text"]
