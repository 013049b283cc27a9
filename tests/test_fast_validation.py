"""The compiled validator that accepts valid documents gives jsonschema's verdict.

Every front-matter of the rule cases, the example program and the real programs
under the shared corpora (when present) is validated against every document
schema both ways: the violations must be the same, so a document the compiled
validator accepts is one jsonschema accepts.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
from corpora import SHARED_CORPORA, case_documents, folder_documents

from soclint.document import DOCUMENT_TYPES, document_from_text
from soclint.fast_validation import accepting_validator, accepts
from soclint.json_form import to_json
from soclint.options import schema_properties
from soclint.program import rule_options
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
