"""What every rule sees: the program's documents, configuration and rule pack, the facts
shared by the rules, and what the earlier phases of the run settled.

A run has phases (engine.py): the rules first, then the waiver rules, which
see the waivers and what they silenced, then in diff mode the rules that judge
the change, which see the base. Each phase has its own Context; all share one
Facts, so nothing is computed twice and nothing is set halfway through a run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from soclint.catalog import Catalog
from soclint.config import Config
from soclint.document import Document
from soclint.facts import Facts
from soclint.history.change import BaseProgram
from soclint.pack import Pack
from soclint.repository import Repository
from soclint.suppression import WaiverOutcome


@dataclass(frozen=True)
class Context:
    repository: Repository
    config: Config
    pack: Pack
    facts: Facts
    # For each rule of this run that reads git history: the documents it reads it for
    # (rule A012 reports them when there is no history to read).
    history_readers: tuple[Callable[[Context], Iterable[Document]], ...] = ()
    # The waiver phase on: every waiver and what it silenced.
    waivers: WaiverOutcome | None = None
    # Diff mode's last phase: the program at the base.
    change: BaseProgram | None = None
    # Diff mode: the paths of the only documents a rule judges one at a time, those the
    # change touched (change_scope.py); None: every document.
    focus: frozenset[str] | None = None

    def judged_documents(self) -> list[Document]:
        """The documents a rule that judges them one at a time judges: every document, or
        with a focus only those, each looked up by its path."""
        if self.focus is None:
            return self.repository.documents
        by_path = self.repository.by_path
        return [by_path[path] for path in sorted(self.focus) if path in by_path]

    @property
    def as_of(self) -> date:
        return self.config.as_of

    @property
    def catalog(self) -> Catalog:
        return self.pack.catalog
