"""Waivers: `soclint: {waive: [{code, reason, until}]}` in a document's front-matter, and
comments in its body (`<!-- soclint-disable-next-line L003 -- reason -->`, see
waiver_comments.py).

A waiver silences findings of one code in its own document: a front-matter
waiver anywhere in it, a comment on the lines it covers. It is content: it is
approved with the document, and adding or changing one changes the digest. It
counts only while nothing is wrong with it: it gives a reason, its rule may be
waived at all (rules that guard the integrity of an approval may not), and a
front-matter waiver ends (`until`), that end has not passed and lies at most
the configured term after the approval that vouches for it. A comment needs no
`until`: it can only silence findings on lines of the body, which are about the
approved text itself (its links, placeholders, mentions), so it lasts as long
as that text, and changing the text needs a new approval. The waiver rules
report every waiver that does not count, and the ones that silenced nothing.
"""

from __future__ import annotations

import heapq
import sys
from collections.abc import Callable, Iterable, Mapping, Set
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from functools import cached_property
from typing import TYPE_CHECKING

from soclint.dates import add_period, as_date
from soclint.document import Document
from soclint.finding import Finding, Hit
from soclint.keypaths import KeyPath
from soclint.lifecycle import vouching_date
from soclint.waiver_comments import DIRECTIVE, CommentWaiver, comment_waivers

if TYPE_CHECKING:
    from soclint.markdown import Body

# The parsed body of a document, as a run reads it once for every rule.
BodyReader = Callable[[Document], "Body"]


class Defect(str, Enum):
    """Why a waiver does not apply."""

    NOT_WAIVABLE = "not-waivable"
    NO_REASON = "no-reason"
    NO_END = "no-end"
    EXPIRED = "expired"
    TOO_LONG = "too-long"
    UNREADABLE = "unreadable"


@dataclass(frozen=True)
class Waiver:
    document: Document
    index: int
    code: str | None
    reason: str | None
    until: date | None
    # A waiver written as a comment in the body; None for one in the front-matter.
    comment: CommentWaiver | None = None

    @cached_property
    def key(self) -> tuple[str, bool, int]:
        """What tells this waiver from every other of the run."""
        return (self.document.path, self.comment is not None, self.index)

    @property
    def key_path(self) -> tuple[str, str, int]:
        return ("soclint", "waive", self.index)

    @property
    def shown_code(self) -> str:
        return self.code or "?"

    @property
    def lines(self) -> tuple[int, int]:
        """The first and last line of the document whose findings it can silence."""
        if self.comment is None:
            return (1, sys.maxsize)
        return (self.comment.first, self.comment.last)

    @property
    def covered(self) -> str:
        """Where its findings would be, in words: `in this document`, `on line 12`."""
        first, last = self.lines
        if self.comment is None:
            return "in this document"
        return f"on line {first}" if first >= last else f"on lines {first} to {last}"

    def hit(self, message: str, key: str | None = None) -> Hit:
        """A finding about this waiver: at its `key` (a front-matter waiver) or its comment."""
        if self.comment is not None:
            return Hit(message, self.document, line=self.comment.line, column=self.comment.column)
        key_path: KeyPath = self.key_path if key is None else (*self.key_path, key)
        return Hit(message, self.document, key_path)


def waivers_of(doc: Document, body: BodyReader | None = None) -> list[Waiver]:
    """The waivers of `doc`: those of its front-matter, then those of its body (read by
    `body`, default: parsed here)."""
    return [*_front_matter_waivers(doc), *_comment_waivers(doc, body)]


def _comment_waivers(doc: Document, body: BodyReader | None) -> list[Waiver]:
    # A file whose front-matter cannot be read has no body apart from it: a comment there
    # could silence the very finding that says the file is not read as a document.
    if doc.data is None or DIRECTIVE not in doc.body:
        return []
    if body is None:
        from soclint.markdown import Body

        parsed = Body(doc.body, doc.body_line)
    else:
        parsed = body(doc)
    last_line = doc.body_line + doc.body.count("\n")
    written = comment_waivers(parsed.comments, last_line)
    return [
        Waiver(doc, index, comment.code, comment.reason, None, comment)
        for index, comment in enumerate(written)
    ]


