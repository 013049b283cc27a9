"""The command line as people use it on a terminal: severity and colour, quiet output,
statistics, the files read, exit codes, usage errors and --config on every command."""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from actions_runner import processed_commands
from click.testing import CliRunner
from conftest import ROSTER, write_files
from test_cli import POLICY as DRAFT
from test_output_formats import PACK

from soclint.cli import main
from soclint.document import read_document
from soclint.output.terminal import colour_wanted

# One error (S008), one warning (L003, the TODO) and one info (A012: no git history).
POLICY = (
    DRAFT.replace("status: draft", "status: approved").replace(
        "version: 1.10\n", "version: 1.10\napproval: {by: daniel, date: 2026-01-05}\n"
    )
    + "\nTODO\n"
)
CONFIG = "select: [S008, L003, A011, A012]\nas_of: 2026-11-01\n"
LINES = [
    'a.md:8:1: error: S008 version 1.10 is read as the number 1.1; quote it: version: "1.10"',
    "a.md:9:1: info: A012 history rules were skipped for this document",
    "a.md:13:1: warning: L003 template text 'TODO' left in the document; finish or remove it",
]
RED, YELLOW, CYAN, BOLD, RESET = "\x1b[1;31m", "\x1b[1;33m", "\x1b[1;36m", "\x1b[1m", "\x1b[0m"
SGR = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture
def program(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    write_files(tmp_path, {"a.md": POLICY, "soclint.yaml": CONFIG})
    monkeypatch.chdir(tmp_path)
    for name in ("NO_COLOR", "FORCE_COLOR", "TERM"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def check(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["check", *args], env=env)
    return result.exit_code, result.output


def starts(output: str) -> list[str]:
    """The finding lines, A012's cut after its first words."""
    return [line[: len(LINES[1])] if " A012 " in line else line for line in output.splitlines()]


def test_each_finding_shows_its_severity(program: Path) -> None:
    status, output = check()
    assert status == 1
    assert starts(output) == [*LINES, "", "Checked 1 document: 1 error, 1 warning, 1 info."]


def test_colour_marks_severities_paths_and_counts(program: Path) -> None:
    status, output = check("--color", "always")
    assert status == 1
    lines = output.splitlines()
    assert lines[0] == (
        f"{BOLD}a.md{RESET}:8:1: {RED}error{RESET}: S008 version 1.10 is read as the number 1.1; "
        'quote it: version: "1.10"'
    )
    assert lines[1].startswith(f"{BOLD}a.md{RESET}:9:1: {CYAN}info{RESET}: A012 ")
    assert lines[2].startswith(f"{BOLD}a.md{RESET}:13:1: {YELLOW}warning{RESET}: L003 ")
    assert lines[-1] == (
        f"Checked 1 document: {RED}1 error{RESET}, {YELLOW}1 warning{RESET}, {CYAN}1 info{RESET}."
    )
    assert starts(SGR.sub("", output)) == starts(check()[1])


@pytest.mark.parametrize(
    ("args", "env", "coloured"),
    [
        ((), {}, False),  # not a terminal
        ((), {"FORCE_COLOR": "1"}, True),
        ((), {"NO_COLOR": "1", "FORCE_COLOR": "1"}, False),
        ((), {"NO_COLOR": ""}, False),
        (("--color", "always"), {"NO_COLOR": "1"}, True),
        (("--color", "never"), {"FORCE_COLOR": "1"}, False),
        (("--color", "auto"), {"FORCE_COLOR": "1"}, True),
    ],
)
def test_colour_follows_the_option_then_no_color_then_force_color(
    program: Path, args: tuple[str, ...], env: dict[str, str], coloured: bool
) -> None:
    _, output = check(*args, env=env)
    assert ("\x1b[" in output) is coloured


@pytest.mark.slow
def test_a_terminal_gets_colour_and_a_dumb_one_does_not(program: Path) -> None:
    def on_terminal(env: dict[str, str]) -> str:
        leader, follower = pty.openpty()
        environ = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
        process = subprocess.Popen(
            [sys.executable, "-m", "soclint", "check"],
            cwd=program,
            stdout=follower,
            stderr=subprocess.DEVNULL,
            env={**environ, **env},
        )
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal closed
                break
            if not chunk:
                break
            chunks.append(chunk)
        os.close(leader)
        assert process.wait() == 1
        return b"".join(chunks).decode()

    assert f"{RED}error{RESET}: S008" in on_terminal({"TERM": "xterm"})
    assert "\x1b[" not in on_terminal({"TERM": "dumb"})
    assert "\x1b[" not in on_terminal({"TERM": "xterm", "NO_COLOR": "1"})


def test_reports_written_to_files_are_never_coloured(program: Path) -> None:
    status, output = check("--color", "always", "--output", "text:report.txt")
    assert status == 1 and f"{RED}error{RESET}" in output
    written = (program / "report.txt").read_text()
    assert "\x1b" not in written and starts(written)[0] == LINES[0]


def test_colour_adds_no_escape_to_text_from_the_repository(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {
            "a.md": '---\ntype: standard\nid: S\ntitle: T\nowner: "x\\e[2K\\e[31mforged"\n---\n',
            "roster.md": ROSTER,
        },
    )
    result = CliRunner().invoke(
        main, ["check", str(tmp_path), "--select", "R001", "--color", "always"]
    )
    assert result.exit_code == 1
    first = result.output.splitlines()[0]
    assert "'x\\x1b[2K\\x1b[31mforged' is not a person in the roster" in first
    # Every escape left is one of soclint's own styles.
    assert "\x1b" not in SGR.sub("", first)
    assert set(SGR.findall(first)) == {BOLD, RED, RESET}


def test_colour_wanted_without_an_option() -> None:
    assert colour_wanted("auto", {}, is_terminal=True)
    assert not colour_wanted("auto", {}, is_terminal=False)
    assert not colour_wanted("auto", {"TERM": "dumb"}, is_terminal=True)
    assert colour_wanted("auto", {"TERM": "dumb", "FORCE_COLOR": "1"}, is_terminal=False)
    assert not colour_wanted("auto", {"NO_COLOR": "1"}, is_terminal=True)
    assert colour_wanted("auto", {"NO_COLOR": ""}, is_terminal=True)


def test_quiet_prints_the_findings_alone(program: Path) -> None:
    status, output = check("-q")
    assert status == 1 and starts(output) == LINES
    assert check("--quiet")[1] == output
    annotations = check("--format", "github", "-q")[1].splitlines()
    assert [line.split(" ", 1)[0] for line in annotations] == ["::error", "::notice", "::warning"]
    assert check("--format", "github")[1].splitlines()[:-1] == annotations
    (program / "soclint.yaml").write_text(
        CONFIG.replace("select: [S008, L003, A011, A012]", "select: [K]")
    )
    assert check("-q") == (0, "")


def test_statistics_count_each_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_files(
        tmp_path,
        {
            "a.md": POLICY.replace("TODO", "TODO\n\nTODO\n\nTODO"),
            "b.md": POLICY.replace("POL-A", "POL-B"),
            "soclint.yaml": CONFIG,
        },
    )
    status, output = check("--statistics")
    assert status == 1
    assert output.splitlines() == [
        "4  L003  warning  placeholder-text",
        "2  S008  error    numeric-version",
        "1  A012  info     history-unavailable",
        "",
        "Checked 2 documents: 2 errors, 4 warnings, 1 info.",
    ]
    assert check("--statistics", "-q")[1].splitlines() == output.splitlines()[:3]
    coloured = check("--statistics", "--color", "always")[1].splitlines()
    assert coloured[0] == f"4  L003  {YELLOW}warning{RESET}  placeholder-text"
    assert coloured[1] == f"2  S008  {RED}error{RESET}    numeric-version"
    status, output = check("--statistics", "--format", "json")
    assert status == 1
    assert json.loads(output) == {
        "version": 1,
        "statistics": [
            {"code": "L003", "name": "placeholder-text", "severity": "warning", "count": 4},
            {"code": "S008", "name": "numeric-version", "severity": "error", "count": 2},
            {"code": "A012", "name": "history-unavailable", "severity": "info", "count": 1},
        ],
        "summary": {"documents": 2, "errors": 2, "warnings": 4, "infos": 1},
    }


def test_statistics_print_text_or_json_only(program: Path) -> None:
    result = CliRunner().invoke(main, ["check", "--statistics", "--format", "sarif"])
    assert result.exit_code == 2
    assert result.output == "soclint: error: --statistics prints text or json, not sarif\n"


def test_exit_zero_passes_findings_but_not_usage_errors(program: Path) -> None:
    status, output = check("--exit-zero")
    assert status == 0 and starts(output)[:3] == LINES
    assert check("--exit-zero", "--select", "nope")[0] == 2
    (program / "soclint.yaml").write_text("frobnicate: true\n")
    assert check("--exit-zero")[0] == 2


def test_version_has_a_short_option() -> None:
    short = CliRunner().invoke(main, ["-V"])
    assert short.exit_code == 0 and short.output.startswith("soclint, version ")
    assert CliRunner().invoke(main, ["--version"]).output == short.output


@pytest.mark.slow
def test_no_command_prints_the_help() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "soclint"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0 and result.stderr == ""
    assert result.stdout.startswith("Usage: ") and "\nCommands:\n" in result.stdout


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["check", "--bogus"], "No such option '--bogus'. Try 'python -m soclint check -h'"),
        (["chek"], "No such command 'chek'. Did you mean 'check'? Try 'python -m soclint -h'"),
        (["approve"], "Missing argument 'PATHS...'. Try 'python -m soclint approve -h'"),
        (["approve", "a.md"], "Missing option '--by'. Try 'python -m soclint approve -h'"),
        (["check", "--format", "xml"], "Invalid value for '--format': 'xml' is not one of "),
        (["check", "--color", "sometimes"], "Invalid value for '--color': 'sometimes' is not"),
        (["check", "nowhere"], "Invalid value for '[PATHS]...': Path 'nowhere' does not exist."),
        (["coverage", "--as-of", "2026-02-30"], "'2026-02-30' is not a date in the form"),
        (["rule"], "Missing argument 'CODE'. Try 'python -m soclint rule -h' for help."),
    ],
)
def test_a_usage_error_is_one_line_on_stderr(program: Path, args: list[str], message: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "soclint", *args],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "GITHUB_ACTIONS": "true"},
    )
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith("soclint: error: ") and result.stderr.count("\n") == 1
    assert message in result.stderr, result.stderr
    assert processed_commands(result.stderr) == []


