"""Waivers: suppressions must be explained, current and needed."""

from __future__ import annotations

from collections.abc import Iterator

from soclint.context import Context
from soclint.finding import Hit, Severity
from soclint.registry import Scope, rule
from soclint.waivers import WaiverOutcome


def _outcome(ctx: Context) -> WaiverOutcome:
    assert ctx.waivers is not None, "waiver rules run after the engine applied the waivers"
    return ctx.waivers


@rule("W001", "waiver-without-reason", "A waiver gives no reason.", scope=Scope.WAIVER)
def waiver_without_reason(ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    Each waiver in `soclint: {waive: [...]}` carries a non-empty `reason`. A
    waiver without one silences nothing: the finding it meant to waive is
    reported as well.

    ## Why an auditor cares

    A suppressed check is a decision someone made. Without the reason, the
    auditor sees a control failure that was hidden rather than accepted.

    ## Failing example

    ```yaml
    soclint:
      waive:
        - code: S008
    ```

    ## Passing example

    ```yaml
    soclint:
      waive:
        - code: S008
          reason: version numbers are assigned by the document system
          until: 2027-03-31
    ```

    ## Options

    None.
    """
    for waiver in _outcome(ctx).waivers:
        if waiver.reason is None:
            code = waiver.code or "?"
            yield Hit(
                f"the waiver of {code} has no reason, so it does not apply",
                waiver.document,
                waiver.key_path,
            )


@rule("W002", "waiver-expired", "A waiver's `until` date has passed.", scope=Scope.WAIVER)
def waiver_expired(ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    A waiver with `until` applies up to and including that date. After it,
    the waiver silences nothing and this finding asks you to renew or remove
    it.

    ## Why an auditor cares

    Exceptions are granted for a time. One that outlives its date is an
    exception nobody re-approved.

    ## Failing example

    ```yaml
    soclint:
      waive:
        - {code: S008, reason: migration in progress, until: 2026-01-31}
    ```

    ## Passing example

    The same waiver with a future `until`, or the finding fixed and the
    waiver removed.

    ## Options

    None.
    """
    as_of = ctx.as_of
    for waiver in _outcome(ctx).waivers:
        if waiver.until is not None and waiver.until < as_of:
            yield Hit(
                f"the waiver of {waiver.code or '?'} expired on {waiver.until.isoformat()}",
                waiver.document,
                (*waiver.key_path, "until"),
            )


@rule(
    "W003",
    "waiver-unused",
    "A waiver matched no finding.",
    severity=Severity.WARNING,
    scope=Scope.WAIVER,
)
def waiver_unused(ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    A waiver in force (with a reason, not expired) must silence at least one
    finding of its code in its own document. Waivers of rules that did not
    run (not selected) are not judged.

    ## Why an auditor cares

    A stale waiver hides the next real problem of that kind without anyone
    deciding to accept it.

    ## Failing example

    A waiver of `S008` in a document whose version is quoted.

    ## Passing example

    Remove the waiver once the finding is fixed.

    ## Options

    None.
    """
    outcome = _outcome(ctx)
    as_of = ctx.as_of
    for waiver in outcome.waivers:
        if not waiver.code or not waiver.in_force(as_of) or outcome.was_used(waiver):
            continue
        if waiver.code not in outcome.known:
            yield Hit(f"no rule has code {waiver.code}", waiver.document, waiver.key_path)
        elif waiver.code in outcome.ran:
            yield Hit(
                f"the waiver of {waiver.code} matches no finding in this document; remove it",
                waiver.document,
                waiver.key_path,
            )
