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
from soclint.rule_inputs import OWN_DOCUMENT
from soclint.rule_schemas import compile_rule_schema
from soclint.validation import validate


def declarative_rule(spec: DeclarativeRule) -> Rule:
    return Rule(
        code=spec.code,
        name=spec.name,
        summary=spec.summary,
        severity=Severity(spec.severity),
        subject=Subject.DOCUMENT,
        reads=OWN_DOCUMENT,
        check=_checker(spec),
        documentation=spec.description.strip() + f"\n\nDefined in the rule pack {spec.source}.",
        family="declarative",
    )


def _checker(spec: DeclarativeRule) -> Callable[[Document, Context], Iterator[Hit]]:
    selector, requirement = _RuleSchema(spec.match), _RuleSchema(spec.assert_)

    def check(doc: Document, ctx: Context) -> Iterator[Hit]:
        if doc.data is None:
            return
        instance = ctx.facts.json_of(doc)
        selected = _as_selected(instance, doc, ctx)
        verdict = selector.decided(selected)
        if not (selector.full.is_valid(selected) if verdict is None else verdict):
            return
        if requirement.decided(instance):
            return
        for found in validate(requirement.full, instance):
            yield Hit(f"{spec.message} ({found.message})", doc, found.key_path)

    return check


class _RuleSchema:
    """A rule's `match` or `assert` schema, compiled on first use (listing the rules needs no
    validator): by jsonschema-rs where it decides as jsonschema does, by jsonschema where it
    cannot, and to explain a failure."""

    def __init__(self, schema: dict[str, Any]) -> None:
        self._schema = schema

    @cached_property
    def _fast(self) -> Any:
        return deciding_validator(self._schema)

    @cached_property
    def full(self) -> Any:
        return compile_rule_schema(self._schema)

    def decided(self, instance: Any) -> bool | None:
        """The compiled verdict on `instance`, or None where jsonschema must give it."""
        return None if self._fast is None else decides(self._fast, instance)


def _as_selected(instance: Any, doc: Document, ctx: Context) -> Any:
    """What a rule's `match` sees: a policy of a synonym kind as the kind it stands for,
    so the rules of `business-continuity` judge the policy whose kind stands for it."""
    kind = doc.text("kind")
    if doc.type != "policy" or kind is None or ctx.pack.kind_of(kind) == kind:
        return instance
    return {**instance, "kind": ctx.pack.kind_of(kind)}
