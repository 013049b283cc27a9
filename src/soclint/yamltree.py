"""YAML text to plain Python values, keeping the line and column of every key and item.

The tree is built from parser events rather than from ruamel's composed nodes:
libyaml (through ruamel.yaml.clib) emits the events in C, and building values
straight from them skips node objects and ruamel's resolver, which dominate the
cost of a parse. The builder is iterative with a depth limit, so hostile
nesting cannot exhaust the C stack or Python's recursion limit.

Scalars are typed by the YAML 1.2 core schema. Unquoted dates become
`datetime.date`; an impossible one (2026-02-30) stays a string and is
reported, and so does an integer too long to print. Keys stay strings.
Anchors and aliases work, within a budget of the size they expand to.

Most scalars (no anchor, no tag) and the ends of most containers take a short
path through the event loop; every other event goes through the general
handler, which gives the same result for all (a test holds the two to that).
Short plain scalars that are not strings (dates, numbers) are typed once per
process.

Lines are counted as git and editors count them, at `\n` only; libyaml also
breaks lines at a lone CR, NEL, LS and PS.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any, cast

from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    StreamEndEvent,
    StreamStartEvent,
)

from soclint.collector import collector_paused
from soclint.dates import ISO_DATE, parse_iso_date
from soclint.keypaths import KeyPath

Position = tuple[int, int]

MAX_DEPTH = 64
MAX_VALUES = 500_000
# Characters of scalar text, aliases expanded: what later passes (digests,
# schema checks, messages) walk. A file holds at most 1 MiB of its own.
MAX_TEXT = 4 * 1024 * 1024
# No document needs a longer number; Python cannot even print one of 4,300.
MAX_INT_DIGITS = 1000
_INT_LIMIT = 10**MAX_INT_DIGITS

# A plain scalar that starts with none of these is a string.
_TYPED_FIRST = frozenset("0123456789+-.~nNtTfF")
# Plain scalars up to this length (dates, numbers, booleans) are typed once per process.
_CACHED_LENGTH = 32
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9]+$")
_OCT = re.compile(r"^0o[0-7]+$")
_HEX = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_INF = re.compile(r"^[-+]?\.(?:inf|Inf|INF)$")
_NAN = re.compile(r"^\.(?:nan|NaN|NAN)$")

_TAG = "tag:yaml.org,2002:"
_TAG_TYPES: dict[str, type | tuple[type, ...]] = {
    "int": int,
    "float": (int, float),
    "bool": bool,
    "null": type(None),
    "timestamp": date,
}


@dataclass(frozen=True)
class YamlProblem:
    """Something wrong with the YAML itself; `kind` names the structure rule that reports it."""

    kind: str
    line: int
    column: int
    message: str
    key_path: KeyPath = ()


@dataclass
class YamlTree:
    """A parsed YAML document: its value, where each key and item is, and what went wrong."""

    value: Any = None
    positions: dict[KeyPath, Position] = field(default_factory=dict)
    # Source text of plain scalars that were read as something other than a string.
    raw: dict[KeyPath, str] = field(default_factory=dict)
    problems: list[YamlProblem] = field(default_factory=list)


class _Stop(Exception):
    """Raised inside the builder to abandon a document that cannot be read safely."""

    def __init__(self, problem: YamlProblem) -> None:
        self.problem = problem


class _TooLong(Exception):
    """An integer with more than MAX_INT_DIGITS digits."""


class _Lines:
    """Character offsets to (line, column), counting lines at `\n` only."""

    def __init__(self, text: str, first_line: int) -> None:
        self.first_line = first_line
        self.starts = [0]
        position = text.find("\n")
        while position >= 0:
            self.starts.append(position + 1)
            position = text.find("\n", position + 1)

    def position(self, index: int) -> Position:
        line = bisect.bisect_right(self.starts, index) - 1
        return (line + self.first_line, index - self.starts[line] + 1)


@contextmanager
def _parser(text: str) -> Iterator[Callable[[], Any]]:
    """A function returning the next parser event of `text`, libyaml's when installed."""
    try:
        from _ruamel_yaml import CParser
    except ImportError:
        from ruamel.yaml import YAML

        yield iter(YAML(typ="safe", pure=True).parse(text)).__next__
        return
    parser = CParser(text)
    try:
        yield parser.get_event
    finally:
        parser.dispose()


