"""Demo meetings (the methodology's sequence, some pairs deliberately off-track) and survey responses."""

from __future__ import annotations

import datetime as dt
import random
import uuid as uuid_module
from collections.abc import Callable
from dataclasses import dataclass, field

OFF_TRACK_SHARE = 0.18  # pairs that deliberately break the sequence, so «Требуют внимания» is not empty
CURRENT_OFF = ("first_not_intro", "no_planning", "no_feedback", "inactive", "inactive", "none")
FINISHED_OFF = ("first_not_intro", "no_planning", "no_feedback", "no_final", "no_final")
TIMES = ("13:45", "14:30", "15:00", "15:00", "15:30", "15:30", "16:00", "16:30")
DURATIONS = (30, 40, 45, 45, 45, 60, 60, 90)
WINTER_BREAK = ((12, 29), (1, 11))  # no meetings in the New Year holidays
PROGRESS_STEP = 25

TOPICS: dict[str, tuple[str, ...]] = {
    "intro": ("Знакомство, интересы и ожидания", "Знакомство: цели участия в программе",
              "Знакомство, правила совместной работы"),
    "trial": ("Пробное занятие: разбор трудной темы", "Пробная встреча: первые шаги к цели",
              "Пробная встреча: диагностика затруднений"),
    "planning": ("Составление индивидуального плана развития", "Планирование: цели, задачи, сроки",
                 "Согласование плана работы на полугодие"),
    "working": ("Разбор ошибок контрольной работы", "Подготовка к олимпиаде", "Работа над проектом",
                "Тайм-менеджмент и режим дня", "Подготовка к выступлению", "Как готовиться к экзаменам",
                "Анализ урока", "Разбор домашнего задания", "Профессиональные пробы", "Обсуждение книги",
                "Работа с текстом «Как читать научно-популярную статью»", "Подготовка портфолио"),
    "final": ("Подведение итогов работы", "Итоговая встреча: результаты и планы",
              "Итоги программы, презентация достижений"),
}
TOPICS["group"] = TOPICS["working"]
OUTCOMES: dict[str, tuple[str, ...]] = {
    "intro": ("Познакомились, обсудили ожидания и интересы.", "Договорились о формате и частоте встреч.",
              "Определили круг вопросов для работы."),
    "trial": ("Выявлены основные затруднения.", "Проведено пробное занятие, наставляемый работал активно.",
              "Определили, что получается, а что требует работы."),
    "planning": ("Составлен индивидуальный план развития.", "Сформулированы цели и задачи на полугодие.",
                 "План согласован, сроки определены."),
    "working": ("Задача выполнена, тема разобрана.", "Разобрали ошибки, наставляемый исправил работу.",
                "Продвинулись в проекте: готов план исследования.", "Наставляемый выступил увереннее, чем раньше.",
                "Часть заданий не выполнена, причины обсудили.", "Отработали приёмы, результат заметен."),
    "final": ("Подведены итоги, цели плана достигнуты.", "Большая часть плана выполнена, итоги обсуждены.",
              "Наставляемый представил результаты, заполнены анкеты."),
}
OUTCOMES["group"] = OUTCOMES["working"]
NEXT_STEPS: dict[str, tuple[str, ...]] = {
    "intro": ("Провести пробную встречу.", "Подготовить список вопросов к следующей встрече."),
    "trial": ("Составить план работы на следующей встрече.", "Продумать цели на полугодие."),
    "planning": ("Приступить к выполнению плана.", "Выполнить первое задание плана."),
    "working": ("Выполнить задания к следующей встрече.", "Повторить материал и решить три задачи.",
                "Подготовить черновик выступления.", "Продолжить работу над проектом.", ""),
    "final": ("Оформить кейс для методического объединения.", "Продолжить самостоятельную работу.", ""),
}
NEXT_STEPS["group"] = NEXT_STEPS["working"]
TEXT_ANSWERS: dict[str, tuple[str, ...]] = {
    "expect": ("Помощь в учёбе", "Хочу научиться планировать время", "Поддержки и совета",
               "Подготовиться к олимпиаде", "Разобраться с трудными темами", "Передать опыт"),
    "valuable": ("Личные встречи", "Поддержка и внимание", "Разбор ошибок", "Работа над проектом",
                 "Доверительная атмосфера"),
    "missing": ("Времени", "Групповых встреч", "Ничего, всё понравилось", "Более частых встреч"),
}
WHERE_BEFORE = ("в прошлом году в школе", "в летнем лагере", "в другой школе", "в кружке")
FEEDBACK_COMMENTS = ("Подготовку к контрольной", "Проект", "Выступление", "Трудные задачи", "Планы на месяц")


