"""Mapping: the criteria and controls documents claim to address."""

from __future__ import annotations

from collections.abc import Iterator

from soclint.context import Context
from soclint.finding import Hit
from soclint.registry import Scope, rule
from soclint.rules.references import references
from soclint.schemas import where

# Fields that may name a criterion or the id of a control document.
CONTROL_FIELDS = {
    "policy": (("controls", "*"),),
    "procedure": (("controls", "*"),),
    "standard": (("controls", "*"),),
    "risk-register": (("risks", "*", "controls", "*"),),
    "evidence-register": (("evidence", "*", "controls", "*"),),
}
# Fields that must name a criterion.
CRITERIA_FIELDS = {"control": (("criteria", "*"),)}


@rule(
    "M001",
    "unknown-criterion",
    "A mapping names neither a criterion of the catalog nor a control document.",
    scope=Scope.REPOSITORY,
)
def unknown_criterion(ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    Each `controls` item of a policy, procedure, standard, risk or evidence
    entry is a criterion of the pack's catalog (the Trust Services Criteria
    2017: CC1.1 to CC9.2, A1.1 to A1.3, C1.1, C1.2, PI1.1 to PI1.5, P1.1 to
    P8.1) or the `id` of a `control` document. A control document's
    `criteria` must be criteria. Series headings such as `CC1.0` and
    misspellings such as `PP1.1`, both common in spreadsheets, are named as
    such.

    ## Why an auditor cares

    The mapping is how you show the auditor which document addresses which
    criterion. A mapping to a criterion that does not exist covers nothing,
    and the criterion you meant stays uncovered.

    ## Failing example

    ```yaml
    controls: [CC6.1, CC1.0, PP1.1]
    ```

    ## Passing example

    ```yaml
    controls: [CC6.1, CC1.1, P1.1, CTL-ACCESS-REVIEW]
    ```

    ## Options

    A pack may name another catalog (`catalog:` in the pack file).
    """
    catalog = ctx.catalog
    control_ids = {doc.id for doc in ctx.repository.of_type("control") if doc.id}
    for doc, path, ref in references(ctx, CONTROL_FIELDS):
        if ref not in catalog and ref not in control_ids:
            reason = catalog.explain_unknown(ref, or_what="the id of a control document")
            yield Hit(f"{where(path)}: {reason}", doc, path)
    for doc, path, ref in references(ctx, CRITERIA_FIELDS):
        if ref not in catalog:
            yield Hit(f"{where(path)}: {catalog.explain_unknown(ref)}", doc, path)
