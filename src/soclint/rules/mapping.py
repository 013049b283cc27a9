"""Mapping: the criteria and controls documents claim to address."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import chain

from soclint.context import Context
from soclint.coverage_matrix import mapped_criteria
from soclint.document import Document
from soclint.fields import category_item, references
from soclint.finding import Hit, Severity
from soclint.keypaths import where
from soclint.lifecycle import CONTROLLED_TYPES, is_retired
from soclint.registry import Subject, rule
from soclint.rule_inputs import OWN_DOCUMENT, reads
from soclint.unparsed import ids_of, may_be, unread_note

# Fields that may name a criterion or the id of a control document.
CONTROL_FIELDS = {
    "policy": (("controls", "*"),),
    "procedure": (("controls", "*"),),
    "standard": (("controls", "*"),),
    "risk-register": (("risks", "*", "controls", "*"),),
    "evidence-register": (("evidence", "*", "controls", "*"),),
}
# Fields that must name a criterion.
CRITERIA_FIELDS = {
    "control": (("criteria", "*"),),
    "system-description": (("subservice", "*", "criteria", "*"),),
}
# Documents whose front-matter maps criteria, so whose text may name them.
MAPPING_TYPES = ("policy", "procedure", "standard", "control")


# What the rules of every mapping read: each document and row that maps criteria, the
# control documents, and the scope.
MAPPINGS = reads(
    "control",
    "evidence-register",
    "policy",
    "procedure",
    "risk-register",
    "standard",
    "system-description",
    unparsed=True,
)


@rule(
    "M001",
    "unknown-criterion",
    "A mapping names neither a criterion of the catalog nor a control document.",
    subject=Subject.REPOSITORY,
    reads=MAPPINGS,
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

    ```yaml policies/access-control.md
    controls: [CC6.1, CC1.0, PP1.1]
    ```

    ## Passing example

    ```yaml policies/access-control.md
    controls: [CC6.1, CC1.1, P1.1, CTL-ACCESS-REVIEW]
    ```

    ## Options

    A pack may name another catalog (`catalog:` in the pack file).
    """
    catalog = ctx.catalog
    control_ids = {doc.id for doc in ctx.repository.of_type("control") if doc.id}
    control_ids |= ids_of(ctx.facts.unparsed, "control")
    for doc, path, ref in references(ctx.repository, CONTROL_FIELDS):
        if ref not in catalog and ref not in control_ids:
            reason = catalog.explain_unknown(
                ref, or_what="the id of a control document", or_ids=control_ids
            )
            yield Hit(f"{where(path)}: {reason}", doc, path)
    for doc, path, ref in references(ctx.repository, CRITERIA_FIELDS):
        if ref not in catalog:
            yield Hit(f"{where(path)}: {catalog.explain_unknown(ref)}", doc, path)


