"""Every property of every document schema, given a value of any type, is checked calmly.

The example program is read once; each example puts a value (empty, a
boolean, a number of up to 1,000 digits, infinity, text, a date, a list, a
mapping, nested) at one property of one document type, as the YAML reader
could have produced it, and runs every rule. No rule may fail with an
exception, and every finding stays within its file.

The default run tries a few examples, the same ones each time; `pytest -m fuzz`
runs many more (SOCLINT_FUZZ_EXAMPLES sets how many).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from conftest import AS_OF, EXAMPLE, fuzz_settings, line_count
from hypothesis import given
from hypothesis import strategies as st

from soclint.commands import check
from soclint.document import DOCUMENT_TYPES, Document
from soclint.program import load_program
from soclint.repository import Repository
from soclint.yamltree import MAX_INT_DIGITS

SCHEMAS = {
    schema["$id"]: schema
    for schema in (
        json.loads(file.read_text(encoding="utf-8"))
        for file in (Path(__file__).resolve().parents[1] / "schemas").glob("*.schema.json")
    )
}
EVERY = "*"


def _resolve(node: dict[str, Any], base: str) -> tuple[dict[str, Any], str]:
    """`node` with its `$ref` followed (the keywords beside it kept), and its schema's id."""
    while isinstance(node.get("$ref"), str):
        uri, _, fragment = node["$ref"].partition("#")
        base = uri or base
        target: Any = SCHEMAS[base]
        for step in filter(None, fragment.split("/")):
            target = target[step]
        node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
    return node, base


def property_paths(node: Any, base: str, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """Every property path a schema describes; `*` stands for the items of a list."""
    if not isinstance(node, dict) or len(path) > 8:
        return
    node, base = _resolve(node, base)
    for key, child in node.get("properties", {}).items():
        yield (*path, key)
        yield from property_paths(child, base, (*path, key))
    if isinstance(node.get("items"), dict):
        yield (*path, EVERY)
        yield from property_paths(node["items"], base, (*path, EVERY))
    for keyword in ("then", "else", "additionalProperties"):
        yield from property_paths(node.get(keyword), base, path)
    for keyword in ("allOf", "anyOf", "oneOf"):
        for child in node.get(keyword, []):
            yield from property_paths(child, base, path)


CASES = sorted(
    {
        (doc_type, path)
        for doc_type in DOCUMENT_TYPES
        for path in property_paths(
            SCHEMAS[f"urn:soclint:schemas:{doc_type}"], f"urn:soclint:schemas:{doc_type}"
        )
    }
)
LARGEST = 10**MAX_INT_DIGITS - 1
LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-LARGEST, max_value=LARGEST),
    st.sampled_from([0, -1, LARGEST, -LARGEST]),
    st.floats(),
    st.dates(),
    st.sampled_from([date.min, date.max]),
    st.text(max_size=30),
    st.sampled_from(
        [
            "",
            "2025W011",
            "9999-12-31",
            "99999999 days",
            "9999 months",
            "annual",
            "CC6.1",
            "../../etc/passwd",
            "\x1b[31mred\r\nforged",
            "x" * 70_000,
            "daniel.okafor",
            "security-lead",
        ]
    ),
)
VALUES = st.recursive(
    LEAVES,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.sampled_from(["id", "by", "date", "kind", "x"]), inner, max_size=3),
    ),
    max_leaves=6,
)


def put(data: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    """Set `value` at `path` in `data`, making the mappings and lists on the way."""
    node: Any = data
    for step, following in pairwise(path):
        shape: type = list if following == EVERY else dict
        if step == EVERY:
            if not node or not isinstance(node[0], shape):
                node[:1] = [shape()]
            node = node[0]
        else:
            if not isinstance(node.get(step), shape):
                node[step] = shape()
            node = node[step]
    if path[-1] == EVERY:
        node[:1] = [value]
    else:
        node[path[-1]] = value


@pytest.fixture(scope="module")
def example() -> Repository:
    return load_program(EXAMPLE).repository


def check_with_value(example: Repository, doc_type: str, path: tuple[str, ...], value: Any) -> None:
    target = next(doc for doc in example.documents if doc.type == doc_type)
    data = copy.deepcopy(target.data)
    assert data is not None
    put(data, path, value)
    changed = replace(target, data=data)
    documents: list[Document] = [changed if d is target else d for d in example.documents]
    program = load_program(EXAMPLE, as_of=AS_OF)
    report = check(program.with_repository(Repository(example.root, documents)))
    for finding in report.findings:
        assert 1 <= finding.line <= line_count(EXAMPLE / finding.path), finding


def test_every_document_type_has_properties() -> None:
    assert {doc_type for doc_type, _ in CASES} == set(DOCUMENT_TYPES)
    assert ("risk-register", ("risks", EVERY, "acceptance", "expires")) in CASES


def _any_value_test(long_run: bool) -> Any:
    @fuzz_settings(long_run)
    @given(case=st.sampled_from(CASES), value=VALUES)
    def run_one(example: Repository, case: tuple[str, tuple[str, ...]], value: Any) -> None:
        check_with_value(example, *case, value)

    return run_one


test_any_value_at_any_schema_property = _any_value_test(long_run=False)
test_any_value_at_any_schema_property_long_run = pytest.mark.fuzz(_any_value_test(long_run=True))


@pytest.mark.fuzz
@pytest.mark.parametrize("case", CASES, ids=lambda case: f"{case[0]}:{'.'.join(case[1])}")
def test_every_property_with_every_kind_of_value(
    example: Repository, case: tuple[str, tuple[str, ...]]
) -> None:
    for value in (None, True, LARGEST, -1.5, "", "x" * 100, date.max, [["nested"]], {"k": [1]}):
        check_with_value(example, *case, value)
