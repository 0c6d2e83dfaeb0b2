"""The stored mode of a database."""

from __future__ import annotations

import pytest

from app.errors import ValidationError
from app.services.mode import get_mode, set_mode


def test_a_new_database_is_a_school_one_until_set(session):
    assert get_mode(session) == "school"
    set_mode(session, mode="municipality")
    assert get_mode(session) == "municipality"
    with pytest.raises(ValidationError):
        set_mode(session, mode="region")
    assert get_mode(session) == "municipality"
