"""The rule families. Importing this package registers every built-in rule."""

from soclint.rules import (
    activities,
    assets,
    evidence,
    exceptions,
    mapping,
    operations,
    references,
    risks,
    schema,
    structure,
    suite,
    vendors,
    waivers,
)

__all__ = [
    "activities",
    "assets",
    "evidence",
    "exceptions",
    "mapping",
    "operations",
    "references",
    "risks",
    "schema",
    "structure",
    "suite",
    "vendors",
    "waivers",
]
