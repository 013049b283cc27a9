"""The coverage matrix: which documents cover each criterion of the categories in scope.

A criterion is covered by a policy, procedure or standard in force (approved
by then and not overdue for review, as `lifecycle.in_force` says) that maps it in
`controls`, either directly (`CC6.1`) or by naming a control document whose
`criteria` include it (`CTL-ACCESS-REVIEW`). A document whose front-matter
does not parse maps what its text most likely maps (see unparsed.py) without
counting: the criterion is then neither covered nor reported uncovered until
the document parses. Used by the coverage rule and by `soclint coverage`.
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
        return [c for c in self.criteria if not c.covered]

    def ordered(self) -> list[CriterionCoverage]:
        """Uncovered criteria first, then covered ones, each in catalog order."""
        return self.uncovered + [c for c in self.criteria if c.covered]


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
    categories = repository.categories
    rows = tuple(
        CriterionCoverage(c, tuple(found.get(c.id, {}).values()))
        for c in catalog.in_categories(categories)
    )
    in_order = dict.fromkeys(c.criterion.category for c in rows)
    return Matrix(as_of, tuple(in_order), rows)
