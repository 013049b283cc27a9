"""Edits to a document's front-matter that keep everything else as it was.

The front-matter goes through ruamel.yaml's round-trip mode, which keeps
comments, key order, quoting and flow style; the body is kept byte for byte.
Files are replaced atomically: a temporary file in the same folder, then a
rename, so a failure leaves the original untouched.
"""

from __future__ import annotations

import io
import itertools
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from soclint.errors import UsageError


def write_atomic(file: Path, content: bytes) -> None:
    """Replace `file` with `content` in one step, keeping its permissions."""
    mode = stat.S_IMODE(file.stat().st_mode) if file.exists() else 0o644
    handle, temporary = tempfile.mkstemp(dir=file.parent, prefix=f".{file.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, file)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def guess_indentation(text: str) -> tuple[int, int]:
    """(mapping indent, offset of `-` under its key) of block YAML, by the first of each seen."""
    mapping = offset = None
    lines = [
        line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")
    ]
    for parent, child in itertools.pairwise(lines):
        parent_indent = len(parent) - len(parent.lstrip(" "))
        child_indent = len(child) - len(child.lstrip(" "))
        if not parent.rstrip().endswith(":") or child_indent < parent_indent:
            continue
        if child.lstrip().startswith("- "):
            offset = child_indent - parent_indent if offset is None else offset
        elif child_indent > parent_indent and mapping is None:
            mapping = child_indent - parent_indent
    return mapping or 2, 2 if offset is None else offset


def _round_trip(text: str) -> tuple[Any, Any]:
    """A round-trip YAML instance configured like `text`, and `text` loaded with it."""
    from ruamel.yaml import YAML

    mapping, offset = guess_indentation(text)
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=mapping, sequence=offset + 2, offset=offset)
    return yaml, yaml.load(text)


def split_file(text: str) -> tuple[str, str, str]:
    """(opening fence line, front-matter, the rest from the closing fence on) of `text`."""
    first_end = text.find("\n") + 1
    if first_end == 0 or text[:first_end].rstrip("\r\n") != "---":
        raise ValueError("no front-matter")
    position = first_end
    while position < len(text):
        line_end = text.find("\n", position)
        line_end = len(text) if line_end < 0 else line_end + 1
        if text[position:line_end].rstrip("\r\n") == "---":
            return text[:first_end], text[first_end:position], text[position:]
        position = line_end
    raise ValueError("the front-matter is never closed")


def edit_front_matter(file: Path, change: Callable[[Any], None]) -> None:
    """Apply `change` to the round-trip front-matter of `file` and write it back."""
    try:
        text = file.read_bytes().decode("utf-8")
        opening, front_matter, rest = split_file(text)
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise UsageError(f"{file}: cannot edit: {error}") from None
    crlf = "\r\n" in front_matter
    yaml, data = _round_trip(front_matter.replace("\r\n", "\n"))
    change(data)
    out = io.StringIO()
    yaml.dump(data, out)
    dumped = out.getvalue()
    if crlf:
        dumped = dumped.replace("\n", "\r\n")
    write_atomic(file, (opening + dumped + rest).encode("utf-8"))
