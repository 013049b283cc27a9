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


def _approval_day(doc: Document) -> str:
    day = approved_on(doc)
    return f"on {day.isoformat()}" if day else "(no approval date)"


@rule(
    "A010",
    "digest-mismatch",
    "The content no longer matches the approval.digest recorded at approval.",
    waivable=False,
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

    The policy was approved with `soclint approve`, then one sentence of its
    body was changed in a later commit.

    ## Passing example

    The change is approved again: `soclint approve PATH --by PERSON` records
    the new digest, date and version.

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
    - the approval is not dated before the content it approves: when the
      approval was recorded on its own, the change that wrote the content
      is not dated (author date) after the approval date. A change that
      records the approval together with the content (a squash-merged pull
      request, the commit that added the file) is covered by it.

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

    ```yaml
    approval: {by: daniel.okafor, date: 2026-02-10}
    # and commit 3f2a1c9 of 2026-05-04 reworded the policy's scope
    ```

    ## Passing example

    The rewording is approved again with `soclint approve`, which also
    records a digest so the check no longer needs git history.

    ## Options

    None.
    """
    from soclint.history.git_history import HistoryUnavailable

    candidates = _undigested(ctx)
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

    GitHub Actions with `actions/checkout` and its default `fetch-depth: 1`,
    and policies approved without a digest.

    ## Passing example

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

    counted = [doc for documents_of in ctx.history_readers for doc in documents_of(ctx)]
    if not counted:
        return
    history = ctx.facts.full_history
    if not isinstance(history, HistoryUnavailable):
        return
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
