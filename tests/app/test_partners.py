"""Partner organisations: agreement status, validation, archive, mentors, thanks letter, demo, indicator."""

from __future__ import annotations

import datetime as dt
import subprocess

import pytest
from sqlalchemy import func, select

from app.demo_data import DEMO_SCHOOL
from app.documents.partner_letter import letter_context, partner_letter_pdf
from app.errors import ValidationError
from app.indicators import compute_indicators
from app.periods import parse_period
from app.schemas import GroupData, SchoolData
from app.schemas_partners import PartnerData
from app.services import pairs
from app.services.partners import (agreement_status, get_partner, list_partners, mentors_of, save_partner,
                                   set_partner_archived)
from app.services.people import (get_mentor, partner_id_for, partner_names, save_mentee, save_mentor,
                                 set_mentors_archived)
from app.services.school import save_school
from db.models import PartnerOrganization
from tests import factories

D = dt.date
TODAY = D(2026, 11, 26)
YEAR = "2026/2027"


def partner(session, name: str, **kw) -> int:  # noqa: ANN001
    return save_partner(session, data=PartnerData(name=name, **kw), today=TODAY).id


def mentor(session, last: str, org: str = "", *, position: str = "инженер") -> int:  # noqa: ANN001
    return save_mentor(session, data=factories.mentor(last_name=last, first_name="Ольга", middle_name="Ивановна",
                                                      category="представитель организации-партнёра",
                                                      group_name=position, partner_name=org, capacity=20))


def kid(session, last: str) -> int:  # noqa: ANN001
    return save_mentee(session, data=factories.mentee(last_name=last))


def pair(session, mentor_id: int, mentee_ids: list[int], *, start: D = D(2026, 9, 15),  # noqa: ANN001
         statuses: tuple[tuple[str, D], ...] = (("approved", D(2026, 9, 25)),)) -> int:
    gid = pairs.save_group(session, data=GroupData(mentor_id=mentor_id, mentee_ids=tuple(mentee_ids),
                                                   form="работодатель – ученик", start_date=start))
    for status, on in statuses:
        pairs.set_status(session, group_id=gid, status=status, on=on, reason="окончание программы")
    return gid


def count(session) -> int:  # noqa: ANN001
    return session.execute(select(func.count()).select_from(PartnerOrganization)).scalar_one()


def pdf_text(path) -> str:  # noqa: ANN001
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(out.split())


def test_agreement_status_rules():
    assert agreement_status(number="", date=None, until=None, today=TODAY) == "none"
    assert agreement_status(number="12", date=None, until=None, today=TODAY) == "indefinite"
    assert agreement_status(number="", date=D(2025, 9, 1), until=TODAY, today=TODAY) == "active"
    assert agreement_status(number="", date=None, until=TODAY - dt.timedelta(days=1), today=TODAY) == "expired"


def test_list_with_status_mentors_and_cyrillic_order(session):
    a = partner(session, "ООО «Техносфера»", kind="предприятие", contact_person="Смирнов А.П.", contact="+7 900",
                agreement_number="12/НС", agreement_date=D(2026, 9, 1), agreement_until=D(2029, 8, 31))
    b = partner(session, "Ёлочка, АНО", agreement_number="3", agreement_date=D(2023, 9, 1),
                agreement_until=D(2026, 6, 30))
    c = partner(session, "библиотека", agreement_date=D(2025, 1, 10))
    d = partner(session, "Бюро без договора")
    mentor(session, "Яковлева", "ООО «Техносфера»")
    mentor(session, "Антонова", "ооо «техносфера»")  # the mentor editor's free text finds the same organisation
    gone = mentor(session, "Архипова", "ООО «Техносфера»")
    set_mentors_archived(session, mentor_ids=[gone], archived=True)
    rows = list_partners(session, today=TODAY)
    assert [r.id for r in rows] == [c, d, b, a]  # «библиотека», «Бюро», «Ёлочка» (ё as е), «ООО»
    by_id = {r.id: r for r in rows}
    assert [by_id[x].agreement_status for x in (a, b, c, d)] == ["active", "expired", "indefinite", "none"]
    assert by_id[a].mentors == 2 and by_id[a].mentor_names == ("Антонова Ольга Ивановна", "Яковлева Ольга Ивановна")
    assert by_id[a].contact_person == "Смирнов А.П." and by_id[a].kind == "предприятие"
    assert by_id[d].mentors == 0 and count(session) == 4


