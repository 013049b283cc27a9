"""Documents at past revisions, as the history rules compare them: approval, status, version
and a digest of the content, each worked out once per blob or front-matter text."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from soclint.digest import PREFIX, content_json, digest_text
from soclint.document import NO_OWN_KEYS, Document, OwnKeys, document_from_text, split_file
from soclint.json_form import canonical_json
from soclint.lifecycle import sign_offs

if TYPE_CHECKING:
    from soclint.history.git_history import GitHistory

_UNREADABLE = "unreadable:"


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
        content=None if doc.data is None else content_json(doc.data, doc.own_keys),
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
            return _UNREADABLE + digest_text(front_matter, body).removeprefix(PREFIX)
        return digest_text(header.content, body)

    readable = header.content is not None
    return Revision(
        header.approval, header.status, header.version, readable, content, header.sign_offs
    )


def revision_of(doc: Document) -> Revision:
    return _revision(_header_of(doc), doc.front_matter, doc.body)


class RevisionReader:
    """Revisions of documents from file texts, parsing each distinct front-matter once;
    `own_keys` are the keys the repository declares as its own, by document type.

    Most commits change the body or the front-matter, not both, so across the
    history of a document the same front-matter text comes back again and again.
    """

    def __init__(self, own_keys: OwnKeys = NO_OWN_KEYS) -> None:
        self._headers: dict[str, _Header] = {}
        self._own_keys = own_keys

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
            return revision_of(self._values_of(text))
        header = self._headers.get(front_matter)
        if header is None:
            doc = self._values_of(text)
            header = self._headers[front_matter] = _header_of(doc)
        return _revision(header, front_matter, rest.partition("\n")[2])

    def _values_of(self, text: str) -> Document:
        """The document `text` as far as a revision needs it: its values, not where they are."""
        return document_from_text(text, "", self._own_keys, positions=False)


class Revisions:
    """Documents at past revisions, read from git once per blob; `own_keys` are the keys
    the repository declares as its own, by document type."""

    def __init__(self, history: GitHistory, own_keys: OwnKeys = NO_OWN_KEYS) -> None:
        self.history = history
        self._reader = RevisionReader(own_keys)
        self._cache: dict[str, Revision] = {}

    def get(self, blob: str) -> Revision:
        if blob not in self._cache:
            from soclint.history.git_history import BlobTooLarge

            try:
                self._cache[blob] = self._reader.of_text(self.history.text(blob))
            except BlobTooLarge:
                self._cache[blob] = unreadable_revision(blob)
        return self._cache[blob]

    def current(self, doc: Document) -> Revision:
        """`doc` as it is in the working tree."""
        return self._reader.of_document(doc)

    def prefetch(self, blobs: Iterable[str]) -> None:
        """Read `blobs` from git in one batch; each is parsed when needed."""
        self.history.prefetch(blobs)
