"""The front-matter reader: values, positions, and every way YAML can go wrong."""

from __future__ import annotations

import math
from datetime import date

import pytest

from soclint.yamltree import MAX_DEPTH, MAX_INT_DIGITS, MAX_TEXT, parse_yaml


def test_values_follow_yaml_1_2_core_schema() -> None:
    tree = parse_yaml(
        "a: yes\nb: on\nc: 012\nd: 0o17\ne: 0x1F\nf: 1.10\ng: .inf\nh: ~\ni: true\n"
        "j: 2026-02-28\nk: '2026-02-28'\nl: 2026-02-28T10:00:00\nm: .nan\n"
    )
    value = tree.value
    assert value["a"] == "yes" and value["b"] == "on"  # YAML 1.1 booleans are strings in 1.2
    assert (value["c"], value["d"], value["e"]) == (12, 15, 31)
    assert value["f"] == 1.1 and value["g"] == math.inf and value["h"] is None
    assert value["i"] is True
    assert value["j"] == date(2026, 2, 28)
    assert value["k"] == "2026-02-28"
    assert value["l"] == "2026-02-28T10:00:00"
    assert math.isnan(value["m"])
    assert tree.problems == []


def test_positions_of_keys_and_items_are_one_based_file_coordinates() -> None:
    tree = parse_yaml("id: X\nlist:\n  - a\n  - {k: v}\nflow: [x, y]\n", first_line=2)
    assert tree.positions[("id",)] == (2, 1)
    assert tree.positions[("list", 0)] == (4, 5)
    assert tree.positions[("list", 1)] == (5, 5)
    assert tree.positions[("list", 1, "k")] == (5, 6)
    assert tree.positions[("flow", 1)] == (6, 11)


def test_raw_text_of_non_string_scalars_is_kept() -> None:
    tree = parse_yaml("version: 1.10\ntitle: T\n")
    assert tree.raw == {("version",): "1.10"}


def test_impossible_date_stays_text_and_is_reported_at_its_value() -> None:
    tree = parse_yaml("when: 2026-02-30\n")
    assert tree.value == {"when": "2026-02-30"}
    [problem] = tree.problems
    assert (problem.kind, problem.line, problem.column) == ("invalid-date", 1, 7)
    assert problem.key_path == ("when",)


def test_duplicate_key_keeps_the_first_value() -> None:
    tree = parse_yaml("a: 1\nb:\n  c: 1\n  c: 2\na: 3\n")
    assert tree.value == {"a": 1, "b": {"c": 1}}
    assert [(p.kind, p.line) for p in tree.problems] == [("duplicate-key", 4), ("duplicate-key", 5)]


def test_syntax_error_is_reported_at_the_parser_line() -> None:
    tree = parse_yaml("a: 1\nb: [1\nc: 2\n", first_line=2)
    assert tree.value is None
    [problem] = tree.problems
    assert (problem.kind, problem.line, problem.column) == ("yaml-syntax", 4, 2)
    assert "started at line 3" in problem.message


@pytest.mark.parametrize(
    "text",
    [
        "a: !!python/object/apply:os.system ['echo hi']\n",
        "a: !custom x\n",
        "a: !!set {x}\n",
    ],
)
def test_application_tags_are_refused_not_constructed(text: str) -> None:
    tree = parse_yaml(text)
    assert [p.kind for p in tree.problems] == ["yaml-syntax"]


def test_aliases_are_shared_within_a_budget() -> None:
    tree = parse_yaml("a: &x [1, 2]\nb: *x\n")
    assert tree.value == {"a": [1, 2], "b": [1, 2]}
    laughs = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(8)
    )
    tree = parse_yaml(laughs)
    assert tree.value is None
    assert "more than" in tree.problems[0].message


def test_recursive_alias_is_refused() -> None:
    tree = parse_yaml("a: &a [1, *a]\n")
    assert tree.value is None and tree.problems[0].kind == "yaml-syntax"


DEPTH = 200_000


@pytest.mark.parametrize(
    "text",
    ["a: " + "[" * DEPTH, "a: " + "{a: " * DEPTH + "x", "- " * DEPTH + "x"],
    ids=["flow-sequences", "flow-mappings", "block-sequences"],
)
def test_deep_nesting_is_refused_without_crashing(text: str) -> None:
    tree = parse_yaml(text)
    assert tree.value is None
    assert f"deeper than {MAX_DEPTH}" in tree.problems[0].message


