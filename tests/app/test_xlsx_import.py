"""Import of the mentee and mentor bases from real xlsx and csv files."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from app.errors import Cancelled, ValidationError
from app.services.people import get_mentee, get_mentor, save_mentee, set_mentees_archived
from app.xlsx_import import commit_import, read_preview
from db.models import Mentee, Mentor, PartnerOrganization
from tests import factories

R145_MENTEE = ["№ п/п", "ФИО наставляемого",
               "Контактные данные для связи (или контакты его законных представителей)",
               "Год рождения наставляемого", "Основной запрос наставляемого", "Дата вхождения в программу",
               "ФИО наставника", "Место работы/учёбы наставника", "Форма наставничества",
               "Место реализации программы наставничества", "Дата завершения программы", "Результаты программы",
               "Ссылка на кейс/отзыв наставляемого, размещённый на сайте организации"]


def write_xlsx(path: Path, rows: list[list], *, sheet: str = "Лист1") -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def write_csv(path: Path, rows: list[list], *, encoding: str = "utf-8-sig", delimiter: str = ";") -> Path:
    with path.open("w", encoding=encoding, newline="") as fh:
        csv.writer(fh, delimiter=delimiter).writerows(rows)
    return path


def count(session, model) -> int:  # noqa: ANN001
    return session.execute(select(func.count()).select_from(model)).scalar_one()


def preview_of(session, path: Path, kind: str = "mentees"):  # noqa: ANN001, ANN201
    return read_preview(session=session, kind=kind, path=path)


def mentee_row(**over) -> list:
    row = {"n": 1, "fio": "Иванов Пётр Сергеевич", "contacts": "+7 900 111-22-33", "birth": dt.datetime(2012, 3, 14),
           "req": "математика, ОГЭ", "entry": dt.datetime(2025, 9, 1), "mentor": "", "place": "", "form": "",
           "where": "", "exit": None, "results": "", "case": ""}
    row.update(over)
    return list(row.values())


# -- good and messy files --------------------------------------------------------

def test_good_r145_file_imports_every_row(session, tmp_path):
    path = write_xlsx(tmp_path / "база.xlsx", [
        R145_MENTEE,
        mentee_row(),
        mentee_row(n=2, fio="Сидорова Анна Игоревна", birth=2011, req="английский язык\nпрофориентация",
                   entry="02.09.2025", exit="20.05.2026", results="Победитель олимпиады",
                   case="https://school.ru/case/2"),
    ])
    preview = preview_of(session, path)
    assert preview.errors() == []
    assert preview.header_row == 1
    assert preview.columns["ФИО наставляемого"] == "full_name"
    assert [r.row_number for r in preview.rows] == [2, 3]
    result = commit_import(session, preview=preview, skip_duplicates=False)
    assert (result.added, result.skipped) == (2, 0)
    rows = {m.last_name: m for m in session.execute(select(Mentee)).scalars()}
    ivanov = get_mentee(session, mentee_id=rows["Иванов"].id)
    assert (ivanov.first_name, ivanov.middle_name) == ("Пётр", "Сергеевич")
    assert ivanov.birth_date == dt.date(2012, 3, 14) and ivanov.birth_year == 2012
    assert ivanov.requests == ("математика", "ОГЭ")
    assert ivanov.entry_date == dt.date(2025, 9, 1)
    assert ivanov.category == "обучающийся" and ivanov.status == "active"
    assert ivanov.contacts == "+7 900 111-22-33"
    assert rows["Иванов"].uuid and rows["Иванов"].created_at is not None
    anna = get_mentee(session, mentee_id=rows["Сидорова"].id)
    assert anna.birth_date is None and anna.birth_year == 2011
    assert anna.requests == ("английский язык", "профориентация")
    assert anna.exit_date == dt.date(2026, 5, 20) and anna.status == "finished"
    assert anna.results == "Победитель олимпиады" and anna.case_url == "https://school.ru/case/2"


def test_messy_file_title_rows_variants_dates_nbsp_yo(session, tmp_path):
    path = write_xlsx(tmp_path / "messy.xlsx", [
        ["База наставляемых МБОУ СШ № 1"],
        ["на 2025/2026 учебный год"],
        [],
        ["№", "Ф.И.О.", "ДАТА  РОЖДЕНИЯ:", "Класс / группа", "Запросы", "Дата вхождения в программу",
         "Категория", "Статус", "Примечание"],
        [1, "\u00a0 Ёлкин\u00a0Фёдор  Артёмович ", dt.datetime(2012, 1, 5), " 7А ", "ОГЭ; математика",
         "05.09.2025", "Ученик", "В программе", "  любит шахматы  "],
        [2, "Петрова Мария", "14.03.2011", "8Б", "", "2025-09-06", "обучающийся", "выбыла", None],
        [3, "Козлов Иван Петрович оглы", "2010", "9В", "", 45910, "", "", ""],
        [None, None, None, None, None, None, None, None, None],
        [4, "Смирнов Олег", "01/02/2012", "", "", "", "", "завершил", ""],
    ])
    preview = preview_of(session, path)
    assert preview.errors() == []
    assert preview.header_row == 4
    assert [r.row_number for r in preview.rows] == [5, 6, 7, 9]
    first, second, third, fourth = (r.data for r in preview.rows)
    assert (first.last_name, first.first_name, first.middle_name) == ("Ёлкин", "Фёдор", "Артёмович")
    assert first.birth_date == dt.date(2012, 1, 5) and first.group_name == "7А"
    assert first.requests == ("ОГЭ", "математика") and first.category == "обучающийся"
    assert first.entry_date == dt.date(2025, 9, 5) and first.notes == "любит шахматы"
    assert second.birth_date == dt.date(2011, 3, 14) and second.status == "left"
    assert second.entry_date == dt.date(2025, 9, 6)
    assert third.middle_name == "Петрович оглы" and third.birth_year == 2010
    assert third.entry_date == dt.date(1899, 12, 30) + dt.timedelta(days=45910)  # an unformatted Excel date
    assert fourth.birth_date == dt.date(2012, 2, 1) and fourth.status == "finished"
    warnings = " ".join(i.message for i in preview.warnings())
    assert "подставлено «обучающийся»: строки 7, 9" in warnings
    commit_import(session, preview=preview, skip_duplicates=False)
    names = {m.last_name for m in session.execute(select(Mentee)).scalars()}
    assert "Ёлкин" in names  # «ё» kept in the stored text


def test_column_numbering_row_under_header_is_skipped(session, tmp_path):
    path = write_xlsx(tmp_path / "form.xlsx", [R145_MENTEE, list(range(1, 14)), mentee_row()])
    preview = preview_of(session, path)
    assert preview.errors() == []
    assert [r.row_number for r in preview.rows] == [3]


def test_separate_surname_name_patronymic_columns(session, tmp_path):
    path = write_xlsx(tmp_path / "sep.xlsx", [
        ["Фамилия", "Имя", "Отчество", "Дата рождения", "Класс"],
        ["Кузнецова", "Дарья", "", "03.04.2013", "6А"],
        ["Орлов", "Глеб", "Ильич", dt.date(2012, 7, 8), "7Б"],
    ])
    preview = preview_of(session, path)
    assert preview.errors() == []
    assert [(r.data.last_name, r.data.first_name, r.data.middle_name) for r in preview.rows] == [
        ("Кузнецова", "Дарья", ""), ("Орлов", "Глеб", "Ильич")]


def test_mentor_base_columns(session, tmp_path):
    path = write_xlsx(tmp_path / "mentors.xlsx", [
        ["№ п/п", "ФИО наставника", "Место работы/учёбы наставника", "Контактные данные для связи",
         "Год рождения наставника", "Основные компетенции наставника", "Важные для программы достижения наставника",
         "Интересы наставника", "Желаемый возраст наставляемых", "Отметка о прохождении обучения",
         "Организация-партнёр", "Ёмкость", "Стаж", "Ссылка на фото наставника", "ФИО наставляемого (наставляемых)"],
        [1, "Ёлкина Светлана Викторовна", "МБОУ СШ № 1", "8 900 000-00-00", 1980, "математика\nОГЭ; физика",
         "Учитель года", "туризм", "10-14", dt.datetime(2025, 10, 1), "", 2, "20", "https://x/ph.jpg", "Иванов П."],
        [2, "Павлов Андрей", "ООО «Ромашка»", "", "1990", "", "", "", "от 12 до 16", "да", "ООО «Ромашка»", "",
         "3,5", "", ""],
        [3, "Зайцев Ким", "", "", "", "", "", "", "до 14", "01.09.2025, сертификат № 7", "ооо «ромашка»", "", "",
         "", ""],
        [4, "Львов Лев", "", "", "", "", "", "", "подростки", "нет", "", "", "", "", ""],
    ])
    preview = preview_of(session, path, "mentors")
    assert preview.errors() == []
    a, b, c, d = (r.data for r in preview.rows)
    assert a.competencies == ("математика", "ОГЭ", "физика") and a.birth_year == 1980
    assert (a.desired_age_min, a.desired_age_max, a.capacity) == (10, 14, 2)
    assert a.training_date == dt.date(2025, 10, 1) and a.experience_years == 20
    assert a.category == "педагог" and a.photo_url == "https://x/ph.jpg"
    assert (b.desired_age_min, b.desired_age_max, b.training_document, b.experience_years) == (12, 16, "да", 3.5)
    assert b.capacity == 3  # empty → the default
    assert (c.desired_age_min, c.desired_age_max) == (None, 14)
    assert (c.training_date, c.training_document) == (dt.date(2025, 9, 1), "сертификат № 7")
    assert d.desired_age_min is None and "подростки" in d.notes and d.training_document == ""
    warnings = [i.describe() for i in preview.warnings()]
    assert any("строка 5" in w and "подростки" in w for w in warnings)
    assert any("«ФИО наставляемого (наставляемых)» не загружается" in w for w in warnings)
    commit_import(session, preview=preview, skip_duplicates=False)
    partners = session.execute(select(PartnerOrganization)).scalars().all()
    assert [p.name for p in partners] == ["ООО «Ромашка»"]  # one partner for both spellings
    mentor_ids = [m.id for m in session.execute(select(Mentor).order_by(Mentor.id)).scalars()]
    assert get_mentor(session, mentor_id=mentor_ids[1]).partner_name == "ООО «Ромашка»"


def test_categories_matched_defaulted_and_unknown(session, tmp_path):
    path = write_xlsx(tmp_path / "cat.xlsx", [
        ["ФИО", "Категория", "Класс/должность"],
        ["Иванов Пётр", "ОБУЧАЮЩИЙСЯ", "7А"],
        ["Петров Иван", "", "учитель истории"],
        ["Сидоров Олег", "", "8Б"],
        ["Волков Ян", "волонтёр", "9А"],
    ])
    preview = preview_of(session, path)
    assert preview.errors() == []
    assert [r.data.category for r in preview.rows] == ["обучающийся", "педагог", "обучающийся", "волонтёр"]
    text = " | ".join(i.message for i in preview.warnings())
    assert "подставлено «педагог»: строки 3" in text and "подставлено «обучающийся»: строки 4" in text
    assert "категории «волонтёр» нет в справочнике" in text


def test_unknown_and_ignored_columns_warn(session, tmp_path):
    path = write_xlsx(tmp_path / "cols.xlsx", [
        ["№ п/п", "ФИО", "Любимый цвет", "Размер обуви", "ФИО наставника"],
        [1, "Иванов Пётр", "синий", 38, ""],
    ])
    preview = preview_of(session, path)
    messages = [i.message for i in preview.warnings()]
    assert "столбцы «Любимый цвет», «Размер обуви» не распознаны и не будут загружены" in messages
    assert not any("ФИО наставника" in m for m in messages)  # a pairing column without data is quiet
    assert "№ п/п" not in preview.columns


# -- broken files -------------------------------------------------------------------

def _error_text(session, path: Path, kind: str = "mentees") -> str:  # noqa: ANN001
    with pytest.raises(ValidationError) as info:
        preview_of(session, path, kind).raise_for_errors()
    assert info.value.source == path.name
    return str(info.value)


def test_not_really_xlsx(session, tmp_path):
    path = tmp_path / "база.xlsx"
    path.write_text("это не Excel", encoding="utf-8")
    text = _error_text(session, path)
    assert "«база.xlsx»" in text and "не является книгой Excel" in text


def test_damaged_zip_named_xlsx(session, tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    assert "не удалось открыть" in _error_text(session, path)


def test_password_protected_or_xls(session, tmp_path):
    path = tmp_path / "secret.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500)
    assert "защищён паролем" in _error_text(session, path)


def test_empty_file_and_empty_sheet(session, tmp_path):
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    assert "файл пуст" in _error_text(session, empty)
    blank = write_xlsx(tmp_path / "blank.xlsx", [])
    assert "в файле нет данных" in _error_text(session, blank)
    header_only = write_xlsx(tmp_path / "header.xlsx", [["ФИО", "Класс"]])
    assert "нет ни одной записи" in _error_text(session, header_only)


def test_unsupported_extension(session, tmp_path):
    path = tmp_path / "база.pdf"
    path.write_bytes(b"%PDF-1.4")
    assert "не поддерживается" in _error_text(session, path)


def test_no_name_column(session, tmp_path):
    path = write_xlsx(tmp_path / "noname.xlsx", [["Класс", "Дата рождения"], ["7А", "01.01.2012"]])
    assert "не найдена строка заголовков со столбцом «ФИО»" in _error_text(session, path)


def test_bad_date_names_row_and_column(session, tmp_path):
    path = write_xlsx(tmp_path / "bad.xlsx", [
        ["Заголовок"], R145_MENTEE, mentee_row(), mentee_row(n=2, fio="Петров Иван", birth="31.02.2012"),
    ])
    text = _error_text(session, path)
    assert "строка 4, поле «Год рождения наставляемого»: «31.02.2012» — такой даты нет" in text


def test_bare_year_is_not_an_entry_date_and_bad_values(session, tmp_path):
    path = write_xlsx(tmp_path / "bad2.xlsx", [
        ["ФИО", "Дата вхождения в программу", "Статус", "Стаж"],
        ["Иванов Пётр", "2025", "в отпуске", "много"],
        ["Петров", "", "", ""],
        ["Сидоров 3 Иван", "", "", ""],
    ])
    errors = [i.describe() for i in preview_of(session, path).errors()]
    assert "строка 2, поле «Дата вхождения в программу»: указан только год (2025) — нужна дата ДД.ММ.ГГГГ" in errors
    assert any(e.startswith("строка 2, поле «Статус»: неизвестный статус «в отпуске»") for e in errors)
    assert "строка 2, поле «Стаж»: «много» — не число" in errors
    assert "строка 3, поле «ФИО»: не указано: имя (ожидается «Фамилия Имя Отчество»)" in errors
    assert any(e.startswith("строка 4, поле «ФИО»: имя:") for e in errors)


# -- csv ------------------------------------------------------------------------------

def test_csv_cp1251_semicolon(session, tmp_path):
    path = write_csv(tmp_path / "база.csv", [
        ["База наставляемых"], ["ФИО", "Дата рождения", "Класс", "Основной запрос"],
        ["Ёжикова Алёна Петровна", "14.03.2012", "7А", "математика, ОГЭ"],
        ["Иванов Пётр", "2011", "8Б", ""],
    ], encoding="cp1251", delimiter=";")
    preview = preview_of(session, path)
    assert preview.errors() == []
    first = preview.rows[0].data
    assert (first.last_name, first.first_name, first.requests) == ("Ёжикова", "Алёна", ("математика", "ОГЭ"))
    assert preview.rows[0].row_number == 3


@pytest.mark.parametrize("delimiter", [",", "\t"])
def test_csv_utf8_other_delimiters(session, tmp_path, delimiter):
    path = write_csv(tmp_path / "база.csv", [
        ["ФИО", "Запросы", "Класс"], ["Иванов Пётр", "математика, ОГЭ", "7А"], ["Петров Иван", "", "8А"],
    ], delimiter=delimiter)
    preview = preview_of(session, path)
    assert preview.errors() == []
    assert preview.rows[0].data.requests == ("математика", "ОГЭ")


def test_binary_csv_is_rejected(session, tmp_path):
    path = tmp_path / "x.csv"
    path.write_bytes(b"\x00\x01\x02binary")
    assert "не похож на текст CSV" in _error_text(session, path)


# -- duplicates and all-or-nothing -------------------------------------------------------

def test_duplicates_in_file_and_in_base(session, tmp_path):
    save_mentee(session, data=factories.mentee())  # Иванов Пётр Сергеевич, 14.03.2012
    archived = save_mentee(session, data=factories.mentee(last_name="Архипов", birth_date=None, birth_year=2010))
    set_mentees_archived(session, mentee_ids=[archived], archived=True)
    path = write_xlsx(tmp_path / "dups.xlsx", [
        ["ФИО", "Дата рождения"],
        ["ИВАНОВ петр Сергеевич", "14.03.2012"],  # in the base (ё folded)
        ["Новиков Илья", "01.02.2013"],
        ["Новиков Илья", "2013"],  # same as row 3 by year
        ["Новиков Илья", "01.02.2014"],  # another person
        ["Архипов Пётр Сергеевич", "2010"],  # archived in the base
    ])
    preview = preview_of(session, path)
    dups = {r.row_number: r.duplicate_of for r in preview.rows}
    assert dups[2] == "уже в базе: Иванов Пётр Сергеевич, 14.03.2012"
    assert dups[3] is None and dups[4] == "в файле, строка 3" and dups[5] is None
    assert dups[6] == "уже в базе (в архиве): Архипов Пётр Сергеевич, 2010"
    assert preview.duplicate_count() == 3
    assert preview.importable_count(skip_duplicates=True) == 2
    assert preview.importable_count(skip_duplicates=False) == 5
    assert any("возможный дубликат — в файле, строка 3" in i.message for i in preview.warnings())
    result = commit_import(session, preview=preview, skip_duplicates=True)
    assert (result.added, result.skipped) == (2, 3)
    assert count(session, Mentee) == 4


def test_duplicates_imported_when_not_skipped(session, tmp_path):
    save_mentee(session, data=factories.mentee())
    path = write_xlsx(tmp_path / "d.xlsx", [["ФИО", "Дата рождения"], ["Иванов Пётр Сергеевич", "14.03.2012"]])
    result = commit_import(session, preview=preview_of(session, path), skip_duplicates=False)
    assert (result.added, result.skipped) == (1, 0)
    assert count(session, Mentee) == 2


def test_one_bad_row_blocks_everything(session, tmp_path):
    rows = [["ФИО", "Дата рождения"]] + [[f"Иванов Пётр{'а' * n}", "01.01.2012"] for n in range(20)]
    rows.append(["Петров Иван", "32.13.2012"])
    preview = preview_of(session, write_xlsx(tmp_path / "one_bad.xlsx", rows))
    assert len(preview.errors()) == 1 and preview.errors()[0].row == 22
    with pytest.raises(ValidationError):
        commit_import(session, preview=preview, skip_duplicates=False)
    assert count(session, Mentee) == 0


def test_cancel_during_commit_writes_nothing(session, tmp_path, monkeypatch):
    import app.xlsx_import as module

    monkeypatch.setattr(module, "INSERT_CHUNK", 10)
    rows = [["ФИО наставника", "Организация-партнёр"]] + [[f"Петров Иван{'а' * n}", "ООО «Вектор»"] for n in range(35)]
    preview = preview_of(session, write_xlsx(tmp_path / "m.xlsx", rows), "mentors")
    calls = []

    def progress(done: int, total: int) -> None:
        calls.append(done)
        if done >= 20:
            raise Cancelled()

    with pytest.raises(Cancelled):
        commit_import(session, preview=preview, skip_duplicates=False, progress=progress)
    assert calls == [0, 10, 20]
    assert count(session, Mentor) == 0 and count(session, PartnerOrganization) == 0


def test_progress_and_cancel_while_reading(session, tmp_path):
    rows = [["ФИО"]] + [[f"Иванов Пётр{'а' * (n % 30)}"] for n in range(1200)]
    path = write_xlsx(tmp_path / "big.xlsx", rows)
    seen = []
    preview = read_preview(session=session, kind="mentees", path=path, progress=lambda d, t: seen.append((d, t)))
    assert len(preview.rows) == 1200 and seen and all(d <= t for d, t in seen)

    def cancel(done: int, total: int) -> None:
        raise Cancelled()

    with pytest.raises(Cancelled):
        read_preview(session=session, kind="mentees", path=path, progress=cancel)


def test_header_found_on_best_sheet(session, tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "Пояснения"
    wb.active.append(["Заполните лист «База»"])
    ws = wb.create_sheet("База")
    ws.append(["ФИО", "Класс"])
    ws.append(["Иванов Пётр", "7А"])
    wb.save(tmp_path / "two.xlsx")
    preview = preview_of(session, tmp_path / "two.xlsx")
    assert [r.data.last_name for r in preview.rows] == ["Иванов"]


# -- property: whatever the cells, a clean preview or typed errors; the base changes only on commit ------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_TEXT = st.text(alphabet=st.one_of(st.sampled_from("АБВабвЁёЖж -.,;=+@\u00a0\n0123456789/"),
                                   st.characters(blacklist_categories=("Cs", "Cc"))), max_size=25)
_CELL = st.one_of(st.none(), _TEXT, st.integers(-10**6, 10**6), st.floats(allow_nan=False, allow_infinity=False),
                  st.dates(dt.date(1900, 3, 1), dt.date(2100, 1, 1)), st.sampled_from(["Иванов Пётр", "14.03.2012",
                                                                                       "в программе", "7А"]))
_HEADER = ["ФИО", "Дата рождения", "Класс", "Запросы", "Дата вхождения в программу", "Статус", "Категория",
           "Педагогический стаж"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(_CELL, min_size=len(_HEADER), max_size=len(_HEADER)), max_size=6),
       kind=st.sampled_from(["mentees", "mentors"]))
def test_property_any_cells_give_clean_preview_or_typed_errors(session, tmp_path_factory, rows, kind):
    path = write_xlsx(tmp_path_factory.mktemp("prop") / "random.xlsx", [_HEADER] + rows)
    model = Mentee if kind == "mentees" else Mentor
    before = count(session, model)
    try:
        preview = read_preview(session=session, kind=kind, path=path)
    except ValidationError as exc:  # only a file-level problem may raise here
        assert exc.issues
        assert count(session, model) == before
        return
    assert count(session, model) == before  # reading writes nothing
    for issue in preview.errors():
        assert issue.message and (issue.row is None or issue.row >= 1)
    if preview.errors():
        with pytest.raises(ValidationError):
            commit_import(session, preview=preview, skip_duplicates=False)
        assert count(session, model) == before
    else:
        expected = preview.importable_count(skip_duplicates=True)
        result = commit_import(session, preview=preview, skip_duplicates=True)
        assert result.added == expected
        assert count(session, model) == before + expected


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=300), suffix=st.sampled_from([".xlsx", ".csv", ".txt", ".dat"]))
def test_property_random_bytes_never_crash(session, tmp_path_factory, data, suffix):
    path = tmp_path_factory.mktemp("bytes") / f"file{suffix}"
    path.write_bytes(data)
    try:
        preview = read_preview(session=session, kind="mentees", path=path)
    except ValidationError as exc:
        assert exc.source == path.name
    else:
        assert isinstance(preview.rows, list)
    assert count(session, Mentee) == 0
