"""Edits to a document's front-matter that keep everything else as it was.

The front-matter goes through ruamel.yaml's round-trip mode, which keeps
comments, key order, quoting and flow style; then only the lines the edit
changed are taken from ruamel's rendering, and every other line stays byte
for byte, with its own line ending and trailing blanks. The body is kept
byte for byte. Files are replaced atomically (see atomic_write).
"""

from __future__ import annotations

import difflib
import io
import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from soclint.atomic_write import write_atomic
from soclint.document import split_file
from soclint.errors import UsageError
from soclint.json_form import to_json
from soclint.yamltree import parse_yaml


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


def split_lines(text: str) -> list[str]:
    """`text` cut after each `\\n`, endings kept: never at a lone CR, NEL or U+2028 as
    str.splitlines() would, so a line is what git and editors call one."""
    lines = [line + "\n" for line in text.split("\n")]
    lines[-1] = lines[-1][:-1]
    return lines if lines[-1] else lines[:-1]


def _content(line: str) -> str:
    """A line without its ending and trailing blanks: what ruamel's rendering keeps of it."""
    return line.rstrip("\r\n").rstrip(" \t")


def _signature(line: str) -> str | None:
    """The indentation and key of a `key: value` line, which a re-rendering keeps."""
    key, colon, _value = _content(line).partition(":")
    return key if colon and key.strip() and not key.lstrip().startswith("#") else None


@dataclass
class _Layout:
    """Where each line of ruamel's rendering sits in the original.

    `starts[i]` is the original line where rendered line `i` begins: the same
    line, or one with the same key that ruamel writes differently (a flow
    list respaced, a flow mapping joined onto one line). `ends[i]` is the
    original line after it, known only for lines reproduced exactly.
    """

    starts: list[int | None]
    ends: list[int | None]
    size: int

    @classmethod
    def of(cls, rendered: list[str], original: list[str]) -> _Layout:
        layout = cls([None] * len(rendered), [None] * len(rendered), len(original))
        matcher = difflib.SequenceMatcher(
            None,
            [_content(line) for line in rendered],
            [_content(line) for line in original],
            autojunk=False,
        )
        for tag, start, end, original_start, original_end in matcher.get_opcodes():
            if tag == "equal":
                for offset in range(end - start):
                    layout.starts[start + offset] = original_start + offset
                    layout.ends[start + offset] = original_start + offset + 1
            elif tag == "replace":
                layout._pair_keys(
                    rendered[start:end],
                    original[original_start:original_end],
                    start,
                    original_start,
                )
        return layout

    def _pair_keys(
        self, rendered: list[str], original: list[str], start: int, original_start: int
    ) -> None:
        keys = difflib.SequenceMatcher(
            None,
            [_signature(line) or f"\0{i}" for i, line in enumerate(rendered)],
            [_signature(line) or f"\1{i}" for i, line in enumerate(original)],
            autojunk=False,
        )
        for tag, first, last, original_first, _original_last in keys.get_opcodes():
            if tag == "equal":
                for offset in range(last - first):
                    self.starts[start + first + offset] = original_start + original_first + offset

    def first(self, start: int, end: int) -> int | None:
        """The original line where rendered lines [start, end) begin, None when unknown."""
        if start < end and self.starts[start] is not None:
            return self.starts[start]
        if start == 0:
            return 0
        after_previous = self.ends[start - 1]
        if after_previous is not None or start < end or start == len(self.starts):
            return after_previous
        return self.starts[start]

    def last(self, start: int, end: int) -> int | None:
        """The original line after rendered lines [start, end), None when unknown."""
        if start == end:
            return self.first(start, end)
        if self.ends[end - 1] is not None:
            return self.ends[end - 1]
        return self.size if end == len(self.starts) else self.starts[end]

    def widened(self, start: int, end: int) -> tuple[int, int]:
        """[start, end) grown over lines of unknown place until both ends are known."""
        while self.first(start, end) is None:
            start -= 1
        while self.last(start, end) is None:
            end += 1
        return start, end

    def original_range(self, start: int, end: int) -> tuple[int, int]:
        first, last = self.first(start, end), self.last(start, end)
        assert first is not None and last is not None
        return first, last


# A difflib opcode: (tag, start, end, start in the other text, end in the other text).
_Change = tuple[str, int, int, int, int]


@dataclass
class _Patch:
    """Rendered lines [start, end) replaced by the edit; `changes` are the diff ops inside."""

    start: int
    end: int
    changes: list[int]


def _patches(changes: Sequence[_Change], layout: _Layout) -> list[_Patch]:
    """The edit's changes as non-overlapping patches, each anchored in the original.

    A change next to lines whose place in the original is unknown (a flow
    mapping ruamel joins onto one line) is widened over them: that run is
    written as ruamel renders it.
    """
    patches = [_Patch(*layout.widened(c[1], c[2]), [i]) for i, c in enumerate(changes)]
    merged = True
    while merged:
        merged = False
        patches.sort(key=lambda p: (p.start, p.end))
        for left, right in itertools.pairwise(patches):
            left_range = layout.original_range(left.start, left.end)
            right_range = layout.original_range(right.start, right.end)
            if right.start < left.end or right_range[0] < left_range[1]:
                left.end = max(left.end, right.end)
                left.changes += right.changes
                patches.remove(right)
                merged = True
                break
    return patches


