"""Settings files (soclint.yaml, rule packs): read, parse and validate, or fail in one line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from soclint.document import MAX_FILE_BYTES
from soclint.errors import UsageError
from soclint.schemas import to_json, violations
from soclint.yamltree import YamlTree, locate, parse_yaml


def read_settings(
    file: Path, schema: str, shown_as: str, trusted: bool = False
) -> tuple[dict[str, Any], YamlTree]:
    """The mapping in `file`, valid against schema `schema`; UsageError names file and line.

    `trusted` skips validation, for data that ships with soclint and is tested.
    """
    try:
        if file.stat().st_size > MAX_FILE_BYTES:
            raise UsageError(f"{shown_as}: larger than 1 MiB")
        text = file.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise UsageError(f"{shown_as}: not UTF-8 text") from None
    except OSError as error:
        raise UsageError(f"{shown_as}: cannot read: {error.strerror}") from None
    tree = parse_yaml(text, first_line=1)
    if tree.problems:
        first = tree.problems[0]
        raise UsageError(f"{shown_as}:{first.line}:{first.column}: {first.message}")
    value = {} if tree.value is None else tree.value
    if not isinstance(value, dict):
        raise UsageError(f"{shown_as}:1:1: must be a mapping of keys")
    for found in [] if trusted else violations(schema, to_json(value)):
        line, column = locate(tree.positions, found.key_path)
        raise UsageError(f"{shown_as}:{line}:{column}: {found.message}")
    return value, tree
