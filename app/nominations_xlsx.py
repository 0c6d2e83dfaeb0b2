"""Both nomination lists («Наставник года», «Лучшая пара») as an xlsx workbook with every data column."""

from __future__ import annotations

from pathlib import Path

from app.files import write_atomically
from app.nominations import MentorCandidate, Nominations, PairCandidate
from app.schemas import GROUP_STATUSES
from app.xlsx_export import DATE_FORMAT, start_sheet

MENTOR_HEADERS = ("Место", "Наставник", "Должность / класс", "Пар и групп", "Наставляемых", "Встреч за год",
                  "Рабочих встреч", "С обратной связью", "Доля с обратной связью, %",
                  "Удовлетворённость наставляемых, %", "Анкет (наставляемые)", "Завершено пар",
                  "Завершено с результатами", "Результаты", "Обучение («Школа наставников»)", "Балл")
PAIR_HEADERS = ("Место", "№ пары", "Наставник", "Наставляемые", "Форма", "Статус", "Начало", "Завершение",
                "Встреч за год", "Рабочих встреч", "С обратной связью", "Доля с обратной связью, %",
                "Отступлений от последовательности", "Отступления", "Удовлетворённость наставляемых, %",
                "Анкет (наставляемые)", "Удовлетворённость наставника, %", "Анкет (наставник)",
                "Итоговая встреча", "Итоговая анкета", "Результаты", "Ссылка на кейс", "Балл")


def _pct(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def mentor_row(place: int, c: MentorCandidate) -> tuple:
    share = None if c.feedback_share is None else c.feedback_share * 100
    return (place, c.name, c.position, c.groups, c.mentees, c.meetings, c.feedback_needed, c.feedback_given,
            _pct(share), _pct(c.satisfaction), c.satisfaction_n, c.completed, c.completed_with_results,
            "\n".join(c.results), c.training or "нет", c.score)


def pair_row(place: int, p: PairCandidate) -> tuple:
    share = None if p.feedback_share is None else p.feedback_share * 100
    return (place, p.group_id, p.mentor_name, "\n".join(p.mentee_names), p.form,
            GROUP_STATUSES.get(p.status, p.status), p.start_date, p.end_date if p.completed else None, p.meetings,
            p.feedback_needed, p.feedback_given, _pct(share), p.warnings, "\n".join(p.warning_texts),
            _pct(p.mentee_satisfaction), p.mentee_n, _pct(p.mentor_satisfaction), p.mentor_n,
            "да" if p.final_meeting else "нет", "да" if p.final_survey_done else "нет", p.results, p.case_url,
            p.score)


def _safe(value: object) -> object:
    """Text never read as a formula (a case link or results typed with «=»)."""
    if isinstance(value, str) and value.startswith(("=", "+", "-", "@")):
        return "'" + value
    return value


def column_widths(headers: tuple[str, ...], rows: list[tuple], *, wide: set[int]) -> list[float]:
    """Widths fitting the longest line of each column (dates 12), at least the header's longest word;
    ``wide`` columns (names, lists, free text) up to 40, the others up to 24 — longer text wraps."""
    widths = []
    for index, header in enumerate(headers):
        longest = max((len(word) for word in header.split()), default=4)
        for row in rows[:1000]:
            value = row[index]
            if hasattr(value, "isoformat"):
                longest = max(longest, 10)
            elif value is not None and value != "":
                longest = max(longest, max((len(line) for line in str(value).split("\n")), default=0))
        widths.append(float(min(max(longest + 2, 7), 40 if index in wide else 24)))
    return widths


def wrapped_lines(value: object, width: float) -> int:
    """Lines a value takes wrapped in a column ``width`` characters wide (an estimate for row heights)."""
    import textwrap

    if value is None or hasattr(value, "isoformat") or not isinstance(value, str):
        return 1
    return sum(max(len(textwrap.wrap(part, max(int(width) - 2, 4), break_long_words=True)), 1)
               for part in value.split("\n"))


def write_nominations_xlsx(report: Nominations, *, path: Path) -> Path:
    """Sheets «Наставник года», «Лучшая пара» and «Как считается балл»; written atomically."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment

    def sheet(wb, title: str, headers: tuple[str, ...], rows: list[tuple], wide: set[int]) -> None:  # noqa: ANN001
        widths = column_widths(headers, rows, wide=wide)
        ws = start_sheet(wb, title=title, headers=headers, widths=widths)
        wrap = Alignment(wrap_text=True, vertical="top")
        for number, row in enumerate(rows, start=2):
            lines = max((wrapped_lines(v, w) for v, w in zip(row, widths)), default=1)
            ws.row_dimensions[number].height = 15 * min(lines, 20)
            cells = []
            for value in row:
                cell = WriteOnlyCell(ws, value=_safe(value) if value != "" else None)
                cell.alignment = wrap
                if hasattr(value, "isoformat"):
                    cell.number_format = DATE_FORMAT
                cells.append(cell)
            ws.append(cells)

    def write(tmp: Path) -> None:
        wb = Workbook(write_only=True)
        sheet(wb, "Наставник года", MENTOR_HEADERS,
              [mentor_row(c.place or n, c) for n, c in enumerate(report.mentors, start=1)], {1, 13, 14})
        sheet(wb, "Лучшая пара", PAIR_HEADERS,
              [pair_row(p.place or n, p) for n, p in enumerate(report.pairs, start=1)], {2, 3, 13, 20})
        ws = wb.create_sheet("Как считается балл")
        ws.column_dimensions["A"].width = 120
        for line in (f"Номинации за {report.year.title}", "", "«Наставник года»", report.mentor_formula, "",
                     "«Лучшая пара»", report.pair_formula, "",
                     "Удовлетворённость — по итоговым анкетам учебного года (если их нет — по анкетам обратной "
                     "связи после встреч); нет данных — слагаемое равно 0."):
            ws.append([line])
        wb.save(tmp)

    return write_atomically(Path(path), write)


__all__ = ["MENTOR_HEADERS", "PAIR_HEADERS", "column_widths", "mentor_row", "pair_row", "wrapped_lines", "write_nominations_xlsx"]
