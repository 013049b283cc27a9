"""The house: soclint's modules import each other in one direction, layer by layer.

Every import counts, wherever it is written: at the top of a module, inside a
function (imported when first needed), or under `TYPE_CHECKING`. A module
that names another's types depends on it as much as one that calls it: a
reader has to understand both, and the two cannot be moved apart.
"""

from __future__ import annotations

import ast
from fnmatch import fnmatch
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parents[1] / "src"

# Bottom to top. A module imports modules of its own layer or of the layers below it.
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    (
        "values and tools",
        (
            "soclint",
            "soclint.errors",
            "soclint.resources",
            "soclint.dates",
            "soclint.future_dates",
            "soclint.versions",
            "soclint.suggestions",
            "soclint.globs",
            "soclint.user_patterns",
            "soclint.keypaths",
            "soclint.json_form",
            "soclint.options",
            "soclint.repository_paths",
            "soclint.link_targets",
            "soclint.atomic_write",
            "soclint.collector",
            "soclint.history",
            "soclint.history.git_command",
            "soclint.history.git_objects",
            "soclint.history.commit_identities",
            "soclint.ssh_keys",
        ),
    ),
    (
        "files read",
        (
            "soclint.yamltree",
            "soclint.fast_validation",
            "soclint.validation",
            "soclint.rule_schemas",
            "soclint.settings_file",
            "soclint.one_item_lists",
            "soclint.markdown",
            "soclint.waiver_comments",
            "soclint.document",
            "soclint.finding",
        ),
    ),
    (
        "the program",
        (
            "soclint.config",
            "soclint.catalog",
            "soclint.pack",
            "soclint.ignored_files",
            "soclint.discovery",
            "soclint.repository",
            "soclint.unparsed",
            "soclint.history.git_history",
            "soclint.codeowners",
        ),
    ),
    (
        "domain",
        (
            "soclint.lifecycle",
            "soclint.digest",
            "soclint.deadlines",
            "soclint.assurance",
            "soclint.register_deadlines",
            "soclint.subservice",
            "soclint.fields",
            "soclint.coverage_matrix",
            "soclint.suppression",
            "soclint.history.revisions",
            "soclint.history.lineage",
            "soclint.history.drafts",
            "soclint.history.snapshot",
            "soclint.history.change",
            "soclint.people",
            "soclint.acknowledgements",
            "soclint.history.provenance",
        ),
    ),
    (
        "what rules see",
        ("soclint.facts", "soclint.context", "soclint.registry", "soclint.accountability"),
    ),
    ("reports", ("soclint.report", "soclint.output", "soclint.output.*")),
    ("rules", ("soclint.rules", "soclint.rules.*")),
    (
        "runs",
        (
            "soclint.program",
            "soclint.engine",
            "soclint.diff_mode.matching",
            "soclint.diff_mode.weakening",
            "soclint.diff_mode.compare",
            "soclint.commands",
        ),
    ),
    ("the audit period", ("soclint.audit", "soclint.audit.*")),
    ("edits", ("soclint.edit", "soclint.edit.*", "soclint.adoption", "soclint.adoption.*")),
    ("command line", ("soclint.cli", "soclint.__main__")),
]


def _module_name(file: Path) -> str:
    parts = file.relative_to(SOURCE).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(file): file for file in sorted(SOURCE.glob("soclint/**/*.py"))}


def _imports(module: str) -> set[str]:
    """The soclint modules `module` imports, wherever in the module the import is."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(MODULES[module].read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            # `from soclint.rules import content` imports the module soclint.rules.content.
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {name for name in found if name in MODULES and name != module}


GRAPH = {module: _imports(module) for module in MODULES}


def _layer(module: str) -> int:
    for index, (_name, patterns) in enumerate(LAYERS):
        if any(fnmatch(module, pattern) for pattern in patterns):
            return index
    raise AssertionError(f"{module} is in no layer: add it to LAYERS")


def _reachable(start: str) -> set[str]:
    seen: set[str] = set()
    waiting = [start]
    while waiting:
        for imported in GRAPH[waiting.pop()]:
            if imported not in seen:
                seen.add(imported)
                waiting.append(imported)
    return seen


def _cycle() -> list[str] | None:
    """One import cycle, as the modules along it, or None when there is none."""
    state: dict[str, str] = {}
    path: list[str] = []

    def visit(module: str) -> list[str] | None:
        state[module] = "open"
        path.append(module)
        for imported in sorted(GRAPH[module]):
            if state.get(imported) == "open":
                return [*path[path.index(imported) :], imported]
            if imported not in state:
                found = visit(imported)
                if found:
                    return found
        state[module] = "done"
        path.pop()
        return None

    for module in sorted(MODULES):
        if module not in state:
            found = visit(module)
            if found:
                return found
    return None


def test_the_walk_sees_the_imports_written_anywhere_in_a_module() -> None:
    # At the top, inside a function, and under TYPE_CHECKING.
    assert "soclint.registry" in GRAPH["soclint.engine"]
    assert "soclint.program" in GRAPH["soclint.cli"]
    assert "soclint.context" in GRAPH["soclint.registry"]
    # `from package import module`
    assert "soclint.rules.content" in GRAPH["soclint.rules"]


def test_no_module_imports_itself_through_others() -> None:
    assert _cycle() is None, " -> ".join(_cycle() or [])


def test_the_cycle_search_finds_a_cycle() -> None:
    GRAPH["soclint.keypaths"].add("soclint.cli")
    try:
        assert _cycle() is not None
    finally:
        GRAPH["soclint.keypaths"].discard("soclint.cli")


@pytest.mark.parametrize("module", sorted(MODULES))
def test_a_module_imports_only_its_own_layer_or_those_below(module: str) -> None:
    upward = sorted(name for name in GRAPH[module] if _layer(name) > _layer(module))
    assert not upward, f"{module} ({LAYERS[_layer(module)][0]}) imports {upward} from above"


def test_the_report_formats_never_reach_the_engine_or_the_rules() -> None:
    for module in MODULES:
        if module == "soclint.output" or module.startswith("soclint.output."):
            reached = _reachable(module)
            forbidden = [
                name
                for name in reached
                if name in ("soclint.engine", "soclint.program", "soclint.commands")
                or name == "soclint.rules"
                or name.startswith("soclint.rules.")
            ]
            assert not forbidden, f"{module} reaches {sorted(forbidden)}"


def _family(module: str) -> str | None:
    """The rule family of a module under soclint/rules/ (its module, or its folder)."""
    parts = module.split(".")
    return parts[2] if len(parts) > 2 and parts[1] == "rules" else None


def test_rule_families_do_not_import_each_other() -> None:
    for module in MODULES:
        family = _family(module)
        if family is None:
            continue
        others = sorted(name for name in GRAPH[module] if _family(name) not in (None, family))
        assert not others, f"{module} imports the rule families of {others}"
