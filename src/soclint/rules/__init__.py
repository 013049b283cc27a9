"""The rule families. Importing this package registers every built-in rule."""

from soclint.rules import (
    approval,
    diff,
    drift,
    mapping,
    references,
    review,
    schema,
    structure,
    suite,
    waivers,
)

__all__ = [
    "approval",
    "diff",
    "drift",
    "mapping",
    "references",
    "review",
    "schema",
    "structure",
    "suite",
    "waivers",
]
