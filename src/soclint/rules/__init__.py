"""The rule families. Importing this package registers every built-in rule."""

from soclint.registry import Rule, registered_rules
from soclint.rules import (
    content,
    mapping,
    references,
    risks,
    schema,
    scope,
    structure,
    suite,
    waivers,
)
from soclint.rules.approval import diff, drift, review, signatures
from soclint.rules.operations import (
    activities,
    assets,
    due_soon,
    evidence,
    exceptions,
    vendors,
)

__all__ = [
    "activities",
    "assets",
    "builtin_rules",
    "content",
    "diff",
    "drift",
    "due_soon",
    "evidence",
    "exceptions",
    "mapping",
    "references",
    "review",
    "risks",
    "schema",
    "scope",
    "signatures",
    "structure",
    "suite",
    "vendors",
    "waivers",
]


def builtin_rules() -> dict[str, Rule]:
    """Every built-in rule, by code."""
    return registered_rules()
