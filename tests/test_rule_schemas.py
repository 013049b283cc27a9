"""Declarative rules are checked when their pack loads: references that lead nowhere (or in
circles) and patterns RE2 cannot run are configuration errors; patterns run in linear time."""

from __future__ import annotations

import socket
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import located, run, write_files

from soclint.cli import main
from soclint.rule_schemas import compile_rule_schema, rule_schema_problems
from soclint.user_patterns import MAX_PATTERN_STEPS, matcher, pattern_problem, search

STANDARD = "---\ntype: standard\nid: STD-A\ntitle: {title}\n---\n# A\n"
PACK = """\
pack: acme
title: Acme
rules:
  - code: X001
    name: x
    summary: s
    severity: error
    message: m
    match: {{}}
    assert: {schema}
"""


def program(root: Path, schema: str, title: str = "A title") -> Path:
    return write_files(
        root,
        {
            "a.md": STANDARD.format(title=title),
            "pack.yaml": PACK.format(schema=schema),
            "soclint.yaml": "packs: [pack.yaml]\nselect: [X]\n",
        },
    )


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a reference was fetched")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(urllib.request, "urlopen", refuse)


@pytest.mark.parametrize(
    ("schema", "at", "says"),
    [
        ('{$ref: "https://evil.example/x.json"}', "$ref", "$ref 'https://evil.example/x.json' "),
        ('{$ref: "file:///etc/hostname"}', "$ref", "resolves to nothing"),
        ('{$ref: "#/nope"}', "$ref", "$ref '#/nope' resolves to nothing"),
        ('{$ref: "urn:soclint:schemas:nope"}', "$ref", "resolves to nothing"),
        ('{$dynamicRef: "#x"}', "$dynamicRef", "$dynamicRef '#x' resolves to nothing"),
        ('{properties: {a: {type: string}}, $ref: "#/properties/a/type"}', "$ref", "a value"),
        ('{$ref: "#"}', "$ref", "$ref '#' leads back to a schema it is part of"),
        ('{allOf: [{not: {$ref: "#/allOf/0"}}]}', "$ref", "$ref '#/allOf/0' leads back"),
        ('{x-lib: {p: {pattern: "(?=a)"}}, $ref: "#/x-lib/p"}', "pattern", "pattern '(?=a)' "),
        (
            '{patternProperties: {"^x-": true}, unevaluatedProperties: false}',
            "unevaluated",
            "unevaluatedProperties cannot be used in a rule that has patternProperties",
        ),
    ],
    ids=["remote", "file", "pointer", "urn", "dynamic", "value", "self", "loop", "hidden", "unev"],
)
def test_rule_schemas_that_cannot_run_stop_the_run_at_their_line(
    tmp_path: Path, schema: str, at: str, says: str
) -> None:
    result = CliRunner().invoke(main, ["check", str(program(tmp_path, schema))])
    assert result.exit_code == 2, result.output
    column = len("    assert: ") + schema.index(at) + 1
    assert result.output.startswith(f"soclint: error: pack.yaml:10:{column}: rule X001: assert: ")
    assert says in result.output and result.output.count("\n") == 1, result.output


@pytest.mark.parametrize(
    ("schema", "says"),
    [
        ('{properties: {title: {pattern: "(?=a)"}}}', "RE2 does not accept it: invalid perl"),
        ('{properties: {title: {pattern: "[z-a]"}}}', "invalid character class range"),
        ('{properties: {title: {pattern: "\\\\p{L}{50}"}}}', "too large: it compiles to"),
        ('{patternProperties: {"(a)\\\\1": true}}', "RE2 does not accept it: invalid escape"),
    ],
    ids=["look-ahead", "range", "too-large", "backreference"],
)
def test_patterns_rule_packs_cannot_use_are_configuration_errors(
    tmp_path: Path, schema: str, says: str
) -> None:
    result = CliRunner().invoke(main, ["check", str(program(tmp_path, schema))])
    assert result.exit_code == 2, result.output
    assert result.output.startswith("soclint: error: pack.yaml:10:"), result.output
    assert says in result.output and result.output.count("\n") == 1, result.output


