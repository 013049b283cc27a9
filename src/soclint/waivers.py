"""Waivers: `soclint: {waive: [{code, reason, until}]}` in a document's front-matter.

A waiver silences findings of one code in its own document. It counts only
with a reason and while `until` has not passed; the waiver rules report the
ones that do not count and the ones that silenced nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from soclint.dates import as_date
from soclint.document import Document
from soclint.finding import Finding


@dataclass(frozen=True)
class Waiver:
    document: Document
    index: int
    code: str | None
    reason: str | None
    until: date | None

    @property
    def key_path(self) -> tuple[str, str, int]:
        return ("soclint", "waive", self.index)

    def in_force(self, as_of: date) -> bool:
        return bool(self.reason) and (self.until is None or self.until >= as_of)


def waivers_of(doc: Document) -> list[Waiver]:
    items = doc.get("soclint", "waive")
    if not isinstance(items, list):
        return []
    found = []
    for index, item in enumerate(items):
        if isinstance(item, dict):
            code, reason = item.get("code"), item.get("reason")
            found.append(
                Waiver(
                    document=doc,
                    index=index,
                    code=code if isinstance(code, str) else None,
                    reason=reason.strip() if isinstance(reason, str) and reason.strip() else None,
                    until=as_date(item.get("until")),
                )
            )
    return found


@dataclass
class WaiverOutcome:
    """Every waiver of the run, and which of them silenced a finding."""

    waivers: list[Waiver]
    known: set[str]
    ran: set[str]
    used: set[tuple[str, int]] = field(default_factory=set)

    def was_used(self, waiver: Waiver) -> bool:
        return (waiver.document.path, waiver.index) in self.used


def apply_waivers(
    findings: Iterable[Finding],
    documents: Iterable[Document],
    as_of: date,
    known: set[str],
    ran: set[str],
) -> tuple[list[Finding], WaiverOutcome]:
    """The findings no waiver in force silences, and the outcome for the waiver rules.

    `known` holds every rule code, `ran` the codes this run executed.
    """
    outcome = WaiverOutcome([w for doc in documents for w in waivers_of(doc)], known, ran)
    in_force = {
        (w.document.path, w.code): w for w in outcome.waivers if w.code and w.in_force(as_of)
    }
    kept = []
    for finding in findings:
        waiver = in_force.get((finding.path, finding.code)) if finding.path else None
        if waiver is None:
            kept.append(finding)
        else:
            outcome.used.add((waiver.document.path, waiver.index))
    return kept, outcome
