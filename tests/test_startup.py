"""What soclint loads to start: commands that read no program load neither git nor
jsonschema, a check of valid documents never loads jsonschema or gitpython, and the
built-in pack that a run no longer checks is checked here."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from gitrepo import commit, init

from soclint.json_form import to_json
from soclint.resources import data_path
from soclint.rule_schemas import rule_schema_problems
from soclint.yamltree import parse_yaml

HEAVY = ("git", "jsonschema", "jsonschema_rs", "referencing")
PROBE = """
import sys
from soclint.cli import run
sys.argv = ["soclint", *sys.argv[1:]]
try:
    run()
except SystemExit:
    pass
print("LOADED", *sorted(name for name in {heavy!r} if name in sys.modules))
"""


def _probe(*arguments: str) -> subprocess.CompletedProcess[str]:
    """soclint run with `arguments` in a new interpreter, printing last which of the heavy
    modules it loaded."""
    return subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy=HEAVY), *arguments],
        capture_output=True,
        text=True,
        check=True,
    )


@pytest.mark.slow
@pytest.mark.parametrize("arguments", [["--version"], ["rules"]])
def test_a_command_that_reads_no_program_loads_neither_git_nor_jsonschema(
    arguments: list[str],
) -> None:
    done = _probe(*arguments)
    assert done.stdout.splitlines()[-1] == "LOADED"


@pytest.mark.slow
def test_a_check_of_a_valid_program_with_history_loads_no_jsonschema_nor_gitpython(
    example: Path,
) -> None:
    init(example)
    commit(example, "The program", "2026-10-01")
    done = _probe("check", str(example))
    assert "no findings" in done.stdout
    loaded = done.stdout.splitlines()[-1].split()
    assert not {"git", "jsonschema", "referencing"} & set(loaded), loaded


@pytest.mark.slow
def test_the_probe_sees_jsonschema_once_a_document_needs_explaining(tmp_path: Path) -> None:
    (tmp_path / "soclint.yaml").write_text("select: [V]\n", encoding="utf-8")
    (tmp_path / "a.md").write_text(
        "---\ntype: standard\nid: STD-A\ntitle: A\nstatus: aproved\n---\n", encoding="utf-8"
    )
    done = _probe("check", str(tmp_path))
    assert "V003" in done.stdout
    assert "jsonschema" in done.stdout.splitlines()[-1].split()


def test_the_built_in_pack_rules_are_safe_schemas() -> None:
    pack = parse_yaml((data_path("rules") / "soc2.yaml").read_text(encoding="utf-8")).value
    for item in pack.get("rules", []):
        for key in ("match", "assert"):
            assert list(rule_schema_problems(to_json(item[key]))) == [], (item["code"], key)
