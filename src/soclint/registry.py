"""The rule registry: every rule's code, name, summary, default severity and documentation."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

from soclint.finding import Hit, Severity

if TYPE_CHECKING:
    from soclint.context import Context

DOC_SECTIONS = (
    "What it checks",
    "Why an auditor cares",
    "Failing example",
    "Passing example",
    "Options",
)


class Subject(str, Enum):
    """What a rule looks at: one document at a time, the whole repository, or git history."""

    DOCUMENT = "document"
    REPOSITORY = "repository"
    HISTORY = "history"
    # Runs after all others, on the waivers and what they silenced (Context.waivers).
    WAIVER = "waiver"
    # Diff mode only, once base and head are compared, on the base (Context.change).
    CHANGE = "change"


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    summary: str
    severity: Severity
    subject: Subject
    check: Callable[..., Iterable[Hit]]
    documentation: str
    family: str
    # False for rules that guard the integrity of an approval: a waiver cannot
    # stand in for an approval, so no document may silence them.
    waivable: bool = True

    def run(self, ctx: Context) -> Iterator[Hit]:
        if self.subject is Subject.DOCUMENT:
            for doc in ctx.repository.documents:
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
) -> Callable[[Callable[..., Iterable[Hit]]], Callable[..., Iterable[Hit]]]:
    """Register the decorated generator as rule `code`; its docstring is its documentation."""

    def register(check: Callable[..., Iterable[Hit]]) -> Callable[..., Iterable[Hit]]:
        if code in _RULES:
            raise ValueError(f"rule code {code} is registered twice")
        # A family is a module of rules/, or a folder of them.
        family = check.__module__.removeprefix("soclint.rules.").split(".")[0]
        _RULES[code] = Rule(
            code=code,
            name=name,
            summary=summary,
            severity=severity,
            subject=subject,
            check=check,
            documentation=inspect.cleandoc(check.__doc__ or ""),
            family=family,
            waivable=waivable,
        )
        return check

    return register


def registered_rules() -> dict[str, Rule]:
    """Every rule registered so far, by code (`soclint.rules.builtin_rules` imports them all)."""
    return dict(sorted(_RULES.items()))
