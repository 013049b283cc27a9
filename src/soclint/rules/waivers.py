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

    Each waiver in `soclint: {waive: [...]}` carries a non-empty `reason`,
    and each waiver comment in the body gives one after ` -- `
    (`<!-- soclint-disable-next-line L003 -- reason -->`). A waiver without
    one silences nothing: the finding it meant to waive is reported as well.

    ## Why an auditor cares

    A suppressed check is a decision someone made. Without the reason, the
    auditor sees a control failure that was hidden rather than accepted.

    ## Failing example

    ```yaml policies/access-control.md
    version: 1.10
    soclint:
      waive:
        - code: S008
    ```

    ## Passing example

    ```yaml policies/access-control.md
    version: 1.10
    soclint:
      waive:
        - code: S008
          reason: version numbers are assigned by the document system
          until: 2027-01-31
    ```

    ## Options

    None.
    """
    for waiver in _outcome(ctx).with_defect(Defect.NO_REASON):
        yield waiver.hit(f"the waiver of {waiver.shown_code} has no reason, so it does not apply")


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

    ```yaml policies/access-control.md
    version: 1.10
    soclint:
      waive:
        - {code: S008, reason: migration in progress, until: 2026-01-31}
    ```

    ## Passing example

    The same waiver with a future `until` (or the finding fixed and the
    waiver removed):

    ```yaml policies/access-control.md
    version: 1.10
    soclint:
      waive:
        - {code: S008, reason: migration in progress, until: 2027-01-31}
    ```

    ## Options

    None.
    """
    for waiver in _outcome(ctx).with_defect(Defect.EXPIRED):
        assert waiver.until is not None
        yield waiver.hit(
            f"the waiver of {waiver.shown_code} expired on {waiver.until.isoformat()}", "until"
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
    finding of its code in its own document; a waiver comment in the body, one
    on the lines it covers. Waivers of rules that did not run (not selected)
    are not judged.

    ## Why an auditor cares

    A stale waiver hides the next real problem of that kind without anyone
    deciding to accept it.

    ## Failing example

    A waiver of `S008` in a document whose version is quoted:

    ```yaml policies/access-control.md
    version: "1.10"
    soclint:
      waive:
        - {code: S008, reason: migration in progress, until: 2027-01-31}
    ```

    ## Passing example

    A waiver that silences a finding of its code (remove it once the
    finding is fixed):

    ```yaml policies/access-control.md
    version: 1.10
    soclint:
      waive:
        - {code: S008, reason: migration in progress, until: 2027-01-31}
    ```

    ## Options

    None.
    """
    outcome = _outcome(ctx)
    for waiver in outcome.waivers:
        if not outcome.in_force(waiver) or outcome.was_used(waiver):
            continue
        if waiver.code not in outcome.terms.codes:
            yield waiver.hit(f"no rule has code {waiver.code}")
        elif outcome.judged(waiver):
            yield waiver.hit(
                f"the waiver of {waiver.code} matches no finding {waiver.covered}; remove it"
            )


@rule("W004", "waiver-without-end", "A waiver has no `until` date.", subject=Subject.WAIVER)
def waiver_without_end(ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    Each waiver in the front-matter carries an `until` date. A waiver
    without one silences nothing: the finding it meant to waive is reported
    as well. Waiver comments in the body need none: they silence only
    findings on the lines they cover, which are about the approved text
    itself, so they last as long as that text does.

    ## Why an auditor cares

    An accepted deviation is accepted for a time and then looked at again.
    A suppression that never ends is a control that was switched off.

    ## Failing example

    ```yaml procedures/access-review.md
    soclint:
      waive:
        - {code: L003, reason: the template text is quoted on purpose}
    ```

    ```markdown procedures/access-review.md
    Before approval, reviewers search the draft for TODO and TBD.
    ```

    ## Passing example

    ```yaml procedures/access-review.md
    soclint:
      waive:
        - {code: L003, reason: the template text is quoted on purpose, until: 2027-01-31}
    ```

    ```markdown procedures/access-review.md
    Before approval, reviewers search the draft for TODO and TBD.
    ```

    ## Options

    `waiver_max_term` in soclint.yaml bounds how far ahead `until` may lie
    (rule W005).
    """
    for waiver in _outcome(ctx).with_defect(Defect.NO_END):
        yield waiver.hit(
            f"the waiver of {waiver.shown_code} has no `until` date, so it does not apply; "
            "give the last day it applies"
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

    A policy approved on 2026-02-10 whose waiver runs to 2027-06-30:

    ```yaml policies/access-control.md
    version: 1.10
    soclint:
      waive:
        - {code: S008, reason: migration in progress, until: 2027-06-30}
    ```

    ## Passing example

    The same waiver up to 2027-02-10 or earlier; to go on, renew it with
    the document's next approval:

    ```yaml policies/access-control.md
    version: 1.10
    soclint:
      waive:
        - {code: S008, reason: migration in progress, until: 2027-02-10}
    ```

    ## Options

    `waiver_max_term` in soclint.yaml: a period (`12 months`, `6 months`,
    `annual`, `90 days`).
    """
    outcome = _outcome(ctx)
    terms = outcome.terms
    for waiver in outcome.with_defect(Defect.TOO_LONG):
        assert waiver.until is not None
        _start, since = terms.term_start(waiver.document)
        yield waiver.hit(
            f"the waiver of {waiver.shown_code} runs until {waiver.until.isoformat()}, more than "
            f"{terms.max_term} after {since}, so it does not apply; end it by "
            f"{terms.latest_end(waiver.document)} and renew it with the next approval",
            "until",
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

    Rules that guard the integrity of an approval cannot be waived, in the
    front-matter or by a comment in the body: a waiver of one silences
    nothing. They are the rules about approvals
    and sign-offs themselves (A001 to A004, A008, C003, K004, K005, O010,
    O011) and about content changed after approval (A010, A011, A013,
    A014). `soclint rule CODE` says whether a rule can be waived.

    ## Why an auditor cares

    A waiver is part of the document it sits in. If a document could waive
    the check that its content is what was approved, an edit could weaken
    a policy and silence the alarm in the same change.

    ## Failing example

    An approved policy edited after its approval, and a waiver of the
    finding that says so:

    ```yaml policies/access-control.md
    applies_to: [web-app, api]
    soclint:
      waive:
        - {code: A010, reason: editorial change, until: 2027-01-31}
    ```

    ## Passing example

    The change approved instead (`soclint approve PATH --by PERSON`):

    ```yaml policies/access-control.md
    applies_to: [web-app, api]
    approval: {by: daniel.okafor, date: 2026-10-20}
    ```

    ## Options

    None. `select`, `ignore` and `severity` in soclint.yaml still apply to
    these rules, in the open, for the whole program.
    """
    for waiver in _outcome(ctx).with_defect(Defect.NOT_WAIVABLE):
        yield waiver.hit(
            f"{waiver.shown_code} guards the integrity of an approval and cannot be waived "
            f"(soclint rule {waiver.shown_code}); remove the waiver and fix the finding",
            "code",
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
    as it is now (same code, reason and `until`, in the front-matter or as a
    comment in the body covering as many lines, wherever the comment moved),
    is reported at the waiver:
    the pull request stops reporting those findings by accepting them. In a
    policy, procedure or standard the waiver also changes the approved
    content, so A010/A013/A014 ask for a new approval; in a register, which
    nobody approves as a whole, this finding is how the reviewers see it.

    ## Why an auditor cares

    A finding that disappears because it was waived has not been fixed. The
    pull request that adds the waiver is where someone decides to accept
    the risk, and the reviewers should see that decision as one.

    ## Failing example

    The vendor register lists a vendor whose review is overdue:

    ```yaml registers/vendors.md committed 2026-10-01
    vendors:
      - {id: webflow, name: Webflow, tier: low, owner: marcus.bell, last_review: 2023-05-10}
    ```

    and a pull request adds to it:

    ```yaml registers/vendors.md
    soclint:
      waive:
        - {code: O001, reason: vendor being offboarded, until: 2027-01-31}
    ```

    ## Passing example

    The same waiver, already at the base:

    ```yaml registers/vendors.md committed 2026-10-01
    vendors:
      - {id: webflow, name: Webflow, tier: low, owner: marcus.bell, last_review: 2023-05-10}
    soclint:
      waive:
        - {code: O001, reason: vendor being offboarded, until: 2027-01-31}
    ```

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
        lasting = (
            f"until {waiver.until.isoformat() if waiver.until else '?'}"
            if waiver.comment is None
            else "while the text stays as it is"
        )
        yield waiver.hit(
            f"this change waives {waiver.code} findings {waiver.covered} {lasting}: "
            f"{waiver.reason}; the reviewers accept them by approving it"
        )


def _same(waiver: Waiver, other: Waiver) -> bool:
    """Whether two waivers say the same: a comment moved with its lines is the same waiver;
    one that covers more lines, or moves into the front-matter (and covers the whole
    document), is not."""
    return _said(waiver) == _said(other)


def _said(waiver: Waiver) -> tuple[object, ...]:
    first, last = waiver.lines
    span = None if waiver.comment is None else last - first
    return (waiver.code, waiver.reason, waiver.until, span)


@rule(
    "W008",
    "waiver-comment-unreadable",
    "A `soclint-` comment in a body cannot be read as a waiver.",
    subject=Subject.WAIVER,
)
def waiver_comment_unreadable(ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    A comment in a document's body that starts with `soclint-` is a
    waiver comment, and it must be one soclint can read:
    `soclint-disable-next-line`, `soclint-disable-line`, `soclint-disable`
    or `soclint-enable`, followed by rule codes (such as `L003`), then
    ` -- ` and the reason. A comment that names no code, a word that is no
    rule code, an unknown directive, a `soclint-enable` that ends no block
    or a code disabled again inside its own block waives nothing, and this
    finding says why, at the comment.

    ## Why an auditor cares

    A misspelt waiver looks like a decision to accept a finding but
    records none. Reporting it keeps what the document says it accepts and
    what soclint accepts the same.

    ## Failing example

    ```markdown policies/acceptable-use.md
    <!-- soclint-disable-next-line -- quoted from the template on purpose -->
    Replace TODO with the name of the owner.
    ```

    ## Passing example

    ```markdown policies/acceptable-use.md
    <!-- soclint-disable-next-line L003 -- quoted from the template on purpose -->
    Replace TODO with the name of the owner.
    ```

    ## Options

    None.
    """
    for waiver in _outcome(ctx).with_defect(Defect.UNREADABLE):
        assert waiver.comment is not None and waiver.comment.problem is not None
        yield waiver.hit(f"this waiver comment waives nothing: {waiver.comment.problem}")
