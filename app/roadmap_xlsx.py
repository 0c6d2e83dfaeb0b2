"""Roadmap import/export in the roadmap column layout (№ п/п | Наименование мероприятия | Срок | … | Подтверждение)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import select
from sqlmodel import Session

from app.errors import Issue, ValidationError
from app.roadmap_rules import resolve_deadline, start_year
from app.schemas_roadmap import COLUMNS, STATUSES, RoadmapItemData, RoadmapRow
from app.services import roadmap as service
from app.text import format_date
from app.xlsx_values import cell_text, is_empty, parse_date_cell, single_line
from db.engine import transaction
from db.models import School
from db.models_lifecycle import RoadmapItem

WIDTHS = (8, 60, 22, 28, 30, 16, 34)
TITLE = "Дорожная карта реализации целевой модели наставничества на {year} учебный год"
_STATUS_BY_TEXT = {text: code for code, text in STATUSES.items()}
_EVIDENCE = re.compile(r"^№\s*(?P<number>.*?)(?:\s+от\s+(?P<date>\d{1,2}\.\d{1,2}\.\d{2,4}))?\s*(?:;\s*(?P<note>.*))?$")
_SECTION_NUMBER = re.compile(r"^\d+\.?$")


def school_name(session: Session) -> str:
    row = session.execute(select(School.full_name, School.short_name)).first()
    return (row[0] or row[1]) if row else ""


def evidence_text(row: RoadmapRow) -> str:
    """«№ 12 от 30.08.2026; примечание» (parts that are empty are left out)."""
    head = ""
    if row.evidence_number:
        head = f"№ {row.evidence_number}"
    if row.evidence_date:
        head = f"{head} от {format_date(row.evidence_date)}".strip()
    return "; ".join(part for part in (head, row.evidence_note) if part)


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
            STATUSES.get(row.status, row.status), evidence_text(row))


def write_table(ws, *, rows: list[RoadmapRow], first_row: int) -> int:  # noqa: ANN001 - an openpyxl worksheet
    """Header and items (with section heading rows) from ``first_row``; the number of the last row written."""
    from openpyxl.styles import Alignment, Border, Font, Side

    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")
    for col, header in enumerate(COLUMNS, start=1):
        cell = ws.cell(row=first_row, column=col, value=header)
        cell.font, cell.alignment, cell.border = Font(bold=True), Alignment(wrap_text=True, vertical="center",
                                                                               horizontal="center"), border
    current, section = first_row, None
    for item in rows:
        if item.section and item.section != section:
            section = item.section
            current += 1
            ws.cell(row=current, column=1, value=section).font = Font(bold=True)
            ws.merge_cells(start_row=current, start_column=1, end_row=current, end_column=len(COLUMNS))
        current += 1
        for col, value in enumerate(table_row(item), start=1):
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
        ws.row_dimensions[n].height = 34 if n == 1 else 18
    header_row = len(heading) + 2
    ws.freeze_panes = f"A{header_row + 1}"
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = "9"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    return ws, header_row


def export_roadmap(session: Session, *, path: Path, academic_year: str, today: dt.date | None = None) -> int:
    """Write the year's roadmap to ``path`` (xlsx); the number of items written."""
    from openpyxl import Workbook

    from app.files import write_atomically

    start_year(academic_year)
    rows = service.list_items(session, academic_year=academic_year, today=today)
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


def _read(path: Path) -> list[tuple]:
    import openpyxl

    path = Path(path)
    if not path.is_file():
        raise ValidationError([Issue("файл не найден")], source=path.name)
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - zipfile/xml/openpyxl raise many kinds; all mean «unreadable»
        raise ValidationError([Issue("файл не удалось открыть как книгу Excel (.xlsx)")], source=path.name) from None
    try:
        for ws in wb.worksheets:
            rows = [tuple(r) for r in ws.iter_rows(values_only=True)]
            if any(_header_columns(r) for r in rows[:30]):
                return rows
    finally:
        wb.close()
    raise ValidationError([Issue("не найдена строка заголовка с колонками «№ п/п», «Наименование мероприятия», "
                                 "«Срок»")], source=path.name)


def _norm(value: object) -> str:
    return single_line(value).lower().replace("ё", "е").rstrip(".:")


