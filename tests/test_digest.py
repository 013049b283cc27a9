"""The content digest ignores formatting and bookkeeping, and catches any change of content."""

from __future__ import annotations

import hashlib

import pytest

from soclint.digest import digest_of
from soclint.document import document_from_text

BASE = """\
---
type: policy
id: POL-A
title: Access
owner: priya
status: approved
version: "1.0"
approval: {by: daniel, date: 2026-02-10}
review: {last: 2026-02-10, cycle: annual}
controls: [CC6.1, CC6.2]
effective: 2026-03-01
---

# Access

Least privilege.
"""


def digest(text: str) -> str | None:
    return digest_of(document_from_text(text, "a.md"))


def test_the_digest_is_sha256_of_canonical_front_matter_and_normalised_body() -> None:
    payload = (
        '{"controls":["CC6.1","CC6.2"],"effective":"2026-03-01","id":"POL-A",'
        '"owner":"priya","title":"Access","type":"policy"}\n\n# Access\n\nLeast privilege.'
    )
    assert digest(BASE) == "sha256:" + hashlib.sha256(payload.encode()).hexdigest()


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("title: Access", "title: 'Access'  # re-quoted, with a comment"),
        ("controls: [CC6.1, CC6.2]", "controls:\n  - CC6.1\n  - CC6.2"),
        ("type: policy\nid: POL-A", "id: POL-A\ntype: policy"),
        ("effective: 2026-03-01", 'effective: "2026-03-01"'),
        ('version: "1.0"', 'version: "2.0"'),
        ("status: approved", "status: draft"),
        ("approval: {by: daniel, date: 2026-02-10}", "approval: {by: maya, date: 2026-05-01}"),
        ("review: {last: 2026-02-10", "review: {last: 2026-08-01"),
        ("Least privilege.\n", "Least privilege.   \n\n\n"),
    ],
)
def test_formatting_and_bookkeeping_do_not_change_it(old: str, new: str) -> None:
    assert old in BASE
    assert digest(BASE.replace(old, new, 1)) == digest(BASE)


def test_windows_line_endings_do_not_change_it() -> None:
    assert digest(BASE.replace("\n", "\r\n")) == digest(BASE)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Least privilege.", "Least privilege!"),
        ("# Access\n", "# Access\n\n"),
        ("\n# Access", "\n#  Access"),
        ("owner: priya", "owner: tom"),
        ("controls: [CC6.1, CC6.2]", "controls: [CC6.2, CC6.1]"),
        ("effective: 2026-03-01", "effective: 2026-03-02"),
        ("title: Access", "title: Access\nx-note: added"),
        # A waiver is content: it is approved with the document it silences.
        ("---\n\n# Access", "soclint: {waive: [{code: L003, reason: r}]}\n---\n\n# Access"),
    ],
)
def test_any_change_of_content_changes_it(old: str, new: str) -> None:
    assert old in BASE
    assert digest(BASE.replace(old, new, 1)) != digest(BASE)


def test_unreadable_front_matter_has_no_digest() -> None:
    assert digest("---\ntitle: [unclosed\n---\nBody\n") is None