@dataclass
class _Pair:
    id: int
    mentor_id: int
    status: str
    start: dt.date
    planned_end: dt.date | None
    end: dt.date | None
    members: list[int] = field(default_factory=list)
    profile: str = "ok"


def _shift(day: dt.date) -> dt.date:
    """The next school day: weekends and the New Year holidays skipped."""
    (m1, d1), (m2, d2) = WINTER_BREAK
    while True:
        if (day.month, day.day) >= (m1, d1):
            day = dt.date(day.year + 1, m2, d2) + dt.timedelta(days=1)
        elif (day.month, day.day) <= (m2, d2):
            day = dt.date(day.year, m2, d2) + dt.timedelta(days=1)
        if day.weekday() < 5:
            return day
        day += dt.timedelta(days=7 - day.weekday())


def _kinds(session) -> dict[str, str]:  # noqa: ANN001
    """Stage code → the name of a meeting type in the school's (editable) list."""
    from app.meeting_rules import stage_of
    from app.schemas_meetings import STAGES
    from app.services import reference

    out = dict(STAGES)
    found: set[str] = set()
    for name in reference.names(session, list_code="meeting_type"):
        stage = stage_of(name)
        if stage not in found:
            out[stage] = name
            found.add(stage)
    return out


def _pairs(session, group_after: int) -> list[_Pair]:  # noqa: ANN001
    rows = session.connection().exec_driver_sql(
        "SELECT g.id, g.mentor_id, g.status, g.start_date, g.planned_end_date, g.end_date FROM mentoring_group g "
        "WHERE g.id > ? AND g.status IN ('approved', 'working', 'finished') AND g.start_date IS NOT NULL "
        "AND NOT EXISTS (SELECT 1 FROM meeting m WHERE m.group_id = g.id) ORDER BY g.id", (group_after,)).all()

    def day(value: str | None) -> dt.date | None:
        return dt.date.fromisoformat(value[:10]) if value else None

    pairs = {r[0]: _Pair(r[0], r[1], r[2], day(r[3]), day(r[4]), day(r[5])) for r in rows}
    for gid, mentee_id in session.connection().exec_driver_sql(
            "SELECT group_id, mentee_id FROM group_member WHERE group_id > ? ORDER BY id", (group_after,)):
        if gid in pairs:
            pairs[gid].members.append(mentee_id)
    return [p for p in pairs.values() if p.members]


def _schedule(rng: random.Random, pair: _Pair, *, today: dt.date, inactivity_weeks: int) -> list[tuple[dt.date, str]]:
    """(date, stage) of every meeting the pair had up to ``today``, following its profile."""
    finished = pair.status == "finished"
    limit = min(today, pair.end or pair.planned_end or today) if finished else today
    if pair.profile == "none":
        return []
    if pair.profile == "inactive":  # stopped meeting well before the inactivity threshold
        limit = today - dt.timedelta(days=inactivity_weeks * 7 + rng.randint(7, 28))
    final_day = limit - dt.timedelta(days=rng.randint(0, 6)) if finished else None
    last_working = (final_day - dt.timedelta(days=5)) if final_day else limit
    opening = ["intro", "trial", "planning"]
    if pair.profile == "first_not_intro":
        opening = rng.choice((["planning"], ["working", "planning"], ["trial", "planning"]))
    elif pair.profile == "no_planning":
        opening = ["intro", "trial"]
    out: list[tuple[dt.date, str]] = []
    day = _shift(pair.start + dt.timedelta(days=rng.randint(1, 8)))
    for stage in opening:
        if day > last_working:
            return out
        out.append((day, stage))
        day = _shift(day + dt.timedelta(days=rng.randint(5, 10)))
    while True:
        day = _shift(out[-1][0] + dt.timedelta(days=rng.randint(7, 21))) if out else day
        if day > last_working:
            break
        out.append((day, "working"))
    if final_day and pair.profile != "no_final":
        day = _shift(max(final_day, out[-1][0] + dt.timedelta(days=1)) if out else final_day)
        if day > limit:  # the holiday/weekend shift went past the end: the last school day before it
            day = limit
            while day.weekday() >= 5:
                day -= dt.timedelta(days=1)
        if not out or day > out[-1][0]:
            out.append((day, "final"))
    return out


