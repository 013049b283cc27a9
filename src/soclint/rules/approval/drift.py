"""Drift: content that changed after it was approved, found by digest or by git history."""

from __future__ import annotations

from collections.abc import Iterator

from soclint.context import Context
from soclint.digest import digest_mismatch, needs_history
from soclint.document import Document
from soclint.finding import Hit, Severity
from soclint.history.lineage import file_steps, history_drift, likely_read
from soclint.keypaths import KeyPath
from soclint.lifecycle import approved_on, is_draft, sign_offs, vouched_for
from soclint.registry import Subject, rule
from soclint.rule_inputs import OWN_DOCUMENT, reads


def _approval_day(doc: Document) -> str:
    day = approved_on(doc)
    return f"on {day.isoformat()}" if day else "(no approval date)"


@rule(
    "A010",
    "digest-mismatch",
    "The content no longer matches the approval.digest recorded at approval.",
    waivable=False,
    reads=OWN_DOCUMENT,
)
def digest_changed(doc: Document, ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    An approved policy, procedure or standard, or a signed system
    description, that records `approval.digest` still has that content: the
    digest of its content now equals the recorded one. The content is the
    body and the front-matter without the bookkeeping keys `approval`,
    `review`, `version` and `status`, so recording an approval or a review
    never breaks it, while any changed word or value does (a waiver under
    `soclint` is content: it is approved with the document).
    `soclint approve` writes the digest; no git history is needed.

    ## Why an auditor cares

    The auditor tests that the policy in force is the policy management
    approved. A policy edited after approval is an unapproved policy, however
    small the edit (CC5.3, CC8.1).

    ## Failing example

    The access-control policy was approved with `soclint approve`, which
    recorded its digest; a later change narrows what it applies to, and
    nobody approves it:

    ```yaml policies/access-control.md
    applies_to: [web-app, api]
    ```

    ## Passing example

    A review recorded later changes no content, so the digest still
    matches:

    ```yaml policies/access-control.md
    review: {last: 2026-10-20, cycle: annual}
    ```

    A change of content is approved again: `soclint approve PATH --by
    PERSON` records the new digest, date and version.

    ## Options

    None. The digest is `sha256:` and the SHA-256 of the front-matter
    without its bookkeeping keys as canonical JSON (sorted keys, no spaces,
    dates as `YYYY-MM-DD`), a newline, and the body with its line endings
    made line feeds and trailing blanks and empty lines removed: comments,
    quoting, key order and Windows line endings do not change it.
    """
    if vouched_for(doc) and digest_mismatch(doc):
        yield Hit(
            f"approval.digest: the content changed after its approval {_approval_day(doc)} "
            "(the digest no longer matches); have the change approved (soclint approve) "
            "or undo it",
            doc,
            ("approval", "digest"),
        )


def _undigested(ctx: Context) -> list[Document]:
    """The approved documents only git history can tell unchanged: they record no digest."""
    return [doc for doc in ctx.repository.documents if needs_history(doc)]


@rule(
    "A011",
    "changed-after-approval",
    "Without a digest, git shows the content changed after it was approved.",
    subject=Subject.HISTORY,
    waivable=False,
    history_for=_undigested,
    reads=reads(each_document=True),
)
def changed_after_approval(ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    For an approved document without `approval.digest`, git history says
    whether its content changed after it was approved. The content is the
    body and every front-matter key but `approval`, `review`, `version` and
    `status`. Two things must hold:

    - the newest change that recorded the approval the document holds left
      the content as it is today: a later change of content is drift,
      whatever its date (a rebased or merged edit, a commit dated in the
      past), unless it was undone;
    - the approval is not dated before the content it approves: the changes
      before the one that recorded the approval, which wrote that content,
      are not dated (author date) after the approval date. What the
      recording change writes itself is covered by the approval (a
      squash-merged pull request, the commit that added the file), but not
      what came before it: an adoption commit that adds soclint's
      front-matter with an approval dated before the last rewrite of the
      text is back-dated.

    Merge commits count where they changed a file themselves (a conflict
    resolution, an edit made in the merge); a file a merge took as it was
    from one side keeps that side's commits. A revision whose front-matter
    cannot be read, or that is larger than soclint reads, never records an
    approval: the changes around it are judged from the nearest readable
    ones. Uncommitted changes count as made on the as-of date. The finding
    names the change: short sha, date and author. Needs the full history
    (see A012); one `git log` pass serves every document.

    ## Why an auditor cares

    As for A010: the approved policy must be the policy in force.

    ## Failing example

    The access-control policy was approved without a digest:

    ```yaml policies/access-control.md committed 2026-02-10
    approval: {by: daniel.okafor, date: 2026-02-10}
    ```

    and a later commit narrowed what it applies to:

    ```yaml policies/access-control.md committed 2026-05-04
    applies_to: [web-app, api]
    ```

    ## Passing example

    The same two commits, and a third that approves the change:

    ```yaml policies/access-control.md committed 2026-02-10
    approval: {by: daniel.okafor, date: 2026-02-10}
    ```

    ```yaml policies/access-control.md committed 2026-05-04
    applies_to: [web-app, api]
    ```

    ```yaml policies/access-control.md committed 2026-05-06
    approval: {by: daniel.okafor, date: 2026-05-06}
    ```

    `soclint approve` also records a digest, so the check no longer needs
    git history.

    ## Options

    None.
    """
    from soclint.history.git_history import HistoryUnavailable

    candidates = [doc for doc in ctx.judged_documents() if needs_history(doc)]
    if not candidates:
        return
    history = ctx.facts.full_history
    if isinstance(history, HistoryUnavailable):
        return  # A012 says that history rules were skipped

    try:
        dated = [(doc, day) for doc in candidates if (day := approved_on(doc)) is not None]
        runs = [file_steps(doc, history.history, ctx.as_of) for doc, _day in dated]
        history.prefetch(
            blob
            for (_doc, day), steps in zip(dated, runs, strict=True)
            for step in likely_read(steps, day)
            for blob in step.blobs
        )
        for (doc, day), steps in zip(dated, runs, strict=True):
            drift = history_drift(doc, steps, history)
            if drift is not None:
                yield Hit(
                    f"approval.date: the content changed {drift.describe()}, after its "
                    f"approval on {day.isoformat()}; have the change approved "
                    "(soclint approve) or undo it",
                    doc,
                    ("approval", "date"),
                )
    except HistoryUnavailable:
        return


@rule(
    "A012",
    "history-unavailable",
    "Rules that need git history were skipped: no repository, or a shallow clone.",
    severity=Severity.INFO,
    subject=Subject.HISTORY,
    reads=reads(documents=True, history=True),
)
def history_unavailable(ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    Reports once, when rules that need the git history (A011 for approved
    documents without a digest, A009 for drafts, A019 for approval
    provenance when it is on, N002 for acknowledgements of other versions)
    had documents to check but could not run, at the first of those
    documents by path (a draft's `status`, else its approval or first
    sign-off), with the count of the others: the folder is not in a git
    repository, git is missing, or the clone is shallow (CI checkouts fetch
    one commit by default) or partial (cloned with `--filter`: old versions
    of files are missing, and soclint never fetches). Everything else still
    runs.

    ## Why an auditor cares

    A check that silently did not run reads as a check that passed.

    ## Failing example

    A policy approved without a digest, checked where its git history is
    missing: outside a git repository, or in a shallow clone such as
    GitHub Actions' `actions/checkout` makes by default (`fetch-depth: 1`):

    ```yaml policies/access-control.md
    approval: {by: daniel.okafor, date: 2026-02-10}
    ```

    ## Passing example

    The same policy, checked in a clone with its history:

    ```yaml policies/access-control.md committed 2026-02-10
    approval: {by: daniel.okafor, date: 2026-02-10}
    ```

    In GitHub Actions:

    ```yaml
    - uses: actions/checkout@v4
      with:
        fetch-depth: 0
    ```

    Or approve the documents with `soclint approve`, whose digest needs no
    history.

    ## Options

    None.
    """
    from soclint.history.git_history import HistoryUnavailable, NotARepository

    # The first reader with a document settles whether history is needed at all; which
    # documents went unchecked matters only when there is no history.
    if not any(documents_of(ctx) for documents_of in ctx.history_readers):
        return
    history = ctx.facts.full_history
    if not isinstance(history, HistoryUnavailable):
        return
    counted = [doc for documents_of in ctx.history_readers for doc in documents_of(ctx)]
    fix = "fetch the full history (actions/checkout with fetch-depth: 0)"
    if isinstance(history, NotARepository):
        fix = "keep the program in a git repository"
    first = min(counted, key=lambda doc: doc.path)
    others = len({doc.path for doc in counted}) - 1
    also = f" and {others} other{'' if others == 1 else 's'}" if others else ""
    yield Hit(
        f"history rules were skipped for this document{also}: {history}; {fix}, or record "
        "approval digests with soclint approve so drift is checked without history",
        first,
        _pointed_at(first),
    )


def _pointed_at(doc: Document) -> KeyPath:
    """Where a finding about `doc`'s skipped history points: a draft's status, else its
    first sign-off (the approval of a policy, the sign-off of a register)."""
    if is_draft(doc):
        return ("status",)
    first = next(sign_offs(doc, counted_only=False), None)
    return ("approval",) if first is None else first.key_path
