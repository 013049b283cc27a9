"""Whether a document's content changed after it was approved: by its digest, else by git.

With `approval.digest` the answer needs no history: the digest of the content
now either matches the one recorded at approval or not. Without one, git
tells: the last change of the content (not of the bookkeeping keys) must not
be later than the approval date, unless that same change recorded the
approval the document holds (a squash-merged pull request, or the commit
that added the file).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from itertools import takewhile
from typing import TYPE_CHECKING

from soclint.context import Context
from soclint.dates import as_date
from soclint.digest import Revision, RevisionReader, digest_of
from soclint.document import Document
from soclint.lifecycle import CONTROLLED_TYPES

if TYPE_CHECKING:
    # Imported when history is first needed: most runs never read git.
    from soclint.history import Commit, GitHistory, HistoryUnavailable

DRAFT_STATUSES = ("draft", "in-review")
_DIGEST = re.compile(r"^sha256:[0-9a-f]{64}$")


def approved_on(doc: Document) -> date | None:
    return as_date(doc.get("approval", "date"))


def recorded_digest(doc: Document) -> str | None:
    """`approval.digest` when it is a well-formed digest (the schema reports other values)."""
    value = doc.text("approval", "digest")
    return value if value is not None and _DIGEST.match(value) else None


def vouched_for(doc: Document) -> bool:
    """Whether `doc` claims approved content: an approved controlled document or a signed scope."""
    if doc.type in CONTROLLED_TYPES:
        return bool(doc.get("status") == "approved")
    return doc.type == "system-description" and isinstance(doc.get("approval"), dict)


def digest_mismatch(doc: Document) -> bool:
    recorded = recorded_digest(doc)
    return recorded is not None and digest_of(doc) not in (None, recorded)


def needs_history(doc: Document) -> bool:
    """Approved content with a date and no digest: only git can tell whether it changed."""
    return vouched_for(doc) and approved_on(doc) is not None and recorded_digest(doc) is None


@dataclass(frozen=True)
class Drift:
    """The last change of the content after its approval; `commit` None: not yet committed."""

    commit: Commit | None

    def describe(self) -> str:
        if self.commit is None:
            return "by uncommitted changes in the working tree"
        c = self.commit
        return f"in commit {c.short} on {c.day.isoformat()} by {c.author}"


class Revisions:
    """Documents at past revisions, read from git once per blob."""

    def __init__(self, history: GitHistory) -> None:
        self.history = history
        self._reader = RevisionReader()
        self._cache: dict[str, Revision] = {}

    def get(self, blob: str) -> Revision:
        if blob not in self._cache:
            self._cache[blob] = self._reader.of_text(self.history.text(blob))
        return self._cache[blob]

    def current(self, doc: Document) -> Revision:
        """`doc` as it is in the working tree."""
        return self._reader.of_document(doc)

    def prefetch(self, steps: Iterable[Step]) -> None:
        """Read the blobs of all `steps` from git in one batch."""
        self.history.prefetch(
            blob for step in steps for blob in (step.before, step.after) if blob is not None
        )


@dataclass(frozen=True)
class Step:
    """One change of a file, newest first: blobs before (None: added) and after.

    `commit` None is the uncommitted change in the working tree; `after` None
    is the working copy itself, which needs no reading from git.
    """

    commit: Commit | None
    day: date
    before: str | None
    after: str | None


def _steps(doc: Document, history: GitHistory, today: date) -> Iterator[Step]:
    clean = doc.path not in history.uncommitted
    if not clean:
        yield Step(None, today, history.uncommitted[doc.path], None)
    for index, change in enumerate(history.changes.get(doc.path, [])):
        after = None if clean and index == 0 else change.after
        yield Step(change.commit, change.commit.day, change.before, after)


def changes_after(doc: Document, approved: date, history: GitHistory, today: date) -> list[Step]:
    """The changes of `doc` made after the day it was approved, newest first."""
    return list(takewhile(lambda step: step.day > approved, _steps(doc, history, today)))


def history_drift(doc: Document, later: list[Step], revisions: Revisions) -> Drift | None:
    """The change that left the content different from what was approved before `later`."""
    if not later:
        return None
    current = revisions.current(doc)
    approved_blob = later[-1].before
    if approved_blob is not None and revisions.get(approved_blob).content == current.content:
        return None  # changed and changed back, or only bookkeeping changed
    for step in later:
        before = None if step.before is None else revisions.get(step.before)
        after = current if step.after is None else revisions.get(step.after)
        if before is not None and before.content == after.content:
            continue
        recorded_here = before is None or before.approval != after.approval
        if recorded_here and after.approval == current.approval:
            return None  # this change recorded the approval the document holds
        return Drift(step.commit)
    return None


def draft_runs(docs: list[Document], revisions: Revisions, today: date) -> list[list[Step]]:
    """Each draft's changes, newest first, read from git in one batch."""
    runs = [list(_steps(doc, revisions.history, today)) for doc in docs]
    revisions.prefetch(step for run in runs for step in run)
    return runs


def draft_since(steps: list[Step], revisions: Revisions, today: date) -> tuple[date, Commit | None]:
    """Since when a draft has been one: the oldest commit of its latest run of draft commits.

    `steps` are the draft's changes, newest first; a draft not committed yet is new.
    """
    since: tuple[date, Commit | None] = (today, None)
    for step in steps:
        if step.commit is None:  # uncommitted: was the committed version a draft too?
            if step.before is None or revisions.get(step.before).status not in DRAFT_STATUSES:
                break
            continue
        if step.after is not None and revisions.get(step.after).status not in DRAFT_STATUSES:
            break
        since = (step.day, step.commit)
    return since


def git_history(ctx: Context) -> GitHistory | HistoryUnavailable:
    """The repository's git history, opened once per run, or why there is none."""

    def load() -> GitHistory | HistoryUnavailable:
        from soclint.history import GitHistory, HistoryUnavailable

        if ctx.history is not None:
            return ctx.history
        try:
            return GitHistory.open(ctx.config.root)
        except HistoryUnavailable as error:
            return error

    return ctx.cached("git-history", load)


def full_history(ctx: Context) -> Revisions | str:
    """The complete history, read in one pass, or the reason it cannot be."""

    def load() -> Revisions | str:
        from soclint.history import HistoryUnavailable

        history = git_history(ctx)
        if isinstance(history, HistoryUnavailable):
            return str(history)
        try:
            if history.is_shallow:
                return "the clone is shallow"
            history.changes  # noqa: B018 (the one pass over the log, here so failures show)
            history.uncommitted  # noqa: B018
        except HistoryUnavailable as error:
            return str(error)
        return Revisions(history)

    return ctx.cached("full-history", load)
