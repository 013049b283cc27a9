"""The rule families. Importing this package registers every built-in rule."""

from soclint.rules import mapping, references, schema, structure, suite, waivers

__all__ = ["mapping", "references", "schema", "structure", "suite", "waivers"]
