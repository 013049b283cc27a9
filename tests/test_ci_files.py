"""The project's CI files and the CI documentation say what they should."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from soclint.output import FORMATS
from soclint.yamltree import parse_yaml

PROJECT = Path(__file__).resolve().parents[1]


def _yaml(path: Path) -> Any:
    tree = parse_yaml(path.read_text(encoding="utf-8"))
    assert not tree.problems, tree.problems
    return tree.value


def test_the_hook_checks_the_whole_program_when_documents_change() -> None:
    [hook] = _yaml(PROJECT / ".pre-commit-hooks.yaml")
    assert hook["id"] == "soclint"
    assert hook["entry"] == "soclint check"
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is False
    assert hook["require_serial"] is True
    files = re.compile(hook["files"])
    for name in ("policies/access-control.md", "soclint.yaml", "packs/company.yml"):
        assert files.search(name), name
    assert not files.search("src/app.py")


def test_ci_runs_the_tests_on_every_supported_python_and_the_action() -> None:
    workflow = _yaml(PROJECT / ".github" / "workflows" / "ci.yml")
    assert workflow["permissions"] == {"contents": "read"}
    tests = workflow["jobs"]["test"]
    assert tests["strategy"]["matrix"]["python-version"] == ["3.10", "3.11", "3.12", "3.13"]
    assert {"run": "bash .ci/run"} in tests["steps"]
    [action] = [s for s in workflow["jobs"]["action"]["steps"] if s.get("uses") == "./"]
    assert action["with"]["path"] == "policies-example"
    for job in workflow["jobs"].values():
        for step in job["steps"]:
            assert "${{" not in step.get("run", ""), step


def test_every_yaml_example_in_the_docs_parses() -> None:
    text = (PROJECT / "docs" / "ci.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", text, re.S)
    assert len(blocks) >= 4
    for block in blocks:
        assert not parse_yaml(block).problems, block


def test_the_docs_name_every_format() -> None:
    text = (PROJECT / "docs" / "ci.md").read_text(encoding="utf-8")
    for name in FORMATS:
        assert f"| `{name}` |" in text, name
