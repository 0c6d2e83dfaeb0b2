"""DTOs that cross threads and reach widgets: plain frozen dataclasses, no ORM."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

MENTEE_STATUSES: dict[str, str] = {
    "active": "в программе",
    "finished": "завершил(а) программу",
    "left": "выбыл(а)",
    "graduated": "выпускник",  # set by «Новый учебный год» for a leaving class
}
MENTOR_STATUSES: dict[str, str] = {
    "candidate": "кандидат",
    "active": "в программе",
    "finished": "прошёл программу",
    "graduated": "выпускник",  # a student mentor of a leaving class («Новый учебный год»)
}
CONSENT_KINDS: dict[str, str] = {
    "processing": "обработка ПДн",
    "transfer": "передача в управление образования",
    "publication": "публикация (сайт, фото, кейс)",
}
CONSENT_SIGNERS: dict[str, str] = {
    "self": "участник",
    "representative": "законный представитель",
}
REFERENCE_LISTS: dict[str, str] = {
    "mentee_category": "Категории наставляемых",
    "mentor_category": "Категории наставников",
    "form": "Формы наставничества",
    "role_model": "Ролевые модели",
    "kind": "Виды наставничества",
    "request_tag": "Запросы наставляемых",
    "competency_tag": "Компетенции наставников",
    "partner_kind": "Типы организаций-партнёров",
    "meeting_type": "Типы встреч",
}


@dataclass(frozen=True)
class ConsentData:
    kind: str
    signer: str = "self"
    representative_name: str = ""
    signed_on: dt.date | None = None
    revoked_on: dt.date | None = None
    id: int | None = None

    @property
    def active(self) -> bool:
        return self.revoked_on is None


@dataclass(frozen=True)
class SchoolData:
    full_name: str = ""
    short_name: str = ""
    municipality: str = ""
    code: str = ""
    director_name: str = ""
    director_position: str = "Директор"
    curator_name: str = ""
    curator_contact: str = ""
    regulation_number: str = ""
    regulation_date: dt.date | None = None
    academic_year: str = ""


@dataclass(frozen=True)
class MenteeData:
    """Everything the mentee dialog edits."""

    last_name: str = ""
    first_name: str = ""
    middle_name: str = ""
    birth_date: dt.date | None = None
    birth_year: int | None = None
    category: str = ""
    group_name: str = ""
    experience_years: float | None = None
    contacts: str = ""
    representative: str = ""
    requests: tuple[str, ...] = ()
    request_text: str = ""
    entry_date: dt.date | None = None
    exit_date: dt.date | None = None
    results: str = ""
    case_url: str = ""
    status: str = "active"
    notes: str = ""
    consents: tuple[ConsentData, ...] = ()
    id: int | None = None
    uuid: str | None = None
    archived: bool = False


@dataclass(frozen=True)
class MentorData:
    """Everything the mentor dialog edits."""

    last_name: str = ""
    first_name: str = ""
    middle_name: str = ""
    birth_date: dt.date | None = None
    birth_year: int | None = None
    category: str = ""
    group_name: str = ""
    workplace: str = ""
    experience_years: float | None = None
    contacts: str = ""
    competencies: tuple[str, ...] = ()
    achievements: str = ""
    interests: str = ""
    desired_age_min: int | None = None
    desired_age_max: int | None = None
    capacity: int = 3
    training_date: dt.date | None = None
    training_document: str = ""
    partner_name: str = ""  # created on save when new
    entry_date: dt.date | None = None
    results: str = ""
    case_url: str = ""
    photo_url: str = ""
    status: str = "candidate"
    notes: str = ""
    consents: tuple[ConsentData, ...] = ()
    id: int | None = None
    uuid: str | None = None
    archived: bool = False


@dataclass(frozen=True)
class PersonRow:
    """One row of a base table: display texts, sort keys and filter facets."""

    id: int
    values: tuple[str, ...]
    sort_keys: tuple
    search_key: str
    archived: bool
    category: str
    group_name: str
    parallel: int | None
    status: str
    has_partner: bool  # mentee: has an active mentor; mentor: has active mentees


@dataclass(frozen=True)
class ReferenceEntry:
    id: int
    list_code: str
    name: str
    parent: str = ""
    position: int = 0
    archived: bool = False


@dataclass
class Counts:
    total: int = 0
    shown: int = 0
    archived: int = 0
    extra: dict[str, int] = field(default_factory=dict)


GROUP_STATUSES: dict[str, str] = {
    "draft": "черновик",
    "approved": "утверждена приказом",
    "working": "работает",
    "finished": "завершена",
    "dissolved": "расформирована",
}
ACTIVE_GROUP_STATUSES = ("draft", "approved", "working")
# Allowed status changes (the order register moves draft → approved).
GROUP_TRANSITIONS: dict[str, tuple[str, ...]] = {
    "draft": ("approved", "dissolved"),
    "approved": ("working", "finished", "dissolved"),
    "working": ("finished", "dissolved"),
    "finished": (),
    "dissolved": (),
}


@dataclass(frozen=True)
class GroupData:
    """What the pair/group dialog edits; one mentee makes a pair, several a group."""

    mentor_id: int
    mentee_ids: tuple[int, ...]
    form: str = ""
    role_model: str = ""
    kind: str = ""
    goal: str = ""
    start_date: dt.date | None = None
    planned_end_date: dt.date | None = None
    id: int | None = None


@dataclass(frozen=True)
class GroupRow:
    """A pair/group as listed in the tab and in documents."""

    id: int
    uuid: str
    mentor_id: int
    mentor_name: str
    mentor_position: str
    mentee_ids: tuple[int, ...]
    mentee_names: tuple[str, ...]
    mentee_groups: tuple[str, ...]
    form: str
    role_model: str
    kind: str
    goal: str
    start_date: dt.date | None
    planned_end_date: dt.date | None
    end_date: dt.date | None
    status: str
    status_reason: str
    source: str
    pinned: bool
    order_id: int | None
    order_label: str  # «№ 12 от 15.09.2026» or ""
    over_capacity_note: str

    @property
    def is_group(self) -> bool:
        return len(self.mentee_ids) > 1


@dataclass(frozen=True)
class WaitingMentee:
    """A mentee without an active pair, with how long they have waited."""

    id: int
    name: str
    category: str
    group_name: str
    requests: tuple[str, ...]
    entry_date: dt.date | None
    days_waiting: int | None


@dataclass(frozen=True)
class MentorLoad:
    """A mentor with capacity and current load."""

    id: int
    name: str
    category: str
    group_name: str
    competencies: tuple[str, ...]
    capacity: int
    busy: int

    @property
    def free(self) -> int:
        return max(self.capacity - self.busy, 0)
