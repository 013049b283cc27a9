"""Settings files (soclint.yaml, rule packs, catalogs): read, parse and validate, or fail in
one line."""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from soclint.document import MAX_FILE_BYTES
from soclint.errors import UsageError
from soclint.json_form import to_json
from soclint.validation import violations
from soclint.yamltree import YamlTree, locate, parse_yaml


def read_settings(
    file: Path,
    schema: str,
    shown_as: str,
    trusted: bool = False,
    properties: Mapping[str, Any] | None = None,
) -> tuple[dict[str, Any], YamlTree]:
    """The mapping in `file`, valid against schema `schema` with `properties` added to its
    own (rule options); UsageError names file and line.

    `trusted` skips validation, for data that ships with soclint and is tested.
    """
    try:
        text = _read_bytes(file, shown_as).decode("utf-8")
    except UnicodeDecodeError:
        raise UsageError(f"{shown_as}: not UTF-8 text") from None
    except OSError as error:
        raise UsageError(f"{shown_as}: cannot read: {error.strerror}") from None
    # Line endings as text mode reads them.
    tree = parse_yaml(text.replace("\r\n", "\n").replace("\r", "\n"), first_line=1)
    if tree.problems:
        first = tree.problems[0]
        raise UsageError(f"{shown_as}:{first.line}:{first.column}: {first.message}")
    value = {} if tree.value is None else tree.value
    if not isinstance(value, dict):
        raise UsageError(f"{shown_as}:1:1: must be a mapping of keys")
    for found in [] if trusted else violations(schema, to_json(value), properties):
        line, column = locate(tree.positions, found.key_path)
        raise UsageError(f"{shown_as}:{line}:{column}: {found.message}")
    return value, tree


def _read_bytes(file: Path, shown_as: str) -> bytes:
    """The content of `file`: a regular file of at most 1 MiB (a device or a FIFO is refused
    before it is read from, so it can neither block nor fill memory)."""
    descriptor = os.open(file, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(descriptor, "rb") as handle:
        status = os.fstat(handle.fileno())
        if not stat.S_ISREG(status.st_mode):
            raise UsageError(f"{shown_as}: not a regular file")
        content = handle.read(MAX_FILE_BYTES + 1)
    if len(content) > MAX_FILE_BYTES:
        raise UsageError(f"{shown_as}: larger than 1 MiB")
    return content
