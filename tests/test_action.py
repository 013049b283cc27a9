"""The GitHub Action (action.yml): its shell steps run here as the runner runs
them, with a simulated GITHUB_* environment, against a git repository whose
program lives in a subfolder.

The install step builds soclint from this checkout with pip into the action's
own virtual environment, so the module needs the package index once.

The workspace is the pull request's checkout: modules and programs planted in
it, and a job environment that points into it (PYTHONPATH, relative PATH
entries), must never run.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from actions_runner import processed_commands
from conftest import EXAMPLE
from gitrepo import commit, init

from soclint.yamltree import parse_yaml

PROJECT = Path(__file__).resolve().parents[1]
ACTION: dict[str, Any] = parse_yaml((PROJECT / "action.yml").read_text(encoding="utf-8")).value
EXPRESSION = re.compile(r"\$\{\{\s*([^}]*?)\s*\}\}")
# What `shell: bash` runs on a GitHub-hosted runner.
BASH = ["bash", "--noprofile", "--norc", "-eo", "pipefail"]
BROKEN_POLICY = """\
---
type: policy
id: POL-BROKEN
title: Broken policy
kind: access-control
owner: priya.raman
status: approved
version: "1.0"
review: {cycle: every so often}
controls: [CC6.1]
---
# Broken policy
"""


def _steps() -> list[dict[str, Any]]:
    steps: list[dict[str, Any]] = ACTION["runs"]["steps"]
    return steps


def _evaluate(expression: str, contexts: dict[str, Any]) -> str:
    """`inputs.path` or `github.event.pull_request.base.sha`; a missing step gives ''."""
    value: Any = contexts
    for step in expression.split("."):
        value = value.get(step) if isinstance(value, dict) else None
    return "" if value is None else str(value)


def _resolve(text: str, contexts: dict[str, Any]) -> str:
    return EXPRESSION.sub(lambda match: _evaluate(match.group(1), contexts), text)


# Modules that shadow what the install step runs with `python -m`; each leaves a
# mark, then hands over to the real module so that the step still succeeds.
HANDING_OVER = (
    "import subprocess, sys\n"
    "open({mark!r}, 'w').write(repr(sys.argv))\n"
    "sys.exit(subprocess.run([sys.executable, '-I', '-m', {module!r}, *sys.argv[1:]]).returncode)\n"
)


def _mark(workspace: Path, name: str) -> str:
    return str(workspace / f"PWNED-{name}")


def _plant_python(workspace: Path) -> None:
    """venv.py, pip/__init__.py and pip/__main__.py at the root of the workspace."""
    (workspace / "venv.py").write_text(
        HANDING_OVER.format(mark=_mark(workspace, "venv"), module="venv"), "utf-8"
    )
    (workspace / "pip").mkdir()
    (workspace / "pip" / "__init__.py").write_text(
        f"open({_mark(workspace, 'pip-package')!r}, 'w').write('imported')\n", "utf-8"
    )
    (workspace / "pip" / "__main__.py").write_text(
        HANDING_OVER.format(mark=_mark(workspace, "pip"), module="pip"), "utf-8"
    )


def _plant_programs(workspace: Path) -> None:
    """A soclint package that passes everything, and `git` and `rm` programs."""
    (workspace / "soclint").mkdir()
    for name in ("__init__.py", "__main__.py"):
        (workspace / "soclint" / name).write_text(
            f"open({_mark(workspace, 'soclint-' + name)!r}, 'w').write('ran')\n"
            "raise SystemExit(0)\n",
            "utf-8",
        )
    for program in ("git", "rm"):
        real = shutil.which(program)
        script = workspace / program
        script.write_text(
            f'#!/bin/sh\necho ran > "{_mark(workspace, program)}"\nexec "{real}" "$@"\n', "utf-8"
        )
        script.chmod(0o755)


def _marks(workspace: Path) -> list[str]:
    return sorted(path.name for path in workspace.glob("PWNED-*"))


@dataclass
class Runner:
    """One job: a workspace, the runner's files, the action's inputs, and what the
    workflow adds to the job's environment."""

    workspace: Path
    temp: Path
    github: dict[str, Any]
    job_env: dict[str, str] = field(default_factory=dict)

    def run(self, step: dict[str, Any], inputs: dict[str, str]) -> tuple[int, str, Path, Path]:
        given = {
            name: inputs.get(name, _resolve(str(spec.get("default", "")), {"github": self.github}))
            for name, spec in ACTION["inputs"].items()
        }
        contexts = {"inputs": given, "github": self.github}
        output, summary = self.temp / "output.txt", self.temp / "summary.md"
        output.write_text("", encoding="utf-8")
        summary.write_text("", encoding="utf-8")
        env = {
            "PATH": os.environ["PATH"],
            **self.job_env,
            "HOME": str(self.temp),
            "CI": "true",
            "GITHUB_ACTIONS": "true",
            "GITHUB_WORKSPACE": str(self.workspace),
            "GITHUB_ACTION_PATH": str(PROJECT),
            "GITHUB_EVENT_NAME": str(self.github["event_name"]),
            "GITHUB_OUTPUT": str(output),
            "GITHUB_STEP_SUMMARY": str(summary),
            "RUNNER_TEMP": str(self.temp),
            **{name: _resolve(str(value), contexts) for name, value in step["env"].items()},
        }
        script = self.temp / "step.sh"
        script.write_text(step["run"], encoding="utf-8")
        done = subprocess.run(
            [*BASH, str(script)],
            cwd=self.workspace,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        return done.returncode, done.stdout, output, summary


def _outputs(file: Path) -> dict[str, str]:
    return dict(line.split("=", 1) for line in file.read_text(encoding="utf-8").splitlines())


@pytest.fixture(scope="module")
def runner(tmp_path_factory: pytest.TempPathFactory) -> Runner:
    """A push to a repository with the example program under policies/, one policy
    broken, and Python modules planted at its root; soclint installed by the
    action's first step in a job whose PYTHONPATH is the workspace."""
    workspace = tmp_path_factory.mktemp("workspace")
    shutil.copytree(EXAMPLE, workspace / "policies")
    (workspace / "policies" / "policies" / "broken.md").write_text(BROKEN_POLICY, "utf-8")
    _plant_python(workspace)
    subprocess.run(["git", "init", "-q", str(workspace)], check=True)
    temp = tmp_path_factory.mktemp("runner-temp")
    installing = Runner(
        workspace, temp, {"event_name": "push", "event": {}}, {"PYTHONPATH": str(workspace)}
    )
    status, log, _, _ = installing.run(_install_step(), {"python": sys.executable})
    assert status == 0, log
    return Runner(workspace, temp, installing.github)


def _install_step() -> dict[str, Any]:
    return _steps()[0]


def _check_step() -> dict[str, Any]:
    [step] = [step for step in _steps() if step.get("id") == "check"]
    return step


def test_inputs_reach_the_shell_only_through_env() -> None:
    used = set()
    for step in _steps():
        assert step["shell"] == "bash"
        assert "${{" not in step["run"], step["name"]
        for value in step.get("env", {}).values():
            [expression] = EXPRESSION.findall(str(value))
            assert str(value) == "${{ " + expression + " }}"
            used.add(expression)
    assert used == {f"inputs.{name}" for name in ACTION["inputs"]}


def test_diff_base_defaults_to_the_pull_requests_base() -> None:
    default = ACTION["inputs"]["diff-base"]["default"]
    assert default == "${{ github.event.pull_request.base.sha }}"
    event = {"pull_request": {"base": {"sha": "0123abc"}}}
    assert _resolve(default, {"github": {"event": event}}) == "0123abc"
    assert _resolve(default, {"github": {"event": {}}}) == ""
    assert '--diff-base "$SOCLINT_DIFF_BASE"' in _check_step()["run"]


def test_the_action_annotates_summarises_and_writes_sarif(runner: Runner) -> None:
    status, log, output, summary = runner.run(
        _check_step(),
        {
            "path": "policies",
            "formats": " junit:soclint-junit.xml \n\ngitlab:gl-code-quality.json\n",
        },
    )
    assert status == 1, log
    annotations = processed_commands(log)
    assert annotations, log
    assert {(c.name, c.properties["file"]) for c in annotations} == {
        ("error", "policies/policies/broken.md")
    }
    assert _outputs(output) == {"exit-code": "1", "sarif-file": "soclint.sarif"}
    shown = summary.read_text(encoding="utf-8")
    assert shown.startswith("## soclint\n") and "policies/policies/broken.md" in shown
    sarif = json.loads((runner.workspace / "soclint.sarif").read_text(encoding="utf-8"))
    results = sarif["runs"][0]["results"]
    assert len(results) == len(annotations)
    artifact = results[0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact["uri"] == "policies/policies/broken.md"
    assert (runner.workspace / "soclint-junit.xml").is_file()
    quality = json.loads((runner.workspace / "gl-code-quality.json").read_text(encoding="utf-8"))
    assert len(quality) == len(annotations)


def test_fail_on_never_passes_the_step(runner: Runner) -> None:
    status, log, output, _ = runner.run(
        _check_step(), {"path": "policies", "fail-on": "never", "sarif-file": ""}
    )
    assert status == 0, log
    assert _outputs(output) == {"exit-code": "0"}
    assert processed_commands(log)


def test_a_clean_program_passes(runner: Runner, tmp_path: Path) -> None:
    shutil.copytree(EXAMPLE, runner.workspace / "clean")
    status, log, output, summary = runner.run(
        _check_step(), {"path": "clean", "as-of": "2026-11-01"}
    )
    assert status == 0, log
    assert processed_commands(log) == []
    assert _outputs(output)["exit-code"] == "0"
    assert "no findings" in summary.read_text(encoding="utf-8")


def test_inputs_are_data_not_shell(runner: Runner) -> None:
    hostile = '$(touch pwned-1)"; touch pwned-2; echo "`touch pwned-3`'
    status, log, output, _ = runner.run(
        _check_step(),
        {"path": hostile, "as-of": hostile, "formats": f"junit:{hostile}", "sarif-file": ""},
    )
    assert status == 2, log
    assert _outputs(output) == {"exit-code": "2"}
    assert not list(runner.workspace.glob("pwned-*"))


def test_a_sarif_file_on_several_lines_is_refused(runner: Runner) -> None:
    status, log, output, _ = runner.run(
        _check_step(), {"path": "policies", "sarif-file": "a.sarif\nexit-code=0"}
    )
    assert status == 2, log
    assert output.read_text(encoding="utf-8") == ""
    assert [c.properties for c in processed_commands(log)] == [{"title": "soclint"}]


def test_a_pull_request_is_judged_on_the_files_it_changes(runner: Runner, tmp_path: Path) -> None:
    workspace = tmp_path / "pr"
    shutil.copytree(EXAMPLE, workspace / "policies")
    old_problem = BROKEN_POLICY.replace("POL-BROKEN", "POL-OLD")
    (workspace / "policies" / "policies" / "old.md").write_text(old_problem, "utf-8")
    init(workspace)
    base = commit(workspace, "base", when="2026-10-01")
    (workspace / "policies" / "policies" / "broken.md").write_text(BROKEN_POLICY, "utf-8")
    commit(workspace, "add a policy", when="2026-10-02")
    event = {"pull_request": {"base": {"sha": base}}}
    pull_request = Runner(workspace, runner.temp, {"event_name": "pull_request", "event": event})

    status, log, _, _ = pull_request.run(
        _check_step(), {"path": "policies", "as-of": "2026-11-01", "sarif-file": ""}
    )

    assert status == 1, log
    assert {c.properties["file"] for c in processed_commands(log)} == {
        "policies/policies/broken.md"
    }


def test_the_install_step_runs_no_code_from_the_workspace(runner: Runner) -> None:
    assert _marks(runner.workspace) == []
    installed = runner.temp / "soclint-action" / "bin" / "python"
    done = subprocess.run(
        [str(installed), "-I", "-m", "soclint", "--version"],
        cwd=runner.temp,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("soclint, version ")


def test_the_python_input_is_a_command_or_an_absolute_path(tmp_path: Path) -> None:
    workspace, temp = tmp_path / "workspace", tmp_path / "temp"
    workspace.mkdir()
    temp.mkdir()
    job = Runner(workspace, temp, {"event_name": "push", "event": {}})
    status, log, _, _ = job.run(_install_step(), {"python": "tools/python3"})
    assert status == 2, log
    assert [c.data for c in processed_commands(log)] == [
        "the python input must be a command name or an absolute path"
    ]
    assert not (temp / "soclint-action").exists()


def test_the_check_step_runs_no_program_from_the_workspace(runner: Runner, tmp_path: Path) -> None:
    workspace = tmp_path / "pr"
    shutil.copytree(EXAMPLE, workspace / "policies")
    init(workspace)
    base = commit(workspace, "base", when="2026-10-01")
    (workspace / "policies" / "policies" / "broken.md").write_text(BROKEN_POLICY, "utf-8")
    _plant_programs(workspace)
    commit(workspace, "add a policy, a soclint that passes, git and rm", when="2026-10-02")
    event = {"pull_request": {"base": {"sha": base}}}
    # A job environment that looks up programs and modules in the current folder.
    job_env = {"PATH": f":.:{os.environ['PATH']}", "PYTHONPATH": "."}
    pull_request = Runner(
        workspace, runner.temp, {"event_name": "pull_request", "event": event}, job_env
    )

    status, log, output, _ = pull_request.run(
        _check_step(), {"path": "policies", "as-of": "2026-11-01"}
    )

    assert status == 1, log
    assert {c.properties["file"] for c in processed_commands(log)} == {
        "policies/policies/broken.md"
    }
    assert _outputs(output) == {"exit-code": "1", "sarif-file": "soclint.sarif"}
    assert _marks(workspace) == []


@pytest.mark.parametrize(
    ("config", "inputs", "error"),
    [
        ('warn_days: "not a number"\n', {}, "warn_days: must be a number of days"),
        (None, {"as-of": "someday"}, "'someday' is not a date"),
    ],
    ids=["configuration-error", "usage-error"],
)
def test_a_sarif_file_this_run_did_not_write_is_never_named(
    runner: Runner, tmp_path: Path, config: str | None, inputs: dict[str, str], error: str
) -> None:
    workspace = tmp_path / "pr"
    shutil.copytree(EXAMPLE, workspace / "policies")
    if config is not None:
        (workspace / "policies" / "soclint.yaml").write_text(config, "utf-8")
    committed = '{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "soclint"}}}]}\n'
    (workspace / "soclint.sarif").write_text(committed, "utf-8")
    job = Runner(workspace, runner.temp, {"event_name": "push", "event": {}})

    status, log, output, _ = job.run(_check_step(), {"path": "policies", **inputs})

    assert status == 2, log
    assert error in log
    assert _outputs(output) == {"exit-code": "2"}
    assert not (workspace / "soclint.sarif").exists()


def test_a_sarif_file_that_cannot_be_removed_stops_the_step(runner: Runner, tmp_path: Path) -> None:
    workspace = tmp_path / "pr"
    shutil.copytree(EXAMPLE, workspace / "policies")
    (workspace / "soclint.sarif").mkdir()
    job = Runner(workspace, runner.temp, {"event_name": "push", "event": {}})

    status, log, output, _ = job.run(_check_step(), {"path": "policies"})

    assert status == 2, log
    assert output.read_text(encoding="utf-8") == ""
    assert [c.data for c in processed_commands(log)] == [
        "the sarif-file is in the way and cannot be removed"
    ]


@pytest.mark.parametrize(
    "inputs", [{"sarif-file": "reports/soclint.sarif"}, {"formats": "junit:reports/junit.xml"}]
)
def test_a_report_is_never_written_outside_the_workspace(
    runner: Runner, tmp_path: Path, inputs: dict[str, str]
) -> None:
    workspace = tmp_path / "pr"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.copytree(EXAMPLE, workspace / "policies")
    (workspace / "reports").symlink_to(elsewhere)  # committed by the pull request
    job = Runner(workspace, runner.temp, {"event_name": "push", "event": {}})

    status, log, _output, _ = job.run(_check_step(), {"path": "policies", **inputs})

    assert status == 2, log
    assert list(elsewhere.iterdir()) == []
    assert next(c.data for c in processed_commands(log)).endswith("is outside the workspace")
