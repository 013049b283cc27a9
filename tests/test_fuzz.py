"""Fuzzing `soclint check` with the example program's documents, mutated.

Each example changes one to three files of a copy of policies-example/: a value
at some key path replaced by one of another type (lists, mappings, huge
numbers, odd dates, long or control-character strings, empty), a key deleted
or written twice, a line break git does not count, or a byte changed. Whatever
the input, the check ends normally: exit 0 or 1 as the findings say (2 only
for a broken soclint.yaml, with a one-line error), and every finding is at a
line of an existing file.

The default run tries a few examples, the same ones each time; `pytest -m fuzz`
runs many more, new ones each time (SOCLINT_FUZZ_EXAMPLES sets how many).
"""

from __future__ import annotations

import io
import json
import shutil
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import EXAMPLE, fuzz_settings, line_count
from hypothesis import given
from hypothesis import strategies as st
from ruamel.yaml import YAML

from soclint.cli import main
from soclint.document import split_file

TOKEN = "fuzz-value-placeholder"
CONFIG = "soclint.yaml"
DOCUMENTS = sorted(
    path.relative_to(EXAMPLE).as_posix()
    for path in EXAMPLE.rglob("*.md")
    if path.read_bytes().startswith(b"---\n")
)
TARGETS = [*DOCUMENTS, CONFIG]
ORIGINAL = {path: (EXAMPLE / path).read_bytes() for path in TARGETS}

# Values of every shape, written as YAML flow text.
ODD_SCALARS = [
    "null",
    "~",
    "''",
    "true",
    "[]",
    "{}",
    "[[ceo]]",
    "[{id: x}]",
    "9999-12-31",
    "0001-01-01",
    "2026-02-30",
    '"2025W011"',
    '"99999999 days"',
    '"999999999 months"',
    '"9999 months"',
    "9" * 4301,
    "-" + "9" * 1001,
    "0x" + "f" * 4000,
    "!!int " + "9" * 4400,
    ".nan",
    "-.inf",
    "1e400",
    "-0",
    '"\\x07\\x1b[31mred\\r\\nforged line\\x85"',
    '"\\u2028\\u2029"',
    '"../../../etc/passwd"',
    '"/etc/passwd"',
    '"CC6.1"',
    '"sha256:' + "0" * 64 + '"',
    '"' + "x" * 70_000 + '"',
    "!!binary aGk=",
    "!!python/object/apply:os.system [true]",
    "&anchor value",
    "*unknown",
]
KEYS = ["id", "by", "date", "kind", "roles", "owner", "x-extra", "until", "code", "expires"]


def _quoted_text(text: str) -> str:
    return json.dumps(text)


SCALARS = st.one_of(
    st.sampled_from(ODD_SCALARS),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.integers(min_value=990, max_value=1010).map(lambda n: "9" * n),
    st.dates().map(date.isoformat),
    st.dates().map(lambda day: _quoted_text(day.isoformat())),
    st.floats(allow_nan=False).map(repr),
    st.text(max_size=40).map(_quoted_text),
    st.sampled_from(["annual", "monthly", "weekly"]),
    st.integers(min_value=0, max_value=10**9).map(lambda n: f'"{n} days"'),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4).map(lambda items: "[" + ", ".join(items) + "]"),
        st.dictionaries(st.sampled_from(KEYS), inner, max_size=4).map(
            lambda pairs: "{" + ", ".join(f"{k}: {v}" for k, v in pairs.items()) + "}"
        ),
    ),
    max_leaves=8,
)

_YAML = YAML(typ="rt")
_YAML.width = 4096


def _front_matter(text: str) -> tuple[str, str, str] | None:
    try:
        return split_file(text)
    except ValueError:
        return None


