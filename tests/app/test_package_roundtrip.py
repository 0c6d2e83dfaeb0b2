"""The quarterly package written and read back as a pair: same data, schema-valid, encrypted, logged, safe."""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from app.errors import PackageError, StorageError, ValidationError
from app.package import generate_keypair, list_exports, open_package, verify_package, write_package
from app.package import format as fmt
from app.periods import quarter
from app.schemas import ConsentData, GroupData
from app.schemas_meetings import MeetingData
from app.schemas_surveys import ResponseData
from app.services.meetings import save_meeting
from app.services.pairs import save_group, set_status
from app.services.people import save_mentee, save_mentor
from app.services.school import save_school
from app.services.surveys import list_templates
from app.settings import save_settings
from tests import factories

Q4 = quarter(year=2026, number=4)
TODAY = dt.date(2026, 12, 20)


def fake_indicators(session, period, today=None):  # noqa: ANN001, ANN201
    """A stand-in for app.indicators so these tests check the package, not the indicator definitions."""
    return {"indicators": [{"code": "mentees_10_18", "title": "Доля детей 10–18 лет", "numerator": 2,
                            "denominator": 40, "percent": 5.0, "note": "", "level": "school"}],
            "federal": {"period": "2026/2027", "mentees": {"total": 2}}}


@pytest.fixture(autouse=True)
def _indicators_stub(monkeypatch, request):
    if "real_indicators" not in request.node.name:
        monkeypatch.setattr("app.package.build._indicators", fake_indicators)


def build_school(session, *, transfer_consent: bool = True) -> dict[str, int]:  # noqa: ANN001
    """A school with two mentees (one with consent to transfer), a mentor, a working pair, meetings, surveys."""
    save_school(session, data=factories.school())
    consents = (ConsentData(kind="processing", signed_on=dt.date(2026, 9, 10)),)
    if transfer_consent:
        consents += (ConsentData(kind="transfer", signer="representative", representative_name="Иванова М.П.",
                                 signed_on=dt.date(2026, 9, 10)),)
    first = save_mentee(session, data=factories.mentee(consents=consents))
    second = save_mentee(session, data=factories.mentee(last_name="Сидорова", first_name="Анна", group_name="9Б",
                                                        birth_date=dt.date(2010, 1, 5)))
    mentor = save_mentor(session, data=factories.mentor())
    group = save_group(session, data=GroupData(mentor_id=mentor, mentee_ids=(first, second), form="учитель – ученик",
                                               start_date=dt.date(2026, 10, 1)))
    set_status(session, group_id=group, status="approved", on=dt.date(2026, 10, 1))
    meetings = [save_meeting(session, data=MeetingData(group_id=group, date=dt.date(2026, 10, d), kind="встреча",
                                                       topic="Секретная тема Иванова", feedback_mentee=True))
                for d in (5, 12, 19)]
    template = next(t for t in list_templates(session) if t.purpose == "feedback")
    from app.services.surveys import add_responses

    add_responses(session, responses=[
        ResponseData(template_id=template.id, answered_on=dt.date(2026, 10, 12), respondent_role="mentee",
                     mentee_id=first, group_id=group, answers={"satisfaction": 9, "comment": "Иванов молодец"}),
        ResponseData(template_id=template.id, answered_on=dt.date(2026, 10, 19), respondent_role="mentee",
                     mentee_id=second, group_id=group, answers={"satisfaction": 6}),
    ])
    return {"first": first, "second": second, "mentor": mentor, "group": group, "meetings": len(meetings)}


