"""Hostile packages against the municipality import: each rejected with a Russian reason, the database unchanged."""

from __future__ import annotations

import hashlib
import io
import json
import struct
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.municipality.importer import import_paths
from app.package import format as fmt
from app.package.write import dump_json, seal_zip
from tests.app.test_municipality_import import (TODAY, current_packages, demo_package, dump, encrypted, put,
                                                resealed, setup_municipality)

BOUNDED = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture
def muni(session, tmp_path, db):
    """(session, public key, db) of a municipality database that already holds one package (so history exists)."""
    public = setup_municipality(session, tmp_path)
    first = put(tmp_path / "first", "52-0314_2026-Q4.mdpkg", encrypted(resealed(demo_package(), code="52-0314"),
                                                                     public))
    assert import_paths(session, paths=[first], today=TODAY).accepted
    return session, public, db


def rejected(session, db, folder: Path, name: str, blob: bytes, match: str) -> str:  # noqa: ANN001
    """Import ``blob``; assert one rejection whose reason matches, and a byte-identical database dump."""
    before = dump(db)
    path = put(folder, name, blob)
    summary = import_paths(session, paths=[path], today=TODAY)
    assert not summary.accepted and not summary.replaced and not summary.unchanged, summary
    assert len(summary.rejected) == 1, summary
    reason = summary.rejected[0].reason
    import re

    assert re.search(match, reason, re.IGNORECASE), reason
    assert re.search(r"[А-Яа-яЁё]", reason) and "Traceback" not in reason
    assert f"Отклонён «{name}»: {reason}" in summary.lines()
    assert dump(db) == before
    return reason


def members_of(blob: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(blob)) as zf:
        return [(name, zf.read(name)) for name in fmt.MEMBERS]


def with_manifest(members: list[tuple[str, bytes]], sizes: dict[str, int] | None = None) -> list[tuple[str, bytes]]:
    """The members with a manifest describing them (sizes optionally overridden, to tell a lie consistently)."""
    manifest = json.loads(members[0][1])
    manifest["members"] = {name: {"sha256": hashlib.sha256(raw).hexdigest(),
                                  "size": (sizes or {}).get(name, len(raw))} for name, raw in members[1:]
                           if name in fmt.MEMBERS}
    return [(fmt.MANIFEST, dump_json(manifest))] + members[1:]


def reseal_bytes(blob: bytes) -> bytes:
    """A blob whose trailing checksum is recomputed (so only the deeper checks can catch the change)."""
    return blob[:-64] + hashlib.sha256(blob[:-64]).hexdigest().encode("ascii")


def lie_about_size(blob: bytes, member: str, size: int) -> bytes:
    """Rewrite the uncompressed size of ``member`` in its local header and the central directory."""
    data = bytearray(blob)
    name = member.encode()
    local = data.find(b"PK\x03\x04")
    while local != -1:
        name_len = struct.unpack_from("<H", data, local + 26)[0]
        if bytes(data[local + 30:local + 30 + name_len]) == name:
            struct.pack_into("<I", data, local + 22, size)
        local = data.find(b"PK\x03\x04", local + 4)
    central = data.find(b"PK\x01\x02")
    while central != -1:
        name_len = struct.unpack_from("<H", data, central + 28)[0]
        if bytes(data[central + 46:central + 46 + name_len]) == name:
            struct.pack_into("<I", data, central + 24, size)
        central = data.find(b"PK\x01\x02", central + 4)
    return reseal_bytes(bytes(data))


# ---------------------------------------------------------------- damaged bytes (property-based)

@BOUNDED
@given(data=st.data())
def test_truncated_encrypted_package(muni, tmp_path, data):
    session, public, db = muni
    blob = encrypted(demo_package(), public)
    cut = data.draw(st.integers(0, len(blob) - 1))
    rejected(session, db, tmp_path / "cut", "52-0313_2026-Q4.mdpkg", blob[:cut], "обрезан|повреждён|пуст|не является")


@BOUNDED
@given(data=st.data())
def test_flipped_bytes_in_an_encrypted_package(muni, tmp_path, data):
    session, public, db = muni
    blob = bytearray(encrypted(demo_package(), public))
    for index in data.draw(st.lists(st.integers(0, len(blob) - 1), min_size=1, max_size=3, unique=True)):
        blob[index] ^= data.draw(st.integers(1, 255))
    rejected(session, db, tmp_path / "flip", "52-0313_2026-Q4.mdpkg", bytes(blob),
             "повреждён|изменён|не поддерживается|не является|другого ключа|обрезан")


@BOUNDED
@given(data=st.data())
def test_flipped_bytes_in_a_plain_package(muni, tmp_path, data):
    session, _public, db = muni
    blob = bytearray(demo_package())
    blob[data.draw(st.integers(0, len(blob) - 1))] ^= data.draw(st.integers(1, 255))
    rejected(session, db, tmp_path / "flip", "52-0313_2026-Q4.mdpkg", bytes(blob),
             "повреждён|изменён|не является|обрезан|контрольн")


