"""The reader's short paths give what its general path gives.

`parse_yaml` places the common scalars (no anchor, no tag) and the ends of
unanchored containers itself rather than through the general event handler;
history reads past revisions for their values only, without positions. Over
every front-matter the tests know (the rule cases, tests/data, the example
program, the shared corpora when present) and over generated YAML, the values
(types included), the position of every key and item, the raw texts and the
problems are the same either way, and so are the fields of every revision.
"""

from __future__ import annotations

import math
import sys
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLE
from corpora import CORPORA, SHARED_CORPORA, case_documents, folder_documents
from hypothesis import given, settings
from hypothesis import strategies as st

from soclint import yamltree
from soclint.document import document_from_text
from soclint.history.revisions import Revision, RevisionReader, revision_of
from soclint.yamltree import YamlTree, _Builder, parse_yaml

TESTS = Path(__file__).parent


@cache
def _known_texts() -> list[tuple[str, str]]:
    """(name, text) of every Markdown document and YAML fixture the tests hold."""
    yaml_files = [
        (str(file), file.read_text(encoding="utf-8"))
        for file in sorted([*TESTS.joinpath("cases").rglob("*.yaml"), *EXAMPLE.rglob("*.yaml")])
    ]
    return [
        *case_documents(),
        *folder_documents(CORPORA),
        *folder_documents(EXAMPLE),
        *folder_documents(SHARED_CORPORA),
        *yaml_files,
    ]


@cache
def _front_matters() -> list[tuple[str, str]]:
    """The YAML of each known text: the front-matter of a document (also one soclint does
    not read, such as comply's, YAML first), or the whole of a YAML file."""
    return [
        (name, document_from_text(text, name).front_matter if name.endswith(".md") else text)
        for name, text in _known_texts()
    ]


def _shape(value: Any) -> Any:
    """`value` with the type of every scalar spelt out: 1, 1.0, True and "1" differ."""
    if isinstance(value, dict):
        return ("map", [(_shape(key), _shape(item)) for key, item in value.items()])
    if isinstance(value, list):
        return ("seq", [_shape(item) for item in value])
    if isinstance(value, float) and math.isnan(value):
        return ("float", "nan")
    return (type(value).__name__, value)


def _tree(tree: YamlTree) -> Any:
    problems = [(p.kind, p.line, p.column, p.message, p.key_path) for p in tree.problems]
    return _shape(tree.value), tree.positions, tree.raw, problems


def _general(text: str, first_line: int = 2, positions: bool = True) -> YamlTree:
    """The tree every event of `text` builds through the general event handler."""
    return _Builder(first_line, positions).build(text, shortcuts=False)


def test_the_known_front_matters_are_many_and_varied() -> None:
    trees = [parse_yaml(text, 2) for _name, text in _front_matters()]
    kinds = {problem.kind for tree in trees for problem in tree.problems}
    assert len(trees) > 150
    assert sum(isinstance(tree.value, dict) for tree in trees) > 150
    # Documents that are not read cleanly are part of the comparison too.
    assert {"duplicate-key", "invalid-date", "yaml-syntax"} <= kinds


def test_short_paths_give_the_general_path_s_tree_on_every_known_front_matter() -> None:
    for name, text in _front_matters():
        assert _tree(parse_yaml(text, 2)) == _tree(_general(text)), name


@pytest.mark.slow
def test_without_the_c_parser_the_trees_are_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    """ruamel.yaml's own parser (where ruamel.yaml.clib is not installed) gives the
    same events, so the same trees on either path; only its words for a syntax error
    are its own."""

    def located(tree: YamlTree) -> Any:
        problems = [(p.kind, p.line, p.column, p.key_path) for p in tree.problems]
        return _shape(tree.value), tree.positions, tree.raw, problems

    texts = [text for name, text in _front_matters() if "policies-example" in name or ":" in name]
    with_c = [located(parse_yaml(text, 2)) for text in texts]
    monkeypatch.setitem(sys.modules, "_ruamel_yaml", None)
    assert len(texts) > 100
    assert [located(parse_yaml(text, 2)) for text in texts] == with_c
    assert [located(_general(text)) for text in texts] == with_c


