"""Export of pairs and groups to xlsx: one row per mentee, same conventions as the base export."""

from __future__ import annotations

from pathlib import Path

from app.xlsx_export import Progress

PAIRS_EXPORT = ("№ пары", "Наставник", "Должность (класс) наставника", "Наставляемый", "Класс / должность",
                "Форма наставничества", "Ролевая модель", "Вид наставничества", "Начало", "Плановое окончание",
                "Статус", "Приказ")
SHEET_TITLE = "Пары и группы"


def pair_rows(session) -> list[tuple]:  # noqa: ANN001
    """The rows of the export, pairs in the order of their numbers, mentees in the order they joined."""
    from app.schemas import GROUP_STATUSES
    from app.services.pairs import list_groups

    rows = []
    for g in sorted(list_groups(session), key=lambda r: r.id):
        for name, group_name in zip(g.mentee_names, g.mentee_groups):
            rows.append((g.id, g.mentor_name, g.mentor_position, name, group_name, g.form, g.role_model, g.kind,
                         g.start_date, g.planned_end_date, GROUP_STATUSES.get(g.status, g.status), g.order_label))
    return rows


def export_pairs(session, *, path: Path, progress: Progress | None = None) -> int:  # noqa: ANN001
    """Write every pair/group membership to ``path`` (xlsx, atomically); returns the number of rows."""
    from app.files import write_atomically
    from app.xlsx_export import _write

    rows = pair_rows(session)
    write_atomically(Path(path), lambda tmp: _write(tmp, title=SHEET_TITLE, headers=PAIRS_EXPORT, rows=rows,
                                                    progress=progress))
    return len(rows)
