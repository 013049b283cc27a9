"""Edits to a document's front-matter that keep everything else as it was.

The front-matter goes through ruamel.yaml's round-trip mode, which keeps
comments, key order, quoting and flow style; the body is kept byte for byte.
Files are replaced atomically: a temporary file in the same folder, then a
rename, so a failure leaves the original untouched.
"""

from __future__ import annotations

import difflib
import io
import itertools
import os
import stat
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from soclint.document import split_file
from soclint.errors import UsageError
from soclint.schemas import to_json
from soclint.yamltree import parse_yaml


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
    # An edit that writes one value twice (a date) must not turn it into an anchor and alias.
    yaml.representer.ignore_aliases = lambda data: True
    return yaml, yaml.load(text)


def _dump(yaml: Any, data: Any) -> str:
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def _boundary(blocks: Sequence[tuple[str, int, int, int, int]], k: int, late: bool) -> int | None:
    """The line boundary in the original text matching boundary `k` of ruamel's rendering.

    None when `k` falls inside lines that ruamel rendered differently, where
    no line of the original corresponds. Where original-only lines sit at the
    boundary, `late` picks the position after them, else before.
    """
    found = []
    for tag, start, end, original_start, original_end in blocks:
        if not start <= k <= end:
            continue
        if tag == "equal":
            found.append(original_start + k - start)
        elif start < k < end:
            return None
        else:
            found += [original_start] if k == start else []
            found += [original_end] if k == end else []
    if not found:
        return None
    return max(found) if late else min(found)


def merge_edit(original: str, before: str, after: str) -> str | None:
    """`original` with the line changes from `before` to `after` applied, or None.

    `before` and `after` are ruamel's renderings of the front-matter without
    and with the edit. ruamel normalises some formatting (spacing in flow
    lists, null spellings, block scalar indentation), so rather than write
    its rendering, this keeps every original line the edit does not touch.
    None when a change falls on lines ruamel rendered differently.
    """
    old, rendered, edited = (t.splitlines(keepends=True) for t in (original, before, after))
    blocks = difflib.SequenceMatcher(None, rendered, old, autojunk=False).get_opcodes()
    changes = difflib.SequenceMatcher(None, rendered, edited, autojunk=False).get_opcodes()
    patches: list[tuple[int, int, list[str]]] = []
    for tag, start, end, edited_start, edited_end in changes:
        if tag == "equal":
            continue
        first = _boundary(blocks, start, late=start != end)
        last = first if start == end else _boundary(blocks, end, late=False)
        if first is None or last is None or last < first:
            return None
        if patches and first < patches[-1][1]:
            return None
        patches.append((first, last, edited[edited_start:edited_end]))
    for first, last, lines in reversed(patches):
        old[first:last] = lines
    return "".join(old)


def _kept_lines(source: str, before: str, after: str) -> str:
    """The edited front-matter: `source` with only the edited lines replaced where possible."""
    wanted = parse_yaml(after)
    if wanted.problems:
        raise ValueError(f"the edit would make the YAML unreadable ({wanted.problems[0].message})")
    merged = merge_edit(source, before, after)
    if merged is not None:
        # Trust the merge only if it reads back as exactly what ruamel wrote.
        check = parse_yaml(merged)
        if not check.problems and to_json(check.value) == to_json(wanted.value):
            return merged
    return after


def edited_text(text: str, change: Callable[[Any], None]) -> str:
    """The file `text` with `change` applied to its round-trip front-matter.

    Lines the change does not touch stay byte for byte, and so does the
    body. ValueError when the front-matter cannot be edited.
    """
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    opening, front_matter, rest = split_file(text.removeprefix("\ufeff"))
    crlf = "\r\n" in front_matter
    source = front_matter.replace("\r\n", "\n")
    from ruamel.yaml.error import YAMLError

    try:
        yaml, data = _round_trip(source)
        if not isinstance(data, dict):
            raise ValueError("the front-matter is not a mapping of keys")
        before = _dump(yaml, data)
        change(data)
        after = _dump(yaml, data)
    except YAMLError as error:
        raise ValueError(f"the front-matter is not valid YAML ({error})") from None
    merged = source if before == after else _kept_lines(source, before, after)
    if crlf:
        merged = merged.replace("\n", "\r\n")
    return bom + opening + merged + rest


def edit_front_matter(file: Path, change: Callable[[Any], None]) -> None:
    """Apply `change` to the round-trip front-matter of `file` and write it back."""
    try:
        text = file.read_bytes().decode("utf-8")
        updated = edited_text(text, change)
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise UsageError(f"{file}: cannot edit: {error}") from None
    write_atomic(file, updated.encode("utf-8"))
