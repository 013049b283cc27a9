"""Waivers: `soclint: {waive: [{code, reason, until}]}` in a document's front-matter.

A waiver silences findings of one code in its own document. It is content:
it is approved with the document, and adding or changing one changes the
digest. It counts only while nothing is wrong with it: it gives a reason, it
ends (`until`), that end has not passed and lies at most the configured term
after the approval that vouches for it, and its rule may be waived at all
(rules that guard the integrity of an approval may not). The waiver rules
report every waiver that does not count, and the ones that silenced nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import Enum

from soclint.dates import add_period, as_date
from soclint.document import Document
from soclint.finding import Finding
from soclint.lifecycle import vouching_date


class Defect(str, Enum):
    """Why a waiver does not apply."""

    NOT_WAIVABLE = "not-waivable"
    NO_REASON = "no-reason"
    NO_END = "no-end"
    EXPIRED = "expired"
    TOO_LONG = "too-long"


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

    @property
    def shown_code(self) -> str:
        return self.code or "?"


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


@dataclass(frozen=True)
class WaiverTerms:
    """What a waiver is judged against: the run's date, the longest term, the codes of the
    program's rules and of those no waiver may silence."""

    as_of: date
    max_term: str
    codes: frozenset[str]
    unwaivable: frozenset[str]

    def term_start(self, doc: Document) -> tuple[date, str]:
        """From when a waiver of `doc` runs, and how to say it: its approval, else today."""
        approved = vouching_date(doc)
        if approved is not None:
            return approved, f"its approval on {approved.isoformat()}"
        return self.as_of, f"the as-of date {self.as_of.isoformat()}"

    def latest_end(self, doc: Document) -> date | None:
        """The last day a waiver of `doc` may run to; None when the term cannot be told."""
        start, _ = self.term_start(doc)
        try:
            return add_period(start, self.max_term)
        except (OverflowError, ValueError):
            return None

    def defects(self, waiver: Waiver) -> list[Defect]:
        """Everything that keeps `waiver` from applying; empty when it is in force."""
        found = []
        if waiver.code in self.unwaivable:
            found.append(Defect.NOT_WAIVABLE)
        if waiver.reason is None:
            found.append(Defect.NO_REASON)
        if waiver.until is None:
            found.append(Defect.NO_END)
        elif waiver.until < self.as_of:
            found.append(Defect.EXPIRED)
        else:
            latest = self.latest_end(waiver.document)
            if latest is not None and waiver.until > latest:
                found.append(Defect.TOO_LONG)
        return found


@dataclass
class WaiverOutcome:
    """Every waiver of the run, what keeps each from applying, and which silenced a finding."""

    waivers: list[Waiver]
    terms: WaiverTerms
    ran: set[str]
    used: set[tuple[str, int]] = field(default_factory=set)
    _defects: dict[tuple[str, int], list[Defect]] = field(default_factory=dict)

    def defects(self, waiver: Waiver) -> list[Defect]:
        key = (waiver.document.path, waiver.index)
        if key not in self._defects:
            self._defects[key] = self.terms.defects(waiver)
        return self._defects[key]

    def in_force(self, waiver: Waiver) -> bool:
        return waiver.code is not None and not self.defects(waiver)

    def with_defect(self, defect: Defect) -> Iterable[Waiver]:
        return (w for w in self.waivers if defect in self.defects(w))

    def was_used(self, waiver: Waiver) -> bool:
        return (waiver.document.path, waiver.index) in self.used


def apply_waivers(
    findings: Iterable[Finding],
    documents: Iterable[Document],
    terms: WaiverTerms,
    ran: set[str],
) -> tuple[list[Finding], WaiverOutcome]:
    """The findings no waiver in force silences, and the outcome for the waiver rules.

    `ran` holds the codes this run executed.
    """
    outcome = WaiverOutcome([w for doc in documents for w in waivers_of(doc)], terms, ran)
    in_force = {(w.document.path, w.code): w for w in outcome.waivers if outcome.in_force(w)}
    kept = []
    for finding in findings:
        waiver = in_force.get((finding.path, finding.code)) if finding.path else None
        if waiver is None:
            kept.append(finding)
        else:
            outcome.used.add((waiver.document.path, waiver.index))
    return kept, outcome
