"""Property: a package written from any small valid database (built through the services) verifies and reads back."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.package import open_package, verify_package, write_package
from app.schemas import ConsentData, GroupData
from app.schemas_meetings import MeetingData
from app.services.meetings import save_meeting
from app.services.pairs import save_group, set_status
from app.services.people import save_mentee, save_mentor
from app.services.school import save_school
from app.settings import save_settings
from tests import factories
from tests.app.test_package_roundtrip import Q4, TODAY, fake_indicators

SURNAMES = ("Иванов", "Петров", "Сидоров", "Кузнецов", "Смирнов", "Попов")
mentee_st = st.fixed_dictionaries({
    "parallel": st.integers(1, 11), "born": st.integers(2008, 2019), "transfer": st.booleans(),
    "mentor": st.one_of(st.none(), st.integers(0, 2)),
})
database_st = st.fixed_dictionaries({
    "mentees": st.lists(mentee_st, max_size=5),
    "mentors": st.integers(1, 3),
    "status": st.lists(st.sampled_from(["draft", "approved", "working", "finished"]), min_size=3, max_size=3),
    "meetings": st.lists(st.integers(0, 91), max_size=4),
    "personal": st.booleans(),
})


def fill(session, spec: dict) -> None:  # noqa: ANN001
    save_school(session, data=factories.school())
    mentors = [save_mentor(session, data=factories.mentor(last_name=SURNAMES[i], first_name="Ольга"))
               for i in range(spec["mentors"])]
    by_mentor: dict[int, list[int]] = {}
    for i, m in enumerate(spec["mentees"]):
        consents = (ConsentData(kind="processing", signed_on=dt.date(2026, 9, 1)),)
        if m["transfer"]:
            consents += (ConsentData(kind="transfer", signed_on=dt.date(2026, 9, 1)),)
        mentee = save_mentee(session, data=factories.mentee(
            last_name=SURNAMES[i % 6], first_name=("Анна", "Борис", "Вера", "Глеб", "Дарья")[i], group_name=f"{m['parallel']}А",
            birth_date=dt.date(m["born"], 5, 17), consents=consents))
        if m["mentor"] is not None and m["mentor"] < len(mentors):
            by_mentor.setdefault(mentors[m["mentor"]], []).append(mentee)
    for n, (mentor, mentees) in enumerate(sorted(by_mentor.items())):
        group = save_group(session, data=GroupData(mentor_id=mentor, mentee_ids=tuple(mentees),
                                                   start_date=dt.date(2026, 10, 1)), confirm_over_capacity=True)
        status = spec["status"][n]
        if status != "draft":
            set_status(session, group_id=group, status="approved", on=dt.date(2026, 10, 1))
            for offset in spec["meetings"]:
                save_meeting(session, data=MeetingData(group_id=group, date=Q4.start + dt.timedelta(days=offset),
                                                       kind="встреча"))
        if status == "finished":
            set_status(session, group_id=group, status="finished", on=dt.date(2026, 12, 31))
    save_settings(session, changes={"package_personal_data": spec["personal"]})


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(spec=database_st)
def test_a_package_from_any_valid_database_verifies(_migrated_school_file, spec):
    import shutil

    from _pytest.monkeypatch import MonkeyPatch

    from app.database import open_database

    patch = MonkeyPatch()
    patch.setattr("app.package.build._indicators", fake_indicators)
    try:
        with tempfile.TemporaryDirectory() as folder:
            # a copy of the session's migrated database (migrating for every example took most of the time)
            db = open_database(Path(shutil.copy(_migrated_school_file, Path(folder) / "school.sqlite3")))
            try:
                with db.session() as session:
                    fill(session, spec)
                    result = write_package(session, period=Q4, folder=Path(folder), today=TODAY, validate=True)
            finally:
                db.close()
            info = verify_package(path=result.path)
            content = open_package(path=result.path)
    finally:
        patch.undo()
    assert info.content_verified and info.sha256 == result.sha256
    assert content.manifest["counts"] == result.counts
    ids = [p["id"] for p in content.participants]
    assert len(ids) == len(set(ids)) and all(len(i) == 20 for i in ids)
    named = [p for p in content.participants if "personal" in p]
    expected = sum(1 for m in spec["mentees"] if m["transfer"]) if spec["personal"] else 0
    assert len(named) == expected and content.manifest["personal_data"] is (expected > 0)
    working = [g for g in content.groups]
    assert all(g["status"] != "draft" for g in working)
    assert len(content.meetings) == len(working) * len(spec["meetings"])
