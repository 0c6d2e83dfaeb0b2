"""Completion of a pair/group: results, case link, final survey, status «завершена» with a date; undo."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlmodel import Session

from app.errors import ConflictError, Issue, NotFoundError, ValidationError
from app.meeting_rules import stage_of
from app.schemas import ACTIVE_GROUP_STATUSES, GROUP_STATUSES
from app.text import clean, format_date, full_name
from db.engine import transaction
from db.models import (GroupMember, Meeting, Mentee, Mentor, MentoringGroup, SurveyResponse, SurveyTemplate,
                       utcnow)

COMPLETABLE = ("approved", "working")
# Typical results in the methodology's sense (Р-145, section 3 «Ожидаемые результаты»), offered as hints.
TYPICAL_RESULTS: tuple[str, ...] = (
    "Повышение успеваемости, улучшение образовательных результатов",
    "Участие и победы в олимпиадах, конкурсах, проектах",
    "Осознанный выбор профиля обучения и профессии (профориентация)",
    "Улучшение психологического климата, адаптация в коллективе",
    "Построена индивидуальная образовательная траектория",
    "Успешная адаптация молодого специалиста, рост профессиональных компетенций",
    "Разработан и защищён проект",
    "Снижение числа пропусков и конфликтов",
)


@dataclass(frozen=True)
class FinalSurveyState:
    """Who of a pair/group answered an end-of-programme (итоговая) questionnaire."""

    mentees_total: int
    mentees_answered: int
    mentor_answered: bool

    @property
    def done(self) -> bool:
        """Every mentee answered the final questionnaire."""
        return self.mentees_total > 0 and self.mentees_answered >= self.mentees_total

    @property
    def any(self) -> bool:
        """Someone of the pair answered a final questionnaire in the programme."""
        return self.mentees_answered > 0 or self.mentor_answered

    @property
    def text(self) -> str:
        if not self.any:
            return "Итоговые анкеты в программе не введены — отметьте, если анкетирование проведено на бумаге"
        mentor = "наставник — заполнил" if self.mentor_answered else "наставник — нет"
        if self.mentees_total == 1:
            mentee = "наставляемый — заполнил" if self.mentees_answered else "наставляемый — нет"
        else:
            mentee = f"наставляемые — {self.mentees_answered} из {self.mentees_total}"
        return f"По анкетам: итоговую анкету {mentee}; {mentor}"


def default_end_date(info: CompletionInfo, *, today: dt.date) -> tuple[dt.date, str]:
    """The form's proposed completion date and the hint saying where it comes from."""
    if info.final_meeting is not None and info.final_meeting <= today:
        return info.final_meeting, f"по дате итоговой встречи {format_date(info.final_meeting)}"
    return today, "сегодня — итоговой встречи в журнале нет"


@dataclass(frozen=True)
class CompletionInfo:
    """What the completion form shows for one pair/group."""

    group_id: int
    label: str
    status: str
    start_date: dt.date | None
    end_date: dt.date | None
    results: str
    case_url: str
    final_survey_done: bool
    survey: FinalSurveyState
    final_meeting: dt.date | None  # the date of the итоговая встреча, if logged
    last_meeting: dt.date | None


def _group(session: Session, group_id: int) -> MentoringGroup:
    group = session.get(MentoringGroup, group_id)
    if group is None:
        raise NotFoundError("Пара (группа) не найдена")
    return group


def _members(session: Session, group_id: int) -> list[int]:
    return list(session.execute(select(GroupMember.mentee_id).where(GroupMember.group_id == group_id)
                                .order_by(GroupMember.id)).scalars())


def final_survey_state(session: Session, *, group_id: int) -> FinalSurveyState:
    """Final («итоговая», purpose «post») questionnaires answered by the pair's members since it started."""
    group = _group(session, group_id)
    members = _members(session, group_id)
    query = (select(SurveyResponse.respondent_role, SurveyResponse.mentee_id, SurveyResponse.mentor_id,
                    SurveyResponse.group_id)
             .join(SurveyTemplate, SurveyTemplate.id == SurveyResponse.template_id)
             .where(SurveyTemplate.purpose == "post"))
    if group.start_date is not None:
        query = query.where(SurveyResponse.answered_on >= group.start_date)
    mentees: set[int] = set()
    mentor = False
    for role, mentee_id, mentor_id, response_group in session.execute(query):
        if response_group is not None and response_group != group_id:
            continue  # answered for another pair
        if role == "mentee" and mentee_id in members:
            mentees.add(mentee_id)
        elif role == "mentor" and mentor_id == group.mentor_id:
            mentor = True
    return FinalSurveyState(len(members), len(mentees), mentor)


def _label(session: Session, group: MentoringGroup, members: list[int]) -> str:
    mentor = session.get(Mentor, group.mentor_id)
    names = [full_name(m.last_name, m.first_name, m.middle_name)
             for m in session.execute(select(Mentee).where(Mentee.id.in_(members))).scalars()]
    noun = "Пара" if len(members) == 1 else "Группа"
    who = full_name(mentor.last_name, mentor.first_name, mentor.middle_name) if mentor else "?"
    return f"{noun} № {group.id}: {who} — {', '.join(names)}"


