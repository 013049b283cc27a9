"""Scope: one system description, consistent with itself and with what the documents claim."""

from __future__ import annotations

from collections.abc import Iterator

from soclint.context import Context
from soclint.dates import add_days, add_months, as_date
from soclint.document import Document
from soclint.fields import COMPONENT_FIELDS, category_item, references
from soclint.finding import Hit, Severity
from soclint.keypaths import where
from soclint.registry import Subject, rule
from soclint.rule_inputs import reads
from soclint.subservice import subservices
from soclint.unparsed import reads_as, unread_note

# A type 2 report's period, in months: a shorter one leaves too few runs of a
# quarterly control to test, and a report covers at most a year.
PERIOD_MONTHS = (3, 12)
# What marks a component as corporate IT: its `kind`, or its `environment`.
CORPORATE_KINDS = {"corporate-it", "corporate"}
CORPORATE_ENVIRONMENT = "corporate"


def _scope(ctx: Context) -> Document | None:
    return ctx.repository.first("system-description")


@rule(
    "C001",
    "system-description-count",
    "The repository has no system description, or more than one.",
    subject=Subject.REPOSITORY,
    reads=reads("system-description", unparsed=True),
)
def system_description_count(ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    The repository holds exactly one document of `type: system-description`.
    None is reported once, without a location (no document states the
    scope to point at); each further one at its `type`. A document whose
    front-matter does not parse but reads as the system description counts
    (its parse error is the finding); one whose type cannot be read at all
    is named as the file that may be it.

    ## Why an auditor cares

    The system description is the scope of the report: the categories, the
    period and the components the auditor tests. Without it nothing says
    what is in scope; with two, nobody knows which one management signed.

    ## Failing example

    An old `scope-2025.md` left next to the current system description (or
    no `system-description.md` at all):

    ```yaml scope-2025.md
    type: system-description
    id: system-2025
    title: Kestrel Ledger Platform - System Description 2025
    report: {type: 1, as_of: 2025-09-30}
    categories: [security]
    components: []
    ```

    ## Passing example

    One system description, whose earlier versions git keeps:

    ```yaml system-description.md
    type: system-description
    id: system
    title: Kestrel Ledger Platform - System Description
    report: {type: 2, period: {start: 2026-04-01, end: 2026-09-30}}
    categories: [security, availability]
    components:
      - {id: api, name: Ledger API, in_scope: true, owner: elena.petrova}
    ```

    ## Options

    None. Keep earlier scopes in git history rather than as files.
    """
    found = ctx.repository.of_type("system-description")
    unparsed, unread = reads_as(ctx.facts.unparsed, "system-description")
    if not found and not unparsed:
        yield Hit(
            "the repository has no system description (type: system-description): "
            f"nothing states the audit scope{unread_note(unread, 'be it')}"
        )
    for doc in found[1:]:
        yield Hit(
            f"a second system description: {found[0].path} already states the scope; keep one",
            doc,
            ("type",),
        )


@rule(
    "C002",
    "security-not-in-scope",
    "`security` is missing from the categories of the system description.",
    subject=Subject.REPOSITORY,
    reads=reads("system-description"),
)
def security_not_in_scope(ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    The `categories` of the system description include `security`.

    ## Why an auditor cares

    Every SOC 2 report covers the Security category (the common criteria,
    CC1 to CC9); the other categories are added to it, never used instead.

    ## Failing example

    ```yaml system-description.md
    categories: [availability, confidentiality]
    ```

    ## Passing example

    ```yaml system-description.md
    categories: [security, availability, confidentiality]
    ```

    ## Options

    None.
    """
    scope = _scope(ctx)
    if scope is None or not isinstance(scope.get("categories"), list):
        return
    if "security" not in ctx.repository.categories:
        yield Hit(
            "categories: 'security' is missing; every SOC 2 report covers security",
            scope,
            ("categories",),
        )


@rule(
    "C003",
    "scope-unsigned",
    "The system description has no management sign-off.",
    subject=Subject.REPOSITORY,
    waivable=False,
    reads=reads("system-description"),
)
def scope_unsigned(ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    The system description carries `approval: {by, date}`: management's
    sign-off of the scope. Whether the signer holds the `sign-off-scope`
    authority is checked with the other approvals.

    ## Why an auditor cares

    Management asserts the system description in the report. A scope nobody
    signed is a draft, and the auditor will ask who decided it.

    ## Failing example

    ```yaml system-description.md
    type: system-description
    categories: [security]
    # no approval
    ```

    ## Passing example

    ```yaml system-description.md
    approval:
      by: maya.chen
      date: 2026-03-30
    ```

    ## Options

    None.
    """
    scope = _scope(ctx)
    if scope is None:
        return
    signed = {"by": scope.text("approval", "by"), "date": as_date(scope.get("approval", "date"))}
    missing = [f"approval.{key}" for key, value in signed.items() if not value]
    if missing:
        yield Hit(
            f"the scope is not signed off ({' and '.join(missing)} missing); "
            "record who in management approved it, and when",
            scope,
            ("approval",),
        )


@rule(
    "C004",
    "report-window",
    "The report's period or date does not fit its type.",
    subject=Subject.REPOSITORY,
    reads=reads("system-description"),
)
def report_window(ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    A type 2 report has `report.period: {start, end}` that ends after it
    starts and runs 3 to 12 months. A type 1 report has `report.as_of`, the
    date its controls are described at.

    ## Why an auditor cares

    A type 2 report tests how controls operated over a period: under 3
    months is too short for most controls to run even once per quarter, and
    a report covers at most a year. A type 1 report describes controls at
    one date; without it there is nothing to report on.

    ## Failing example

    ```yaml system-description.md
    report:
      type: 2
      period: {start: 2026-04-01, end: 2026-05-15}
    ```

    ## Passing example

    ```yaml system-description.md
    report:
      type: 2
      period: {start: 2026-04-01, end: 2026-09-30}
    ```

    ## Options

    None.
    """
    scope = _scope(ctx)
    if scope is None:
        return
    kind = scope.get("report", "type")
    if kind == 1 and as_date(scope.get("report", "as_of")) is None:
        yield Hit(
            "report: a type 1 report describes controls at one date; add report.as_of",
            scope,
            ("report",),
        )
    if kind != 2:
        return
    if not isinstance(scope.get("report", "period"), dict):
        yield Hit(
            "report: a type 2 report covers a period; add report.period: {start, end}, "
            f"{PERIOD_MONTHS[0]} to {PERIOD_MONTHS[1]} months",
            scope,
            ("report",),
        )
        return
    start = as_date(scope.get("report", "period", "start"))
    end = as_date(scope.get("report", "period", "end"))
    if start is None or end is None:
        return
    path = ("report", "period", "end")
    shortest, longest = PERIOD_MONTHS
    # The period includes its last day: April 1 to June 30 is 3 months.
    after = add_days(end, 1)
    if end < start:
        problem = "ends before it starts"
    elif after < add_months(start, shortest):
        problem = f"is shorter than {shortest} months"
    elif after > add_months(start, longest):
        problem = f"is longer than {longest} months"
    else:
        return
    yield Hit(
        f"{where(path[:2])}: {start.isoformat()} to {end.isoformat()} {problem}; "
        f"a type 2 report covers {shortest} to {longest} months",
        scope,
        path,
    )


@rule(
    "C005",
    "component-without-owner",
    "An in-scope component has no owner.",
    subject=Subject.REPOSITORY,
    reads=reads("system-description"),
)
def component_without_owner(ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    Each component of the system description with `in_scope: true` names
    an `owner` from the roster.

    ## Why an auditor cares

    Someone must answer for each in-scope system: its access reviews, its
    changes, its vendor. A component without an owner is where evidence
    goes missing.

    ## Failing example

    ```yaml system-description.md
    components:
      - {id: database, name: Primary database, in_scope: true}
    ```

    ## Passing example

    ```yaml system-description.md
    components:
      - {id: database, name: Primary database, in_scope: true, owner: tom.nakamura}
    ```

    ## Options

    None.
    """
    for row in ctx.repository.rows("system-description"):
        if row.fields.get("in_scope") is True and not row.fields.get("owner"):
            name = row.fields.get("id")
            yield Hit(
                f"{where(row.key_path)}: the in-scope component '{name}' has no owner",
                row.document,
                row.key_path,
            )


@rule(
    "C006",
    "out-of-scope-component",
    "A document or asset names a component that is out of scope.",
    severity=Severity.WARNING,
    subject=Subject.REPOSITORY,
    reads=reads("asset-inventory", "policy", "procedure", "standard", "system-description"),
)
def out_of_scope_component(ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    Each `applies_to` item of a policy, procedure or standard and each
    asset's `component` names a component that is in scope (`in_scope:
    true`). Components that do not exist at all are reported by R002.

    ## Why an auditor cares

    A policy that applies to an out-of-scope component, or an asset of one
    in the inventory, blurs the boundary the system description draws: the
    auditor may treat the component as in scope, or question the carve-out.

    ## Failing example

    ```yaml policies/access-control.md
    # system-description.md: {id: marketing-site, in_scope: false, ...}
    applies_to: [api, marketing-site]
    ```

    ## Passing example

    ```yaml policies/access-control.md
    applies_to: [api]
    ```

    ## Options

    None. If the component belongs in scope, set `in_scope: true` in the
    system description.
    """
    scope = _scope(ctx)
    if scope is None:
        return
    for doc, path, value in references(ctx.repository, COMPONENT_FIELDS):
        row = ctx.repository.row("system-description", value)
        if row is not None and row.fields.get("in_scope") is False:
            yield Hit(
                f"{where(path)}: '{value}' is out of scope (in_scope: false in "
                f"{row.document.path}); remove it, or bring the component into scope",
                doc,
                path,
            )


@rule(
    "C008",
    "corporate-it-out-of-scope",
    "Confidentiality or privacy is in scope, but no corporate IT component is.",
    severity=Severity.WARNING,
    subject=Subject.REPOSITORY,
    reads=reads("system-description"),
)
def corporate_it_out_of_scope(ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    When `confidentiality` or `privacy` is in scope, at least one in-scope
    component is corporate IT: `kind: corporate-it` (or `corporate`), or
    `environment: corporate`. Reported at the first of those categories.

    ## Why an auditor cares

    Confidential and personal information does not stay in production:
    staff handle it in email, documents and on laptops during support work.
    Auditors usually expect identity, email and endpoints in scope with
    these categories, or a carve-out that explains why not.

    ## Failing example

    ```yaml system-description.md
    categories: [security, confidentiality]
    components:
      - {id: api, name: API, in_scope: true, owner: elena.petrova}
    ```

    ## Passing example

    ```yaml system-description.md
    components:
      - {id: api, name: API, in_scope: true, owner: elena.petrova}
      - id: corp-it
        name: Okta, Google Workspace and managed laptops
        kind: corporate-it
        environment: corporate
        in_scope: true
        owner: sofia.alvarez
    ```

    ## Options

    None. When corporate IT is deliberately out of scope, waive this finding
    in the system description with the reason.
    """
    scope = _scope(ctx)
    if scope is None:
        return
    found = [c for c in ("confidentiality", "privacy") if c in ctx.repository.categories]
    if not found:
        return
    for row in ctx.repository.rows("system-description"):
        corporate = (
            row.text("kind") in CORPORATE_KINDS
            or row.fields.get("environment") == CORPORATE_ENVIRONMENT
        )
        if corporate and row.fields.get("in_scope") is True:
            return
    verb = "are" if len(found) > 1 else "is"
    yield Hit(
        f"{' and '.join(found)} {verb} in scope, but no corporate IT component is (identity, "
        "email, laptops: kind: corporate-it); bring it into scope or explain the carve-out",
        scope,
        category_item(scope, found[0]),
    )


@rule(
    "C009",
    "subservice-not-assured",
    "A subservice organisation is not in the vendor register, or a carve-out has no current "
    "SOC 2 report to rely on.",
    subject=Subject.REPOSITORY,
    reads=reads("system-description", "vendor-register", unparsed=True),
)
def subservice_not_assured(ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    Each entry of the system description's `subservice` names a vendor of
    the vendor register. An entry with `method: carve-out` leaves its
    `criteria` to that vendor, so the vendor register must record the
    vendor's SOC 2 report (`soc2: {type, period_end}`), current as the
    vendor rules judge it (its period ended no longer ago than the pack's
    `soc2-report-max-age`, 12 months in the SOC 2 pack), and of type 2 when
    the company's report is. Reported at the entry's `vendor`. With
    `method: inclusive` the criteria stay in scope and need documents of
    the company's own (M004): the vendor need only be in the register.

    ## Why an auditor cares

    A SOC 2 report that carves out a cloud provider's data centres rests
    on the provider's own SOC 2 report: the auditor asks for it, and
    reviews that it covers the period and what the company expects of the
    provider. A carve-out to a vendor with a lapsed or missing report
    leaves those criteria with no evidence at all.

    ## Failing example

    A carve-out to a vendor the register records no SOC 2 report of (a
    questionnaire does not carry one); a lapsed report, or a type 1 report
    for a type 2 audit, fails the same way.

    ```yaml system-description.md
    subservice:
      - {vendor: ironbark-security, method: carve-out, criteria: [CC7.4]}
    ```

    ## Passing example

    The vendor register records `aws` with `soc2: {type: 2, period_end:
    2026-03-31}`, current on 2026-11-01.

    ```yaml system-description.md
    subservice:
      - {vendor: aws, method: carve-out, criteria: [CC6.4]}
    ```

    ## Options

    `cadences.soc2-report-max-age` in a rule pack.
    """
    scope = _scope(ctx)
    if scope is None:
        return
    for entry in subservices(ctx.repository, ctx.pack, ctx.facts.unparsed):
        if entry.vendor_id is None or entry.vendor_unread:
            continue  # the schema, or the vendor register's parse error, says what is wrong
        gap = entry.gap(ctx.as_of)
        if gap is not None:
            path, reason = gap
            yield Hit(f"{where(path)}: {reason}", scope, path)
