"""The defensive reader: damaged, foreign, tampered, traversing and bomb packages are all rejected with a reason."""

from __future__ import annotations

import hashlib
import json
import zipfile
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.errors import PackageError
from app.package import format as fmt
from app.package import open_package, verify_package
from app.package.crypto import encrypt, generate_keypair
from app.package.write import dump_json, package_bytes, seal_zip
from tests.app.test_package_roundtrip import Q4, TODAY, build_school, fake_indicators


@lru_cache(maxsize=1)
def sample() -> tuple[bytes, dict, dict]:
    """A real small package (bytes), its manifest head and its data members; built once per run."""
    import tempfile

    from _pytest.monkeypatch import MonkeyPatch

    from app.database import open_database
    from app.package import write_package

    patch = MonkeyPatch()
    patch.setattr("app.package.build._indicators", fake_indicators)
    try:
        with tempfile.TemporaryDirectory() as folder:
            db = open_database(Path(folder) / "school.sqlite3")
            try:
                with db.session() as session:
                    build_school(session)
                    path = write_package(session, period=Q4, folder=Path(folder), today=TODAY).path
                    blob = path.read_bytes()
                    content = open_package(path=path)
            finally:
                db.close()
    finally:
        patch.undo()
    head = {k: v for k, v in content.manifest.items() if k != "members"}
    members = {"data/participants.json": {"items": content.participants}, "data/groups.json": {"items": content.groups},
               "data/meetings.json": {"items": content.meetings}, "data/surveys.json": content.surveys,
               "data/indicators.json": content.indicators, "data/roadmap.json": content.roadmap}
    return blob, head, members


def check(tmp_path: Path, blob: bytes, match: str) -> None:
    path = tmp_path / "x.mdpkg"
    path.write_bytes(blob)
    with pytest.raises(PackageError, match=match):
        verify_package(path=path)


def rebuilt(head: dict | None = None, members: dict | None = None) -> bytes:
    _blob, h, m = sample()
    return package_bytes(head or h, members or m, b"PK-report")


def raw_members(changes: dict[str, bytes] | None = None) -> list[tuple[str, bytes]]:
    """The members of the sample as bytes, some replaced by ``changes`` (member name → bytes)."""
    with zipfile.ZipFile(__import__("io").BytesIO(sample()[0])) as zf:
        out = [(name, zf.read(name)) for name in fmt.MEMBERS]
    replaced = changes or {}
    return [(name, replaced.get(name, raw)) for name, raw in out]


def manifest_for(members: list[tuple[str, bytes]]) -> dict:
    manifest = json.loads(members[0][1])
    manifest["members"] = {name: {"sha256": hashlib.sha256(raw).hexdigest(), "size": len(raw)}
                           for name, raw in members[1:]}
    return manifest


def test_the_sample_verifies(tmp_path):
    path = tmp_path / "ok.mdpkg"
    path.write_bytes(sample()[0])
    info = verify_package(path=path)
    assert info.content_verified and info.school_code == "52-001" and info.period == "2026-Q4"
    path.write_bytes(rebuilt())
    assert verify_package(path=path).manifest["counts"]["meetings"] == 3


def test_every_single_byte_change_is_detected(tmp_path):
    blob = sample()[0]
    path = tmp_path / "x.mdpkg"
    tail = len(blob) - 400  # every byte of the central directory and the checksum, every 5th byte before
    for index in [*range(0, tail, 5), *range(tail, len(blob))]:
        changed = bytearray(blob)
        changed[index] ^= 0xFF
        path.write_bytes(bytes(changed))
        with pytest.raises(PackageError):
            verify_package(path=path)


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_any_flipped_byte_fails_verify(data, tmp_path_factory):
    blob = sample()[0]
    index = data.draw(st.integers(0, len(blob) - 1))
    change = data.draw(st.integers(1, 255))
    altered = bytearray(blob)
    altered[index] ^= change
    path = tmp_path_factory.mktemp("flip") / "x.mdpkg"
    path.write_bytes(bytes(altered))
    with pytest.raises(PackageError):
        verify_package(path=path)


