"""Which findings of one run another run already had: diff mode's comparison of head and base.

Findings are matched by what they are about, never by line: code, file (as
the head calls it, so renames are followed), key path with list items named
by their `id` or, without one, by their content, and message with references
to other lines left out. Findings alike in all of that are told apart by the
text of their line where it can: a base finding first hides a head finding on
a line that reads the same. Each finding of the other run hides at most one,
and only one no more severe than itself.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from soclint.document import FENCE, Document
from soclint.finding import Finding
from soclint.json_form import canonical_json
from soclint.keypaths import KeyPath, where

# "line 12" and "policies/a.md:12" in messages: where something else is, which moves.
_LINE_REFERENCE = re.compile(r"\b(line |\.[A-Za-z0-9]+:)\d+")


@dataclass(frozen=True)
class Key:
    """A finding's identity, the text of its line, and its severity's rank."""

    identity: str
    line: str
    rank: int


def keys_of(
    findings: Sequence[Finding],
    documents: Mapping[str, Document],
    moved: Mapping[str, str] | None = None,
    by_place: bool = False,
) -> list[Key]:
    """The key of each finding; `documents` by path, `moved` maps old paths to the head's.

    With `by_place`, a finding at a key of a document is known by its code and place alone,
    not by its message: two runs over the same files under two configurations report one
    problem in words that depend on the configuration (a `provenance` level, an option).
    """
    moved = moved or {}
    keys = []
    for finding in findings:
        # A finding about the program as a whole has no file: it is matched by what it says.
        document = documents.get(finding.path) if finding.path is not None else None
        path = moved.get(finding.path, finding.path) if finding.path is not None else ""
        line = ""
        if document is not None and finding.line is not None:
            line = _line_text(document, finding.line)
        known_as = identity(finding, document, path, by_place and document is not None)
        keys.append(Key(known_as, line, finding.severity.rank))
    return keys


def unmatched(keys: Sequence[Key], against: Sequence[Key]) -> list[int]:
    """The indices of `keys` that no key of `against` accounts for."""
    left, spare = _match(keys, range(len(keys)), against, range(len(against)), by_line=True)
    still, _spare = _match(keys, left, against, spare, by_line=False)
    return sorted(still)


def _match(
    keys: Sequence[Key],
    which: Sequence[int],
    against: Sequence[Key],
    available: Sequence[int],
    by_line: bool,
) -> tuple[list[int], list[int]]:
    """(indices of `which` left unmatched, indices of `available` left over).

    Taking the least severe first, each from the least severe of its kind that covers
    it, leaves the fewest unmatched.
    """

    def kind(key: Key) -> tuple[str, str]:
        return (key.identity, key.line if by_line else "")

    pool: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for index in available:
        pool.setdefault(kind(against[index]), []).append((against[index].rank, index))
    for ranked in pool.values():
        ranked.sort()
    left = []
    for index in sorted(which, key=lambda i: keys[i].rank):
        ranked = pool.get(kind(keys[index]), [])
        at = bisect.bisect_left(ranked, (keys[index].rank, -1))
        if at < len(ranked):
            del ranked[at]
        else:
            left.append(index)
    return left, sorted(index for ranked in pool.values() for _rank, index in ranked)


def identity(finding: Finding, document: Document | None, path: str, by_place: bool = False) -> str:
    """What `finding` is about, the same wherever its lines or list items moved.

    `document` is the one the finding is in, `path` the file as the head calls it; with
    `by_place`, the message is left out.
    """
    message = finding.message
    key_path = finding.key_path
    if document is not None:
        # Longest first, so that `risks[3].data[1]` is renamed whole before `risks[3]`.
        for depth in reversed(range(len(key_path))):
            if isinstance(key_path[depth], int):
                prefix = key_path[: depth + 1]
                message = message.replace(where(prefix), _named(prefix, document))
    shown = _named(key_path, document) if document is not None else where(key_path)
    message = "" if by_place else _LINE_REFERENCE.sub(r"\1#", message)
    return "\0".join((finding.code, path, shown, message))


def _named(key_path: KeyPath, document: Document) -> str:
    """`key_path` as `where` writes it, each list position replaced by what the item is."""
    text = ""
    for depth, step in enumerate(key_path):
        if isinstance(step, int):
            text += f"[{_item(document.get(*key_path[: depth + 1]), step)}]"
        else:
            text += f".{step}" if text else str(step)
    return text


def _item(value: Any, index: int) -> str:
    """A list item by its `id`, else by a hash of its content (its index when it is gone)."""
    if isinstance(value, dict) and isinstance(value.get("id"), str):
        return f"id={value['id']}"
    if value is None:
        return str(index)
    content = canonical_json(value).encode("utf-8", "surrogatepass")
    return "=" + hashlib.sha256(content).hexdigest()[:16]


def _line_text(document: Document, line: int) -> str:
    """The text of line `line` of the document's file, as far as the document holds it."""
    if line == 1:
        return FENCE
    closing = document.body_line - 1
    if line < closing:
        lines = document.front_matter.split("\n")
        return lines[line - 2] if line - 2 < len(lines) else ""
    if line == closing:
        return FENCE
    lines = document.body.split("\n")
    return lines[line - document.body_line] if line - document.body_line < len(lines) else ""
