"""Survey templates (versioned questions) and responses: seed, list, edit, copy, store answers."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from sqlalchemy import func, insert, select
from sqlmodel import Session

from app.errors import Issue, NotFoundError, ValidationError
from app.schemas_surveys import RESPONDENTS, SURVEY_PURPOSES, Question, ResponseData, ResponseRow, TemplateData, TemplateRow
from app.survey_rules import check_questions, parse_answer
from app.text import clean, full_name
from db.engine import transaction
from db.models import (Mentee, Mentor, MentoringGroup, SurveyResponse, SurveyTemplate, SurveyVersion,
                       new_uuid, utcnow)


def default_templates() -> list[dict[str, Any]]:
    """The shipped templates (resources/surveys/templates.json)."""
    text = resources.files("resources").joinpath("surveys/templates.json").read_text(encoding="utf-8")
    return json.loads(text)["templates"]


def seed_survey_templates(session: Session) -> int:
    """Add the shipped templates whose code the database does not have yet; returns how many."""
    have = set(session.execute(select(SurveyTemplate.code).where(SurveyTemplate.code != "")).scalars())
    added = 0
    with transaction(session):
        for t in default_templates():
            if t["code"] in have:
                continue
            template = SurveyTemplate(code=t["code"], title=t["title"], purpose=t["purpose"],
                                      respondent=t["respondent"], description=t.get("description", ""),
                                      builtin=True)
            session.add(template)
            session.flush()
            session.add(SurveyVersion(template_id=template.id, version=1, questions=t["questions"]))
            added += 1
    return added


def _version_row(session: Session, *, template_id: int, version: int) -> SurveyVersion:
    row = session.execute(select(SurveyVersion).where(SurveyVersion.template_id == template_id,
                                                      SurveyVersion.version == version)).scalar_one_or_none()
    if row is None:
        raise NotFoundError(f"Нет версии {version} анкеты")
    return row


def list_templates(session: Session, *, include_archived: bool = False) -> list[TemplateRow]:
    counts = dict(session.execute(select(SurveyResponse.template_id, func.count())
                                  .group_by(SurveyResponse.template_id)).all())
    query = select(SurveyTemplate)
    if not include_archived:
        query = query.where(SurveyTemplate.archived == False)  # noqa: E712
    rows = []
    for t in session.execute(query.order_by(SurveyTemplate.builtin.desc(), SurveyTemplate.id)).scalars():
        questions = _version_row(session, template_id=t.id, version=t.current_version).questions
        rows.append(TemplateRow(t.id, t.code, t.title, t.purpose, t.respondent, t.description, t.current_version,
                                len(questions), counts.get(t.id, 0), t.builtin, t.archived))
    return rows


def get_template(session: Session, *, template_id: int, version: int | None = None) -> TemplateData:
    """A template with the questions of ``version`` (the current one by default)."""
    t = session.get(SurveyTemplate, template_id)
    if t is None:
        raise NotFoundError("Анкета не найдена")
    v = _version_row(session, template_id=t.id, version=version or t.current_version)
    return TemplateData(title=t.title, purpose=t.purpose, respondent=t.respondent, description=t.description,
                        questions=tuple(Question.from_dict(q) for q in v.questions), id=t.id, version=v.version,
                        code=t.code)


def template_versions(session: Session, *, template_id: int) -> dict[int, tuple[Question, ...]]:
    """Every version's questions (old responses are read with their own version)."""
    return {v.version: tuple(Question.from_dict(q) for q in v.questions)
            for v in session.execute(select(SurveyVersion).where(SurveyVersion.template_id == template_id))
            .scalars()}


def _check_template(data: TemplateData) -> None:
    issues = []
    if not clean(data.title):
        issues.append(Issue("введите название анкеты", field="Название"))
    if data.purpose not in SURVEY_PURPOSES:
        issues.append(Issue("выберите назначение", field="Назначение"))
    if data.respondent not in RESPONDENTS:
        issues.append(Issue("выберите, кто отвечает", field="Кто отвечает"))
    issues += check_questions(data.questions)
    if issues:
        raise ValidationError(issues)


