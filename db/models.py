"""SQLModel table classes of a school database."""

from __future__ import annotations

import datetime as dt
import uuid as uuid_mod
from typing import Optional

from sqlalchemy import JSON, Column, DateTime, UniqueConstraint
from sqlmodel import Field, SQLModel


def new_uuid() -> str:
    return str(uuid_mod.uuid4())


def utcnow() -> dt.datetime:
    """Naive UTC timestamp (stored as is)."""
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


class School(SQLModel, table=True):
    """The one organisation this database belongs to (a single row)."""

    id: Optional[int] = Field(default=None, primary_key=True)
    uuid: str = Field(default_factory=new_uuid, unique=True, max_length=36)
    full_name: str = ""
    short_name: str = ""
    municipality: str = ""
    code: str = ""
    director_name: str = ""
    director_position: str = "Директор"
    curator_name: str = ""
    curator_contact: str = ""
    regulation_number: str = ""
    regulation_date: Optional[dt.date] = None
    academic_year: str = ""
    pseudonym_secret: str = Field(default_factory=lambda: uuid_mod.uuid4().hex)
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=DateTime)
    updated_at: dt.datetime = Field(default_factory=utcnow, sa_type=DateTime)


class ReferenceItem(SQLModel, table=True):
    """An entry of an editable reference list (categories, forms, tags...)."""

    __tablename__ = "reference_item"
    __table_args__ = (UniqueConstraint("list_code", "parent", "name"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    uuid: str = Field(default_factory=new_uuid, unique=True, max_length=36)
    list_code: str = Field(index=True)
    name: str
    parent: str = ""  # e.g. the form a role model belongs to
    position: int = 0
    archived: bool = False


class Setting(SQLModel, table=True):
    """A stored value of a declared setting (see app/settings.py)."""

    key: str = Field(primary_key=True)
    value: str  # JSON text


class PartnerOrganization(SQLModel, table=True):
    """An organisation that provides external mentors."""

    __tablename__ = "partner_organization"

    id: Optional[int] = Field(default=None, primary_key=True)
    uuid: str = Field(default_factory=new_uuid, unique=True, max_length=36)
    name: str = Field(unique=True)
    kind: str = ""
    contact: str = ""  # phone / e-mail of the organisation or of the contact person
    contact_person: str = ""
    agreement_number: str = ""  # «договор (соглашение) о сотрудничестве»
    agreement_date: Optional[dt.date] = None
    agreement_until: Optional[dt.date] = None  # the agreement's term; None = indefinite
    notes: str = ""
    archived: bool = False


class Mentee(SQLModel, table=True):
    """A row of the mentee base (база наставляемых)."""

    id: Optional[int] = Field(default=None, primary_key=True)
    uuid: str = Field(default_factory=new_uuid, unique=True, max_length=36)
    last_name: str
    first_name: str = ""
    middle_name: str = ""
    birth_date: Optional[dt.date] = None
    birth_year: Optional[int] = None
    category: str = ""
    group_name: str = ""  # class/group or position
    experience_years: Optional[float] = None
    contacts: str = ""
    representative: str = ""  # legal representative (ФИО)
    requests: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    request_text: str = ""
    entry_date: Optional[dt.date] = None
    exit_date: Optional[dt.date] = None
    results: str = ""
    case_url: str = ""
    status: str = "active"
    notes: str = ""
    # academic year → the class/group the mentee was in («2025/2026» → «5А»), written by the year rollover
    class_history: dict[str, str] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False,
                                                                                server_default="{}"))
    archived_at: Optional[dt.datetime] = Field(default=None, sa_type=DateTime)
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=DateTime)
    updated_at: dt.datetime = Field(default_factory=utcnow, sa_type=DateTime)


class Mentor(SQLModel, table=True):
    """A row of the mentor base (база наставников)."""

    id: Optional[int] = Field(default=None, primary_key=True)
    uuid: str = Field(default_factory=new_uuid, unique=True, max_length=36)
    last_name: str
    first_name: str = ""
    middle_name: str = ""
    birth_date: Optional[dt.date] = None
    birth_year: Optional[int] = None
    category: str = ""
    group_name: str = ""  # position or class
    workplace: str = ""
    experience_years: Optional[float] = None
    contacts: str = ""
    competencies: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    achievements: str = ""
    interests: str = ""
    desired_age_min: Optional[int] = None
    desired_age_max: Optional[int] = None
    capacity: int = 3
    training_date: Optional[dt.date] = None
    training_document: str = ""
    partner_id: Optional[int] = Field(default=None, foreign_key="partner_organization.id")
    entry_date: Optional[dt.date] = None
    results: str = ""
    case_url: str = ""
    photo_url: str = ""
    status: str = "candidate"
    notes: str = ""
    # academic year → the class a student mentor was in («2025/2026» → «10А»), written by the year rollover
    class_history: dict[str, str] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False,
                                                                                server_default="{}"))
    archived_at: Optional[dt.datetime] = Field(default=None, sa_type=DateTime)
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=DateTime)
    updated_at: dt.datetime = Field(default_factory=utcnow, sa_type=DateTime)


