"""The content digest: what an approval vouches for, as `sha256:` and 64 hex digits.

A document's content is its front-matter without the bookkeeping keys
(`approval`, `review`, `version`, `status`) and its body. Waivers (the
`soclint` key) are content: a waiver is approved with the document it
silences. The digest is the SHA-256 of the UTF-8 bytes of

    canonical front-matter + "\\n" + normalised body

where the canonical front-matter is the remaining keys as JSON with sorted
keys, no whitespace between tokens, non-ASCII characters as themselves and
dates as `YYYY-MM-DD` strings; and the normalised body has `\\r\\n` and `\\r`
turned into `\\n`, spaces and tabs at the end of each line removed, and empty
lines at the end removed. So a comment, a re-quoted value, reordered keys or
Windows line endings leave the digest as it was; any changed value or word
changes it. Recording an approval or a review changes only bookkeeping keys,
so it never changes the digest.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from soclint.document import Document, split_file, split_front_matter
from soclint.json_form import canonical_json
from soclint.lifecycle import sign_offs

PREFIX = "sha256:"
_UNREADABLE = "unreadable:"
BOOKKEEPING_KEYS = frozenset({"approval", "review", "version", "status"})


def normalised_body(body: str) -> str:
    lines = body.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    stripped = [line.rstrip(" \t") for line in lines]
    while stripped and not stripped[-1]:
        stripped.pop()
    return "\n".join(stripped)


def _digest(canonical: str, body: str) -> str:
    payload = canonical + "\n" + normalised_body(body)
    return PREFIX + hashlib.sha256(payload.encode("utf-8", "surrogateescape")).hexdigest()


def _content_json(data: dict[str, Any]) -> str:
    return canonical_json(
        {key: value for key, value in data.items() if key not in BOOKKEEPING_KEYS}
    )


def content_digest(data: dict[str, Any], body: str) -> str:
    """The digest of a document's content: front-matter `data` without bookkeeping, and `body`."""
    return _digest(_content_json(data), body)


def digest_of(doc: Document) -> str | None:
    """The content digest of `doc`, or None when its front-matter could not be read."""
    return None if doc.data is None else content_digest(doc.data, doc.body)


def document_from_text(text: str, path: str) -> Document:
    """A Document read from `text` (a file's content at some revision), shown as `path`."""
    doc = Document(path=path, file=Path(path))
    split_front_matter(text.removeprefix("\ufeff"), doc)
    return doc


@dataclass(frozen=True)
class Revision:
    """What the history rules compare between two versions of a document.

    `content` is the content digest (for unreadable YAML, a digest of the raw
    text, so that any edit still counts), worked out when first asked: a walk
    through history compares approvals far more often than contents.
    `approval` is the approval block as canonical JSON (None when absent);
    `status` and `version` as written; `readable` whether the front-matter
    could be read: only then do `approval` and `sign_offs` say anything.
    `sign_offs` holds every sign-off block (lifecycle.sign_offs) as canonical
    JSON, by its name.
    """

    approval: str | None
    status: Any
    version: Any
    readable: bool
    _content: Callable[[], str] = field(repr=False, compare=False)
    sign_offs: dict[tuple[str | int, ...], str] = field(default_factory=dict, compare=False)

    @cached_property
    def content(self) -> str:
        return self._content()


def unreadable_revision(name: str) -> Revision:
    """A revision whose text soclint does not read (it is too large), told apart by `name`."""
    return Revision(None, None, None, False, lambda: _UNREADABLE + name)


@dataclass(frozen=True)
class _Header:
    """What one front-matter text says: content keys as canonical JSON (None: unreadable)."""

    content: str | None
    approval: str | None
    status: Any
    version: Any
    sign_offs: dict[tuple[str | int, ...], str]


def _header_of(doc: Document) -> _Header:
    approval = doc.get("approval")
    return _Header(
        content=None if doc.data is None else _content_json(doc.data),
        approval=None if approval is None else canonical_json(approval),
        status=doc.get("status"),
        version=doc.get("version"),
        sign_offs={
            sign_off.name: canonical_json(sign_off.fields)
            for sign_off in sign_offs(doc, counted_only=False)
        },
    )


def _revision(header: _Header, front_matter: str, body: str) -> Revision:
    def content() -> str:
        if header.content is None:
            return _UNREADABLE + _digest(front_matter, body).removeprefix(PREFIX)
        return _digest(header.content, body)

    readable = header.content is not None
    return Revision(
        header.approval, header.status, header.version, readable, content, header.sign_offs
    )


def revision_of(doc: Document) -> Revision:
    return _revision(_header_of(doc), doc.front_matter, doc.body)


class RevisionReader:
    """Revisions of documents from file texts, parsing each distinct front-matter once.

    Most commits change the body or the front-matter, not both, so across the
    history of a document the same front-matter text comes back again and again.
    """

    def __init__(self) -> None:
        self._headers: dict[str, _Header] = {}

    def of_document(self, doc: Document) -> Revision:
        header = self._headers.get(doc.front_matter)
        if header is None:
            header = self._headers[doc.front_matter] = _header_of(doc)
        return _revision(header, doc.front_matter, doc.body)

    def of_text(self, text: str) -> Revision:
        text = text.removeprefix("\ufeff")
        try:
            _opening, front_matter, rest = split_file(text)
        except ValueError:
            return revision_of(document_from_text(text, ""))
        header = self._headers.get(front_matter)
        if header is None:
            header = self._headers[front_matter] = _header_of(document_from_text(text, ""))
        return _revision(header, front_matter, rest.partition("\n")[2])
