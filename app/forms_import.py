"""Import survey responses from a Yandex Forms / Google Forms export: map, match, check, store in one transaction."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field, replace
from pathlib import Path

from app.errors import Issue, ValidationError
from app.forms_match import load_candidates, person_groups, propose_mapping, similarity
from app.forms_read import (CLASS_FIELD, DATE_FIELD, NAME_FIELD, FormTable, Progress, display_value, parse_timestamp,
                            read_form_file, with_remembered_columns)
from app.schemas_surveys import RESPONDENTS, ResponseData, TemplateData
from app.survey_rules import parse_answer
from app.text import format_date

SKIP = "skip"  # a row the user chose not to load; None in ``choices`` means «анонимно»


@dataclass(frozen=True)
class ImportPlan:
    """What a «Загрузить» would do: responses with their file rows, rows skipped and why, errors."""

    responses: tuple[ResponseData, ...]
    rows: tuple[int, ...]
    issues: tuple[Issue, ...]
    duplicates: tuple[int, ...] = ()
    skipped: tuple[int, ...] = ()
    empty: tuple[int, ...] = ()
    errors: tuple[Issue, ...] = field(default=())

    def summary(self) -> list[str]:
        """Russian lines for the «Итог» page (the last one is about errors when there are any)."""
        lines = [f"Будет загружено ответов: {len(self.responses)}."]
        for count, text in ((len(self.duplicates), "Уже загружены раньше (пропускаются)"),
                            (len(self.skipped), "Отмечены «не загружать»"),
                            (len(self.empty), "Строки без ответов (пропускаются)"),
                            (sum(1 for r in self.responses if r.mentee_id is None and r.mentor_id is None),
                             "Из них анонимных")):
            if count:
                lines.append(f"{text}: {count}.")
        if self.responses:
            days = sorted({r.answered_on for r in self.responses})
            lines.append("Даты ответов: " + format_date(days[0])
                         + (f" – {format_date(days[-1])}." if len(days) > 1 else "."))
        if self.errors:
            lines.append(f"Ошибок: {len(self.errors)}. Исправьте файл или сопоставление столбцов — "
                         "пока есть ошибки, ничего не загружается.")
        elif not self.responses:
            lines.append("Загружать нечего.")
        return lines


def _mapped(table: FormTable, template: TemplateData, mapping: dict[str, str]) -> tuple[list, list[Issue]]:
    questions = {q.key: q for q in template.questions}
    cols, issues, seen = [], [], {}
    for index, header in enumerate(table.headers):
        key = mapping.get(header, "")
        if not key or index in table.meta_cols():
            continue
        if key not in questions:
            issues.append(Issue("такого вопроса нет в анкете", field=header))
        elif key in seen:
            issues.append(Issue(f"на этот вопрос уже отвечает столбец «{seen[key]}»", field=header))
        else:
            seen[key] = header
            cols.append((index, header, replace(questions[key], required=False), questions[key].required))
    if not cols and not issues:
        issues.append(Issue("не выбран ни один столбец с ответами", field="Сопоставление столбцов"))
    for q in template.questions:
        if q.required and q.key not in seen:
            issues.append(Issue("обязательный вопрос: выберите для него столбец", field=q.text[:60]))
    return cols, issues


def _build(*, table: FormTable, template: TemplateData, mapping: dict[str, str], respondent_role: str,
           chosen: dict[int, int | None | str], default_date: dt.date,
           groups: dict[int, int] | None = None) -> tuple[list[tuple[int, ResponseData]], list[Issue], list, list]:
    cols, issues = _mapped(table, template, mapping)
    if respondent_role not in RESPONDENTS:
        issues.append(Issue("укажите, кто отвечал: наставляемый или наставник", field="Респондент"))
    built, skipped, empty = [], [], []
    for number, row in zip(table.row_numbers, table.rows):
        # rows left out of ``chosen`` are skipped; in a form without names they are anonymous
        choice = chosen.get(number, SKIP if table.name_cols else None)
        if choice == SKIP:
            skipped.append(number)
            continue
        answers, row_issues = {}, []
        for index, header, q, required in cols:
            value, error = parse_answer(q, row[index])
            if error:
                row_issues.append(Issue(error, field=header, row=number))
            elif value is not None:
                answers[q.key] = value
            elif required:
                row_issues.append(Issue("обязательный вопрос без ответа", field=header, row=number))
        answered_on = default_date
        if table.timestamp_col is not None and display_value(row[table.timestamp_col]):
            stamp = parse_timestamp(row[table.timestamp_col])
            if stamp is None:
                row_issues.append(Issue(f"«{display_value(row[table.timestamp_col])[:30]}» — не дата",
                                        field=table.headers[table.timestamp_col], row=number))
            else:
                answered_on = stamp
        if not answers and not row_issues:
            empty.append(number)
            continue
        issues += row_issues
        person = choice if isinstance(choice, int) else None
        group = (groups or {}).get(person) if person is not None else None
        built.append((number, ResponseData(
            template_id=template.id or 0, answered_on=answered_on, respondent_role=respondent_role,
            mentee_id=person if respondent_role == "mentee" else None,
            mentor_id=person if respondent_role == "mentor" else None, group_id=group, answers=answers,
            source="import", version=template.version)))
    return built, issues, skipped, empty


def build_responses(*, table: FormTable, template: TemplateData, mapping: dict[str, str], respondent_role: str,
                    chosen: dict[int, int | None | str], default_date: dt.date | None = None,
                    groups: dict[int, int] | None = None) -> tuple[list[ResponseData], list[Issue]]:
    """Responses of the rows not skipped and every problem (file row number, column header)."""
    built, issues, _, _ = _build(table=table, template=template, mapping=mapping, respondent_role=respondent_role,
                                 chosen=chosen, default_date=default_date or dt.date.today(), groups=groups)
    return [r for _, r in built], issues


def _identity(r: ResponseData) -> tuple:
    return (r.respondent_role, r.mentee_id, r.mentor_id, r.answered_on,
            json.dumps(r.answers, sort_keys=True, ensure_ascii=False))


# -- with the database -----------------------------------------------------------------------------------------

def plan_import(session, *, table: FormTable, template_id: int, mapping: dict[str, str],  # noqa: ANN001
                choices: dict[int, int | None | str], respondent_role: str,
                default_date: dt.date | None = None) -> ImportPlan:
    """Everything an import would store, without storing: responses, duplicates of stored ones, errors."""
    from sqlalchemy import select

    from app.services.surveys import get_template
    from db.models import SurveyResponse

    template = get_template(session, template_id=template_id)
    built, issues, skipped, empty = _build(
        table=table, template=template, mapping=mapping, respondent_role=respondent_role, chosen=choices,
        default_date=default_date or dt.date.today(), groups=person_groups(session, role=respondent_role))
    r = SurveyResponse
    stored = {(role, mentee, mentor, day, json.dumps(answers, sort_keys=True, ensure_ascii=False))
              for role, mentee, mentor, day, answers in session.execute(
                  select(r.respondent_role, r.mentee_id, r.mentor_id, r.answered_on, r.answers)
                  .where(r.template_id == template_id))}
    fresh, rows, duplicates = [], [], []
    for number, response in built:
        if _identity(response) in stored:
            duplicates.append(number)
        else:
            fresh.append(response)
            rows.append(number)
    errors = tuple(i for i in issues if i.severity == "error")
    return ImportPlan(tuple(fresh), tuple(rows), tuple(issues), tuple(duplicates), tuple(skipped), tuple(empty),
                      errors)


def remembered_mapping(table: FormTable, mapping: dict[str, str]) -> dict[str, str]:
    """The mapping to remember: questions plus which columns hold the name, the date and the class."""
    out = {h: k for h, k in mapping.items() if not k.startswith("@")}
    out.update({table.headers[i]: NAME_FIELD for i in table.name_cols})
    for index, target in ((table.timestamp_col, DATE_FIELD), (table.class_col, CLASS_FIELD)):
        if index is not None:
            out[table.headers[index]] = target
    return out


def import_responses(session, *, path: Path, template_id: int, mapping: dict[str, str],  # noqa: ANN001
                     choices: dict[int, int | None | str], respondent_role: str,
                     default_date: dt.date | None = None, table: FormTable | None = None,
                     progress: Progress | None = None) -> int:
    """Store the file's responses in one transaction (all or nothing); returns how many were added.

    Responses already stored (same template, respondent, date and answers) are skipped; a bad cell stores
    nothing and raises a ValidationError naming rows and columns. The mapping is remembered on success.
    """
    from app.services.surveys import add_responses, set_import_mapping

    table = table or read_form_file(path=Path(path), progress=progress)
    plan = plan_import(session, table=table, template_id=template_id, mapping=mapping, choices=choices,
                       respondent_role=respondent_role, default_date=default_date)
    if plan.errors:
        raise ValidationError(list(plan.errors), source=Path(path).name)
    if progress is not None:
        progress(1, 2)
    ids = add_responses(session, responses=list(plan.responses)) if plan.responses else []
    set_import_mapping(session, template_id=template_id, mapping=remembered_mapping(table, mapping))
    if progress is not None:
        progress(2, 2)
    return len(ids)


__all__ = ["CLASS_FIELD", "DATE_FIELD", "FormTable", "ImportPlan", "NAME_FIELD", "SKIP", "build_responses",
           "import_responses", "load_candidates", "person_groups", "plan_import", "parse_timestamp",
           "propose_mapping", "read_form_file", "remembered_mapping", "similarity", "with_remembered_columns"]
