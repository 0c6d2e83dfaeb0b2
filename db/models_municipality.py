"""SQLModel tables of the municipality mode (the same database file format; the mode is a stored setting)."""

from __future__ import annotations

import datetime as dt
from typing import Optional

from sqlalchemy import JSON, Column, DateTime, LargeBinary, UniqueConstraint
from sqlmodel import Field, SQLModel

from db.models import new_uuid, utcnow


class MunicipalityProfile(SQLModel, table=True):
    """The municipal education department this database belongs to (one row), with its key pair."""

    __tablename__ = "municipality_profile"

    id: Optional[int] = Field(default=None, primary_key=True)
    uuid: str = Field(default_factory=new_uuid, unique=True, max_length=36)
    name: str = ""
    region: str = ""
    specialist: str = ""  # the responsible specialist (ФИО, position)
    contact: str = ""
    public_key: str = ""  # the key file text (JSON, app.package.crypto format)
    private_key: str = ""
    key_id: str = ""
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=DateTime)


class MunicipalSchool(SQLModel, table=True):
    """A school (or college, or organisation of additional education) of the municipality's register."""

    __tablename__ = "municipal_school"

    id: Optional[int] = Field(default=None, primary_key=True)
    uuid: str = Field(default_factory=new_uuid, unique=True, max_length=36)
    code: str = Field(unique=True)
    full_name: str = ""
    short_name: str = ""
    kind: str = "школа"  # школа | колледж | организация ДО
    contact: str = ""
    archived: bool = False
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=DateTime)


class ReportingDeadline(SQLModel, table=True):
    """The reporting calendar: the deadline of each quarter's package (both modes keep it)."""

    __tablename__ = "reporting_deadline"

    id: Optional[int] = Field(default=None, primary_key=True)
    period: str = Field(unique=True)  # "2026-Q4"
    deadline: dt.date


class ReceivedPackage(SQLModel, table=True):
    """A package a school handed in; the newest per school and quarter is current, older ones are history."""

    __tablename__ = "received_package"
    __table_args__ = (UniqueConstraint("school_id", "period", "sha256"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    uuid: str = Field(default_factory=new_uuid, unique=True, max_length=36)
    school_id: int = Field(foreign_key="municipal_school.id", index=True)
    period: str = Field(index=True)
    sha256: str
    file_name: str = ""
    size: int = 0
    format_version: str = ""
    created_at: dt.datetime = Field(sa_type=DateTime)  # when the school wrote it (from the manifest)
    received_at: dt.datetime = Field(default_factory=utcnow, sa_type=DateTime)
    encrypted: bool = False
    personal_data: bool = False
    current: bool = True
    superseded_at: Optional[dt.datetime] = Field(default=None, sa_type=DateTime)
    manifest: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    content: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))  # the JSON members by name
    report_xlsx: bytes = Field(default=b"", sa_column=Column(LargeBinary, nullable=False))


class ReceivedIndicator(SQLModel, table=True):
    """One indicator of a received package, denormalised for the consolidated report («Свод»)."""

    __tablename__ = "received_indicator"
    __table_args__ = (UniqueConstraint("package_id", "code"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    package_id: int = Field(foreign_key="received_package.id", index=True, ondelete="CASCADE")
    school_id: int = Field(foreign_key="municipal_school.id", index=True)
    period: str = Field(index=True)
    code: str
    title: str = ""
    numerator: Optional[int] = None
    denominator: Optional[int] = None
    percent: Optional[float] = None
    level: str = "school"
