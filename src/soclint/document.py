"""One file of the policy repository: its front-matter, its body and what could not be read."""

from __future__ import annotations

import re
import stat
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from soclint.keypaths import KeyPath
from soclint.one_item_lists import read_as_lists
from soclint.yamltree import Position, YamlProblem, locate, parse_yaml

MAX_FILE_BYTES = 1024 * 1024
# A register keeps its rows in the front-matter, where 10,000 rows of a few hundred bytes
# are real; its prose body is still held to MAX_FILE_BYTES.
MAX_REGISTER_BYTES = 8 * 1024 * 1024
REGISTER_TYPES = (
    "risk-register",
    "vendor-register",
    "asset-inventory",
    "evidence-register",
    "activity-log",
    "exception-register",
    "acknowledgement-register",
)
# How much of a larger file is read to see whether it declares a register type.
_HEAD_BYTES = 64 * 1024
FENCE = "---"
# A line that is the fence, whatever CRs end it.
_FENCE_LINE = re.compile(r"^---\r*$", re.MULTILINE)
# YAML's document end marker, which some tools accept as the closing fence.
_DOCUMENT_END = re.compile(r"^\.\.\.[ \t]*\r*$", re.MULTILINE)
# A line that opens with a YAML key, as the first line of comply's documents does.
_KEY_LINE = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*:(?:[ \t]|\r*$)")
_NO_FRONT_MATTER = "no front-matter: the file must start with a line '---', the YAML, and '---'"
DOCUMENT_TYPES = (
    "policy",
    "procedure",
    "standard",
    "control",
    "system-description",
    "roster",
    *REGISTER_TYPES,
)
# Document type -> the front-matter keys the repository declares as its own for that type
# (`own_keys` in soclint.yaml): allowed, never judged, and outside the approval digest.
OwnKeys = Mapping[str, frozenset[str]]
NO_OWN_KEYS: OwnKeys = {}


@dataclass(eq=False)
class Document:
    """A Markdown file with YAML front-matter.

    `data` is the front-matter as plain values (None when it could not be
    read); `positions` maps each key path to its (line, column) in the file.
    The body starts at line `body_line`. `line_count` is the number of lines
    of the text, as editors count them (None when the file could not be read
    as text).
    """

    path: str
    file: Path
    data: dict[str, Any] | None = None
    positions: dict[KeyPath, Position] = field(default_factory=dict)
    raw: dict[KeyPath, str] = field(default_factory=dict)
    problems: list[YamlProblem] = field(default_factory=list)
    body: str = ""
    body_line: int = 1
    front_matter: str = ""
    line_count: int | None = None
    # The keys the repository declares as its own for this document's type.
    own_keys: frozenset[str] = frozenset()

    @property
    def type(self) -> str | None:
        value = self.data.get("type") if self.data else None
        return value if isinstance(value, str) else None

    @property
    def id(self) -> str | None:
        value = self.data.get("id") if self.data else None
        return value if isinstance(value, str) else None

    def locate(self, key_path: KeyPath) -> Position:
        """The (line, column) of `key_path`, or of its nearest ancestor that has one."""
        return locate(self.positions, key_path)

    def get(self, *path: str | int) -> Any:
        """The value at `path`, or None when any step is missing or of the wrong shape."""
        value: Any = self.data
        for step in path:
            if isinstance(step, int):
                if not isinstance(value, list) or step >= len(value):
                    return None
            elif not isinstance(value, dict):
                return None
            value = value[step] if isinstance(step, int) else value.get(step)
        return value

    def text(self, *path: str | int) -> str | None:
        value = self.get(*path)
        return value if isinstance(value, str) else None

    def values_at(self, *pattern: str | int) -> Iterator[tuple[KeyPath, Any]]:
        """Each (key path, value) matching `pattern`, where `"*"` stands for every list item."""
        level: list[tuple[KeyPath, Any]] = [((), self.data)]
        for step in pattern:
            following: list[tuple[KeyPath, Any]] = []
            for path, value in level:
                if step == "*":
                    if isinstance(value, list):
                        following += [((*path, i), item) for i, item in enumerate(value)]
                elif isinstance(value, dict) and step in value:
                    following.append(((*path, step), value[step]))
            level = following
        return iter(level)

    def rows(self, key: str) -> Iterator[tuple[int, dict[str, Any]]]:
        """The mapping items of the list `key`, with their index; other items are skipped."""
        items = self.get(key)
        if isinstance(items, list):
            for index, item in enumerate(items):
                if isinstance(item, dict):
                    yield index, item


