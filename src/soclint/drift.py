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
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from soclint.context import Context
from soclint.dates import as_date
from soclint.digest import Revision, digest_of, revision_of, revision_of_text
from soclint.document import Document
from soclint.history import Commit, GitHistory, HistoryUnavailable
from soclint.lifecycle import CONTROLLED_TYPES

# Documents whose approval vouches for their content.
DRIFT_TYPES = (*CONTROLLED_TYPES, "system-description")
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
        self._cache: dict[str, Revision] = {}

    def get(self, blob: str) -> Revision:
        if blob not in self._cache:
            self._cache[blob] = revision_of_text(self.history.text(blob))
        return self._cache[blob]


@dataclass(frozen=True)
class _Step:
    """One change of a file, newest first; `commit` None is the uncommitted working copy."""

    commit: Commit | None
    day: date
    before: str | None
    after: str | None


def _steps(doc: Document, history: GitHistory, today: date) -> Iterator[_Step]:
    if doc.path in history.uncommitted:
        yield _Step(None, today, history.uncommitted[doc.path], None)
    for change in history.changes.get(doc.path, []):
        yield _Step(change.commit, change.commit.day, change.before, change.after)


def history_drift(doc: Document, approved: date, revisions: Revisions, today: date) -> Drift | None:
    """The change that left the content different from what was approved on `approved`."""
    history = revisions.history
    current = revision_of(doc)
    later: list[_Step] = []
    for step in _steps(doc, history, today):
        if step.day <= approved:
            break
        later.append(step)
    if not later:
        return None
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


def draft_since(doc: Document, revisions: Revisions, today: date) -> tuple[date, Commit | None]:
    """Since when `doc` has been a draft: the oldest commit of its latest run of drafts."""
    history = revisions.history
    if doc.path in history.uncommitted:
        head = history.uncommitted[doc.path]
        if head is None or revisions.get(head).status not in DRAFT_STATUSES:
            return today, None
    since: tuple[date, Commit | None] = (today, None)
    for change in history.changes.get(doc.path, []):
        if revisions.get(change.after).status not in DRAFT_STATUSES:
            break
        since = (change.commit.day, change.commit)
    return since


def git_history(ctx: Context) -> GitHistory | HistoryUnavailable:
    """The repository's git history, opened once per run, or why there is none."""

    def load() -> GitHistory | HistoryUnavailable:
        try:
            return GitHistory.open(ctx.config.root)
        except HistoryUnavailable as error:
            return error

    return ctx.cached("git-history", load)


def full_history(ctx: Context) -> Revisions | str:
    """The complete history, read in one pass, or the reason it cannot be."""

    def load() -> Revisions | str:
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