@pytest.mark.parametrize(("data", "field", "words"), [
    (PartnerData(name="   "), "Наименование", "укажите наименование"),
    (PartnerData(name="ооо «ТЕХНОСФЁРА»"), "Наименование", "уже есть"),
    (PartnerData(name="Завод", agreement_date=D(2026, 9, 1), agreement_until=D(2026, 8, 31)), "Срок действия",
     "раньше, чем заключён"),
    (PartnerData(name="Завод", agreement_date=D(1900, 1, 1)), "Дата договора", "слишком давняя"),
    (PartnerData(name="Завод", agreement_date=D(2030, 1, 1)), "Дата договора", "больше чем на год"),
    (PartnerData(name="Завод", agreement_until=D(2126, 1, 1)), "Срок действия", "дольше 50 лет"),
    (PartnerData(name="Завод", agreement_until=D(1800, 1, 1)), "Срок действия", "слишком давняя"),
])
def test_bad_input_names_the_field_and_changes_nothing(session, data, field, words):
    partner(session, "ООО «Техносфера»")
    before = count(session)
    with pytest.raises(ValidationError) as err:
        save_partner(session, data=data, today=TODAY)
    assert [i.field for i in err.value.issues] == [field]
    assert words in str(err.value) and f"поле «{field}»" in str(err.value)
    assert count(session) == before


def test_update_keeps_id_and_may_change_case_of_own_name(session):
    pid = partner(session, "ооо «техносфера»", notes="  первая встреча в октябре  ")
    row = save_partner(session, partner_id=pid, today=TODAY,
                       data=PartnerData(name="  ООО   «Техносфера» ", agreement_number=" 12 ",
                                        agreement_until=D(2027, 8, 31)))
    assert row.id == pid and row.name == "ООО «Техносфера»" and row.agreement_number == "12"
    assert row.agreement_status == "active" and row.notes == "" and count(session) == 1
    assert get_partner(session, partner_id=pid).data().agreement_until == D(2027, 8, 31)


def test_archive_hides_from_mentor_choices_but_keeps_mentors(session):
    pid = partner(session, "ООО «Техносфера»")
    mid = mentor(session, "Яковлева", "ООО «Техносфера»")
    row = set_partner_archived(session, partner_id=pid, archived=True, today=TODAY)
    assert row.archived and list_partners(session, today=TODAY) == []
    assert [r.id for r in list_partners(session, include_archived=True, today=TODAY)] == [pid]
    assert partner_names(session) == []  # the mentor editor's combo no longer offers it
    assert get_mentor(session, mentor_id=mid).partner_name == "ООО «Техносфера»"  # the mentor keeps it
    assert partner_id_for(session, name="ооо «техносфера»") == pid and count(session) == 1  # no duplicate
    with pytest.raises(ValidationError, match="в архиве"):
        save_partner(session, data=PartnerData(name="ООО «Техносфера»"), today=TODAY)
    assert not set_partner_archived(session, partner_id=pid, archived=False).archived
    assert partner_names(session) == ["ООО «Техносфера»"]


def test_mentors_of_counts_mentees_of_the_year(session):
    pid = partner(session, "ООО «Техносфера»")
    busy, idle, old = (mentor(session, n, "ООО «Техносфера»") for n in ("Яковлева", "Борисова", "Алексеева"))
    kids = [kid(session, n) for n in ("Абрамов", "Белов", "Васильев", "Громов")]
    pair(session, busy, kids[:2], statuses=(("approved", D(2026, 9, 25)), ("finished", D(2026, 10, 10))))
    pair(session, busy, [kids[1], kids[2]], start=D(2026, 10, 15))  # Белов again: counted once
    pair(session, old, [kids[3]], start=D(2025, 9, 10),
         statuses=(("approved", D(2025, 9, 20)), ("finished", D(2026, 5, 25))))
    pairs.save_group(session, data=GroupData(mentor_id=idle, mentee_ids=(kids[3],), start_date=D(2026, 10, 1)))
    rows = {r.name.split()[0]: r for r in mentors_of(session, partner_id=pid, academic_year=YEAR, today=TODAY)}
    assert {k: v.mentees for k, v in rows.items()} == {"Яковлева": 3, "Борисова": 0, "Алексеева": 0}
    last_year = mentors_of(session, partner_id=pid, academic_year="2025/2026", today=TODAY)
    assert {r.name.split()[0]: r.mentees for r in last_year}["Алексеева"] == 1
    assert rows["Яковлева"].position == "инженер" and not rows["Яковлева"].archived


