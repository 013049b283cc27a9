"""Helpers shared by the tests: build small policy repositories in tmp_path and check them."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from soclint.commands import check
from soclint.program import load_program
from soclint.report import Report

AS_OF = date(2026, 11, 1)
EXAMPLE = Path(__file__).resolve().parents[1] / "policies-example"

# People for small repositories: tom holds no authority.
ROSTER = """\
---
type: roster
id: roster
title: People
people:
  - {id: priya, name: Priya, email: p@x.example, roles: [security-lead]}
  - {id: daniel, name: Daniel, email: d@x.example, roles: [cto]}
  - {id: tom, name: Tom, email: t@x.example, roles: [sre]}
authority:
  approve-policy: [cto, security-lead]
  sign-off-scope: [cto]
---
"""


def write_files(root: Path, files: dict[str, str | bytes]) -> Path:
    for name, content in files.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    return root


def run(root: Path, as_of: date = AS_OF, **options: object) -> Report:
    return check(load_program(root, as_of=as_of, **options))


def line_count(file: Path) -> int:
    """How many lines git shows for `file` (an empty file has line 1)."""
    content = file.read_bytes()
    return max(1, content.count(b"\n") + (0 if content.endswith(b"\n") else 1))


def fuzz_settings(long_run: bool) -> settings:
    """A few examples, the same each run, by default; many new ones in the long run
    (`pytest -m fuzz`, SOCLINT_FUZZ_EXAMPLES of them)."""
    slow = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture]
    if long_run:
        examples = int(os.environ.get("SOCLINT_FUZZ_EXAMPLES", "2000"))
        return settings(max_examples=examples, deadline=None, suppress_health_check=slow)
    return settings(
        max_examples=10, derandomize=True, database=None, deadline=None, suppress_health_check=slow
    )


def located(report: Report) -> list[tuple[str, str, int]]:
    """The findings as (code, path, line), the way the tests state expectations."""
    return [(f.code, f.path, f.line) for f in report.findings]


@pytest.fixture(autouse=True)
def outside_github_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests see the same output on a developer's machine and in GitHub Actions,
    where soclint wraps text output in stop-commands and writes a job summary."""
    for name in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def repo(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A function that writes files into a fresh repository folder and returns its root."""

    def make(files: dict[str, str | bytes]) -> Path:
        return write_files(tmp_path, files)

    return make
