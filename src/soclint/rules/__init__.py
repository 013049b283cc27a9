"""The rule families. Importing this package registers every built-in rule."""

from soclint.registry import Rule, registered_rules
from soclint.rules import (
    activities,
    approval,
    assets,
    content,
    diff,
    drift,
    evidence,
    exceptions,
    mapping,
    operations,
    references,
    review,
    risks,
    schema,
    scope,
    structure,
    suite,
    vendors,
    waivers,
)

__all__ = [
    "activities",
    "approval",
    "assets",
    "builtin_rules",
    "content",
    "diff",
    "drift",
    "evidence",
    "exceptions",
    "mapping",
    "operations",
    "references",
    "review",
    "risks",
    "schema",
    "scope",
    "structure",
    "suite",
    "vendors",
    "waivers",
]


def builtin_rules() -> dict[str, Rule]:
    """Every built-in rule, by code."""
    return registered_rules()
