"""What the rules that judge a change see of it: the program at the base, and how the
change weakens the checks (diff mode, `check --diff-base REV`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from soclint.document import Document

if TYPE_CHECKING:
    from soclint.history.git_history import Commit


@dataclass(frozen=True)
class Weakening:
    """One way a change weakens the checks, at its line of the head's soclint.yaml."""

    message: str
    line: int
    column: int


@dataclass(frozen=True)
class BaseProgram:
    """The base as the rules that judge a change see it (Context.change)."""

    rev: str  # as given
    commit: Commit  # the merge base of REV and HEAD
    # The base's documents, by the path the head gives the file (renames followed).
    documents: dict[str, Document]
    weakenings: list[Weakening]
