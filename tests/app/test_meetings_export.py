"""Export of the meeting log to xlsx: real dates, formula-like text kept as text, layout, filter by pair."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook

from app.errors import StorageError
from app.meetings_export import HEADERS, SHEET_TITLE, write_meetings_xlsx
from app.schemas import GroupData
from app.schemas_meetings import MeetingData
from app.schemas_surveys import ResponseData
from app.services import meetings, pairs
from app.services.people import save_mentee, save_mentor
from app.services.surveys import add_responses, list_templates
from tests import factories

D = dt.date


@pytest.fixture
def two_pairs(session):
    out = []
    for mentor_last, mentee_last in (("Кузнецова", "Соколов"), ("Андреева", "Белов")):
        mentee = save_mentee(session, data=factories.mentee(last_name=mentee_last))
        mentor = save_mentor(session, data=factories.mentor(last_name=mentor_last))
        gid = pairs.save_group(session, data=GroupData(mentor_id=mentor, mentee_ids=(mentee,), form="учитель – ученик",
                                                       start_date=D(2026, 9, 15)))
        pairs.set_status(session, group_id=gid, status="approved")
        out.append((gid, mentee, mentor))
    return out


def test_rows_columns_and_types(session, two_pairs, tmp_path):
    (g1, mentee1, _), (g2, _, _) = two_pairs
    late = meetings.save_meeting(session, data=MeetingData(
        group_id=g1, date=D(2026, 10, 2), kind="рабочая встреча", start_time="15:30", format="remote",
        topic="=SUM(A1:A9)", outcome="+7 баллов", next_steps="-решить задачи", feedback_mentor=True))
    meetings.save_meeting(session, data=MeetingData(group_id=g1, date=D(2026, 9, 18), kind="встреча-знакомство",
                                                    topic="Знакомство", absent_mentee_ids=(mentee1,)))
    meetings.save_meeting(session, data=MeetingData(group_id=g2, date=D(2026, 9, 20), kind="пробная встреча"))
    feedback = next(t for t in list_templates(session) if t.code == "meeting_feedback")
    add_responses(session, responses=[ResponseData(template_id=feedback.id, answered_on=D(2026, 10, 2),
                                                   respondent_role="mentee", mentee_id=mentee1, group_id=g1,
                                                   meeting_id=late, answers={"useful": 9})])
    path = tmp_path / "meetings.xlsx"
    assert write_meetings_xlsx(session, path=path) == 3
    wb = load_workbook(path)
    ws = wb[SHEET_TITLE]
    assert wb.sheetnames == [SHEET_TITLE]
    assert tuple(c.value for c in ws[1]) == HEADERS
    assert all(c.font.bold for c in ws[1])
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:O4"
    assert ws.page_setup.orientation == "landscape"
    assert ws.print_title_rows == "$1:$1"
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=2)]
    assert [r[0] for r in rows] == [dt.datetime(2026, 9, 18), dt.datetime(2026, 9, 20), dt.datetime(2026, 10, 2)]
    assert ws["A2"].is_date and ws["A2"].number_format == "DD.MM.YYYY"
    first, _, last = rows
    assert first[2] == "Кузнецова Светлана Викторовна"
    assert first[3] == "Соколов Пётр Сергеевич" and first[4] == "учитель – ученик"
    assert first[5] == "встреча-знакомство" and first[6] == "встреча-знакомство" and first[7] == "очно"
    assert first[11] == "Соколов П.С."
    assert last[1] == "15:30" and last[6] == "рабочая встреча" and last[7] == "дистанционно"
    assert last[8] == "=SUM(A1:A9)" and ws["I4"].data_type == "s"  # text, not a formula
    assert last[9] == "+7 баллов" and last[10] == "-решить задачи"
    assert last[12:] == ["да", "да", 1]  # the linked response counts as the mentee's feedback
    assert first[12:14] == ["нет", "нет"]


def test_filter_by_pair_and_empty(session, two_pairs, tmp_path):
    (g1, _, _), (g2, _, _) = two_pairs
    meetings.save_meeting(session, data=MeetingData(group_id=g1, date=D(2026, 9, 18), kind="встреча-знакомство"))
    meetings.save_meeting(session, data=MeetingData(group_id=g2, date=D(2026, 9, 20), kind="пробная встреча"))
    path = tmp_path / "one.xlsx"
    assert write_meetings_xlsx(session, path=path, group_ids=[g2]) == 1
    ws = load_workbook(path).active
    assert ws.max_row == 2 and ws["C2"].value.startswith("Андреева")
    assert write_meetings_xlsx(session, path=path, group_ids=[]) == 0
    assert load_workbook(path).active.max_row == 1


def test_missing_folder(session, tmp_path):
    with pytest.raises(StorageError):
        write_meetings_xlsx(session, path=tmp_path / "no" / "x.xlsx")