def _front_matter_waivers(doc: Document) -> list[Waiver]:
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
        if waiver.comment is not None and waiver.comment.problem is not None:
            return [Defect.UNREADABLE]
        found = []
        if waiver.code in self.unwaivable:
            found.append(Defect.NOT_WAIVABLE)
        if waiver.reason is None:
            found.append(Defect.NO_REASON)
        if waiver.until is None:
            if waiver.comment is None:
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
    # The codes of the rules the run ran over every document; and of those it ran only
    # over some (diff mode's focus), the paths of those documents.
    ran: Set[str]
    ran_on: Mapping[str, Set[str]] = field(default_factory=dict)
    used: set[tuple[str, bool, int]] = field(default_factory=set)

    def __post_init__(self) -> None:
        self._defects = {waiver.key: self.terms.defects(waiver) for waiver in self.waivers}
        # The waivers in force, by the (document path, code) of the findings they may silence.
        self.in_force_at: dict[tuple[str | None, str], list[Waiver]] = {}
        for waiver in self.waivers:
            if waiver.code is not None and not self._defects[waiver.key]:
                key = (waiver.document.path, waiver.code)
                self.in_force_at.setdefault(key, []).append(waiver)

    @property
    def aimed(self) -> Set[tuple[str | None, str]]:
        """The (document path, code) of the findings some waiver in force may silence."""
        return self.in_force_at.keys()

    def defects(self, waiver: Waiver) -> list[Defect]:
        return self._defects[waiver.key]

    def in_force(self, waiver: Waiver) -> bool:
        return waiver.code is not None and not self.defects(waiver)

    def with_defect(self, defect: Defect) -> Iterable[Waiver]:
        return (w for w in self.waivers if defect in self.defects(w))

    def was_used(self, waiver: Waiver) -> bool:
        return waiver.key in self.used

    def judged(self, waiver: Waiver) -> bool:
        """Whether the run ran the rule `waiver` waives over the document that holds it."""
        code = waiver.code
        if code is None:
            return False
        return code in self.ran or waiver.document.path in self.ran_on.get(code, ())


def collect_waivers(
    documents: Iterable[Document],
    terms: WaiverTerms,
    ran: Set[str],
    body: BodyReader | None = None,
    ran_on: Mapping[str, Set[str]] | None = None,
) -> WaiverOutcome:
    """Every waiver of `documents` and what keeps each from applying. `ran` holds the codes
    the run executes over every document, `ran_on` those it executes over some documents
    only, with their paths; `body` reads a document's body as the run's rules read it."""
    found = [w for doc in documents for w in waivers_of(doc, body)]
    return WaiverOutcome(found, terms, ran, ran_on or {})


def apply_waivers(findings: Iterable[Finding], outcome: WaiverOutcome) -> list[Finding]:
    """The findings no waiver in force silences; the waivers that silence one are recorded
    as used in `outcome`.

    A finding is silenced by every waiver in force of its code and document that covers
    its line; each of them counts as used.
    """
    findings = list(findings)
    aimed: dict[tuple[str | None, str], list[tuple[int, int]]] = {}
    for index, finding in enumerate(findings):
        key = (finding.path, finding.code)
        if finding.path is not None and key in outcome.in_force_at:
            aimed.setdefault(key, []).append((finding.line or 1, index))
    silenced: set[int] = set()
    for key, lines in aimed.items():
        silenced |= _silenced(sorted(lines), outcome.in_force_at[key], outcome.used)
    return [finding for index, finding in enumerate(findings) if index not in silenced]


def _silenced(
    lines: list[tuple[int, int]], waivers: list[Waiver], used: set[tuple[str, bool, int]]
) -> set[int]:
    """The findings, given as (line, index) in line order, that `waivers` cover; each waiver
    that covers one is added to `used`. One pass over both, in time n log n however many
    waivers cover the same lines."""
    spans = sorted((waiver.lines, order, waiver) for order, waiver in enumerate(waivers))
    started = 0
    reach = 0  # the last line a waiver started so far covers
    unused: list[tuple[int, int, Waiver]] = []  # started waivers not yet used, by last line
    silenced = set()
    for line, index in lines:
        while started < len(spans) and spans[started][0][0] <= line:
            (_, last), order, waiver = spans[started]
            reach = max(reach, last)
            heapq.heappush(unused, (last, order, waiver))
            started += 1
        if reach < line:
            continue
        silenced.add(index)
        while unused:
            last, _, waiver = heapq.heappop(unused)
            if last >= line:
                used.add(waiver.key)
    return silenced
