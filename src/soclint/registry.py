"""The rule registry: every rule's code, name, summary, default severity and documentation."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Any

from soclint.finding import Hit, Severity
from soclint.options import Option
from soclint.rule_inputs import Inputs

if TYPE_CHECKING:
    from soclint.context import Context
    from soclint.document import Document

DOC_SECTIONS = (
    "What it checks",
    "Why an auditor cares",
    "Failing example",
    "Passing example",
    "Options",
)


# The rule families by the letter their codes start with, as ruff's codes.rs: a code says
# where its rule lives, rules/<family>.py or the folder rules/<family>/. Rules of rule
# packs are of the family "declarative", whatever their codes.
FAMILIES = {
    "S": "structure",
    "V": "schema",
    "R": "references",
    "A": "approval",
    "P": "suite",
    "M": "mapping",
    "C": "scope",
    "L": "content",
    "K": "risks",
    "O": "operations",
    "W": "waivers",
    "N": "acknowledgements",
}


class Subject(str, Enum):
    """What a rule looks at: one document at a time, the whole repository, or git history."""

    DOCUMENT = "document"
    REPOSITORY = "repository"
    HISTORY = "history"
    # Runs after all others, on the waivers and what they silenced (Context.waivers).
    WAIVER = "waiver"
    # Diff mode only, once base and head are compared, on the base (Context.change).
    CHANGE = "change"
    # Only when the program holds no soclint document, and then instead of every other
    # rule, each of which would report a part the program lacks.
    NO_DOCUMENTS = "no-documents"


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    summary: str
    severity: Severity
    subject: Subject
    check: Callable[..., Iterable[Hit]]
    documentation: str
    # FAMILIES[code[0]], or "declarative" for the rules of rule packs.
    family: str
    # False for rules that guard the integrity of an approval: a waiver cannot
    # stand in for an approval, so no document may silence them.
    waivable: bool = True
    # For a rule that reads git history: the documents it reads it for.
    history_for: Callable[[Context], Iterable[Document]] | None = None
    # The settings of this rule that soclint.yaml and rule packs may set.
    options: tuple[Option[Any], ...] = ()
    # What it reads besides the document it judges (None: everything); see rule_inputs.py.
    reads: Inputs | None = None

    def run(self, ctx: Context) -> Iterator[Hit]:
        if self.subject is Subject.DOCUMENT:
            for doc in ctx.judged_documents():
                yield from self.check(doc, ctx)
        else:
            yield from self.check(ctx)


_RULES: dict[str, Rule] = {}


def rule(
    code: str,
    name: str,
    summary: str,
    severity: Severity = Severity.ERROR,
    subject: Subject = Subject.DOCUMENT,
    waivable: bool = True,
    history_for: Callable[[Context], Iterable[Document]] | None = None,
    options: tuple[Option[Any], ...] = (),
    reads: Inputs | None = None,
) -> Callable[[Callable[..., Iterable[Hit]]], Callable[..., Iterable[Hit]]]:
    """Register the decorated generator as rule `code`; its docstring is its documentation,
    and the "Options" section lists the `options` first.

    A rule of Subject.HISTORY names in `history_for` the documents it reads git history
    for, so that a run without history says which documents went unchecked. `reads`
    declares what it reads besides the document it judges (rule_inputs.py).
    """

    def register(check: Callable[..., Iterable[Hit]]) -> Callable[..., Iterable[Hit]]:
        if code in _RULES:
            raise ValueError(f"rule code {code} is registered twice")
        family = check.__module__.removeprefix("soclint.rules.").split(".")[0]
        if FAMILIES.get(code[:1]) != family:
            home = FAMILIES.get(code[:1], "a family of its own (add it to FAMILIES)")
            raise ValueError(f"rule {code} belongs in rules/{home}, not in {check.__module__}")
        _RULES[code] = Rule(
            code=code,
            name=name,
            summary=summary,
            severity=severity,
            subject=subject,
            check=check,
            documentation=_with_options(inspect.cleandoc(check.__doc__ or ""), options),
            family=family,
            waivable=waivable,
            history_for=history_for,
            options=options,
            reads=reads,
        )
        return check

    return register


def _with_options(documentation: str, options: tuple[Option[Any], ...]) -> str:
    """The documentation with each option listed at the top of its "Options" section; a
    section that said "None." then holds the options alone."""
    if not options:
        return documentation
    before, _heading, after = documentation.partition("## Options\n")
    listed = "\n".join(f"- {option.described()}" for option in options)
    rest = "" if after.strip() == "None." else after.strip()
    return f"{before.rstrip()}\n\n## Options\n\n{listed}" + (f"\n\n{rest}" if rest else "")


def registered_rules() -> dict[str, Rule]:
    """Every rule registered so far, by code (`soclint.rules.builtin_rules` imports them all)."""
    return dict(sorted(_RULES.items()))
