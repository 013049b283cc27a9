"""A Markdown file as adopt finds it: its bytes, the front-matter it already has, its body.

Three forms are read: no front-matter at all; YAML front-matter between two
`---` lines (a website's `title`, `slug`, `weight`); and comply's form, YAML
first and then a `---` line. Anything else that opens the file (TOML `+++`,
YAML that does not parse, a `type` of another tool) cannot be adopted safely
and is left out with the reason, at its line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

from soclint.document import DOCUMENT_TYPES, FENCE, Document, read_document, split_file
from soclint.keypaths import KeyPath
from soclint.yamltree import Position, parse_yaml

# A line that is the fence, whatever CRs end it.
_FENCE_LINE = re.compile(r"^---\r*$", re.MULTILINE)
# What the first line of YAML front-matter looks like: `key: value` or `key:`.
_KEY_LINE = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*:(?:\s|$)")
# comply's documents always carry a name.
_COMPLY_KEY = "name"
# Problems that leave nothing to adopt.
_UNREADABLE = ("not-utf8", "file-too-large", "unreadable")


class Form(Enum):
    PLAIN = "no front-matter"
    FRONT_MATTER = "YAML front-matter"
    COMPLY = "comply's front-matter"


@dataclass(frozen=True)
class Source:
    """A file adopt can give soclint's front-matter.

    `text` is the file decoded (without a byte order mark, `bom` says whether
    it had one); `keys` the front-matter it has (empty when none), with the
    source text of values that are no strings in `raw` and their places in
    `positions`; `body` what soclint will read as the body; `newline` the
    file's line ending.
    """

    path: str
    file: Path
    original: bytes
    text: str
    bom: bool
    form: Form
    body: str
    newline: str
    keys: dict[str, Any] = field(default_factory=dict)
    raw: dict[KeyPath, str] = field(default_factory=dict)
    positions: dict[KeyPath, Position] = field(default_factory=dict)


@dataclass(frozen=True)
class Refused:
    """A file adopt leaves out: why, and the line that shows it (None: the whole file)."""

    path: str
    reason: str
    line: int | None = None


@dataclass(frozen=True)
class AlreadyAdopted:
    """A file that already is a soclint document, with its id."""

    path: str
    doc_id: str | None


def read_source(file: Path, path: str) -> Source | Refused | AlreadyAdopted:
    """What `file` (shown as `path`) holds, as adopt reads it."""
    checked = read_document(file, path)
    blocking = [p for p in checked.problems if p.kind in _UNREADABLE]
    if blocking:
        return Refused(path, blocking[0].message, blocking[0].line)
    try:
        original = file.read_bytes()
        decoded = original.decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return Refused(path, f"cannot read it: {error}")
    bom = decoded.startswith("\ufeff")
    text = decoded.removeprefix("\ufeff")
    first_line = text.split("\n", 1)[0]
    newline = "\r\n" if first_line.endswith("\r") else "\n"
    start = Source(path, file, original, text, bom, Form.PLAIN, text, newline)
    if first_line.rstrip("\r") == "+++":
        return Refused(path, "TOML front-matter (+++): soclint reads YAML; convert it", 1)
    if first_line.rstrip("\r") == FENCE:
        return _with_front_matter(start, checked)
    return _comply_or_plain(start)


def _with_front_matter(source: Source, checked: Document) -> Source | Refused | AlreadyAdopted:
    data = checked.data
    problems = [p for p in checked.problems if p.kind != "invalid-date"]
    if problems:
        first = problems[0]
        return Refused(source.path, f"its front-matter cannot be read: {first.message}", first.line)
    if not isinstance(data, dict) or not data:
        return Refused(source.path, "its front-matter holds no keys", 1)
    kind = data.get("type")
    if kind in DOCUMENT_TYPES:
        return AlreadyAdopted(source.path, checked.id)
    if "type" in data:
        line = checked.locate(("type",))[0]
        return Refused(
            source.path,
            f"its front-matter sets type: {kind!r} for another tool, and soclint needs `type` "
            "for its own; rename that key",
            line,
        )
    _opening, _front_matter, rest = split_file(source.text)
    body = rest.split("\n", 1)[1] if "\n" in rest else ""
    return Source(
        source.path, source.file, source.original, source.text, source.bom,
        Form.FRONT_MATTER, body, source.newline, dict(data), checked.raw, checked.positions,
    )  # fmt: skip


def _comply_or_plain(source: Source) -> Source | Refused:
    """comply's form when the text opens with YAML keys, naming the document, up to a `---`
    line; else a file with no front-matter."""
    text = source.text
    fence = _FENCE_LINE.search(text)
    if fence is None or not _KEY_LINE.match(text):
        return source
    head = text[: fence.start()]
    tree = parse_yaml(head.replace("\r\n", "\n"))
    if tree.problems:
        first = tree.problems[0]
        return Refused(
            source.path,
            f"its front-matter (YAML, then a `---` line, as comply writes it) cannot be read: "
            f"{first.message}",
            first.line,
        )
    if not isinstance(tree.value, dict) or _COMPLY_KEY not in tree.value:
        return source
    if "type" in tree.value:
        return Refused(
            source.path,
            f"its front-matter sets type: {tree.value['type']!r} for another tool, and soclint "
            "needs `type` for its own; rename that key",
            tree.positions.get(("type",), (1, 1))[0],
        )
    rest = text[fence.end() :]
    body = rest[1:] if rest.startswith("\n") else rest
    return Source(
        source.path, source.file, source.original, source.text, source.bom,
        Form.COMPLY, body, source.newline, tree.value, tree.raw, tree.positions,
    )  # fmt: skip
