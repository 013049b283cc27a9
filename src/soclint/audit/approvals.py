"""The readiness report's "Approvals and acknowledgements": per controlled document, what
git proves about its approval, and how many of the people who must acknowledge it have.

Both come from `accountability.Accountability`, the summary `coverage --format json`
shows: nothing here reads git or judges a commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from soclint.accountability import Accountability
from soclint.acknowledgements import Obligation
from soclint.document import Document
from soclint.history.provenance import Verdict
from soclint.lifecycle import CONTROLLED_TYPES, says_approved
from soclint.repository import Repository

# How many overdue people are named before the rest are only counted.
NAMED_OVERDUE = 5


@dataclass(frozen=True)
class Acknowledged:
    """Where the people who must acknowledge a policy stand: how many must, how many have,
    and who is overdue (by id)."""

    owed: int
    done: int
    overdue: tuple[str, ...]

    def describe(self) -> str:
        said = f"{self.done} of {self.owed} acknowledged"
        if not self.overdue:
            return said
        named = ", ".join(self.overdue[:NAMED_OVERDUE])
        more = len(self.overdue) - NAMED_OVERDUE
        rest = f" and {more} more" if more > 0 else ""
        return f"{said}; {len(self.overdue)} overdue: {named}{rest}"


@dataclass(frozen=True)
class ApprovalEntry:
    """One controlled document: its approval's provenance and its acknowledgements.

    `state` is one of STATES; `provenance` says it with the commit and why.
    `acknowledged` is None for a document nobody has to acknowledge.
    """

    name: str
    path: str
    state: str
    provenance: str
    acknowledged: Acknowledged | None


# What git says of an approval: proven, not proven, not committed yet; or nothing, as
# provenance is off, history cannot be read, or the document is not approved.
STATES = ("proven", "unproven", "uncommitted", "off", "unchecked", "not-approved")


def _provenance(
    doc: Document, people: Accountability, recorded: dict[Document, Verdict]
) -> tuple[str, str]:
    verdict = recorded.get(doc)
    if not says_approved(doc):
        return "not-approved", "not approved"
    if people.level == "off":
        return "off", "provenance off: soclint.yaml does not ask git to prove approvals"
    if people.skipped is not None:
        return "unchecked", f"not checked: {people.skipped}"
    if verdict is None:
        return "not-approved", "no approval to prove"
    if verdict.proven is None:
        return "uncommitted", "not yet committed, so no commit shows who made it"
    if verdict.proven:
        how = "by signature" if people.level == "signed" else "by author"
        return "proven", f"proven {how}: {verdict.reason}"
    return "unproven", f"not proven: {verdict.reason}"


def _acknowledged(obligations: list[Obligation], as_of: date) -> Acknowledged:
    overdue = tuple(sorted(o.person.id for o in obligations if o.overdue(as_of)))
    done = sum(o.met_by is not None for o in obligations)
    return Acknowledged(len(obligations), done, overdue)


def approval_entries(repository: Repository, people: Accountability) -> tuple[ApprovalEntry, ...]:
    """Each controlled document of `repository`, by path, as `people` judged it."""
    recorded = {
        recording.document: verdict
        for recording, verdict in people.sign_offs or []
        if recording.sign_off.key_path == ("approval",)
    }
    owed: dict[Document, list[Obligation]] = {}
    for obligation in people.obligations:
        owed.setdefault(obligation.policy, []).append(obligation)
    entries = []
    for doc in sorted(repository.of_type(*CONTROLLED_TYPES), key=lambda d: d.path):
        state, provenance = _provenance(doc, people, recorded)
        obligations = owed.get(doc)
        acknowledged = _acknowledged(obligations, people.as_of) if obligations else None
        entries.append(ApprovalEntry(doc.id or doc.path, doc.path, state, provenance, acknowledged))
    return tuple(entries)


def unproven_note(entries: tuple[ApprovalEntry, ...]) -> str | None:
    """What the policy suite's checklist item says of approvals git does not prove."""
    unproven = [e.name for e in entries if e.state == "unproven"]
    pending = [e.name for e in entries if e.state == "uncommitted"]
    notes = []
    if unproven:
        notes.append(f"approval not proven by git: {', '.join(unproven)}")
    if pending:
        notes.append(f"approval not yet committed: {', '.join(pending)}")
    return "; ".join(notes) or None