def get_completion(session: Session, *, group_id: int) -> CompletionInfo:
    """The pair's completion data and what the meetings and questionnaires say (for the form)."""
    group = _group(session, group_id)
    members = _members(session, group_id)
    meetings = session.execute(select(Meeting.date, Meeting.kind).where(Meeting.group_id == group_id)
                               .order_by(Meeting.date)).all()
    finals = [d for d, kind in meetings if stage_of(kind) == "final"]
    return CompletionInfo(group.id, _label(session, group, members), group.status, group.start_date,
                          group.end_date, group.results, group.case_url, group.final_survey_done,
                          final_survey_state(session, group_id=group_id), finals[-1] if finals else None,
                          meetings[-1][0] if meetings else None)


def _check_url(text: str) -> tuple[str, Issue | None]:
    url = text.strip()
    if not url:
        return "", None
    if any(ch.isspace() for ch in url):
        return url, Issue("ссылка не должна содержать пробелов", field="Ссылка на кейс")
    if url.lower().startswith("www."):
        url = "https://" + url
    return url, None


def complete_group(session: Session, *, group_id: int, end_date: dt.date | None, results: str,
                   case_url: str = "", final_survey_done: bool | None = None,
                   today: dt.date | None = None) -> bool:
    """Mark an approved/working pair «завершена» on ``end_date`` with its results; returns the final-survey flag
    stored (detected from the members' final questionnaires when ``final_survey_done`` is None)."""
    group = _group(session, group_id)
    if group.status not in COMPLETABLE:
        raise ConflictError(f"Завершить можно только утверждённую или работающую пару; у этой статус "
                            f"«{GROUP_STATUSES.get(group.status, group.status)}»")
    today = today or dt.date.today()
    issues: list[Issue] = []
    if end_date is None:
        issues.append(Issue("укажите дату завершения", field="Дата завершения"))
    else:
        if group.start_date is not None and end_date < group.start_date:
            issues.append(Issue(f"раньше начала работы пары ({format_date(group.start_date)})",
                                field="Дата завершения"))
        if end_date > today:
            issues.append(Issue(f"дата в будущем (сегодня {format_date(today)})", field="Дата завершения"))
        later = session.execute(select(Meeting.date).where(Meeting.group_id == group_id, Meeting.date > end_date)
                                .order_by(Meeting.date.desc())).scalars().first()
        if later is not None:
            issues.append(Issue(f"после этой даты в журнале есть встреча ({format_date(later)})",
                                field="Дата завершения"))
    text = "\n".join(line.rstrip() for line in (results or "").strip().splitlines())
    if not text:
        issues.append(Issue("опишите результаты программы", field="Результаты"))
    url, problem = _check_url(case_url)
    if problem is not None:
        issues.append(problem)
    if issues:
        raise ValidationError(issues)
    if final_survey_done is None:
        final_survey_done = final_survey_state(session, group_id=group_id).done
    with transaction(session):
        group.status, group.status_date, group.end_date = "finished", end_date, end_date
        group.results, group.case_url, group.final_survey_done = text, url, bool(final_survey_done)
        group.updated_at = utcnow()
        session.add(group)
    return bool(final_survey_done)


def reopen_group(session: Session, *, group_id: int, today: dt.date | None = None) -> None:
    """Undo a completion: the pair works again; its results, link and survey mark are kept for next time."""
    group = _group(session, group_id)
    if group.status != "finished":
        raise ConflictError("Отменить завершение можно только у завершённой пары")
    members = _members(session, group_id)
    taken = session.execute(
        select(GroupMember.mentee_id).join(MentoringGroup, MentoringGroup.id == GroupMember.group_id)
        .where(GroupMember.mentee_id.in_(members), MentoringGroup.id != group_id,
               MentoringGroup.status.in_(ACTIVE_GROUP_STATUSES))).scalars().all()
    if taken:
        names = [full_name(m.last_name, m.first_name) for m in
                 session.execute(select(Mentee).where(Mentee.id.in_(taken))).scalars()]
        raise ConflictError(f"Нельзя отменить завершение: {', '.join(names)} "
                            "уже в другой активной паре или группе")
    with transaction(session):
        group.status, group.end_date = "working", None
        group.status_date = today or dt.date.today()
        group.updated_at = utcnow()
        session.add(group)


def clean_results(text: str) -> str:
    """Results as one paragraph for documents (lines joined with «; »)."""
    return "; ".join(clean(line).rstrip(";.") for line in (text or "").splitlines() if clean(line))


__all__ = ["COMPLETABLE", "TYPICAL_RESULTS", "CompletionInfo", "FinalSurveyState", "clean_results",
           "complete_group", "default_end_date", "final_survey_state", "get_completion", "reopen_group"]
