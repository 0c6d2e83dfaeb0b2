"""Read a spreadsheet file (xlsx or csv) into rows of cell values, with Russian errors naming the file."""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Callable
from itertools import islice
from pathlib import Path

from app.errors import AppError, Issue, ValidationError
from app.xlsx_columns import HEADER_SCAN_ROWS, header_score

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"
_DELIMITERS = (";", "\t", ",")

Progress = Callable[[int, int], None]


def _fail(path: Path, message: str) -> ValidationError:
    return ValidationError([Issue(message)], source=path.name)


def read_rows(path: Path, *, kind: str, progress: Progress | None = None) -> list[tuple]:
    """All rows of the sheet that looks most like a base of ``kind`` (row 1 is index 0)."""
    path = Path(path)
    if not path.is_file():
        raise _fail(path, "файл не найден")
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
        size = path.stat().st_size
    except OSError as exc:
        raise _fail(path, f"файл не удалось прочитать ({exc.strerror or exc})") from None
    if size == 0:
        raise _fail(path, "файл пуст")
    suffix = path.suffix.lower()
    if head.startswith(_OLE):
        raise _fail(path, "файл защищён паролем или сохранён в старом формате Excel 97–2003 (.xls). "
                          "Снимите пароль и сохраните файл как «Книга Excel (*.xlsx)»")
    if suffix in (".xlsx", ".xlsm"):
        if not head.startswith(_ZIP):
            raise _fail(path, "файл не является книгой Excel (.xlsx): он повреждён или только назван .xlsx")
        return _xlsx_rows(path, kind=kind, progress=progress)
    if suffix in (".csv", ".txt", ".tsv"):
        return _csv_rows(path)
    if head.startswith(_ZIP) and suffix not in (".ods", ".zip", ".docx"):
        return _xlsx_rows(path, kind=kind, progress=progress)
    raise _fail(path, f"формат «{suffix or 'без расширения'}» не поддерживается: нужна книга Excel (.xlsx) "
                      "или текст CSV (.csv)")


def _xlsx_rows(path: Path, *, kind: str, progress: Progress | None) -> list[tuple]:
    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - zipfile/xml/openpyxl raise many kinds; all mean «unreadable»
        raise _fail(path, "файл не удалось открыть как книгу Excel (.xlsx): он повреждён "
                          "или сохранён в другом формате") from None
    try:
        sheets = [ws for ws in wb.worksheets if hasattr(ws, "iter_rows")]
        if not sheets:
            raise _fail(path, "в книге нет листов с таблицей")
        estimates = {id(ws): ws.max_row or 0 for ws in sheets}
        for ws in sheets:
            ws.reset_dimensions()  # some programs write a wrong size; read what is really there
        best = max(sheets, key=lambda ws: _sheet_key(kind, ws))
        estimate = estimates[id(best)]
        rows = []
        for n, row in enumerate(best.iter_rows(values_only=True), start=1):
            rows.append(row)
            if progress is not None and n % 500 == 0:
                progress(n, max(estimate, n + 1))
        return rows
    except AppError:  # our own messages and Cancelled pass through
        raise
    except Exception:  # noqa: BLE001 - a damaged member surfaces while streaming
        raise _fail(path, "файл повреждён: лист книги Excel не удалось прочитать") from None
    finally:
        wb.close()


def _sheet_key(kind: str, ws) -> tuple[bool, int]:  # noqa: ANN001 - a read-only worksheet
    """(has a name column, known columns) of the best header candidate in the first rows."""
    best = (False, 0)
    for row in islice(ws.iter_rows(values_only=True), HEADER_SCAN_ROWS):
        count, has_name = header_score(kind, list(row))
        best = max(best, (has_name, count))
    return best


def _decode(path: Path, raw: bytes) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            pass
    elif b"\x00" not in raw:
        for encoding in ("utf-8-sig", "cp1251"):
            try:
                return raw.decode(encoding)
            except UnicodeDecodeError:
                continue
    raise _fail(path, "файл не похож на текст CSV: сохраните таблицу как «CSV (разделители — точка с запятой)» "
                      "или как книгу Excel (.xlsx)")


def _delimiter(text: str) -> str:
    """The delimiter whose rows agree best on a width above one (ties: «;», tab, «,»)."""
    lines = [line for line in islice(io.StringIO(text), 60) if line.strip()]
    best, best_score = ";", (0, 0)
    for delim in _DELIMITERS:
        widths = [len(r) for r in csv.reader(lines, delimiter=delim) if len(r) > 1]
        if not widths:
            continue
        width, count = Counter(widths).most_common(1)[0]
        score = (count, width)
        if score > best_score:
            best, best_score = delim, score
    return best


def _csv_rows(path: Path) -> list[tuple]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise _fail(path, f"файл не удалось прочитать ({exc.strerror or exc})") from None
    text = _decode(path, raw)
    try:
        return [tuple(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))]
    except csv.Error as exc:
        raise _fail(path, f"файл CSV повреждён: {exc}") from None
