"""JSON Schema validation: soclint's schemas under schemas/, loaded once, and their errors
turned into plain Violations.

Each jsonschema error becomes a Violation at the key path it is about, with a
message written for the person who edits the file: the missing key, the
unknown key (with a suggestion), or the value and what was expected (the
schema's `description` rather than a regular expression).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from soclint.fast_validation import accepting_validator, accepts
from soclint.keypaths import KeyPath, where
from soclint.resources import data_path
from soclint.suggestions import Suggestions
from soclint.user_patterns import PatternError, format_checker, matcher

_URN = "urn:soclint:schemas:"
_TYPE_NAMES = {
    "object": "a mapping",
    "array": "a list",
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "true or false",
    "null": "empty",
}


@dataclass(frozen=True)
class Violation:
    """One schema violation: `kind` is missing-key, unknown-key or invalid-value."""

    kind: str
    key_path: KeyPath
    message: str


@cache
def reference_registry() -> Any:
    """All a `$ref` may name: soclint's schemas and the JSON Schema meta-schemas.

    Nothing else resolves: a reference to anything else is never fetched.
    """
    from jsonschema_specifications import REGISTRY

    return REGISTRY.combine(_registry())


@cache
def _registry() -> Any:
    """soclint's schemas as a `referencing` registry, for jsonschema."""
    from referencing import Registry
    from referencing.jsonschema import DRAFT202012

    resources = [(uri, DRAFT202012.create_resource(schema)) for uri, schema in _schemas().items()]
    return Registry().with_resources(resources)


@cache
def _schemas() -> dict[str, Any]:
    """soclint's schemas by their `$id`: all that expanding their references needs, without
    loading `referencing` (a check of valid documents never runs jsonschema)."""
    schemas = {}
    for file in sorted(data_path("schemas").glob("*.schema.json")):
        schema = json.loads(file.read_text(encoding="utf-8"))
        schemas[schema["$id"]] = schema
    return schemas


def compile_schema(schema: dict[str, Any]) -> Any:
    """A validator for `schema`, which may refer to soclint's schemas by their `urn:` ids."""
    return _validator_class()(schema, registry=_registry(), format_checker=format_checker())


_SCALARS = frozenset({str, int, float, bool, type(None)})


@cache
def _validator_class() -> Any:
    from jsonschema import Draft202012Validator, validators

    return validators.extend(  # type: ignore[no-untyped-call]
        Draft202012Validator,
        {"items": items_once, "additionalProperties": additional_properties_once},
    )


def additional_properties_once(
    validator: Any, extra: Any, instance: Any, schema: Any
) -> Iterator[Any]:
    """JSON Schema's `additionalProperties`; `false` fails once, at the first key it
    forbids. `_unknown_keys` names every such key: jsonschema's message would list them
    all again, sorted, for nobody to read."""
    from jsonschema import Draft202012Validator, ValidationError

    if extra is not False or not validator.is_type(instance, "object"):
        keyword = Draft202012Validator.VALIDATORS["additionalProperties"]
        yield from keyword(validator, extra, instance, schema)
        return
    known = schema.get("properties", {})
    patterns = "|".join(schema.get("patternProperties", {}))
    for key in instance:
        if key not in known and not (patterns and re.search(patterns, key)):
            yield ValidationError(f"additional properties are not allowed ({key!r}, ...)")
            return


# Objects that passed an `items` schema, by the schema's identity and their JSON text,
# with the schema kept alive so that its identity is not reused: a register's rows are
# checked again each time one of them changes (a replay of the audit period).
_PASSED_ROWS: dict[tuple[int, str], Any] = {}
_MAX_PASSED_ROWS = 20_000


# Whether an `items` schema refers to nothing, so that its result depends on the item
# alone; by identity, with the schema kept alive.
_SELF_CONTAINED: dict[int, tuple[Any, bool]] = {}


def _self_contained(items: dict[str, Any]) -> bool:
    known = _SELF_CONTAINED.get(id(items))
    if known is None or known[0] is not items:
        text = json.dumps(items, default=str)
        known = _SELF_CONTAINED[id(items)] = (
            items,
            '"$ref"' not in text and "$dynamicRef" not in text,
        )
    return known[1]


