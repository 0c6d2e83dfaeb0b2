"""Import the schools register from an xlsx sheet: Код | Полное наименование | Краткое наименование | Тип | Контакт."""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from app.errors import AppError, Issue, ValidationError
from app.text import clean, fold

HEADER_SCAN_ROWS = 30
_ZIP = b"PK\x03\x04"
MAX_ROWS = 5000
FIELDS = {"code": "Код", "full_name": "Полное наименование", "short_name": "Краткое наименование",
          "kind": "Тип", "contact": "Контакт"}
_ALIASES = {
    "code": ("код", "код оо", "код организации", "код школы", "код образовательной организации"),
    "full_name": ("полное наименование", "наименование", "полное название", "название", "наименование оо",
                  "наименование организации", "образовательная организация", "организация"),
    "short_name": ("краткое наименование", "краткое название", "сокращенное наименование", "сокращенное название",
                   "краткое"),
    "kind": ("тип", "вид", "тип организации", "тип оо", "вид организации"),
    "contact": ("контакт", "контакты", "телефон", "e-mail", "email", "электронная почта", "ответственный",
                "контактное лицо"),
}
_LOOKUP = {alias: name for name, aliases in _ALIASES.items() for alias in aliases}


def _key(value: object) -> str:
    return re.sub(r"[^0-9a-zа-я+\- ]", "", fold(str(value) if value is not None else "")).strip()


def _columns(row: tuple) -> dict[str, int]:
    out: dict[str, int] = {}
    for index, cell in enumerate(row):
        name = _LOOKUP.get(_key(cell))
        if name and name not in out:
            out[name] = index
    return out


def _fail(path: Path, message: str) -> ValidationError:
    return ValidationError([Issue(message)], source=path.name)


def read_schools(path: Path) -> tuple[list[dict], list[Issue]]:
    """Rows (values + Excel row number) and issues of the file; nothing is written."""
    import openpyxl

    path = Path(path)
    if not path.is_file():
        raise _fail(path, "файл не найден")
    with path.open("rb") as fh:
        if fh.read(4) != _ZIP:
            raise _fail(path, "файл не является книгой Excel (.xlsx): сохраните таблицу как «Книга Excel (*.xlsx)»")
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - zip/xml/openpyxl raise many kinds; all mean «unreadable»
        raise _fail(path, "файл не удалось открыть как книгу Excel (.xlsx): он повреждён") from None
    try:
        found = None
        for ws in wb.worksheets:
            if not hasattr(ws, "iter_rows"):
                continue
            ws.reset_dimensions()
            for number, row in enumerate(islice(ws.iter_rows(values_only=True), HEADER_SCAN_ROWS), start=1):
                cols = _columns(row)
                if "code" in cols and "full_name" in cols:
                    found = (ws, number, cols)
                    break
            if found:
                break
        if found is None:
            raise _fail(path, "не найдена строка заголовка со столбцами «Код» и «Полное наименование»")
        ws, header, cols = found
        rows = []
        for number, row in enumerate(ws.iter_rows(min_row=header + 1, values_only=True), start=header + 1):
            values = {name: (row[i] if i < len(row) else None) for name, i in cols.items()}
            if all(clean(str(v) if v is not None else "") == "" for v in values.values()):
                continue
            values["row"] = number
            rows.append(values)
            if len(rows) > MAX_ROWS:
                raise _fail(path, f"слишком много строк (больше {MAX_ROWS})")
    except AppError:
        raise
    except Exception:  # noqa: BLE001 - a damaged member surfaces while streaming
        raise _fail(path, "файл повреждён: лист книги Excel не удалось прочитать") from None
    finally:
        wb.close()
    return rows, []


@dataclass(frozen=True)
class RegisterImport:
    """What an import of the register did: entries added, updated and left as they were."""

    added: int
    updated: int
    unchanged: int

    def text(self) -> str:
        """«добавлено 2, обновлено 1, без изменений 5»."""
        return f"добавлено {self.added}, обновлено {self.updated}, без изменений {self.unchanged}"


NOT_LOADED = "Реестр не загружен, ничего не изменено."
UPDATED_FIELDS = ("full_name", "short_name", "kind", "contact")


def _not_loaded(err: ValidationError) -> ValidationError:
    err.message = f"{NOT_LOADED} {err.message}"
    return err


def import_register(session, *, path: Path) -> RegisterImport:  # noqa: ANN001 - sqlmodel Session
    """Add new codes and update known ones (names, type, contact) in one transaction; any problem — no change.

    An empty cell (or a missing column) keeps the value already in the register; archived entries stay archived.
    """
    from sqlmodel import select

    from app.municipality.register import normalise_code, normalise_kind, require_municipality, school_issues
    from db.engine import transaction
    from db.models_municipality import MunicipalSchool

    require_municipality(session)
    path = Path(path)
    try:
        rows, issues = read_schools(path)
    except ValidationError as err:
        raise _not_loaded(err) from None
    if not rows:
        raise _not_loaded(_fail(path, "в таблице нет ни одной организации"))
    known = {fold(row.code): row for row in session.exec(select(MunicipalSchool))}
    seen: dict[str, int] = {}
    prepared = []
    for raw in rows:
        row = raw["row"]
        code = normalise_code(raw.get("code"))
        old = known.get(fold(code)) if code else None
        kind_text = clean(str(raw.get("kind") or ""))
        values = {"code": code, "full_name": clean(_str(raw.get("full_name"))),
                  "short_name": clean(_str(raw.get("short_name"))), "kind": normalise_kind(kind_text),
                  "contact": clean(_str(raw.get("contact")))}
        if old is not None:  # an empty cell keeps what the register has
            for name in UPDATED_FIELDS:
                if not (kind_text if name == "kind" else values[name]):
                    values[name] = getattr(old, name)
        found = school_issues(**values, row=row)
        if values["kind"] is None:
            found = [Issue(f"«{kind_text}» — {i.message}", field=i.field, row=row) if i.field == "Тип" else i
                     for i in found]
        issues.extend(found)
        key = fold(code)
        if code and key in seen:
            issues.append(Issue(f"код «{code}» повторяется (уже в строке {seen[key]})", field="Код", row=row))
        seen.setdefault(key, row)
        prepared.append((old, values))
    if issues:
        raise _not_loaded(ValidationError(issues, source=path.name))
    added = updated = 0
    with transaction(session):
        for old, values in prepared:
            if old is None:
                session.add(MunicipalSchool(**values))
                added += 1
            elif any(getattr(old, name) != values[name] for name in UPDATED_FIELDS):
                for name in UPDATED_FIELDS:
                    setattr(old, name, values[name])
                session.add(old)
                updated += 1
    return RegisterImport(added=added, updated=updated, unchanged=len(prepared) - added - updated)


def import_schools(session, *, path: Path) -> int:  # noqa: ANN001 - sqlmodel Session
    """``import_register`` returning the number of entries added or updated (for callers wanting a number)."""
    result = import_register(session, path=path)
    return result.added + result.updated


def _str(value: object) -> str:
    return "" if value is None else str(value)
