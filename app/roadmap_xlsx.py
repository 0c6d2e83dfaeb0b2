"""Roadmap import/export in the roadmap column layout (№ п/п | Наименование мероприятия | Срок | … | Подтверждение)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import select
from sqlmodel import Session

from app.errors import Issue, ValidationError
from app.roadmap_rules import print_order, resolve_deadline, shift_years, start_year
from app.schemas_roadmap import COLUMNS, STATUSES, RoadmapItemData, RoadmapRow
from app.services import roadmap as service
from app.text import format_date
from app.roadmap_xlsx_read import file_year, header_columns, parse_evidence, parse_status, read_rows
from app.xlsx_values import cell_text, is_empty, parse_date_cell, single_line
from db.engine import transaction
from db.models import School
from db.models_lifecycle import RoadmapItem

WIDTHS = (8, 60, 22, 28, 30, 16, 34)
TITLE = "Дорожная карта реализации целевой модели наставничества на {year} учебный год"
_SECTION_NUMBER = re.compile(r"^\d+\.?$")


def school_name(session: Session) -> str:
    row = session.execute(select(School.full_name, School.short_name)).first()
    return (row[0] or row[1]) if row else ""


def evidence_text(row: RoadmapRow) -> str:
    """«№ 12 от 30.08.2026; примечание; файл: C:/…/приказ.pdf» (parts that are empty are left out)."""
    head = ""
    if row.evidence_number:
        head = f"№ {row.evidence_number}"
    if row.evidence_date:
        head = f"{head} от {format_date(row.evidence_date)}".strip()
    path = f"файл: {row.evidence_path}" if row.evidence_path else ""
    return "; ".join(part for part in (head, row.evidence_note, path) if part)


def status_text(row: RoadmapRow) -> str:
    """«выполнено 26.11.2026» (with the completion date), else the status as a word."""
    text = STATUSES.get(row.status, row.status)
    return f"{text} {format_date(row.done_date)}" if row.status == "done" and row.done_date else text


def deadline_text(row: RoadmapRow) -> str:
    """The «Срок» cell: the text, with «(до ДД.ММ.ГГГГ)» when the text alone would give another date."""
    text = row.deadline_text
    if row.deadline is None:
        return text
    if not text:
        return format_date(row.deadline)
    implied = resolve_deadline(text, row.academic_year)
    if len(implied) == 1 and implied[0][0] == row.deadline:
        return text
    return f"{text} (до {format_date(row.deadline)})"


def table_row(row: RoadmapRow) -> tuple[str, ...]:
    """One item as the seven cells of ``COLUMNS``."""
    return (row.number, row.title, deadline_text(row), row.responsible, row.result,
            status_text(row), evidence_text(row))


def row_height(values: tuple, widths: tuple = WIDTHS, *, line: float = 15.0) -> float:
    """Points for a row of wrapped cells: the most lines any cell needs at its column width (Calibri 11)."""
    lines = 1
    for value, width in zip(values, widths):
        per_line = max(1.0, width / 1.15 - 1)  # Cyrillic letters are wider than the «0» a width unit measures
        need = sum(max(1, -(-len(part) // int(per_line))) for part in str(value or "").split("\n"))
        lines = max(lines, need)
    return round(lines * line + 3, 1)


def write_table(ws, *, rows: list[RoadmapRow], first_row: int,  # noqa: ANN001 - an openpyxl worksheet
                mark_overdue: bool = False) -> int:
    """Header and items (with section heading rows) from ``first_row``; the number of the last row written.

    Items come grouped by section in № order; ``mark_overdue`` adds «(просрочено)» to the status (the report)."""
    from openpyxl.styles import Alignment, Border, Font, Side

    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")
    for col, header in enumerate(COLUMNS, start=1):
        cell = ws.cell(row=first_row, column=col, value=header)
        cell.font, cell.alignment, cell.border = Font(bold=True), Alignment(wrap_text=True, vertical="center",
                                                                               horizontal="center"), border
    ws.row_dimensions[first_row].height = row_height(COLUMNS)
    current, section = first_row, None
    for item in print_order(rows):
        if item.section and item.section != section:
            section = item.section
            current += 1
            head = ws.cell(row=current, column=1, value=section)
            head.font, head.alignment = Font(bold=True), Alignment(wrap_text=True, vertical="top")
            ws.merge_cells(start_row=current, start_column=1, end_row=current, end_column=len(COLUMNS))
            ws.row_dimensions[current].height = row_height((section,), (sum(WIDTHS),))
        current += 1
        values = table_row(item)
        if mark_overdue and item.overdue:
            values = (*values[:5], f"{values[5]} (просрочено)", values[6])
        ws.row_dimensions[current].height = row_height(values)
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row=current, column=col, value=value or None)
            cell.alignment, cell.border = wrap, border
            cell.data_type = "s" if value else cell.data_type
        if item.overdue:
            ws.cell(row=current, column=6).font = Font(bold=True, color="C00000")
    return current


def new_sheet(wb, *, title: str, heading: list[str]):  # noqa: ANN001, ANN201 - openpyxl objects
    """The active sheet prepared for the table: widths, title lines merged above, A4 landscape."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    ws = wb.active
    ws.title = title
    for index, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    for n, text in enumerate(heading, start=1):
        cell = ws.cell(row=n, column=1, value=text)
        cell.font = Font(bold=(n == 1), size=13 if n == 1 else 11)
        cell.alignment = Alignment(horizontal="center", wrap_text=True)
        ws.merge_cells(start_row=n, start_column=1, end_row=n, end_column=len(COLUMNS))
        ws.row_dimensions[n].height = row_height((text,), (sum(WIDTHS),), line=18 if n == 1 else 15)
    header_row = len(heading) + 2
    ws.freeze_panes = f"A{header_row + 1}"
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = "9"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    return ws, header_row