@BOUNDED
@given(tail=st.binary(min_size=0, max_size=400), magic=st.sampled_from([b"PK\x03\x04", b"MDPKGENC", b""]))
def test_random_bytes_behind_a_package_magic(muni, tmp_path, tail, magic):
    session, _public, db = muni
    rejected(session, db, tmp_path / "junk", "x.mdpkg", magic + tail, "обрезан|повреждён|пуст|не является|версия|Версия")


@BOUNDED
@given(data=st.data())
def test_a_member_changed_after_the_manifest_was_written(muni, tmp_path, data):
    """A wrong hash: one data member's bytes differ from what the manifest says (checksum resealed)."""
    session, public, db = muni
    members = members_of(demo_package())
    index = data.draw(st.integers(1, len(members) - 1))
    name, raw = members[index]
    at = data.draw(st.integers(0, len(raw) - 1))
    changed = bytearray(raw)
    changed[at] ^= data.draw(st.integers(1, 255))
    members[index] = (name, bytes(changed))
    blob = encrypted(seal_zip(members), public)
    rejected(session, db, tmp_path / "hash", "h.mdpkg", blob, "SHA-256 не совпадает")


# ---------------------------------------------------------------- crafted zips

@pytest.mark.parametrize("name", ["../x", "C:\\x", "/etc/x", "data/../../x", "C:/windows/x.json"])
def test_member_names_escaping_the_package(muni, tmp_path, name):
    session, public, db = muni
    blob = encrypted(seal_zip(members_of(demo_package()) + [(name, b"{}")]), public)
    rejected(session, db, tmp_path, "evil.mdpkg", blob, "Недопустимое имя")


def test_zip_bomb_by_compression_ratio(muni, tmp_path):
    session, public, db = muni
    members = members_of(demo_package())
    members[-2] = ("data/roadmap.json", b'{"items":[]}' + b" " * (20 * 1024 * 1024))
    blob = encrypted(seal_zip(with_manifest(members)), public)
    rejected(session, db, tmp_path, "bomb.mdpkg", blob, "zip-бомба")


@pytest.mark.parametrize("delta", [-5, +5])
def test_member_whose_declared_size_lies(muni, tmp_path, delta):
    """Central directory, local header and manifest all declare the same wrong size."""
    session, public, db = muni
    members = members_of(demo_package())
    name, raw = members[3]  # data/meetings.json
    lying = with_manifest(members, sizes={name: len(raw) + delta})
    blob = lie_about_size(seal_zip(lying, compress_type=zipfile.ZIP_STORED), name, len(raw) + delta)
    rejected(session, db, tmp_path, "lie.mdpkg", encrypted(blob, public),
             "больше заявленного|обрезан|повреждён")


def test_member_declared_far_larger_than_the_limit(muni, tmp_path):
    session, public, db = muni
    members = members_of(demo_package())
    huge = fmt.MAX_MEMBER_BYTES + 1
    blob = lie_about_size(seal_zip(with_manifest(members, sizes={"data/roadmap.json": huge})), "data/roadmap.json",
                          huge)
    rejected(session, db, tmp_path, "huge.mdpkg", encrypted(blob, public), "слишком велик")


def test_oversized_member_and_file(muni, tmp_path, monkeypatch):
    """The limits scaled down (the reader's constants), so a real member and a real file exceed them."""
    session, public, db = muni
    blob = encrypted(resealed(demo_package(), code="52-0315"), public)
    monkeypatch.setattr(fmt, "MAX_MEMBER_BYTES", 2048)
    rejected(session, db, tmp_path / "m", "big.mdpkg", blob, "слишком велик")
    monkeypatch.setattr(fmt, "MAX_FILE_BYTES", 1024)
    rejected(session, db, tmp_path / "f", "big.mdpkg", blob, "слишком велик для пакета")


def test_extra_and_missing_members(muni, tmp_path):
    session, public, db = muni
    members = members_of(demo_package())
    rejected(session, db, tmp_path / "a", "extra.mdpkg", encrypted(seal_zip(members + [("data/extra.json", b"{}")]),
                                                                   public), "неожиданный файл «data/extra.json»")
    rejected(session, db, tmp_path / "b", "missing.mdpkg", encrypted(seal_zip(members[:-1]), public),
             "нет файла «report.xlsx»")


def test_wrong_format_version_and_foreign_format(muni, tmp_path):
    session, public, db = muni
    rejected(session, db, tmp_path / "a", "v2.mdpkg",
             encrypted(resealed(demo_package(), head={"format_version": "2.0.0"}), public), "2.0.0 не поддерживается")
    rejected(session, db, tmp_path / "b", "other.mdpkg",
             encrypted(resealed(demo_package(), head={"format": "other"}), public), "Чужой файл")


def _items(member: str) -> list[dict]:
    return [dict(x) for x in json.loads(dict(members_of(demo_package()))[member])["items"]]


