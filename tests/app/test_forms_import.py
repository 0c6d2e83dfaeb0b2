"""Forms import: realistic Google/Yandex exports (xlsx, csv cp1251 «;», UTF-8-BOM «,»), names, mapping, storing."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from app import forms_import as fi
from app.errors import ValidationError
from app.forms_match import AMBIGUOUS, EXACT, NONE, PROBABLE, Candidate, match_respondents
from app.services import surveys
from app.services.people import save_mentee
from tests import factories

# header texts as respondents see them in a form: reworded, with trailing spaces and hints
GOOGLE_HEADERS = [
    "Отметка времени", "Адрес электронной почты", "Фамилия, имя (и класс, если хотите)",
    "Насколько эффективной была работа с наставником? ",
    "Насколько комфортным было для вас общение с наставником?",
    "Насколько понятными были задачи, которые ставил наставник",
    "Насколько вы довольны вашей совместной работой? (1 — совсем нет, 10 — полностью)",
    "Хотели бы вы продолжить работу в программе наставничества?",
    "Что в программе было для вас самым ценным?  ",
]
# typed names and what they should resolve to (person key or a status)
MESSY = [
    ("Иванов Пётр Сергеевич", EXACT, "ivanov_s"),
    ("иванов петр", AMBIGUOUS, None),
    ("Петров И.", PROBABLE, "petrov"),
    ("Сидорова  Анна ", EXACT, "sidorova"),
    ("Кузнецов Дима", PROBABLE, "kuznetsov"),
    ("елкин федор", EXACT, "elkin"),
    ("Смирнва Мария", PROBABLE, "smirnova"),
    ("Иванов Петя 8А", PROBABLE, "ivanov_a"),
    ("Иванов П. С.", PROBABLE, "ivanov_s"),
    ("Мария Смирнова", EXACT, "smirnova"),
    ("Неизвестный Человек", NONE, None),
]
ANSWERS = [  # effectiveness, comfort, clarity, satisfaction, continue, valuable
    (9, "8", 7, "10", "Да", "Поддержка"),
    ("7", 6, "5", 8, "Нет", ""),
    (10, 10, 10, "9 баллов", "да", "Всё, особенно проекты"),
    (8, 9, "8", 9, "Да", "Подготовка к ОГЭ"),
    (6, 7, 6, 7, "Нет", "Общение"),
    (9, 9, 9, 10, "Да", ""),
    (5, 5, 6, 6, "Да", "Новые знакомства"),
    (8, 8, 8, 8, "Да", "Помощь с математикой"),
    (7, 7, 7, 7, "Нет", "Встречи"),
    (10, 9, 9, 10, "Да", "Наставник"),
    (4, 5, 5, 5, "Нет", ""),
]


@pytest.fixture
def people(session) -> dict[str, int]:
    rows = {
        "ivanov_s": ("Иванов", "Пётр", "Сергеевич", "5А"),
        "ivanov_a": ("Иванов", "Пётр", "Алексеевич", "8А"),
        "petrov": ("Петров", "Иван", "Андреевич", "6Б"),
        "sidorova": ("Сидорова", "Анна", "Олеговна", "7В"),
        "kuznetsov": ("Кузнецов", "Дмитрий", "Игоревич", "9А"),
        "smirnova": ("Смирнова", "Мария", "Ивановна", "10Б"),
        "elkin": ("Ёлкин", "Фёдор", "Максимович", "7А"),
    }
    return {key: save_mentee(session, data=factories.mentee(last_name=last, first_name=first, middle_name=middle,
                                                            group_name=group))
            for key, (last, first, middle, group) in rows.items()}


@pytest.fixture
def post_template(session) -> int:
    return {t.code: t.id for t in surveys.list_templates(session)}["mentee_post"]


def stamp(n: int) -> dt.datetime:
    return dt.datetime(2026, 10, 12, 14, 3, 11) + dt.timedelta(days=n % 3, minutes=7 * n)


def google_rows(names=None, answers=None) -> list[list]:
    names = names or [m[0] for m in MESSY]
    answers = answers or ANSWERS
    return [[stamp(n), f"user{n}@example.ru", name, *answers[n % len(answers)][:5],
             answers[n % len(answers)][5]] for n, name in enumerate(names)]


def write_google_xlsx(path: Path, rows: list[list] | None = None) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Ответы на форму (1)"
    ws.append(GOOGLE_HEADERS)
    for row in rows or google_rows():
        ws.append(row)
    wb.save(path)
    return path


def write_google_csv(path: Path, rows: list[list] | None = None) -> Path:
    """Google Forms «Скачать ответы (.csv)»: UTF-8 with BOM, «,», timestamps as text."""
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, delimiter=",", quoting=csv.QUOTE_ALL)
        writer.writerow(GOOGLE_HEADERS)
        for row in rows or google_rows():
            writer.writerow([row[0].strftime("%d.%m.%Y %H:%M:%S"), *row[1:]])
    return path


YANDEX_HEADERS = ["ID", "Время создания", "Время изменения", "Фамилия", "Имя", "Класс",
                  "Насколько эффективной была работа с наставником?", "Насколько комфортным было общение?",
                  "Хотели бы вы в будущем стать наставником?", "Чего вам не хватило в программе?"]


def yandex_rows() -> list[list]:
    return [[1_402_331_000 + n, stamp(n).strftime("%Y-%m-%d %H:%M:%S"), "", last, first, klass, eff, comf, yes, miss]
            for n, (last, first, klass, eff, comf, yes, miss) in enumerate([
                ("сидорова", "анна", "7 В", "9", "10", "Да", "времени"),
                ("Петров", "Иван", "6б", "7", "6", "Нет", ""),
                ("Елкин", "Федя", "7А", "8", "8", "Да", "Больше встреч; экскурсий"),
            ])]


def write_yandex_xlsx(path: Path) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Анкета наставляемого по итогам программы"])  # the form title above the header
    ws.append(YANDEX_HEADERS)
    for row in yandex_rows():
        ws.append(row)
    wb.save(path)
    return path


def write_yandex_csv(path: Path) -> Path:
    """A Yandex export saved by Excel as «CSV (разделители — точка с запятой)»: cp1251, «;»."""
    with path.open("w", encoding="cp1251", newline="") as fh:
        writer = csv.writer(fh, delimiter=";")
        writer.writerow(YANDEX_HEADERS)
        writer.writerows(yandex_rows())
    return path


def all_choices(table: fi.FormTable, people: list[Candidate]) -> dict[int, int | None | str]:
    matches = match_respondents(names=table.respondent_names(), people=people)
    return {n: (m.chosen_id if m.chosen_id is not None else fi.SKIP) for n, m in zip(table.row_numbers, matches)}


# -- reading ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("writer", [write_google_xlsx, write_google_csv])
def test_google_export_is_read_with_its_columns(tmp_path, writer):
    table = fi.read_form_file(path=writer(tmp_path / ("ответы." + ("xlsx" if "xlsx" in writer.__name__ else "csv"))))
    assert table.headers[3] == "Насколько эффективной была работа с наставником?"  # trailing space trimmed
    assert table.timestamp_col == 0 and table.name_cols == (2,) and table.ignored_cols == (1,)
    assert table.provider == "Google Формы"
    assert table.row_numbers[:2] == (2, 3) and len(table.rows) == len(MESSY)
    assert table.respondent_names()[3] == "Сидорова Анна"
    assert fi.parse_timestamp(table.rows[0][0]) == dt.date(2026, 10, 12)
    assert table.examples(7) == ["Да", "Нет", "да"] and table.examples(3, limit=2) == ["9", "7"]
    assert table.question_cols() == [3, 4, 5, 6, 7, 8]


@pytest.mark.parametrize("writer", [write_yandex_xlsx, write_yandex_csv])
def test_yandex_export_with_separate_name_columns(tmp_path, writer):
    name = "yandex.xlsx" if writer is write_yandex_xlsx else "yandex.csv"
    table = fi.read_form_file(path=writer(tmp_path / name))
    first = 3 if writer is write_yandex_xlsx else 2  # the xlsx has the form title in row 1
    assert table.row_numbers == (first, first + 1, first + 2)
    assert table.timestamp_col == 1 and table.name_cols == (3, 4) and table.class_col == 5
    assert set(table.ignored_cols) == {0, 2} and table.provider == "Яндекс Формы"
    assert table.respondent_names() == ["сидорова анна 7 В", "Петров Иван 6б", "Елкин Федя 7А"]
    assert [fi.parse_timestamp(r[1]) for r in table.rows] == [dt.date(2026, 10, 12), dt.date(2026, 10, 13),
                                                              dt.date(2026, 10, 14)]


def test_unreadable_empty_and_foreign_files_are_named(tmp_path):
    broken = tmp_path / "ответы.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    empty = tmp_path / "пусто.csv"
    empty.write_text("Отметка времени;Фамилия, имя;Оценка\n", encoding="utf-8")
    foreign = tmp_path / "список.csv"
    foreign.write_text("Город;Улица;Дом\nЛукоянов;Ленина;1\n", encoding="utf-8")
    for path, words in ((broken, "не удалось открыть"), (empty, "нет ни одного ответа"),
                        (foreign, "не похож на выгрузку")):
        with pytest.raises(ValidationError) as err:
            fi.read_form_file(path=path)
        assert path.name in str(err.value) and words in str(err.value)


@pytest.mark.parametrize(("value", "expected"), [
    (dt.datetime(2026, 10, 12, 14, 3), dt.date(2026, 10, 12)), ("12.10.2026 14:03:11", dt.date(2026, 10, 12)),
    ("2026-10-12 14:03:11", dt.date(2026, 10, 12)), ("2026/10/12 2:03:11 PM GMT+3", dt.date(2026, 10, 12)),
    ("10/12/2026 14:03:11", dt.date(2026, 10, 12)), (46307.5, dt.date(2026, 10, 12)), ("вчера", None),
    ("31.02.2026", None)])
def test_timestamps_of_both_services(value, expected):
    assert fi.parse_timestamp(value) == expected


# -- names --------------------------------------------------------------------------------------------------

def test_messy_names_are_matched_as_a_curator_would(session, people):
    candidates = fi.load_candidates(session, role="mentee")
    matches = match_respondents(names=[m[0] for m in MESSY], people=candidates)
    got = [(m.name, m.status, m.chosen_id) for m in matches]
    want = [(name, status, people[key] if key else None) for name, status, key in MESSY]
    assert got == want
    ambiguous = matches[1]
    assert {pid for pid, _ in ambiguous.candidates[:2]} == {people["ivanov_s"], people["ivanov_a"]}
    assert not matches[0].needs_review and matches[2].needs_review
    # the class settles namesakes: «иванов петр 5а» is the one from 5А
    klass = match_respondents(names=["иванов петр 5а"], people=candidates)[0]
    assert (klass.status, klass.chosen_id) == (EXACT, people["ivanov_s"])


def test_a_contradicting_first_name_is_no_match():
    people = [Candidate(1, "Петров Иван Андреевич", "6Б"), Candidate(2, "Петрова Ирина", "5Б")]
    m = match_respondents(names=["Петров Олег", "Петрова Ирина Сергеевна", "Иван Петров"], people=people)
    assert m[0].status == NONE
    assert (m[1].status, m[1].chosen_id) == (EXACT, 2)  # the base has no patronymic to contradict
    assert (m[2].status, m[2].chosen_id) == (EXACT, 1)  # swapped order


# -- mapping ------------------------------------------------------------------------------------------------

def test_mapping_is_proposed_by_text_and_each_question_used_once(session, tmp_path, post_template):
    table = fi.read_form_file(path=write_google_xlsx(tmp_path / "g.xlsx"))
    questions = surveys.get_template(session, template_id=post_template).questions
    mapping = fi.propose_mapping(table=table, questions=questions, remembered={})
    assert [mapping[h] for h in table.headers] == ["", "", "", "effectiveness", "comfort", "clarity",
                                                   "satisfaction", "continue", "valuable"]
    # a remembered choice wins over similarity, and frees nothing twice
    remembered = {"Насколько эффективной была работа с наставником?": "",
                  "Насколько комфортным было для вас общение с наставником?": "support"}
    again = fi.propose_mapping(table=table, questions=questions, remembered=remembered)
    assert again[table.headers[3]] == "" and again[table.headers[4]] == "support"
    assert list(again.values()).count("comfort") <= 1


# -- storing ------------------------------------------------------------------------------------------------

def test_import_stores_parsed_answers_remembers_mapping_and_skips_a_repeat(session, tmp_path, people,
                                                                            post_template):
    path = write_google_xlsx(tmp_path / "Анкета (Ответы).xlsx")
    table = fi.read_form_file(path=path)
    questions = surveys.get_template(session, template_id=post_template).questions
    mapping = fi.propose_mapping(table=table, questions=questions, remembered={})
    choices = all_choices(table, fi.load_candidates(session, role="mentee"))
    choices[table.row_numbers[1]] = None  # «иванов петр» (ambiguous) loaded anonymously
    skipped_rows = [n for n, c in choices.items() if c == fi.SKIP]
    assert skipped_rows == [table.row_numbers[10]]  # «Неизвестный Человек»
    added = fi.import_responses(session, path=path, template_id=post_template, mapping=mapping, choices=choices,
                                respondent_role="mentee", default_date=dt.date(2026, 11, 1))
    assert added == 10
    stored = {r.mentee_id: r for r in surveys.list_responses(session, template_id=post_template)}
    first = stored[people["ivanov_s"]]
    assert first.answers == {"effectiveness": 9, "comfort": 8, "clarity": 7, "satisfaction": 10,
                             "continue": True, "valuable": "Поддержка"}
    assert first.answered_on == dt.date(2026, 10, 12) and first.source == "import"
    assert stored[people["petrov"]].answers["satisfaction"] == 9  # «9 баллов»
    assert stored[None].respondent_name == "(аноним)"
    remembered = surveys.get_import_mapping(session, template_id=post_template)
    assert remembered[table.headers[2]] == fi.NAME_FIELD and remembered[table.headers[0]] == fi.DATE_FIELD
    assert remembered[table.headers[6]] == "satisfaction"

    # the same file again: nothing doubles, the plan says why
    plan = fi.plan_import(session, table=table, template_id=post_template, mapping=mapping, choices=choices,
                          respondent_role="mentee")
    assert (len(plan.responses), len(plan.duplicates), plan.skipped) == (0, 10, tuple(skipped_rows))
    assert fi.import_responses(session, path=path, template_id=post_template, mapping=mapping, choices=choices,
                               respondent_role="mentee") == 0
    assert len(surveys.list_responses(session, template_id=post_template)) == 10


def test_a_bad_cell_stores_nothing_and_names_row_and_column(session, tmp_path, people, post_template):
    rows = google_rows()
    rows[4][3] = 11  # effectiveness out of the 1–10 scale, file row 6
    rows[7][7] = "может быть"  # yes/no, file row 9
    path = write_google_csv(tmp_path / "ответы.csv", rows)
    table = fi.read_form_file(path=path)
    questions = surveys.get_template(session, template_id=post_template).questions
    mapping = fi.propose_mapping(table=table, questions=questions, remembered={})
    choices = {n: None for n in table.row_numbers}
    with pytest.raises(ValidationError) as err:
        fi.import_responses(session, path=path, template_id=post_template, mapping=mapping, choices=choices,
                            respondent_role="mentee")
    assert [(i.row, i.field) for i in err.value.issues] == [
        (6, "Насколько эффективной была работа с наставником?"),
        (9, "Хотели бы вы продолжить работу в программе наставничества?")]
    assert "ответы.csv" in str(err.value) and "строка 6" in str(err.value)
    assert surveys.list_responses(session) == []
    assert surveys.get_import_mapping(session, template_id=post_template) == {}


def test_yandex_cp1251_csv_with_separate_names_imports(session, tmp_path, people, post_template):
    path = write_yandex_csv(tmp_path / "yandex.csv")
    table = fi.read_form_file(path=path)
    questions = surveys.get_template(session, template_id=post_template).questions
    mapping = fi.propose_mapping(table=table, questions=questions, remembered={})
    assert [mapping[h] for h in YANDEX_HEADERS[6:]] == ["effectiveness", "comfort", "become_mentor", "missing"]
    matches = match_respondents(names=table.respondent_names(), people=fi.load_candidates(session, role="mentee"))
    assert [(m.status, m.chosen_id) for m in matches] == [
        (EXACT, people["sidorova"]), (EXACT, people["petrov"]), (PROBABLE, people["elkin"])]
    choices = {n: m.chosen_id for n, m in zip(table.row_numbers, matches)}
    assert fi.import_responses(session, path=path, template_id=post_template, mapping=mapping, choices=choices,
                               respondent_role="mentee") == 3
    by_person = {r.mentee_id: r for r in surveys.list_responses(session, template_id=post_template)}
    assert by_person[people["elkin"]].answers == {"effectiveness": 8, "comfort": 8, "become_mentor": True,
                                                  "missing": "Больше встреч; экскурсий"}
    assert by_person[people["petrov"]].answered_on == dt.date(2026, 10, 13)
    # next time the remembered name, date and class columns come back
    remembered = surveys.get_import_mapping(session, template_id=post_template)
    again = fi.with_remembered_columns(table, remembered)
    assert again.name_cols == (3, 4) and again.timestamp_col == 1 and again.class_col == 5


def test_rows_without_answers_and_with_default_date(session, tmp_path, people, post_template):
    path = tmp_path / "ручная.csv"
    path.write_text("Ваше имя;Насколько эффективной была работа с наставником?\n"
                    "Петров Иван;8\nСидорова Анна;\n", encoding="utf-8")
    table = fi.read_form_file(path=path)
    assert table.timestamp_col is None and table.name_cols == (0,)
    mapping = {table.headers[1]: "effectiveness"}
    template = surveys.get_template(session, template_id=post_template)
    responses, issues = fi.build_responses(table=table, template=template, mapping=mapping,
                                           respondent_role="mentee",
                                           chosen={2: people["petrov"], 3: people["sidorova"]},
                                           default_date=dt.date(2026, 12, 20))
    assert issues == [] and len(responses) == 1
    assert responses[0].answered_on == dt.date(2026, 12, 20) and responses[0].mentee_id == people["petrov"]


def test_responses_are_tied_to_the_pair_of_the_respondent(session, tmp_path, people):
    from app.schemas import GroupData
    from app.services import pairs
    from app.services.people import save_mentor

    mentor = save_mentor(session, data=factories.mentor())
    gid = pairs.save_group(session, data=GroupData(mentor_id=mentor, mentee_ids=(people["petrov"],),
                                                   form="ученик – ученик", start_date=dt.date(2026, 9, 15),
                                                   planned_end_date=dt.date(2027, 5, 25)))
    pairs.set_status(session, group_id=gid, status="approved")
    mentor_post = {t.code: t.id for t in surveys.list_templates(session)}["mentor_post"]
    path = tmp_path / "наставники.csv"
    path.write_text("Отметка времени,ФИО наставника,Насколько вы довольны вашей совместной работой?\n"
                    "20.05.2027 10:00:00,ёлкина светлана,9\n", encoding="utf-8-sig")
    table = fi.read_form_file(path=path)
    assert table.name_cols == (1,)  # the only name column, even though it says «наставника»
    questions = surveys.get_template(session, template_id=mentor_post).questions
    mapping = fi.propose_mapping(table=table, questions=questions, remembered={})
    match = match_respondents(names=table.respondent_names(), people=fi.load_candidates(session, role="mentor"))[0]
    assert (match.status, match.chosen_id) == (EXACT, mentor)
    assert fi.import_responses(session, path=path, template_id=mentor_post, mapping=mapping,
                               choices={2: mentor}, respondent_role="mentor") == 1
    stored = surveys.list_responses(session, template_id=mentor_post)[0]
    assert (stored.mentor_id, stored.group_id, stored.group_form) == (mentor, gid, "ученик – ученик")
    assert stored.answers == {"satisfaction": 9} and stored.answered_on == dt.date(2027, 5, 20)


def test_the_respondent_name_column_is_not_the_mentor_name(tmp_path):
    path = tmp_path / "отзыв.csv"
    path.write_text("Отметка времени;ФИО вашего наставника;Ваши фамилия и имя;Насколько полезной была встреча?\n"
                    "12.10.2026 14:03:11;Ёлкина С. В.;Петров Иван;9\n", encoding="cp1251")
    table = fi.read_form_file(path=path)
    assert table.name_cols == (2,) and table.question_cols() == [1, 3]
    assert table.respondent_names() == ["Петров Иван"]


def test_a_mentor_adding_a_position_is_still_found():
    people = [Candidate(1, "Борисова Марина Петровна", "учитель химии"), Candidate(2, "Борисов Марк", "учитель")]
    m = match_respondents(names=["Борисова Марина учитель химии", "борисова марина, учитель"], people=people)
    assert (m[0].status, m[0].chosen_id) == (EXACT, 1)
    assert (m[1].status, m[1].chosen_id) == (EXACT, 1)  # a part of the position is no name part either