def _plain_scalar(text: str) -> Any:
    """The value of an unquoted scalar under the YAML 1.2 core schema (dates added).

    _TooLong for an integer longer than MAX_INT_DIGITS.
    """
    if not text:
        return None
    if text[0] not in _TYPED_FIRST:
        return text
    if len(text) <= _CACHED_LENGTH:
        return _cached_typed_scalar(text)
    return _typed_scalar(text)


def _typed_scalar(text: str) -> Any:
    """`_plain_scalar` of a text that starts like a number, a date, null or a boolean."""
    if _NULL.match(text):
        return None
    if text in _BOOL:
        return _BOOL[text]
    if _INT.match(text):
        if len(text.lstrip("+-")) > MAX_INT_DIGITS:
            raise _TooLong
        return int(text)
    if _OCT.match(text):
        return _bounded(int(text[2:], 8))
    if _HEX.match(text):
        return _bounded(int(text[2:], 16))
    if _FLOAT.match(text):
        return float(text)
    if _INF.match(text):
        return -math.inf if text[0] == "-" else math.inf
    if _NAN.match(text):
        return math.nan
    if ISO_DATE.fullmatch(text):
        return parse_iso_date(text) or text
    return text


# Every value it returns is immutable, so one object can stand in every document.
_cached_typed_scalar = lru_cache(maxsize=4096)(_typed_scalar)


def _bounded(value: int) -> int:
    if value >= _INT_LIMIT:
        raise _TooLong
    return value


# How far a value expands: (values, characters of scalar text).
Size = tuple[int, int]


class _Frame:
    __slots__ = ("anchor", "container", "key", "path", "record", "start")

    def __init__(
        self, container: Any, path: KeyPath, record: bool, anchor: str | None, start: Size
    ) -> None:
        self.container = container
        self.path = path
        self.record = record
        self.anchor = anchor
        # The builder's counts when the container opened, to size it when it closes.
        self.start = start
        self.key: Any = _NO_KEY


_NO_KEY = object()
_SKIP = object()