def check_year_text(academic_year: str) -> None:
    """A ValidationError «Учебный год «2030» — укажите в виде 2026/2027» for anything but «ГГГГ/ГГГГ»."""
    try:
        start_year(academic_year)
    except ValidationError:
        raise _plain(f"Учебный год «{academic_year}» — укажите в виде 2026/2027", field="Учебный год") from None


def _plain(text: str, *, field: str) -> ValidationError:
    """A ValidationError whose message is ``text`` itself (the CLI prints it as is)."""
    error = ValidationError([Issue(text, field=field)])
    error.message = text
    error.args = (text,)
    return error


def export_roadmap(session: Session, *, path: Path, academic_year: str, today: dt.date | None = None) -> int:
    """Write the year's roadmap to ``path`` (xlsx); the number of items written."""
    from openpyxl import Workbook

    from app.files import write_atomically

    check_year_text(academic_year)
    rows = service.list_items(session, academic_year=academic_year, today=today)
    if not rows:
        raise _plain(f"Дорожная карта на {academic_year} учебный год пуста — файл не записан", field="Учебный год")
    heading = [TITLE.format(year=academic_year), school_name(session)]

    def write(tmp: Path) -> None:
        wb = Workbook()
        ws, header_row = new_sheet(wb, title="Дорожная карта", heading=heading)
        write_table(ws, rows=rows, first_row=header_row)
        wb.save(tmp)

    write_atomically(Path(path), write)
    return len(rows)


@dataclass(frozen=True)
class ImportResult:
    added: int
    skipped: int  # exact duplicates (№, title, deadline) of items already in the year or earlier in the file
    moved_from: str = ""  # the file's academic year when it was another one (deadlines moved, statuses reset)
    academic_year: str = ""
    duplicates: tuple[str, ...] = ()  # item numbers now held by items with different titles (allowed, reported)

    @property
    def note(self) -> str:
        """«сроки перенесены на 2027/2028, статусы сброшены» after a file of another year, the repeated item
        numbers, else ""."""
        notes = []
        if self.moved_from:
            notes.append(f"файл на {self.moved_from} учебный год: сроки перенесены на {self.academic_year}, "
                         "статусы сброшены")
        if self.duplicates:
            notes.append(f"номера встречаются у разных мероприятий: {', '.join(self.duplicates)} — проверьте "
                         "нумерацию")
        return "; ".join(notes)


