"""Vendor register: reviews on the tier's cadence, current assurance, data-processing addenda."""

from __future__ import annotations

from collections.abc import Iterator

from soclint.context import Context
from soclint.finding import Hit, Severity
from soclint.keypaths import where
from soclint.register_deadlines import (
    ASSURED_TIERS,
    assurance_sources,
    vendor_name,
    vendor_review_period,
    vendor_tier,
)
from soclint.registry import Subject, rule
from soclint.rule_inputs import reads


@rule(
    "O001",
    "vendor-review-overdue",
    "A vendor's last review is older than its tier's review cadence.",
    subject=Subject.REPOSITORY,
    reads=reads("activity-log", "evidence-register", "exception-register", "vendor-register"),
)
def vendor_review_overdue(ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    Each vendor has a `last_review` date no older than the pack's review
    cadence for its `tier` (the SOC 2 pack: critical and high annual, medium
    every 24 months, low every 36 months). A review on 2025-02-28 of a
    critical vendor is current up to 2026-02-28. A vendor with no
    `last_review` has never been reviewed, which is a finding too. O013
    warns `warn_days` before a review falls due.

    ## Why an auditor cares

    CC9.2 asks that vendor risk is assessed and monitored. For critical and
    high vendors the auditor expects a yearly review (new SOC 2 report,
    re-tiering, the controls the vendor expects of you), and samples the
    register for vendors that slipped.

    ## Failing example

    ```yaml registers/vendors.md
    vendors:
      - {id: datadog, name: Datadog, tier: high, owner: tom.nakamura, last_review: 2025-06-18}
    # judged on 2026-11-01
    ```

    ## Passing example

    ```yaml registers/vendors.md
    vendors:
      - {id: datadog, name: Datadog, tier: high, owner: tom.nakamura, last_review: 2026-06-18}
    ```

    ## Options

    `cadences.vendor-review` in a rule pack sets the period per tier.
    """
    for deadline in ctx.facts.deadlines.vendor_reviews:
        if deadline.passed(ctx.as_of):
            yield deadline.overdue_hit(ctx.as_of)
    for row in ctx.repository.rows("vendor-register"):
        period = vendor_review_period(row, ctx.pack)
        if period is not None and row.fields.get("last_review") is None:
            yield Hit(
                f"{where(row.key_path)}: {vendor_name(row)} has never been reviewed; review "
                f"it (its tier's cadence is {period}) and record last_review",
                row.document,
                row.key_path,
            )


@rule(
    "O002",
    "vendor-assurance-stale",
    "A critical or high vendor has no current SOC 2 report or questionnaire.",
    subject=Subject.REPOSITORY,
    reads=reads("activity-log", "evidence-register", "exception-register", "vendor-register"),
)
def vendor_assurance_stale(ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    A vendor of tier `critical` or `high` has current assurance: a SOC 2
    report (`soc2: {type, period_end}`) whose period ended no longer ago than
    the pack's `soc2-report-max-age` (SOC 2 pack: 12 months), or a security
    `questionnaire: {date}` within the vendor's review cadence. Whichever is
    newer counts. O013 warns `warn_days` before it runs out.

    ## Why an auditor cares

    Under CC9.2 the auditor asks how you know a critical vendor's controls
    still work. The vendor's own SOC 2 report is the usual answer, and one
    whose period ended more than a year ago says nothing about the period
    under audit. A questionnaire stands in for vendors without a report.

    ## Failing example

    ```yaml registers/vendors.md
    vendors:
      - {id: okta, name: Okta, tier: critical, owner: sofia.alvarez,
         soc2: {type: 2, period_end: 2025-02-28}}
    # judged on 2026-11-01: the report covers nothing after February 2025
    ```

    ## Passing example

    ```yaml registers/vendors.md
    vendors:
      - {id: okta, name: Okta, tier: critical, owner: sofia.alvarez,
         soc2: {type: 2, period_end: 2026-02-28}}
    ```

    ## Options

    `cadences.soc2-report-max-age` and `cadences.vendor-review` in a rule pack.
    """
    for deadline in ctx.facts.deadlines.vendor_assurance:
        if deadline.passed(ctx.as_of):
            yield deadline.overdue_hit(ctx.as_of)
    for row in ctx.repository.rows("vendor-register"):
        if vendor_tier(row) in ASSURED_TIERS and not assurance_sources(row, ctx.pack):
            yield Hit(
                f"{where(row.key_path)}: {vendor_name(row)} has neither a SOC 2 report nor a "
                "security questionnaire; record soc2: {type, period_end} or questionnaire: {date}",
                row.document,
                row.key_path,
            )


@rule(
    "O003",
    "vendor-addendum-missing",
    "A critical vendor has no signed security or data-processing addendum.",
    severity=Severity.WARNING,
    subject=Subject.REPOSITORY,
    reads=reads("vendor-register"),
)
def vendor_addendum_missing(ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    A vendor of tier `critical` says `addendum: true`: a security or
    data-processing addendum (breach notification, deletion, sub-processors)
    is signed. A warning, because the contract may cover it in other words.

    ## Why an auditor cares

    CC9.2 asks that commitments are agreed with vendors. For a vendor whose
    breach is your breach, the auditor looks for contractual terms on
    notification and data handling.

    ## Failing example

    ```yaml registers/vendors.md
    vendors:
      - {id: aws, name: Amazon Web Services, tier: critical, owner: tom.nakamura,
         addendum: false}
    ```

    ## Passing example

    ```yaml registers/vendors.md
    vendors:
      - {id: aws, name: Amazon Web Services, tier: critical, owner: tom.nakamura,
         addendum: true}
    ```

    ## Options

    None. Waive it in the vendor register with a reason when the master
    agreement carries the terms.
    """
    for row in ctx.repository.rows("vendor-register"):
        if vendor_tier(row) != "critical" or row.fields.get("addendum") is True:
            continue
        path = (*row.key_path, "addendum") if "addendum" in row.fields else row.key_path
        yield Hit(
            f"{where(path)}: {vendor_name(row)} has no signed addendum; sign a security or "
            "data-processing addendum and set addendum: true",
            row.document,
            path,
        )
