"""soclint as a pre-commit hook, end to end: pre-commit installs the hook from a
repository holding this checkout, and a commit that breaks a policy is refused.

pre-commit builds the hook's environment with pip (`language: python`), so this
needs the package index, and takes half a minute.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLE

PROJECT = Path(__file__).resolve().parents[1]
# What `pip install` of the hook repository needs, as pre-commit would clone it.
HOOK_REPOSITORY_FILES = (
    ".pre-commit-hooks.yaml",
    "pyproject.toml",
    "README.md",
    "src",
    "schemas",
    "rules",
    "policies-example",
)
PRE_COMMIT = [sys.executable, "-m", "pre_commit"]


def _environment(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            # No global or system git settings (hooksPath, signing, templates) reach the test.
            "GIT_CONFIG_GLOBAL": str(tmp_path / "gitconfig"),
            "GIT_CONFIG_NOSYSTEM": "1",
            "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
            "PRE_COMMIT_COLOR": "never",
        }
    )
    env.pop("GITHUB_ACTIONS", None)
    (tmp_path / "gitconfig").write_text(
        "[user]\n\tname = soclint tests\n\temail = tests@example.com\n"
        "[commit]\n\tgpgsign = false\n[init]\n\tdefaultBranch = main\n",
        encoding="utf-8",
    )
    return env


def _git(folder: Path, env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        ["git", *args], cwd=folder, env=env, check=True, capture_output=True, text=True
    )
    return done.stdout.strip()


def _hook_repository(target: Path, env: dict[str, str]) -> str:
    """A git repository with this checkout's files; returns its commit."""
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info", "*.pyc")
    for name in HOOK_REPOSITORY_FILES:
        source = PROJECT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=ignore)
        else:
            target.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    _git(target, env, "init", "-q")
    _git(target, env, "add", "-A")
    _git(target, env, "commit", "-q", "-m", "soclint")
    return _git(target, env, "rev-parse", "HEAD")


def test_manifest_is_valid() -> None:
    done = subprocess.run(
        [*PRE_COMMIT, "validate-manifest", str(PROJECT / ".pre-commit-hooks.yaml")],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.slow
def test_a_commit_that_breaks_a_policy_is_refused(tmp_path: Path) -> None:
    env = _environment(tmp_path)
    revision = _hook_repository(tmp_path / "soclint", env)
    program = tmp_path / "program"
    shutil.copytree(EXAMPLE, program)
    (program / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {(tmp_path / 'soclint').as_uri()}\n    rev: {revision}\n"
        "    hooks:\n      - id: soclint\n",
        encoding="utf-8",
    )
    _git(program, env, "init", "-q")
    subprocess.run(
        [*PRE_COMMIT, "validate-config"], cwd=program, env=env, check=True, capture_output=True
    )
    subprocess.run([*PRE_COMMIT, "install"], cwd=program, env=env, check=True, capture_output=True)

    def commit(message: str) -> tuple[int, str]:
        """Commit everything; git's exit status and what the hook printed."""
        _git(program, env, "add", "-A")
        done = subprocess.run(
            ["git", "commit", "-q", "-m", message],
            cwd=program,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        return done.returncode, done.stdout

    status, output = commit("The example program")
    assert status == 0, output
    assert "soclint..." in output and "Passed" in output, output

    policy = program / "policies" / "access-control.md"
    approved = policy.read_text(encoding="utf-8")
    assert "\nstatus: approved\n" in approved
    policy.write_text(approved.replace("\nstatus: approved\n", "\nstatus: aproved\n"), "utf-8")
    status, output = commit("Break the access control policy")
    assert status != 0, output
    assert "Failed" in output
    assert "policies/access-control.md:" in output and "'aproved'" in output, output
    assert _git(program, env, "rev-list", "--count", "HEAD") == "1"

    policy.write_text(approved, encoding="utf-8")
    # A Markdown change, so the hook runs rather than skipping the commit.
    with (program / "README.md").open("a", encoding="utf-8") as readme:
        readme.write("\nReviewed.\n")
    status, output = commit("Fix the access control policy")
    assert status == 0, output
    assert "Passed" in output, output
    assert _git(program, env, "rev-list", "--count", "HEAD") == "2"