def _problem(kind: str, message: str, line: int = 1, column: int = 1) -> YamlProblem:
    return YamlProblem(kind, line, column, message)


def read_document(file: Path, path: str, own_keys: OwnKeys = NO_OWN_KEYS) -> Document:
    """Read `file` (shown as `path`) into a Document; problems are recorded, never raised.

    `own_keys` are the keys the repository declares as its own, by document type.
    """
    doc = Document(path=path, file=file)
    try:
        status = file.stat()
        if not stat.S_ISREG(status.st_mode):
            doc.problems.append(_problem("unreadable", "not a regular file"))
            return doc
        size = status.st_size
        large = size > MAX_FILE_BYTES
        if large and (size > MAX_REGISTER_BYTES or not _declares_register(file)):
            return _too_large(doc, size)
        content = file.read_bytes()
    except OSError as error:
        doc.problems.append(_problem("unreadable", f"cannot read the file: {error.strerror}"))
        return doc
    text = _decode(content, doc)
    if text is not None:
        split_front_matter(text, doc, own_keys)
    if large and not _register_within_limits(doc):
        return _too_large(Document(path=path, file=file), size)
    return doc


def _too_large(doc: Document, size: int) -> Document:
    doc.problems.append(
        _problem(
            "file-too-large",
            f"the file is {size / 1024 / 1024:.1f} MiB; soclint reads files up to 1 MiB, "
            f"registers up to {MAX_REGISTER_BYTES // 1024 // 1024} MiB with a body up to 1 MiB",
        )
    )
    return doc


def _declares_register(file: Path) -> bool:
    """Whether the front-matter of `file` opens with a top-level `type:` of a register,
    judged from the file's first bytes."""
    with file.open("rb") as stream:
        head = stream.read(_HEAD_BYTES).decode("utf-8", "replace")
    try:
        _opening, front_matter, _rest = split_file(head)
    except ValueError:
        front_matter = head.partition("\n")[2]
    for line in front_matter.splitlines():
        key, colon, value = line.partition(":")
        if colon and key == "type":
            return value.split("#")[0].strip().strip("'\"") in REGISTER_TYPES
    return False


def _register_within_limits(doc: Document) -> bool:
    """A file over MAX_FILE_BYTES is read only as a register, with a body of prose size."""
    return (
        doc.type in REGISTER_TYPES
        and len(doc.body.encode("utf-8", "surrogateescape")) <= MAX_FILE_BYTES
    )


def _decode(content: bytes, doc: Document) -> str | None:
    if content.startswith(b"\xef\xbb\xbf"):
        content = content[3:]
    nul = content.find(b"\0")
    if nul >= 0:
        line = content.count(b"\n", 0, nul) + 1
        doc.problems.append(_problem("not-utf8", "binary content (a NUL byte)", line))
        return None
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError as error:
        line = content.count(b"\n", 0, error.start) + 1
        column = error.start - (content.rfind(b"\n", 0, error.start) + 1) + 1
        doc.problems.append(
            _problem(
                "not-utf8",
                f"not UTF-8 text: byte 0x{content[error.start]:02x} cannot be decoded",
                line,
                column,
            )
        )
        return None


def document_from_text(
    text: str, path: str, own_keys: OwnKeys = NO_OWN_KEYS, *, positions: bool = True
) -> Document:
    """A Document read from `text` (a file's content at some revision), shown as `path`;
    `own_keys` are the keys the repository declares as its own, by document type.

    Without `positions`, only the values are read: no position of a key or item, no raw
    text, and a duplicate key's problem does not name the line of the first.
    """
    doc = Document(path=path, file=Path(path))
    split_front_matter(text.removeprefix("\ufeff"), doc, own_keys, positions=positions)
    return doc


def split_file(text: str) -> tuple[str, str, str]:
    """(opening fence line, front-matter, the rest from the closing fence on) of `text`.

    ValueError when the text does not open with a `---` line, or never closes it.
    """
    first_end = text.find("\n") + 1
    if first_end == 0 or text[:first_end].rstrip("\r\n") != FENCE:
        raise ValueError("no front-matter")
    closing = _FENCE_LINE.search(text, first_end)
    if closing is None:
        raise ValueError("the front-matter opened at line 1 is never closed")
    position = closing.start()
    return text[:first_end], text[first_end:position], text[position:]


