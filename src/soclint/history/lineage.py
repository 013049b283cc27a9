"""Whether a document's content changed after it was approved: by its digest, else by git.

With `approval.digest` the answer needs no history: the digest of the content
now either matches the one recorded at approval or not. Without one, git
tells, in two questions over every change of the file (merges included):

- Was the approval the document holds recorded on the content it has now?
  The newest change that wrote that approval (it differs from what came
  before) must have left the content as it is today: a change of content
  after it is drift, whatever the commits' dates say.
- Is the approval dated on or after the content it approves? The changes
  before the one that recorded the approval wrote the content it approves:
  they must not be dated after the approval. What the recording change
  wrote itself is covered by the approval (a squash-merged pull request,
  the commit that added the file).

A revision whose front-matter cannot be read says nothing about approvals:
the changes around it are judged against the nearest readable revisions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from soclint.document import Document
from soclint.history.revisions import Revision, Revisions
from soclint.lifecycle import approved_on

if TYPE_CHECKING:
    # Imported when history is first needed: most runs never read git.
    from soclint.history.git_history import Commit, GitHistory


@dataclass(frozen=True)
class Drift:
    """The last change of the content after its approval; `commit` None: not yet committed."""

    commit: Commit | None

    def describe(self) -> str:
        if self.commit is None:
            return "by uncommitted changes in the working tree"
        c = self.commit
        return f"in commit {c.short} on {c.day.isoformat()} by {c.author}"


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
    return steps + committed_steps(doc.path, history)


def committed_steps(path: str, history: GitHistory) -> list[Step]:
    """Every commit's change of the file at `path`, newest first."""
    return [
        Step(change.commit, change.commit.day, change.before, change.after, change.merged_from)
        for change in history.changes.get(path, [])
    ]


def changes_after(doc: Document, approved: date, history: GitHistory, today: date) -> list[Step]:
    """The changes to judge whether `doc` changed after its approval on `approved`.

    That is every change, newest first: the judgement reads back to where the
    approval was recorded, which its date does not tell for sure. Those dated
    from the approval day on, and a few before, are read from git in one batch.
    """
    steps = file_steps(doc, history, today)
    history.prefetch(blob for step in likely_read(steps, approved) for blob in step.blobs)
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

    def _walk_back(self, step: Step, onward: Callable[[str], Iterable[str | None]]) -> None:
        """Visit the blobs before `step`, each once; `onward` gives the blobs to go on to."""
        seen: set[str] = set()
        waiting = list(step.befores)
        while waiting:
            blob = waiting.pop()
            if blob is not None and blob not in seen:
                seen.add(blob)
                waiting.extend(onward(blob))

    def before(self, step: Step) -> list[Revision]:
        """What `step` changed: each parent's revision, or for one whose front-matter
        cannot be read, the nearest readable revisions before it."""
        found: list[Revision] = []

        def onward(blob: str) -> list[str | None]:
            revision = self.revisions.get(blob)
            if revision.readable:
                found.append(revision)
                return []
            return [parent for writer in self._writers.get(blob, []) for parent in writer.befores]

        self._walk_back(step, onward)
        return found

    def records(self, step: Step, approval: str) -> bool:
        """Whether `step` wrote `approval`: it holds it after, and held it nowhere before."""
        return self.writes(step, _approval_of, approval)

    def writes(self, step: Step, value_of: Callable[[Revision], str | None], value: str) -> bool:
        """Whether `step` wrote `value` (as `value_of` reads it from a revision): the
        revision after holds it, and no revision before did."""
        after = self.after(step)
        return (
            after.readable
            and value_of(after) == value
            and all(value_of(before) != value for before in self.before(step))
        )

    def changes_content(self, step: Step) -> bool:
        content = self.after(step).content
        return all(before.content != content for before in self.before(step))

    def content_writers(self, step: Step) -> list[Step]:
        """The changes that wrote the content `step` kept: back through changes of bookkeeping."""
        found: list[Step] = []

        def onward(blob: str) -> list[str | None]:
            passed: list[str | None] = []
            for writer in self._writers.get(blob, []):
                if self.changes_content(writer):
                    found.append(writer)
                else:
                    passed.extend(writer.befores)
            return passed

        self._walk_back(step, onward)
        return found


def _approval_of(revision: Revision) -> str | None:
    return revision.approval


def recording_step(
    steps: list[Step],
    revisions: Revisions,
    current: Revision,
    value_of: Callable[[Revision], str | None],
) -> Step | None:
    """The change that gave the document the value `value_of` reads from `current`: the
    newest of `steps` (all its changes, newest first) that wrote it; None when it has no
    such value, or no change wrote it (its older revisions cannot be read)."""
    value = value_of(current)
    if value is None:
        return None
    lineage = _Lineage(steps, revisions, current)
    return next((step for step in steps if lineage.writes(step, value_of, value)), None)


def history_drift(doc: Document, steps: list[Step], revisions: Revisions) -> Drift | None:
    """The change that left the content other than what was approved, from `steps` of `doc`.

    `steps` are all of the document's changes, newest first; blobs that were
    not prefetched are read when needed.
    """
    current = revisions.current(doc)
    approval = current.approval
    if not steps or approval is None:
        return None
    lineage = _Lineage(steps, revisions, current)
    for index, step in enumerate(steps):
        if lineage.records(step, approval):
            if lineage.after(step).content == current.content:
                return _back_dated(doc, step, lineage)
            changed = _newest_change(steps[:index], lineage)  # after the approval
            return Drift((changed or step).commit)
    changed = _newest_change(steps, lineage)
    return None if changed is None else Drift(changed.commit)


def approval_recording(steps: list[Step], revisions: Revisions, written: int) -> Step | None:
    """The change that recorded the approval the file holds after `steps[written]`: the
    first, reading back from there, in which its approval block took that value. None
    when that revision records no approval."""
    blob = steps[written].after
    revision = revisions.get(blob) if blob is not None else None
    if revision is None or not revision.readable or revision.approval is None:
        return None
    lineage = _Lineage(steps, revisions, revision)
    approval = revision.approval
    return next((step for step in steps[written:] if lineage.records(step, approval)), None)


def _newest_change(steps: list[Step], lineage: _Lineage) -> Step | None:
    return next((step for step in steps if lineage.changes_content(step)), None)


def _back_dated(doc: Document, recording: Step, lineage: _Lineage) -> Drift | None:
    """Drift when the approval `recording` wrote is dated before the content it approves.

    The content it approves was written by the changes before it: the nearest
    ones that changed content (back through changes of bookkeeping) must not
    all be dated after the approval. What the recording change itself wrote
    is covered by the approval (a squash-merged pull request, the commit that
    added the file), but not what came before it (an adoption commit that
    records an approval of text rewritten after that approval's date). A
    recording dated on or before the approval day has only older changes
    before it.
    """
    approved = approved_on(doc)
    if approved is None or recording.day <= approved:
        return None
    writers = lineage.content_writers(recording)
    if not writers or any(writer.day <= approved for writer in writers):
        return None
    return Drift(writers[0].commit)


# Changes older than the approval that a judgement usually reads: the one before the
# recording of the approval, and a few reviews or approvals between it and the last edit.
_OLDER_CHANGES_READ = 3


def likely_read(steps: list[Step], approved: date) -> list[Step]:
    """The changes `history_drift` most likely reads: those dated from the approval day on,
    and a few before them. Reading these in one batch leaves few to read one by one."""
    older = next((index for index, step in enumerate(steps) if step.day < approved), len(steps))
    return steps[: older + _OLDER_CHANGES_READ]
