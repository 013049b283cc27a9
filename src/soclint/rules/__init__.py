"""The rule families. Importing this package registers every built-in rule."""

from soclint.registry import Rule, registered_rules
from soclint.rules import (
    acknowledgements,
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
from soclint.rules.approval import (
    codeowners,
    diff,
    drift,
    provenance,
    review,
    signatures,
    tenure,
)
from soclint.rules.operations import (
    activities,
    assets,
    due_soon,
    evidence,
    exceptions,
    vendors,
)

__all__ = [
    "acknowledgements",
    "activities",
    "assets",
    "builtin_rules",
    "codeowners",
    "content",
    "diff",
    "drift",
    "due_soon",
    "evidence",
    "exceptions",
    "mapping",
    "provenance",
    "references",
    "review",
    "risks",
    "schema",
    "scope",
    "signatures",
    "structure",
    "suite",
    "tenure",
    "vendors",
    "waivers",
]


def builtin_rules() -> dict[str, Rule]:
    """Every built-in rule, by code."""
    return registered_rules()
