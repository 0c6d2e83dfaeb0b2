"""Export of the bases to xlsx: Р-145 layout, real dates, formula safety, atomic write, round trip."""

from __future__ import annotations

import datetime as dt
from dataclasses import fields, replace
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from app.database import open_database
from app.errors import Cancelled, StorageError
from app.schemas import ConsentData, MenteeData, MentorData
from app.services.people import get_mentee, get_mentor, save_mentee, save_mentor, set_mentees_archived
from app.services.school import save_school
from app.xlsx_columns import MENTEE_EXPORT, MENTOR_EXPORT
from app.xlsx_export import export_base
from app.xlsx_import import commit_import, read_preview
from db.models import GroupMember, Mentee, Mentor, MentoringGroup
from tests import factories

DOMAIN_MENTEE_13 = ["№ п/п", "ФИО наставляемого",
                    "Контактные данные для связи (или контакты его законных представителей)",
                    "Год рождения наставляемого", "Основной запрос наставляемого", "Дата вхождения в программу",
                    "ФИО наставника", "Место работы/учёбы наставника", "Форма наставничества",
                    "Место реализации программы наставничества", "Дата завершения программы",
                    "Результаты программы",
                    "Ссылка на кейс/отзыв наставляемого, размещённый на сайте организации"]


def load(path: Path):  # noqa: ANN201 - an openpyxl worksheet
    wb = openpyxl.load_workbook(path)
    return wb.worksheets[0]


def header_index(ws, title: str) -> int:  # noqa: ANN001
    return [c.value for c in ws[1]].index(title) + 1


def add_group(session, *, mentor_id: int, mentee_ids: list[int], status: str = "working",  # noqa: ANN001
              form: str = "ученик – ученик") -> None:
    group = MentoringGroup(mentor_id=mentor_id, form=form, status=status, start_date=dt.date(2025, 9, 15),
                           planned_end_date=dt.date(2026, 5, 31))
    session.add(group)
    session.flush()
    for mentee_id in mentee_ids:
        session.add(GroupMember(group_id=group.id, mentee_id=mentee_id))
    session.commit()


def test_mentee_layout_header_styles_dates(session, tmp_path):
    save_mentee(session, data=factories.mentee())
    save_mentee(session, data=factories.mentee(last_name="Ананьева", first_name="Ольга", middle_name="",
                                               birth_date=None, birth_year=2011, requests=()))
    path = tmp_path / "mentees.xlsx"
    assert export_base(session, kind="mentees", path=path) == 2
    ws = load(path)
    headers = [c.value for c in ws[1]]
    assert headers[:13] == DOMAIN_MENTEE_13
    assert headers[13:17] == ["Категория", "Класс/должность", "Статус", "Законный представитель"]
    assert headers[-1] == "Согласия"
    assert all(c.font.bold for c in ws[1])
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:{openpyxl.utils.get_column_letter(len(MENTEE_EXPORT))}3"
    assert all((ws.column_dimensions[openpyxl.utils.get_column_letter(i)].width or 0) >= 6
               for i in range(1, len(headers) + 1))
    first, second = list(ws.iter_rows(min_row=2, values_only=False))
    assert first[0].value == 1 and first[1].value == "Ананьева Ольга"  # sorted by name
    assert first[3].value == 2011 and first[3].data_type == "n"  # birth year only → integer
    assert second[1].value == "Иванов Пётр Сергеевич"
    birth = second[3]
    assert birth.is_date and birth.value.date() == dt.date(2012, 3, 14) and birth.number_format == "DD.MM.YYYY"
    assert second[5].value.date() == dt.date(2026, 9, 15) and second[5].number_format == "DD.MM.YYYY"
    assert second[4].value == "математика, ОГЭ"
    assert second[header_index(ws, "Категория") - 1].value == "обучающийся"
    assert second[header_index(ws, "Статус") - 1].value == "в программе"
    assert second[header_index(ws, "Согласия") - 1].value == "обработка"
    assert second[6].value is None  # no active pair → empty mentor


