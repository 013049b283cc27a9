"""The rule families. Importing this package registers every built-in rule."""

from soclint.rules import content, mapping, references, schema, scope, structure, suite, waivers

__all__ = ["content", "mapping", "references", "schema", "scope", "structure", "suite", "waivers"]