def test_thanks_letter_pdf(session, tmp_path):
    save_school(session, data=SchoolData(**DEMO_SCHOOL))
    pid = partner(session, "ООО «Техносфера»", contact_person="Смирнов Алексей Петрович", agreement_number="12/НС",
                  agreement_date=D(2026, 9, 1))
    first = mentor(session, "Яковлева", "ООО «Техносфера»", position="инженер-программист")
    second = mentor(session, "Борисова", "ООО «Техносфера»", position="системный аналитик")
    mentor(session, "Чужая", "Другая организация")
    kids = [kid(session, n) for n in ("Абрамов", "Белов", "Васильев")]
    pair(session, first, kids[:2])
    pair(session, second, [kids[2]])
    path = partner_letter_pdf(session, partner_id=pid, path=tmp_path / "письмо.pdf", academic_year=YEAR,
                              date=D(2027, 5, 25), today=D(2027, 5, 25))
    text = pdf_text(path)
    for part in ("Муниципальное бюджетное общеобразовательное учреждение", "Лукояновский муниципальный округ",
                 "25.05.2027", "ООО «Техносфера»", "Уважаемый Алексей Петрович!", "БЛАГОДАРСТВЕННОЕ ПИСЬМО",
                 "2026/2027 учебном году", "договора о сотрудничестве от 01.09.2026 № 12/НС",
                 "сопровождали 3 наставляемых", "Борисова Ольга Ивановна (системный аналитик)",
                 "Яковлева Ольга Ивановна (инженер-программист)", "Директор", "Н.В. Кузнецова"):
        assert part in text, part
    assert "Чужая" not in text and "Смирнов" not in text  # a greeting, no nominative addressee line
    assert text.index("БЛАГОДАРСТВЕННОЕ ПИСЬМО") < text.index("Уважаемый") < text.index("Администрация")
    assert text.index("Борисова") < text.index("Яковлева")
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    lines = fonts.splitlines()[2:]
    assert lines and all("LiberationSerif" in line and " yes " in line for line in lines)


def test_thanks_letter_without_work_in_the_year(session, tmp_path):
    from app.documents.partner_letter import letter_warning

    pid = partner(session, "МБУК «Библиотека»", agreement_number="7", agreement_date=D(2023, 9, 1))
    mentor(session, "Яковлева", "МБУК «Библиотека»")  # in the base, but without mentees this year
    context = letter_context(session, partner_id=pid, date=D(2026, 11, 26), today=TODAY)
    assert context.academic_year == YEAR and context.mentees_total == 0 and context.mentors == ()
    assert letter_warning(context) == ""  # the agreement is worth a thanks letter
    text = pdf_text(partner_letter_pdf(session, partner_id=pid, path=tmp_path / "lib.pdf", today=TODAY))
    assert ("Администрация образовательной организации выражает благодарность коллективу МБУК «Библиотека» за сотрудничество в реализации "
            "программы наставничества в 2026/2027 учебном году в рамках договора о сотрудничестве от 01.09.2023 "
            "№ 7. Надеемся на дальнейшее плодотворное сотрудничество.") in text
    for claim in ("предоставление наставников", "Благодарим наставников", "Наставник (должность)", "сопровождали",
                  "Яковлева"):
        assert claim not in text, claim


def test_no_mentors_and_no_agreement_letter_is_warned_about(session, tmp_path):
    from app.documents.partner_letter import letter_warning

    pid = partner(session, "ООО «Ромашка»")
    context = letter_context(session, partner_id=pid, today=TODAY)
    assert letter_warning(context) == (
        "В 2026/2027 учебном году наставники организации ООО «Ромашка» не работали с наставляемыми, и договор "
        "о сотрудничестве с ней не записан.\n\nБлагодарить её не за что конкретно: письмо получится лишь с общими "
        "словами о сотрудничестве, без наставников и без договора. Всё равно подготовить письмо?")
    text = pdf_text(partner_letter_pdf(session, partner_id=pid, path=tmp_path / "empty.pdf", today=TODAY))
    assert "за сотрудничество в реализации программы наставничества в 2026/2027 учебном году." in text
    assert "наставников" not in text and "договор" not in text
    worked = partner(session, "Завод")
    kids = [kid(session, "Абрамов")]
    pair(session, mentor(session, "Рабочая", "Завод"), kids)
    assert letter_warning(letter_context(session, partner_id=worked, academic_year=YEAR, today=TODAY)) == ""


