"""The rule families. Importing this package registers every built-in rule."""

from soclint.rules import (
    activities,
    assets,
    content,
    evidence,
    exceptions,
    mapping,
    operations,
    references,
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
    "assets",
    "content",
    "evidence",
    "exceptions",
    "mapping",
    "operations",
    "references",
    "risks",
    "schema",
    "scope",
    "structure",
    "suite",
    "vendors",
    "waivers",
]
