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
"""

from __future__ import annotations

import re
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
