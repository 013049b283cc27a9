"""How long a draft has been one, read from git: its latest unbroken run of draft commits."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from soclint.document import Document
from soclint.history.lineage import Step, file_steps
from soclint.history.revisions import Revisions
from soclint.lifecycle import DRAFT_STATUSES

if TYPE_CHECKING:
    from soclint.history.git_history import Commit


def draft_runs(docs: list[Document], revisions: Revisions, today: date) -> list[list[Step]]:
    """Each draft's changes, newest first, read from git in one batch."""
    runs = [file_steps(doc, revisions.history, today) for doc in docs]
    revisions.prefetch(blob for run in runs for step in run for blob in step.blobs)
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