def split_front_matter(
    text: str, doc: Document, own_keys: OwnKeys = NO_OWN_KEYS, *, positions: bool = True
) -> None:
    """Fill `doc` from the file text: front-matter between two `---` lines, then the body.

    `own_keys` are the keys the repository declares as its own, by document type;
    `positions` whether the position of every key and item is recorded.
    """
    doc.line_count = text.count("\n") + (0 if text.endswith("\n") or not text else 1)
    try:
        _opening, front_matter, rest = split_file(text)
    except ValueError as error:
        opened = str(error) != "no front-matter"
        misplaced = _closed_by_end_marker(text) if opened else _misplaced_opening(text)
        if misplaced is not None:
            _report_misplaced(doc, *misplaced)
        elif opened:  # all after the opening line was meant as front-matter
            _report_misplaced(doc, str(error), 1, text.partition("\n")[2], "")
        else:
            _report_misplaced(doc, _NO_FRONT_MATTER, 1, "", text)
        return
    end = _DOCUMENT_END.search(front_matter)
    if end is not None and front_matter[end.end() :].strip():
        _report_misplaced(doc, *_end_marker_at(text, end.start() + len(_opening)))
        return
    doc.front_matter = front_matter
    doc.body = rest.split("\n", 1)[1] if "\n" in rest else ""
    doc.body_line = front_matter.count("\n") + 3
    tree = parse_yaml(doc.front_matter, first_line=2, positions=positions)
    doc.positions = tree.positions
    doc.positions[()] = (1, 1)
    doc.raw = tree.raw
    doc.problems.extend(tree.problems)
    if tree.value is None and not tree.problems:
        doc.problems.append(_problem("front-matter-missing", "the front-matter is empty"))
    elif tree.value is not None and not isinstance(tree.value, dict):
        doc.problems.append(
            _problem(
                "yaml-syntax",
                "the front-matter must be a mapping of keys (type: ..., id: ...), "
                f"not a {_shape(tree.value)}",
                2,
            )
        )
    elif isinstance(tree.value, dict):
        doc.data = tree.value
        doc.own_keys = own_keys.get(doc.type or "", frozenset())
        if doc.type in DOCUMENT_TYPES:
            read_as_lists(doc.data, doc.type)


# (message, line, the YAML the author meant as front-matter, the rest of the text)
_Misplaced = tuple[str, int, str, str]


def _report_misplaced(doc: Document, message: str, line: int, yaml: str, body: str) -> None:
    """Front-matter delimited as soclint does not read it: reported, and kept as the text
    the author meant, so that `unparsed` can tell what the file means to be."""
    doc.problems.append(_problem("front-matter-missing", message, line))
    doc.front_matter, doc.body = yaml, body


def _closed_by_end_marker(text: str) -> _Misplaced | None:
    """A front-matter opened on line 1, never closed with `---`, but with YAML's `...`."""
    found = _DOCUMENT_END.search(text, text.find("\n") + 1)
    return None if found is None else _end_marker_at(text, found.start())


def _end_marker_at(text: str, start: int) -> _Misplaced:
    """A front-matter opened on line 1 and closed with the `...` line at offset `start`."""
    line = text.count("\n", 0, start) + 1
    message = (
        f"the front-matter is closed at line {line} with '...', YAML's end-of-document "
        "marker; soclint, like Jekyll and Hugo, reads front-matter up to a line '---': "
        "write '---' there"
    )
    yaml_start = text.find("\n") + 1
    return message, line, text[yaml_start:start], text[start:].partition("\n")[2]


def _misplaced_opening(text: str) -> _Misplaced | None:
    """Front-matter that does not open on line 1: after blank lines, or with no opening
    fence at all (comply's format: the YAML, then a line `---`)."""
    fence = _FENCE_LINE.search(text)
    if fence is None:
        return None
    line = text.count("\n", 0, fence.start()) + 1
    before = text[: fence.start()]
    after = text[fence.end() :].partition("\n")[2]
    if not before.strip():
        blank = "a blank line" if line == 2 else f"{line - 1} blank lines"
        message = (
            f"no front-matter: the line '---' that opens it must be the first line of the "
            f"file; remove {blank} before line {line}"
        )
        closing = _FENCE_LINE.search(after)
        yaml = after[: closing.start()] if closing else after
        return message, line, yaml, after[closing.end() :].partition("\n")[2] if closing else ""
    if _KEY_LINE.match(before.lstrip()):
        message = (
            f"no front-matter: this looks like comply's format, YAML and then a line '---' "
            f"(line {line}); soclint reads the YAML between two lines '---': add a line '---' "
            "before line 1 (soclint adopt converts comply documents)"
        )
        return message, 1, before, after
    return None


def _shape(value: Any) -> str:
    return "list" if isinstance(value, list) else "single value"
