"""Declarative rules from rule packs: documents that `match` a schema must satisfy `assert`.

Nothing from a pack is executed: both sides are JSON Schemas, evaluated by
jsonschema against the JSON form of each document's front-matter, with their
patterns matched by RE2 (see `rule_schemas`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import cache
from typing import Any

from soclint.context import Context
from soclint.document import Document
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
    @cache
    def compiled() -> tuple[Any, Any]:
        # Compiled on first use: listing the rules needs no validator.
        return compile_rule_schema(spec.match), compile_rule_schema(spec.assert_)

    def check(doc: Document, ctx: Context) -> Iterator[Hit]:
        if doc.data is None:
            return
        selector, requirement = compiled()
        instance = ctx.facts.json_of(doc)
        if not selector.is_valid(_as_selected(instance, doc, ctx)):
            return
        for found in validate(requirement, instance):
            yield Hit(f"{spec.message} ({found.message})", doc, found.key_path)

    return check


def _as_selected(instance: Any, doc: Document, ctx: Context) -> Any:
    """What a rule's `match` sees: a policy of a synonym kind as the kind it stands for,
    so the rules of `business-continuity` judge the policy whose kind stands for it."""
    kind = doc.text("kind")
    if doc.type != "policy" or kind is None or ctx.pack.kind_of(kind) == kind:
        return instance
    return {**instance, "kind": ctx.pack.kind_of(kind)}
