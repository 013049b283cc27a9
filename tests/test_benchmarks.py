"""The benchmark tools at a tiny size, so that they cannot rot: the generator makes the
program it describes, the runner times it against the peers and profiles it, and the
pre-commit runner builds a repository for each hook it times."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

import peers  # noqa: E402
import pre_commit_hooks  # noqa: E402
import synthetic  # noqa: E402


def _findings(root: Path) -> list[tuple[str, str]]:
    done = subprocess.run(
        [sys.executable, "-m", "soclint", "check", str(root), "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    return sorted((f["code"], f["path"]) for f in json.loads(done.stdout)["findings"])


@pytest.mark.slow
def test_a_generated_program_without_defects_checks_clean(tmp_path: Path) -> None:
    root = tmp_path / "program"
    synthetic.generate(root, policies=6, rows=4, commits=12)
    assert len(list((root / "policies" / "generated").rglob("*.md"))) == 6
    log = subprocess.run(
        ["git", "-C", str(root), "log", "--format=%ad", "--date=short"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert len(log.stdout.split()) == 12
    risks = (root / "registers" / "risks.md").read_text(encoding="utf-8")
    assert "id: R-B3," in risks
    assert _findings(root) == []


@pytest.mark.slow
def test_each_defect_of_a_generated_program_is_found(tmp_path: Path) -> None:
    root = tmp_path / "program"
    synthetic.generate(root, policies=10, rows=0, commits=3, defective=1.0)
    found = _findings(root)
    paths = {path for _, path in found}
    assert len(paths) == 10, found
    codes = {code for code, _ in found}
    # misspelt status and unknown key (V), malformed date (S006), changed body (A010)
    assert {"V002", "V003", "S006", "A010"} <= codes, codes
    assert any(code.startswith("V001") for code in codes), codes  # missing owner


@pytest.mark.slow
@pytest.mark.skipif(
    not all(shutil.which(name, path=str(peers.BIN)) for name in ("check-jsonschema", "yamllint")),
    reason="the peers are installed with the `bench` extra",
)
def test_the_runner_compares_profiles_and_checks_pull_request_mode(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "program"
    synthetic.generate(root, policies=4, rows=2, commits=5)
    peers.main([str(root), "--runs", "1", "--changed", "2"])
    shown = capsys.readouterr().out
    assert "soclint check / check-jsonschema:" in shown
    assert "check-jsonschema + yamllint" in shown
    assert "the full check's new ones: identical (2)" in shown
    for stage in ("discover", "parse", "validate", "git history", "rules: approval", "output"):
        assert f"  {stage}" in shown, stage


@pytest.mark.slow
@pytest.mark.skipif(
    not all(shutil.which(name, path=str(peers.BIN)) for name in ("check-jsonschema", "pre-commit")),
    reason="check-jsonschema comes with the `bench` extra, pre-commit with `test`",
)
def test_the_pre_commit_runner_builds_a_repository_for_each_hook(tmp_path: Path) -> None:
    env = pre_commit_hooks._environment(tmp_path)
    program = Path(__file__).resolve().parents[1] / "policies-example"
    ours = pre_commit_hooks.soclint_repository(program, tmp_path, "0" * 40, env)
    config = (ours / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    assert pre_commit_hooks.PROJECT.as_uri() in config and "id: soclint" in config
    assert (ours / "soclint.yaml").is_file()
    validated = subprocess.run(
        [str(peers.BIN / "pre-commit"), "validate-config"], cwd=ours, env=env, check=False
    )
    assert validated.returncode == 0

    theirs, files = pre_commit_hooks.peer_repository(program, tmp_path, env)
    assert files == len(list((theirs / "documents").rglob("*.yaml"))) > 20
    assert "Validate JSON Schema" in pre_commit_hooks._run_hooks(theirs, env)
    broken = next((theirs / "documents").rglob("*.yaml"))
    broken.write_text(broken.read_text(encoding="utf-8") + "type: nothing-known\n", "utf-8")
    with pytest.raises(SystemExit, match="did not pass"):
        pre_commit_hooks._run_hooks(theirs, env)
