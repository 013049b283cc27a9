"""Where a controlled document stands: approved, when its next review falls due, in force.

Shared by the approval, suite and coverage rules so they agree on what
"approved and current" means.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from soclint.config import Config
from soclint.dates import add_period, as_date
from soclint.document import Document
from soclint.keypaths import KeyPath
from soclint.pack import Pack

CONTROLLED_TYPES = ("policy", "procedure", "standard")


def is_approved(doc: Document) -> bool:
    """Status `approved` with an approver and an approval date."""
    return (
        doc.get("status") == "approved"
        and isinstance(doc.get("approval", "by"), str)
        and as_date(doc.get("approval", "date")) is not None
    )


def review_cycle(doc: Document, pack: Pack) -> str | None:
    """The document's `review.cycle`, else the pack's policy-review cadence."""
    cycle = doc.get("review", "cycle")
    if isinstance(cycle, str):
        return cycle
    default = pack.cadences.get("policy-review")
    return default if isinstance(default, str) else None


def last_reviewed(doc: Document) -> date | None:
    """The later of `review.last` and the approval date (approving is reviewing)."""
    dates = [as_date(doc.get("review", "last")), as_date(doc.get("approval", "date"))]
    return max((d for d in dates if d is not None), default=None)


def review_due(doc: Document, pack: Pack) -> date | None:
    """The date the next review falls due, or None when it cannot be told."""
    last, cycle = last_reviewed(doc), review_cycle(doc, pack)
    if last is None or cycle is None:
        return None
    return add_period(last, cycle)


def in_force(doc: Document, pack: Pack, as_of: date) -> bool:
    """Approved, and its review not overdue on `as_of`."""
    if not is_approved(doc):
        return False
    due = review_due(doc, pack)
    return due is None or due >= as_of


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
    if counted_only and doc.type in CONTROLLED_TYPES and doc.get("status") != "approved":
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


def separation_of_duties(config: Config, pack: Pack) -> bool:
    """Whether owners may not approve their own documents: soclint.yaml over the pack."""
    chosen = config.separation_of_duties
    return pack.separation_of_duties if chosen is None else chosen


def draft_max_age(config: Config, pack: Pack) -> str | None:
    """How long a document may stay a draft: soclint.yaml over the pack."""
    return config.draft_max_age or pack.draft_max_age


def vouching_date(doc: Document) -> date | None:
    """The date of the sign-off that vouches for the whole document, if it has one."""
    for path, _authority in SIGNATURES.get(doc.type or "", ()):
        if "*" not in path:
            return as_date(doc.get(*path, "date"))
    return None