def _edited_range(patch: _Patch, changes: Sequence[_Change]) -> tuple[int, int]:
    """The lines of the edited rendering that replace `patch`."""
    start_shift = end_shift = 0
    for index, (_tag, start, end, edited_start, edited_end) in enumerate(changes):
        shift = (edited_end - edited_start) - (end - start)
        inside = index in patch.changes
        if end < patch.start or (end == patch.start and not inside):
            start_shift += shift
        if end < patch.end or (end == patch.end and (inside or start < end)):
            end_shift += shift
    return patch.start + start_shift, patch.end + end_shift


def _same_keys(new: list[str], old: list[str]) -> dict[int, int]:
    """Pairs (index in `new`, index in `old`) of lines that set the same key."""
    matcher = difflib.SequenceMatcher(
        None,
        [_signature(line) or f"\0{index}" for index, line in enumerate(new)],
        [_signature(line) or f"\1{index}" for index, line in enumerate(old)],
        autojunk=False,
    )
    return {
        first + offset: old_first + offset
        for tag, first, last, old_first, _old_last in matcher.get_opcodes()
        if tag == "equal"
        for offset in range(last - first)
    }


def _in_place_of(new: list[str], old: list[str], neighbour: str | None) -> list[str]:
    """`new` lines given the line endings and trailing blanks of the `old` lines they replace.

    A line that sets the key an old line set keeps that line's ending and
    trailing blanks; any other takes the ending of the last old line, or of
    its `neighbour` when it replaces none.
    """
    model = old[-1] if old else neighbour or "\n"
    default_ending = model[len(model.rstrip("\r\n")) :] or "\n"
    replaced = _same_keys(new, old)
    styled = []
    for index, line in enumerate(new):
        text, ending = line.rstrip("\n"), default_ending
        if index in replaced:
            before = old[replaced[index]]
            kept = before.rstrip("\r\n")
            blanks = kept[len(kept.rstrip(" \t")) :]
            text = text + blanks if text == text.rstrip(" \t") else text
            ending = before[len(kept) :] or default_ending
        styled.append(text + ending)
    return styled


def merge_edit(original: str, before: str, after: str) -> str:
    """`original` with the line changes from `before` to `after` applied.

    `before` and `after` are ruamel's renderings of the front-matter without
    and with the edit. ruamel normalises some formatting (spacing in flow
    lists, null spellings, block scalar indentation, trailing blanks, line
    endings), so rather than write its rendering, this keeps every original
    line the edit does not touch, byte for byte.
    """
    old, rendered, edited = split_lines(original), split_lines(before), split_lines(after)
    layout = _Layout.of(rendered, old)
    changes = [
        op
        for op in difflib.SequenceMatcher(None, rendered, edited, autojunk=False).get_opcodes()
        if op[0] != "equal"
    ]
    for patch in reversed(_patches(changes, layout)):
        first, last = layout.original_range(patch.start, patch.end)
        edited_start, edited_end = _edited_range(patch, changes)
        neighbour = old[first - 1] if first > 0 else (old[first] if old else None)
        old[first:last] = _in_place_of(edited[edited_start:edited_end], old[first:last], neighbour)
    return "".join(old)


def _kept_lines(source: str, before: str, after: str) -> str:
    """The edited front-matter: `source` with only the edited lines replaced.

    ValueError when the result would not read back as exactly what ruamel
    wrote: then nothing is written rather than lines the edit does not touch.
    """
    wanted = parse_yaml(after.replace("\r\n", "\n"))
    if wanted.problems:
        raise ValueError(f"the edit would make the YAML unreadable ({wanted.problems[0].message})")
    merged = merge_edit(source, before, after)
    check = parse_yaml(merged.replace("\r\n", "\n"))
    if check.problems or to_json(check.value) != to_json(wanted.value):
        raise ValueError(
            "the edit cannot be made without rewriting lines it does not touch; make it by hand"
        )
    return merged


def edited_text(text: str, change: Callable[[Any], None]) -> str:
    """The file `text` with `change` applied to its round-trip front-matter.

    Lines the change does not touch stay byte for byte, line endings and
    trailing blanks included, and so does the body. ValueError when the
    front-matter cannot be edited.
    """
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    opening, front_matter, rest = split_file(text.removeprefix("\ufeff"))
    from ruamel.yaml.error import YAMLError

    try:
        yaml, data = _round_trip(front_matter.replace("\r\n", "\n"))
        if not isinstance(data, dict):
            raise ValueError("the front-matter is not a mapping of keys")
        before = _dump(yaml, data)
        change(data)
        after = _dump(yaml, data)
    except YAMLError as error:
        raise ValueError(f"the front-matter is not valid YAML ({error})") from None
    merged = front_matter if before == after else _kept_lines(front_matter, before, after)
    return bom + opening + merged + rest


def edit_front_matter(file: Path, change: Callable[[Any], None]) -> None:
    """Apply `change` to the round-trip front-matter of `file` and write it back."""
    try:
        text = file.read_bytes().decode("utf-8")
        updated = edited_text(text, change)
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise UsageError(f"{file}: cannot edit: {error}") from None
    write_atomic(file, updated.encode("utf-8"))
