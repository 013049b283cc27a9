"""The to-do list an adoption ends with: what a person must decide, file and line.

What soclint's own rules find in the adopted documents before anyone edits
them (missing keys such as an owner or a kind, criteria no catalog holds,
template leftovers) is asked of the very rules `soclint check` runs, so the
lines agree; adopt adds the guesses to confirm and the steps that make the
program its owners' (roles, scope, approvals).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from soclint.config import Config
from soclint.context import Context
from soclint.document import Document
from soclint.engine import run_rules
from soclint.program import program_of
from soclint.repository import Repository

# The rules whose findings in the adopted documents are steps of the to-do list:
# missing keys, values to correct, criteria no catalog holds, policies that map nothing,
# template leftovers.
TODO_RULES = ("V001", "V003", "M001", "M003", "L003")
# What to do about a key the schema requires and adopt could not fill.
MISSING_KEY_ADVICE = {
    "owner": "name the person accountable for it (a person id of the roster)",
    "kind": "choose the suite kind it is (soclint rules lists the pack), or make it a "
    "procedure or a standard",
}


@dataclass(frozen=True, order=True)
class ToDo:
    """One step for a person: in file `path` (None: the program as a whole), at `line`."""

    path: str
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.text}" if self.path else self.text


def _advice(code: str, message: str) -> str:
    if code == "V001":
        key = message.rpartition("'")[0].rpartition("'")[2]
        advice = MISSING_KEY_ADVICE.get(key)
        return f"{message}: {advice}" if advice else message
    if code == "M001":
        return f"{message}; correct it or take it out"
    return message


def found_in(documents: Sequence[Document], config: Config) -> list[ToDo]:
    """The steps soclint's rules find in `documents`, as `soclint check` would place them."""
    program = program_of(config)
    ctx = Context(Repository(config.root, list(documents)), program.config, program.pack)
    rules = [(program.rules[code], program.rules[code].severity) for code in TODO_RULES]
    return [
        ToDo(finding.path or "", finding.line or 0, _advice(finding.code, finding.message))
        for finding in run_rules(rules, ctx)
    ]


def in_order(steps: Iterable[ToDo]) -> list[ToDo]:
    """`steps` by file and line, the program's own steps last, each once."""
    distinct = sorted(set(steps))
    return [s for s in distinct if s.path] + [s for s in distinct if not s.path]