def test_duplicated_participant_ids(muni, tmp_path):
    session, public, db = muni
    people = _items("data/participants.json")
    people[1]["id"] = people[0]["id"]
    blob = resealed(demo_package(), members={"data/participants.json": {"items": people}})
    rejected(session, db, tmp_path, "dup.mdpkg", encrypted(blob, public), "повторяющиеся идентификаторы")


def test_duplicated_meeting_ids_and_indicator_codes(muni, tmp_path):
    """Not checked by the reader: the importer catches them before anything is written."""
    session, public, db = muni
    meetings = _items("data/meetings.json")
    meetings[1]["id"] = meetings[0]["id"]
    blob = resealed(demo_package(), members={"data/meetings.json": {"items": meetings}})
    rejected(session, db, tmp_path / "m", "dup.mdpkg", encrypted(blob, public), "повторяющиеся идентификаторы встреч")
    indicators = json.loads(dict(members_of(demo_package()))["data/indicators.json"])
    indicators["indicators"][1]["code"] = indicators["indicators"][0]["code"]
    blob = resealed(demo_package(), members={"data/indicators.json": indicators})
    rejected(session, db, tmp_path / "i", "dup.mdpkg", encrypted(blob, public), "повторяющиеся идентификаторы показ")


def test_package_encrypted_to_another_key(muni, tmp_path):
    from app.package.crypto import generate_keypair

    session, _public, db = muni
    generate_keypair(private_path=tmp_path / "other.key", public_path=tmp_path / "other.pub", label="Другое УО")
    blob = encrypted(demo_package(), tmp_path / "other.pub")
    rejected(session, db, tmp_path / "x", "foreign.mdpkg", blob, "зашифрован для другого ключа")


def test_package_of_an_unknown_school(muni, tmp_path):
    session, public, db = muni
    blob = encrypted(resealed(demo_package(), code="99-999"), public)
    reason = rejected(session, db, tmp_path, "99-999_2026-Q4.mdpkg", blob, "школа с кодом «99-999» не зарегистрирована")
    assert reason.startswith("школа")


def test_period_that_is_not_a_calendar_quarter(muni, tmp_path):
    session, public, db = muni
    blob = resealed(demo_package(), head={"period": {"code": "2026-Q4", "start": "2026-09-01", "end": "2026-12-31"}})
    rejected(session, db, tmp_path, "p.mdpkg", encrypted(blob, public), "не является календарным кварталом")


def test_failure_inside_the_transaction_rolls_everything_back(muni, tmp_path):
    """A real SQLite trigger fails the last insert; the package row and the older current package are untouched."""
    from sqlalchemy import text

    session, public, db = muni
    session.execute(text("CREATE TRIGGER no_boom BEFORE INSERT ON received_indicator WHEN NEW.code = 'boom' "
                         "BEGIN SELECT RAISE(ABORT, 'boom'); END"))
    session.commit()
    indicators = json.loads(dict(members_of(demo_package()))["data/indicators.json"])
    indicators["indicators"][-1]["code"] = "boom"
    newer = resealed(resealed(demo_package(), code="52-0314"), created_at="2030-01-01T00:00:00Z",
                     members={"data/indicators.json": indicators})
    rejected(session, db, tmp_path, "boom.mdpkg", encrypted(newer, public), "непредвиденной ошибки")
    rows = current_packages(session, period="2026-Q4")
    assert [(r.school_code, r.current, r.superseded_at) for r in rows] == [("52-0314", True, None)]


def test_a_mixed_stick_imports_the_good_and_names_each_bad(muni, tmp_path):
    from app.package.crypto import generate_keypair

    session, public, db = muni
    generate_keypair(private_path=tmp_path / "o.key", public_path=tmp_path / "o.pub", label="")
    stick = tmp_path / "stick"
    put(stick, "good.mdpkg", encrypted(demo_package(), public))
    put(stick, "again.mdpkg", (tmp_path / "first" / "52-0314_2026-Q4.mdpkg").read_bytes())
    put(stick, "cut.mdpkg", encrypted(demo_package(), public)[:500])
    put(stick, "foreign.mdpkg", encrypted(demo_package(), tmp_path / "o.pub"))
    put(stick, "unknown.mdpkg", encrypted(resealed(demo_package(), code="77-1"), public))
    summary = import_paths(session, paths=[stick], today=TODAY)
    assert [i.path.name for i in summary.accepted] == ["good.mdpkg"]
    assert [i.path.name for i in summary.unchanged] == ["again.mdpkg"]
    assert [i.path.name for i in summary.rejected] == ["cut.mdpkg", "foreign.mdpkg", "unknown.mdpkg"]
    lines = summary.lines()
    assert lines[0] == "Принято: 1; заменено: 0; без изменений: 1; отклонено: 3"
    assert any(line.startswith("Отклонён «foreign.mdpkg»:") and "другого ключа" in line for line in lines)
    assert any(line.startswith("Отклонён «unknown.mdpkg»: школа с кодом «77-1»") for line in lines)
    assert sorted(r.school_code for r in current_packages(session, period="2026-Q4")) == ["52-0313", "52-0314"]
