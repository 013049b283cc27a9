"""The coverage matrix: which documents cover each criterion of the categories in scope.

A criterion is covered by a policy, procedure or standard in force (approved
by then and not overdue for review, as `lifecycle.in_force` says) that maps it in
`controls`, either directly (`CC6.1`) or by naming a control document whose
`criteria` include it (`CTL-ACCESS-REVIEW`). A document whose front-matter
does not parse maps what its text most likely maps (see unparsed.py) without
counting: the criterion is then neither covered nor reported uncovered until
the document parses. A criterion the system description carves out to a
subservice organisation with a current SOC 2 report (see subservice.py) needs
no document: it is carved out. Used by the coverage rule and by `soclint
coverage`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from soclint.catalog import Catalog, Criterion
from soclint.document import Document
from soclint.lifecycle import (
    APPROVED,
    CONTROLLED_TYPES,
    approved_on,
    in_force,
    is_approved,
    review_due,
)
from soclint.pack import Pack
from soclint.repository import Repository
from soclint.subservice import Subservice, subservices
from soclint.unparsed import may_be

# The standing of a document whose front-matter does not parse.
NOT_PARSED = "does not parse"


@dataclass(frozen=True)
class Mapping:
    """A document that maps a criterion, through control `via` or directly (None)."""

    document: Document
    via: str | None
    # Why the document does not count ('draft', 'review overdue since ...'); None when it does.
    standing: str | None

    @property
    def in_force(self) -> bool:
        return self.standing is None

    @property
    def parses(self) -> bool:
        return self.standing != NOT_PARSED


@dataclass(frozen=True)
class CriterionCoverage:
    criterion: Criterion
    mappings: tuple[Mapping, ...]
    # The subservice entries that name the criterion, and the carve-out the company can
    # rely on for it, if one can be.
    subservices: tuple[Subservice, ...] = ()
    carved_out_to: Subservice | None = None

    @property
    def satisfied(self) -> bool:
        """Covered by a document in force, or carved out to a vendor it can rely on."""
        return self.covered or self.carved_out_to is not None

    @property
    def vendor_unread(self) -> bool:
        """Whether a carve-out names it to a vendor of a register that does not parse."""
        return any(s.carved_out and s.vendor_unread for s in self.subservices)

    @property
    def covering(self) -> list[Mapping]:
        return [m for m in self.mappings if m.in_force]

    @property
    def covered(self) -> bool:
        return any(m.in_force for m in self.mappings)

    @property
    def unparsed(self) -> list[Mapping]:
        """The documents that may cover the criterion but do not parse."""
        return [m for m in self.mappings if not m.parses]


@dataclass(frozen=True)
class Matrix:
    as_of: date
    categories: tuple[str, ...]
    criteria: tuple[CriterionCoverage, ...]

    @property
    def uncovered(self) -> list[CriterionCoverage]:
        """The criteria neither covered nor carved out."""
        return [c for c in self.criteria if not c.satisfied]

    @property
    def carved_out(self) -> list[CriterionCoverage]:
        """The criteria no document covers that are carved out to a vendor."""
        return [c for c in self.criteria if not c.covered and c.carved_out_to is not None]

    def ordered(self) -> list[CriterionCoverage]:
        """Uncovered criteria first, then the others, each in catalog order."""
        return self.uncovered + [c for c in self.criteria if c.satisfied]


def control_criteria(repository: Repository, unparsed: Sequence[Document]) -> dict[str, list[str]]:
    """Control document id -> the criteria it maps; `unparsed` are the documents that do
    not parse, as `unparsed.unparsed_documents` guesses them."""
    table: dict[str, list[str]] = {}
    guessed = [doc for doc in unparsed if doc.type == "control"]
    for doc in [*repository.of_type("control"), *guessed]:
        criteria = doc.get("criteria")
        if doc.id is not None and isinstance(criteria, list):
            table.setdefault(doc.id, [c for c in criteria if isinstance(c, str)])
    return table


def mapped_criteria(
    doc: Document, catalog: Catalog, controls: dict[str, list[str]]
) -> Iterator[tuple[str, str | None]]:
    """Each (criterion, control id or None when direct) that `doc`'s front-matter maps."""
    if doc.type == "control":
        refs, via_control = doc.get("criteria"), False
    else:
        refs, via_control = doc.get("controls"), True
    for ref in refs if isinstance(refs, list) else []:
        if not isinstance(ref, str):
            continue
        if ref in catalog:
            yield ref, None
        elif via_control:
            yield from ((c, ref) for c in controls.get(ref, []) if c in catalog)


def standing(doc: Document, pack: Pack, as_of: date) -> str | None:
    """Why `doc` is not in force on `as_of` ('draft', 'review overdue since ...'), else None."""
    if in_force(doc, pack, as_of):
        return None
    if not is_approved(doc):
        status = doc.text("status")
        return status if status and status != APPROVED else "approval incomplete"
    approved = approved_on(doc)
    if approved is not None and as_of < approved:
        return f"approved only from {approved.isoformat()}"
    due = review_due(doc, pack)
    return f"review overdue since {due.isoformat()}" if due else "review overdue"


def coverage_matrix(
    repository: Repository, pack: Pack, as_of: date, unparsed: Sequence[Document]
) -> Matrix:
    """The coverage of every criterion of the categories in scope, in catalog order;
    `unparsed` as for `control_criteria`."""
    catalog = pack.catalog
    controls = control_criteria(repository, unparsed)
    found: dict[str, dict[str, Mapping]] = {}
    may_map = [d for d in unparsed if may_be(d, *CONTROLLED_TYPES)]
    standings = [(doc, standing(doc, pack, as_of)) for doc in repository.of_type(*CONTROLLED_TYPES)]
    for doc, reason in [*standings, *((doc, NOT_PARSED) for doc in may_map)]:
        for criterion, via in mapped_criteria(doc, catalog, controls):
            by_document = found.setdefault(criterion, {})
            known = by_document.get(doc.path)
            if known is None or (known.via is not None and via is None):
                by_document[doc.path] = Mapping(doc, via, reason)
    by_criterion: dict[str, list[Subservice]] = {}
    for entry in subservices(repository, pack, unparsed):
        for criterion in dict.fromkeys(entry.criteria):
            by_criterion.setdefault(criterion, []).append(entry)
    categories = repository.categories
    rows = tuple(
        CriterionCoverage(
            c,
            tuple(found.get(c.id, {}).values()),
            tuple(by_criterion.get(c.id, [])),
            next((s for s in by_criterion.get(c.id, []) if s.relied_on(as_of)), None),
        )
        for c in catalog.in_categories(categories)
    )
    in_order = dict.fromkeys(c.criterion.category for c in rows)
    return Matrix(as_of, tuple(in_order), rows)