class _Builder:
    def __init__(self, first_line: int, positions: bool) -> None:
        self.first_line = first_line
        # Whether positions and raw texts are recorded at all.
        self.record = positions
        self.tree = YamlTree()
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[Any, Size]] = {}
        self.open_anchors: set[str] = set()
        self.values = 0
        self.text = 0
        self.documents = 0
        # Set when the text holds a break libyaml counts and git does not.
        self.lines: _Lines | None = None

    def position(self, event: Any) -> Position:
        return self.mark_position(event.start_mark)

    def mark_position(self, mark: Any) -> Position:
        if self.lines is not None:
            return self.lines.position(mark.index)
        return (mark.line + self.first_line, mark.column + 1)

    def problem(self, kind: str, event: Any, message: str, path: KeyPath = ()) -> YamlProblem:
        line, column = self.position(event)
        found = YamlProblem(kind, line, column, message, path)
        self.tree.problems.append(found)
        return found

    def count(self, values: int, text: int, event: Any) -> None:
        self.values += values
        self.text += text
        if self.values > MAX_VALUES:
            raise _Stop(
                YamlProblem(
                    "yaml-syntax",
                    *self.position(event),
                    f"the YAML expands to more than {MAX_VALUES:,} values (aliases?)",
                )
            )
        if self.text > MAX_TEXT:
            raise _Stop(
                YamlProblem(
                    "yaml-syntax",
                    *self.position(event),
                    f"the YAML expands to more than {MAX_TEXT // 1024 // 1024} MiB of text "
                    "(aliases?)",
                )
            )

    def slot(self, event: Any) -> tuple[KeyPath, bool] | None:
        """Where the next value goes: its key path, and whether positions are recorded under
        it; None when it is a mapping's key. A repeated key's value goes nowhere recorded."""
        if not self.stack:
            return (), self.record
        frame = self.stack[-1]
        if type(frame.container) is list:
            path = (*frame.path, len(frame.container))
            if frame.record:
                self.tree.positions[path] = self.position(event)
            return path, frame.record
        if frame.key is _NO_KEY:
            return None
        if frame.key is _SKIP:
            return (*frame.path, "\0"), False
        return (*frame.path, frame.key), frame.record

    def place(self, value: Any) -> None:
        if not self.stack:
            self.tree.value = value
            return
        frame = self.stack[-1]
        if type(frame.container) is list:
            frame.container.append(value)
            return
        if frame.key is not _SKIP:
            frame.container[frame.key] = value
        frame.key = _NO_KEY

    def take_key(self, event: Any, frame: _Frame) -> None:
        if type(event) is ScalarEvent:
            key = event.value
            if event.anchor:
                self.anchors[event.anchor] = (key, (1, len(key)))
            self.count(1, len(key), event)
        else:
            key = self.aliased_key(event)
        position = self.position(event)
        if key in frame.container:
            first_line = self.tree.positions.get((*frame.path, key), (0, 0))[0]
            where = f" (first at line {first_line})" if first_line else ""
            self.problem(
                "duplicate-key",
                event,
                f"duplicate key '{key}'{where}; the later value is ignored",
                (*frame.path, key),
            )
            frame.key = _SKIP
            return
        frame.key = key
        if frame.record:
            key_path = (*frame.path, key)
            self.tree.positions[key_path] = position

    def aliased_key(self, event: Any) -> str:
        """The key an alias names (an anchored key or string); a list or a mapping is none."""
        anchored = self.anchors.get(event.anchor) if type(event) is AliasEvent else None
        if anchored is None or not isinstance(anchored[0], str):
            raise _Stop(
                YamlProblem(
                    "yaml-syntax",
                    *self.position(event),
                    "a mapping key must be a plain name, not a list or a mapping",
                )
            )
        self.count(*anchored[1], event)
        return anchored[0]

    def scalar(self, event: Any, path: KeyPath, record: bool) -> Any:
        """The scalar's value; its anchor is recorded and its size counted."""
        self.count(1, len(event.value), event)
        value = self.typed(event, path, record)
        if event.anchor:
            self.anchors[event.anchor] = (value, (1, len(event.value)))
        return value

    def typed(self, event: Any, path: KeyPath, record: bool) -> Any:
        tag = event.tag
        text = event.value
        try:
            if tag is None or tag == "!":
                plain = event.implicit[0] and tag is None
                value = _plain_scalar(text) if plain else text
            else:
                value = self.tagged(event, tag, text, path)
        except _TooLong:
            self.problem(
                "yaml-syntax",
                event,
                f"a number of more than {MAX_INT_DIGITS:,} digits; quote it if it is text",
                path,
            )
            return text
        if not isinstance(value, str):
            if record:
                self.tree.raw[path] = text
        elif tag is None and len(text) == 10 and event.implicit[0] and ISO_DATE.fullmatch(text):
            self.problem("invalid-date", event, f"'{text}' is not a real date", path)
        return value

    def tagged(self, event: Any, tag: str, text: str, path: KeyPath) -> Any:
        kind = tag[len(_TAG) :] if tag.startswith(_TAG) else None
        if kind == "str":
            return text
        if kind in ("int", "float", "bool", "null", "timestamp"):
            value = _plain_scalar(text)
            if isinstance(value, _TAG_TYPES[kind]) and not (
                kind == "int" and isinstance(value, bool)
            ):
                return float(cast(float, value)) if kind == "float" else value
            self.problem("yaml-syntax", event, f"'{text}' is not a valid !!{kind}", path)
            return text
        self.problem(
            "yaml-syntax", event, f"the tag {_short(tag)} is not supported; remove it", path
        )
        return text

    def build(self, text: str, shortcuts: bool = True) -> YamlTree:
        if _has_odd_break(text):
            self.lines = _Lines(text, self.first_line)
        try:
            with _parser(text) as next_event:
                if shortcuts and self.lines is None:
                    self.run_with_shortcuts(next_event)
                else:
                    self.run(next_event)
        except _Stop as stop:
            self.tree.problems.append(stop.problem)
            self.tree.value = None
        except MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            line, column = self.mark_position(mark) if mark else (self.first_line, 1)
            self.tree.problems.append(
                YamlProblem("yaml-syntax", line, column, self.describe(error))
            )
            self.tree.value = None
        except YAMLError as error:
            # A reader error (a control character, say) knows its character offset only.
            offset = getattr(error, "position", None)
            line = self.first_line
            if isinstance(offset, int) and 0 <= offset <= len(text):
                line += text.count("\n", 0, offset)
            self.tree.problems.append(YamlProblem("yaml-syntax", line, 1, self.describe(error)))
            self.tree.value = None
        return self.tree

    def run(self, next_event: Callable[[], Any]) -> None:
        """Feed every event up to the end of the stream."""
        while True:
            event = next_event()
            if type(event) is StreamEndEvent:
                return
            self.feed(event)

    def run_with_shortcuts(self, next_event: Callable[[], Any]) -> None:
        """`run`, with the events of most documents handled here rather than through
        `feed`: scalars without anchor or tag, and the ends of unanchored containers.
        The same values, positions and problems, in fewer calls."""
        stack = self.stack
        positions = self.tree.positions
        first_line = self.first_line
        while True:
            event = next_event()
            kind = type(event)
            if kind is not ScalarEvent or not stack or event.anchor is not None:
                if (kind is MappingEndEvent or kind is SequenceEndEvent) and (
                    stack[-1].anchor is None
                ):
                    self.place(stack.pop().container)
                    continue
                if kind is StreamEndEvent:
                    return
                self.feed(event)
                continue
            if event.ctag is not None:
                self.feed(event)
                continue
            frame = stack[-1]
            container = frame.container
            text = event.value
            in_list = type(container) is list
            if in_list:
                # Concatenation builds the tuple three times faster than unpacking.
                path = frame.path + (len(container),)  # noqa: RUF005
                if frame.record:
                    mark = event.start_mark
                    positions[path] = (mark.line + first_line, mark.column + 1)
            elif frame.key is _NO_KEY and text in container:
                self.take_key(event, frame)  # a duplicate key, reported there
                continue
            self.values += 1
            self.text += len(text)
            if self.values > MAX_VALUES or self.text > MAX_TEXT:
                self.count(0, 0, event)
            if not in_list and frame.key is _NO_KEY:
                frame.key = text
                if frame.record:
                    mark = event.start_mark
                    key_path = frame.path + (text,)  # noqa: RUF005
                    positions[key_path] = (mark.line + first_line, mark.column + 1)
                continue
            value = text
            if event.implicit[0] and (not text or text[0] in _TYPED_FIRST):
                if in_list:
                    value = self.typed(event, path, frame.record)
                else:
                    slot = self.slot(event)
                    assert slot is not None
                    value = self.typed(event, *slot)
            if in_list:
                container.append(value)
            else:
                if frame.key is not _SKIP:
                    container[frame.key] = value
                frame.key = _NO_KEY

    def list_scalar(self, event: Any, frame: _Frame) -> None:
        """A scalar item of a list."""
        container = frame.container
        path = (*frame.path, len(container))
        if frame.record:
            self.tree.positions[path] = self.position(event)
        container.append(self.scalar(event, path, frame.record))

    def describe(self, error: YAMLError) -> str:
        mark = getattr(error, "context_mark", None)
        return _describe(error, self.mark_position(mark)[0] if mark is not None else None)

    def feed(self, event: Any) -> None:
        kind = type(event)
        if kind is ScalarEvent and self.stack and type(self.stack[-1].container) is list:
            self.list_scalar(event, self.stack[-1])
            return
        if kind is StreamStartEvent or kind is StreamEndEvent or kind is DocumentEndEvent:
            return
        if kind is DocumentStartEvent:
            self.documents += 1
            if self.documents > 1:
                raise _Stop(
                    YamlProblem(
                        "yaml-syntax",
                        *self.position(event),
                        "the front-matter holds more than one YAML document",
                    )
                )
            return
        if kind is MappingEndEvent or kind is SequenceEndEvent:
            frame = self.stack.pop()
            if frame.anchor is not None:
                self.open_anchors.discard(frame.anchor)
                size = (self.values - frame.start[0], self.text - frame.start[1])
                self.anchors[frame.anchor] = (frame.container, size)
            self.place(frame.container)
            return
        if self.stack:
            top = self.stack[-1]
            if isinstance(top.container, dict) and top.key is _NO_KEY:
                self.take_key(event, top)
                return
        slot = self.slot(event)
        assert slot is not None
        path, record = slot
        if kind is ScalarEvent:
            self.place(self.scalar(event, path, record))
        elif kind is AliasEvent:
            if event.anchor in self.open_anchors:
                raise _Stop(
                    YamlProblem(
                        "yaml-syntax",
                        *self.position(event),
                        f"alias *{event.anchor} refers to a value that contains it",
                    )
                )
            if event.anchor not in self.anchors:
                raise _Stop(
                    YamlProblem(
                        "yaml-syntax", *self.position(event), f"unknown alias *{event.anchor}"
                    )
                )
            value, size = self.anchors[event.anchor]
            self.count(*size, event)
            self.place(value)
        else:
            if len(self.stack) >= MAX_DEPTH:
                raise _Stop(
                    YamlProblem(
                        "yaml-syntax",
                        *self.position(event),
                        f"the YAML nests deeper than {MAX_DEPTH} levels",
                    )
                )
            if event.tag not in (None, "!", _TAG + "map", _TAG + "seq"):
                self.problem(
                    "yaml-syntax",
                    event,
                    f"the tag {_short(event.tag)} is not supported; remove it",
                    path,
                )
            container: Any = {} if kind is MappingStartEvent else []
            if event.anchor:
                self.open_anchors.add(event.anchor)
            start = (self.values, self.text)
            self.count(1, 0, event)
            self.stack.append(_Frame(container, path, record, event.anchor, start))


