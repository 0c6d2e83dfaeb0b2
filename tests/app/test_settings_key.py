"""The municipality key setting accepts only a public key file, with a message that says why."""

from __future__ import annotations

import pytest

from app.errors import ValidationError


def test_the_key_setting_takes_only_a_public_key(session, tmp_path):
    from app.package import generate_keypair
    from app.settings import load_settings, save_settings

    generate_keypair(private_path=tmp_path / "muni.key", public_path=tmp_path / "muni.pub", label="УО")
    with pytest.raises(ValidationError) as err:
        save_settings(session, changes={"municipality_key_path": str(tmp_path / "muni.key")})
    assert "закрытый ключ" in str(err.value) and ".pub" in str(err.value)
    assert save_settings(session, changes={"municipality_key_path": str(tmp_path / "muni.pub")}).municipality_key_path
    assert load_settings(session).municipality_key_path == str(tmp_path / "muni.pub")