def test_pairs_fill_mentor_columns(session, tmp_path):
    save_school(session, data=factories.school())
    mentee_id = save_mentee(session, data=factories.mentee())
    other_id = save_mentee(session, data=factories.mentee(last_name="Петров", birth_date=dt.date(2012, 5, 5)))
    mentor_id = save_mentor(session, data=factories.mentor(capacity=4, desired_age_min=10, desired_age_max=14))
    gone_id = save_mentor(session, data=factories.mentor(last_name="Старов", first_name="Олег"))
    add_group(session, mentor_id=mentor_id, mentee_ids=[mentee_id])
    add_group(session, mentor_id=gone_id, mentee_ids=[other_id], status="dissolved")
    export_base(session, kind="mentees", path=tmp_path / "m.xlsx")
    ws = load(tmp_path / "m.xlsx")
    by_name = {r[1]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    ivanov = by_name["Иванов Пётр Сергеевич"]
    assert ivanov[6] == "Ёлкина Светлана Викторовна" and ivanov[7] == "МБОУ СШ № 1"
    assert ivanov[8] == "ученик – ученик" and ivanov[9] == "МБОУ СШ № 1"
    assert by_name["Петров Пётр Сергеевич"][6] is None  # a dissolved pair is not shown

    export_base(session, kind="mentors", path=tmp_path / "t.xlsx")
    ws = load(tmp_path / "t.xlsx")
    assert [c.value for c in ws[1]][:19] == list(MENTOR_EXPORT[:19])
    mentors = {r[1]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    elkina = mentors["Ёлкина Светлана Викторовна"]
    assert elkina[4] == 1980 and elkina[5] == "математика, ОГЭ" and elkina[8] == "10–14"
    assert elkina[10] == "Иванов Пётр Сергеевич" and elkina[11] == "8А" and elkina[12] == "ученик – ученик"
    assert elkina[14] == "15.09.2025 – 31.05.2026"
    assert elkina[18] == "01.10.2026, Сертификат № 12"
    assert elkina[MENTOR_EXPORT.index("Количество наставляемых")] == 4
    assert mentors["Старов Олег Викторовна"][10] is None


def test_formula_injection_is_stored_as_text(session, tmp_path):
    dangerous = ["=1+2", "+7 900 000-00-00", "-2+3", "@SUM(A1:A2)", '=HYPERLINK("http://evil","x")',
                 "=cmd|' /C calc'!A0"]
    for n, text in enumerate(dangerous):
        save_mentee(session, data=factories.mentee(last_name=f"Иванов{'а' * n}", notes=text, contacts=text,
                                                   results=text, consents=()))
    path = tmp_path / "inj.xlsx"
    export_base(session, kind="mentees", path=path)
    ws = load(path)
    notes_col, contacts_col = header_index(ws, "Примечание"), 3
    stored = set()
    for row in ws.iter_rows(min_row=2):
        for cell in (row[notes_col - 1], row[contacts_col - 1], row[header_index(ws, "Результаты программы") - 1]):
            assert cell.data_type == "s", cell.value
            assert cell.quotePrefix  # Excel keeps it text even after editing the cell
            stored.add(cell.value)
    assert stored == set(dangerous)
    assert not any(c.data_type == "f" for row in ws.iter_rows() for c in row)


def test_archived_only_on_request(session, tmp_path):
    keep = save_mentee(session, data=factories.mentee())
    gone = save_mentee(session, data=factories.mentee(last_name="Архипов"))
    set_mentees_archived(session, mentee_ids=[gone], archived=True)
    assert keep
    assert export_base(session, kind="mentees", path=tmp_path / "a.xlsx") == 1
    assert export_base(session, kind="mentees", path=tmp_path / "b.xlsx", include_archived=True) == 2


def test_cancel_leaves_previous_file_and_no_temp(session, tmp_path, monkeypatch):
    from app import xlsx_export

    monkeypatch.setattr(xlsx_export, "PROGRESS_STEP", 50)  # the same steps as 1200 rows with the real 500
    for n in range(120):
        session.add(Mentee(last_name=f"Иванов{n}", first_name="Пётр", category="обучающийся"))
    session.commit()
    path = tmp_path / "out.xlsx"
    path.write_bytes(b"old content")

    def cancel(done: int, total: int) -> None:
        if done > 120:  # while writing rows
            raise Cancelled()

    with pytest.raises(Cancelled):
        export_base(session, kind="mentees", path=path, progress=cancel)
    assert path.read_bytes() == b"old content"
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix != ".sqlite3" and "sqlite" not in p.name) == [
        "out.xlsx"]


def test_missing_folder_is_a_storage_error(session, tmp_path):
    with pytest.raises(StorageError, match="не найдена"):
        export_base(session, kind="mentors", path=tmp_path / "нет" / "x.xlsx")


# -- round trip -------------------------------------------------------------------------

_IGNORED = {"id", "uuid", "consents", "archived"}


def _comparable(data: MenteeData | MentorData) -> dict:
    return {f.name: getattr(data, f.name) for f in fields(data) if f.name not in _IGNORED}


def _round_trip(session, tmp_path: Path, kind: str):  # noqa: ANN001, ANN202
    path = tmp_path / f"{kind}.xlsx"
    export_base(session, kind=kind, path=path)
    other = open_database(tmp_path / "other" / "school.sqlite3")
    try:
        with other.session() as s2:
            preview = read_preview(session=s2, kind=kind, path=path)
            assert preview.errors() == []
            assert preview.duplicate_count() == 0
            commit_import(s2, preview=preview, skip_duplicates=False)
            if kind == "mentees":
                ids = s2.execute(select(Mentee.id).order_by(Mentee.id)).scalars().all()
                return [get_mentee(s2, mentee_id=i) for i in ids]
            ids = s2.execute(select(Mentor.id).order_by(Mentor.id)).scalars().all()
            return [get_mentor(s2, mentor_id=i) for i in ids]
    finally:
        other.close()


def test_round_trip_mentees(session, tmp_path):
    originals = [
        factories.mentee(),
        factories.mentee(last_name="Ёжикова", first_name="Алёна", middle_name="", birth_date=None, birth_year=2011,
                         group_name="10Б", requests=("профориентация",), request_text="Хочет понять, куда поступать",
                         representative="Ёжикова Ирина Олеговна", contacts="=ext 5", status="finished",
                         exit_date=dt.date(2026, 11, 20), results="Выбрала профиль\nпоступила в кружок",
                         case_url="https://school.ru/case/7", notes="-"),
        factories.mentee(last_name="Тихонова", first_name="Анна", middle_name="Павловна",
                         birth_date=dt.date(1999, 1, 2), category="молодой специалист",
                         group_name="учитель биологии", experience_years=1.5,
                         requests=(), entry_date=None, status="left", consents=()),
    ]
    for data in originals:
        save_mentee(session, data=data)
    expected = sorted((_comparable(get_mentee(session, mentee_id=i)) for i in
                       session.execute(select(Mentee.id)).scalars()), key=lambda d: d["last_name"])
    got = sorted((_comparable(d) for d in _round_trip(session, tmp_path, "mentees")), key=lambda d: d["last_name"])
    assert got == expected


def test_round_trip_mentors(session, tmp_path):
    originals = [
        factories.mentor(),
        factories.mentor(last_name="Павлов", first_name="Андрей", middle_name="", birth_year=None,
                         birth_date=dt.date(1990, 6, 1), category="представитель организации-партнёра",
                         partner_name="ООО «Вектор»", workplace="ООО «Вектор»", competencies=("робототехника",),
                         desired_age_min=12, desired_age_max=None, capacity=5, training_date=None,
                         training_document="да", status="candidate", achievements="Инженер года",
                         interests="шахматы, походы", photo_url="https://x/p.jpg", notes="@важно"),
        factories.mentor(last_name="Юнусова", first_name="Дина", middle_name="", category="обучающийся",
                         group_name="11А", birth_year=2008, workplace="", experience_years=None,
                         competencies=(), desired_age_min=10, desired_age_max=10, training_date=dt.date(2025, 9, 1),
                         training_document="", status="finished", entry_date=dt.date(2025, 9, 10)),
    ]
    for data in originals:
        save_mentor(session, data=replace(data, consents=(ConsentData(kind="processing",
                                                                      signed_on=dt.date(2025, 9, 1)),)))
    expected = sorted((_comparable(get_mentor(session, mentor_id=i)) for i in
                       session.execute(select(Mentor.id)).scalars()), key=lambda d: d["last_name"])
    got = sorted((_comparable(d) for d in _round_trip(session, tmp_path, "mentors")), key=lambda d: d["last_name"])
    assert got == expected