def save_template(session: Session, *, data: TemplateData) -> int:
    """Create or edit a template. Changed questions of a version that has responses make a new version."""
    _check_template(data)
    questions = [q.to_dict() for q in data.questions]
    with transaction(session):
        if data.id is None:
            t = SurveyTemplate(title=clean(data.title), purpose=data.purpose, respondent=data.respondent,
                               description=data.description.strip())
            session.add(t)
            session.flush()
            session.add(SurveyVersion(template_id=t.id, version=1, questions=questions))
            return t.id
        t = session.get(SurveyTemplate, data.id)
        if t is None:
            raise NotFoundError("Анкета не найдена (возможно, удалена)")
        t.title, t.purpose, t.respondent = clean(data.title), data.purpose, data.respondent
        t.description, t.updated_at = data.description.strip(), utcnow()
        current = _version_row(session, template_id=t.id, version=t.current_version)
        if current.questions != questions:
            answered = session.execute(select(func.count()).select_from(SurveyResponse).where(
                SurveyResponse.version_id == current.id)).scalar_one()
            if answered:
                t.current_version += 1
                session.add(SurveyVersion(template_id=t.id, version=t.current_version, questions=questions))
            else:
                current.questions = questions
                session.add(current)
        session.add(t)
    return t.id


def copy_template(session: Session, *, template_id: int, title: str | None = None) -> int:
    """A new editable template with the current questions of another one."""
    src = get_template(session, template_id=template_id)
    return save_template(session, data=TemplateData(title=title or f"{src.title} (копия)", purpose=src.purpose,
                                                    respondent=src.respondent, description=src.description,
                                                    questions=src.questions))


def set_archived(session: Session, *, template_id: int, archived: bool) -> None:
    t = session.get(SurveyTemplate, template_id)
    if t is None:
        raise NotFoundError("Анкета не найдена")
    with transaction(session):
        t.archived = archived
        session.add(t)


def get_import_mapping(session: Session, *, template_id: int) -> dict[str, str]:
    t = session.get(SurveyTemplate, template_id)
    return dict(t.import_mapping) if t else {}


def set_import_mapping(session: Session, *, template_id: int, mapping: dict[str, str]) -> None:
    """Remember which file column answers which question (column header → question key)."""
    t = session.get(SurveyTemplate, template_id)
    if t is None:
        raise NotFoundError("Анкета не найдена")
    with transaction(session):
        t.import_mapping = dict(mapping)
        session.add(t)


def _clean_answers(questions: tuple[Question, ...], answers: dict[str, Any], *, row: int | None) -> tuple[dict, list]:
    out, issues = {}, []
    for number, q in enumerate(questions, start=1):
        value, error = parse_answer(q, answers.get(q.key))
        if error:
            issues.append(Issue(error, field=f"Вопрос {number}", row=row))
        elif value is not None:
            out[q.key] = value
    return out, issues


