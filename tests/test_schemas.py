"""Schema violations as messages: one per problem, short, whatever the size of the value."""

from __future__ import annotations

from typing import Any

from soclint.validation import compile_schema, validate

DISTINCT = compile_schema({"type": "array", "uniqueItems": True})


def _found(schema: Any, instance: Any) -> list[tuple[tuple[str | int, ...], str]]:
    return [(v.key_path, v.message) for v in validate(schema, instance)]


def test_a_repeated_value_is_one_finding_at_its_first_repeat() -> None:
    assert _found(DISTINCT, ["a", "b", "a", "c", "b", "a"]) == [
        ((2,), "'a' is listed 3 times"),
        ((4,), "'b' is listed twice"),
    ]


def test_a_value_repeated_a_hundred_thousand_times_is_one_finding() -> None:
    assert _found(DISTINCT, ["CC6.1"] * 100_000) == [((1,), "'CC6.1' is listed 100,000 times")]


def test_repeats_follow_json_equality() -> None:
    found = _found(DISTINCT, [1, True, 1.0, None, False, {"a": 1, "b": [2]}, {"b": [2], "a": 1}])
    assert found == [((2,), "1.0 is listed twice"), ((6,), '{"b": [2], "a": 1} is listed twice')]
    assert _found(DISTINCT, [0, False, None, "", [], {}]) == []


def test_distinct_items_are_no_finding() -> None:
    assert _found(DISTINCT, ["a", "b", ["a"], {"a": "b"}]) == []


def test_values_in_messages_are_cut_without_writing_them_out() -> None:
    # Two megabytes of JSON: jsonschema's own message quotes it whole, soclint's does not.
    big = "x" * 1000
    schema = compile_schema({"type": "object", "properties": {"a": {"enum": ["yes"]}}})
    [(path, message)] = _found(schema, {"a": [big] * 2000})
    assert path == ("a",) and len(message) < 100
    assert message.startswith('a: ["xxx') and "..." in message


def test_long_jsonschema_messages_are_cut() -> None:
    schema = compile_schema({"type": "string", "maxLength": 3})
    [(_, message)] = _found(schema, "y" * 10_000)
    assert len(message) <= 200 and message.endswith("...")


ROWS = {
    "type": "array",
    "items": {"type": "object", "properties": {"date": {"format": "date"}}, "required": ["id"]},
}


def test_a_row_that_passed_once_is_still_judged_by_each_schema_and_in_each_list() -> None:
    rows = compile_schema(ROWS)
    strict = compile_schema({**ROWS, "items": {**ROWS["items"], "required": ["id", "by"]}})
    row = {"id": "V-1", "date": "2026-01-10"}

    assert _found(rows, [row, row]) == []
    assert _found(strict, [row]) == [((0,), "[0]: missing required key 'by'")]
    assert _found(rows, [row, {"date": "2026-13-01"}, row]) == [
        ((1, "date"), "[1].date: '2026-13-01' is not a valid date"),
        ((1,), "[1]: missing required key 'id'"),
    ]
    assert _found(rows, [{**row, "date": "2026-13-01"}]) == [
        ((0, "date"), "[0].date: '2026-13-01' is not a valid date")
    ]


def test_every_forbidden_key_is_named_once_however_many_there_are() -> None:
    closed = {
        "type": "object",
        "properties": {"owner": {"type": "string"}},
        "patternProperties": {"^x-": {}},
        "additionalProperties": False,
    }
    schema = compile_schema(closed)
    keys = [f"k{i}" for i in range(20_000)]
    instance = {"owner": "a", "ownr": 1, "x-own": 1, **dict.fromkeys(keys, 1)}
    assert [error.validator for error in schema.iter_errors(instance)] == ["additionalProperties"]
    found = _found(schema, instance)
    assert found[:2] == [
        (("ownr",), "unknown key 'ownr' (did you mean 'owner'?)"),
        (("k0",), "unknown key 'k0'"),
    ]
    assert found[-1] == (("k19999",), "unknown key 'k19999'")
    assert len(found) == 20_001
    assert _found(schema, {"owner": "a", "x-own": 1}) == []
    # a schema for the other keys still judges each of them
    typed = compile_schema({**closed, "additionalProperties": {"type": "integer"}})
    assert _found(typed, {"owner": "a", "k": "x", "x-k": "x"}) == [
        (("k",), "k: must be an integer, not a string")
    ]