def test_write_then_read_gives_the_same_data(session, tmp_path):
    ids = build_school(session)
    result = write_package(session, period=Q4, folder=tmp_path, today=TODAY, validate=True)
    assert result.path == tmp_path / "52-001_2026-Q4.mdpkg"
    assert not result.encrypted and any("не зашифрован" in w for w in result.warnings)
    assert result.counts["mentees"] == 2 and result.counts["mentors"] == 1
    assert result.counts["groups"] == 1 and result.counts["meetings"] == ids["meetings"]
    content = open_package(path=result.path)
    assert content.info.sha256 == result.sha256 and content.info.size == result.size == result.path.stat().st_size
    m = content.manifest
    assert m["format"] == fmt.FORMAT_NAME and m["format_version"] == fmt.FORMAT_VERSION
    assert m["school"]["code"] == "52-001" and m["period"] == {"code": "2026-Q4", "start": "2026-10-01",
                                                             "end": "2026-12-31"}
    assert m["pseudonymised"] is True and m["personal_data"] is False and m["personal_fields"] == []
    mentees = [p for p in content.participants if p["role"] == "mentee"]
    by_parallel = {p["class_parallel"]: p for p in mentees}
    assert set(by_parallel) == {8, 9}
    assert by_parallel[8]["age"] == 14 and by_parallel[8]["age_band"] == "10-14"  # born 14.03.2012, ref 01.09.2026
    assert all("personal" not in p for p in content.participants)
    [group] = content.groups
    assert sorted(group["mentees"]) == sorted(p["id"] for p in mentees)
    assert group["mentor"] == next(p["id"] for p in content.participants if p["role"] == "mentor")
    assert group["status"] == "approved" or group["status"] == "working"
    assert [x["date"] for x in content.meetings] == ["2026-10-05", "2026-10-12", "2026-10-19"]
    assert all(x["group"] == group["id"] and x["feedback_mentee"] for x in content.meetings)
    text = json.dumps([content.participants, content.groups, content.meetings, content.surveys], ensure_ascii=False)
    assert "Иванов" not in text and "Секретная" not in text and "молодец" not in text  # no names, topics, open answers
    sat = content.surveys["satisfaction"]["mentee"]
    assert sat["n"] == 2 and sat["mean_pct"] == 75.0 and sat["share7_pct"] == 50.0
    assert content.indicators["indicators"][0]["numerator"] == 2
    assert content.indicators["federal"]["mentees"]["total"] == 2
    assert content.roadmap["items"] == [] and content.roadmap["summary"]["total"] == 0 and content.roadmap["note"]
    assert content.report_xlsx.startswith(b"PK")


def test_every_member_matches_its_schema(session, tmp_path):
    build_school(session)
    path = write_package(session, period=Q4, folder=tmp_path, today=TODAY).path
    with zipfile.ZipFile(path) as zf:
        assert zf.namelist() == list(fmt.MEMBERS)
        for name in (fmt.MANIFEST, *fmt.DATA_MEMBERS):
            fmt.validate_member(name, json.loads(zf.read(name)))
    with pytest.raises(PackageError, match=r"data/meetings.json.*\$\.items\[0\]\.date"):
        fmt.validate_member("data/meetings.json", {"items": [{"id": "a" * 20, "group": "b" * 20, "date": 5,
                                                              "kind": "", "format": "", "feedback_mentee": True,
                                                              "feedback_mentor": False}]})


def test_report_workbook_is_readable(session, tmp_path):
    import io

    from openpyxl import load_workbook

    build_school(session)
    content = open_package(path=write_package(session, period=Q4, folder=tmp_path, today=TODAY).path)
    wb = load_workbook(io.BytesIO(content.report_xlsx), read_only=True)
    assert wb.sheetnames == ["Сводка", "Показатели", "Удовлетворённость", "Пары и группы"]
    cells = [c for row in wb["Показатели"].iter_rows(values_only=True) for c in row]
    assert "Доля детей 10–18 лет" in cells and 40 in cells
    wb.close()


def test_resubmission_keeps_stable_ids_and_replaces_the_file(session, tmp_path):
    build_school(session)
    out = tmp_path / "stick"
    out.mkdir()
    first = open_package(path=write_package(session, period=Q4, folder=out, today=TODAY).path)
    second = open_package(path=write_package(session, period=Q4, folder=out, today=TODAY).path)
    assert [p["id"] for p in first.participants] == [p["id"] for p in second.participants]
    assert [m["id"] for m in first.meetings] == [m["id"] for m in second.meetings]
    assert [p.name for p in out.iterdir()] == ["52-001_2026-Q4.mdpkg"]  # no temp files left
    log = list_exports(session)
    assert len(log) == 2 and log[0].file_name == "52-001_2026-Q4.mdpkg" and log[0].period == "2026-Q4"
    assert log[0].sha256 == second.info.sha256 and log[0].counts["meetings"] == 3 and not log[0].encrypted


