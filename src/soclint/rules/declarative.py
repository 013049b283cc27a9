"""Declarative rules from rule packs: documents that `match` a schema must satisfy `assert`.

Nothing from a pack is executed: both sides are JSON Schemas, evaluated by
jsonschema against the JSON form of each document's front-matter, with their
patterns matched by RE2 (see `rule_schemas`). A schema jsonschema-rs evaluates
exactly as jsonschema does is decided by it, compiled (see `fast_validation`);
jsonschema then only explains the documents that fail an `assert`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import cached_property
from typing import Any

from soclint.context import Context
from soclint.document import Document
from soclint.fast_validation import decides, deciding_validator
from soclint.finding import Hit, Severity
from soclint.pack import DeclarativeRule
from soclint.registry import Rule, Subject
from soclint.rule_schemas import compile_rule_schema
from soclint.validation import Violation, validate


def declarative_rule(spec: DeclarativeRule) -> Rule:
    return Rule(
        code=spec.code,
        name=spec.name,
        summary=spec.summary,
        severity=Severity(spec.severity),
        subject=Subject.DOCUMENT,
        check=_checker(spec),
        documentation=spec.description.strip() + f"\n\nDefined in the rule pack {spec.source}.",
        family="declarative",
    )


def _checker(spec: DeclarativeRule) -> Callable[[Document, Context], Iterator[Hit]]:
    schemas = _RuleSchemas(spec.match, spec.assert_)

    def check(doc: Document, ctx: Context) -> Iterator[Hit]:
        if doc.data is None:
            return
        instance = ctx.facts.json_of(doc)
        if not schemas.selects(_as_selected(instance, doc, ctx)):
            return
        for found in schemas.violations(instance):
            yield Hit(f"{spec.message} ({found.message})", doc, found.key_path)

    return check


class _RuleSchemas:
    """A rule's `match` and `assert` schemas, each compiled on first use (listing the rules
    needs no validator): by jsonschema-rs where it decides as jsonschema does, by
    jsonschema where it cannot, and to explain a failure."""

    def __init__(self, match: dict[str, Any], assert_: dict[str, Any]) -> None:
        self._match = match
        self._assert = assert_

    @cached_property
    def _fast_match(self) -> Any:
        return deciding_validator(self._match)

    @cached_property
    def _fast_assert(self) -> Any:
        return deciding_validator(self._assert)

    @cached_property
    def _full_match(self) -> Any:
        return compile_rule_schema(self._match)

    @cached_property
    def _full_assert(self) -> Any:
        return compile_rule_schema(self._assert)

    def selects(self, instance: Any) -> bool:
        """Whether `instance` matches the rule's `match`."""
        verdict = None if self._fast_match is None else decides(self._fast_match, instance)
        return bool(self._full_match.is_valid(instance)) if verdict is None else verdict

    def violations(self, instance: Any) -> Iterator[Violation]:
        """Each way `instance` fails the rule's `assert`."""
        if self._fast_assert is not None and decides(self._fast_assert, instance):
            return iter(())
        return validate(self._full_assert, instance)


def _as_selected(instance: Any, doc: Document, ctx: Context) -> Any:
    """What a rule's `match` sees: a policy of a synonym kind as the kind it stands for,
    so the rules of `business-continuity` judge the policy whose kind stands for it."""
    kind = doc.text("kind")
    if doc.type != "policy" or kind is None or ctx.pack.kind_of(kind) == kind:
        return instance
    return {**instance, "kind": ctx.pack.kind_of(kind)}