def _key_paths(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield (*path, key)
            yield from _key_paths(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield (*path, index)
            yield from _key_paths(value, (*path, index))


def _with_parsed(
    text: str, draw: Callable[[Any], Any], change: Callable[[Any, tuple[Any, ...]], None]
) -> str | None:
    """`text` with `change` applied at a drawn key path of its YAML, None when it does not
    parse as YAML any more (an earlier mutation broke it)."""
    is_config = not text.startswith("---")
    parts = ("", text, "") if is_config else _front_matter(text)
    if parts is None:
        return None
    opening, yaml_text, rest = parts
    try:
        data = _YAML.load(yaml_text)
    except Exception:
        return None
    paths = list(_key_paths(data))
    if not isinstance(data, dict) or not paths:
        return None
    path = draw(st.sampled_from(paths))
    parent = data
    for step in path[:-1]:
        parent = parent[step]
    change(parent, path[-1:])
    out = io.StringIO()
    try:
        _YAML.dump(data, out)
    except Exception:
        return None
    return opening + out.getvalue() + rest


def replace_value(draw: Callable[[Any], Any], text: str) -> str | None:
    value = draw(VALUES)

    def change(parent: Any, last: tuple[Any, ...]) -> None:
        parent[last[0]] = TOKEN

    changed = _with_parsed(text, draw, change)
    return None if changed is None else changed.replace(TOKEN, value, 1)


def delete_key(draw: Callable[[Any], Any], text: str) -> str | None:
    def change(parent: Any, last: tuple[Any, ...]) -> None:
        del parent[last[0]]

    return _with_parsed(text, draw, change)


def duplicate_line(draw: Callable[[Any], Any], text: str) -> str | None:
    lines = text.split("\n")
    keyed = [i for i, line in enumerate(lines) if ":" in line and not line.startswith("#")]
    if not keyed:
        return None
    index = draw(st.sampled_from(keyed))
    return "\n".join([*lines[: index + 1], lines[index], *lines[index + 1 :]])


def odd_line_break(draw: Callable[[Any], Any], text: str) -> str:
    """A line break git does not count, in the YAML (the Markdown body has tests of its own)."""
    parts = _front_matter(text)
    end = len(parts[0]) + len(parts[1]) if parts else len(text)
    where = draw(st.integers(min_value=0, max_value=end))
    return text[:where] + draw(st.sampled_from(["\r", "\x85", "\u2028", "\u2029"])) + text[where:]


MUTATIONS: list[Callable[[Callable[[Any], Any], str], str | None]] = [
    replace_value,
    replace_value,
    replace_value,
    delete_key,
    duplicate_line,
    odd_line_break,
]


@st.composite
def mutated_files(draw: Callable[[Any], Any]) -> dict[str, bytes]:
    """One to three files of the example, each changed one or more times."""
    changed: dict[str, bytes] = {}
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        path = draw(st.sampled_from(TARGETS))
        content = changed.get(path, ORIGINAL[path])
        if draw(st.integers(min_value=0, max_value=9)) == 0:
            offset = draw(st.integers(min_value=0, max_value=len(content) - 1))
            byte = draw(st.integers(min_value=0, max_value=255))
            changed[path] = content[:offset] + bytes([byte]) + content[offset + 1 :]
            continue
        try:
            text = content.decode("utf-8")
        except UnicodeDecodeError:
            continue
        mutated = draw(st.sampled_from(MUTATIONS))(draw, text)
        if mutated is not None:
            changed[path] = mutated.encode("utf-8", "surrogatepass")
    return changed


def check_survives(root: Path, changed: dict[str, bytes]) -> None:
    for path, content in changed.items():
        (root / path).write_bytes(content)
    try:
        result = CliRunner().invoke(
            main, ["check", str(root), "--as-of", "2026-11-01", "--format", "json"]
        )
    finally:
        for path in changed:
            (root / path).write_bytes(ORIGINAL[path])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    if result.exit_code == 2:
        assert CONFIG in changed, result.output
        assert result.output.startswith("soclint: error: ") and result.output.count("\n") == 1
        return
    report = json.loads(result.output)
    errors = sum(1 for f in report["findings"] if f["severity"] == "error")
    assert result.exit_code in (0, 1)
    if CONFIG not in changed:
        assert result.exit_code == (1 if errors else 0)
    for finding in report["findings"]:
        file = root / finding["path"]
        assert file.exists(), finding
        assert 1 <= finding["line"] <= line_count(file), finding
        assert finding["column"] >= 1, finding


@pytest.fixture(scope="module")
def program(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("fuzz") / "program"
    shutil.copytree(EXAMPLE, root)
    return root


def _fuzz_test(long_run: bool) -> Any:
    @fuzz_settings(long_run)
    @given(changed=mutated_files())
    def run_one(program: Path, changed: dict[str, bytes]) -> None:
        check_survives(program, changed)

    return run_one


test_mutated_example_is_checked_without_internal_error = _fuzz_test(long_run=False)
test_mutated_example_long_run = pytest.mark.slow(pytest.mark.fuzz(_fuzz_test(long_run=True)))
