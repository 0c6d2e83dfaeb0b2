"""Export of the mentee or mentor base to xlsx in the Р-145 layout, formula-safe, written atomically."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from app.errors import StorageError
from app.schemas import MENTEE_STATUSES, MENTOR_STATUSES
from app.text import fold, format_date, full_name
from app.xlsx_columns import KINDS, MENTEE_EXPORT, MENTOR_EXPORT

Progress = Callable[[int, int], None]
PROGRESS_STEP = 500
DATE_FORMAT = "DD.MM.YYYY"
_FORMULA_STARTS = ("=", "+", "-", "@")
_CONSENT_SHORT = {"processing": "обработка", "transfer": "передача", "publication": "публикация"}
SHEET_TITLES = {"mentees": "База наставляемых", "mentors": "База наставников"}


def _birth(birth_date: dt.date | None, birth_year: int | None) -> dt.date | int | None:
    return birth_date or birth_year or None


def _number(value: float | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def _age_range(low: int | None, high: int | None) -> str:
    if low is not None and high is not None:
        return str(low) if low == high else f"{low}–{high}"
    if low is not None:
        return f"от {low}"
    return f"до {high}" if high is not None else ""


def _training(date: dt.date | None, document: str) -> dt.date | str | None:
    if date and document:
        return f"{format_date(date)}, {document}"
    return date or document or None


def _school_place(session) -> str:  # noqa: ANN001
    from sqlalchemy import select

    from db.models import School

    row = session.execute(select(School.short_name, School.full_name)).first()
    return (row[0] or row[1]) if row else ""


def _consents(session, column) -> dict[int, str]:  # noqa: ANN001
    from sqlalchemy import select

    from db.models import Consent

    kinds: dict[int, set[str]] = defaultdict(set)
    for owner_id, kind in session.execute(select(column, Consent.kind).where(column.is_not(None),
                                                                             Consent.revoked_on.is_(None))):
        kinds[owner_id].add(kind)
    order = list(_CONSENT_SHORT)

    def rank(kind: str) -> int:
        return order.index(kind) if kind in order else len(order)

    return {k: ", ".join(_CONSENT_SHORT.get(x, x) for x in sorted(v, key=rank)) for k, v in kinds.items()}


def _active_groups(session) -> list[tuple]:  # noqa: ANN001
    """(mentee_id, mentor_id, form, start, planned_end) of every active pair/group membership."""
    from sqlalchemy import select

    from app.listing import ACTIVE_GROUP_STATUSES
    from db.models import GroupMember, MentoringGroup

    query = (select(GroupMember.mentee_id, MentoringGroup.mentor_id, MentoringGroup.form,
                    MentoringGroup.start_date, MentoringGroup.planned_end_date)
             .join(MentoringGroup, MentoringGroup.id == GroupMember.group_id)
             .where(MentoringGroup.status.in_(ACTIVE_GROUP_STATUSES))
             .order_by(MentoringGroup.id, GroupMember.id))
    return list(session.execute(query))


def _joined(values) -> str:  # noqa: ANN001
    return ", ".join(dict.fromkeys(v for v in values if v))


def _select(session, model, include_archived: bool) -> list:  # noqa: ANN001
    from sqlalchemy import select

    query = select(model.__table__)
    if not include_archived:
        query = query.where(model.__table__.c.archived_at.is_(None))
    rows = list(session.execute(query))
    rows.sort(key=lambda r: (fold(full_name(r.last_name, r.first_name, r.middle_name)), r.id))
    return rows


def _names(session, model) -> dict[int, tuple]:  # noqa: ANN001
    from sqlalchemy import select

    t = model.__table__.c
    extra = [t.workplace, t.partner_id] if "workplace" in t else []
    query = select(t.id, t.last_name, t.first_name, t.middle_name, t.group_name, *extra)
    return {r[0]: tuple(r[1:]) for r in session.execute(query)}


def _mentee_rows(session, include_archived: bool, progress: Progress | None) -> list[tuple]:  # noqa: ANN001
    from sqlalchemy import select

    from db.models import Consent, Mentee, Mentor, PartnerOrganization

    mentors = _names(session, Mentor)
    partners = dict(session.execute(select(PartnerOrganization.id, PartnerOrganization.name)).all())
    pairs: dict[int, list[tuple]] = defaultdict(list)
    for mentee_id, mentor_id, form, _start, _end in _active_groups(session):
        pairs[mentee_id].append((mentors.get(mentor_id), form))
    consents, place = _consents(session, Consent.mentee_id), _school_place(session)
    records = _select(session, Mentee, include_archived)
    out = []
    for n, m in enumerate(records, start=1):
        if progress is not None and n % PROGRESS_STEP == 0:
            progress(n, len(records) * 2)
        mine = pairs.get(m.id, [])
        mentor_names = _joined(full_name(*p[0][:3]) for p in mine if p[0])
        mentor_places = _joined((p[0][4] or partners.get(p[0][5], "")) for p in mine if p[0])
        out.append((
            n, full_name(m.last_name, m.first_name, m.middle_name), m.contacts, _birth(m.birth_date, m.birth_year),
            ", ".join(m.requests or ()), m.entry_date, mentor_names, mentor_places, _joined(p[1] for p in mine),
            place if mine else "", m.exit_date, m.results, m.case_url,
            m.category, m.group_name, MENTEE_STATUSES.get(m.status, m.status), m.representative,
            _number(m.experience_years), m.request_text, m.notes, consents.get(m.id, ""),
        ))
    return out


def _period(start: dt.date | None, end: dt.date | None) -> str:
    if not start and not end:
        return ""
    return f"{format_date(start) or '…'} – {format_date(end) or '…'}"


def _mentor_rows(session, include_archived: bool, progress: Progress | None) -> list[tuple]:  # noqa: ANN001
    from sqlalchemy import select

    from db.models import Consent, Mentee, Mentor, PartnerOrganization

    mentees = _names(session, Mentee)
    partners = dict(session.execute(select(PartnerOrganization.id, PartnerOrganization.name)).all())
    groups: dict[int, list[tuple]] = defaultdict(list)
    for mentee_id, mentor_id, form, start, end in _active_groups(session):
        groups[mentor_id].append((mentees.get(mentee_id), form, _period(start, end)))
    consents, place = _consents(session, Consent.mentor_id), _school_place(session)
    records = _select(session, Mentor, include_archived)
    out = []
    for n, m in enumerate(records, start=1):
        if progress is not None and n % PROGRESS_STEP == 0:
            progress(n, len(records) * 2)
        mine = groups.get(m.id, [])
        out.append((
            n, full_name(m.last_name, m.first_name, m.middle_name), m.workplace, m.contacts,
            _birth(m.birth_date, m.birth_year), ", ".join(m.competencies or ()), m.achievements, m.interests,
            _age_range(m.desired_age_min, m.desired_age_max), m.entry_date,
            _joined(full_name(*g[0][:3]) for g in mine if g[0]), _joined(g[0][3] for g in mine if g[0]),
            _joined(g[1] for g in mine), place if mine else "", _joined(g[2] for g in mine), m.results,
            m.case_url, m.photo_url, _training(m.training_date, m.training_document),
            m.category, m.group_name, MENTOR_STATUSES.get(m.status, m.status), m.capacity,
            partners.get(m.partner_id, ""), _number(m.experience_years), m.notes, consents.get(m.id, ""),
        ))
    return out


def _widths(headers: tuple[str, ...], rows: list[tuple]) -> list[float]:
    widths = []
    for index, header in enumerate(headers):
        longest = 0
        for row in rows[:1000]:
            value = row[index]
            if isinstance(value, (dt.date, dt.datetime)):
                longest = max(longest, 10)
            elif value is not None:
                longest = max(longest, max((len(line) for line in str(value).split("\n")), default=0))
        widths.append(float(min(max(longest + 2, min(len(header) + 2, 16), 6), 50)))
    return widths


def start_sheet(wb, *, title: str, headers: tuple[str, ...], widths: list[float]):  # noqa: ANN001, ANN201
    """A write-only sheet with column widths, a bold wrapped header row (frozen, repeated when printed), A4 landscape."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(title)
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    lines = max((-(-len(h) // max(int(w) - 1, 1)) for h, w in zip(headers, widths)), default=1)
    ws.row_dimensions[1].height = 15 * min(lines, 6)
    ws.freeze_panes = "A2"
    ws.page_setup.orientation = "landscape"  # printed: A4 landscape with the header row on every page
    ws.page_setup.paperSize = "9"  # A4
    ws.print_title_rows = "1:1"
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    header_cells = []
    for text in headers:
        cell = WriteOnlyCell(ws, value=text)
        cell.font, cell.alignment = bold, wrap
        header_cells.append(cell)
    ws.append(header_cells)
    return ws


def _write(path: Path, *, title: str, headers: tuple[str, ...], rows: list[tuple],
           progress: Progress | None) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=True)
    ws = start_sheet(wb, title=title, headers=headers, widths=_widths(headers, rows))

    def convert(value: object) -> object:
        if isinstance(value, str):
            value = ILLEGAL_CHARACTERS_RE.sub("", value)
            if value.startswith(_FORMULA_STARTS):
                cell = WriteOnlyCell(ws, value=value)
                cell.data_type = "s"  # text, never a formula
                cell.quotePrefix = True  # Excel keeps it text even when the cell is edited
                return cell
            return value or None
        if isinstance(value, (dt.date, dt.datetime)):
            cell = WriteOnlyCell(ws, value=value)
            cell.number_format = DATE_FORMAT
            return cell
        return value

    total = len(rows)
    try:
        for n, row in enumerate(rows, start=1):
            if progress is not None and n % PROGRESS_STEP == 0:
                progress(total + n, total * 2)
            ws.append([convert(v) for v in row])
    except BaseException:
        _abandon(ws)
        raise
    ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{total + 1}"
    wb.save(path)


def _abandon(ws) -> None:  # noqa: ANN001 - a write-only worksheet
    """Close a half-written streaming sheet and delete its scratch file."""
    try:
        if not ws.closed:
            ws.close()
    except Exception:  # noqa: BLE001, S110 - best effort; the original error is what matters
        pass
    writer = getattr(ws, "_writer", None)
    if writer is not None:
        writer.cleanup()


def export_base(session, *, kind: str, path: Path, include_archived: bool = False,  # noqa: ANN001
                progress: Progress | None = None) -> int:
    """Write the base of ``kind`` to ``path`` (xlsx); returns the number of records written."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}")
    path = Path(path)
    if not path.parent.is_dir():
        raise StorageError(f"Папка «{path.parent}» не найдена — файл «{path.name}» не записан")
    if kind == "mentees":
        rows, headers = _mentee_rows(session, include_archived, progress), MENTEE_EXPORT
    else:
        rows, headers = _mentor_rows(session, include_archived, progress), MENTOR_EXPORT
    from app.files import write_atomically

    write_atomically(path, lambda tmp: _write(tmp, title=SHEET_TITLES[kind], headers=headers, rows=rows,
                                              progress=progress))
    if progress is not None:
        progress(len(rows) * 2, len(rows) * 2)
    return len(rows)
