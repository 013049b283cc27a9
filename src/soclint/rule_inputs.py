"""What a rule reads besides the document it judges: its inputs, declared with the rule.

Diff mode judges only what a change can reach (change_scope.py): a rule whose
inputs the change left alone reports on the base what it reports on the head,
so it runs only on the documents the change touched, or not at all. A rule
that declares no inputs counts as reading everything and always runs in full;
a test runs every rule over the example program and every rule's examples
with its reads tracked and fails when one reads what it did not declare.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Inputs:
    """A rule's inputs besides the configuration, the rule pack, the as-of date and, for a
    rule that judges documents one at a time, each document with its own git history."""

    # Every document of these types.
    types: frozenset[str] = frozenset()
    # Every document, whatever its type.
    documents: bool = False
    # Files by path: the folder's listing, links, evidence locations, files besides documents.
    files: bool = False
    # Which documents cannot be read.
    unparsed: bool = False
    # Git history beyond that of the documents it judges.
    history: bool = False
    # For a rule of the whole program: it judges documents one at a time, and judges only
    # those of Context.focus when that is set.
    each_document: bool = False


def reads(
    *types: str,
    documents: bool = False,
    files: bool = False,
    unparsed: bool = False,
    history: bool = False,
    each_document: bool = False,
) -> Inputs:
    """The Inputs of a rule that reads the documents of `types` and what the flags name."""
    return Inputs(frozenset(types), documents, files, unparsed, history, each_document)


# A rule that reads nothing but the document it judges.
OWN_DOCUMENT = Inputs()
