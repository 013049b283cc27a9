"""Review: approved documents reviewed on their cycle, sensible review dates, stale drafts."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from soclint.context import Context
from soclint.dates import add_period, as_date
from soclint.deadlines import Deadline
from soclint.document import Document
from soclint.finding import Hit, Severity
from soclint.future_dates import in_future
from soclint.history.drafts import draft_runs, draft_since
from soclint.keypaths import KeyPath
from soclint.lifecycle import (
    CONTROLLED_TYPES,
    drafts,
    is_retired,
    last_reviewed,
    review_cycle,
    review_due,
    says_approved,
)
from soclint.options import Option
from soclint.registry import Subject, rule
from soclint.rule_inputs import OWN_DOCUMENT, reads

_NAMED_CYCLES = ("annual", "semiannual", "quarterly", "monthly", "weekly")


def _review_name(cycle: str) -> str:
    return f"the {cycle} review" if cycle in _NAMED_CYCLES else f"the review due every {cycle}"


def _review_deadline(doc: Document, ctx: Context) -> Deadline | None:
    """When an approved document's next review falls due, computed from its last review."""
    if doc.type not in CONTROLLED_TYPES or not says_approved(doc):
        return None
    last, due, cycle = last_reviewed(doc), review_due(doc, ctx.pack), review_cycle(doc, ctx.pack)
    if last is None or due is None or cycle is None:
        return None
    recorded = as_date(doc.get("review", "last"))
    path: KeyPath = ("review", "last") if recorded is not None else ("approval", "date")
    return Deadline(
        document=doc,
        key_path=path,
        due=due,
        subject=_review_name(cycle),
        basis=f"last review {last.isoformat()}",
        advice="review it (soclint review PATH --by PERSON) or approve a new version",
    )


