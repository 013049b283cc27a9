"""Vendor register: reviews on the tier's cadence, current assurance, data-processing addenda."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from soclint.assurance import soc2_report
from soclint.context import Context
from soclint.dates import add_period, as_date
from soclint.deadlines import Deadline, period_adjective
from soclint.finding import Hit, Severity
from soclint.keypaths import where
from soclint.registry import Subject, rule
from soclint.repository import Row

# Tiers that must show current third-party assurance (a SOC 2 report or a questionnaire).
ASSURED_TIERS = ("critical", "high")


def _tier(row: Row) -> str | None:
    tier = row.fields.get("tier")
    return tier if isinstance(tier, str) else None


def _vendor_name(row: Row) -> str:
    vendor_id = row.fields.get("id")
    tier = _tier(row)
    name = f"vendor '{vendor_id}'" if isinstance(vendor_id, str) else "the vendor"
    return f"{tier} {name}" if tier else name


def _review_period(row: Row, ctx: Context) -> str | None:
    tier = _tier(row)
    periods = ctx.pack.cadences.get("vendor-review", {})
    period = periods.get(tier) if tier and isinstance(periods, dict) else None
    return period if isinstance(period, str) else None


def review_deadlines(ctx: Context) -> Iterator[Deadline]:
    for row in ctx.repository.rows("vendor-register"):
        period = _review_period(row, ctx)
        reviewed = as_date(row.fields.get("last_review"))
        due = add_period(reviewed, period) if period and reviewed else None
        if reviewed is None or period is None or due is None:
            continue
        yield Deadline(
            row.document,
            (*row.key_path, "last_review"),
            due,
            f"the {period_adjective(period)} review of {_vendor_name(row)}",
            f"last review {reviewed.isoformat()}",
            "review the vendor (assurance, tier, data shared) and update last_review",
        )


@rule(
    "O001",
    "vendor-review-overdue",
    "A vendor's last review is older than its tier's review cadence.",
    subject=Subject.REPOSITORY,
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

    ```yaml
    vendors:
      - {id: datadog, name: Datadog, tier: high, owner: tom, last_review: 2025-06-18}
    # judged on 2026-11-01
    ```

    ## Passing example

    ```yaml
    vendors:
      - {id: datadog, name: Datadog, tier: high, owner: tom, last_review: 2026-06-18}
    ```

    ## Options

    `cadences.vendor-review` in a rule pack sets the period per tier.
    """
    for deadline in review_deadlines(ctx):
        if deadline.passed(ctx.as_of):
            yield deadline.overdue_hit(ctx.as_of)
    for row in ctx.repository.rows("vendor-register"):
        period = _review_period(row, ctx)
        if period is not None and row.fields.get("last_review") is None:
            yield Hit(
                f"{where(row.key_path)}: {_vendor_name(row)} has never been reviewed; review "
                f"it (its tier's cadence is {period}) and record last_review",
                row.document,
                row.key_path,
            )


def _assurance_sources(row: Row, ctx: Context) -> list[tuple[date, tuple[str, str], str]]:
    """Each (valid until, key path, description) of the vendor's SOC 2 report and questionnaire."""
    found = []
    report = soc2_report(row, ctx.pack)
    if report is not None:
        ended = report.period_end.isoformat()
        described = f"SOC 2 report period ended {ended}, max age {report.max_age}"
        found.append((report.current_until, ("soc2", "period_end"), described))
    review_period = _review_period(row, ctx)
    asked = as_date(row.document.get(*row.key_path, "questionnaire", "date"))
    until = add_period(asked, review_period) if asked and review_period else None
    if asked is not None and until is not None:
        described = f"questionnaire of {asked.isoformat()}, cadence {review_period}"
        found.append((until, ("questionnaire", "date"), described))
    return found


def assurance_deadlines(ctx: Context) -> Iterator[Deadline]:
    """When each critical or high vendor's assurance runs out: its newer report or questionnaire."""
    for row in ctx.repository.rows("vendor-register"):
        if _tier(row) not in ASSURED_TIERS:
            continue
        sources = _assurance_sources(row, ctx)
        if not sources:
            continue
        until, key, _ = max(sources)
        yield Deadline(
            row.document,
            (*row.key_path, *key),
            until,
            f"the assurance of {_vendor_name(row)}",
            "; ".join(description for _, _, description in sorted(sources, reverse=True)),
            "obtain the vendor's current SOC 2 report (soc2.period_end) or a new questionnaire",
            expiry=True,
        )


@rule(
    "O002",
    "vendor-assurance-stale",
    "A critical or high vendor has no current SOC 2 report or questionnaire.",
    subject=Subject.REPOSITORY,
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

    ```yaml
    - {id: okta, tier: critical, soc2: {type: 2, period_end: 2025-02-28}, ...}
    # judged on 2026-11-01: the report covers nothing after February 2025
    ```

    ## Passing example

    ```yaml
    - {id: okta, tier: critical, soc2: {type: 2, period_end: 2026-02-28}, ...}
    ```

    ## Options

    `cadences.soc2-report-max-age` and `cadences.vendor-review` in a rule pack.
    """
    for deadline in assurance_deadlines(ctx):
        if deadline.passed(ctx.as_of):
            yield deadline.overdue_hit(ctx.as_of)
    for row in ctx.repository.rows("vendor-register"):
        if _tier(row) in ASSURED_TIERS and not _assurance_sources(row, ctx):
            yield Hit(
                f"{where(row.key_path)}: {_vendor_name(row)} has neither a SOC 2 report nor a "
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

    ```yaml
    - {id: aws, tier: critical, addendum: false, ...}
    ```

    ## Passing example

    ```yaml
    - {id: aws, tier: critical, addendum: true, ...}
    ```

    ## Options

    None. Waive it in the vendor register with a reason when the master
    agreement carries the terms.
    """
    for row in ctx.repository.rows("vendor-register"):
        if _tier(row) != "critical" or row.fields.get("addendum") is True:
            continue
        path = (*row.key_path, "addendum") if "addendum" in row.fields else row.key_path
        yield Hit(
            f"{where(path)}: {_vendor_name(row)} has no signed addendum; sign a security or "
            "data-processing addendum and set addendum: true",
            row.document,
            path,
        )