def test_personal_data_only_with_setting_and_consent(session, tmp_path):
    build_school(session)
    save_settings(session, changes={"package_personal_data": True})
    result = write_package(session, period=Q4, folder=tmp_path, today=TODAY)
    content = open_package(path=result.path)
    named = [p for p in content.participants if "personal" in p]
    assert [p["personal"] for p in named] == [{"last_name": "Иванов", "first_name": "Пётр",
                                               "middle_name": "Сергеевич", "birth_date": "2012-03-14"}]
    assert result.personal_data and content.manifest["personal_data"] is True
    assert content.manifest["personal_fields"] == ["last_name", "first_name", "middle_name", "birth_date"]
    assert list_exports(session)[0].personal_data


def test_revoked_consent_or_setting_off_means_no_names(session, tmp_path):
    ids = build_school(session)
    save_settings(session, changes={"package_personal_data": True})
    from app.services.people import get_mentee

    data = get_mentee(session, mentee_id=ids["first"])
    revoked = tuple(replace(c, revoked_on=dt.date(2026, 11, 1)) if c.kind == "transfer" else c for c in data.consents)
    save_mentee(session, data=replace(data, consents=revoked))
    content = open_package(path=write_package(session, period=Q4, folder=tmp_path, today=TODAY).path)
    assert not any("personal" in p for p in content.participants) and content.manifest["personal_data"] is False
    save_settings(session, changes={"package_personal_data": False})
    assert not write_package(session, period=Q4, folder=tmp_path, today=TODAY).personal_data


def test_encrypted_round_trip_and_wrong_key(session, tmp_path):
    build_school(session)
    keys = tmp_path / "keys"
    keys.mkdir()
    out = tmp_path / "stick"
    out.mkdir()
    kid = generate_keypair(private_path=keys / "uo.key", public_path=keys / "uo.pub", label="УО Лукоянов")
    generate_keypair(private_path=keys / "other.key", public_path=keys / "other.pub", label="чужой")
    save_settings(session, changes={"municipality_key_path": str(keys / "uo.pub")})
    result = write_package(session, period=Q4, folder=out, today=TODAY)
    assert result.encrypted and not any("не зашифрован" in w for w in result.warnings)
    blob = result.path.read_bytes()
    assert blob.startswith(b"MDPKGENC") and b"manifest.json" not in blob
    envelope_only = verify_package(path=result.path)
    assert envelope_only.encrypted and not envelope_only.content_verified and envelope_only.key_id == kid
    with pytest.raises(PackageError, match="закрытый ключ"):
        open_package(path=result.path)
    content = open_package(path=result.path, private_key_path=keys / "uo.key")
    assert content.info.content_verified and content.manifest["counts"]["meetings"] == 3
    with pytest.raises(PackageError, match="другого ключа"):
        verify_package(path=result.path, private_key_path=keys / "other.key")
    with pytest.raises(PackageError, match="не закрытый ключ"):
        verify_package(path=result.path, private_key_path=keys / "uo.pub")
    assert list_exports(session)[0].encrypted


def test_tampered_ciphertext_is_rejected_with_and_without_key(session, tmp_path):
    build_school(session)
    generate_keypair(private_path=tmp_path / "k.key", public_path=tmp_path / "k.pub", label="")
    save_settings(session, changes={"municipality_key_path": str(tmp_path / "k.pub")})
    out = tmp_path / "out"
    out.mkdir()
    path = write_package(session, period=Q4, folder=out, today=TODAY).path
    blob = bytearray(path.read_bytes())
    blob[200] ^= 0x01
    path.write_bytes(bytes(blob))
    with pytest.raises(PackageError, match="повреждён"):
        verify_package(path=path)
    fixed = bytes(blob[:-32]) + __import__("hashlib").sha256(bytes(blob[:-32])).digest()  # an attacker re-hashes
    path.write_bytes(fixed)
    verify_package(path=path)  # the envelope alone cannot tell…
    with pytest.raises(PackageError, match="подлинности"):  # …but the key holder can
        verify_package(path=path, private_key_path=tmp_path / "k.key")