def test_every_byte_of_an_encrypted_package_is_protected(tmp_path):
    generate_keypair(private_path=tmp_path / "k.key", public_path=tmp_path / "k.pub", label="")
    envelope = encrypt(sample()[0], public_path=tmp_path / "k.pub")
    path = tmp_path / "e.mdpkg"
    path.write_bytes(envelope)
    assert verify_package(path=path, private_key_path=tmp_path / "k.key").content_verified
    for index in range(0, len(envelope), 7):
        changed = bytearray(envelope)
        changed[index] ^= 0x5A
        path.write_bytes(bytes(changed))
        with pytest.raises(PackageError):
            verify_package(path=path)


@pytest.mark.parametrize("blob,match", [
    (b"", "пуст"),
    (b"%PDF-1.7 not a package", "не является пакетом"),
    (b"MDPKGENC\x01", "обрезан"),
])
def test_not_a_package(tmp_path, blob, match):
    check(tmp_path, blob, match)


def test_truncated_package(tmp_path):
    blob = sample()[0]
    check(tmp_path, blob[: len(blob) // 2], "обрезан|повреждён")
    check(tmp_path, blob[:-1], "обрезан|повреждён")


@pytest.mark.parametrize("name", ["../evil.json", "/etc/passwd", "C:/windows/x.json", "data\\participants.json",
                                  "data/../../x.json"])
def test_path_traversal_members_are_rejected(tmp_path, name):
    members = raw_members() + [(name, b"{}")]
    check(tmp_path, seal_zip(members), "Недопустимое имя")


def test_unexpected_duplicate_missing_and_too_many_members(tmp_path):
    check(tmp_path, seal_zip(raw_members() + [("data/extra.json", b"{}")]), "неожиданный файл «data/extra.json»")
    check(tmp_path, seal_zip(raw_members()[:-1]), "нет файла «report.xlsx»")
    with pytest.warns(UserWarning, match="Duplicate name"):
        doubled = seal_zip(raw_members() + [("data/roadmap.json", b"{}")])
    check(tmp_path, doubled, "дважды")
    check(tmp_path, seal_zip(raw_members() + [(f"x{i}.json", b"{}") for i in range(12)]), "слишком много")


def test_zip_bomb_is_rejected_before_it_is_inflated(tmp_path):
    bomb = b'{"items":[]}' + b" " * (20 * 1024 * 1024)  # valid JSON, 20 MiB, compresses > 1000:1
    members = raw_members({"data/roadmap.json": bomb})
    members[0] = (fmt.MANIFEST, dump_json(manifest_for(members)))
    check(tmp_path, seal_zip(members), "zip-бомба")


def test_member_changed_after_manifest_is_detected(tmp_path):
    members = raw_members({"data/roadmap.json": b'{"items":[],"note":"other"}\n'})
    check(tmp_path, seal_zip(members), "SHA-256 не совпадает|Размер файла")


def test_missing_checksum_comment(tmp_path):
    import io

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, raw in raw_members():
            zf.writestr(name, raw)
    check(tmp_path, buffer.getvalue(), "нет контрольной суммы")


def test_foreign_and_future_formats(tmp_path):
    _blob, head, _members = sample()
    check(tmp_path, rebuilt(head=dict(head, format="other-format")), "Чужой файл")
    check(tmp_path, rebuilt(head=dict(head, format_version="2.0.0")), "2.0.0 не поддерживается")
    path = tmp_path / "minor.mdpkg"
    path.write_bytes(rebuilt(head=dict(head, format_version="1.7.0", new_optional_field={"x": 1})))
    assert verify_package(path=path).manifest["format_version"] == "1.7.0"  # same major: readable


def test_schema_violation_names_member_and_path(tmp_path):
    _blob, _head, members = sample()
    people = [dict(p) for p in members["data/participants.json"]["items"]]
    people[1]["age"] = "десять"
    check(tmp_path, rebuilt(members=dict(members, **{"data/participants.json": {"items": people}})),
          r"«data/participants.json», \$\.items\[1\]\.age")


def test_dangling_references_are_rejected(tmp_path):
    _blob, _head, members = sample()
    meetings = [dict(m) for m in members["data/meetings.json"]["items"]]
    meetings[0]["group"] = "f" * 20
    check(tmp_path, rebuilt(members=dict(members, **{"data/meetings.json": {"items": meetings}})),
          "неизвестную пару")


def test_missing_file(tmp_path):
    with pytest.raises(PackageError, match="не найден"):
        verify_package(path=tmp_path / "нет.mdpkg")
