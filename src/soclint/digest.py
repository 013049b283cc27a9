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
import re
from typing import Any

from soclint.document import Document
from soclint.json_form import canonical_json
from soclint.lifecycle import BOOKKEEPING_KEYS, approved_on, vouched_for

PREFIX = "sha256:"
_WELL_FORMED = re.compile(r"^sha256:[0-9a-f]{64}$")


def normalised_body(body: str) -> str:
    lines = body.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    stripped = [line.rstrip(" \t") for line in lines]
    while stripped and not stripped[-1]:
        stripped.pop()
    return "\n".join(stripped)


def digest_text(canonical: str, body: str) -> str:
    """The digest of a front-matter already in canonical JSON, and a body."""
    payload = canonical + "\n" + normalised_body(body)
    return PREFIX + hashlib.sha256(payload.encode("utf-8", "surrogateescape")).hexdigest()


def content_json(data: dict[str, Any]) -> str:
    """The front-matter `data` without its bookkeeping keys, as canonical JSON."""
    return canonical_json(
        {key: value for key, value in data.items() if key not in BOOKKEEPING_KEYS}
    )


def content_digest(data: dict[str, Any], body: str) -> str:
    """The digest of a document's content: front-matter `data` without bookkeeping, and `body`."""
    return digest_text(content_json(data), body)


def digest_of(doc: Document) -> str | None:
    """The content digest of `doc`, or None when its front-matter could not be read."""
    return None if doc.data is None else content_digest(doc.data, doc.body)


def recorded_digest(doc: Document) -> str | None:
    """`approval.digest` when it is a well-formed digest (the schema reports other values)."""
    value = doc.text("approval", "digest")
    return value if value is not None and _WELL_FORMED.match(value) else None


def digest_mismatch(doc: Document) -> bool:
    recorded = recorded_digest(doc)
    return recorded is not None and digest_of(doc) not in (None, recorded)


def needs_history(doc: Document) -> bool:
    """Approved content with a date and no digest: only git can tell whether it changed."""
    return vouched_for(doc) and approved_on(doc) is not None and recorded_digest(doc) is None
