"""Where a controlled document stands: approved, when its next review falls due, in force.

Shared by the approval, suite and coverage rules so they agree on what
"approved and current" means.
"""

from __future__ import annotations

from datetime import date

from soclint.dates import add_period, as_date
from soclint.document import Document
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
    """`review.last`, else the approval date (approving is reviewing)."""
    return as_date(doc.get("review", "last")) or as_date(doc.get("approval", "date"))


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
