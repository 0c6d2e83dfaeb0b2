"""A fast checker compiled from the package's JSON Schemas (the subset they use); jsonschema explains failures.

jsonschema needs ~1 s for 20,000 meetings; these closures take a few milliseconds. The shipped schemas stay the
contract: an unknown keyword refuses to compile, and tests compare both validators on mutated members.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

Check = Callable[[Any], bool]
_IGNORED = {"$schema", "$id", "title", "description", "$comment"}


def _is_type(value: Any, name: str) -> bool:
    if name == "null":
        return value is None
    if name == "boolean":
        return isinstance(value, bool)
    if name == "string":
        return isinstance(value, str)
    if name == "object":
        return isinstance(value, dict)
    if name == "array":
        return isinstance(value, list)
    if isinstance(value, bool):
        return False
    if name == "integer":
        return isinstance(value, int) or (isinstance(value, float) and value.is_integer())
    if name == "number":
        return isinstance(value, (int, float))
    raise ValueError(f"unknown type {name}")


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    return a == b


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def compile_schema(schema: dict[str, Any]) -> Check:
    """A predicate equivalent to the schema (for the keywords below); ValueError for anything else."""
    unknown = set(schema) - _IGNORED - {"type", "properties", "required", "additionalProperties", "items", "enum",
                                        "const", "pattern", "minimum", "maximum", "minLength", "maxLength",
                                        "uniqueItems", "oneOf"}
    if unknown:
        raise ValueError(f"unsupported schema keywords: {sorted(unknown)}")
    checks: list[Check] = []
    if "type" in schema:
        names = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        checks.append(_type_check(names))
    if "const" in schema:
        checks.append(lambda v, c=schema["const"]: _same(v, c))
    if "enum" in schema:
        checks.append(lambda v, options=schema["enum"]: any(_same(v, o) for o in options))
    if "pattern" in schema:
        rx = re.compile(schema["pattern"])
        checks.append(lambda v, rx=rx: not isinstance(v, str) or rx.search(v) is not None)
    if "minLength" in schema:
        checks.append(lambda v, n=schema["minLength"]: not isinstance(v, str) or len(v) >= n)
    if "maxLength" in schema:
        checks.append(lambda v, n=schema["maxLength"]: not isinstance(v, str) or len(v) <= n)
    if "minimum" in schema:
        checks.append(lambda v, n=schema["minimum"]: not _number(v) or v >= n)
    if "maximum" in schema:
        checks.append(lambda v, n=schema["maximum"]: not _number(v) or v <= n)
    if "required" in schema:
        checks.append(lambda v, keys=tuple(schema["required"]): not isinstance(v, dict) or all(k in v for k in keys))
    if "properties" in schema or "additionalProperties" in schema:
        props = {k: compile_schema(s) for k, s in schema.get("properties", {}).items()}
        extra = schema.get("additionalProperties", True)
        extra_check = None if extra is True else (lambda v: False) if extra is False else compile_schema(extra)

        def check_object(v: Any, props=props, extra_check=extra_check) -> bool:
            if not isinstance(v, dict):
                return True
            for key, value in v.items():
                check = props.get(key, extra_check)
                if check is not None and not check(value):
                    return False
            return True

        checks.append(check_object)
    if "items" in schema:
        item = compile_schema(schema["items"])
        checks.append(lambda v, item=item: not isinstance(v, list) or all(item(x) for x in v))
    if schema.get("uniqueItems"):
        checks.append(lambda v: not isinstance(v, list)
                      or len({json.dumps(x, sort_keys=True) for x in v}) == len(v))
    if "oneOf" in schema:
        options = [compile_schema(s) for s in schema["oneOf"]]
        checks.append(lambda v, options=options: sum(1 for o in options if o(v)) == 1)
    if not checks:
        return lambda v: True
    if len(checks) == 1:
        return checks[0]

    def check_all(v: Any, checks=tuple(checks)) -> bool:
        for c in checks:
            if not c(v):
                return False
        return True

    return check_all


_EXACT = {"null": type(None), "boolean": bool, "string": str, "object": dict, "array": list}


def _type_check(names: list[str]) -> Check:
    """A fast type test: exact Python types for JSON values, with integer-valued floats counted as integers."""
    for name in names:
        _is_type(None, name)  # rejects unknown type names at compile time
    exact = tuple(_EXACT[n] for n in names if n in _EXACT)
    if "number" in names:
        exact += (int, float)
    elif "integer" in names:
        exact += (int,)
        if len(names) == 1:
            return lambda v: type(v) is int or (type(v) is float and v.is_integer())
        return lambda v, exact=exact: type(v) in exact or (type(v) is float and v.is_integer())
    return lambda v, exact=exact: type(v) in exact