# --config on every command that reads a program


def test_rules_and_rule_read_the_packs_of_the_config_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_files(tmp_path, {"other/pack.yaml": PACK, "other/extra.yaml": "packs: [pack.yaml]\n"})
    monkeypatch.chdir(tmp_path)
    config = str(tmp_path / "other" / "extra.yaml")
    assert "X001" not in CliRunner().invoke(main, ["rules"]).output
    listing = CliRunner().invoke(main, ["rules", "--config", config])
    assert listing.exit_code == 0
    assert "X001  owner-named" in listing.output
    explained = CliRunner().invoke(main, ["rule", "X001", "--config", config])
    assert explained.exit_code == 0 and explained.output.startswith("X001 owner-named (error)")
    assert CliRunner().invoke(main, ["rule", "X001"]).exit_code == 2


OWNED = (
    POLICY.replace("status: approved", "status: draft")
    .replace("version: 1.10\napproval: {by: daniel, date: 2026-01-05}", 'version: "1.0"')
    .replace("TODO", "# A")
)


def test_approve_and_review_are_judged_by_the_config_given(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {
            "program/roster.md": ROSTER,
            "program/a.md": OWNED,
            "program/soclint.yaml": "as_of: 2026-11-01\n",
            "relaxed.yaml": "separation_of_duties: false\n",
            "no-roster.yaml": "extend_exclude: [roster.md]\n",
        },
    )
    policy = str(tmp_path / "program" / "a.md")
    refused = CliRunner().invoke(main, ["approve", policy, "--by", "priya", "--date", "2026-10-01"])
    assert refused.exit_code == 2 and "separation of duties" in refused.output
    approved = CliRunner().invoke(
        main,
        [
            *("approve", policy, "--by", "priya", "--date", "2026-10-01"),
            *("--config", str(tmp_path / "relaxed.yaml")),
        ],
    )
    assert approved.exit_code == 0, approved.output
    approval = read_document(tmp_path / "program" / "a.md", "a.md").get("approval")
    assert approval["by"] == "priya" and approval["date"] == date(2026, 10, 1)
    reviewed = CliRunner().invoke(
        main,
        [
            *("review", policy, "--by", "daniel", "--date", "2026-10-20"),
            *("--config", str(tmp_path / "no-roster.yaml")),
        ],
    )
    assert reviewed.exit_code == 2
    assert "has no roster (type: roster) to check 'daniel' against" in reviewed.output
    reviewed = CliRunner().invoke(
        main, ["review", policy, "--by", "daniel", "--date", "2026-10-20"]
    )
    assert reviewed.exit_code == 0, reviewed.output


