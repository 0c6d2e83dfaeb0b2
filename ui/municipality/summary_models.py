"""Table models and data of the «Свод»: status matrix, indicators per school, municipal totals, a school's packages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from app.municipality.consolidate import AWAITING, LATE, OVERDUE, SUBMITTED, short_title
from app.text import format_date
from ui.pairs.models import Index, RowsModel

TREND_QUARTERS = 8
STATUS_LABELS = {SUBMITTED: "сдан", LATE: "сдан с опозданием", OVERDUE: "не сдан", AWAITING: "ожидается"}
STATUS_HINTS = {SUBMITTED: "Пакет получен не позже срока сдачи",
                LATE: "Пакет получен после срока сдачи",
                OVERDUE: "Пакета нет, а срок сдачи прошёл",
                AWAITING: "Пакета нет, срок сдачи ещё не наступил (или не установлен)"}
STATUS_ORDER = {OVERDUE: 0, AWAITING: 1, LATE: 2, SUBMITTED: 3}
STATUS_BACKGROUND = {SUBMITTED: QColor(200, 230, 201), LATE: QColor(255, 224, 178), OVERDUE: QColor(255, 205, 210),
                     AWAITING: QColor(230, 230, 230)}
BLACK = QBrush(QColor(0, 0, 0))
GREY = QBrush(QColor(120, 120, 120))
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_CENTER = int(Qt.AlignmentFlag.AlignCenter)


def number_text(value: float | int | None, digits: int = 1) -> str:
    """45 → «45,0»; None → «—» (a decimal comma, a true minus)."""
    if value is None:
        return "—"
    return f"{value:.{digits}f}".replace(".", ",").replace("-", "−")


def pct_text(value: float | None) -> str:
    """45.0 → «45,0 %»; None → «—»."""
    return "—" if value is None else f"{number_text(value)}\u00a0%"


def int_text(value: int | None) -> str:
    return "—" if value is None else str(value)


def datetime_text(value: dt.datetime | None) -> str:
    """«ДД.ММ.ГГГГ ЧЧ:ММ» of an already local time; empty for None."""
    return f"{format_date(value.date())} {value:%H:%M}" if value else ""


def value_text(value: Any) -> str:
    """An indicator of a school: «45,0 % (9 из 20)», «80,0 %» (surveys), «2 орг.» (partners), «—»."""
    if value is None:
        return "—"
    num, den, pct = value.numerator, value.denominator, value.percent
    if pct is not None:
        return f"{pct_text(pct)} ({num} из {den})" if num is not None and den is not None else pct_text(pct)
    if num is None:
        return "—"
    if value.code == "partners":
        return f"{num} орг."
    return f"— ({num} из {int_text(den)})"


def value_hint(value: Any) -> str:
    if value is None:
        return "Показателя нет в пакете"
    if value.percent is None and value.numerator is not None and value.code != "partners":
        return "Знаменатель не указан (или равен нулю) — доля не вычислена"
    if value.percent is not None and value.numerator is None:
        return "Доля по анкетам (числителя и знаменателя нет)"
    return ""


def indicator_title(code: str, title: str = "") -> str:
    """The definition's Russian title (a package may carry an older wording or only the code)."""
    from app.indicator_defs import BY_CODE

    definition = BY_CODE.get(code)
    return definition.title if definition is not None else (title or code)


def _none_last(value: Any) -> tuple[bool, Any]:
    return value is None, value if value is not None else 0


class StatusModel(RowsModel):
    """SchoolStatus rows: who reported the quarter, with a coloured status cell."""

    COLUMNS = ("Код", "Организация", "Тип", "Срок", "Статус", "Выгружен школой", "Получен", "Файл",
               "Повторных отправок")
    STATUS_COLUMN = 4

    def cells(self, row: Any) -> tuple[str, ...]:
        name = f"{row.name} (в архиве)" if row.archived else row.name
        resubmitted = str(row.resubmissions) if row.reported else ""
        return (row.code, name, row.kind, format_date(row.deadline), STATUS_LABELS[row.status],
                datetime_text(row.submitted_at), datetime_text(row.received_at), row.file_name, resubmitted)

    def sort_key(self, row: Any, column: int) -> Any:
        if column == 3:
            return _none_last(row.deadline)
        if column == 4:
            return STATUS_ORDER[row.status]
        if column == 5:
            return _none_last(row.submitted_at)
        if column == 6:
            return _none_last(row.received_at)
        if column == 8:
            return row.resubmissions
        return super().sort_key(row, column)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row, column = self._rows[index.row()], index.column()
        if column == self.STATUS_COLUMN:
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(STATUS_BACKGROUND[row.status])
            if role == Qt.ItemDataRole.ForegroundRole:
                return BLACK
            if role == Qt.ItemDataRole.ToolTipRole:
                return STATUS_HINTS[row.status]
        if role == Qt.ItemDataRole.ToolTipRole and column == 5 and row.submitted_at:
            return "Когда школа выгрузила первый пакет за квартал (по данным пакета): по этой дате решается, сдан ли " \
                   "отчёт в срок"
        if role == Qt.ItemDataRole.ToolTipRole and column == 7 and row.file_name:
            return f"{row.file_name}\nSHA-256: {row.sha_short}…" + ("\nс персональными данными (ФИО)"
                                                                    if row.personal_data else "")
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 8:
            return _CENTER
        if role == Qt.ItemDataRole.ForegroundRole and row.archived:
            return GREY
        return super().data(index, role)

    def row_of_school(self, school_id: int) -> int:
        return next((n for n, r in enumerate(self._rows) if r.school_id == school_id), -1)

    def school_id_at(self, row: int) -> int | None:
        return self._rows[row].school_id if 0 <= row < len(self._rows) else None