def test_partner_indicator_counts_organisations_with_mentors_in_counted_pairs(session):
    for name in ("ООО «Техносфера»", "Завод", "Колледж"):
        partner(session, name)
    a1, a2 = mentor(session, "Яковлева", "ООО «Техносфера»"), mentor(session, "Борисова", "ООО «Техносфера»")
    draft_only = mentor(session, "Волкова", "Завод")
    mentor(session, "Громова", "Колледж")  # no pair at all
    pair(session, a1, [kid(session, "Абрамов")])
    pair(session, a2, [kid(session, "Белов")])
    pairs.save_group(session, data=GroupData(mentor_id=draft_only, mentee_ids=(kid(session, "Васильев"),),
                                             start_date=D(2026, 10, 1)))
    set_partner_archived(session, partner_id=partner_id_for(session, name="ООО «Техносфера»"), archived=True)
    values = {v.code: v for v in compute_indicators(session, period=parse_period("2026-Q4"), today=TODAY)}
    assert values["partners"].numerator == 1  # one organisation, however many mentors; archiving keeps history


def test_demo_partners_get_agreements_once(session):
    from app.demo_partners import AGREEMENTS, fill_demo_partners

    for name in AGREEMENTS:
        partner(session, name)
    own = partner(session, "ООО «Своё»")
    mine = save_partner(session, partner_id=partner_id_for(session, name="ООО «Техносфера»"), today=TODAY,
                        data=PartnerData(name="ООО «Техносфера»", contact_person="Кто-то из ООО"))
    assert fill_demo_partners(session, today=TODAY) == len(AGREEMENTS) - 1
    rows = {r.name: r for r in list_partners(session, today=TODAY)}
    assert rows["МБУК «Лукояновская центральная библиотека»"].agreement_status == "expired"
    assert rows["ГБПОУ «Лукояновский педагогический колледж»"].agreement_status == "indefinite"
    assert rows["АО «Лукояновский машиностроительный завод»"].agreement_status == "active"
    assert all(rows[n].contact_person and rows[n].agreement_number for n in AGREEMENTS if n != mine.name)
    assert rows[mine.name].contact_person == "Кто-то из ООО" and rows[mine.name].agreement_status == "none"
    assert get_partner(session, partner_id=own).agreement_status == "none"
    assert fill_demo_partners(session, today=TODAY) == 0


@pytest.mark.parametrize(("person", "expected"), [
    ("Орлова Марина Викторовна, начальник отдела", "Уважаемая Марина Викторовна!"),
    ("Смирнов Алексей Петрович", "Уважаемый Алексей Петрович!"),
    ("Алиева Айгуль Рашид кызы", "Уважаемая Айгуль Рашид кызы!"),
    ("Мамедов Эльчин Рашид оглы", "Уважаемый Эльчин Рашид оглы!"),
    ("Орлова Марина", "Уважаемая Марина Орлова!"),
    ("", "Уважаемые коллеги!"),
    ("отдел кадров", "Уважаемые коллеги!"),
])
def test_thanks_letter_greets_the_contact_person(person, expected):
    from app.documents.partner_letter import PartnerLetterContext, partner_greeting

    fields = {f: "" for f in PartnerLetterContext.__dataclass_fields__}
    fields.update(contact_person=person)
    assert partner_greeting(PartnerLetterContext(**fields)) == expected


def test_short_names_are_not_stretched(session):
    save_school(session, data=SchoolData(**DEMO_SCHOOL))
    pid = partner(session, "ООО «Техносфера»")
    from app.documents.partner_letter import paragraphs

    text = paragraphs(letter_context(session, partner_id=pid, academic_year=YEAR, today=TODAY))[0]
    short = DEMO_SCHOOL["short_name"]
    assert short.replace(" ", "\u00a0") in text and "ООО\u00a0«Техносфера»" in text


def test_demo_links_a_mentor_to_each_partner(session):
    from app.demo_partners import MENTOR_POSTS, link_demo_mentors

    for name in MENTOR_POSTS:
        partner(session, name)
    teachers = [save_mentor(session, data=factories.mentor(last_name=n, category="педагог", capacity=5))
                for n in ("Агеева", "Белкина", "Гусева", "Дронова")]
    kids = [kid(session, n) for n in ("Абрамов", "Белов", "Васильев", "Глебов")]
    for m, k in zip(teachers, kids):
        pair(session, m, [k])
    assert link_demo_mentors(session) == 3 and link_demo_mentors(session) == 0
    rows = {r.name: r for r in list_partners(session, today=TODAY)}
    assert all(rows[n].mentors == 1 for n in MENTOR_POSTS)