@rule(
    "M002",
    "criterion-out-of-scope",
    "A mapping names a criterion of a category that is not in scope.",
    severity=Severity.WARNING,
    subject=Subject.REPOSITORY,
    reads=MAPPINGS,
)
def criterion_out_of_scope(ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    Each criterion a document maps (`controls` of a policy, procedure,
    standard, risk or evidence entry; `criteria` of a control document)
    belongs to a category in the `categories` of the system description.
    Skipped when there is no system description (C001 reports that).

    ## Why an auditor cares

    The auditor tests only the criteria of the categories in the report. A
    mapping to `PI1.1` when processing integrity is out of scope suggests a
    program written for another scope, or a category someone forgot to add.

    ## Failing example

    ```yaml policies/change-management.md
    # system-description.md: categories: [security, availability, confidentiality]
    controls: [CC3.4, CC8.1, PI1.1, CTL-CHANGE-APPROVAL]
    ```

    ## Passing example

    ```yaml policies/change-management.md
    controls: [CC3.4, CC8.1, CTL-CHANGE-APPROVAL]
    ```

    ## Options

    None. Add the category to the system description if it is meant to be
    in scope.
    """
    scope = ctx.repository.first("system-description")
    if scope is None:
        return
    categories = ctx.repository.categories
    catalog = ctx.catalog
    for doc, path, ref in chain(
        references(ctx.repository, CONTROL_FIELDS), references(ctx.repository, CRITERIA_FIELDS)
    ):
        criterion = catalog.criteria.get(ref)
        if criterion is not None and criterion.category not in categories:
            yield Hit(
                f"{where(path)}: '{ref}' is {_article(criterion.category)} "
                f"{criterion.category} criterion, and "
                f"{criterion.category} is not in the categories of {scope.path}; "
                "remove it, or bring the category into scope",
                doc,
                path,
            )


@rule(
    "M003",
    "policy-maps-nothing",
    "A policy maps no criterion or control.",
    severity=Severity.WARNING,
    reads=OWN_DOCUMENT,
)
def policy_maps_nothing(doc: Document, ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    A policy that is not retired lists at least one criterion or control id
    in `controls`.

    ## Why an auditor cares

    A policy is evidence for the criteria it addresses. One that maps
    nothing covers nothing in the coverage matrix, and the auditor cannot
    tell which requirement it answers.

    ## Failing example

    ```yaml policies/acceptable-use.md
    type: policy
    kind: acceptable-use
    controls: []
    ```

    ## Passing example

    ```yaml policies/acceptable-use.md
    type: policy
    kind: acceptable-use
    controls: [CC1.1, CC2.2]
    ```

    ## Options

    None.
    """
    if doc.type != "policy" or is_retired(doc):
        return
    controls = doc.get("controls")
    if not isinstance(controls, list) or not any(isinstance(c, str) for c in controls):
        yield Hit(
            "the policy maps no criterion or control; list what it addresses in `controls`",
            doc,
            ("controls",),
        )


@rule(
    "M004",
    "criterion-uncovered",
    "A criterion in scope is covered by no approved, current document.",
    subject=Subject.REPOSITORY,
    reads=reads("control", "policy", "procedure", "standard", "system-description", unparsed=True),
)
def criterion_uncovered(ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    Every criterion of every category in the `categories` of the system
    description is mapped by at least one policy, procedure or standard that
    is in force: approved by the run's date, and not overdue for review. A
    document maps a criterion directly in `controls`, or by naming a control
    document whose `criteria` include it. Each uncovered criterion is reported at its
    category in `categories`. A criterion that a document whose front-matter
    does not parse most likely maps is not reported: the parse error is the
    finding, and the criterion is judged again once the document parses.
    A criterion the system description carves out to a subservice
    organisation (`subservice: [{vendor, method: carve-out, criteria}]`)
    needs no document while the vendor register records the vendor's
    current SOC 2 report; when it does not, C009 reports the carve-out and
    the criterion is reported here too. Criteria of the inclusive method
    stay in scope and need documents like any other. `soclint coverage`
    prints the whole matrix.

    ## Why an auditor cares

    The auditor tests every criterion of the categories in the report. A
    criterion no approved document addresses is a design gap: there is no
    stated control for the auditor to test, and a draft or lapsed policy
    does not count.

    ## Failing example

    Processing integrity comes into scope, and no approved policy, procedure
    or standard maps its criteria PI1.1 to PI1.5:

    ```yaml system-description.md
    categories: [security, availability, confidentiality, processing-integrity]
    ```

    ## Passing example

    The same scope, and a procedure, approved and reviewed this year, that
    maps them:

    ```yaml system-description.md
    categories: [security, availability, confidentiality, processing-integrity]
    ```

    ```yaml procedures/reconciliation-checks.md
    type: procedure
    id: PROC-RECONCILIATION-CHECKS
    title: Reconciliation Checks
    owner: elena.petrova
    status: approved
    version: "1.0"
    approval: {by: priya.raman, date: 2026-10-12}
    review: {last: 2026-10-12, cycle: annual}
    controls: [PI1.1, PI1.2, PI1.3, PI1.4, PI1.5]
    ```

    ## Options

    The review cycle that decides "not overdue" is the document's
    `review.cycle`, else the pack's `policy-review` cadence.
    """
    scope = ctx.repository.first("system-description")
    if scope is None:
        return
    # Documents of which nothing at all can be read may map any criterion.
    unread = (d for d in ctx.facts.unparsed if not d.data and may_be(d, *CONTROLLED_TYPES))
    maybe = unread_note(unread, "map it")
    for row in ctx.facts.coverage.uncovered:
        if row.unparsed or row.vendor_unread:
            continue
        criterion = row.criterion
        mapped = [f"{m.document.id or m.document.path} ({m.standing})" for m in row.mappings]
        advice = (
            f"; it is mapped only by documents not in force: {', '.join(mapped)}"
            if mapped
            else "; map it in the `controls` of one"
        )
        carved = [s.vendor_id for s in row.subservices if s.carved_out and s.vendor_id]
        if carved:
            advice += (
                f"; it is carved out to {', '.join(carved)}, which it cannot rely on "
                "without a current SOC 2 report in the vendor register"
            )
        yield Hit(
            f"{criterion.id} ({criterion.title.rstrip('.')}) is in scope but no approved, "
            f"current policy, procedure or standard covers it{advice}{maybe}",
            scope,
            category_item(scope, criterion.category),
        )


@rule(
    "M005",
    "criterion-mentioned-not-mapped",
    "The body names a criterion that the front-matter does not map.",
    severity=Severity.WARNING,
    reads=reads("control", unparsed=True),
)
def criterion_mentioned_not_mapped(doc: Document, ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    A criterion id written in the prose of a policy, procedure, standard or
    control (for example "see CC8.1") is mapped by its front-matter:
    directly in `controls`, through a control it names, or in a control's
    `criteria`. A range names every criterion of the catalog from its first
    to its last: `CC6.1–CC6.4`, `CC6.1-CC6.3`, `CC6.1 - 6.3` and `CC6.1 to
    CC6.4` name CC6.2 and CC6.3 too (a range across series, `CC6.8-CC7.1`,
    names only its ends). Fenced code blocks and code spans are not prose
    and are skipped; indented text is prose (an outline, not code).

    ## Why an auditor cares

    The front-matter is what soclint and the coverage matrix read. A
    criterion the text says it addresses but the mapping omits is coverage
    the matrix does not show, or text left over from an older mapping.

    ## Failing example

    ```yaml policies/access-control.md
    controls: [CC6.1, CC6.3]
    ```

    ```markdown policies/access-control.md
    Changes follow the change management policy (see CC8.1).
    Access is granted and removed as CC6.1–CC6.3 require.
    ```

    ## Passing example

    ```yaml policies/access-control.md
    controls: [CC6.1, CC6.2, CC6.3, CC8.1]
    ```

    ```markdown policies/access-control.md
    Changes follow the change management policy (see CC8.1).
    Access is granted and removed as CC6.1–CC6.3 require.
    ```

    ## Options

    None.
    """
    if doc.type not in MAPPING_TYPES:
        return
    catalog = ctx.catalog
    controls = ctx.facts.control_criteria
    mapped = {criterion for criterion, _via in mapped_criteria(doc, catalog, controls)}
    unmapped = catalog.criteria_named(doc.body) - mapped
    if not unmapped:  # spares parsing the body when every id it holds is mapped
        return
    key = "criteria" if doc.type == "control" else "controls"
    for line, text in ctx.facts.body(doc).prose:
        left = set(unmapped)  # what the line may still name, reported once each
        for mention in catalog.mentions(text):
            if not left:
                break
            ref = mention.criterion
            if ref not in left:
                continue
            left.remove(ref)
            within = f" (in {mention.written})" if mention.written != ref else ""
            yield Hit(
                f"the text names {ref}{within}, which the front-matter does not map; "
                f"add it to `{key}`, or reword the text",
                doc,
                line=line,
                column=ctx.facts.source_column(doc, line, mention.written),
            )


def _article(word: str) -> str:
    return "an" if word[:1] in ("a", "e", "i", "o", "u") else "a"