@dataclass(frozen=True)
class SchoolValues:
    """A school of the matrix with the indicators of its current package (empty when it did not report)."""

    status: Any  # SchoolStatus
    values: dict = field(default_factory=dict)  # code → IndicatorValue

    @property
    def school_id(self) -> int:
        return self.status.school_id


class SchoolIndicatorsModel(RowsModel):
    """One row per school, a column per indicator: «45,0 % (9 из 20)»; header tooltips give full titles."""

    FIXED = ("Код", "Организация", "Статус")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.codes: list[str] = []
        self.titles: dict[str, str] = {}
        self.COLUMNS = self.FIXED

    def set_data(self, *, codes: list[str], titles: dict[str, str], rows: list[SchoolValues]) -> None:
        self.beginResetModel()
        self.codes, self.titles = list(codes), dict(titles)
        self.COLUMNS = self.FIXED + tuple(short_title(c, titles.get(c, "")) for c in self.codes)
        if self._sort[0] >= len(self.COLUMNS):  # sorted by an indicator this quarter does not have
            self._sort = (0, Qt.SortOrder.AscendingOrder)
        self._all = list(rows)
        self._rows = self._sorted([r for r in self._all if self.accepts(r)])
        self.endResetModel()

    def cells(self, row: SchoolValues) -> tuple[str, ...]:
        st = row.status
        return (st.code, st.name, STATUS_LABELS[st.status], *(value_text(row.values.get(c)) for c in self.codes))

    def _value(self, row: SchoolValues, column: int) -> float | None:
        """What an indicator column sorts by: the percent, else the bare numerator; None when absent."""
        v = row.values.get(self.codes[column - len(self.FIXED)])
        if v is None:
            return None
        return v.percent if v.percent is not None else v.numerator

    def sort_key(self, row: SchoolValues, column: int) -> Any:
        if column == 2:
            return STATUS_ORDER[row.status.status]
        if column >= len(self.FIXED):
            return self._value(row, column) or 0
        return super().sort_key(row, column)

    def _sorted(self, rows: list[Any]) -> list[Any]:
        """Schools without the value stay at the bottom in either order."""
        column = self._sort[0]
        if column < len(self.FIXED) or column >= len(self.COLUMNS):
            return super()._sorted(rows)
        present = [r for r in rows if self._value(r, column) is not None]
        return super()._sorted(present) + [r for r in rows if self._value(r, column) is None]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row, column = self._rows[index.row()], index.column()
        if column >= len(self.FIXED) and column < len(self.COLUMNS):
            code = self.codes[column - len(self.FIXED)]
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return _RIGHT
            if role == Qt.ItemDataRole.ToolTipRole:
                v = row.values.get(code)
                return "\n".join(t for t in (self.titles.get(code, code), value_text(v), value_hint(v)) if t)
        if column == 2:
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(STATUS_BACKGROUND[row.status.status])
            if role == Qt.ItemDataRole.ForegroundRole:
                return BLACK
        return super().data(index, role)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (role == Qt.ItemDataRole.ToolTipRole and orientation == Qt.Orientation.Horizontal
                and len(self.FIXED) <= section < len(self.COLUMNS)):
            return self.titles.get(self.codes[section - len(self.FIXED)])
        return super().headerData(section, orientation, role)

    def school_id_at(self, row: int) -> int | None:
        return self._rows[row].school_id if 0 <= row < len(self._rows) else None

    def row_of_school(self, school_id: int) -> int:
        return next((n for n, r in enumerate(self._rows) if r.school_id == school_id), -1)


def counted_text(total: Any) -> str:
    """«3», or «3 из 4» when some schools carry the indicator without the numbers to count it."""
    return str(total.schools) if total.schools == total.reported else f"{total.schools} из {total.reported}"


class TotalsModel(RowsModel):
    """Municipal totals (TotalValue): summed numerators and denominators, the percent, how it was counted."""

    COLUMNS = ("Показатель", "Числитель", "Знаменатель", "%", "Учтено организаций", "Примечание")

    def cells(self, row: Any) -> tuple[str, ...]:
        return (row.title, int_text(row.numerator), int_text(row.denominator), pct_text(row.percent),
                counted_text(row), row.note)

    def sort_key(self, row: Any, column: int) -> Any:
        if column in (1, 2, 3, 4):
            return _none_last((None, row.numerator, row.denominator, row.percent, row.schools)[column])
        return super().sort_key(row, column)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.TextAlignmentRole and 1 <= index.column() <= 4:
            return _RIGHT
        if role == Qt.ItemDataRole.ForegroundRole and row.percent is None and row.numerator is None:
            return GREY
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 4:
            return (f"Учтено в итоге: {row.schools}; показатель есть в пакетах {row.reported} "
                    f"{'организации' if row.reported % 10 == 1 and row.reported % 100 != 11 else 'организаций'}")
        return super().data(index, role)


