"""The compiled validator that accepts valid documents gives jsonschema's verdict.

Every front-matter of the rule cases, the example program and the real programs
under the shared corpora (when present) is validated against every document
schema both ways: the violations must be the same, so a document the compiled
validator accepts is one jsonschema accepts. A declarative rule's schema of plain
keywords is decided by the compiled validator both ways, so there its verdict
must be jsonschema's on any value.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
from corpora import SHARED_CORPORA, case_documents, folder_documents
from hypothesis import given, settings
from hypothesis import strategies as st

from soclint.document import DOCUMENT_TYPES, document_from_text
from soclint.fast_validation import accepting_validator, accepts, decides, deciding_validator
from soclint.json_form import to_json
from soclint.options import schema_properties
from soclint.program import rule_options
from soclint.rule_schemas import compile_rule_schema
from soclint.rules import builtin_rules
from soclint.validation import document_schema, reference_violations, violations
from soclint.yamltree import parse_yaml

ROOT = Path(__file__).resolve().parents[1]


def _front_matters() -> list[tuple[str, Any]]:
    sources = [
        *case_documents(),
        *folder_documents(ROOT / "policies-example"),
        *folder_documents(SHARED_CORPORA),
    ]
    documents = [document_from_text(text, name) for name, text in sources]
    return [(doc.path, to_json(doc.data)) for doc in documents if doc.data is not None]


FRONT_MATTERS = _front_matters()


@pytest.mark.slow
@pytest.mark.parametrize("schema", DOCUMENT_TYPES)
def test_same_violations_as_jsonschema_on_every_known_document(schema: str) -> None:
    accepted = 0
    for path, data in FRONT_MATTERS:
        reference = list(reference_violations(schema, data))
        assert list(violations(schema, data)) == reference, path
        accepted += not reference
    assert accepted, "no document is valid for this schema: the comparison proves little"


def test_the_compiled_validator_is_used_and_accepts_the_example() -> None:
    example = [data for path, data in FRONT_MATTERS if "policies-example" in path]
    assert example
    for data in example:
        validator = accepting_validator(document_schema(data["type"]))
        assert validator is not None
        assert accepts(validator, data)


VALID_POLICY = {
    "type": "policy",
    "id": "POL-A",
    "title": "A",
    "kind": "access-control",
    "owner": "priya",
    "status": "approved",
    "version": "1.0",
    "approval": {"by": "dan", "date": "2026-01-01"},
    "review": {"last": "2026-01-01", "cycle": "annual"},
    "controls": ["CC6.1"],
}


@pytest.mark.parametrize(
    ("key_path", "value"),
    [
        (("review", "cycle"), "annual\n"),  # Python's `$` matches before a final newline
        (("review", "last"), "2026-02-30"),  # the form of a date, not a real one
        (("review", "last"), "\uff12\uff10\uff12\uff16-01-01"),  # digits, not ASCII ones
        (("approval", "date"), "2026-1-1"),
        (("version",), "1.0\ud800"),  # a lone surrogate (a YAML escape can hold one)
        (("status",), True),
        (("controls",), ["CC6.1", "CC6.1"]),
        (("controls",), [10**40]),
        (("owner",), math.nan),
        (("title",), 1.0),
        (("approval", "by"), None),
        (("extra",), "unknown key"),
    ],
)
def test_same_violations_as_jsonschema_on_edge_values(
    key_path: tuple[str, ...], value: Any
) -> None:
    data: dict[str, Any] = {**VALID_POLICY, "approval": {**VALID_POLICY["approval"]}}
    data["review"] = {**VALID_POLICY["review"]}
    target = data
    for step in key_path[:-1]:
        target = target[step]
    target[key_path[-1]] = value
    assert list(violations("policy", data)) == list(reference_violations("policy", data))


def test_a_value_the_compiled_validator_rejects_is_explained() -> None:
    data = {**VALID_POLICY, "status": "aproved"}
    assert [v.key_path for v in violations("policy", data)] == [("status",)]


def test_a_format_it_does_not_check_exactly_is_left_to_jsonschema() -> None:
    assert accepting_validator({"type": "string", "format": "uri"}) is None
    assert accepting_validator({"type": "string", "format": "date"}) is not None


def _configurations() -> list[tuple[str, Any]]:
    found = [("policies-example", ROOT / "policies-example" / "soclint.yaml")]
    texts = [(name, file.read_text(encoding="utf-8")) for name, file in found]
    for case in sorted((ROOT / "tests" / "cases").rglob("*.yaml")):
        spec = parse_yaml(case.read_text(encoding="utf-8")).value
        if isinstance(spec.get("config"), str):
            texts.append((case.name, spec["config"]))
    parsed = [(name, parse_yaml(text).value) for name, text in texts]
    return [(name, to_json(value)) for name, value in parsed if isinstance(value, dict)]


def test_same_violations_as_jsonschema_on_every_known_configuration() -> None:
    options = schema_properties(rule_options(builtin_rules()), in_pack=False)
    configurations = _configurations()
    assert len(configurations) > 5
    for name, value in configurations:
        for data in (value, {**value, "select": "V", "required_sections": {"nope": []}}):
            reference = list(reference_violations("config", data, options))
            assert list(violations("config", data, options)) == reference, name


# Rule schemas made of keywords both implementations evaluate alike, over a few keys so
# that generated values often match them.
PLAIN_RULE_SCHEMAS: list[dict[str, Any]] = [
    {"required": ["type", "kind"], "properties": {"type": {"const": "policy"}}},
    {"properties": {"a": {"type": "integer", "minimum": 1, "exclusiveMaximum": 7.5}}},
    {"properties": {"a": {"enum": [1, "x", None, [True], {"b": 0}]}}},
    {"properties": {"a": {"const": {"b": [1, 2.0]}}}},
    {"properties": {"a": {"type": ["string", "null"], "minLength": 2, "maxLength": 3}}},
    {"properties": {"a": {"type": "array", "uniqueItems": True, "maxItems": 3}}},
    {"properties": {"a": {"contains": {"type": "boolean"}, "minContains": 2}}},
    {"additionalProperties": {"type": ["number", "object"]}, "minProperties": 1},
    {"propertyNames": {"maxLength": 1}, "maxProperties": 2},
    {"if": {"required": ["a"]}, "then": {"required": ["b"]}, "else": {"not": {"required": ["c"]}}},
    {"dependentRequired": {"a": ["b"]}, "dependentSchemas": {"b": {"required": ["c"]}}},
    {"oneOf": [{"type": "object"}, {"type": "array"}], "anyOf": [{"minItems": 1}, {}]},
    {"prefixItems": [{"type": "number"}], "items": {"type": "string"}},
    {"allOf": [{"properties": {"a": {"type": "number", "maximum": 0}}}, True]},
]

JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.sampled_from(["policy", "x", "xy", "xyz", "", "é😀"])
    | st.text(max_size=4),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(["type", "kind", "a", "b", "c"]) | st.text(max_size=2),
            inner,
            max_size=4,
        )
    ),
    max_leaves=12,
)


def test_each_plain_rule_schema_is_decided_by_the_compiled_validator() -> None:
    for schema in PLAIN_RULE_SCHEMAS:
        assert deciding_validator(schema) is not None, schema


@settings(max_examples=400, derandomize=True, database=None, deadline=None)
@given(JSON_VALUES)
def test_the_compiled_verdict_on_a_rule_schema_is_jsonschemas_both_ways(instance: Any) -> None:
    for schema in PLAIN_RULE_SCHEMAS:
        verdict = decides(deciding_validator(schema), instance)
        if verdict is not None:
            assert verdict == compile_rule_schema(schema).is_valid(instance), schema


@pytest.mark.parametrize(
    "instance",
    [
        {"a": 1.0},  # an integer for JSON Schema
        {"a": True},  # not the integer 1
        {"a": [True, 1]},  # distinct items
        {"a": [1, 1.0]},  # the same number twice
        {"a": {"b": [1.0, 2]}},
        {"a": 10**40},
        {"a": "é😀"},  # two characters
        {"type": "policy", "kind": None},
    ],
)
def test_the_compiled_verdict_on_edge_values_is_jsonschemas(instance: Any) -> None:
    for schema in PLAIN_RULE_SCHEMAS:
        verdict = decides(deciding_validator(schema), instance)
        assert verdict == compile_rule_schema(schema).is_valid(instance), schema


@pytest.mark.parametrize("instance", [{"a": math.nan}, {"a": [math.inf]}, {"b": -math.inf}])
def test_a_float_json_cannot_hold_is_left_to_jsonschema(instance: Any) -> None:
    for schema in PLAIN_RULE_SCHEMAS:
        assert decides(deciding_validator(schema), instance) is None


@pytest.mark.parametrize("instance", [{"a": "x\ud800"}, {"a": {1: "key not a string"}}])
def test_a_value_the_compiled_validator_cannot_convert_is_left_to_jsonschema(
    instance: Any,
) -> None:
    undecided = 0
    for schema in PLAIN_RULE_SCHEMAS:
        verdict = decides(deciding_validator(schema), instance)
        undecided += verdict is None
        assert verdict in (None, compile_rule_schema(schema).is_valid(instance)), schema
    assert undecided


@pytest.mark.parametrize(
    "schema",
    [
        {"properties": {"id": {"pattern": "^POL-"}}},  # RE2 for jsonschema, Rust's regex here
        {"patternProperties": {"^x-": {"type": "string"}}},
        {"propertyNames": {"pattern": "^[a-z]+$"}},
        {"properties": {"date": {"format": "date"}}},
        {"$ref": "urn:soclint:schemas:common#/$defs/id"},
        {"properties": {"n": {"multipleOf": 0.1}}},
        {"unevaluatedProperties": False},
        {"properties": {"a": {"const": math.nan}}},
        {"properties": {"a": {"minLength": 1.5}}},
        {"items": [{"type": "string"}]},  # a list: an older draft's `items`
        {"$schema": "http://json-schema.org/draft-07/schema#"},
        {"dependencies": {"a": ["b"]}},
    ],
)
def test_a_rule_schema_outside_the_plain_keywords_is_left_to_jsonschema(
    schema: dict[str, Any],
) -> None:
    assert deciding_validator(schema) is None