def _answer(rng: random.Random, q, mood: float) -> object:  # noqa: ANN001 - a Question
    """A plausible answer to question ``q`` from a respondent whose mood is ``mood`` (1–10)."""
    if q.type == "scale":
        x = max(1.0, min(10.0, rng.gauss(mood, 1.0)))
        return q.min + round((x - 1) / 9 * (q.max - q.min))
    if q.type == "yesno":
        share = {"met_before": 0.25, "become_mentor": 0.35, "continue": 0.55 + mood / 25,
                 "goal_reached": 0.35 + mood / 15}.get(q.key, 0.7)
        return rng.random() < share
    if q.type == "choice":
        return rng.choice(q.options) if q.options else None
    pool = TEXT_ANSWERS.get(q.key)
    if pool and rng.random() < 0.6:
        return rng.choice(pool)
    return "затрудняюсь ответить" if q.required else None


def _answers(rng: random.Random, questions, mood: float) -> dict:  # noqa: ANN001
    out = {}
    for q in questions:
        value = _answer(rng, q, mood)
        if q.key == "met_where":
            value = rng.choice(WHERE_BEFORE) if out.get("met_before") else None
        if q.key == "comment" and rng.random() < 0.5:
            value = rng.choice(FEEDBACK_COMMENTS)
        if value is not None:
            out[q.key] = value
    return out


def _templates(session) -> dict[str, tuple[int, tuple]]:  # noqa: ANN001
    """Survey code → (template id, current questions) of the shipped templates the school still has."""
    from sqlalchemy import select

    from app.services.surveys import get_template
    from db.models import SurveyTemplate

    rows = session.execute(select(SurveyTemplate.id, SurveyTemplate.code).where(
        SurveyTemplate.code != "", SurveyTemplate.archived == False)).all()  # noqa: E712
    return {code: (tid, get_template(session, template_id=tid).questions) for tid, code in rows}


def _mood(rng: random.Random, mean: float) -> float:
    if rng.random() < 0.06:  # a few unhappy respondents
        return rng.uniform(2.0, 4.5)
    return rng.gauss(mean, 1.1)


