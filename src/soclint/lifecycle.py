"""What the words of a document's life mean: approved, draft, in force, bookkeeping, review due.

Every rule and command asks here, so they agree: the approval, review, suite
and coverage rules on "approved and current", the digest and the history rules
on which keys are bookkeeping, diff mode on which documents may change freely.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from soclint.dates import add_period, as_date
from soclint.document import Document
from soclint.keypaths import KeyPath
from soclint.pack import Pack
from soclint.repository import Repository

# Documents approved as a whole, reviewed on a cycle, and counted for coverage.
CONTROLLED_TYPES = ("policy", "procedure", "standard")
APPROVED = "approved"
RETIRED = "retired"
# Work in progress: written, not yet in force.
DRAFT_STATUSES = ("draft", "in-review")
# The front-matter keys that record what happened to the content rather than the
# content itself: recording an approval or a review changes only these.
BOOKKEEPING_KEYS = frozenset({"approval", "review", "version", "status"})


def says_approved(doc: Document) -> bool:
    """Whether the document's status is `approved` (whatever its approval block holds)."""
    return bool(doc.get("status") == APPROVED)


def is_draft(doc: Document) -> bool:
    return bool(doc.get("status") in DRAFT_STATUSES)


def is_retired(doc: Document) -> bool:
    return bool(doc.get("status") == RETIRED)


def changes_freely(doc: Document) -> bool:
    """Work in progress may change without a new version or approval; a retired document
    is no longer in force."""
    return is_draft(doc) or is_retired(doc)


def is_approved(doc: Document) -> bool:
    """Status `approved` with an approver and an approval date."""
    return (
        says_approved(doc)
        and isinstance(doc.get("approval", "by"), str)
        and as_date(doc.get("approval", "date")) is not None
    )


def approved_on(doc: Document) -> date | None:
    return as_date(doc.get("approval", "date"))


def vouched_for(doc: Document) -> bool:
    """Whether `doc` claims approved content: an approved controlled document or a signed scope."""
    if doc.type in CONTROLLED_TYPES:
        return says_approved(doc)
    return doc.type == "system-description" and isinstance(doc.get("approval"), dict)


def review_cycle(doc: Document, pack: Pack) -> str | None:
    """The document's `review.cycle`, else the pack's policy-review cadence."""
    cycle = doc.get("review", "cycle")
    if isinstance(cycle, str):
        return cycle
    default = pack.cadences.get("policy-review")
    return default if isinstance(default, str) else None


def last_reviewed(doc: Document) -> date | None:
    """The later of `review.last` and the approval date (approving is reviewing)."""
    dates = [as_date(doc.get("review", "last")), approved_on(doc)]
    return max((d for d in dates if d is not None), default=None)


def review_due(doc: Document, pack: Pack) -> date | None:
    """The date the next review falls due, or None when it cannot be told."""
    last, cycle = last_reviewed(doc), review_cycle(doc, pack)
    if last is None or cycle is None:
        return None
    return add_period(last, cycle)


def in_force(doc: Document, pack: Pack, as_of: date) -> bool:
    """Approved by `as_of`, and its review not overdue on `as_of`."""
    approved = approved_on(doc)
    if not is_approved(doc) or approved is None or as_of < approved:
        return False
    due = review_due(doc, pack)
    return due is None or due >= as_of


def drafts(repository: Repository) -> list[Document]:
    """The policies, procedures and standards that are drafts or in review."""
    return [doc for doc in repository.of_type(*CONTROLLED_TYPES) if is_draft(doc)]


# Where each document type records a sign-off ("*" stands for every list item),
# and the roster authority the person signing must hold.
SIGNATURES: dict[str, tuple[tuple[tuple[str, ...], str], ...]] = {
    "policy": ((("approval",), "approve-policy"),),
    "procedure": ((("approval",), "approve-policy"),),
    "standard": ((("approval",), "approve-policy"),),
    "system-description": ((("approval",), "sign-off-scope"),),
    "risk-register": (
        (("signoff",), "sign-off-risk"),
        (("risks", "*", "acceptance"), "sign-off-risk"),
    ),
    "exception-register": ((("exceptions", "*", "approval"), "approve-exception"),),
}


@dataclass(frozen=True)
class SignOff:
    """One sign-off a document records: where, its mapping, and the authority it needs.

    `name` identifies the sign-off across versions of the document: its key
    path with each row named by its id, so a row moved up or down is the same.
    """

    key_path: KeyPath
    fields: dict[str, Any]
    authority: str
    name: tuple[str | int, ...]


def sign_offs(doc: Document, counted_only: bool = True) -> Iterator[SignOff]:
    """Each sign-off mapping `doc` records.

    With `counted_only`, the approval of a draft or retired policy, procedure
    or standard is left out: it is history, not a claim that the document is
    in force.
    """
    if counted_only and doc.type in CONTROLLED_TYPES and not says_approved(doc):
        return
    for pattern, authority in SIGNATURES.get(doc.type or "", ()):
        for path, value in doc.values_at(*pattern):
            if isinstance(value, dict):
                yield SignOff(path, value, authority, _named(doc, path))


def _named(doc: Document, path: KeyPath) -> tuple[str | int, ...]:
    named: list[str | int] = []
    for depth, step in enumerate(path):
        row_id = doc.get(*path[: depth + 1], "id") if isinstance(step, int) else None
        named.append(row_id if isinstance(row_id, str) else step)
    return tuple(named)


def vouching_date(doc: Document) -> date | None:
    """The date of the sign-off that vouches for the whole document, if it has one."""
    for path, _authority in SIGNATURES.get(doc.type or "", ()):
        if "*" not in path:
            return as_date(doc.get(*path, "date"))
    return None
