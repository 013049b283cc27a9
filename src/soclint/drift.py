"""Whether a document's content changed after it was approved: by its digest, else by git.

With `approval.digest` the answer needs no history: the digest of the content
now either matches the one recorded at approval or not. Without one, git
tells, in two questions over every change of the file (merges included):

- Was the approval the document holds recorded on the content it has now?
  Some change must have written that approval (it differs from what came
  before) and left the content as it is today. An approval recorded on other
  content and a content change after it is drift, whatever the commits' dates.
- Is the approval dated on or after the content it approves? The change
  that wrote today's content must not be dated after the approval, unless it
  recorded that approval itself (a squash-merged pull request, the commit
  that added the file).

A revision whose front-matter cannot be read says nothing about approvals:
the changes around it are judged against the nearest readable revisions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from soclint.context import Context
from soclint.dates import as_date
from soclint.digest import Revision, RevisionReader, digest_of, unreadable_revision
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

    def _of(self, blob: str, text: str | None) -> Revision:
        return unreadable_revision(blob) if text is None else self._reader.of_text(text)

    def get(self, blob: str) -> Revision:
        if blob not in self._cache:
            from soclint.history import BlobTooLarge

            try:
                text: str | None = self.history.text(blob)
            except BlobTooLarge:
                text = None
            self._cache[blob] = self._of(blob, text)
        return self._cache[blob]

    def current(self, doc: Document) -> Revision:
        """`doc` as it is in the working tree."""
        return self._reader.of_document(doc)

    def prefetch(self, steps: Iterable[Step]) -> None:
        """Read the blobs of all `steps` from git in one streamed batch."""
        wanted = {blob for step in steps for blob in step.blobs} - self._cache.keys()
        for blob, text in self.history.read(wanted):
            self._cache[blob] = self._of(blob, text)


@dataclass(frozen=True)
class Step:
    """One change of a file, newest first: blobs before (None: added) and after.

    `commit` None is the uncommitted change in the working tree, and its
    `after` None the working copy itself, which needs no reading from git. A
    merge also has the file's blob in each other parent in `merged_from`.
    """

    commit: Commit | None
    day: date
    before: str | None
    after: str | None
    merged_from: tuple[str | None, ...] = ()

    @property
    def befores(self) -> tuple[str | None, ...]:
        return (self.before, *self.merged_from)

    @property
    def blobs(self) -> Iterator[str]:
        return (blob for blob in (*self.befores, self.after) if blob is not None)


def file_steps(doc: Document, history: GitHistory, today: date) -> list[Step]:
    """Every change of `doc`, newest first: uncommitted ones (dated `today`), then its commits."""
    steps = []
    if doc.path in history.uncommitted:
        steps.append(Step(None, today, history.uncommitted[doc.path], None))
    for change in history.changes.get(doc.path, []):
        day = change.commit.day
        steps.append(Step(change.commit, day, change.before, change.after, change.merged_from))
    return steps


class _Lineage:
    """The revisions of one file and the changes that wrote each of them."""

    def __init__(self, steps: list[Step], revisions: Revisions, current: Revision) -> None:
        self.revisions = revisions
        self.current = current
        self._writers: dict[str, list[Step]] = {}
        for step in steps:
            if step.after is not None:
                self._writers.setdefault(step.after, []).append(step)

    def after(self, step: Step) -> Revision:
        return self.current if step.after is None else self.revisions.get(step.after)

    def before(self, step: Step) -> list[Revision]:
        """What `step` changed: each parent's revision, or for one whose front-matter
        cannot be read, the nearest readable revisions before it."""
        found: list[Revision] = []
        seen: set[str] = set()
        waiting = list(step.befores)
        while waiting:
            blob = waiting.pop()
            if blob is None or blob in seen:
                continue
            seen.add(blob)
            revision = self.revisions.get(blob)
            if revision.readable:
                found.append(revision)
            else:
                for writer in self._writers.get(blob, []):
                    waiting.extend(writer.befores)
        return found

    def records(self, step: Step, approval: str) -> bool:
        """Whether `step` wrote `approval`: it holds it after, and held it nowhere before."""
        after = self.after(step)
        return (
            after.readable
            and after.approval == approval
            and all(before.approval != approval for before in self.before(step))
        )

    def changes_content(self, step: Step) -> bool:
        content = self.after(step).content
        return all(before.content != content for before in self.before(step))


def history_drift(doc: Document, steps: list[Step], revisions: Revisions) -> Drift | None:
    """The change that left the content other than what was approved, from `steps` of `doc`."""
    current = revisions.current(doc)
    approval = current.approval
    if not steps or approval is None:
        return None
    lineage = _Lineage(steps, revisions, current)
    recordings = [step for step in steps if lineage.records(step, approval)]
    if all(lineage.after(step).content != current.content for step in recordings):
        # The approval was recorded on other content: the newest change since is the drift.
        changed = (s for s in steps if lineage.changes_content(s) and s not in recordings)
        return Drift(next(changed, steps[0]).commit)
    approved = approved_on(doc)
    writings = [
        step
        for step in steps
        if lineage.after(step).content == current.content and lineage.changes_content(step)
    ]
    if approved is None or any(s in recordings or s.day <= approved for s in writings):
        return None
    # Today's content was written after the day of the approval that claims it.
    return Drift(writings[0].commit) if writings else None


def draft_runs(docs: list[Document], revisions: Revisions, today: date) -> list[list[Step]]:
    """Each draft's changes, newest first, read from git in one batch."""
    runs = [file_steps(doc, revisions.history, today) for doc in docs]
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
            if history.is_partial:
                return "the clone is partial (old versions of files were not fetched)"
            history.changes  # noqa: B018 (the one pass over the log, here so failures show)
            history.uncommitted  # noqa: B018
        except HistoryUnavailable as error:
            return str(error)
        return Revisions(history)

    return ctx.cached("full-history", load)