def _header_columns(row: tuple) -> dict[str, int] | None:
    """Column index of each known header in ``row`` when it has at least the title and the deadline."""
    known = {_norm(c): c for c in COLUMNS}
    aliases = {"№": "№ п/п", "наименование мероприятий": "Наименование мероприятия",
               "мероприятие": "Наименование мероприятия",
               "срок реализации": "Срок", "сроки": "Срок", "ответственные": "Ответственный",
               "ответственный исполнитель": "Ответственный", "результат": "Результат / вид документа",
               "результат. вид документа": "Результат / вид документа"}
    found = {}
    for index, value in enumerate(row):
        text = _norm(value)
        name = known.get(text) or aliases.get(text)
        if name and name not in found:
            found[name] = index
    return found if {"Наименование мероприятия", "Срок"} <= set(found) else None


def _parse_evidence(text: str) -> tuple[str, dt.date | None, str]:
    m = _EVIDENCE.match(text)
    if not m:
        return "", None, text
    day = parse_date_cell(m.group("date"), allow_year=False)[0] if m.group("date") else None
    return m.group("number").strip(), day, (m.group("note") or "").strip()


def read_items(path: Path, *, academic_year: str, today: dt.date | None = None) -> list[RoadmapItemData]:
    """Every item of a roadmap file as item data; a ValidationError naming row and column for any bad cell."""
    today = today or dt.date.today()
    rows = _read(Path(path))
    header_index, columns = next((i, c) for i, r in enumerate(rows) if (c := _header_columns(r)))
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
        status_text = _norm(values["Статус"])
        status = "planned" if not status_text else _STATUS_BY_TEXT.get(status_text) or (
            status_text if status_text in STATUSES else None)
        if status is None:
            row_issues.append(Issue(f"«{cell_text(values['Статус'])}» — ожидается одно из: "
                                    f"{', '.join(STATUSES.values())}", field="Статус", row=excel_row))
        raw_deadline = values["Срок"]
        try:
            if isinstance(raw_deadline, (dt.date, dt.datetime)):
                day = parse_date_cell(raw_deadline, allow_year=False)[0]
                instances = [(day, format_date(day), "once")]
            else:
                instances = resolve_deadline(single_line(raw_deadline), academic_year)
        except ValueError as exc:
            row_issues.append(Issue(str(exc), field="Срок", row=excel_row))
            instances = []
        try:
            ev_number, ev_date, ev_note = _parse_evidence(single_line(values["Подтверждение"]))
        except ValueError as exc:
            row_issues.append(Issue(f"дата документа: {exc}", field="Подтверждение", row=excel_row))
            ev_number, ev_date, ev_note = "", None, ""
        if ev_date and ev_date > today:
            row_issues.append(Issue(f"дата документа позже сегодняшней ({format_date(today)})", field="Подтверждение",
                                    row=excel_row))
        issues += row_issues
        if row_issues:
            continue
        base = RoadmapItemData(title=title, number=number, section=section,
                               responsible=single_line(values["Ответственный"]),
                               result=single_line(values["Результат / вид документа"]), status=status,
                               evidence_number=ev_number, evidence_date=ev_date, evidence_note=ev_note,
                               done_date=(ev_date or today) if status == "done" else None)
        items += [replace(base, deadline=day, deadline_text=text, recurrence=recurrence)
                  for day, text, recurrence in instances]
    if issues:
        raise ValidationError(issues, source=Path(path).name)
    return items


def import_roadmap(session: Session, *, path: Path, academic_year: str, today: dt.date | None = None) -> ImportResult:
    """Append a file's items to the year (all or nothing), skipping exact duplicates by (№, title, deadline)."""
    start_year(academic_year)
    items = read_items(path, academic_year=academic_year, today=today)
    existing = service.list_items(session, academic_year=academic_year, today=today)
    seen = {(i.number, i.title, i.deadline) for i in existing}
    added = skipped = 0
    with transaction(session):
        position = service._next_position(session, academic_year)  # noqa: SLF001 - the same module family
        for data in items:
            key = (data.number, data.title, data.deadline)
            if key in seen:
                skipped += 1
                continue
            seen.add(key)
            session.add(RoadmapItem(academic_year=academic_year, position=position + added, title=data.title,
                                    number=data.number, section=data.section, deadline=data.deadline,
                                    deadline_text=data.deadline_text, recurrence=data.recurrence,
                                    responsible=data.responsible, result=data.result, status=data.status,
                                    done_date=data.done_date, evidence_number=data.evidence_number,
                                    evidence_date=data.evidence_date, evidence_note=data.evidence_note))
            added += 1
    return ImportResult(added=added, skipped=skipped)


def default_year(session: Session) -> str:
    """The current academic year, or the newest year that has items when the current one has none."""
    from app.roadmap_rules import academic_year_code

    current = academic_year_code(dt.date.today())
    years = service.academic_years(session)
    return current if current in years or not years else years[0]
