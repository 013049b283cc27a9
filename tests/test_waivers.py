"""Waivers are approved content: a document cannot weaken itself and silence the alarm."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import located, run
from gitrepo import commit, init

from soclint.cli import main
from soclint.digest import digest_of
from soclint.document import read_document

POLICY = "policies/access-control.md"
WEAKENED = "Multi-factor authentication is optional."
# The example program judges itself as of this day.
AS_OF = date(2026, 11, 1)


@pytest.fixture
def program(example: Path) -> Path:
    return example


def _edit(root: Path, old: str, new: str) -> None:
    file = root / POLICY
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def _waive(root: Path, *waivers: str) -> None:
    block = "soclint:\n  waive:\n" + "".join(f"    - {w}\n" for w in waivers)
    _edit(root, "\n---\n", "\n" + block + "---\n")


def _line_of(root: Path, text: str) -> int:
    lines = (root / POLICY).read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if text in line)


def test_the_example_checks_clean(program: Path) -> None:
    assert located(run(program, as_of=AS_OF)) == []


def test_a_policy_cannot_weaken_itself_and_waive_the_drift(program: Path) -> None:
    _edit(program, "Multi-factor authentication is required for every login.", WEAKENED)
    _waive(
        program,
        "{code: A010, reason: editorial, until: 2026-12-31}",
        "{code: A011, reason: editorial, until: 2026-12-31}",
    )
    findings = located(run(program, as_of=AS_OF))
    digest_line = _line_of(program, "digest: sha256:")
    assert ("A010", POLICY, digest_line) in findings
    assert ("W006", POLICY, _line_of(program, "code: A010")) in findings
    assert ("W006", POLICY, _line_of(program, "code: A011")) in findings


def test_adding_a_waiver_is_a_change_of_content_that_needs_approval(program: Path) -> None:
    before = digest_of(read_document(program / POLICY, POLICY))
    _waive(program, "{code: L003, reason: quoted on purpose, until: 2026-12-31}")
    assert digest_of(read_document(program / POLICY, POLICY)) != before
    findings = located(run(program, as_of=AS_OF))
    assert ("A010", POLICY, _line_of(program, "digest: sha256:")) in findings


def test_without_a_digest_git_sees_an_added_waiver_as_a_change(program: Path) -> None:
    file = program / POLICY
    lines = file.read_text(encoding="utf-8").splitlines(keepends=True)
    file.write_text("".join(line for line in lines if "digest: sha256:" not in line))
    init(program)
    commit(program, "Program", "2026-03-01")
    _edit(program, "Multi-factor authentication is required for every login.", WEAKENED)
    _waive(program, "{code: M005, reason: editorial, until: 2026-12-31}")
    commit(program, "Relax MFA", "2026-10-01")
    findings = located(run(program, as_of=AS_OF))
    assert ("A011", POLICY, _line_of(program, "date: 2026-")) in findings


def test_waivers_of_rules_that_may_be_waived_still_work(program: Path) -> None:
    _waive(program, "{code: L003, reason: quoted on purpose, until: 2026-12-31}")
    _edit(program, "required for every login.", "required for every login. TODO: hardware keys.")
    findings = located(run(program, as_of=AS_OF))
    assert [code for code, _path, _line in findings] == ["A010"]


def test_the_longest_term_is_configurable(program: Path) -> None:
    config = program / "soclint.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "waiver_max_term: 6 months\n")
    _waive(program, "{code: L003, reason: quoted on purpose, until: 2026-08-11}")
    _edit(program, "required for every login.", "required for every login. TODO: hardware keys.")
    findings = located(run(program, as_of=date(2026, 8, 1)))
    # Approved on 2026-02-10: six months run to 2026-08-10, so the waiver does not apply.
    assert ("W005", POLICY, _line_of(program, "until: 2026-08-11")) in findings
    assert ("L003", POLICY, _line_of(program, "TODO: hardware keys")) in findings


def test_rule_documentation_says_which_rules_cannot_be_waived() -> None:
    runner = CliRunner()
    assert "cannot waive it" in runner.invoke(main, ["rule", "A010"]).output
    assert "cannot waive it" not in runner.invoke(main, ["rule", "L003"]).output
    listing = json.loads(runner.invoke(main, ["rules", "--format", "json"]).output)
    unwaivable = {rule["code"] for rule in listing if not rule["waivable"]}
    assert {"A002", "A003", "A010", "A011", "A013", "A014"} <= unwaivable
    assert "L003" not in unwaivable and "W003" not in unwaivable