def test_values_only_give_the_same_values_and_problems_on_every_known_front_matter() -> None:
    for name, text in _front_matters():
        full, values_only = parse_yaml(text, 2), parse_yaml(text, 2, positions=False)
        assert _tree(values_only) == _tree(_general(text, positions=False)), name
        assert _shape(values_only.value) == _shape(full.value), name
        assert (values_only.positions, values_only.raw) == ({}, {}), name
        # Only a duplicate key's message, which names the first key's line, differs.
        assert [(p.kind, p.line, p.column, p.key_path) for p in values_only.problems] == [
            (p.kind, p.line, p.column, p.key_path) for p in full.problems
        ], name
        assert [p.message for p in values_only.problems if p.kind != "duplicate-key"] == [
            p.message for p in full.problems if p.kind != "duplicate-key"
        ], name


def test_the_short_paths_are_taken(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without anchors and tags, only the stream, the document and each container's
    start go through the general handler: no scalar and no container's end."""
    text = (EXAMPLE / "registers" / "risks.md").read_text(encoding="utf-8")
    front_matter = document_from_text(text, "risks.md").front_matter
    assert "&" not in front_matter and "!" not in front_matter
    handled: list[str] = []
    general = _Builder.feed

    def feed(builder: _Builder, event: Any) -> None:
        handled.append(type(event).__name__)
        general(builder, event)

    monkeypatch.setattr(_Builder, "feed", feed)
    tree = parse_yaml(front_matter, 2)
    containers = _count_containers(tree.value)
    assert containers > 20
    assert sorted(set(handled)) == [
        "DocumentEndEvent",
        "DocumentStartEvent",
        "MappingStartEvent",
        "SequenceStartEvent",
        "StreamStartEvent",
    ]
    assert len(handled) == 3 + containers


@pytest.mark.parametrize(
    ("limit", "text"),
    [
        ("MAX_VALUES", "list:\n" + "  - x\n" * 200),
        ("MAX_VALUES", "map:\n" + "".join(f"  k{i}: v\n" for i in range(200))),
        ("MAX_TEXT", "list:\n" + f"  - {'x' * 50}\n" * 200),
        ("MAX_TEXT", "map:\n" + "".join(f"  k{i}: {'x' * 50}\n" for i in range(200))),
    ],
)
def test_the_short_paths_stop_where_the_general_path_stops(
    monkeypatch: pytest.MonkeyPatch, limit: str, text: str
) -> None:
    monkeypatch.setattr(yamltree, limit, 150 if limit == "MAX_VALUES" else 5000)
    tree = parse_yaml(text, 2)
    [problem] = tree.problems
    assert tree.value is None and problem.kind == "yaml-syntax"
    assert "the YAML expands to more than" in problem.message
    assert 50 < problem.line < 200
    assert _tree(tree) == _tree(_general(text))


def _count_containers(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + sum(_count_containers(item) for item in value.values())
    if isinstance(value, list):
        return 1 + sum(_count_containers(item) for item in value)
    return 0


# Generated YAML: every kind of scalar, keys that repeat, anchors, aliases and tags.
_SCALARS = [
    "x",
    "plain text",
    "",
    "~",
    "null",
    "NULL",
    "true",
    "False",
    "yes",
    "on",
    "0",
    "012",
    "-7",
    "+3",
    "1.10",
    "1e3",
    ".5",
    "0o17",
    "0o8",
    "0x1F",
    ".inf",
    "-.Inf",
    ".nan",
    "2026-02-28",
    "2026-02-30",
    "2026-2-3",
    "2026-02-28T10:00:00",
    "1" * 40,
    "1." + "0" * 40,
    "9" * 1001,
    "'2026-02-28'",
    '"12"',
    "'~'",
    "!!str 12",
    "!!int 12",
    "!!int x",
    "!!float 3",
    "!!bool true",
    "!!null ''",
    "!!timestamp 2026-01-01",
    "!custom x",
    "! 12",
    "*a",
    "*b",
    "*k",
    "*missing",
]
_KEYS = ["id", "a", "b", "a", "'a'", '"b"', "1", "2026-01-01", "&k key", "*k ", "!!str c"]
_ANCHORS = ["", "", "", "&a ", "&b "]


def _flow(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    items = st.lists(children, max_size=4).map(lambda values: "[" + ", ".join(values) + "]")
    pairs = st.lists(st.tuples(st.sampled_from(_KEYS), children), max_size=4).map(
        lambda entries: "{" + ", ".join(f"{key}: {value}" for key, value in entries) + "}"
    )
    return st.one_of(items, pairs)


_FLOW_VALUES = st.builds(
    str.__add__,
    st.sampled_from(_ANCHORS),
    st.recursive(st.sampled_from(_SCALARS), _flow, max_leaves=10),
)


@st.composite
def _documents(draw: st.DrawFn) -> str:
    """A block mapping whose values are flow values, block lists or nested mappings."""
    lines = []
    for key in draw(st.lists(st.sampled_from(_KEYS), min_size=1, max_size=8)):
        layout = draw(st.sampled_from(["inline", "list", "mapping"]))
        if layout == "inline":
            lines.append(f"{key}: {draw(_FLOW_VALUES)}")
            continue
        lines.append(f"{key}:")
        for _ in range(draw(st.integers(min_value=1, max_value=4))):
            if layout == "list":
                lines.append(f"  - {draw(_FLOW_VALUES)}")
            else:
                lines.append(f"  {draw(st.sampled_from(_KEYS))}: {draw(_FLOW_VALUES)}")
    return "\n".join(lines) + "\n"


@pytest.mark.slow
@settings(max_examples=200, derandomize=True, database=None, deadline=None)
@given(_documents())
def test_short_paths_give_the_general_path_s_tree_on_generated_yaml(text: str) -> None:
    assert _tree(parse_yaml(text, 2)) == _tree(_general(text))
    assert _tree(parse_yaml(text, 2, positions=False)) == _tree(_general(text, positions=False))


def test_generated_yaml_reaches_every_kind_of_value_and_problem() -> None:
    """The generator's pool holds what the comparison above must see."""
    trees = [parse_yaml(f"v: {scalar}\n") for scalar in _SCALARS if not scalar.startswith("*")]
    kinds = {type(tree.value["v"]).__name__ for tree in trees}
    assert kinds == {"str", "int", "float", "bool", "NoneType", "date"}
    assert {p.kind for tree in trees for p in tree.problems} == {"invalid-date", "yaml-syntax"}
    assert [p.kind for p in parse_yaml("a: 1\na: 2\n").problems] == ["duplicate-key"]


def _fields(revision: Revision) -> tuple[Any, ...]:
    return (
        revision.approval,
        revision.status,
        revision.version,
        revision.readable,
        revision.content,
        revision.sign_offs,
    )


@pytest.mark.parametrize("own_keys", [{}, {"policy": frozenset({"weight", "slug"})}], ids=str)
def test_a_revision_has_the_fields_of_a_full_read_of_every_known_document(
    own_keys: dict[str, frozenset[str]],
) -> None:
    reader = RevisionReader(own_keys)
    documents = [(name, text) for name, text in _known_texts() if name.endswith(".md")]
    for name, text in documents:
        full = revision_of(document_from_text(text, name, own_keys))
        assert _fields(reader.of_text(text)) == _fields(full), name
    readable = [reader.of_text(text) for _name, text in documents]
    assert sum(revision.readable for revision in readable) > 100
    assert sum(not revision.readable for revision in readable) > 5
    assert sum(revision.approval is not None for revision in readable) > 20
