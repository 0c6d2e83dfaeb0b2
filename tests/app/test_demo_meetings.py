"""Demo meetings and survey responses: the methodology's sequence, some pairs off-track, deterministic."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from statistics import mean

import pytest
from sqlalchemy import func, select

from app.demo import fill_demo
from app.demo_meetings import fill_demo_meetings
from app.meeting_rules import needs_feedback, stage_of
from app.services.meetings import attention_list, check_meeting, get_meeting
from db.models import GroupMember, Meeting, MeetingAttendance, MentoringGroup, SurveyResponse, SurveyTemplate

TODAY = dt.date(2026, 11, 26)


def _count(session, table) -> int:  # noqa: ANN001
    return session.execute(select(func.count()).select_from(table)).scalar_one()


@pytest.fixture
def filled(db, session, demo_snapshot):
    """fill_demo(mentees=400, seed=11, today=TODAY), built once per session; each test gets its own copy."""
    from tests.snapshots import load_into

    path, result = demo_snapshot(mentees=400, seed=11, today=TODAY)
    load_into(db, session, path)
    return session, result


def _stages(session) -> dict[int, list[tuple]]:  # noqa: ANN001
    out: dict[int, list[tuple]] = defaultdict(list)
    for m in session.execute(select(Meeting).order_by(Meeting.date, Meeting.id)).scalars():
        out[m.group_id].append((m.date, stage_of(m.kind), m))
    return out


def test_counts_dates_and_statuses(filled):
    session, result = filled
    assert result.meetings == _count(session, Meeting) > 300
    assert result.responses == _count(session, SurveyResponse) > 150
    groups = {g.id: g for g in session.execute(select(MentoringGroup)).scalars()}
    by_group = _stages(session)
    for gid, rows in by_group.items():
        g = groups[gid]
        assert g.status in ("working", "finished"), g.status  # an approved pair that met is working
        assert all(g.start_date <= day <= min(TODAY, g.end_date or TODAY) for day, _, _ in rows)
        assert all(day.weekday() < 5 for day, _, _ in rows)
        if g.status == "working" and g.status_date:
            assert g.status_date == rows[0][0]
    assert not any(g.status in ("draft", "dissolved") for gid, g in groups.items() if gid in by_group)
    members = Counter(session.execute(select(GroupMember.group_id)).scalars())
    attendance = Counter(session.execute(select(MeetingAttendance.meeting_id)).scalars())
    for gid, rows in by_group.items():
        assert all(attendance[m.id] == members[gid] for _, _, m in rows)


def test_meetings_pass_the_services_checks(filled):
    session, _ = filled
    ids = session.execute(select(Meeting.id).order_by(Meeting.id)).scalars().all()
    for meeting_id in ids[::7]:
        data = get_meeting(session, meeting_id=meeting_id)
        assert [i for i in check_meeting(session, data=data) if i.severity == "error"] == []


def test_most_pairs_follow_the_sequence(filled):
    session, _ = filled
    groups = {g.id: g for g in session.execute(select(MentoringGroup)).scalars()}
    by_group = _stages(session)
    opened = [tuple(s for _, s, _ in rows[:3]) for rows in by_group.values() if len(rows) >= 3]
    assert len(opened) > 40
    regular = sum(o == ("intro", "trial", "planning") for o in opened)
    assert 0.7 * len(opened) <= regular < len(opened)
    finished = [rows for gid, rows in by_group.items() if groups[gid].status == "finished"]
    with_final = sum(rows[-1][1] == "final" for rows in finished)
    assert finished and 0.7 * len(finished) <= with_final < len(finished)
    working = [m for rows in by_group.values() for _, s, m in rows if needs_feedback(s)]
    complete = sum(m.feedback_mentee and m.feedback_mentor for m in working)
    assert 0.85 * len(working) <= complete < len(working)
    for rows in by_group.values():  # a working meeting 1–3 weeks after the previous one (but the New Year break)
        gaps = [(b[0] - a[0]).days for a, b in zip(rows, rows[1:])
                if b[1] == "working" and not (a[0].month == 12 and b[0].month == 1)]
        assert all(7 <= gap <= 23 for gap in gaps), gaps


def test_attention_list_has_every_kind_of_deviation(filled):
    session, _ = filled
    warnings = attention_list(session, today=TODAY)
    flagged = {w.group_id for w in warnings}
    active = _count(session, MentoringGroup.__table__.select().where(
        MentoringGroup.status.in_(("approved", "working", "finished"))).subquery())
    assert 0.1 * active <= len(flagged) <= 0.3 * active
    assert {w.code for w in warnings} >= {"first_not_intro", "no_planning", "no_feedback", "inactive", "no_final"}


def test_survey_responses(filled):
    session, _ = filled
    codes = dict(session.execute(select(SurveyTemplate.id, SurveyTemplate.code)).all())
    responses = session.execute(select(SurveyResponse)).scalars().all()
    by_code: dict[str, list] = defaultdict(list)
    for r in responses:
        by_code[codes[r.template_id]].append(r)
    assert set(by_code) == {"mentee_pre", "mentor_pre", "mentee_post", "mentor_post", "meeting_feedback"}
    statuses = dict(session.execute(select(MentoringGroup.id, MentoringGroup.status)).all())
    members = Counter(session.execute(select(GroupMember.group_id)).scalars())
    in_pairs = sum(n for gid, n in members.items() if statuses[gid] in ("approved", "working", "finished"))
    assert 0.7 * in_pairs <= len(by_code["mentee_pre"]) <= in_pairs
    assert all(statuses[r.group_id] == "finished" for r in by_code["mentee_post"] + by_code["mentor_post"])
    assert all(r.mentee_id and r.respondent_role == "mentee" for r in by_code["mentee_pre"])
    assert all(r.mentor_id and r.respondent_role == "mentor" for r in by_code["mentor_pre"])
    pre = mean(r.answers["effectiveness"] for r in by_code["mentee_pre"] if "effectiveness" in r.answers)
    post = mean(r.answers["effectiveness"] for r in by_code["mentee_post"] if "effectiveness" in r.answers)
    assert post > pre + 0.5
    scores = [v for r in responses for v in r.answers.values() if isinstance(v, int) and not isinstance(v, bool)]
    assert min(scores) >= 1 and max(scores) == 10 and sum(v <= 4 for v in scores) > 0
    feedback = by_code["meeting_feedback"]
    assert {r.respondent_role for r in feedback} == {"mentee", "mentor"}
    meetings = {m.id: m for m in session.execute(select(Meeting)).scalars()}
    for r in feedback:
        m = meetings[r.meeting_id]
        assert r.group_id == m.group_id and needs_feedback(stage_of(m.kind))
        assert m.feedback_mentee if r.respondent_role == "mentee" else m.feedback_mentor
        assert m.date <= r.answered_on <= TODAY


def _snapshot(tmp_path, name: str, seed: int, template) -> tuple[list, list]:  # noqa: ANN001
    from app.database import open_database
    from tests.snapshots import fresh_copy

    database = open_database(fresh_copy(template, tmp_path / name))
    try:
        with database.session() as s:
            fill_demo(s, mentees=150, mentors=25, seed=seed, today=TODAY)
            meetings = s.execute(select(Meeting.uuid, Meeting.group_id, Meeting.date, Meeting.kind, Meeting.topic,
                                        Meeting.feedback_mentee).order_by(Meeting.id)).all()
            responses = s.execute(select(SurveyResponse.template_id, SurveyResponse.mentee_id, SurveyResponse.answers,
                                         SurveyResponse.meeting_id).order_by(SurveyResponse.id)).all()
            return meetings, responses
    finally:
        database.close()


def test_deterministic_for_a_seed(tmp_path, _migrated_school_file):
    template = _migrated_school_file
    first, second, other = (_snapshot(tmp_path, "a.sqlite3", 5, template),
                            _snapshot(tmp_path, "b.sqlite3", 5, template),
                            _snapshot(tmp_path, "c.sqlite3", 6, template))
    assert first == second
    assert first[0] and first[1]
    assert first != other


def test_only_new_pairs_are_filled(session):
    first = fill_demo(session, mentees=100, mentors=20, seed=3, today=TODAY)
    before = session.execute(select(Meeting.group_id, func.count()).group_by(Meeting.group_id)).all()
    second = fill_demo(session, mentees=100, mentors=20, seed=3, today=TODAY)
    after = dict(session.execute(select(Meeting.group_id, func.count()).group_by(Meeting.group_id)).all())
    assert all(after[gid] == n for gid, n in before)
    assert _count(session, Meeting) == first.meetings + second.meetings
    assert fill_demo_meetings(session, seed=1, today=TODAY, group_after=10**6) == (0, 0)


def test_before_any_pair_started(session):
    result = fill_demo(session, mentees=60, mentors=10, seed=2, today=dt.date(2026, 9, 1))
    assert result.meetings == _count(session, Meeting)
    assert session.execute(select(func.max(Meeting.date))).scalar_one() is None or \
        session.execute(select(func.max(Meeting.date))).scalar_one() <= dt.date(2026, 9, 1)