def fill_demo_meetings(session, *, seed: int, today: dt.date | None = None,  # noqa: ANN001
                       progress: Callable[[int, int], None] | None = None, group_after: int = 0) -> tuple[int, int]:
    """Meetings and survey responses for approved, working and finished pairs/groups that have no meetings.

    Only groups with an id above ``group_after`` are filled (the ones a demo run has just added). Deterministic
    for ``seed`` and ``today``; one transaction (``progress`` may raise ``Cancelled``: nothing is written).
    Returns (meetings, responses) added.
    """
    from sqlalchemy import func, select, update

    from app.demo import _insert_many
    from app.meeting_rules import needs_feedback
    from app.schemas_surveys import ResponseData
    from app.services.surveys import add_responses, seed_survey_templates
    from app.settings import load_settings
    from db.engine import transaction
    from db.models import Meeting, MeetingAttendance, MentoringGroup, utcnow

    today = today or dt.date.today()
    rng = random.Random(seed)
    settings = load_settings(session)
    seed_survey_templates(session)
    templates, kinds = _templates(session), _kinds(session)
    pairs = _pairs(session, group_after)
    now = utcnow()
    meetings: list[dict] = []
    attendance: list[dict] = []
    started: list[dict] = []
    responses: list[ResponseData] = []
    answered_pre: set[tuple[str, int, bool]] = set()
    with transaction(session):
        next_id = session.execute(select(func.coalesce(func.max(Meeting.id), 0))).scalar_one() + 1
        off_track = set(rng.sample(range(len(pairs)), round(OFF_TRACK_SHARE * len(pairs))))
        for n, pair in enumerate(pairs, start=1):
            if progress is not None and n % PROGRESS_STEP == 0:
                progress(n, len(pairs) + 1)
            finished = pair.status == "finished"
            if n - 1 in off_track:
                pair.profile = rng.choice(FINISHED_OFF if finished else CURRENT_OFF)
            is_group = len(pair.members) > 1
            schedule = _schedule(rng, pair, today=today, inactivity_weeks=settings.inactivity_weeks)
            mood = rng.gauss(6.6 if pair.profile != "ok" else 8.0, 0.8)
            needing = [n for n, (_, stage) in enumerate(schedule) if stage == "working"]
            forced = rng.choice(needing) if needing and pair.profile == "no_feedback" else None
            for index, (day, stage) in enumerate(schedule):
                kind_stage = "group" if stage == "working" and is_group and rng.random() < 0.4 else stage
                want = needs_feedback(kind_stage)
                fb = [want or stage == "final" or rng.random() < 0.3 for _ in range(2)]
                if want and pair.profile == "no_feedback" and (index == forced or rng.random() < 0.4):
                    fb[rng.randrange(2)] = False
                    if rng.random() < 0.3:
                        fb = [False, False]
                absent = [m for m in pair.members if is_group and rng.random() < 0.08]
                if len(absent) == len(pair.members):
                    absent = absent[1:]
                meetings.append({
                    "id": next_id, "uuid": str(uuid_module.UUID(int=rng.getrandbits(128), version=4)),
                    "group_id": pair.id, "date": day, "start_time": rng.choice(TIMES),
                    "duration_min": rng.choice(DURATIONS), "kind": kinds[kind_stage],
                    "format": "remote" if stage != "intro" and rng.random() < 0.15 else "in_person",
                    "topic": rng.choice(TOPICS[stage]), "outcome": rng.choice(OUTCOMES[stage]),
                    "next_steps": rng.choice(NEXT_STEPS[stage]), "feedback_mentee": fb[0],
                    "feedback_mentor": fb[1], "created_at": now, "updated_at": now})
                attendance += [{"meeting_id": next_id, "mentee_id": m, "present": m not in absent}
                               for m in pair.members]
                present = [m for m in pair.members if m not in absent]
                if want and "meeting_feedback" in templates:
                    tid, questions = templates["meeting_feedback"]
                    when = min(day + dt.timedelta(days=rng.randint(0, 2)), today)
                    if fb[0] and present and rng.random() < 0.3:
                        responses.append(ResponseData(
                            template_id=tid, answered_on=when, respondent_role="mentee",
                            mentee_id=rng.choice(present), group_id=pair.id, meeting_id=next_id,
                            answers=_answers(rng, questions, _mood(rng, mood))))
                    if fb[1] and rng.random() < 0.2:
                        responses.append(ResponseData(
                            template_id=tid, answered_on=when, respondent_role="mentor", mentor_id=pair.mentor_id,
                            group_id=pair.id, meeting_id=next_id, answers=_answers(rng, questions, _mood(rng, mood))))
                next_id += 1
            if schedule and pair.status in ("approved", "working"):
                started.append({"id": pair.id, "status": "working", "status_date": schedule[0][0],
                                "updated_at": now})
            responses += _surveys(rng, pair, templates, answered_pre, today=today, mood=mood)
        if meetings:
            _insert_many(session, Meeting.__table__, meetings)
            _insert_many(session, MeetingAttendance.__table__, attendance)
        if started:
            session.execute(update(MentoringGroup), started)
        if progress is not None:
            progress(len(pairs), len(pairs) + 1)
        if responses:
            add_responses(session, responses=responses)
    if progress is not None:
        progress(len(pairs) + 1, len(pairs) + 1)
    return len(meetings), len(responses)


def _surveys(rng: random.Random, pair: _Pair, templates: dict, answered: set, *, today: dt.date,
             mood: float) -> list:
    """Questionnaires before the programme (most members and mentors) and at the end (finished pairs)."""
    from app.schemas_surveys import ResponseData

    finished = pair.status == "finished"
    out = []
    start = min(pair.start + dt.timedelta(days=rng.randint(0, 7)), today)
    end = pair.end or pair.planned_end
    plan: list[tuple[str, str, int, dt.date, float]] = []
    for mentee_id in pair.members:
        if rng.random() < 0.85:
            plan.append(("mentee_pre", "mentee", mentee_id, start, 6.3))
        if finished and end and end <= today and rng.random() < 0.8:
            plan.append(("mentee_post", "mentee", mentee_id, end - dt.timedelta(days=rng.randint(0, 6)), mood))
    if rng.random() < 0.85 and ("mentor", pair.mentor_id, finished) not in answered:  # once a year per mentor
        answered.add(("mentor", pair.mentor_id, finished))
        plan.append(("mentor_pre", "mentor", pair.mentor_id, start, 6.8))
    if finished and end and end <= today and rng.random() < 0.85:
        plan.append(("mentor_post", "mentor", pair.mentor_id, end - dt.timedelta(days=rng.randint(0, 6)), mood))
    for code, role, person, when, mean in plan:
        if code not in templates:
            continue
        tid, questions = templates[code]
        out.append(ResponseData(template_id=tid, answered_on=when, respondent_role=role,
                                mentee_id=person if role == "mentee" else None,
                                mentor_id=person if role == "mentor" else None, group_id=pair.id,
                                answers=_answers(rng, questions, _mood(rng, mean))))
    return out


__all__ = ["OFF_TRACK_SHARE", "fill_demo_meetings"]