def test_second_document_is_refused() -> None:
    tree = parse_yaml("a: 1\n...\n---\nb: 2\n")
    assert tree.value is None and "more than one" in tree.problems[0].message


def test_control_character_is_a_syntax_problem() -> None:
    tree = parse_yaml("a: b\nc: \x07\n")
    assert tree.value is None and tree.problems[0].kind == "yaml-syntax"


@pytest.mark.parametrize(
    "number",
    ["9" * (MAX_INT_DIGITS + 1), "-" + "9" * 4301, "0x" + "f" * 4000, "0o" + "7" * 5000],
)
def test_an_integer_too_long_to_print_stays_text_and_is_reported(number: str) -> None:
    tree = parse_yaml(f"title: T\nn: {number}\nafter: 1\n")
    assert tree.value == {"title": "T", "n": number, "after": 1}
    [problem] = tree.problems
    assert (problem.kind, problem.line, problem.column) == ("yaml-syntax", 2, 4)
    assert problem.key_path == ("n",)


def test_an_integer_too_long_behind_a_tag_is_reported() -> None:
    tree = parse_yaml(f"n: !!int {'9' * 4301}\n")
    assert tree.value == {"n": "9" * 4301}
    assert [p.kind for p in tree.problems] == ["yaml-syntax"]


def test_integers_up_to_the_limit_are_numbers() -> None:
    tree = parse_yaml(f"n: {'9' * MAX_INT_DIGITS}\n")
    assert tree.value == {"n": int("9" * MAX_INT_DIGITS)} and tree.problems == []


def test_aliases_are_budgeted_by_the_text_they_expand_to() -> None:
    big = "x" * 700_000
    count = MAX_TEXT // len(big) + 1
    tree = parse_yaml(f'big: &a "{big}"\nlist: [{", ".join(["*a"] * count)}]\n')
    assert tree.value is None
    [problem] = tree.problems
    assert problem.kind == "yaml-syntax" and "MiB of text" in problem.message
    assert problem.line == 2


def test_aliased_containers_count_their_text_too() -> None:
    rows = f"rows: &r [{', '.join([repr('y' * 100_000)] * 5)}]\n"
    tree = parse_yaml(rows + "copies: [" + ", ".join(["*r"] * 8) + "]\n")
    assert tree.value is None and "MiB of text" in tree.problems[0].message
    tree = parse_yaml(rows + "copies: [*r, *r]\n")
    assert tree.problems == [] and len(tree.value["copies"]) == 2


def test_an_anchor_on_a_key_can_be_aliased() -> None:
    tree = parse_yaml("&t title: T\nx-alias: *t\n*t : again\n")
    assert tree.problems[0].kind == "duplicate-key"
    assert tree.value == {"title": "T", "x-alias": "title"}
    tree = parse_yaml("&k key: 1\nvalue: *k\n")
    assert tree.problems == [] and tree.value == {"key": 1, "value": "key"}


@pytest.mark.parametrize("line_break", ["\r", "\x85", "\u2028", "\u2029", "\r\r\r\r"])
def test_lines_are_counted_at_newlines_only(line_break: str) -> None:
    text = f'id: X\ntitle: "T{line_break}x"\nwhen: 2026-02-30\nlist:\n  - a\n'
    tree = parse_yaml(text, first_line=2)
    assert tree.positions[("when",)] == (4, 1)
    assert tree.positions[("list", 0)] == (6, 5)
    [problem] = tree.problems
    assert (problem.line, problem.column) == (4, 7)


def test_columns_after_a_line_break_libyaml_counts_are_columns_of_the_line() -> None:
    tree = parse_yaml('a: "x\u2028y"\nb: [1, 2]\n')
    assert tree.positions[("b", 1)] == (2, 8)


def test_windows_line_endings_keep_their_positions() -> None:
    tree = parse_yaml("id: X\r\nwhen: 2026-02-30\r\n", first_line=2)
    assert tree.positions[("when",)] == (3, 1)


def test_a_syntax_error_after_an_odd_line_break_is_at_its_line() -> None:
    tree = parse_yaml('a: "x\ry"\nb: [1\nc: 2\n', first_line=2)
    [problem] = tree.problems
    assert (problem.line, problem.column) == (4, 2)
    assert "started at line 3" in problem.message