def read_roadmap(path: Path, *, academic_year: str,
                 today: dt.date | None = None) -> tuple[list[RoadmapItemData], str]:
    """Every item of a roadmap file as item data, and the file's year when it is not ``academic_year``.

    A file of another year has its deadlines moved by the difference of years, statuses reset to «запланировано»
    and the evidence cleared. A ValidationError names row and column for any bad cell."""
    today = today or dt.date.today()
    rows = read_rows(Path(path))
    header_index, columns = next((i, c) for i, r in enumerate(rows) if (c := header_columns(r)))
    source = file_year(rows, header_index, columns)
    shift = start_year(academic_year) - start_year(source) if source else 0
    issues, items, section = [], [], ""

    def cell(row: tuple, name: str) -> object:
        index = columns.get(name)
        return row[index] if index is not None and index < len(row) else None

    for excel_row, row in enumerate(rows[header_index + 1:], start=header_index + 2):
        values = {name: cell(row, name) for name in COLUMNS}
        if all(is_empty(v) for v in row):
            continue
        number, title = single_line(values["№ п/п"]), single_line(values["Наименование мероприятия"])
        rest = [values[n] for n in COLUMNS[2:]]
        if all(is_empty(v) for v in rest) and (not title or _SECTION_NUMBER.match(number)):
            section = f"{number} {title}".strip()  # a stage/section heading row
            continue
        if re.fullmatch(r"\d+", number or "") and title.isdigit():
            continue  # the «1 2 3 4 5» column-number row under a header
        row_issues = []
        if not title:
            row_issues.append(Issue("укажите мероприятие", field="Наименование мероприятия", row=excel_row))
        try:
            status, done_date = parse_status(single_line(values["Статус"]))
        except ValueError as exc:
            status, done_date = "planned", None
            row_issues.append(Issue(f"дата выполнения: {exc}", field="Статус", row=excel_row))
        if status is None:
            row_issues.append(Issue(f"«{cell_text(values['Статус'])}» — ожидается одно из: "
                                    f"{', '.join(STATUSES.values())}", field="Статус", row=excel_row))
        raw_deadline = values["Срок"]
        try:
            if isinstance(raw_deadline, (dt.date, dt.datetime)):
                day = shift_years(parse_date_cell(raw_deadline, allow_year=False)[0], shift)
                instances = [(day, format_date(day), "once")]
            else:
                instances = resolve_deadline(single_line(raw_deadline), academic_year, year_shift=shift)
        except ValueError as exc:
            row_issues.append(Issue(str(exc), field="Срок", row=excel_row))
            instances = []
        try:
            ev_number, ev_date, ev_note, ev_path = parse_evidence(single_line(values["Подтверждение"]))
        except ValueError as exc:
            row_issues.append(Issue(f"дата документа: {exc}", field="Подтверждение", row=excel_row))
            ev_number, ev_date, ev_note, ev_path = "", None, "", ""
        if status == "done" and done_date is None and ev_date is None and not shift:
            row_issues.append(Issue("«выполнено» без даты — укажите её: «выполнено ДД.ММ.ГГГГ»", field="Статус",
                                    row=excel_row))
        for label, day, field in (("документа", ev_date, "Подтверждение"), ("выполнения", done_date, "Статус")):
            if day and day > today and not shift:
                row_issues.append(Issue(f"дата {label} позже сегодняшней ({format_date(today)})", field=field,
                                        row=excel_row))
        issues += row_issues
        if row_issues:
            continue
        base = RoadmapItemData(title=title, number=number, section=section,
                               responsible=single_line(values["Ответственный"]),
                               result=single_line(values["Результат / вид документа"]), status=status,
                               evidence_number=ev_number, evidence_date=ev_date, evidence_note=ev_note,
                               evidence_path=ev_path,
                               done_date=(done_date or ev_date) if status == "done" else None)
        if shift:  # last year's execution does not carry over
            base = replace(base, status="planned", done_date=None, evidence_number="", evidence_date=None,
                           evidence_note="", evidence_path="")
        items += [replace(base, deadline=day, deadline_text=text, recurrence=recurrence)
                  for day, text, recurrence in instances]
    if issues:
        raise ValidationError(issues, source=Path(path).name)
    return items, (source if shift else "")


def read_items(path: Path, *, academic_year: str, today: dt.date | None = None) -> list[RoadmapItemData]:
    """The items of ``read_roadmap``."""
    return read_roadmap(path, academic_year=academic_year, today=today)[0]


def import_roadmap(session: Session, *, path: Path, academic_year: str, today: dt.date | None = None) -> ImportResult:
    """Append a file's items to the year (all or nothing), skipping exact duplicates by (№, title, deadline)."""
    start_year(academic_year)
    items, moved_from = read_roadmap(path, academic_year=academic_year, today=today)
    existing = service.list_items(session, academic_year=academic_year, today=today)
    seen = {(i.number, i.title, i.deadline) for i in existing}
    added = skipped = 0
    new: list[tuple[str, str]] = []
    with transaction(session):
        position = service._next_position(session, academic_year)  # noqa: SLF001 - the same module family
        for data in items:
            key = (data.number, data.title, data.deadline)
            if key in seen:
                skipped += 1
                continue
            seen.add(key)
            new.append((data.number, data.title))
            session.add(RoadmapItem(academic_year=academic_year, position=position + added, title=data.title,
                                    number=data.number, section=data.section, deadline=data.deadline,
                                    deadline_text=data.deadline_text, recurrence=data.recurrence,
                                    responsible=data.responsible, result=data.result, status=data.status,
                                    done_date=data.done_date, evidence_number=data.evidence_number,
                                    evidence_date=data.evidence_date, evidence_note=data.evidence_note,
                                    evidence_path=data.evidence_path))
            added += 1
    duplicates = service.clashing_numbers([(i.number, i.title) for i in existing], new=new)
    return ImportResult(added=added, skipped=skipped, moved_from=moved_from, academic_year=academic_year,
                        duplicates=tuple(duplicates))


def default_year(session: Session) -> str:
    """The school's current academic year (its profile), else the calendar's academic year."""
    return service.school_year(session)
