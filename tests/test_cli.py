"""The soclint command end to end: output, exit codes, configuration errors, init."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from actions_runner import processed_commands, runner_lines
from click.testing import CliRunner
from conftest import EXAMPLE, write_files

from soclint import cli
from soclint.cli import main

POLICY = """\
---
type: policy
id: POL-A
title: A
kind: access-control
owner: priya
status: draft
version: 1.10
review: {cycle: annual}
---
"""


def soclint(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "soclint", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, **(env or {})},
        check=False,
    )


@pytest.mark.slow
def test_example_is_clean_in_text_and_json() -> None:
    result = CliRunner().invoke(main, ["check", str(EXAMPLE)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Checked ") and result.output.endswith(": no findings.\n")

    result = CliRunner().invoke(main, ["check", str(EXAMPLE), "--format", "json"])
    report = json.loads(result.output)
    assert report["version"] == 1 and report["findings"] == []
    assert report["root"] == EXAMPLE.as_posix()
    assert set(report["summary"]) == {"documents", "errors", "warnings", "infos"}


def test_findings_exit_1_with_path_line_column_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_files(tmp_path, {"policies/a.md": POLICY})
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check", "--select", "S"])
    assert result.exit_code == 1
    first, _, summary = result.output.splitlines()
    assert first == (
        "policies/a.md:8:1: error: S008 version 1.10 is read as the number 1.1; "
        'quote it: version: "1.10"'
    )
    assert summary == "Checked 1 document: 1 error."


def test_json_findings_have_the_documented_shape(tmp_path: Path) -> None:
    write_files(tmp_path, {"policies/a.md": POLICY})
    result = CliRunner().invoke(
        main, ["check", str(tmp_path), "--select", "S,V", "--format", "json"]
    )
    report = json.loads(result.output)
    assert report["findings"] == [
        {
            "code": "S008",
            "severity": "error",
            "path": "policies/a.md",
            "line": 8,
            "column": 1,
            "message": 'version 1.10 is read as the number 1.1; quote it: version: "1.10"',
            "document": "POL-A",
        }
    ]
    assert report["root"] == tmp_path.resolve().as_posix()
    assert report["summary"] == {"documents": 1, "errors": 1, "warnings": 0, "infos": 0}


def test_warnings_alone_pass_unless_fail_on_says_otherwise(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {
            "a.md": "---\ntype: standard\nid: S\n"
            "soclint: {waive: [{code: S008, reason: r, until: 2026-12-31}]}\n---\n",
            "soclint.yaml": "select: [S, W]\nas_of: 2026-11-01\n",
        },
    )
    result = CliRunner().invoke(main, ["check", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "W003" in result.output and "1 warning" in result.output
    (tmp_path / "soclint.yaml").write_text("select: [S, W]\nas_of: 2026-11-01\nfail_on: warning\n")
    assert CliRunner().invoke(main, ["check", str(tmp_path)]).exit_code == 1


def test_severity_override_and_ignore(tmp_path: Path) -> None:
    write_files(
        tmp_path, {"a.md": POLICY, "soclint.yaml": "select: [S]\nseverity: {S008: warning}\n"}
    )
    result = CliRunner().invoke(main, ["check", str(tmp_path)])
    assert result.exit_code == 0 and "1 warning" in result.output
    result = CliRunner().invoke(main, ["check", str(tmp_path), "--ignore", "S008"])
    assert result.exit_code == 0 and "no findings" in result.output


@pytest.mark.slow
def test_root_is_found_upward_and_text_paths_are_relative_to_the_current_folder(
    tmp_path: Path,
) -> None:
    write_files(tmp_path, {"soclint.yaml": "select: [S]\n", "policies/a.md": POLICY})
    result = soclint("check", cwd=tmp_path / "policies")
    assert result.returncode == 1
    assert result.stdout.startswith("a.md:8:1: error: S008")
    result = soclint("check", "--format", "json", cwd=tmp_path / "policies")
    report = json.loads(result.stdout)
    assert report["root"] == tmp_path.resolve().as_posix()
    assert report["findings"][0]["path"] == "policies/a.md"


def test_config_file_option(tmp_path: Path) -> None:
    write_files(tmp_path, {"repo/a.md": POLICY, "strict.yaml": "select: [V]\n"})
    result = CliRunner().invoke(
        main, ["check", str(tmp_path / "repo"), "--config", str(tmp_path / "strict.yaml")]
    )
    assert result.exit_code == 0, result.output


@pytest.mark.slow
def test_usage_and_configuration_errors_exit_2_in_one_line(tmp_path: Path) -> None:
    write_files(tmp_path, {"a.md": POLICY})
    cases = [
        (
            "soclint.yaml",
            "select: [S]\nfrobnicate: true\n",
            "soclint.yaml:2:1: unknown key 'frobnicate'",
        ),
        ("soclint.yaml", "select: [S\n", "soclint.yaml:2:1:"),
        (
            "soclint.yaml",
            "as_of: 2026-02-30\n",
            "soclint.yaml:1:8: '2026-02-30' is not a real date",
        ),
        ("soclint.yaml", "select: [Q]\n", "soclint.yaml:1:10: select: 'Q' is not a rule code"),
        ("soclint.yaml", "ignore: [S, K07]\n", "soclint.yaml:1:13: ignore: 'K07' is not a rule"),
        ("soclint.yaml", "severity: {nope: info}\n", "soclint.yaml:1:12: severity: 'nope' is"),
        ("soclint.yaml", "packs: [missing.yaml]\n", "rule pack missing.yaml does not exist"),
        ("soclint.yaml", "warn_days: soon\n", "warn_days: must be a number of days"),
        (
            "soclint.yaml",
            "own_keys:\n  policy: [weight, approval]\n",
            "soclint.yaml:2:20: own_keys.policy[1]: 'approval' is a key soclint defines",
        ),
        ("soclint.yaml", "own_keys: {polcy: [weight]}\n", "soclint.yaml:1:12: own_keys: key"),
    ]
    for name, content, expected in cases:
        (tmp_path / name).write_text(content)
        result = soclint("check", str(tmp_path))
        assert result.returncode == 2, (content, result.stdout, result.stderr)
        assert result.stdout == ""
        assert result.stderr.count("\n") == 1 and expected in result.stderr, result.stderr
    (tmp_path / "soclint.yaml").unlink()
    for args in (["--as-of", "2026-13-01"], ["--format", "xml"], ["--select", "nope"]):
        result = soclint("check", str(tmp_path), *args)
        assert result.returncode == 2, (args, result.stderr)
        assert "Traceback" not in result.stderr
    assert soclint("check", str(tmp_path / "missing")).returncode == 2


@pytest.mark.slow
def test_every_kind_of_bad_input_gives_one_finding_each_and_no_traceback(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {
            "no-front-matter.md": "# Title\n",
            "syntax.md": "---\ntype: standard\nid: A\ncontrols: [CC6.1\n---\n",
            "duplicate-key.md": "---\ntype: standard\nid: B\nid: C\n---\n",
            "latin1.md": "---\ntype: standard\nid: D\ntitle: caf\xe9\n---\n".encode("latin-1"),
            "huge.md": "---\ntype: standard\nid: E\n---\n" + "x" * (1024 * 1024),
            "date.md": "---\ntype: standard\nid: F\nreview: {last: 2026-02-30}\n---\n",
            "type.md": "---\ntype: polcy\nid: G\n---\n",
            "version.md": "---\ntype: standard\nid: H\nversion: 1.10\n---\n",
            "dup-id.md": "---\ntype: standard\nid: H\n---\n",
            "tag.md": "---\ntype: standard\nid: I\n"
            "title: !!python/object/apply:os.system []\n---\n",
            "nesting.md": "---\ntype: standard\nid: J\ntitle: " + "[" * 100_000 + "\n---\n",
        },
    )
    result = soclint("check", str(tmp_path), "--select", "S", "--format", "json")
    assert result.returncode == 1 and result.stderr == ""
    found = {(f["code"], f["path"], f["line"]) for f in json.loads(result.stdout)["findings"]}
    assert found == {
        ("S001", "no-front-matter.md", 1),
        ("S002", "syntax.md", 5),
        ("S003", "duplicate-key.md", 4),
        ("S004", "latin1.md", 4),
        ("S005", "huge.md", 1),
        ("S006", "date.md", 4),
        ("S007", "type.md", 2),
        ("S008", "version.md", 4),
        ("S009", "version.md", 3),
        ("S002", "tag.md", 4),
        ("S002", "nesting.md", 4),
    }


@pytest.mark.slow
def test_rules_and_rule_documentation() -> None:
    listing = CliRunner().invoke(main, ["rules"])
    assert listing.exit_code == 0
    assert any(line.startswith("S003  duplicate-key") for line in listing.output.splitlines())
    codes = [
        entry["code"]
        for entry in json.loads(CliRunner().invoke(main, ["rules", "--format", "json"]).output)
    ]
    assert codes == sorted(codes) and "D101" in codes
    explained = CliRunner().invoke(main, ["rule", "S003"])
    assert explained.exit_code == 0 and "## Why an auditor cares" in explained.output
    assert CliRunner().invoke(main, ["rule", "duplicate-key"]).output == explained.output
    assert soclint("rule", "Z999").returncode == 2


@pytest.mark.slow
def test_init_starts_a_program_of_drafts(tmp_path: Path) -> None:
    target = tmp_path / "program"
    result = CliRunner().invoke(main, ["init", str(target), "--company", "Acme Robotics"])
    assert result.exit_code == 0, result.output
    policy = (target / "policies" / "access-control.md").read_text()
    assert "status: draft" in policy and "approval:" not in policy and "Kestrel" not in policy
    assert "Acme Robotics" in policy
    assert not (target / "evidence").exists()
    assert "as_of:" not in (target / "soclint.yaml").read_text().replace("# as_of", "")
    checked = CliRunner().invoke(main, ["check", str(target), "--select", "S,V,R,M001"])
    assert checked.exit_code == 0, checked.output
    again = soclint("init", str(target), "--company", "Acme Robotics")
    assert again.returncode == 2
    assert "init starts a program in a new or empty folder" in again.stderr
    readme = (target / "README.md").read_text()
    assert readme.startswith("# Acme Robotics SOC 2 program\n")
    assert "example)" not in readme and "as_of" not in readme and "evidence/" not in readme
    assert "soclint init" not in readme


@pytest.mark.slow
def test_init_leaves_no_trace_of_the_example_company(tmp_path: Path) -> None:
    # A repository as a hosting service creates it: .git and a README.
    target = tmp_path / "acme-policies"
    target.mkdir()
    subprocess.run(["git", "init", "-q", str(target)], check=True)
    (target / "README.md").write_text("# acme-policies\n")

    result = CliRunner().invoke(main, ["init", str(target), "--company", "Acme Robotics, Inc."])

    assert result.exit_code == 0, result.output
    assert (target / "README.md").read_text() == "# acme-policies\n"
    files = [p for p in target.rglob("*") if p.is_file() and ".git" not in p.parts]
    traces = [p for p in files if re.search(r"kestrel|\bkl-", p.read_text(encoding="utf-8"), re.I)]
    assert traces == []
    assets = (target / "registers/assets.md").read_text()
    assert "name: acme-robotics-inc-prod-ledger (Amazon RDS" in assets
    hr = (target / "policies/hr-security.md").read_text()
    assert "This policy sets what Acme Robotics, Inc. checks before" in hr
    roster = (target / "roster.md").read_text()
    assert "email: maya.chen@acme-robotics-inc.example" in roster
    checked = CliRunner().invoke(main, ["check", str(target), "--select", "S,V,R,M001"])
    assert checked.exit_code == 0, checked.output
    (target / "notes.txt").write_text("mine\n")
    refused = CliRunner().invoke(main, ["init", str(target), "--company", "Acme"])
    assert refused.exit_code == 2 and "holds controls, notes.txt, policies" in refused.output


@pytest.mark.slow
def test_version() -> None:
    result = soclint("--version")
    assert result.returncode == 0 and result.stdout.startswith("soclint, version ")


# Errors on stderr: the GitHub Actions runner reads commands there too.

HOSTILE_CONFIGS = [
    (
        'packs: ["x\\n::set-output name=exit-code::0\\n::add-mask::soclint\\n'
        '::error file=policies/x.md,line=1::forged"]\n',
        "soclint: error: soclint.yaml: rule pack x\\n::set-output name=exit-code::0\\n"
        "::add-mask::soclint\\n::error file=policies/x.md,line=1::forged does not exist",
    ),
    (
        "a: !<%0A::error%20file=README.md,line=1::forged%0A> x\n",
        "soclint: error: soclint.yaml:1:4: the tag \\n::error file=README.md,line=1::forged"
        "\\n is not supported; remove it",
    ),
    (
        "fail_on: '##[add-mask]x'\n",
        "soclint: error: soclint.yaml:1:1: fail_on: '#\\x23[add-mask]x' is not the severity "
        "that fails the run: error, warning, info or never",
    ),
]


@pytest.mark.slow
@pytest.mark.parametrize(("config", "expected"), HOSTILE_CONFIGS, ids=["path", "tag", "repr"])
@pytest.mark.parametrize("actions", ["true", ""], ids=["actions", "terminal"])
def test_a_configuration_error_is_one_inert_line(
    tmp_path: Path, config: str, expected: str, actions: str
) -> None:
    (tmp_path / "soclint.yaml").write_text(config, encoding="utf-8")
    result = soclint("check", str(tmp_path), env={"GITHUB_ACTIONS": actions})
    assert result.returncode == 2
    assert result.stdout == ""
    assert runner_lines(result.stderr) == [expected, ""]
    assert processed_commands(result.stderr) == []


@pytest.mark.slow
def test_a_usage_error_from_the_command_line_is_inert(tmp_path: Path) -> None:
    hostile = "2026\n::error file=a.md::forged\r##[add-mask]x"
    result = soclint("check", str(tmp_path), "--as-of", hostile, env={"GITHUB_ACTIONS": "true"})
    assert result.returncode == 2
    assert processed_commands(result.stderr) == []
    assert result.stderr == (
        "soclint: error: Invalid value for '--as-of': '2026\\n::error file=a.md::forged\\r"
        "#\\x23[add-mask]x' is not a date in the form YYYY-MM-DD. "
        "Try 'python -m soclint check -h' for help.\n"
    )
    for args in (["--bo\ngus"], ["che\nck"], ["check", str(tmp_path / "no\n::error::x")]):
        result = soclint(*args)
        assert result.returncode == 2, args
        assert processed_commands(result.stderr) == []
        assert result.stderr.count("\n") == 1, result.stderr
        assert result.stderr.startswith("soclint: error: "), result.stderr
        assert "\\n" in result.stderr


def test_an_internal_error_is_one_inert_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def failing() -> None:
        raise RuntimeError("x\n::error file=a.md::forged ##[add-mask]y")

    monkeypatch.setattr(cli, "main", failing)
    monkeypatch.delenv("SOCLINT_DEBUG", raising=False)
    with pytest.raises(SystemExit) as stopped:
        cli.run()
    assert stopped.value.code == 2
    assert capsys.readouterr().err == (
        "soclint: internal error: RuntimeError('x\\n::error file=a.md::forged "
        "#\\x23[add-mask]y') (SOCLINT_DEBUG=1 shows where)\n"
    )


@pytest.mark.slow
def test_all_without_diff_base_is_a_usage_error(tmp_path: Path) -> None:
    write_files(tmp_path, {"a.md": POLICY})
    result = soclint("check", str(tmp_path), "--all")
    assert result.returncode == 2 and result.stdout == ""
    assert (
        result.stderr
        == "soclint: error: --all needs --diff-base: without it every finding is reported\n"
    )


@pytest.mark.slow
def test_a_bad_selector_on_the_command_line_is_blamed_on_the_option(tmp_path: Path) -> None:
    write_files(tmp_path, {"a.md": POLICY, "soclint.yaml": "select: [S]\n"})
    result = soclint("check", str(tmp_path), "--select", "k007")
    assert result.returncode == 2
    assert result.stderr == (
        "soclint: error: --select: 'k007' is not a rule code, prefix or name "
        "(codes are upper case: 'K007')\n"
    )
    result = soclint("check", str(tmp_path), "--ignore", "risk-treatment-overdu")
    assert result.returncode == 2
    assert result.stderr.startswith("soclint: error: --ignore: 'risk-treatment-overdu' is not")
    assert "(did you mean 'risk-treatment-overdue'?)" in result.stderr


@pytest.mark.slow
def test_rule_names_are_accepted_wherever_codes_are(tmp_path: Path) -> None:
    root = tmp_path / "example"
    shutil.copytree(EXAMPLE, root)
    (root / "soclint.yaml").write_text("as_of: 2027-06-01\n")

    def found(*args: str) -> set[tuple[str, str]]:
        result = CliRunner().invoke(main, ["check", str(root), "--format", "json", *args])
        return {(f["code"], f["severity"]) for f in json.loads(result.output)["findings"]}

    assert found("--select", "risk-treatment-overdue") == {("K007", "error")}
    (root / "soclint.yaml").write_text(
        "as_of: 2027-06-01\nselect: [risk-treatment-overdue, missing-section]\n"
        "severity: {risk-treatment-overdue: warning}\n"
    )
    assert found() == {("K007", "warning")}
    assert found("--ignore", "risk-treatment-overdue") == set()
    (root / "soclint.yaml").write_text("as_of: 2027-06-01\nselect: [K]\nignore: [K007]\n")
    assert "K007" not in {code for code, _ in found()}
    (root / "soclint.yaml").write_text(
        "as_of: 2027-06-01\nselect: [K]\nignore: [risk-treatment-overdue]\n"
    )
    assert "K007" not in {code for code, _ in found()} and found()


def test_the_json_summary_counts_infos(tmp_path: Path) -> None:
    # Approved without a digest, outside git: A012 says the history rules were skipped.
    approved = POLICY.replace("status: draft", "status: approved").replace(
        "version: 1.10", 'version: "1.10"\napproval: {by: priya, date: 2026-01-05}'
    )
    write_files(tmp_path, {"a.md": approved, "soclint.yaml": "select: [A011, A012]\n"})
    result = CliRunner().invoke(main, ["check", str(tmp_path), "--format", "json"])
    report = json.loads(result.output)
    assert [f["code"] for f in report["findings"]] == ["A012"]
    assert report["summary"] == {"documents": 1, "errors": 0, "warnings": 0, "infos": 1}
