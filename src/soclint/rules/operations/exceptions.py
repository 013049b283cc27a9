"""Exception register: exceptions are approved, current, and no longer than the pack allows.

Whether the approver holds the roster's `approve-exception` authority is
judged by the approval rules; these rules judge that an approval is there.
"""

from __future__ import annotations

from collections.abc import Iterator

from soclint.context import Context
from soclint.dates import add_period, as_date
from soclint.finding import Hit, Severity
from soclint.keypaths import where
from soclint.register_deadlines import exception_approved_on, exception_name
from soclint.registry import Subject, rule
from soclint.rule_inputs import reads


@rule(
    "O010",
    "exception-expired",
    "A policy exception is past its expiry date.",
    subject=Subject.REPOSITORY,
    waivable=False,
    reads=reads("activity-log", "evidence-register", "exception-register", "vendor-register"),
)
def exception_expired(ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    Each exception's `expires` date has not passed; the exception holds up
    to and including that day. O013 warns `warn_days` before.

    ## Why an auditor cares

    An exception is a deviation from policy approved for a time, with
    compensating controls judged adequate for that time. After it expires,
    the deviation is simply non-compliance with the policy, and the auditor
    reports it as such.

    ## Failing example

    ```yaml registers/exceptions.md
    exceptions:
      - {id: EXC-002, policy: POL-WORKSTATION-MOBILE, subject: Unmanaged GPU workstations,
         severity: medium, approval: {by: daniel.okafor, date: 2026-01-15},
         expires: 2026-06-30}
    # judged on 2026-11-01
    ```

    ## Passing example

    The gap is closed and the row removed, or the exception is renewed with a
    new `approval` and a new `expires`:

    ```yaml registers/exceptions.md
    exceptions:
      - {id: EXC-002, policy: POL-WORKSTATION-MOBILE, subject: Unmanaged GPU workstations,
         severity: medium, approval: {by: daniel.okafor, date: 2026-06-15},
         expires: 2026-12-31}
    ```

    ## Options

    None.
    """
    for deadline in ctx.facts.deadlines.exception_expiries:
        if deadline.passed(ctx.as_of):
            yield deadline.overdue_hit(ctx.as_of)


@rule(
    "O011",
    "exception-approval-missing",
    "A policy exception records no approval (by and date).",
    subject=Subject.REPOSITORY,
    waivable=False,
    reads=reads("exception-register"),
)
def exception_approval_missing(ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    Each exception records `approval: {by, date}`. Whether `by` holds the
    roster's `approve-exception` authority is judged by the approval rules
    (approver authority), not here; R001 checks that the person exists.

    ## Why an auditor cares

    An exception is only an exception when someone with the authority
    accepted the deviation (CC5.3). Without a named approver and date, the
    auditor sees a policy that is not followed.

    ## Failing example

    ```yaml registers/exceptions.md
    exceptions:
      - {id: EXC-003, policy: POL-VULNERABILITY-MANAGEMENT, subject: PDF library flaw,
         severity: high, expires: 2027-03-15}
    ```

    ## Passing example

    ```yaml registers/exceptions.md
    exceptions:
      - {id: EXC-003, policy: POL-VULNERABILITY-MANAGEMENT, subject: PDF library flaw,
         severity: high, approval: {by: priya.raman, date: 2026-09-22}, expires: 2027-03-15}
    ```

    ## Options

    None.
    """
    for row in ctx.repository.rows("exception-register"):
        approval = row.fields.get("approval")
        if not isinstance(approval, dict):
            yield Hit(
                f"{where(row.key_path)}: {exception_name(row)} records no approval; add "
                "approval: {by, date} from someone with approve-exception",
                row.document,
                row.key_path,
            )
            continue
        missing = [key for key in ("by", "date") if approval.get(key) is None]
        if missing:
            path = (*row.key_path, "approval")
            yield Hit(
                f"{where(path)}: the approval of {exception_name(row)} does not say "
                f"{' or '.join(missing)}; an approval names who approved and when",
                row.document,
                path,
            )


@rule(
    "O012",
    "exception-too-long",
    "A critical or high exception runs longer than the pack allows.",
    severity=Severity.WARNING,
    subject=Subject.REPOSITORY,
    reads=reads("exception-register"),
)
def exception_too_long(ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    An exception whose `severity` has a maximum duration in the pack's
    `exceptions.max_duration` (SOC 2 pack: critical 3 months, high 6
    months) does not run longer than that from its approval date to
    `expires`. A high exception approved on 2026-08-31 may run to
    2027-02-28. Exceptions with no approval date (O011) or already expired
    (O010) are not judged here.

    ## Why an auditor cares

    The more severe the deviation, the sooner it must be looked at again.
    A critical exception granted for a year is read as a permanent change of
    policy made without changing the policy.

    ## Failing example

    ```yaml registers/exceptions.md
    exceptions:
      - {id: EXC-003, policy: POL-VULNERABILITY-MANAGEMENT, subject: PDF library flaw,
         severity: high, approval: {by: priya.raman, date: 2026-09-22}, expires: 2027-06-30}
    ```

    ## Passing example

    ```yaml registers/exceptions.md
    exceptions:
      - {id: EXC-003, policy: POL-VULNERABILITY-MANAGEMENT, subject: PDF library flaw,
         severity: high, approval: {by: priya.raman, date: 2026-09-22}, expires: 2027-03-15}
    ```

    ## Options

    `exceptions.max_duration` in a rule pack, per severity. soclint's
    default, not an audit standard.
    """
    limits = ctx.pack.max_exception_duration
    for row in ctx.repository.rows("exception-register"):
        severity = row.fields.get("severity")
        expires, approved = as_date(row.fields.get("expires")), exception_approved_on(row)
        if not isinstance(severity, str) or severity not in limits:
            continue
        latest = add_period(approved, limits[severity]) if approved else None
        if expires is None or approved is None or latest is None or expires < ctx.as_of:
            continue
        if expires > latest:
            path = (*row.key_path, "expires")
            yield Hit(
                f"{where(path)}: {exception_name(row)} runs to {expires.isoformat()}, but a "
                f"{severity} exception may last {limits[severity]} from its approval "
                f"({approved.isoformat()}), so to {latest.isoformat()} at the latest; shorten "
                "it and renew it with a fresh approval if still needed",
                row.document,
                path,
            )
