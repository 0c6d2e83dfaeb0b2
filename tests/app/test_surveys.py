"""Survey templates and responses: shipped defaults, versioning on edit, validation, copies."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from app.errors import ValidationError
from app.schemas_surveys import Question, ResponseData
from app.services import surveys
from app.services.people import save_mentee
from tests import factories


def _by_code(session) -> dict:
    return {t.code: t for t in surveys.list_templates(session)}


def test_defaults_are_seeded_with_a_satisfaction_question(session):
    rows = _by_code(session)
    assert set(rows) == {"mentee_pre", "mentee_post", "mentor_pre", "mentor_post", "meeting_feedback"}
    post = surveys.get_template(session, template_id=rows["mentee_post"].id)
    assert [q.key for q in post.questions if q.satisfaction] == ["satisfaction"]
    assert surveys.seed_survey_templates(session) == 0


def test_editing_a_template_with_answers_keeps_old_responses_readable(session):
    mentee = save_mentee(session, data=factories.mentee())
    tid = _by_code(session)["meeting_feedback"].id
    surveys.add_responses(session, responses=[ResponseData(template_id=tid, answered_on=dt.date(2026, 10, 1),
                                                           mentee_id=mentee,
                                                           answers={"useful": "8", "satisfaction": 9,
                                                                    "goal_reached": "да"})])
    old = surveys.get_template(session, template_id=tid)
    edited = replace(old, questions=old.questions[1:] + (Question(key="new", text="Новый вопрос", type="text"),))
    surveys.save_template(session, data=edited)
    now = surveys.get_template(session, template_id=tid)
    assert now.version == 2 and now.questions[-1].key == "new"
    stored = surveys.list_responses(session, template_id=tid)[0]
    assert stored.version == 1 and stored.answers == {"useful": 8, "satisfaction": 9, "goal_reached": True}
    versions = surveys.template_versions(session, template_id=tid)
    assert versions[1][0].key == "useful"
    # editing again without new answers changes version 2 in place
    surveys.save_template(session, data=replace(now, title="Отзыв о встрече"))
    assert surveys.get_template(session, template_id=tid).version == 2


def test_bad_answers_are_rejected_all_or_nothing(session):
    tid = _by_code(session)["meeting_feedback"].id
    good = ResponseData(template_id=tid, answered_on=dt.date(2026, 10, 1), answers={"useful": 5})
    bad = ResponseData(template_id=tid, answered_on=dt.date(2026, 10, 1), answers={"useful": 11,
                                                                                   "goal_reached": "может"})
    with pytest.raises(ValidationError) as err:
        surveys.add_responses(session, responses=[good, bad])
    assert [(i.row, i.field) for i in err.value.issues] == [(2, "Вопрос 1"), (2, "Вопрос 3")]
    assert surveys.list_responses(session) == []


def test_copy_is_editable_and_separate(session):
    src = _by_code(session)["mentee_pre"].id
    copy = surveys.copy_template(session, template_id=src)
    assert surveys.get_template(session, template_id=copy).title == "Анкета наставляемого (входная) (копия)"
    assert not {t.id: t for t in surveys.list_templates(session)}[copy].builtin