class DetailIndicatorsModel(RowsModel):
    """IndicatorValue rows of one school's current package."""

    COLUMNS = ("Показатель", "Числитель", "Знаменатель", "%")

    def cells(self, row: Any) -> tuple[str, ...]:
        return indicator_title(row.code, row.title), int_text(row.numerator), int_text(row.denominator), pct_text(
            row.percent)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole and index.isValid() and index.column() >= 1:
            return _RIGHT
        return super().data(index, role)


class PackagesModel(RowsModel):
    """PackageRef rows: the school's packages of the quarter, newest first."""

    COLUMNS = ("Получен", "Сформирован", "Файл", "Состояние", "Зашифрован", "ФИО", "SHA-256")

    def cells(self, row: Any) -> tuple[str, ...]:
        from app.municipality.consolidate import local_time

        return (datetime_text(row.received_at), datetime_text(local_time(row.created_at)), row.file_name,
                "текущий" if row.current else "заменён", "да" if row.encrypted else "нет",
                "есть" if row.personal_data else "нет", f"{row.sha256[:12]}…")

    def sort_key(self, row: Any, column: int) -> Any:
        if column in (0, 1):
            return row.received_at if column == 0 else row.created_at
        return super().sort_key(row, column)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 6:
            return row.sha256
        if role == Qt.ItemDataRole.ForegroundRole and not row.current:
            return GREY
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (4, 5):
            return _CENTER
        return super().data(index, role)


def previous_quarter(period: Any) -> Any:
    from app.periods import quarter_of

    return quarter_of(period.start - dt.timedelta(days=1))


def default_period(*, today: dt.date, current_deadline: dt.date | None) -> Any:
    """The current quarter once its deadline has passed, otherwise the last completed one."""
    from app.periods import quarter_of

    current = quarter_of(today)
    return current if current_deadline is not None and current_deadline <= today else previous_quarter(current)


@dataclass(frozen=True)
class SummaryData:
    """Everything the tab shows for a quarter (DTOs only; built in the background)."""

    period: Any
    deadline: dt.date | None
    statuses: list = field(default_factory=list)
    schools: list = field(default_factory=list)  # SchoolValues
    totals: list = field(default_factory=list)
    trend_periods: list = field(default_factory=list)
    trend: dict = field(default_factory=dict)


def load_summary(session, *, period: Any, today: dt.date) -> SummaryData:  # noqa: ANN001
    """Status matrix, indicators per school, totals and up to ``TREND_QUARTERS`` quarters of trend."""
    from app.municipality.consolidate import deadline_of, indicators_by_school, municipal_totals, status_matrix, trend

    statuses = status_matrix(session, period=period, today=today)
    values = {s.school_id: s.by_code() for s in indicators_by_school(session, period=period)}
    cache = {period.code: municipal_totals(session, period=period)}
    periods = [period]
    while len(periods) < TREND_QUARTERS:
        periods.insert(0, previous_quarter(periods[0]))
    lines = trend(session, periods=periods, cache=cache)
    empty = [all(line[n][1] is None for line in lines.values()) for n in range(len(periods))]
    first = next((n for n, blank in enumerate(empty) if not blank), len(periods) - 1)
    codes = [p.code for p in periods[first:]]
    lines = {code: line[first:] for code, line in lines.items()}
    return SummaryData(period, deadline_of(session, period=period), statuses,
                       [SchoolValues(s, values.get(s.school_id, {})) for s in statuses], cache[period.code], codes,
                       lines)


def matrix_counts(statuses: list[Any]) -> dict[str, int]:
    out = {SUBMITTED: 0, LATE: 0, OVERDUE: 0, AWAITING: 0}
    for s in statuses:
        out[s.status] += 1
    return out


def counts_line(statuses: list[Any]) -> str:
    """«Сдали в срок N · С опозданием N · Не сдали (срок прошёл) N · Ожидается N»."""
    n = matrix_counts(statuses)
    return (f"Сдали в срок {n[SUBMITTED]} · С опозданием {n[LATE]} · Не сдали (срок прошёл) {n[OVERDUE]} · "
            f"Ожидается {n[AWAITING]}")


__all__ = ["STATUS_LABELS", "TREND_QUARTERS", "DetailIndicatorsModel", "PackagesModel", "SchoolIndicatorsModel",
           "SchoolValues", "StatusModel", "SummaryData", "TotalsModel", "counted_text", "counts_line", "datetime_text",
           "default_period", "indicator_title", "int_text", "load_summary", "matrix_counts", "number_text", "pct_text",
           "previous_quarter", "value_text"]
