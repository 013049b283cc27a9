"""What a change touched, and which rule runs it can reach: diff mode's focus.

Both sides of a change, the head and the base, are judged with the same
scope. A rule whose declared inputs (rule_inputs.py) the change left alone
reports the same on both sides, except on the documents the change touched:
a rule of one document at a time runs only on those, and so does a rule of
the whole program that judges documents one at a time (`each_document`); any
other such rule runs on neither side. What neither side ran, neither reports,
so the findings the change causes are those of a run of everything.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from soclint.registry import Rule, Subject
from soclint.rule_inputs import Inputs


class Reach(Enum):
    """How much of a rule a change reaches."""

    ALL = "all"  # run as in a full check
    TOUCHED = "touched"  # run on the documents the change touched
    NONE = "none"  # run on neither side


@dataclass(frozen=True)
class ChangeScope:
    """What a change touched, as both sides name it."""

    # The documents, by path, whose content or git history the change touched.
    documents: frozenset[str]
    # The types of those documents, on either side.
    types: frozenset[str]
    # Whether a file besides a document was touched, or a document added or removed.
    files: bool
    # Whether some touched document cannot be read, on either side.
    unparsed: bool
    # Whether commits were made since the base.
    history: bool

    def reach(self, rule: Rule) -> Reach:
        """How much of `rule` the change reaches."""
        if rule.reads is None or self._affects(rule.reads):
            return Reach.ALL
        if rule.subject is Subject.DOCUMENT or rule.reads.each_document:
            return Reach.TOUCHED if self.documents else Reach.NONE
        return Reach.NONE

    def _affects(self, inputs: Inputs) -> bool:
        return (
            (inputs.documents and bool(self.documents))
            or (inputs.files and self.files)
            or (inputs.unparsed and self.unparsed)
            or (inputs.history and self.history)
            or not inputs.types.isdisjoint(self.types)
        )
