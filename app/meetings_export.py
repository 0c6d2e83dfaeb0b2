"""Export of the meeting log to xlsx («Журнал встреч»), formula-safe, written atomically."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from app.errors import StorageError

SHEET_TITLE = "Журнал встреч"
HEADERS = ("Дата", "Время", "Наставник", "Наставляемые", "Форма", "Тип встречи", "Этап", "Формат", "Тема",
           "Итоги", "Дальнейшие шаги", "Отсутствовали", "ОС наставляемого", "ОС наставника",
           "Связанных анкет")


def _yes(flag: bool) -> str:
    return "да" if flag else "нет"


def meeting_rows(session, *, group_ids: list[int] | None = None) -> list[tuple]:  # noqa: ANN001
    """One tuple per meeting (in ``HEADERS`` order), oldest first; feedback counts linked responses too."""
    from sqlalchemy import select

    from app.schemas_meetings import MEETING_FORMATS, STAGES
    from app.services.meetings import list_meetings
    from db.models import SurveyResponse

    wanted = set(group_ids) if group_ids is not None else None
    roles: dict[int, set[str]] = defaultdict(set)
    for meeting_id, role in session.execute(select(SurveyResponse.meeting_id, SurveyResponse.respondent_role)
                                            .where(SurveyResponse.meeting_id.is_not(None))):
        roles[meeting_id].add(role)
    meetings = [m for m in list_meetings(session) if wanted is None or m.group_id in wanted]
    meetings.sort(key=lambda m: (m.date, m.start_time, m.id))
    return [(m.date, m.start_time, m.mentor_name, ", ".join(m.mentee_names), m.form, m.kind,
             STAGES.get(m.stage, m.stage), MEETING_FORMATS.get(m.format, m.format), m.topic, m.outcome,
             m.next_steps, ", ".join(m.absent_names), _yes(m.feedback_mentee or "mentee" in roles[m.id]),
             _yes(m.feedback_mentor or "mentor" in roles[m.id]), m.linked_responses)
            for m in meetings]


def write_meetings_xlsx(session, *, path: Path, group_ids: list[int] | None = None,  # noqa: ANN001
                        progress: Callable[[int, int], None] | None = None) -> int:
    """Write the meetings (of the given pairs/groups, all by default) to ``path``; returns the rows written."""
    from app.files import write_atomically
    from app.xlsx_export import _write

    path = Path(path)
    if not path.parent.is_dir():
        raise StorageError(f"Папка «{path.parent}» не найдена — файл «{path.name}» не записан")
    rows = meeting_rows(session, group_ids=group_ids)
    write_atomically(path, lambda tmp: _write(tmp, title=SHEET_TITLE, headers=HEADERS, rows=rows,
                                              progress=progress))
    if progress is not None:
        progress(len(rows) * 2, len(rows) * 2)
    return len(rows)


__all__ = ["HEADERS", "SHEET_TITLE", "meeting_rows", "write_meetings_xlsx"]
