"""The shipped JSON Schemas: valid Draft 2020-12, and the compiled fast checker agrees with jsonschema."""

from __future__ import annotations

import copy

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from app.package import format as fmt
from app.package.schema import compile_schema
from tests.app.test_package_reader import sample

json_values = st.recursive(st.none() | st.booleans() | st.integers(-5, 30) | st.floats(allow_nan=False,
                                                                                         allow_infinity=False)
                           | st.sampled_from(["", "mentee", "approved", "2026-10-05", "a" * 20, "mean", "X25519"]),
                           lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner,
                                                                                       max_size=3), max_leaves=6)


def documents() -> dict[str, object]:
    _blob, head, members = sample()
    manifest = dict(head, members={name: {"sha256": "0" * 64, "size": 1} for name in fmt.MEMBERS[1:]})
    return {fmt.MANIFEST: manifest, **members}


@pytest.mark.parametrize("member", list(fmt.SCHEMAS))
def test_schema_is_valid_and_accepts_the_sample(member):
    schema = fmt.load_schema(member)
    Draft202012Validator.check_schema(schema)
    doc = documents()[member]
    assert Draft202012Validator(schema).is_valid(doc)
    assert compile_schema(schema)(doc)
    fmt.validate_member(member, doc)


def _paths(value, prefix=()):  # noqa: ANN001, ANN202
    yield prefix
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value[:3]):
            yield from _paths(v, (*prefix, i))


@settings(max_examples=300, deadline=None)
@given(member=st.sampled_from(list(fmt.SCHEMAS)), data=st.data(), replacement=json_values)
def test_fast_checker_agrees_with_jsonschema(member, data, replacement):
    doc = copy.deepcopy(documents()[member])
    paths = list(_paths(doc))
    path = data.draw(st.sampled_from(paths))
    if not path:
        doc = replacement
    else:
        target = doc
        for key in path[:-1]:
            target = target[key]
        if data.draw(st.booleans()) and isinstance(target, dict):
            del target[path[-1]]
        else:
            target[path[-1]] = replacement
    schema = fmt.load_schema(member)
    assert compile_schema(schema)(doc) == Draft202012Validator(schema).is_valid(doc)


def test_unknown_keywords_refuse_to_compile():
    with pytest.raises(ValueError, match="unsupported"):
        compile_schema({"type": "object", "patternProperties": {}})
    assert not compile_schema({"type": "integer"})(True) and compile_schema({"type": "integer"})(3.0)
    assert compile_schema({"const": True})(True) and not compile_schema({"const": True})(1)