def _row_key(items: Any, item: Any) -> tuple[int, str] | None:
    if not isinstance(items, dict) or not isinstance(item, dict) or not _self_contained(items):
        return None
    try:
        return id(items), json.dumps(item, sort_keys=True)
    except (TypeError, ValueError):
        return None


def items_once(validator: Any, items: Any, instance: Any, schema: Any) -> Iterator[Any]:
    """JSON Schema's `items`, checking a scalar that passed once only once.

    A list that repeats one value 100,000 times then costs one check; items
    that fail are each checked and reported. An object (a register's row) that
    passed the same schema before is not checked again.
    """
    from jsonschema import Draft202012Validator

    if items is False or schema.get("prefixItems") or not validator.is_type(instance, "array"):
        yield from Draft202012Validator.VALIDATORS["items"](validator, items, instance, schema)
        return
    passed: set[Any] = set()
    for index, item in enumerate(instance):
        kind = type(item)
        if kind not in _SCALARS:
            row = _row_key(items, item)
            if row is not None and _PASSED_ROWS.get(row) is items:
                continue
            errors = list(validator.descend(item, items, path=index))
            yield from errors
            if row is not None and not errors:
                if len(_PASSED_ROWS) >= _MAX_PASSED_ROWS:
                    _PASSED_ROWS.clear()
                _PASSED_ROWS[row] = items
            continue
        if (kind, item) in passed:
            continue
        errors = list(validator.descend(item, items, path=index))
        yield from errors
        if not errors:
            passed.add((kind, item))


@cache
def _schema_with(name: str, properties: str) -> dict[str, Any]:
    """Schema `name` with the `properties` (JSON text) added to its own."""
    schema = document_schema(name)
    added = _inline(json.loads(properties), _URN + name, ())
    if added:
        schema = {**schema, "properties": {**schema.get("properties", {}), **added}}
    return schema


@cache
def _validator(name: str, properties: str = "{}") -> Any:
    """The jsonschema validator of schema `name`, with the `properties` added to its own."""
    return compile_schema(_schema_with(name, properties))


@cache
def _accepting_validator(name: str, properties: str = "{}") -> Any:
    """The compiled validator of the same schema (see fast_validation.py), or None."""
    return accepting_validator(_schema_with(name, properties))


@cache
def document_schema(name: str) -> dict[str, Any]:
    """soclint's schema `name` (a document type, `config`, ...) with its references expanded."""
    schema: dict[str, Any] = _inline(_schemas()[_URN + name], _URN + name, ())
    return schema


def _inline(node: Any, base: str, expanding: tuple[str, ...]) -> Any:
    """`node` with soclint's own `$ref`s replaced by what they point to.

    jsonschema resolves each `$ref` on every use, which makes up most of the
    cost of validating a document; soclint's schemas are not recursive, so
    their references can be expanded once. Keywords beside a `$ref` (a more
    specific `description`, say) win over the referenced schema's.
    """
    if isinstance(node, list):
        return [_inline(item, base, expanding) for item in node]
    if not isinstance(node, dict):
        return node
    ref = node.get("$ref")
    if isinstance(ref, str):
        uri, _, fragment = ref.partition("#")
        target_uri = uri or base
        if target_uri.startswith(_URN) and ref not in expanding:
            target = _schemas()[target_uri]
            for step in filter(None, fragment.split("/")):
                target = target[step]
            expanded = _inline(target, target_uri, (*expanding, ref))
            siblings = {k: _inline(v, base, expanding) for k, v in node.items() if k != "$ref"}
            return {**expanded, **siblings}
    return {key: _inline(value, base, expanding) for key, value in node.items()}


def defined_keys(name: str) -> frozenset[str]:
    """The top-level keys schema `name` (a document type) defines."""
    return frozenset(_schemas()[_URN + name].get("properties", {}))


def violations(
    name: str, instance: Any, properties: Mapping[str, Any] | None = None
) -> Iterator[Violation]:
    """Every violation of schema `name` by the JSON-shaped `instance`, one per problem.

    `properties` are added to the schema's own (the rule options a settings file may set).
    A document the compiled validator accepts has none; any other is explained by
    jsonschema (see fast_validation.py).
    """
    added = json.dumps(properties or {}, sort_keys=True)
    validator = _accepting_validator(name, added)
    if validator is not None and accepts(validator, instance):
        return iter(())
    return validate(_validator(name, added), instance)


