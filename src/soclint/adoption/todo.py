"""The to-do list an adoption ends with: what a person must decide, file and line.

What soclint's own rules find in the adopted documents before anyone edits
them (values to correct, criteria no catalog holds, template leftovers) is
asked of the very rules `soclint check` runs, so the lines agree; adopt adds
what it could not fill (an owner, a kind), the guesses to confirm, and the
steps that make the program its owners' (roles, scope, approvals).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from soclint.adoption.drafts import ROSTER_FILE, SYSTEM_FILE
from soclint.adoption.sources import Refused
from soclint.config import Config
from soclint.context import Context
from soclint.document import Document
from soclint.engine import run_rules
from soclint.facts import Facts
from soclint.program import program_of
from soclint.repository import Repository

# The rules whose findings in the adopted documents are steps of the to-do list: values
# to correct, criteria no catalog holds, policies that map nothing, template leftovers.
# (Adopt fills every key the schemas require but the owner, and a kind it cannot guess: it
# names those itself.)
TODO_RULES = ("V003", "M001", "M003", "L003")


@dataclass(frozen=True, order=True)
class ToDo:
    """One step for a person: in file `path`, at `line`."""

    path: str
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.text}"


def _advice(code: str, message: str) -> str:
    return f"{message}; correct it or take it out" if code == "M001" else message


def found_in(documents: Sequence[Document], config: Config) -> list[ToDo]:
    """The steps soclint's rules find in `documents`, as `soclint check` would place them."""
    program = program_of(config)
    repository = Repository(config.root, list(documents))
    facts = Facts(repository, program.config, program.pack)
    ctx = Context(repository, program.config, program.pack, facts)
    rules = [(program.rules[code], program.rules[code].severity) for code in TODO_RULES]
    return [
        ToDo(finding.path or "", finding.line or 0, _advice(finding.code, finding.message))
        for finding in run_rules(rules, ctx)
    ]


def in_order(steps: Iterable[ToDo]) -> list[ToDo]:
    """`steps` by file and line, each once."""
    return sorted(set(steps))


def left_out_steps(left_out: list[Refused]) -> list[ToDo]:
    """A step for each document adopt could not read or edit: what to fix, at its line."""
    return [
        ToDo(refused.path, refused.line, f"left out: {refused.reason}; then give it soclint's "
             "front-matter")
        for refused in left_out
        if refused.line is not None
    ]  # fmt: skip


def program_steps(documents: list[Document], adopted: list[str]) -> list[ToDo]:
    """What makes the program its owners': roles, the scope, and the approvals."""
    by_path = {doc.path: doc for doc in documents}
    roster, scope = by_path[ROSTER_FILE], by_path[SYSTEM_FILE]
    steps = [
        ToDo(ROSTER_FILE, roster.locate(("people",))[0],
             "people: give each person the roles they hold, and add the people who own or "
             "approve documents without writing them"),
        ToDo(ROSTER_FILE, roster.locate(("authority",))[0],
             "authority: name the roles that may approve policies and sign off the scope"),
        ToDo(SYSTEM_FILE, 1,
             f"sign off the scope once it is complete: soclint approve {SYSTEM_FILE} --by "
             "PERSON (whose role holds sign-off-scope)"),
        ToDo(SYSTEM_FILE, scope.locate(("report",))[0],
             "report: set its type and its date (type 1: as_of) or period (type 2: start, end)"),
        ToDo(SYSTEM_FILE, scope.locate(("categories",))[0],
             "categories: add the categories the report covers besides security"),
        ToDo(SYSTEM_FILE, scope.locate(("components",))[0],
             "components: list the components of the system, each with its owner"),
    ]  # fmt: skip
    for path in adopted:
        steps.append(
            ToDo(path, by_path[path].locate(("status",))[0],
                 f"status: draft; approve it once it has its owner: soclint approve {path} "
                 "--by PERSON --bump none (whose role holds approve-policy)")
        )  # fmt: skip
    return steps
