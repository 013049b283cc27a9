"""A compiled JSON Schema validator that accepts valid documents fast.

Most documents are valid, and jsonschema spends most of a check proving it.
jsonschema-rs, compiled, says whether a document is valid many times faster;
only a document it does not accept goes to jsonschema (validation.py), which
gives the verdict and its precise messages. So this path may be stricter than
jsonschema, never more lenient: a document it accepts must be one jsonschema
accepts. To keep that true it is used only for soclint's own schemas, whose
patterns are plain ASCII classes, with the formats they use checked here
exactly as jsonschema checks them; anything it cannot convert or compile, it
leaves to jsonschema. tests/test_fast_validation.py holds it to the same
verdict on every document of the tests, the example and real programs.

A rule pack's declarative rule needs more: its `match` decides whether the rule
applies at all, so a verdict too strict there would hide findings. For a schema
made only of keywords both implementations evaluate alike (`deciding_validator`:
no pattern, format or reference), jsonschema-rs's verdict is taken both ways,
except on an instance it cannot convert or that holds a float JSON has no form
for (NaN, infinity), which jsonschema decides.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from datetime import date
from typing import Any


def _is_date(value: str) -> bool:
    """jsonschema's `date` format: YYYY-MM-DD in ASCII digits, a real day."""
    if not _DATE.fullmatch(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _is_email(value: str) -> bool:
    """jsonschema's `email` format: an @ somewhere."""
    return "@" in value


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)
FORMATS = {"date": _is_date, "email": _is_email}


def accepting_validator(schema: dict[str, Any]) -> Any:
    """`schema` compiled by jsonschema-rs, or None when this path must leave it to
    jsonschema (a format not in FORMATS, jsonschema-rs missing or refusing it)."""
    if not _formats_known(schema):
        return None
    return _compiled(schema)


def _compiled(schema: dict[str, Any]) -> Any:
    try:
        import jsonschema_rs
    except ImportError:
        return None
    try:
        return jsonschema_rs.Draft202012Validator(
            schema, formats=FORMATS, validate_formats=True, ignore_unknown_formats=False
        )
    except Exception:  # a schema it cannot compile: jsonschema decides
        return None


def accepts(validator: Any, instance: Any) -> bool:
    """True when `instance` is certainly valid for the compiled `validator`; False when it
    is not, or when this path cannot tell (then jsonschema decides)."""
    try:
        return bool(validator.is_valid(instance))
    except Exception:  # a value it cannot convert: jsonschema decides
        return False


def _formats_known(node: Any) -> bool:
    """Whether every `format` in schema `node` is one of FORMATS."""
    if isinstance(node, list):
        return all(_formats_known(item) for item in node)
    if not isinstance(node, dict):
        return True
    fmt = node.get("format")
    if fmt is not None and fmt not in FORMATS:
        return False
    return all(_formats_known(value) for value in node.values())


def deciding_validator(schema: Any) -> Any:
    """`schema` compiled by jsonschema-rs when its verdict is jsonschema's both ways (see
    `decides`), or None: a keyword outside those both evaluate alike, or no jsonschema-rs."""
    if not isinstance(schema, dict) or not _evaluated_alike(schema):
        return None
    return _compiled(schema)


def decides(validator: Any, instance: Any) -> bool | None:
    """Whether `instance` is valid for a `deciding_validator`; None when only jsonschema
    can tell (a value jsonschema-rs cannot convert, NaN or infinity)."""
    if not _finite(instance):
        return None
    try:
        return bool(validator.is_valid(instance))
    except Exception:  # a value it cannot convert
        return None


def _finite(value: Any) -> bool:
    """Whether JSON can hold `value` as it is: no NaN or infinity (nor a value of a type JSON
    has not), written out by the C encoder, which is faster than a walk in Python."""
    try:
        json.dumps(value, allow_nan=False)
    except (TypeError, ValueError, RecursionError):
        return False
    return True


def _is_count(value: Any) -> bool:
    return type(value) is int and value >= 0


def _is_bound(value: Any) -> bool:
    return type(value) is int or (type(value) is float and math.isfinite(value))


def _is_names(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(name, str) for name in value)


def _is_types(value: Any) -> bool:
    names = value if isinstance(value, list) else [value]
    return bool(names) and all(name in _JSON_TYPES for name in names)


_JSON_TYPES = frozenset({"array", "boolean", "integer", "null", "number", "object", "string"})

# Keywords whose value is a schema, a list of schemas, or a mapping to schemas.
_SUBSCHEMA = frozenset(
    {"not", "if", "then", "else", "items", "contains", "additionalProperties", "propertyNames"}
)
_SUBSCHEMA_LISTS = frozenset({"allOf", "anyOf", "oneOf", "prefixItems"})
_SUBSCHEMA_MAPS = frozenset({"properties", "dependentSchemas"})
_COUNTS = ("minItems", "maxItems", "minProperties", "maxProperties", "minLength", "maxLength",
           "minContains", "maxContains")  # fmt: skip
_BOUNDS = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")
_ANNOTATIONS = ("title", "description", "$comment", "examples", "default", "deprecated",
                "readOnly", "writeOnly")  # fmt: skip


def _anything(value: Any) -> bool:
    return True


def _is_required_by(value: Any) -> bool:
    return isinstance(value, dict) and all(_is_names(names) for names in value.values())


def _is_choices(value: Any) -> bool:
    return isinstance(value, list) and _finite(value)


# Keywords with a plain value, and what that value must be for both to read it alike.
_VALUE_CHECKS: dict[str, Callable[[Any], bool]] = {
    "type": _is_types,
    "enum": _is_choices,
    "const": _finite,
    "required": _is_names,
    "dependentRequired": _is_required_by,
    "uniqueItems": lambda value: isinstance(value, bool),
    **dict.fromkeys(_COUNTS, _is_count),
    **dict.fromkeys(_BOUNDS, _is_bound),
    **dict.fromkeys(_ANNOTATIONS, _anything),
}


def _evaluated_alike(schema: Any) -> bool:
    """Whether schema `schema` uses only keywords jsonschema and jsonschema-rs evaluate
    alike: no `pattern` (RE2 against Rust's regex), `format`, `$ref`, `multipleOf`
    (floating point), `unevaluated*` or keyword of another draft."""
    if isinstance(schema, bool):
        return True
    if not isinstance(schema, dict):
        return False
    for keyword, value in schema.items():
        if keyword in _SUBSCHEMA:
            if not _evaluated_alike(value):
                return False
        elif keyword in _SUBSCHEMA_LISTS:
            if not isinstance(value, list) or not all(_evaluated_alike(item) for item in value):
                return False
        elif keyword in _SUBSCHEMA_MAPS:
            if not isinstance(value, dict) or not all(
                _evaluated_alike(item) for item in value.values()
            ):
                return False
        elif keyword == "$schema":
            if value != "https://json-schema.org/draft/2020-12/schema":
                return False
        elif keyword not in _VALUE_CHECKS or not _VALUE_CHECKS[keyword](value):
            return False
    return True