def reference_violations(
    name: str, instance: Any, properties: Mapping[str, Any] | None = None
) -> Iterator[Violation]:
    """`violations` as jsonschema alone finds them: the reference for the compiled path."""
    added = json.dumps(properties or {}, sort_keys=True)
    return validate(_validator(name, added), instance)


def validate(validator: Any, instance: Any) -> Iterator[Violation]:
    """Every violation of a compiled schema by `instance`, one per problem."""
    seen: set[tuple[str, KeyPath, str]] = set()
    hints = Suggestions()
    for error in validator.iter_errors(instance):
        for found in _translate(_condense(error), hints):
            marker = (found.kind, found.key_path, found.message)
            if marker not in seen:
                seen.add(marker)
                yield found


def _condense(error: Any) -> Any:
    """The one error of an anyOf/oneOf that best explains the failure."""
    from jsonschema.exceptions import best_match

    while error.validator in ("anyOf", "oneOf") and error.context:
        error = best_match(error.context)
    return error


def _prefixed(path: KeyPath, message: str) -> str:
    return f"{where(path)}: {message}" if path else message


def _show(value: Any, limit: int = 60) -> str:
    """`value` for a message: a string as Python quotes it, else as JSON, cut at `limit`."""
    text = repr(value[: limit + 1]) if isinstance(value, str) else _json_prefix(value, limit)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _json_prefix(value: Any, limit: int) -> str:
    """The JSON text of `value`, or a prefix of it longer than `limit`.

    Written piece by piece, so a value aliased thousands of times is never
    written out whole.
    """
    parts: list[str] = []
    size = 0

    def emit(text: str) -> bool:
        nonlocal size
        parts.append(text)
        size += len(text)
        return size > limit

    def walk(node: Any) -> bool:
        if not isinstance(node, (dict, list)):
            return emit(text(node) if isinstance(node, str) else json.dumps(node))
        mapping = isinstance(node, dict)
        entries = node.items() if isinstance(node, dict) else enumerate(node)
        if emit("{" if mapping else "["):
            return True
        for index, (key, item) in enumerate(entries):
            if index and emit(", "):
                return True
            if mapping and emit(text(str(key)) + ": "):
                return True
            if walk(item):
                return True
        return emit("}" if mapping else "]")

    def text(string: str) -> str:
        return json.dumps(string[: limit + 1], ensure_ascii=False)

    walk(value)
    return "".join(parts)


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list):
        return "array"
    if isinstance(value, str):
        return "string"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    return "null"


class _NameHints:
    """The hint for a word that is none of `names`: the name it spells in other letter
    case, else the closest name. Made once for the many words of one mapping."""

    def __init__(self, names: list[str], hints: Suggestions) -> None:
        self._names = names
        self._hints = hints
        self._by_case: dict[str, str] = {}
        for name in names:
            self._by_case.setdefault(name.lower(), name)

    def __call__(self, word: str) -> str:
        same = self._by_case.get(word.lower())
        if same is not None:
            return f" (letter case counts: did you mean '{same}'?)"
        close = self._hints.closest(word, self._names, cutoff=0.7)
        return f" (did you mean '{close}'?)" if close else ""


