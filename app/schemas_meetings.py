"""DTOs of the meeting log: what the meeting dialog edits and what the journal lists."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

MEETING_FORMATS: dict[str, str] = {"in_person": "очно", "remote": "дистанционно"}

# Stages of the methodology's sequence (seed 000, item 4.4) in order.
STAGES: dict[str, str] = {
    "intro": "встреча-знакомство",
    "trial": "пробная встреча",
    "planning": "встреча-планирование",
    "working": "рабочая встреча",
    "final": "итоговая встреча",
    "group": "групповая встреча",
    "other": "другая встреча",
}


@dataclass(frozen=True)
class MeetingData:
    """What the meeting dialog edits; ``absent_mentee_ids`` are members who did not come."""

    group_id: int
    date: dt.date
    kind: str
    start_time: str = ""
    duration_min: int | None = None
    format: str = "in_person"
    topic: str = ""
    outcome: str = ""
    next_steps: str = ""
    feedback_mentee: bool = False
    feedback_mentor: bool = False
    absent_mentee_ids: tuple[int, ...] = ()
    id: int | None = None


@dataclass(frozen=True)
class MeetingRow:
    """A meeting as listed in the journal and printed in the PDF journal."""

    id: int
    group_id: int
    group_label: str  # «Иванова А. П. — Петров И. (5А)»
    group_status: str
    is_group: bool
    form: str
    mentor_id: int
    mentor_name: str
    mentee_names: tuple[str, ...]
    date: dt.date
    start_time: str
    duration_min: int | None
    kind: str
    stage: str  # a key of STAGES
    format: str
    topic: str
    outcome: str
    next_steps: str
    feedback_mentee: bool
    feedback_mentor: bool
    linked_responses: int
    absent_names: tuple[str, ...]

    @property
    def feedback_complete(self) -> bool:
        return self.feedback_mentee and self.feedback_mentor


@dataclass(frozen=True)
class MeetingFact:
    """The part of a meeting the sequence rules look at."""

    id: int
    date: dt.date
    stage: str
    feedback_mentee: bool = False
    feedback_mentor: bool = False


@dataclass(frozen=True)
class PairFacts:
    """A pair/group with its meetings in date order, as the sequence rules see it."""

    group_id: int
    label: str
    status: str
    start_date: dt.date | None
    planned_end_date: dt.date | None
    end_date: dt.date | None
    meetings: tuple[MeetingFact, ...]


@dataclass(frozen=True)
class PairWarning:
    """Something off the methodology's sequence in one pair/group."""

    group_id: int
    label: str
    code: str  # first_not_intro | no_planning | no_feedback | inactive | no_final
    message: str
    date: dt.date | None = None
    meeting_id: int | None = None


@dataclass(frozen=True)
class PairTimeline:
    """One pair/group: its meetings, current stage and warnings."""

    facts: PairFacts
    stage_text: str
    warnings: tuple[PairWarning, ...]