class Consent(SQLModel, table=True):
    """A personal-data consent of a mentee or a mentor (152-ФЗ)."""

    id: Optional[int] = Field(default=None, primary_key=True)
    uuid: str = Field(default_factory=new_uuid, unique=True, max_length=36)
    mentee_id: Optional[int] = Field(default=None, foreign_key="mentee.id", index=True, ondelete="CASCADE")
    mentor_id: Optional[int] = Field(default=None, foreign_key="mentor.id", index=True, ondelete="CASCADE")
    kind: str  # processing | transfer | publication
    signer: str = "self"  # self | representative
    representative_name: str = ""
    signed_on: Optional[dt.date] = None
    revoked_on: Optional[dt.date] = None


class MentoringGroup(SQLModel, table=True):
    """A mentoring pair or group: one mentor, one or more mentees."""

    __tablename__ = "mentoring_group"

    id: Optional[int] = Field(default=None, primary_key=True)
    uuid: str = Field(default_factory=new_uuid, unique=True, max_length=36)
    mentor_id: int = Field(foreign_key="mentor.id", index=True)
    form: str = ""
    role_model: str = ""
    kind: str = ""
    goal: str = ""
    start_date: Optional[dt.date] = None
    planned_end_date: Optional[dt.date] = None
    end_date: Optional[dt.date] = None
    status: str = "draft"  # draft | approved | working | finished | dissolved
    status_reason: str = ""
    status_date: Optional[dt.date] = None
    source: str = "manual"  # manual | suggested
    pinned: bool = False  # kept as is by the optimal assignment
    over_capacity_note: str = ""  # the curator's recorded confirmation of exceeding capacity
    order_id: Optional[int] = Field(default=None, foreign_key="mentoring_order.id", index=True)
    # completion (status «finished»): results in the methodology's sense, a case/review, the final survey
    results: str = ""
    case_url: str = ""
    final_survey_done: bool = False
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=DateTime)
    updated_at: dt.datetime = Field(default_factory=utcnow, sa_type=DateTime)


