"""The content digest: what an approval vouches for, as `sha256:` and 64 hex digits.

A document's content is its front-matter without the bookkeeping keys
(`approval`, `review`, `version`, `status`, `soclint`) and its body. The digest
is the SHA-256 of the UTF-8 bytes of

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
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from soclint.document import Document, split_front_matter
from soclint.schemas import to_json

PREFIX = "sha256:"
BOOKKEEPING_KEYS = frozenset({"approval", "review", "version", "status", "soclint"})


def normalised_body(body: str) -> str:
    lines = body.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    stripped = [line.rstrip(" \t") for line in lines]
    while stripped and not stripped[-1]:
        stripped.pop()
    return "\n".join(stripped)


def canonical_json(value: Any) -> str:
    """`value` as canonical JSON: sorted keys, no spaces, dates as ISO strings."""
    return json.dumps(
        to_json(value), sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
    )


def content_digest(data: dict[str, Any], body: str) -> str:
    """The digest of a document's content: front-matter `data` without bookkeeping, and `body`."""
    content = {key: value for key, value in data.items() if key not in BOOKKEEPING_KEYS}
    payload = canonical_json(content) + "\n" + normalised_body(body)
    return PREFIX + hashlib.sha256(payload.encode("utf-8")).hexdigest()


def digest_of(doc: Document) -> str | None:
    """The content digest of `doc`, or None when its front-matter could not be read."""
    return None if doc.data is None else content_digest(doc.data, doc.body)


@dataclass(frozen=True)
class Revision:
    """What the history rules compare between two versions of a document.

    `content` is the content digest (for unreadable YAML, a digest of the raw
    text, so that any edit still counts); `approval` is the approval block as
    canonical JSON (None when absent); `status` and `version` as written.
    """

    content: str
    approval: str | None
    status: Any
    version: Any


def revision_of(doc: Document) -> Revision:
    digest = digest_of(doc)
    if digest is None:
        raw = doc.front_matter + "\n" + normalised_body(doc.body)
        digest = "unreadable:" + hashlib.sha256(raw.encode("utf-8", "surrogateescape")).hexdigest()
    approval = doc.get("approval")
    return Revision(
        content=digest,
        approval=None if approval is None else canonical_json(approval),
        status=doc.get("status"),
        version=doc.get("version"),
    )


def document_from_text(text: str, path: str) -> Document:
    """A Document read from `text` (a file's content at some revision), shown as `path`."""
    doc = Document(path=path, file=Path(path))
    split_front_matter(text.removeprefix("\ufeff"), doc)
    return doc


def revision_of_text(text: str, path: str = "") -> Revision:
    return revision_of(document_from_text(text, path))
