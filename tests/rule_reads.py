"""What a rule reads while it runs, tracked as a replay tracks it (audit/tracking.py), and
what of that its declared inputs (rule_inputs.py) leave out."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from soclint.audit.tracking import Reads, Recorder, tracked_context
from soclint.context import Context
from soclint.facts import Facts
from soclint.program import Program
from soclint.registry import Rule, Subject
from soclint.rule_inputs import Inputs


def judges_each_document(rule: Rule) -> bool:
    return rule.subject is Subject.DOCUMENT or (rule.reads is not None and rule.reads.each_document)


def reads_of(rule: Rule, program: Program) -> Iterator[tuple[str | None, Reads]]:
    """What `rule` reads over `program`: for a rule that judges documents one at a time,
    while it judges each document alone (the path, and its reads); else for the whole run."""
    repository, config, pack = program.repository, program.config, program.pack
    readers = tuple(r.history_for for r in program.rules.values() if r.history_for is not None)
    ctx = Context(repository, config, pack, Facts(repository, config, pack), readers)
    recorder = Recorder()
    memo: dict[Any, Any] = {}
    tracked = tracked_context(ctx, recorder, memo)
    if not judges_each_document(rule):
        with recorder.recording() as reads:
            list(rule.run(tracked))
        yield None, reads
        return
    for doc in repository.documents:
        with recorder.recording() as reads:
            list(rule.run(replace(tracked, focus=frozenset({doc.path}))))
        yield doc.path, reads


def undeclared(reads: Reads, inputs: Inputs, own: str | None) -> list[str]:
    """What `reads` holds that `inputs` does not declare; `own` is the document judged."""
    found = []
    if reads.everything:
        found.append("an input the tracker does not know (counted as everything)")
    if reads.documents and not inputs.documents:
        found.append("every document")
    others = reads.by_path - {own}
    if others and not inputs.documents:
        found.append(f"documents by path: {sorted(others)}")
    types = reads.types - inputs.types
    if types and not inputs.documents:
        found.append(f"documents of types {sorted(types)}")
    if (reads.files or reads.paths) and not inputs.files:
        found.append("files by path")
    if reads.unparsed and not inputs.unparsed:
        found.append("the documents that cannot be read")
    if reads.history and own is None and not inputs.history:
        found.append("git history")
    return found