class GroupMember(SQLModel, table=True):
    """Membership of a mentee in a mentoring pair/group."""

    __tablename__ = "group_member"
    __table_args__ = (UniqueConstraint("group_id", "mentee_id"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    group_id: int = Field(foreign_key="mentoring_group.id", index=True, ondelete="CASCADE")
    mentee_id: int = Field(foreign_key="mentee.id", index=True)


class MentoringOrder(SQLModel, table=True):
    """A director's order in the register (approving pairs, amending them...)."""

    __tablename__ = "mentoring_order"
    __table_args__ = (UniqueConstraint("number", "date"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    uuid: str = Field(default_factory=new_uuid, unique=True, max_length=36)
    kind: str = "approve"  # approve | amend
    number: str
    date: dt.date
    title: str
    academic_year: str = ""
    items: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=DateTime)


class OrderGroup(SQLModel, table=True):
    """A pair/group covered by an order and what the order did to it."""

    __tablename__ = "order_group"
    __table_args__ = (UniqueConstraint("order_id", "group_id"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="mentoring_order.id", index=True, ondelete="CASCADE")
    group_id: int = Field(foreign_key="mentoring_group.id", index=True)
    change: str = "approved"  # approved | dissolved | mentor_replaced


class BannedMatch(SQLModel, table=True):
    """A mentee–mentor combination the curator marked impossible."""

    __tablename__ = "banned_match"
    __table_args__ = (UniqueConstraint("mentee_id", "mentor_id"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    mentee_id: int = Field(foreign_key="mentee.id", index=True, ondelete="CASCADE")
    mentor_id: int = Field(foreign_key="mentor.id", index=True, ondelete="CASCADE")
    reason: str = ""
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=DateTime)


class PlanItem(SQLModel, table=True):
    """One line of a mentee's individual development plan (ИПР) within a pair/group."""

    __tablename__ = "plan_item"

    id: Optional[int] = Field(default=None, primary_key=True)
    uuid: str = Field(default_factory=new_uuid, unique=True, max_length=36)
    group_id: int = Field(foreign_key="mentoring_group.id", index=True, ondelete="CASCADE")
    mentee_id: int = Field(foreign_key="mentee.id", index=True)
    goal: str = ""
    task: str = ""
    deadline: Optional[dt.date] = None
    status: str = "planned"  # planned | in_progress | done | cancelled
    done_date: Optional[dt.date] = None
    result: str = ""
    position: int = 0


class Meeting(SQLModel, table=True):
    """A logged meeting of a pair/group (журнал встреч)."""

    id: Optional[int] = Field(default=None, primary_key=True)
    uuid: str = Field(default_factory=new_uuid, unique=True, max_length=36)
    group_id: int = Field(foreign_key="mentoring_group.id", index=True, ondelete="CASCADE")
    date: dt.date = Field(index=True)
    start_time: str = ""  # "HH:MM" or empty
    duration_min: Optional[int] = None
    kind: str = ""  # a name from the meeting_type reference list
    format: str = "in_person"  # in_person | remote
    topic: str = ""
    outcome: str = ""
    next_steps: str = ""
    feedback_mentee: bool = False
    feedback_mentor: bool = False
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=DateTime)
    updated_at: dt.datetime = Field(default_factory=utcnow, sa_type=DateTime)


class MeetingAttendance(SQLModel, table=True):
    """Whether a member of the group attended a meeting (the mentor is assumed present)."""

    __tablename__ = "meeting_attendance"
    __table_args__ = (UniqueConstraint("meeting_id", "mentee_id"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True, ondelete="CASCADE")
    mentee_id: int = Field(foreign_key="mentee.id", index=True)
    present: bool = True


class SurveyTemplate(SQLModel, table=True):
    """A questionnaire; its questions live in versions so old responses stay readable."""

    __tablename__ = "survey_template"

    id: Optional[int] = Field(default=None, primary_key=True)
    uuid: str = Field(default_factory=new_uuid, unique=True, max_length=36)
    code: str = Field(default="", index=True)  # shipped templates: resources/surveys/*.json
    title: str
    purpose: str = "other"  # pre | post | feedback | other
    respondent: str = "mentee"  # mentee | mentor
    description: str = ""
    current_version: int = 1
    import_mapping: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    builtin: bool = False
    archived: bool = False
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=DateTime)
    updated_at: dt.datetime = Field(default_factory=utcnow, sa_type=DateTime)


class SurveyVersion(SQLModel, table=True):
    """The questions of one version of a template (a JSON list of question dicts)."""

    __tablename__ = "survey_version"
    __table_args__ = (UniqueConstraint("template_id", "version"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    template_id: int = Field(foreign_key="survey_template.id", index=True, ondelete="CASCADE")
    version: int = 1
    questions: list[dict] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=DateTime)


class SurveyResponse(SQLModel, table=True):
    """One respondent's answers to one version of a template."""

    __tablename__ = "survey_response"

    id: Optional[int] = Field(default=None, primary_key=True)
    uuid: str = Field(default_factory=new_uuid, unique=True, max_length=36)
    template_id: int = Field(foreign_key="survey_template.id", index=True)
    version_id: int = Field(foreign_key="survey_version.id", index=True)
    respondent_role: str = "mentee"  # mentee | mentor
    mentee_id: Optional[int] = Field(default=None, foreign_key="mentee.id", index=True)
    mentor_id: Optional[int] = Field(default=None, foreign_key="mentor.id", index=True)
    group_id: Optional[int] = Field(default=None, foreign_key="mentoring_group.id", index=True,
                                    ondelete="SET NULL")
    meeting_id: Optional[int] = Field(default=None, foreign_key="meeting.id", index=True, ondelete="SET NULL")
    answered_on: dt.date
    answers: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    source: str = "manual"  # manual | grid | import
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=DateTime)


class Contingent(SQLModel, table=True):
    """Denominators the app cannot know, entered per period («Контингент»): a quarter or an academic year."""

    id: Optional[int] = Field(default=None, primary_key=True)
    uuid: str = Field(default_factory=new_uuid, unique=True, max_length=36)
    period: str = Field(unique=True)  # "2026-Q4" or "2026/2027"
    students_total: Optional[int] = None
    students_10_18: Optional[int] = None
    students_15_19: Optional[int] = None
    teachers_total: Optional[int] = None
    young_teachers: Optional[int] = None  # teachers with 0–3 years of experience
    updated_at: dt.datetime = Field(default_factory=utcnow, sa_type=DateTime)


class PackageExport(SQLModel, table=True):
    """The log of written quarterly packages (what left the school, when, where, protected or not)."""

    __tablename__ = "package_export"

    id: Optional[int] = Field(default=None, primary_key=True)
    uuid: str = Field(default_factory=new_uuid, unique=True, max_length=36)
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=DateTime)
    period: str
    file_name: str
    folder: str = ""
    sha256: str = ""
    size: int = 0
    encrypted: bool = False
    personal_data: bool = False
    counts: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


import db.models_municipality  # noqa: E402,F401  (registers the municipality tables with the same metadata)
import db.models_lifecycle  # noqa: E402,F401 - registers the lifecycle tables (roadmap, rollovers)
