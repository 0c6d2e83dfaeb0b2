"""Demo partners: agreements (number, date, term — one expired, one indefinite) and contact persons."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlmodel import Session

from app.periods import academic_year_of
from app.text import fold
from db.engine import transaction
from db.models import Mentor, MentoringGroup, PartnerOrganization

# name → (agreement number, date as (years before the current academic year, month, day),
#         term as (years after the agreement's year, month, day) or None, contact person)
AGREEMENTS: dict[str, tuple[str, tuple[int, int, int], tuple[int, int, int] | None, str]] = {
    "ООО «Техносфера»": ("12/НС", (0, 9, 1), (3, 8, 31), "Смирнов Алексей Петрович, руководитель отдела кадров"),
    "ГБПОУ «Лукояновский педагогический колледж»": ("3-с", (1, 8, 25), None,
                                                    "Белова Ирина Сергеевна, заместитель директора"),
    "АО «Лукояновский машиностроительный завод»": ("45", (0, 9, 1), (1, 8, 31),
                                                  "Громов Павел Андреевич, специалист по кадрам"),
    "ННГУ им. Н.И. Лобачевского": ("118/23", (2, 10, 10), (5, 6, 30),
                                   "Орлова Марина Викторовна, начальник отдела профориентации"),
    # signed three years ago until last June: expired by the current academic year
    "МБУК «Лукояновская центральная библиотека»": ("7", (3, 9, 1), (3, 6, 30),
                                                   "Кириллова Анна Борисовна, заведующий отделом"),
}


# partner → the position of the staff member who mentors for it (one teacher-mentor each becomes one)
MENTOR_POSTS: dict[str, str] = {
    "ООО «Техносфера»": "инженер-программист",
    "АО «Лукояновский машиностроительный завод»": "инженер-технолог",
    "ГБПОУ «Лукояновский педагогический колледж»": "преподаватель",
}
PARTNER_CATEGORY = "представитель организации-партнёра"


def link_demo_mentors(session: Session) -> int:
    """Give each partner of MENTOR_POSTS without mentors one mentor (a demo teacher with a pair, lowest id
    first): the partners window, the partner indicator and the thanks letters then show real data."""
    partners = {fold(p.name): p for p in session.execute(select(PartnerOrganization)).scalars()}
    linked = set(session.execute(select(Mentor.partner_id).where(Mentor.partner_id.is_not(None))).scalars())
    with_pairs = select(MentoringGroup.mentor_id).distinct()
    free = list(session.execute(select(Mentor).where(Mentor.partner_id.is_(None), Mentor.category == "педагог",
                                                     Mentor.id.in_(with_pairs)).order_by(Mentor.id)).scalars())
    count = 0
    with transaction(session):
        for name, post in MENTOR_POSTS.items():
            partner = partners.get(fold(name))
            if partner is None or partner.id in linked or not free:
                continue
            mentor = free.pop(0)
            mentor.partner_id, mentor.workplace, mentor.group_name = partner.id, partner.name, post
            mentor.category = PARTNER_CATEGORY
            session.add(mentor)
            count += 1
    return count


def fill_demo_partners(session: Session, *, today: dt.date | None = None) -> int:
    """Record agreements and contact persons of the demo partners that have none yet; how many were filled."""
    today = today or dt.date.today()
    start_year = academic_year_of(today).start.year
    wanted = {fold(name): value for name, value in AGREEMENTS.items()}
    filled = 0
    with transaction(session):
        for partner in session.execute(select(PartnerOrganization)).scalars():
            value = wanted.get(fold(partner.name))
            if value is None or partner.agreement_number or partner.agreement_date or partner.contact_person:
                continue  # not a demo partner, or the curator already described it
            number, (back, month, day), term, person = value
            signed = dt.date(start_year - back, month, day)
            partner.agreement_number, partner.agreement_date, partner.contact_person = number, signed, person
            partner.agreement_until = dt.date(signed.year + term[0], term[1], term[2]) if term else None
            session.add(partner)
            filled += 1
    link_demo_mentors(session)
    return filled
