"""DTOs of partner organisations (организации-партнёры): editor input, list rows, their mentors, the thanks letter."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

# Agreement status of a partner for «today» (code → what the list shows).
AGREEMENT_STATUSES: dict[str, str] = {"active": "действует", "expired": "истёк", "indefinite": "без срока",
                                      "none": "нет договора"}
COLUMNS: tuple[str, ...] = ("Наименование", "Тип", "Договор", "Срок действия", "Контактное лицо", "Контакты",
                            "Наставников")


@dataclass(frozen=True)
class PartnerData:
    """What the curator types for one organisation (input of ``save_partner``)."""

    name: str
    kind: str = ""
    contact_person: str = ""
    contact: str = ""  # phone / e-mail
    agreement_number: str = ""
    agreement_date: dt.date | None = None
    agreement_until: dt.date | None = None  # None: the agreement has no end date
    notes: str = ""


@dataclass(frozen=True)
class PartnerRow:
    """One stored organisation as the list and the editor see it (``agreement_status`` computed for «today»)."""

    id: int
    uuid: str
    name: str
    kind: str
    contact_person: str
    contact: str
    agreement_number: str
    agreement_date: dt.date | None
    agreement_until: dt.date | None
    notes: str
    archived: bool
    agreement_status: str  # a key of AGREEMENT_STATUSES
    mentors: int  # mentors of the base (not archived) from this organisation
    mentor_names: tuple[str, ...] = ()

    def data(self) -> PartnerData:
        return PartnerData(name=self.name, kind=self.kind, contact_person=self.contact_person, contact=self.contact,
                           agreement_number=self.agreement_number, agreement_date=self.agreement_date,
                           agreement_until=self.agreement_until, notes=self.notes)


@dataclass(frozen=True)
class PartnerMentor:
    """A mentor provided by a partner, with the mentees of the pairs/groups counted in an academic year."""

    id: int
    name: str
    position: str
    status: str
    archived: bool
    mentees: int  # distinct mentees in pairs/groups counted for the academic year


@dataclass(frozen=True)
class LetterMentor:
    name: str
    position: str
    mentees: int


@dataclass(frozen=True)
class PartnerLetterContext:
    """Everything the thanks letter (благодарственное письмо) prints."""

    organization: str  # the school's full name (letterhead)
    short_name: str
    place: str  # the municipality
    partner: str
    contact_person: str
    agreement_number: str
    agreement_date: dt.date | None
    academic_year: str  # «2026/2027»
    date: dt.date
    mentors: tuple[LetterMentor, ...]
    mentees_total: int  # distinct mentees of all the partner's mentors in the year
    director_position: str
    director_signature: str  # «И.О. Фамилия»
