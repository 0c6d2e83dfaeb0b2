"""Survey analytics checked against hand-computed numbers: means, yes/no shares, satisfaction, pre vs post."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from app import survey_analytics as sa
from app.schemas import GroupData
from app.schemas_surveys import Question, ResponseData, ResponseRow
from app.services import pairs, surveys
from app.services.people import save_mentee, save_mentor
from tests import factories

D = dt.date
SAT = Question("sat", "Насколько вы довольны?", satisfaction=True, measure="satisfaction")
EFF_POST = Question("eff", "Эффективность (после)", measure="effectiveness")
EFF_PRE = Question("eff", "Эффективность (до)", measure="effectiveness")
CONT = Question("cont", "Продолжить?", type="yesno")
TEXT = Question("note", "Что ценно?", type="text")
PRE = sa.TemplateInfo(1, "Входная", "pre", "mentee", (EFF_PRE,))
POST = sa.TemplateInfo(2, "Итоговая", "post", "mentee", (EFF_POST, SAT, CONT, TEXT))
MPOST = sa.TemplateInfo(3, "Итоговая наставника", "post", "mentor", (Question("s", "Довольны?", satisfaction=True),))
TEMPLATES = {t.id: t for t in (PRE, POST, MPOST)}


def row(rid: int, template: int, answers: dict, *, who: int | None = None, on: D = D(2026, 12, 1),
        form: str = "ученик – ученик", role: str = "mentee", version: int = 1) -> ResponseRow:
    mentee, mentor = (who, None) if role == "mentee" else (None, who)
    return ResponseRow(rid, template, version, role, mentee, mentor, "x", None, form, None, on, answers, "manual")


def test_satisfaction_by_both_methods_hand_computed():
    rows = [row(1, 2, {"sat": 6}), row(2, 2, {"sat": 7}), row(3, 2, {"sat": 10}), row(4, 2, {"eff": 5})]
    result = sa.satisfaction(TEMPLATES, rows, role="mentee", method="share7")
    assert result.n == 3  # the answer without the satisfaction score is not counted
    assert result.mean_pct == pytest.approx(76.6667, abs=1e-3)  # (6 + 7 + 10) / 3 = 7.667 → 76.7 %
    assert result.share7_pct == pytest.approx(200 / 3)  # 2 of 3 scored ≥ 7
    assert sa.format_pct(result.mean_pct) == "76,7 %" and sa.format_pct(result.share7_pct) == "66,7 %"
    assert result.chosen_method == "share7" and result.chosen_pct == result.share7_pct
    assert result.templates == ("Итоговая",)
    assert dict(result.distribution) == {**{str(v): 0 for v in range(1, 11)}, "6": 1, "7": 1, "10": 1}
    assert sa.satisfaction(TEMPLATES, rows, role="mentee").chosen_pct == result.mean_pct


def test_share_on_another_scale_uses_seventy_percent_of_the_maximum():
    five = {9: sa.TemplateInfo(9, "Пятибалльная", "post", "mentee",
                               (Question("s", "Довольны?", min=1, max=5, satisfaction=True),))}
    rows = [row(1, 9, {"s": 3}), row(2, 9, {"s": 4}), row(3, 9, {"s": 5})]  # 3.5 is the bar: 4 and 5 pass
    result = sa.satisfaction(five, rows, role="mentee")
    assert result.share7_pct == pytest.approx(200 / 3)
    assert result.mean_pct == pytest.approx((3 + 4 + 5) / 3 / 5 * 100)  # 80 %


def test_without_post_questionnaires_the_feedback_forms_are_counted():
    feedback = sa.TemplateInfo(4, "Обратная связь", "feedback", "mentee", (Question("s", "Довольны встречей?",
                                                                                  satisfaction=True),))
    templates = {**TEMPLATES, 4: feedback}
    rows = [row(1, 4, {"s": 8}), row(2, 4, {"s": 6}, role="mentor"), row(3, 4, {"s": 9}, role="mentor")]
    mentors = sa.satisfaction(templates, rows, role="mentor")
    assert (mentors.n, mentors.templates) == (2, ("Обратная связь",))  # answered by mentors on a mentee form
    assert mentors.mean_pct == pytest.approx(75.0)
    rows.append(row(4, 2, {"sat": 10}))
    assert sa.satisfaction(templates, rows, role="mentee").templates == ("Итоговая",)  # post wins when present


def test_empty_data_has_no_division_by_zero():
    result = sa.satisfaction(TEMPLATES, [], role="mentor", method="mean")
    assert (result.n, result.mean_pct, result.share7_pct, result.chosen_pct) == (0, None, None, None)
    assert sa.format_pct(result.chosen_pct) == "нет данных"
    report = sa.build_report(sa.SurveyData(TEMPLATES, ()), sa.AnalyticsFilter(template_id=2))
    assert report.responses == 0
    stats = report.templates[0]
    assert [q.answered for q in stats.questions] == [0, 0, 0, 0]
    assert stats.questions[0].mean is None and stats.questions[2].yes_pct is None
    assert [(r.mean_pre, r.change, r.paired_change) for r in report.pre_post] == [(None, None, None)]


def test_per_question_results_yes_no_percentages_and_open_answers():
    rows = [row(1, 2, {"eff": 8, "cont": True, "note": "Беседы"}), row(2, 2, {"eff": 5, "cont": True}),
            row(3, 2, {"eff": 9, "cont": False}), row(4, 2, {"cont": True})]
    stats = sa.template_stats(POST, rows)
    assert stats.responses == 4
    eff, _sat, cont, note = stats.questions
    assert eff.answered == 3 and eff.mean == pytest.approx(22 / 3)
    assert dict(eff.distribution)["8"] == 1 and len(eff.distribution) == 10
    assert cont.distribution == (("да", 3), ("нет", 1)) and cont.yes_pct == 75.0 and cont.no_pct == 25.0
    assert note.open_answers == ("Беседы",) and note.answered == 1


def test_choice_counts_follow_the_options():
    q = Question("c", "Формат", type="choice", options=("очно", "онлайн"))
    stats = sa.question_stats(q, ["онлайн", "онлайн", "очно"])
    assert stats.distribution == (("очно", 1), ("онлайн", 2)) and stats.answered == 3


def test_pre_post_change_and_paired_version():
    rows = [row(1, 1, {"eff": 4}, who=10), row(2, 1, {"eff": 6}, who=11), row(3, 1, {"eff": 8}, who=12),
            row(4, 2, {"eff": 9}, who=10), row(5, 2, {"eff": 7}, who=11), row(6, 2, {"eff": 10}, who=None)]
    [line] = sa.pre_post(TEMPLATES, rows, role="mentee")
    assert line.text == "Эффективность (после)"
    assert (line.n_pre, line.n_post) == (3, 3)
    assert line.mean_pre == pytest.approx(6.0) and line.mean_post == pytest.approx(26 / 3)
    assert line.change == pytest.approx(26 / 3 - 6)  # +2.667
    assert line.paired_n == 2 and line.paired_pre == 5.0 and line.paired_post == 8.0 and line.paired_change == 3.0
    assert sa.format_number(line.change, 2, sign=True) == "+2,67"
    assert sa.pre_post(TEMPLATES, rows, role="mentor") == []


def test_filters_by_period_form_role_and_template():
    rows = [row(1, 2, {"sat": 10}, on=D(2026, 9, 1)), row(2, 2, {"sat": 4}, on=D(2026, 12, 20)),
            row(3, 2, {"sat": 8}, on=D(2026, 12, 21)), row(4, 2, {"sat": 6}, form="учитель – учитель"),
            row(5, 3, {"s": 9}, role="mentor", who=1)]
    data = sa.SurveyData(TEMPLATES, tuple(rows), "mean")
    december = sa.build_report(data, sa.AnalyticsFilter(date_from=D(2026, 9, 2), date_to=D(2026, 12, 20)))
    assert december.mentee.n == 2 and december.mentee.mean_pct == pytest.approx(50.0)  # 4 and 6 → 5 → 50 %
    pupils = sa.build_report(data, sa.AnalyticsFilter(form="ученик – ученик"))
    assert pupils.mentee.n == 3 and pupils.mentor.n == 1
    assert [(f.form, f.responses, f.mentee.n) for f in pupils.by_form] == [("ученик – ученик", 4, 3)]
    mentors = sa.build_report(data, sa.AnalyticsFilter(respondent_role="mentor"))
    assert mentors.mentee.n == 0 and mentors.mentor.mean_pct == pytest.approx(90.0)
    one = sa.build_report(data, sa.AnalyticsFilter(template_id=3))
    assert [t.title for t in one.templates] == ["Итоговая наставника"] and one.responses == 1
    assert one.mentee.n == 4  # satisfaction is not narrowed by the template choice
    forms = sa.by_form(TEMPLATES, [*rows, row(6, 2, {"sat": 2}, form="")])
    assert [f.form for f in forms] == ["ученик – ученик", "учитель – учитель", "форма не указана"]


def test_rounding_is_half_up_only_at_presentation():
    assert sa.format_number(82.25) == "82,3" and sa.format_number(-0.25, 1, sign=True) == "−0,3"
    assert sa.format_number(1.5, 1, sign=True) == "+1,5" and sa.format_number(0.0, 1, sign=True) == "0,0"


def test_loader_reads_old_versions_by_key(session):
    mentee = save_mentee(session, data=factories.mentee())
    other = save_mentee(session, data=factories.mentee(last_name="Петров"))
    mentor = save_mentor(session, data=factories.mentor())
    gid = pairs.save_group(session, data=GroupData(mentor_id=mentor, mentee_ids=(mentee,), form="ученик – ученик"))
    codes = {t.code: t.id for t in surveys.list_templates(session)}
    post = codes["mentee_post"]
    surveys.add_responses(session, responses=[
        ResponseData(template_id=post, answered_on=D(2026, 12, 1), mentee_id=mentee, group_id=gid,
                     answers={"satisfaction": 9, "effectiveness": 6, "continue": "да"})])
    old = surveys.get_template(session, template_id=post)
    # version 2 drops «effectiveness» and renames the satisfaction text; the key stays
    questions = tuple(replace(q, text="Общая удовлетворённость") if q.key == "satisfaction" else q
                      for q in old.questions if q.key != "effectiveness")
    surveys.save_template(session, data=replace(old, questions=questions))
    surveys.add_responses(session, responses=[
        ResponseData(template_id=post, answered_on=D(2026, 12, 2), mentee_id=other, answers={"satisfaction": 5})])
    surveys.add_responses(session, responses=[
        ResponseData(template_id=codes["mentee_pre"], answered_on=D(2026, 9, 10), mentee_id=mentee,
                     answers={"comfort": 5}),
        ResponseData(template_id=codes["mentee_pre"], answered_on=D(2026, 9, 10), mentee_id=other,
                     answers={"comfort": 7})])
    surveys.add_responses(session, responses=[
        ResponseData(template_id=post, answered_on=D(2026, 12, 3), mentee_id=mentee, answers={"comfort": 9})])
    report = sa.load_report(session, sa.AnalyticsFilter(template_id=post))
    stats = {q.key: q for q in report.templates[0].questions}
    assert "effectiveness" not in stats and stats["satisfaction"].text == "Общая удовлетворённость"
    assert stats["satisfaction"].answered == 2 and stats["satisfaction"].mean == 7.0
    assert report.mentee.n == 2 and report.mentee.mean_pct == pytest.approx(70.0)
    assert report.mentee.share7_pct == pytest.approx(50.0) and report.method == "mean"
    comfort = next(r for r in report.pre_post if r.measure == "комфорт общения")
    assert (comfort.mean_pre, comfort.mean_post, comfort.change) == (6.0, 9.0, 3.0)
    assert (comfort.paired_n, comfort.paired_pre, comfort.paired_post) == (1, 5.0, 9.0)
    forms = {f.form: f.responses for f in report.by_form}
    assert forms == {"ученик – ученик": 1, "форма не указана": 4}


def build_sample(session) -> dict:
    """A school with a pair and a group, meetings and pre/post responses (also used by the export, note and
    dialog tests). Mentee satisfaction 6, 7, 10 → 76,7 % / 66,7 %; mentors 8, 9 → 85,0 % / 100,0 %."""
    from app.schemas_meetings import MeetingData
    from app.services import meetings
    from app.services.school import save_school

    save_school(session, data=factories.school())
    kids = [save_mentee(session, data=factories.mentee(last_name=n)) for n in ("Иванов", "Петров", "Сидоров")]
    teachers = [save_mentor(session, data=factories.mentor(last_name=n)) for n in ("Ёлкина", "Зайцев")]
    pair = pairs.save_group(session, data=GroupData(mentor_id=teachers[0], mentee_ids=(kids[0],),
                                                    form="ученик – ученик", start_date=D(2026, 9, 15)))
    group = pairs.save_group(session, data=GroupData(mentor_id=teachers[1], mentee_ids=tuple(kids[1:]),
                                                     form="учитель – ученик", start_date=D(2026, 9, 15)))
    for gid in (pair, group):
        pairs.set_status(session, group_id=gid, status="approved")
    for gid, day, kind, feedback in ((pair, D(2026, 9, 20), "встреча-знакомство", False),
                                     (pair, D(2026, 10, 5), "встреча-планирование", False),
                                     (pair, D(2026, 10, 20), "рабочая встреча", True),
                                     (group, D(2026, 10, 21), "рабочая встреча", False)):
        meetings.save_meeting(session, data=MeetingData(group_id=gid, date=day, kind=kind,
                                                        feedback_mentee=feedback, feedback_mentor=feedback))
    codes = {t.code: t.id for t in surveys.list_templates(session)}
    groups_of = {kids[0]: pair, kids[1]: group, kids[2]: group}
    answers = []
    for kid, pre, post, sat in zip(kids, (5, 6, 4), (8, 7, 9), (6, 7, 10)):
        answers.append(ResponseData(template_id=codes["mentee_pre"], answered_on=D(2026, 9, 16), mentee_id=kid,
                                    group_id=groups_of[kid], answers={"effectiveness": pre, "met_before": "нет"}))
        answers.append(ResponseData(template_id=codes["mentee_post"], answered_on=D(2026, 12, 15), mentee_id=kid,
                                    group_id=groups_of[kid], answers={
                                        "effectiveness": post, "satisfaction": sat, "continue": "да",
                                        "valuable": "=Беседы" if kid == kids[0] else ""}))
    for teacher, gid, sat in zip(teachers, (pair, group), (8, 9)):
        answers.append(ResponseData(template_id=codes["mentor_pre"], answered_on=D(2026, 9, 16), mentor_id=teacher,
                                    respondent_role="mentor", group_id=gid, answers={"effectiveness": 7}))
        answers.append(ResponseData(template_id=codes["mentor_post"], answered_on=D(2026, 12, 16),
                                    mentor_id=teacher, respondent_role="mentor", group_id=gid,
                                    answers={"effectiveness": 9, "satisfaction": sat, "continue": "да"}))
    surveys.add_responses(session, responses=answers)
    return {"codes": codes, "kids": kids, "teachers": teachers, "pair": pair, "group": group}


def test_sample_report_numbers(session):
    build_sample(session)
    report = sa.load_report(session, sa.AnalyticsFilter(date_from=D(2026, 9, 1), date_to=D(2026, 12, 20)))
    assert sa.format_pct(report.mentee.mean_pct) == "76,7 %" and sa.format_pct(report.mentee.share7_pct) == "66,7 %"
    assert sa.format_pct(report.mentor.mean_pct) == "85,0 %" and report.mentor.share7_pct == 100.0
    eff = next(r for r in report.pre_post if r.role == "mentee" and r.measure == "эффективность")
    assert (eff.mean_pre, eff.mean_post, eff.change, eff.paired_n) == (5.0, 8.0, 3.0, 3)
    forms = {f.form: (f.responses, f.mentee.n, f.mentor.n) for f in report.by_form}
    assert forms == {"ученик – ученик": (4, 1, 1), "учитель – ученик": (6, 2, 1)}