@pytest.mark.parametrize("failing", ["open", "replace"])
def test_full_or_removed_stick_leaves_no_final_file(session, tmp_path, monkeypatch, failing):
    build_school(session)
    real_open, real_replace = open, os.replace

    def broken_open(file, mode="r", *args, **kwargs):  # noqa: ANN001, ANN202
        if str(file).endswith(".mdpkg.tmp") and "w" in mode:
            handle = real_open(file, mode, *args, **kwargs)
            handle.close()
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_open(file, mode, *args, **kwargs)

    def broken_replace(src, dst):  # noqa: ANN001, ANN202
        if str(dst).endswith(".mdpkg"):
            raise OSError(errno.EIO, "Input/output error")
        return real_replace(src, dst)

    if failing == "open":
        monkeypatch.setattr("builtins.open", broken_open)
    else:
        monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(StorageError) as err:
        write_package(session, period=Q4, folder=tmp_path, today=TODAY)
    assert ("не хватает места" if failing == "open" else "извлечён") in str(err.value)
    monkeypatch.undo()
    assert [p for p in tmp_path.iterdir() if p.suffix in (".mdpkg", ".tmp")] == []
    assert list_exports(session) == []


def test_missing_folder_and_missing_school_code(session, tmp_path):
    build_school(session)
    with pytest.raises(StorageError, match="не найдена"):
        write_package(session, period=Q4, folder=tmp_path / "нет", today=TODAY)
    save_school(session, data=factories.school(code=""))
    with pytest.raises(ValidationError, match="код ОО"):
        write_package(session, period=Q4, folder=tmp_path, today=TODAY)
    assert list(tmp_path.glob("*.mdpkg")) == []


def test_drafts_and_other_quarters_stay_out(session, tmp_path):
    build_school(session)
    extra = save_mentor(session, data=factories.mentor(last_name="Петров", first_name="Олег", status="candidate"))
    waiting = save_mentee(session, data=factories.mentee(last_name="Орлов", group_name="5А"))
    save_group(session, data=GroupData(mentor_id=extra, mentee_ids=(waiting,), start_date=dt.date(2026, 10, 2)))
    content = open_package(path=write_package(session, period=Q4, folder=tmp_path, today=TODAY).path)
    assert len(content.groups) == 1 and content.manifest["counts"]["mentors"] == 1  # the draft and candidate are out
    assert content.manifest["counts"]["mentees"] == 3  # a mentee waiting for a mentor is still accounted
    q1 = open_package(path=write_package(session, period=quarter(year=2027, number=1), folder=tmp_path,
                                         today=TODAY).path)
    assert q1.meetings == [] and q1.surveys["responses"] == 0 and len(q1.groups) == 1
    assert Path(q1.info.path).name == "52-001_2027-Q1.mdpkg"


def test_real_indicators_travel_in_the_package(session, tmp_path):
    from app.indicators import compute_indicators

    build_school(session)
    content = open_package(path=write_package(session, period=Q4, folder=tmp_path, today=TODAY).path)
    expected = compute_indicators(session, period=Q4, today=TODAY)
    assert [(i["code"], i["numerator"], i["denominator"]) for i in content.indicators["indicators"]] == [
        (v.code, v.numerator, v.denominator) for v in expected]
    assert content.indicators["federal"]["period"] == "2026/2027"
    assert content.manifest["counts"]["indicators"] == len(expected)


def test_progress_is_reported_and_cancel_writes_nothing(session, tmp_path):
    from app.errors import Cancelled

    build_school(session)
    seen = []
    write_package(session, period=Q4, folder=tmp_path, today=TODAY, progress=lambda d, t: seen.append((d, t)))
    assert seen[-1] == (7, 7) and [d for d, _t in seen] == sorted(d for d, _t in seen)
    out = tmp_path / "cancelled"
    out.mkdir()

    def cancel(done: int, total: int) -> None:
        if done == 7:
            raise Cancelled()

    with pytest.raises(Cancelled):
        write_package(session, period=Q4, folder=out, today=TODAY, progress=cancel)
    assert list(out.iterdir()) == [] and len(list_exports(session)) == 1
