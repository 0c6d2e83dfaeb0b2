"""Import of the mentee or mentor base from xlsx/csv: a preview naming rows and columns, then one transaction."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from pathlib import Path

from app.errors import Issue, ValidationError
from app.schemas import MenteeData, MentorData
from app.text import class_parallel, fold, format_date, full_name
from app.xlsx_columns import HEADER_SCAN_ROWS, KINDS, ColumnMap, column_issues, find_header, map_columns
from app.xlsx_read import read_rows
from app.xlsx_values import (is_empty, match_category, multi_line, parse_age_range, parse_date_cell,
                             parse_number, parse_status, parse_training, row_ranges, single_line, split_full_name,
                             split_tags)

Progress = Callable[[int, int], None]
PROGRESS_STEP = 500
INSERT_CHUNK = 2000


@dataclass
class PreviewRow:
    """One data row of the file: the record built from it, its issues, and a duplicate note."""

    row_number: int  # as in the spreadsheet (1-based)
    data: MenteeData | MentorData | None
    issues: list[Issue] = field(default_factory=list)
    duplicate_of: str | None = None  # «в файле, строка 12» or «уже в базе: Иванов Пётр Сергеевич, 14.03.2012»

    @property
    def has_errors(self) -> bool:
        return any(i.severity == "error" for i in self.issues)


@dataclass
class ImportPreview:
    """What an import would do; nothing has been written yet."""

    kind: str  # "mentees" | "mentors"
    source: str  # file name, for messages
    rows: list[PreviewRow] = field(default_factory=list)
    file_issues: list[Issue] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)  # recognised header -> field
    header_row: int | None = None

    def warnings(self) -> list[Issue]:
        return [i for i in self._all_issues() if i.severity != "error"]

    def errors(self) -> list[Issue]:
        return [i for i in self._all_issues() if i.severity == "error"]

    def _all_issues(self) -> list[Issue]:
        return self.file_issues + [i for r in self.rows for i in r.issues]

    def raise_for_errors(self) -> None:
        errors = self.errors()
        if errors:
            raise ValidationError(errors, source=self.source)

    def importable_rows(self, *, skip_duplicates: bool) -> list[PreviewRow]:
        return [r for r in self.rows if r.data is not None and not r.has_errors
                and not (skip_duplicates and r.duplicate_of)]

    def importable_count(self, *, skip_duplicates: bool) -> int:
        return len(self.importable_rows(skip_duplicates=skip_duplicates))

    def duplicate_count(self) -> int:
        return sum(1 for r in self.rows if r.duplicate_of)


@dataclass(frozen=True)
class ImportResult:
    added: int
    skipped: int


# -- one row -------------------------------------------------------------------

_VALIDATION_COLUMNS = {
    "Фамилия": ("last_name", "full_name"), "Имя": ("first_name", "full_name"),
    "Отчество": ("middle_name", "full_name"), "Дата рождения": ("birth",), "Год рождения": ("birth",),
    "Дата вхождения в программу": ("entry_date",), "Дата завершения программы": ("exit_date",),
    "Педагогический стаж": ("experience_years",), "Категория": ("category",), "Статус": ("status",),
    "Наставляемых одновременно": ("capacity",), "Желаемый возраст: от": ("desired_age",),
    "Желаемый возраст: до": ("desired_age",), "Желаемый возраст наставляемых": ("desired_age",),
    "Обучение: дата": ("training",),
}


@dataclass
class _Context:
    kind: str
    cols: ColumnMap
    categories: dict[str, str]  # folded -> reference spelling
    defaulted: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    unknown_categories: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))


class _RowReader:
    """Reads the cells of one row through the column map, collecting issues."""

    def __init__(self, ctx: _Context, cells: tuple, number: int) -> None:
        self.ctx, self.cells, self.row = ctx, cells, number
        self.issues: list[Issue] = []

    def get(self, name: str) -> object:
        for index, _title in self.ctx.cols.by_field.get(name, ()):
            value = self.cells[index] if index < len(self.cells) else None
            if not is_empty(value):
                return value
        return None

    def error(self, name: str, message: str, severity: str = "error") -> None:
        self.issues.append(Issue(message, field=self.ctx.cols.header(name) or name, row=self.row,
                                 severity=severity))

    def date(self, name: str, *, allow_year: bool = False) -> tuple[dt.date | None, int | None]:
        try:
            return parse_date_cell(self.get(name), allow_year=allow_year)
        except ValueError as exc:
            self.error(name, str(exc))
            return None, None

    def number(self, name: str, *, integer: bool) -> float | int | None:
        try:
            return parse_number(self.get(name), integer=integer)
        except ValueError as exc:
            self.error(name, str(exc))
            return None


def _names(r: _RowReader) -> dict:
    last, first, middle = (single_line(r.get(n)) for n in ("last_name", "first_name", "middle_name"))
    if not last and "full_name" in r.ctx.cols.by_field:
        last, first, middle = split_full_name(single_line(r.get("full_name")))
    return {"last_name": last, "first_name": first, "middle_name": middle}


def _category(r: _RowReader, group: str) -> str:
    text = single_line(r.get("category"))
    if text:
        known = match_category(text, r.ctx.categories)
        if known is None:
            r.ctx.unknown_categories[text].append(r.row)
            return text
        return known
    if r.ctx.kind == "mentees":
        default = "педагог" if group and class_parallel(group) is None else "обучающийся"
    else:
        default = "обучающийся" if class_parallel(group) is not None else "педагог"
    default = r.ctx.categories.get(fold(default), default)
    r.ctx.defaulted[default].append(r.row)
    return default


def _common(r: _RowReader) -> dict:
    values = _names(r)
    birth_date, birth_year = r.date("birth", allow_year=True)
    group = single_line(r.get("group_name"))
    values.update(birth_date=birth_date, birth_year=birth_date.year if birth_date else birth_year,
                  group_name=group, category=_category(r, group), contacts=single_line(r.get("contacts")),
                  entry_date=r.date("entry_date")[0], results=multi_line(r.get("results")),
                  case_url=single_line(r.get("case_url")), notes=multi_line(r.get("notes")),
                  experience_years=r.number("experience_years", integer=False))
    try:
        values["status"] = parse_status(r.ctx.kind, r.get("status"))
    except ValueError as exc:
        r.error("status", str(exc))
        values["status"] = None
    return values


def _mentee(r: _RowReader) -> MenteeData:
    values = _common(r)
    values.update(representative=single_line(r.get("representative")), requests=split_tags(r.get("requests")),
                  request_text=multi_line(r.get("request_text")), exit_date=r.date("exit_date")[0])
    if values["status"] is None:
        values["status"] = "finished" if values["exit_date"] else "active"
    return MenteeData(**values)


def _mentor(r: _RowReader) -> MentorData:
    values = _common(r)
    low, high, recognised = parse_age_range(r.get("desired_age"))
    if not recognised:
        text = single_line(r.get("desired_age"))
        r.error("desired_age", f"возраст «{text}» не распознан — перенесён в примечание", severity="warning")
        note = f"{r.ctx.cols.header('desired_age')}: {text}"
        values["notes"] = f"{values['notes']}\n{note}".strip()
    capacity = r.number("capacity", integer=True)
    training_date, training_document = parse_training(r.get("training"))
    values.update(workplace=single_line(r.get("workplace")), competencies=split_tags(r.get("competencies")),
                  achievements=multi_line(r.get("achievements")), interests=multi_line(r.get("interests")),
                  desired_age_min=low, desired_age_max=high, capacity=3 if capacity is None else capacity,
                  training_date=training_date, training_document=training_document,
                  partner_name=single_line(r.get("partner_name")), photo_url=single_line(r.get("photo_url")))
    if values["status"] is None:
        values["status"] = "active" if values["entry_date"] else "candidate"
    return MentorData(**values)


def _validation_issues(r: _RowReader, data: MenteeData | MentorData) -> list[Issue]:
    from app.validation import validate_mentee, validate_mentor

    found = validate_mentee(data) if isinstance(data, MenteeData) else validate_mentor(data)
    issues = []
    for issue in found:
        column, message = issue.field, issue.message
        for name in _VALIDATION_COLUMNS.get(issue.field or "", ()):
            if name in r.ctx.cols.by_field:
                column = r.ctx.cols.header(name)
                if name == "full_name":
                    message = (f"не указано: {issue.field.lower()} (ожидается «Фамилия Имя Отчество»)"
                               if message == "обязательное поле" else f"{issue.field.lower()}: {message}")
                break
        issues.append(Issue(message, field=column, row=r.row, severity=issue.severity))
    return issues


def _build_row(ctx: _Context, cells: tuple, number: int, data_indices: list[int]) -> PreviewRow | None:
    if all(index >= len(cells) or is_empty(cells[index]) for index in data_indices):
        return None  # an empty row (or one with only «№ п/п») is skipped silently
    reader = _RowReader(ctx, cells, number)
    data = _mentee(reader) if ctx.kind == "mentees" else _mentor(reader)
    issues = reader.issues + _validation_issues(reader, data)
    issues.sort(key=lambda i: i.severity != "error")
    return PreviewRow(row_number=number, data=data, issues=issues)


def _category_issues(ctx: _Context) -> list[Issue]:
    column = ctx.cols.header("category") or "Категория"
    issues = [Issue(f"категория не указана — подставлено «{name}»: строки {row_ranges(rows)}",
                    field=column, severity="warning") for name, rows in ctx.defaulted.items()]
    issues += [Issue(f"категории «{name}» нет в справочнике — сохранена как есть: строки {row_ranges(rows)}",
                     field=column, severity="warning") for name, rows in ctx.unknown_categories.items()]
    return issues


# -- duplicates ------------------------------------------------------------------

def _name_key(last: str, first: str, middle: str) -> tuple[str, str, str]:
    return fold(last), fold(first), fold(middle)


def _same_birth(a: tuple[dt.date | None, int | None], b: tuple[dt.date | None, int | None]) -> bool:
    if a[0] and b[0]:
        return a[0] == b[0]
    return a[1] == b[1]  # only a year known on one side (or nothing on both)


def _mark_duplicates(session, preview: ImportPreview) -> None:  # noqa: ANN001 - sqlmodel Session
    from sqlalchemy import select

    from db.models import Mentee, Mentor

    table = (Mentee if preview.kind == "mentees" else Mentor).__table__.c
    seen: dict[tuple, list[tuple[tuple, str]]] = defaultdict(list)
    query = select(table.last_name, table.first_name, table.middle_name, table.birth_date, table.birth_year,
                   table.archived_at)
    for last, first, middle, bdate, byear, archived_at in session.execute(query):
        birth = format_date(bdate) if bdate else (str(byear) if byear else "")
        text = ", ".join(p for p in (full_name(last, first, middle), birth) if p)
        where = "уже в базе (в архиве)" if archived_at else "уже в базе"
        seen[_name_key(last, first, middle)].append(((bdate, bdate.year if bdate else byear), f"{where}: {text}"))
    for row in preview.rows:
        data = row.data
        if data is None or not data.last_name:
            continue
        key = _name_key(data.last_name, data.first_name, data.middle_name)
        birth = (data.birth_date, data.birth_year)
        row.duplicate_of = next((text for other, text in seen[key] if _same_birth(birth, other)), None)
        if row.duplicate_of:
            column = next((t for t, f in preview.columns.items() if f in ("full_name", "last_name")), None)
            row.issues.append(Issue(f"возможный дубликат — {row.duplicate_of}", field=column,
                                    row=row.row_number, severity="warning"))
        seen[key].append((birth, f"в файле, строка {row.row_number}"))


def _is_numbering(cells: tuple) -> bool:
    """A row of column numbers «1, 2, 3, …» (numbers or digit text, increasing)."""
    numbers = []
    for value in cells:
        if is_empty(value):
            continue
        text = str(value).strip().rstrip(".")
        if isinstance(value, float) and value.is_integer():
            text = str(int(value))
        if not text.isdigit():
            return False
        numbers.append(int(text))
    return len(numbers) >= 2 and numbers == sorted(set(numbers)) and numbers[0] <= 2


# -- public API ------------------------------------------------------------------

def read_preview(*, session, kind: str, path: Path, progress: Progress | None = None) -> ImportPreview:  # noqa: ANN001
    """Read and check a base file; raises ValidationError only when the file itself is unusable."""
    from app.services.reference import names

    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}")
    path = Path(path)
    rows = read_rows(path, kind=kind, progress=progress)
    preview = ImportPreview(kind=kind, source=path.name)
    header_index = find_header(kind, rows)
    if header_index is None:
        title = "ФИО наставляемого" if kind == "mentees" else "ФИО наставника"
        message = ("в файле нет данных" if not any(any(not is_empty(c) for c in r) for r in rows) else
                   f"не найдена строка заголовков со столбцом «ФИО» («{title}») или «Фамилия» "
                   f"в первых {HEADER_SCAN_ROWS} строках")
        preview.file_issues.append(Issue(message))
        return preview
    preview.header_row = header_index + 1
    cols = map_columns(kind, rows[header_index])
    preview.columns = {title: name for name, items in cols.by_field.items() for _i, title in items}
    body = rows[header_index + 1:]
    preview.file_issues += column_issues(kind, cols, body)
    list_code = "mentee_category" if kind == "mentees" else "mentor_category"
    ctx = _Context(kind=kind, cols=cols, categories={fold(n): n for n in names(session, list_code=list_code)})
    indices = cols.data_indices()
    for offset, cells in enumerate(body):
        if progress is not None and offset % PROGRESS_STEP == 0:
            progress(offset, len(body))
        if offset == 0 and _is_numbering(cells):
            continue  # the «1 2 3 …» row that official forms put under the header
        row = _build_row(ctx, cells, header_index + 2 + offset, indices)
        if row is not None:
            preview.rows.append(row)
    preview.file_issues += _category_issues(ctx)
    if not preview.rows:
        preview.file_issues.append(Issue("под строкой заголовков нет ни одной записи", row=preview.header_row))
    _mark_duplicates(session, preview)
    if progress is not None:
        progress(len(body), len(body))
    return preview


_SKIP = {"consents", "id", "uuid", "archived", "partner_name"}


def _record(data: MenteeData | MentorData, now: dt.datetime, partner_id) -> dict:  # noqa: ANN001
    from db.models import new_uuid

    record = {}
    for f in fields(data):
        if f.name not in _SKIP:
            value = getattr(data, f.name)
            record[f.name] = list(value) if isinstance(value, tuple) else value
    if isinstance(data, MentorData):
        record["partner_id"] = partner_id(data.partner_name)
    record.update(uuid=new_uuid(), created_at=now, updated_at=now, archived_at=None)
    return record


def commit_import(session, *, preview: ImportPreview, skip_duplicates: bool,  # noqa: ANN001
                  progress: Progress | None = None) -> ImportResult:
    """Write every importable row in one transaction: all or nothing."""
    from sqlalchemy import insert

    from app.services.people import partner_id_for
    from db.engine import transaction
    from db.models import Mentee, Mentor, utcnow

    preview.raise_for_errors()
    rows = preview.importable_rows(skip_duplicates=skip_duplicates)
    skipped = sum(1 for r in preview.rows if r.duplicate_of and not r.has_errors) if skip_duplicates else 0
    model = Mentee if preview.kind == "mentees" else Mentor
    now, total = utcnow(), len(rows)
    partners: dict[str, int | None] = {}

    def partner_id(name: str) -> int | None:
        if not name:
            return None
        if fold(name) not in partners:
            partners[fold(name)] = partner_id_for(session, name=name)
        return partners[fold(name)]

    with transaction(session):
        for start in range(0, total, INSERT_CHUNK):
            if progress is not None:
                progress(start, total)
            chunk = [_record(r.data, now, partner_id) for r in rows[start:start + INSERT_CHUNK]]
            session.execute(insert(model), chunk)
        if progress is not None:
            progress(total, total)
    return ImportResult(added=total, skipped=skipped)

