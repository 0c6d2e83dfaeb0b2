"""Completion of pairs: validation, the final-survey detection, undo, certificates read back, indicators."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess

import pytest

from app.errors import ConflictError, ValidationError
from app.schemas import GroupData
from app.schemas_meetings import MeetingData
from app.schemas_surveys import ResponseData
from app.services import completion, meetings, pairs, surveys
from app.services.people import save_mentee, save_mentor
from app.services.school import save_school
from db.models import MentoringGroup
from tests import factories

D = dt.date
TODAY = D(2027, 6, 1)


@pytest.fixture
def pair(session):
    save_school(session, data=factories.school())
    mentee = save_mentee(session, data=factories.mentee())
    mentor = save_mentor(session, data=factories.mentor())
    gid = pairs.save_group(session, data=GroupData(mentor_id=mentor, mentee_ids=(mentee,), form="ученик – ученик",
                                                   start_date=D(2026, 9, 15), planned_end_date=D(2027, 5, 25)))
    pairs.set_status(session, group_id=gid, status="approved", on=D(2026, 9, 15))
    for day, kind in ((D(2026, 9, 20), "встреча-знакомство"), (D(2027, 5, 20), "итоговая встреча")):
        meetings.save_meeting(session, data=MeetingData(group_id=gid, date=day, kind=kind))
    return gid, mentee, mentor


def _post(session, code: str) -> int:
    return next(t.id for t in surveys.list_templates(session) if t.code == code)


def test_complete_sets_status_date_results_and_detects_the_final_survey(session, pair):
    gid, mentee, mentor = pair
    assert not completion.final_survey_state(session, group_id=gid).done
    surveys.add_responses(session, responses=[ResponseData(
        template_id=_post(session, "mentee_post"), answered_on=D(2027, 5, 21), mentee_id=mentee,
        answers={"satisfaction": 9})])
    state = completion.final_survey_state(session, group_id=gid)
    assert state.done and not state.mentor_answered
    assert "наставляемый — заполнил" in state.text and "наставник — нет" in state.text
    info = completion.get_completion(session, group_id=gid)
    assert info.final_meeting == D(2027, 5, 20) and info.status == "working"
    done = completion.complete_group(session, group_id=gid, end_date=D(2027, 5, 25),
                                     results="  Повышение успеваемости\n\nОлимпиада  ", case_url="www.school.ru/case",
                                     today=TODAY)
    assert done is True
    g = session.get(MentoringGroup, gid)
    session.refresh(g)
    assert (g.status, g.end_date, g.status_date) == ("finished", D(2027, 5, 25), D(2027, 5, 25))
    assert g.results == "Повышение успеваемости\n\nОлимпиада" and g.case_url == "https://www.school.ru/case"
    assert g.final_survey_done
    assert completion.clean_results(g.results) == "Повышение успеваемости; Олимпиада"


def test_bad_completion_names_the_fields_and_changes_nothing(session, pair):
    gid, _mentee, _mentor = pair
    with pytest.raises(ValidationError) as err:
        completion.complete_group(session, group_id=gid, end_date=D(2027, 6, 5), results=" ",
                                  case_url="http://a b", today=TODAY)
    assert {i.field for i in err.value.issues} == {"Дата завершения", "Результаты", "Ссылка на кейс"}
    with pytest.raises(ValidationError) as err:
        completion.complete_group(session, group_id=gid, end_date=D(2026, 9, 1), results="x", today=TODAY)
    assert "раньше начала" in str(err.value)
    with pytest.raises(ValidationError) as err:  # the итоговая встреча of 20.05 is after this date
        completion.complete_group(session, group_id=gid, end_date=D(2027, 5, 1), results="x", today=TODAY)
    assert "20.05.2027" in str(err.value)
    with pytest.raises(ValidationError):
        completion.complete_group(session, group_id=gid, end_date=None, results="x", today=TODAY)
    g = session.get(MentoringGroup, gid)
    session.refresh(g)
    assert (g.status, g.end_date, g.results) == ("working", None, "")


def test_only_approved_or_working_pairs_complete_and_reopen_undoes(session, pair):
    gid, mentee, mentor = pair
    completion.complete_group(session, group_id=gid, end_date=D(2027, 5, 25), results="Итог",
                              final_survey_done=False, today=TODAY)
    with pytest.raises(ConflictError):
        completion.complete_group(session, group_id=gid, end_date=D(2027, 5, 25), results="Итог", today=TODAY)
    completion.reopen_group(session, group_id=gid, today=TODAY)
    g = session.get(MentoringGroup, gid)
    session.refresh(g)
    assert (g.status, g.end_date, g.status_date, g.results) == ("working", None, TODAY, "Итог")
    with pytest.raises(ConflictError):
        completion.reopen_group(session, group_id=gid)
    # completed again; then the mentee joins a new pair — reopening the old one is refused
    completion.complete_group(session, group_id=gid, end_date=D(2027, 5, 25), results="Итог", today=TODAY)
    other = save_mentor(session, data=factories.mentor(last_name="Зайцев", first_name="Олег", middle_name="Петрович",
                                                       birth_year=1975))
    pairs.save_group(session, data=GroupData(mentor_id=other, mentee_ids=(mentee,)))
    with pytest.raises(ConflictError) as err:
        completion.reopen_group(session, group_id=gid)
    assert "Иванов Пётр" in str(err.value)
    draft = pairs.save_group(session, data=GroupData(mentor_id=mentor, mentee_ids=(
        save_mentee(session, data=factories.mentee(last_name="Петров")),)))
    with pytest.raises(ConflictError):
        completion.complete_group(session, group_id=draft, end_date=D(2027, 5, 25), results="x", today=TODAY)


def test_a_finished_pair_still_counts_for_the_periods_it_worked_in(session, pair):
    from app.indicator_defs import counted_group
    from app.indicators import load_facts
    from app.periods import academic_year, quarter

    gid, _mentee, _mentor = pair
    completion.complete_group(session, group_id=gid, end_date=D(2027, 5, 25), results="Итог", today=TODAY)
    group = next(g for g in load_facts(session).groups if g.id == gid)
    assert counted_group(group, academic_year(start_year=2026), today=TODAY)
    assert counted_group(group, quarter(year=2027, number=2), today=TODAY)
    assert not counted_group(group, quarter(year=2027, number=3), today=TODAY)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_certificate_and_letter_pdfs_read_back(session, pair, tmp_path):
    from app.documents.certificates import (greeting, mentor_letter_context, pair_certificate_context,
                                            write_certificate)

    gid, _mentee, mentor = pair
    completion.complete_group(session, group_id=gid, end_date=D(2027, 5, 25),
                              results="Повышение успеваемости по математике\nПодготовлен доклад\nОГЭ сдан на 5",
                              today=TODAY)
    cert = write_certificate(pair_certificate_context(session, group_id=gid, today=TODAY), path=tmp_path / "c.pdf")
    letter = write_certificate(mentor_letter_context(session, mentor_id=mentor, year="2026/2027", today=TODAY),
                               path=tmp_path / "l.pdf")
    for path in (cert, letter):
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
        assert re.search(r"Pages:\s+1\n", info) and "595.276 x 841.89" in info  # one A4 page
        fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
        assert "LiberationSerif" in fonts and " yes " in fonts
    text = " ".join(subprocess.run(["pdftotext", str(cert), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    for part in ("СЕРТИФИКАТ", "участника программы наставничества", "Ёлкина Светлана Викторовна",
                 "Иванов Пётр Сергеевич (8А)", "успешно завершили программу", "в 2026/2027 учебном году",
                 "с 15.09.2026 по 25.05.2027", "Проведены 2 встречи.",
                 "Результаты: повышение успеваемости по математике; подготовлен доклад; ОГЭ сдан на 5.", "Директор",
                 "А.С. Петрова",
                 "01.06.2027", "Средняя школа № 1"):
        assert part in text, part
    text = " ".join(subprocess.run(["pdftotext", str(letter), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    for part in ("БЛАГОДАРСТВЕННОЕ ПИСЬМО", "Уважаемая Светлана Викторовна!", "МБОУ СШ № 1",
                 "в программе наставничества. В 2026/2027 учебном году Вы были наставником 1 обучающегося "
                 "(1 наставническая пара), провели 2 встречи.",
                 "Результаты: повышение успеваемости по математике; подготовлен доклад; ОГЭ сдан на 5.",
                 "А.С. Петрова"):
        assert part in text, part
    assert "пар и групп" not in text and "Подготовлен" not in text
    assert greeting("Зайцев Олег Петрович") == "Уважаемый Олег Петрович!"
    assert greeting("Ульянов Владимир Ильич") == "Уважаемый Владимир Ильич!"
    assert greeting("Ильина Ольга Ильинична") == "Уважаемая Ольга Ильинична!"


def test_letter_wording_agrees_in_number():
    from dataclasses import replace

    from app.documents.certificates import CertificateContext, meetings_sentence, results_phrase, work_sentence

    ctx = CertificateContext("mentor_letter", "", "", "", "2026/2027 учебный год", "в 2026/2027 учебном году",
                             "Ёлкина Светлана Викторовна", groups=1, pairs=1, mentees=1, meetings=6,
                             students_only=True)
    assert work_sentence(ctx) == ("В 2026/2027 учебном году Вы были наставником 1 обучающегося "
                                  "(1 наставническая пара), провели 6 встреч.")
    assert work_sentence(replace(ctx, groups=3, pairs=2, mentees=4, meetings=21, students_only=False)) == (
        "В 2026/2027 учебном году Вы были наставником 4 наставляемых (2 наставнические пары и 1 группа), "
        "провели 21 встречу.")
    assert work_sentence(replace(ctx, groups=2, pairs=0, mentees=5, meetings=0)) == (
        "В 2026/2027 учебном году Вы были наставником 5 обучающихся (2 наставнические группы).")
    assert [meetings_sentence(n) for n in (1, 3, 11)] == ["Проведена 1 встреча.", "Проведены 3 встречи.",
                                                         "Проведено 11 встреч."]
    assert results_phrase(["Победа в олимпиаде;\n\nЕГЭ сдан", "Доклад."]) == "победа в олимпиаде; ЕГЭ сдан; доклад"


def test_the_form_proposes_the_final_meeting_date_or_today_and_explains_the_survey(session, pair):
    gid, mentee, mentor = pair
    info = completion.get_completion(session, group_id=gid)
    assert completion.default_end_date(info, today=TODAY) == (D(2027, 5, 20),
                                                              "по дате итоговой встречи 20.05.2027")
    assert completion.default_end_date(info, today=D(2027, 5, 1))[0] == D(2027, 5, 1)  # not in the future
    no_final = completion.CompletionInfo(**{**info.__dict__, "final_meeting": None})
    assert completion.default_end_date(no_final, today=TODAY) == (
        TODAY, "сегодня — итоговой встречи в журнале нет")
    assert not info.survey.any
    assert "анкеты в программе не введены — отметьте, если анкетирование проведено на бумаге" in info.survey.text
    surveys.add_responses(session, responses=[ResponseData(
        template_id=_post(session, "mentee_post"), answered_on=D(2027, 5, 21), mentee_id=mentee,
        answers={"satisfaction": 9})])
    state = completion.final_survey_state(session, group_id=gid)
    assert state.any and state.done and "наставляемый — заполнил" in state.text
