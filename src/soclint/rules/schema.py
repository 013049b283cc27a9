"""Schema: each document's front-matter against the JSON Schema of its type."""

from __future__ import annotations

from collections.abc import Iterator

from soclint.context import Context
from soclint.document import Document
from soclint.finding import Hit
from soclint.registry import rule
from soclint.rule_inputs import OWN_DOCUMENT


def _hits(doc: Document, ctx: Context, kind: str) -> Iterator[Hit]:
    for found in ctx.facts.violations(doc):
        if found.kind == kind:
            yield Hit(found.message, doc, found.key_path)


@rule("V001", "missing-key", "A key the document type requires is missing.", reads=OWN_DOCUMENT)
def missing_key(doc: Document, ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    Each document type has required keys (every document: `type`, `id`,
    `title`; a policy also `kind`, `owner`, `status`, `version`, `review`;
    a register its rows). The finding is at the mapping that lacks the key:
    the opening `---` for a top-level key, else the key or list item that
    holds the mapping.

    ## Why an auditor cares

    A policy without an owner has nobody accountable for it (CC1.3); one
    without a review cycle will never be reviewed on time.

    ## Failing example

    ```yaml policies/access-control.md
    type: policy
    id: POL-ACCESS-CONTROL
    title: Access Control Policy
    kind: access-control
    status: approved
    ```

    ## Passing example

    ```yaml policies/access-control.md
    type: policy
    id: POL-ACCESS-CONTROL
    title: Access Control Policy
    kind: access-control
    owner: priya.raman
    status: approved
    version: "1.0"
    review: {last: 2026-02-01, cycle: annual}
    ```

    ## Options

    The schemas are in `schemas/` of the soclint installation, one per type.
    """
    return _hits(doc, ctx, "missing-key")


@rule(
    "V002",
    "unknown-key",
    "A key the document type does not define (often a typo).",
    reads=OWN_DOCUMENT,
)
def unknown_key(doc: Document, ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    Keys not defined for the document type, at the key itself, with the
    closest known key when one looks intended. Keys starting with `x-` are
    free for your own metadata, and so are the keys soclint.yaml declares as
    the repository's own for the type (`own_keys`), which are never judged.

    ## Why an auditor cares

    `aproval:` instead of `approval:` leaves the document unapproved as far
    as every other check is concerned, while the author believes it signed.

    ## Failing example

    ```yaml policies/access-control.md
    aproval:
      by: daniel.okafor
      date: 2026-02-10
    ```

    ## Passing example

    ```yaml policies/access-control.md
    approval:
      by: daniel.okafor
      date: 2026-02-10
    x-jira: SEC-142
    ```

    ## Options

    Prefix your own keys with `x-`, or declare the keys your other tools
    use in soclint.yaml (`own_keys: {policy: [slug, weight]}`): every other
    unknown key is still reported.
    """
    return _hits(doc, ctx, "unknown-key")


@rule(
    "V003", "invalid-value", "A value of the wrong type, format or vocabulary.", reads=OWN_DOCUMENT
)
def invalid_value(doc: Document, ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    Values must have the type and form the schema gives: dates as
    `YYYY-MM-DD`, review cycles and cadences from `annual`, `semiannual`,
    `quarterly`, `monthly`, `weekly`, `N months`, `N days`, and the closed
    vocabularies (status, categories, risk treatment and status, vendor
    tier, activity kind and outcome, exception severity, roster
    authorities). Lists that must not repeat an item report the repeat.

    ## Why an auditor cares

    `cycle: yearly` or `status: aproved` look right to a reader and mean
    nothing to the checks that follow: the review is never due, the policy
    never counts as approved.

    ## Failing example

    ```yaml policies/access-control.md
    status: aproved
    review: {last: 2026-02-01, cycle: yearly}
    ```

    ## Passing example

    ```yaml policies/access-control.md
    status: approved
    review: {last: 2026-02-01, cycle: annual}
    ```

    ## Options

    None.
    """
    return _hits(doc, ctx, "invalid-value")