def _translate(error: Any, hints: Suggestions) -> Iterator[Violation]:
    path: KeyPath = tuple(error.absolute_path)
    schema = error.schema if isinstance(error.schema, dict) else {}
    validator = error.validator
    value = error.instance
    expected = schema.get("description")
    why = f": {error.cause}" if isinstance(error.cause, PatternError) else ""

    if "propertyNames" in error.absolute_schema_path:
        yield Violation(
            "unknown-key",
            (*path, str(value)),
            _prefixed(path, f"key {_show(value)} is not {expected or 'allowed here'}{why}"),
        )
    elif validator == "required":
        for key in error.validator_value:
            if isinstance(value, dict) and key not in value:
                yield Violation(
                    "missing-key", path, _prefixed(path, f"missing required key '{key}'")
                )
    elif validator in ("additionalProperties", "unevaluatedProperties") and isinstance(value, dict):
        yield from _unknown_keys(path, value, schema, hints)
    elif validator == "enum":
        choices = ", ".join(str(c) for c in error.validator_value)
        what = expected or f"one of {choices}"
        names = [str(choice) for choice in error.validator_value]
        hint = _NameHints(names, hints)(value) if isinstance(value, str) else ""
        yield Violation(
            "invalid-value", path, _prefixed(path, f"{_show(value)} is not {what}{hint}")
        )
    elif validator == "const":
        wanted = _show(error.validator_value)
        yield Violation(
            "invalid-value", path, _prefixed(path, f"must be {wanted}, not {_show(value)}")
        )
    elif validator == "type":
        wanted = error.validator_value
        names = [wanted] if isinstance(wanted, str) else list(wanted)
        noun = expected or " or ".join(_TYPE_NAMES.get(n, n) for n in names)
        got = _TYPE_NAMES[_json_type(value)]
        yield Violation("invalid-value", path, _prefixed(path, f"must be {noun}, not {got}"))
    elif validator in ("pattern", "format"):
        noun = expected or f"a valid {error.validator_value}"
        yield Violation(
            "invalid-value", path, _prefixed(path, f"{_show(value)} is not {noun}{why}")
        )
    elif validator == "uniqueItems" and isinstance(value, list):
        yield from _repeats(path, value)
    elif validator in ("minItems", "maxItems"):
        bound = error.validator_value
        side = "at least" if validator == "minItems" else "at most"
        noun = "item" if bound == 1 else "items"
        yield Violation("invalid-value", path, _prefixed(path, f"must list {side} {bound} {noun}"))
    elif validator == "minLength" and error.validator_value == 1:
        yield Violation("invalid-value", path, _prefixed(path, "must not be empty"))
    elif validator in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        words = {
            "minimum": "at least",
            "maximum": "at most",
            "exclusiveMinimum": "more than",
            "exclusiveMaximum": "less than",
        }[validator]
        noun = f" ({expected})" if expected else ""
        yield Violation(
            "invalid-value",
            path,
            _prefixed(path, f"{_show(value)} must be {words} {error.validator_value}{noun}"),
        )
    else:
        yield Violation("invalid-value", path, _prefixed(path, _clip(error.message)))


def _unknown_keys(
    path: KeyPath, mapping: dict[str, Any], schema: dict[str, Any], hints: Suggestions
) -> Iterator[Violation]:
    """One violation per key of `mapping` that `schema` neither names nor matches by a
    pattern, each with its hint."""
    known = schema.get("properties", {})
    unknown = [key for key in mapping if key not in known]
    patterns = schema.get("patternProperties", {})
    if patterns and unknown:
        matched = matcher(patterns)
        unknown = [key for key in unknown if not matched(key)]
    hint = _NameHints([str(name) for name in known], hints)
    prefix = _prefixed(path, "")
    for key in unknown:
        yield Violation("unknown-key", (*path, key), f"{prefix}unknown key '{key}'{hint(key)}")


def _repeats(path: KeyPath, items: list[Any]) -> Iterator[Violation]:
    """One violation per value the list repeats, at its first repeat, saying how often."""
    first_repeat: dict[Any, int] = {}
    counts: dict[Any, int] = {}
    for index, item in enumerate(items):
        identity = _identity(item)
        seen = counts.get(identity, 0)
        counts[identity] = seen + 1
        if seen == 1:
            first_repeat[identity] = index
    for identity, index in first_repeat.items():
        times = counts[identity]
        how_often = "twice" if times == 2 else f"{times:,} times"
        yield Violation(
            "invalid-value",
            (*path, index),
            _prefixed(path, f"{_show(items[index])} is listed {how_often}"),
        )


def _identity(value: Any) -> Any:
    """A hashable stand-in for a JSON value, equal where JSON Schema's equality says so:
    1 and 1.0 are one number, true is not 1, mappings compare regardless of key order.
    A string stands for itself; every other value is a tuple."""
    if type(value) is str:
        return value
    if isinstance(value, bool) or value is None:
        return ("literal", value)
    if isinstance(value, (int, float)):
        return ("number", value)
    if isinstance(value, list):
        return ("list", tuple(_identity(item) for item in value))
    if isinstance(value, dict):
        return ("map", frozenset((key, _identity(item)) for key, item in value.items()))
    return ("other", value)


def _clip(message: str, limit: int = 200) -> str:
    """A jsonschema message, which may quote a whole value, cut at `limit` characters."""
    return message if len(message) <= limit else message[: limit - 3] + "..."