def test_coverage_reads_the_config_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_files(tmp_path, {"program/a.md": OWNED, "bad.yaml": "frobnicate: true\n"})
    result = CliRunner().invoke(
        main, ["coverage", "program", "--config", str(tmp_path / "bad.yaml")]
    )
    assert result.exit_code == 2
    assert "bad.yaml:1:1: unknown key 'frobnicate'" in result.output


# --show-files


def test_show_files_lists_what_is_read_and_why_the_rest_is_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outside = write_files(tmp_path / "elsewhere", {"secret.md": "# not the program's\n"})
    root = write_files(
        tmp_path / "program",
        {
            "soclint.yaml": "extend_exclude: [drafts/, '!drafts/keep.md']\n",
            "policies/a.md": OWNED,
            "policies/B.MD": OWNED,
            "policies/notes.markdown": "# notes\n",
            "policies/scan.pdf": "%PDF",
            "README.md": "# readme\n",
            "drafts/wip.md": "# wip\n",
            "drafts/keep.md": "# kept\n",
            ".github/PULL_REQUEST_TEMPLATE.md": "# template\n",
            "node_modules/pkg/README.md": "# pkg\n",
            "vendor-program/soclint.yaml": "",
            "vendor-program/x.md": OWNED,
        },
    )
    (root / "policies" / "leak.md").symlink_to(outside / "secret.md")
    (root / "policies" / "inside.md").symlink_to(root / "policies" / "a.md")
    (root / "linked").symlink_to(root / "policies", target_is_directory=True)
    monkeypatch.chdir(root / "policies")

    result = CliRunner().invoke(main, ["check", "--show-files"])

    assert result.exit_code == 0
    assert result.output.splitlines() == [
        "skipped ../.github/: a hidden folder",
        "skipped ../README.md: excluded by default ('README.*')",
        "read    ../drafts/keep.md",
        "skipped ../drafts/wip.md: excluded by 'drafts/'",
        "skipped ../linked/: a symbolic link to a folder, which soclint does not follow",
        "skipped ../node_modules/: a folder of tool files",
        "skipped B.MD: not matched by include ('**/*.md', '**/*.markdown'); patterns are "
        "case-sensitive and its name ends in .MD",
        "read    a.md",
        "read    inside.md",
        "skipped leak.md: a symbolic link that leads out of the repository",
        "read    notes.markdown",
        "skipped ../vendor-program/: another program: it holds its own soclint.yaml",
        "4 files read, 8 skipped.",
    ]
    only_here = CliRunner().invoke(main, ["check", "--show-files", "-q", "."])
    assert only_here.output.splitlines() == [
        line for line in result.output.splitlines()[:-1] if "../" not in line
    ]
    listed = json.loads(
        CliRunner().invoke(main, ["check", "--show-files", "--format", "json"]).output
    )
    assert listed["root"] == root.resolve().as_posix()
    assert listed["read"] == [
        "drafts/keep.md",
        "policies/a.md",
        "policies/inside.md",
        "policies/notes.markdown",
    ]
    reasons = {entry["path"]: entry["reason"] for entry in listed["skipped"]}
    assert reasons["policies/leak.md"] == "a symbolic link that leads out of the repository"
    assert reasons["vendor-program/"] == "another program: it holds its own soclint.yaml"
    assert reasons["linked/"] == "a symbolic link to a folder, which soclint does not follow"
    assert len(reasons) == 8


def test_show_files_checks_nothing_and_writes_no_report(program: Path) -> None:
    result = CliRunner().invoke(main, ["check", "--show-files", "--output", "sarif:x.sarif"])
    assert result.exit_code == 2
    assert result.output == (
        "soclint: error: --show-files checks nothing: it prints text or json and writes no report\n"
    )
    result = CliRunner().invoke(main, ["check", "--show-files"])
    assert result.exit_code == 0 and result.output == "read    a.md\n1 file read, 0 skipped.\n"


@pytest.mark.slow
def test_show_files_shows_hostile_names_as_escapes(tmp_path: Path) -> None:
    write_files(tmp_path, {"x\n::error::forged\x1b[2K.MD": "# x\n", "soclint.yaml": ""})
    result = subprocess.run(
        [sys.executable, "-m", "soclint", "check", "--show-files"],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
        env={**os.environ, "GITHUB_ACTIONS": "true"},
    )
    assert result.returncode == 0
    assert processed_commands(result.stdout) == []
    assert "skipped x\\n::error::forged\\x1b[2K.MD: not matched by include" in result.stdout