def add_responses(session: Session, *, responses: list[ResponseData]) -> list[int]:
    """Store responses all-or-nothing; answers are validated against their version's questions."""
    versions: dict[tuple[int, int | None], SurveyVersion] = {}
    rows, issues = [], []
    for index, r in enumerate(responses, start=1):
        key = (r.template_id, r.version)
        if key not in versions:
            t = session.get(SurveyTemplate, r.template_id)
            if t is None:
                raise NotFoundError("Анкета не найдена")
            versions[key] = _version_row(session, template_id=t.id, version=r.version or t.current_version)
        version = versions[key]
        row_no = index if len(responses) > 1 else None
        if r.respondent_role not in RESPONDENTS:
            issues.append(Issue("укажите, кто отвечал", field="Респондент", row=row_no))
        answers, problems = _clean_answers(tuple(Question.from_dict(q) for q in version.questions), r.answers,
                                           row=row_no)
        issues += problems
        if not answers and not problems:
            issues.append(Issue("нет ни одного ответа", field="Ответы", row=row_no))
        rows.append((r, version, answers))
    if issues:
        raise ValidationError(issues)
    ids: list[int | None] = [None] * len(rows)
    fresh = [(n, r, version, answers) for n, (r, version, answers) in enumerate(rows) if r.id is None]
    with transaction(session):
        for n, (r, version, answers) in enumerate(rows):
            if r.id is None:
                continue
            obj = session.get(SurveyResponse, r.id)
            if obj is None:
                raise NotFoundError("Ответ не найден (возможно, удалён)")
            obj.version_id, obj.respondent_role = version.id, r.respondent_role
            obj.mentee_id, obj.mentor_id = r.mentee_id, r.mentor_id
            obj.group_id, obj.meeting_id = r.group_id, r.meeting_id
            obj.answered_on, obj.answers, obj.source = r.answered_on, answers, r.source
            session.add(obj)
            ids[n] = r.id
        if fresh:  # a bulk INSERT … RETURNING: ORM objects cost ~0.5 ms each, too slow for a 2,000-row import
            now = utcnow()
            values = [{"uuid": new_uuid(), "template_id": r.template_id, "version_id": version.id,
                       "respondent_role": r.respondent_role, "mentee_id": r.mentee_id, "mentor_id": r.mentor_id,
                       "group_id": r.group_id, "meeting_id": r.meeting_id, "answered_on": r.answered_on,
                       "answers": answers, "source": r.source, "created_at": now}
                      for _n, r, version, answers in fresh]
            result = session.execute(insert(SurveyResponse).returning(SurveyResponse.id,
                                                                      sort_by_parameter_order=True), values)
            for (n, *_rest), new_id in zip(fresh, result.scalars().all()):
                ids[n] = new_id
    return ids


def delete_responses(session: Session, *, response_ids: list[int]) -> int:
    with transaction(session):
        rows = session.execute(select(SurveyResponse).where(SurveyResponse.id.in_(response_ids))).scalars().all()
        for row in rows:
            session.delete(row)
    return len(rows)


def list_responses(session: Session, *, template_id: int | None = None) -> list[ResponseRow]:
    """Responses (of one template or all) with respondent names, newest first."""
    versions = {v.id: v.version for v in session.execute(select(SurveyVersion)).scalars()}
    mentees = {r[0]: full_name(*r[1:]) for r in session.execute(select(Mentee.id, Mentee.last_name,
                                                                       Mentee.first_name, Mentee.middle_name))}
    mentors = {r[0]: full_name(*r[1:]) for r in session.execute(select(Mentor.id, Mentor.last_name,
                                                                       Mentor.first_name, Mentor.middle_name))}
    forms = dict(session.execute(select(MentoringGroup.id, MentoringGroup.form)).all())
    query = select(SurveyResponse)
    if template_id is not None:
        query = query.where(SurveyResponse.template_id == template_id)
    out = []
    for r in session.execute(query.order_by(SurveyResponse.answered_on.desc(), SurveyResponse.id.desc())).scalars():
        name = mentees.get(r.mentee_id, "") if r.respondent_role == "mentee" else mentors.get(r.mentor_id, "")
        out.append(ResponseRow(r.id, r.template_id, versions.get(r.version_id, 1), r.respondent_role, r.mentee_id,
                               r.mentor_id, name or "(аноним)", r.group_id, forms.get(r.group_id, ""),
                               r.meeting_id, r.answered_on, dict(r.answers), r.source))
    return out


__all__ = ["add_responses", "copy_template", "default_templates", "delete_responses", "get_import_mapping",
           "get_template", "list_responses", "list_templates", "save_template", "seed_survey_templates",
           "set_archived", "set_import_mapping", "template_versions"]