def _has_odd_break(text: str) -> bool:
    """Whether `text` breaks a line where libyaml does and git does not: at a CR not
    before a LF, a NEL, a LS or a PS."""
    if "\x85" in text or "\u2028" in text or "\u2029" in text:
        return True
    return "\r" in text and text.count("\r") != text.count("\r\n")


def _short(tag: str) -> str:
    return "!!" + tag[len(_TAG) :] if tag.startswith(_TAG) else tag


def _describe(error: YAMLError, started: int | None) -> str:
    if isinstance(error, MarkedYAMLError):
        problem = (error.problem or "invalid YAML").strip()
        context = (error.context or "").strip()
        if context and started is not None:
            return f"{problem} ({context} started at line {started})"
        return f"{problem} ({context})" if context else problem
    return str(error).strip().splitlines()[0] if str(error).strip() else "invalid YAML"


def parse_yaml(text: str, first_line: int = 1, *, positions: bool = True) -> YamlTree:
    """Parse one YAML document whose first line is line `first_line` of its file.

    Positions are (line, column), both 1-based, in the file's coordinates. The
    empty path `()` is the document itself; its position is set by the caller.
    Without `positions`, neither positions nor raw texts are recorded (and a
    duplicate key's problem does not name the line of the first).
    """
    with collector_paused():
        return _Builder(first_line, positions).build(text)


def locate(positions: dict[KeyPath, Position], key_path: KeyPath) -> Position:
    """The position of `key_path`, or of its nearest ancestor that has one, else (1, 1)."""
    path = key_path
    while path:
        found = positions.get(path)
        if found is not None:
            return found
        path = path[:-1]
    return positions.get((), (1, 1))
