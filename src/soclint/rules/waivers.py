"""Waivers: suppressions must be explained, bounded in time, allowed and needed."""

from __future__ import annotations

from collections.abc import Iterator

from soclint.context import Context
from soclint.finding import Hit, Severity
from soclint.registry import Subject, rule
from soclint.suppression import Defect, Waiver, WaiverOutcome, waivers_of


def _outcome(ctx: Context) -> WaiverOutcome:
    assert ctx.waivers is not None, "waiver rules run after the engine applied the waivers"
    return ctx.waivers


@rule("W001", "waiver-without-reason", "A waiver gives no reason.", subject=Subject.WAIVER)
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
    for waiver in _outcome(ctx).with_defect(Defect.NO_REASON):
        yield Hit(
            f"the waiver of {waiver.shown_code} has no reason, so it does not apply",
            waiver.document,
            waiver.key_path,
        )


@rule("W002", "waiver-expired", "A waiver's `until` date has passed.", subject=Subject.WAIVER)
def waiver_expired(ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    A waiver applies up to and including its `until` date. After it, the
    waiver silences nothing and this finding asks you to renew or remove it.
    Renewing a waiver changes the document's content, so it needs a new
    approval.

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
    for waiver in _outcome(ctx).with_defect(Defect.EXPIRED):
        assert waiver.until is not None
        yield Hit(
            f"the waiver of {waiver.shown_code} expired on {waiver.until.isoformat()}",
            waiver.document,
            (*waiver.key_path, "until"),
        )


@rule(
    "W003",
    "waiver-unused",
    "A waiver matched no finding.",
    severity=Severity.WARNING,
    subject=Subject.WAIVER,
)
def waiver_unused(ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    A waiver in force (one that no other waiver rule reports) must silence at least one
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
    for waiver in outcome.waivers:
        if not outcome.in_force(waiver) or outcome.was_used(waiver):
            continue
        if waiver.code not in outcome.terms.codes:
            yield Hit(f"no rule has code {waiver.code}", waiver.document, waiver.key_path)
        elif waiver.code in outcome.ran:
            yield Hit(
                f"the waiver of {waiver.code} matches no finding in this document; remove it",
                waiver.document,
                waiver.key_path,
            )


@rule("W004", "waiver-without-end", "A waiver has no `until` date.", subject=Subject.WAIVER)
def waiver_without_end(ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    Each waiver carries an `until` date. A waiver without one silences
    nothing: the finding it meant to waive is reported as well.

    ## Why an auditor cares

    An accepted deviation is accepted for a time and then looked at again.
    A suppression that never ends is a control that was switched off.

    ## Failing example

    ```yaml
    soclint:
      waive:
        - {code: L003, reason: the template text is quoted on purpose}
    ```

    ## Passing example

    ```yaml
    soclint:
      waive:
        - {code: L003, reason: the template text is quoted on purpose, until: 2027-03-31}
    ```

    ## Options

    `waiver_max_term` in soclint.yaml bounds how far ahead `until` may lie
    (rule W005).
    """
    for waiver in _outcome(ctx).with_defect(Defect.NO_END):
        yield Hit(
            f"the waiver of {waiver.shown_code} has no `until` date, so it does not apply; "
            "give the last day it applies",
            waiver.document,
            waiver.key_path,
        )


@rule(
    "W005",
    "waiver-too-long",
    "A waiver runs longer than `waiver_max_term` after its approval.",
    subject=Subject.WAIVER,
)
def waiver_too_long(ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    A waiver's `until` lies at most `waiver_max_term` (default 12 months)
    after the approval that vouches for it: the document's `approval.date`
    (a policy, procedure, standard or the system description) or the risk
    register's `signoff.date`. Documents that nobody approves as a whole
    (the other registers) count from the as-of date. A waiver that runs
    longer silences nothing.

    ## Why an auditor cares

    A waiver is approved with its document. Letting it outlast the next
    review cycle takes the deviation out of the yearly look at the program.

    ## Failing example

    A policy approved on 2026-02-10 whose waiver runs `until: 2027-06-30`.

    ## Passing example

    The same waiver with `until: 2027-02-10` or earlier; to go on, renew it
    with the document's next approval.

    ## Options

    `waiver_max_term` in soclint.yaml: a period (`12 months`, `6 months`,
    `annual`, `90 days`).
    """
    outcome = _outcome(ctx)
    terms = outcome.terms
    for waiver in outcome.with_defect(Defect.TOO_LONG):
        assert waiver.until is not None
        _start, since = terms.term_start(waiver.document)
        yield Hit(
            f"the waiver of {waiver.shown_code} runs until {waiver.until.isoformat()}, more than "
            f"{terms.max_term} after {since}, so it does not apply; end it by "
            f"{terms.latest_end(waiver.document)} and renew it with the next approval",
            waiver.document,
            (*waiver.key_path, "until"),
        )


@rule(
    "W006",
    "waiver-not-allowed",
    "A waiver names a rule that guards an approval and cannot be waived.",
    subject=Subject.WAIVER,
)
def waiver_not_allowed(ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    Rules that guard the integrity of an approval cannot be waived: a
    waiver of one silences nothing. They are the rules about approvals
    and sign-offs themselves (A001 to A004, A008, C003, K004, K005, O010,
    O011) and about content changed after approval (A010, A011, A013,
    A014). `soclint rule CODE` says whether a rule can be waived.

    ## Why an auditor cares

    A waiver is part of the document it sits in. If a document could waive
    the check that its content is what was approved, an edit could weaken
    a policy and silence the alarm in the same change.

    ## Failing example

    ```yaml
    soclint:
      waive:
        - {code: A010, reason: editorial change, until: 2027-01-31}
    ```

    ## Passing example

    Have the change approved (`soclint approve`) instead of waiving A010.

    ## Options

    None. `select`, `ignore` and `severity` in soclint.yaml still apply to
    these rules, in the open, for the whole program.
    """
    for waiver in _outcome(ctx).with_defect(Defect.NOT_WAIVABLE):
        yield Hit(
            f"{waiver.shown_code} guards the integrity of an approval and cannot be waived "
            f"(soclint rule {waiver.shown_code}); remove the waiver and fix the finding",
            waiver.document,
            (*waiver.key_path, "code"),
        )


@rule(
    "W007",
    "waiver-added",
    "Diff mode: the change adds or renews a waiver that silences findings.",
    severity=Severity.WARNING,
    subject=Subject.CHANGE,
)
def waiver_added(ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    Only with `soclint check --diff-base REV`. A waiver in force that
    silenced a finding, and that the same document at the base did not hold
    as it is now (same code, reason and `until`), is reported at the waiver:
    the pull request stops reporting those findings by accepting them. In a
    policy, procedure or standard the waiver also changes the approved
    content, so A010/A013/A014 ask for a new approval; in a register, which
    nobody approves as a whole, this finding is how the reviewers see it.

    ## Why an auditor cares

    A finding that disappears because it was waived has not been fixed. The
    pull request that adds the waiver is where someone decides to accept
    the risk, and the reviewers should see that decision as one.

    ## Failing example

    A pull request adds to the vendor register:

    ```yaml
    soclint:
      waive:
        - {code: O001, reason: vendor being offboarded, until: 2027-01-31}
    ```

    ## Passing example

    The same waiver, already at the base.

    ## Options

    None. It is a warning: the change is not wrong, it is a decision.
    """
    outcome = _outcome(ctx)
    base = ctx.change
    if base is None:
        return
    for waiver in outcome.waivers:
        if not outcome.was_used(waiver):
            continue
        before = base.documents.get(waiver.document.path)
        held = [] if before is None else waivers_of(before)
        if any(_same(waiver, old) for old in held):
            continue
        yield Hit(
            f"this change waives {waiver.code} findings of this document "
            f"until {waiver.until.isoformat() if waiver.until else '?'}: "
            f"{waiver.reason}; the reviewers accept them by approving it",
            waiver.document,
            waiver.key_path,
        )


def _same(waiver: Waiver, other: Waiver) -> bool:
    return (waiver.code, waiver.reason, waiver.until) == (other.code, other.reason, other.until)
