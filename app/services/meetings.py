"""The meeting log: save, delete, list meetings; per-pair timelines and the «Требуют внимания» list."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict

from sqlalchemy import delete, select
from sqlmodel import Session

from app.errors import Issue, NotFoundError, ValidationError
from app.meeting_rules import stage_of, timeline
from app.schemas_meetings import MEETING_FORMATS, MeetingData, MeetingFact, MeetingRow, PairFacts, PairTimeline, PairWarning
from app.settings import load_settings
from app.text import clean, format_date, full_name, short_name
from db.engine import transaction
from db.models import GroupMember, Meeting, MeetingAttendance, Mentee, Mentor, MentoringGroup, SurveyResponse, utcnow

_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


def normalize_time(text: str) -> str:
    """«1630», «16.30», «9:05» → «16:30», «16:30», «09:05»; anything else is returned stripped (and rejected)."""
    raw = text.strip().replace(".", ":").replace("-", ":").replace(" ", ":")
    if raw.isdigit() and len(raw) in (3, 4):
        raw = f"{raw[:-2]}:{raw[-2:]}"
    match = _TIME.match(raw)
    return f"{int(match.group(1)):02d}:{match.group(2)}" if match else text.strip()


def check_meeting(session: Session, *, data: MeetingData) -> list[Issue]:
    """Validation issues (errors block saving, warnings are shown)."""
    issues: list[Issue] = []
    group = session.get(MentoringGroup, data.group_id)
    if group is None:
        return [Issue("выберите пару или группу", field="Пара/группа")]
    if not clean(data.kind):
        issues.append(Issue("выберите тип встречи", field="Тип встречи"))
    if data.format not in MEETING_FORMATS:
        issues.append(Issue("очно или дистанционно", field="Формат"))
    if data.start_time and not _TIME.match(normalize_time(data.start_time)):
        issues.append(Issue("время в формате ЧЧ:ММ, например 15:30", field="Время"))
    if data.duration_min is not None and not 1 <= data.duration_min <= 600:
        issues.append(Issue("от 1 до 600 минут", field="Длительность"))
    if data.date > dt.date.today() + dt.timedelta(days=366):
        issues.append(Issue("дата больше чем на год вперёд", field="Дата"))
    if group.end_date and data.date > group.end_date:
        issues.append(Issue(f"позже завершения работы пары ({format_date(group.end_date)})", field="Дата"))
    if group.start_date and data.date < group.start_date:
        issues.append(Issue(f"раньше начала работы пары ({format_date(group.start_date)})", field="Дата",
                            severity="warning"))
    members = set(session.execute(select(GroupMember.mentee_id).where(GroupMember.group_id == group.id)).scalars())
    if set(data.absent_mentee_ids) - members:
        issues.append(Issue("отмечен отсутствующим не участник группы", field="Посещаемость"))
    if members and set(data.absent_mentee_ids) >= members:
        issues.append(Issue("ни один наставляемый не пришёл", field="Посещаемость", severity="warning"))
    return issues


def save_meeting(session: Session, *, data: MeetingData) -> int:
    """Insert or update a meeting with its attendance; an approved pair starts working."""
    errors = [i for i in check_meeting(session, data=data) if i.severity == "error"]
    if errors:
        raise ValidationError(errors)
    with transaction(session):
        if data.id is None:
            meeting = Meeting(group_id=data.group_id, date=data.date)
        else:
            meeting = session.get(Meeting, data.id)
            if meeting is None:
                raise NotFoundError("Встреча не найдена (возможно, удалена)")
        meeting.group_id = data.group_id
        meeting.date = data.date
        meeting.start_time = normalize_time(data.start_time)
        meeting.duration_min = data.duration_min
        meeting.kind = clean(data.kind)
        meeting.format = data.format
        meeting.topic = clean(data.topic)
        meeting.outcome = data.outcome.strip()
        meeting.next_steps = data.next_steps.strip()
        meeting.feedback_mentee = data.feedback_mentee
        meeting.feedback_mentor = data.feedback_mentor
        meeting.updated_at = utcnow()
        session.add(meeting)
        session.flush()
        session.execute(delete(MeetingAttendance).where(MeetingAttendance.meeting_id == meeting.id))
        members = session.execute(select(GroupMember.mentee_id).where(GroupMember.group_id == data.group_id)).scalars()
        for mentee_id in members:
            session.add(MeetingAttendance(meeting_id=meeting.id, mentee_id=mentee_id,
                                          present=mentee_id not in data.absent_mentee_ids))
        group = session.get(MentoringGroup, data.group_id)
        if group.status == "approved":
            group.status = "working"
            group.status_date = data.date
            group.updated_at = utcnow()
            session.add(group)
    return meeting.id


def get_meeting(session: Session, *, meeting_id: int) -> MeetingData:
    m = session.get(Meeting, meeting_id)
    if m is None:
        raise NotFoundError("Встреча не найдена (возможно, удалена)")
    absent = tuple(session.execute(select(MeetingAttendance.mentee_id).where(
        MeetingAttendance.meeting_id == m.id, MeetingAttendance.present == False)).scalars())  # noqa: E712
    return MeetingData(group_id=m.group_id, date=m.date, kind=m.kind, start_time=m.start_time,
                       duration_min=m.duration_min, format=m.format, topic=m.topic, outcome=m.outcome,
                       next_steps=m.next_steps, feedback_mentee=m.feedback_mentee,
                       feedback_mentor=m.feedback_mentor, absent_mentee_ids=absent, id=m.id)


def delete_meeting(session: Session, *, meeting_id: int) -> None:
    m = session.get(Meeting, meeting_id)
    if m is None:
        raise NotFoundError("Встреча не найдена (возможно, уже удалена)")
    with transaction(session):
        session.delete(m)


def _groups(session: Session) -> dict[int, tuple]:
    """group id → (label, status, is_group, form, mentor_id, mentor_name, mentee_names, start, planned_end, end)."""
    names = {r[0]: r[1:] for r in session.execute(select(Mentee.id, Mentee.last_name, Mentee.first_name,
                                                         Mentee.middle_name, Mentee.group_name))}
    mentors = {r[0]: r[1:] for r in session.execute(select(Mentor.id, Mentor.last_name, Mentor.first_name,
                                                           Mentor.middle_name))}
    members: dict[int, list[int]] = defaultdict(list)
    for gid, mid in session.execute(select(GroupMember.group_id, GroupMember.mentee_id).order_by(GroupMember.id)):
        members[gid].append(mid)
    out = {}
    for g in session.execute(select(MentoringGroup)).scalars():
        mentor = mentors.get(g.mentor_id, ("?", "", ""))
        mentees = [names[i] for i in members.get(g.id, ()) if i in names]
        mentee_full = tuple(full_name(*n[:3]) for n in mentees)
        shown = ", ".join(short_name(*n[:3]) + (f" ({n[3]})" if n[3] else "") for n in mentees[:3])
        if len(mentees) > 3:
            shown += f" и ещё {len(mentees) - 3}"
        label = f"{short_name(*mentor)} — {shown}" if shown else short_name(*mentor)
        out[g.id] = (label, g.status, len(mentees) > 1, g.form, g.mentor_id, full_name(*mentor), mentee_full,
                     g.start_date, g.planned_end_date, g.end_date)
    return out


def list_meetings(session: Session, *, group_id: int | None = None) -> list[MeetingRow]:
    """Meetings (of one pair or all), newest first."""
    groups = _groups(session)
    cols = (Meeting.id, Meeting.group_id, Meeting.date, Meeting.start_time, Meeting.duration_min, Meeting.kind,
            Meeting.format, Meeting.topic, Meeting.outcome, Meeting.next_steps, Meeting.feedback_mentee,
            Meeting.feedback_mentor)
    query = select(*cols)
    if group_id is not None:
        query = query.where(Meeting.group_id == group_id)
    meetings = session.execute(query.order_by(Meeting.date.desc(), Meeting.start_time.desc(),
                                              Meeting.id.desc())).all()
    linked: dict[int, int] = defaultdict(int)
    roles: dict[int, set[str]] = defaultdict(set)
    for mid, role in session.execute(select(SurveyResponse.meeting_id, SurveyResponse.respondent_role)
                                     .where(SurveyResponse.meeting_id.is_not(None))):
        linked[mid] += 1
        roles[mid].add(role)
    names = {r[0]: short_name(*r[1:]) for r in session.execute(select(Mentee.id, Mentee.last_name,
                                                                      Mentee.first_name, Mentee.middle_name))}
    absent: dict[int, list[str]] = defaultdict(list)
    for mid, mentee_id in session.execute(select(MeetingAttendance.meeting_id, MeetingAttendance.mentee_id)
                                          .where(MeetingAttendance.present == False)):  # noqa: E712
        absent[mid].append(names.get(mentee_id, "?"))
    rows = []
    for (mid, gid, date, start, duration, kind, fmt, topic, outcome, next_steps, fb_mentee,
         fb_mentor) in meetings:
        g = groups.get(gid)
        if g is None:
            continue
        rows.append(MeetingRow(
            id=mid, group_id=gid, group_label=g[0], group_status=g[1], is_group=g[2], form=g[3],
            mentor_id=g[4], mentor_name=g[5], mentee_names=g[6], date=date, start_time=start,
            duration_min=duration, kind=kind, stage=stage_of(kind), format=fmt, topic=topic,
            outcome=outcome, next_steps=next_steps, feedback_mentee=fb_mentee or "mentee" in roles[mid],
            feedback_mentor=fb_mentor or "mentor" in roles[mid], linked_responses=linked.get(mid, 0),
            absent_names=tuple(absent.get(mid, ()))))
    return rows


def _facts(session: Session, *, group_ids: list[int] | None = None) -> list[PairFacts]:
    groups = _groups(session)
    by_group: dict[int, list[MeetingFact]] = defaultdict(list)
    linked: dict[int, set[str]] = defaultdict(set)
    for mid, role in session.execute(select(SurveyResponse.meeting_id, SurveyResponse.respondent_role)
                                     .where(SurveyResponse.meeting_id.is_not(None))):
        linked[mid].add(role)
    query = select(Meeting.id, Meeting.group_id, Meeting.date, Meeting.kind, Meeting.feedback_mentee,
                   Meeting.feedback_mentor).order_by(Meeting.date, Meeting.start_time, Meeting.id)
    for mid, gid, date, kind, fb_mentee, fb_mentor in session.execute(query):
        by_group[gid].append(MeetingFact(mid, date, stage_of(kind), fb_mentee or "mentee" in linked[mid],
                                         fb_mentor or "mentor" in linked[mid]))
    ids = group_ids if group_ids is not None else sorted(groups)
    return [PairFacts(group_id=gid, label=groups[gid][0], status=groups[gid][1], start_date=groups[gid][7],
                      planned_end_date=groups[gid][8], end_date=groups[gid][9],
                      meetings=tuple(by_group.get(gid, ())))
            for gid in ids if gid in groups]


def pair_timelines(session: Session, *, group_ids: list[int] | None = None,
                   today: dt.date | None = None) -> dict[int, PairTimeline]:
    """Meetings, stage and warnings of many pairs/groups (None = all) in one read."""
    s = load_settings(session)
    return {f.group_id: timeline(f, today=today or dt.date.today(), inactivity_weeks=s.inactivity_weeks,
                                 planning_within=s.planning_within)
            for f in _facts(session, group_ids=group_ids)}


def pair_timeline(session: Session, *, group_id: int, today: dt.date | None = None) -> PairTimeline:
    """Meetings, stage and warnings of one pair/group."""
    found = pair_timelines(session, group_ids=[group_id], today=today)
    if group_id not in found:
        raise NotFoundError("Пара или группа не найдена")
    return found[group_id]


def attention_list(session: Session, *, today: dt.date | None = None) -> list[PairWarning]:
    """Warnings of every approved, working or finished pair/group («Требуют внимания»)."""
    out: list[PairWarning] = []
    for line in pair_timelines(session, today=today).values():
        out.extend(line.warnings)  # drafts and dissolved pairs have none (meeting_rules)
    return out


def mark_feedback(session: Session, *, meeting_id: int, roles: set[str]) -> None:
    """Record that feedback of ``roles`` (mentee, mentor) was received for a meeting (e.g. after survey entry)."""
    m = session.get(Meeting, meeting_id)
    if m is None:
        raise NotFoundError("Встреча не найдена (возможно, удалена)")
    with transaction(session):
        m.feedback_mentee = m.feedback_mentee or "mentee" in roles
        m.feedback_mentor = m.feedback_mentor or "mentor" in roles
        m.updated_at = utcnow()
        session.add(m)