def test_references_that_resolve_are_accepted(tmp_path: Path) -> None:
    schemas = [
        '{$defs: {short: {maxLength: 5}}, properties: {title: {$ref: "#/$defs/short"}}}',
        '{properties: {title: {$ref: "urn:soclint:schemas:common#/$defs/date"}}}',
        '{properties: {x-schema: {$ref: "https://json-schema.org/draft/2020-12/schema"}}}',
        '{$defs: {n: {$dynamicAnchor: n, maxProperties: 2}}, $dynamicRef: "#n"}',
        # recursion that goes into the document ends with it
        '{$defs: {n: {properties: {title: {$ref: "#/$defs/n"}}}}, $ref: "#/$defs/n"}',
    ]
    found = [located(run(program(tmp_path / str(i), s))) for i, s in enumerate(schemas)]
    assert found == [
        [("X001", "a.md", 4)],
        [("X001", "a.md", 4)],
        [],
        [("X001", "a.md", 1)],
        [],
    ]


def test_a_catastrophic_pattern_runs_in_linear_time(tmp_path: Path) -> None:
    schema = '{properties: {title: {pattern: "^(a+)+$"}}}'
    assert located(run(program(tmp_path / "1", schema, title="a" * 50_000 + "b"))) == [
        ("X001", "a.md", 4)
    ]
    assert located(run(program(tmp_path / "2", schema, title="a" * 50_000))) == []


def test_pattern_properties_and_additional_properties_match_by_re2(tmp_path: Path) -> None:
    schema = (
        '{patternProperties: {"^x-[a-z]+$": {type: integer}}, '
        "properties: {type: true, id: true, title: true}, additionalProperties: false}"
    )
    program(tmp_path, schema)
    (tmp_path / "a.md").write_text(
        "---\ntype: standard\nid: A\ntitle: T\nx-ok: 1\nx-bad: no\nx-9: 1\n---\n"
    )
    report = run(tmp_path)
    assert located(report) == [("X001", "a.md", 6), ("X001", "a.md", 7)]
    assert "must be an integer" in report.findings[0].message
    assert "unknown key 'x-9'" in report.findings[1].message


def test_a_document_value_checked_as_a_regex_is_a_finding_not_a_crash(tmp_path: Path) -> None:
    root = program(tmp_path, "{properties: {title: {format: regex}}}", title="'" + "(" * 5000 + "'")
    report = run(root)
    assert located(report) == [("X001", "a.md", 4)]
    assert "is not a valid regex: RE2 does not accept it: missing )" in report.findings[0].message


def test_pattern_problems() -> None:
    assert pattern_problem("^[A-Z]{2,4}-[0-9]{3}$") is None
    assert pattern_problem("^(a+)+$") is None
    assert pattern_problem("\\Z") == "RE2 does not accept it: invalid escape sequence: \\Z"
    too_large = pattern_problem("[ab]*a[ab]{" + str(MAX_PATTERN_STEPS) + "}x")
    assert too_large is not None and too_large.startswith("too large: it compiles to")


def test_search_follows_re2() -> None:
    assert search("^(a+)+$", "a" * 100_000)
    assert not search("^(a+)+$", "a" * 100_000 + "b")
    # `$` is the end of the text, as in JavaScript: no trailing newline slips through
    assert not search("^access-control$", "access-control\n")
    # a lone surrogate (from a YAML escape) has no UTF-8 form; it matches as one character
    assert search("^a.b$", "a\ud800b")


def test_a_matcher_tells_whether_any_of_its_patterns_matches() -> None:
    one, two = matcher(["^x-"]), matcher(["^x-", "^a.b$"])
    assert one("x-own") and not one("own-x") and not one("a\ud800b")
    assert two("x-own") and two("a\ud800b") and not two("ab")
    assert not matcher([])("x-own")


def test_compiled_rule_schemas_match_patterns_by_re2() -> None:
    validator = compile_rule_schema(
        {"properties": {"t": {"pattern": "^[a-z]+$"}}, "propertyNames": {"pattern": "^[a-z]$"}}
    )
    assert validator.is_valid({"t": "abc"})
    assert not validator.is_valid({"t": "abc\n"})
    assert not validator.is_valid({"tt": "abc"})
    assert list(rule_schema_problems({"properties": {"t": {"pattern": "^[a-z]+$"}}})) == []
