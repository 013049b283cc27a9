"""The JSON Schemas of declarative rules: checked when their pack is loaded, then run safely.

A rule's `match` and `assert` schemas come from the checked repository. Before a
rule runs, each `$ref` and `$dynamicRef` must lead, without fetching anything, to a
schema: of the rule itself, one of soclint's (`urn:soclint:schemas:...`) or a JSON
Schema meta-schema; no chain of references may come back to where it started
without going into the document (`{$ref: "#"}`); and each pattern must be one RE2
runs in bounded time. The rule then runs with RE2 doing all its pattern matching.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from soclint.keypaths import KeyPath
from soclint.user_patterns import format_checker, pattern_problem, search
from soclint.validation import items_once, reference_registry

# Keywords that apply a schema to the value at hand rather than to a part of it: a chain
# of them that comes back to its start would be followed for ever.
_IN_PLACE_SCHEMA = ("not", "if", "then", "else")
_IN_PLACE_LISTS = ("allOf", "anyOf", "oneOf")
_IN_PLACE_MAPS = ("dependentSchemas",)
_REFERENCES = ("$ref", "$dynamicRef")


def rule_schema_problems(schema: Any) -> Iterator[tuple[KeyPath, str]]:
    """Each reason `schema` cannot run safely, with the key path (within it) it is at."""
    from referencing.jsonschema import DRAFT202012

    root = reference_registry().resolver_with_root(DRAFT202012.create_resource(schema))
    nodes: dict[int, _Schema] = {}
    pattern_properties = unevaluated = None
    stack: list[tuple[Any, KeyPath, Any]] = [(schema, (), root)]
    while stack:
        node, path, resolver = stack.pop()
        if isinstance(node, list):
            stack += [(item, (*path, i), resolver) for i, item in enumerate(node)]
            continue
        if not isinstance(node, dict):
            continue
        resolver = resolver.in_subresource(DRAFT202012.create_resource(node))
        nodes[id(node)] = _Schema(node, path, resolver)
        for keyword in _REFERENCES:
            if keyword in node:
                problem = _reference_problem(node[keyword], resolver)
                if problem is not None:
                    yield (*path, keyword), f"{keyword} {node[keyword]!r} {problem}"
        if isinstance(node.get("pattern"), str):
            problem = pattern_problem(node["pattern"])
            if problem is not None:
                yield (*path, "pattern"), f"pattern {node['pattern']!r} cannot be used: {problem}"
        if isinstance(node.get("patternProperties"), dict):
            pattern_properties = (*path, "patternProperties")
            for pattern in node["patternProperties"]:
                problem = pattern_problem(pattern)
                if problem is not None:
                    where = (*path, "patternProperties", pattern)
                    yield where, f"pattern {pattern!r} cannot be used: {problem}"
        if "unevaluatedProperties" in node:
            unevaluated = (*path, "unevaluatedProperties")
        stack += [(value, (*path, key), resolver) for key, value in node.items()]
    if pattern_properties is not None and unevaluated is not None:
        yield (
            unevaluated,
            (
                "unevaluatedProperties cannot be used in a rule that has patternProperties; "
                "use additionalProperties"
            ),
        )
    endless = _endless_reference(nodes)
    if endless is not None:
        where, keyword, target = endless
        yield (
            where,
            (
                f"{keyword} {target!r} leads back to a schema it is part of without going into "
                "the document: checking would never end"
            ),
        )


def _reference_problem(ref: Any, resolver: Any) -> str | None:
    from referencing.exceptions import Unresolvable

    if not isinstance(ref, str):
        return "is not a string"
    try:
        target = resolver.lookup(ref).contents
    except Unresolvable:
        return (
            "resolves to nothing: a rule may refer to its own schema ('#/...'), to soclint's "
            "(urn:soclint:schemas:...) and to the JSON Schema meta-schemas; nothing is fetched"
        )
    return None if isinstance(target, (dict, bool)) else "leads to a value, not a schema"


@dataclass(frozen=True)
class _Schema:
    """A schema object of a rule, where it is, and how references in it resolve."""

    node: dict[str, Any]
    path: KeyPath
    resolver: Any

    def applied_in_place(self) -> Iterator[tuple[str, int]]:
        """(keyword, id) of each schema this one applies to the very value it checks."""
        for keyword, value in self.node.items():
            if keyword in _IN_PLACE_SCHEMA:
                yield keyword, id(value)
            elif keyword in _IN_PLACE_LISTS and isinstance(value, list):
                yield from ((keyword, id(item)) for item in value)
            elif keyword in _IN_PLACE_MAPS and isinstance(value, dict):
                yield from ((keyword, id(item)) for item in value.values())
            elif keyword in _REFERENCES and _reference_problem(value, self.resolver) is None:
                yield keyword, id(self.resolver.lookup(value).contents)


def _endless_reference(nodes: dict[int, _Schema]) -> tuple[KeyPath, str, Any] | None:
    """Where a chain of schemas applied in place to one value comes back to its start."""
    following, done = set(), set()
    for start in nodes:
        if start in done:
            continue
        following.add(start)
        chain = [(start, nodes[start].applied_in_place())]
        while chain:
            current, targets = chain[-1]
            for keyword, target in targets:
                if target in following:
                    node = nodes[current]
                    return (*node.path, keyword), keyword, node.node[keyword]
                if target in nodes and target not in done:
                    following.add(target)
                    chain.append((target, nodes[target].applied_in_place()))
                    break
            else:
                chain.pop()
                following.discard(current)
                done.add(current)
    return None


def compile_rule_schema(schema: Any) -> Any:
    """A validator for a rule's schema (checked by `rule_schema_problems`), matching by RE2."""
    return _rule_validator()(schema, registry=reference_registry(), format_checker=format_checker())


@cache
def _rule_validator() -> Any:
    from jsonschema import Draft202012Validator, validators

    return validators.extend(  # type: ignore[no-untyped-call]
        Draft202012Validator,
        {
            "items": items_once,
            "pattern": _pattern,
            "patternProperties": _pattern_properties,
            "additionalProperties": _additional_properties,
        },
    )


def _pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Iterator[Any]:
    from jsonschema import ValidationError

    if validator.is_type(instance, "string") and not search(pattern, instance):
        yield ValidationError(f"{instance[:60]!r} does not match {pattern!r}")


def _pattern_properties(
    validator: Any, patterns: dict[str, Any], instance: Any, schema: Any
) -> Iterator[Any]:
    if not validator.is_type(instance, "object"):
        return
    for pattern, subschema in patterns.items():
        for key, value in instance.items():
            if search(pattern, key):
                yield from validator.descend(value, subschema, path=key, schema_path=pattern)


def _additional_properties(validator: Any, extra: Any, instance: Any, schema: Any) -> Iterator[Any]:
    """JSON Schema's additionalProperties, with patternProperties matched by RE2."""
    from jsonschema import ValidationError

    if not validator.is_type(instance, "object"):
        return
    known = schema.get("properties", {})
    patterns = list(schema.get("patternProperties", {}))
    extras = [k for k in instance if k not in known and not any(search(p, k) for p in patterns)]
    if validator.is_type(extra, "object"):
        for key in extras:
            yield from validator.descend(instance[key], extra, path=key)
    elif not extra and extras:
        listed = ", ".join(repr(key) for key in sorted(extras))
        yield ValidationError(f"additional properties are not allowed ({listed})")