@rule(
    "A005",
    "review-overdue",
    "An approved document's periodic review is past due.",
    reads=OWN_DOCUMENT,
)
def review_overdue(doc: Document, ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    The next review of an approved policy, procedure or standard falls due
    one `review.cycle` after its last review (the later of `review.last` and
    `approval.date`: approving is reviewing). The cycle is `annual`,
    `semiannual`, `quarterly`, `monthly` or `N months` / `N days`, counted in
    calendar months with month ends clamped (a review on Jan 31 with a
    monthly cycle falls due on Feb 28, or 29). Past that date, this is an
    error at `review.last` saying when it fell due and how many days ago.
    Draft and retired documents are not reviewed on a cycle.

    ## Why an auditor cares

    Policies are expected to be "reviewed and approved at least annually"
    (CC5.3, CC2.2). A lapsed review during the audit period is one of the
    most common SOC 2 exceptions, and it is entirely avoidable.

    ## Failing example

    ```yaml policies/access-control.md
    approval: {by: daniel.okafor, date: 2025-02-10}
    review:
      last: 2025-02-10
      cycle: annual      # fell due 2026-02-10
    ```

    ## Passing example

    ```yaml policies/access-control.md
    approval: {by: daniel.okafor, date: 2025-02-10}
    review:
      last: 2026-02-10
      cycle: annual
    ```

    ## Options

    A document's `review.cycle`, else the pack's `cadences.policy-review`
    (annual in the SOC 2 pack). Record a review with no change of content
    with `soclint review PATH --by PERSON`.
    """
    deadline = _review_deadline(doc, ctx)
    if deadline is not None and deadline.passed(ctx.as_of):
        yield deadline.overdue_hit(ctx.as_of)


@rule(
    "A006",
    "review-due-soon",
    "An approved document's periodic review falls due within warn_days.",
    severity=Severity.WARNING,
    reads=OWN_DOCUMENT,
)
def review_due_soon(doc: Document, ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    The next review of an approved policy, procedure or standard (see A005)
    falls due today or within `warn_days` days of the as-of date.

    ## Why an auditor cares

    A warning a month ahead is the difference between a review done on time
    and an exception in the report.

    ## Failing example

    ```yaml policies/access-control.md
    # as of 2026-11-01, warn_days 30
    approval: {by: daniel.okafor, date: 2025-11-20}
    review: {last: 2025-11-20, cycle: annual}    # due 2026-11-20
    ```

    ## Passing example

    ```yaml policies/access-control.md
    approval: {by: daniel.okafor, date: 2025-11-20}
    review: {last: 2026-06-20, cycle: annual}
    ```

    ## Options

    `warn_days` in soclint.yaml (default 30).
    """
    deadline = _review_deadline(doc, ctx)
    if deadline is not None and deadline.near(ctx.as_of, ctx.config.warn_days):
        yield deadline.soon_hit(ctx.as_of)


def _review_dates(doc: Document) -> tuple[date, date | None] | None:
    """(review.last, approval date) of a policy, procedure or standard that is not retired."""
    if doc.type not in CONTROLLED_TYPES or is_retired(doc):
        return None
    reviewed = as_date(doc.get("review", "last"))
    return None if reviewed is None else (reviewed, as_date(doc.get("approval", "date")))


@rule(
    "A007",
    "review-before-approval",
    "review.last is earlier than the approval date.",
    severity=Severity.WARNING,
    reads=OWN_DOCUMENT,
)
def review_before_approval(doc: Document, ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    `review.last` of a policy, procedure or standard is not earlier than its
    `approval.date`. Approving a document is reviewing it, so a last review
    before the approval is a date that was not updated. Retired documents
    are skipped.

    ## Why an auditor cares

    Dates that contradict each other make every date in the record suspect.
    soclint counts the later of the two for the review cycle.

    ## Failing example

    ```yaml policies/access-control.md
    approval: {by: daniel.okafor, date: 2026-02-10}
    review: {last: 2025-02-10, cycle: annual}
    ```

    ## Passing example

    ```yaml policies/access-control.md
    approval: {by: daniel.okafor, date: 2026-02-10}
    review: {last: 2026-02-10, cycle: annual}
    ```

    ## Options

    None. `soclint approve` sets `review.last` with the approval.
    """
    dates = _review_dates(doc)
    if dates is None:
        return
    reviewed, approved = dates
    if approved is not None and reviewed < approved:
        yield Hit(
            f"review.last: {reviewed.isoformat()} is before the approval on "
            f"{approved.isoformat()}; approving is reviewing, so set it to "
            f"{approved.isoformat()} or a later review",
            doc,
            ("review", "last"),
        )


@rule(
    "A008",
    "review-in-future",
    "review.last is more than a day after the as-of date.",
    waivable=False,
    reads=OWN_DOCUMENT,
)
def review_in_future(doc: Document, ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    `review.last` of a policy, procedure or standard is not in the future of
    the date the run judges against (`as_of`, else today). Retired documents
    are skipped.

    A review date is a calendar date in the reviewer's time zone, which can
    be a day ahead of UTC (and of a CI runner): a date one day after the
    as-of date is accepted, two days after is reported.

    ## Why an auditor cares

    A review dated in the future pushes the next due date out and hides a
    lapsed review.

    ## Failing example

    ```yaml policies/access-control.md
    review: {last: 2062-02-10, cycle: annual}
    ```

    ## Passing example

    ```yaml policies/access-control.md
    review: {last: 2026-02-10, cycle: annual}
    ```

    ## Options

    `as_of` in soclint.yaml or `--as-of` sets the date judged against.
    """
    dates = _review_dates(doc)
    if dates is not None and in_future(dates[0], ctx.as_of):
        yield Hit(
            f"review.last: {dates[0].isoformat()} is more than a day after the as-of date "
            f"{ctx.as_of.isoformat()}; a review cannot be dated in the future",
            doc,
            ("review", "last"),
        )


DRAFT_MAX_AGE: Option[str | None] = Option(
    "draft_max_age",
    {"$ref": "urn:soclint:schemas:common#/$defs/period"},
    default=None,
    help="how long a document may stay a draft or in review, a period such as `6 months` or "
    "`90 days` (6 months in the SOC 2 pack)",
)


def _aging_drafts(ctx: Context) -> list[Document]:
    """Drafts (and documents in review) whose age A009 judges, when a maximum age is set."""
    if DRAFT_MAX_AGE.value(ctx.config, ctx.pack) is None:
        return []
    return drafts(ctx.repository)


@rule(
    "A009",
    "draft-too-old",
    "A document has stayed a draft longer than draft_max_age.",
    severity=Severity.WARNING,
    subject=Subject.HISTORY,
    history_for=_aging_drafts,
    options=(DRAFT_MAX_AGE,),
    reads=reads("policy", "procedure", "standard", history=True),
)
def draft_too_old(ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    A policy, procedure or standard with `status: draft` or `in-review` has
    not stayed so for longer than `draft_max_age` (6 months in the SOC 2
    pack). How long is read from git: from the oldest commit of the latest
    unbroken run of commits in which the file was a draft, to the as-of
    date. A draft not committed yet is new. Needs git history (see A012).

    ## Why an auditor cares

    A policy stuck in draft is a gap nobody is closing: until it is
    approved, the auditor treats the area as having no policy.

    ## Failing example

    A policy set back to draft eight months before the as-of date, and
    still a draft:

    ```yaml policies/access-control.md committed 2026-03-02
    status: draft
    ```

    ## Passing example

    A draft started last month (or the same policy approved):

    ```yaml policies/access-control.md committed 2026-10-12
    status: draft
    ```

    """
    from soclint.history.git_history import HistoryUnavailable

    max_age = DRAFT_MAX_AGE.value(ctx.config, ctx.pack)
    waiting = _aging_drafts(ctx)
    if max_age is None or not waiting:
        return
    history = ctx.facts.full_history
    if isinstance(history, HistoryUnavailable):
        return  # A012 says that history rules were skipped

    try:
        runs = draft_runs(waiting, history, ctx.as_of)
        for doc, steps in zip(waiting, runs, strict=True):
            since, commit = draft_since(steps, history, ctx.as_of)
            limit = add_period(since, max_age)
            if limit is not None and limit < ctx.as_of:
                origin = f" (commit {commit.short} by {commit.author})" if commit else ""
                yield Hit(
                    f"status: '{doc.get('status')}' since {since.isoformat()}{origin}, longer "
                    f"than draft_max_age ({max_age}); approve it or retire it",
                    doc,
                    ("status",),
                )
    except HistoryUnavailable:
        return
