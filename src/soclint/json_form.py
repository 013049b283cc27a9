"""Front-matter values in JSON form: what JSON Schema validates and what digests hash."""

from __future__ import annotations

import json
from datetime import date
from typing import Any


def to_json(value: Any) -> Any:
    """A JSON-shaped copy of front-matter values: dates as ISO strings, keys as strings."""
    if isinstance(value, dict):
        return {str(k): to_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [to_json(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def canonical_json(value: Any) -> str:
    """`value` as canonical JSON: sorted keys, no spaces, dates as ISO strings."""
    return json.dumps(
        to_json(value), sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
    )
