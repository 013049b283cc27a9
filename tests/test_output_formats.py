"""The report formats: golden files, the SARIF schema, and text from a policy
repository that tries to break out of each format.

The golden files under tests/golden/ come from one small program whose pack
rules produce an error, a warning and a note, in a file named like a workflow
command and in a file whose name needs URI escaping. Regenerate them after an
intended change with SOCLINT_UPDATE_GOLDEN=1 and review the diff.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import quote
from xml.etree import ElementTree as ET

import pytest
from actions_runner import parse_command, processed_commands, runner_lines
from click.testing import CliRunner
from conftest import EXAMPLE, located, run, write_files

from soclint.cli import main
from soclint.finding import Finding, Severity
from soclint.output import FORMATS, renderer
from soclint.output.console import visible, visible_lines
from soclint.output.fingerprint import fingerprints
from soclint.output.github import command, log_line
from soclint.output.json import json_text
from soclint.output.sarif import message_text
from soclint.output.step_summary import MAX_BYTES
from soclint.output.step_summary import render as render_summary
from soclint.report import Report

GOLDEN = Path(__file__).parent / "golden"
SARIF_SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"
EXTENSIONS = {
    "text": "txt",
    "json": "json",
    "sarif": "sarif",
    "github": "github.txt",
    "junit": "junit.xml",
    "gitlab": "gitlab.json",
}
HOSTILE_NAME = "a,line=1::x.md"
HOSTILE_MESSAGE = (
    "needs a review cycle\n::warning file=evil.md,line=1::forged %0A 100% "
    "<script>alert(1)</script> | cell | [click](https://example.com) {0}\r\n"
    "##[set-output name=exit-code;]0\n::add-mask::Checked"
)
# A file whose name is a workflow command, for the formats that start a line with the path.
COMMAND_NAME = "::set-output name=exit-code::0.md"

PACK = """\
pack: golden
title: Rules for the report format tests
rules:
  - code: X001
    name: owner-named
    summary: A policy names its owner.
    severity: error
    description: A policy must say who owns it.
    match: {required: [type], properties: {type: {const: policy}}}
    assert: {required: [owner]}
    message: the policy names no owner
  - code: X002
    name: review-cycle-named
    summary: A policy says how often it is reviewed.
    severity: error
    description: A policy must give its review cycle.
    match: {required: [type], properties: {type: {const: policy}}}
    assert: {required: [review]}
    message: HOSTILE
  - code: X003
    name: short-title
    summary: A policy's title is short.
    severity: error
    description: Titles stay under 30 characters.
    match: {required: [type], properties: {type: {const: policy}}}
    assert: {properties: {title: {maxLength: 30}}}
    message: the title is long
""".replace("HOSTILE", json.dumps(HOSTILE_MESSAGE))

FILES: dict[str, str | bytes] = {
    # C001: no system description, a finding about the program with no file to point at.
    "soclint.yaml": (
        "as_of: 2026-11-01\npacks: [pack.yaml]\nselect: [X, C001]\n"
        "severity: {X002: warning, X003: info}\n"
    ),
    "pack.yaml": PACK,
    "policies/access control #1.md": (
        "---\ntype: policy\nid: POL-A\n"
        "title: Access control policy for every system we run\nreview: {cycle: annual}\n---\n"
    ),
    HOSTILE_NAME: "---\ntype: policy\nid: POL-B\ntitle: Short\nowner: jdoe\n---\n",
    "policies/clean.md": (
        "---\ntype: policy\nid: POL-C\ntitle: Clean\nowner: jdoe\nreview: {cycle: annual}\n---\n"
    ),
}


@pytest.fixture
def program(tmp_path: Path) -> Path:
    return write_files(tmp_path / "program", FILES)


@pytest.fixture
def report(program: Path) -> Report:
    return run(program)


def test_the_golden_program_has_an_error_a_warning_a_note_and_one_without_a_file(
    report: Report,
) -> None:
    assert [(f.code, f.severity.value, f.path, f.line) for f in report.findings] == [
        ("X002", "warning", HOSTILE_NAME, 1),
        ("X001", "error", "policies/access control #1.md", 1),
        ("X003", "info", "policies/access control #1.md", 4),
        ("C001", "error", None, None),
    ]
    assert report.findings[0].message.startswith(HOSTILE_MESSAGE)


@pytest.mark.parametrize("name", FORMATS)
def test_format_matches_its_golden_file(name: str, report: Report) -> None:
    golden = GOLDEN / f"report.{EXTENSIONS[name]}"
    # The JSON names the program's folder, which is made anew for each run.
    rendered = renderer(name)(report).replace(str(report.root), "/PROGRAM")
    if os.environ.get("SOCLINT_UPDATE_GOLDEN"):
        golden.write_bytes(rendered.encode())
    assert rendered == golden.read_bytes().decode()


def test_step_summary_matches_its_golden_file(report: Report) -> None:
    golden = GOLDEN / "summary.md"
    rendered = render_summary(report)
    if os.environ.get("SOCLINT_UPDATE_GOLDEN"):
        golden.write_bytes(rendered.encode())
    assert rendered == golden.read_bytes().decode()


# SARIF


def _sarif_validator():  # type: ignore[no-untyped-def]
    from jsonschema import Draft4Validator, FormatChecker

    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    # Every format jsonschema knows, so `uri` and `uri-reference` are checked too.
    return Draft4Validator(schema, format_checker=FormatChecker())


def _schema_errors(log: object) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in _sarif_validator().iter_errors(log)]


def test_the_format_checker_rejects_a_bad_uri() -> None:
    pytest.importorskip("rfc3986_validator")
    log = json.loads(renderer("sarif")(run(EXAMPLE)))
    log["$schema"] = "not a uri"
    assert _schema_errors(log)


def test_sarif_with_findings_is_valid(report: Report) -> None:
    log = json.loads(renderer("sarif")(report))
    assert _schema_errors(log) == []
    results = log["runs"][0]["results"]
    assert [r["level"] for r in results] == ["warning", "error", "note", "error"]
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results[:3]]
    assert uris[1] == "policies/access%20control%20%231.md"
    # About the program as a whole: GitHub code scanning refuses a whole upload for one
    # result without a location, so it sits at the top of the program's soclint.yaml.
    assert results[3]["ruleId"] == "C001"
    assert results[3]["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "soclint.yaml", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 1, "startColumn": 1},
    }
    assert results[3]["properties"] == {"soclint/program": True}


def test_sarif_puts_program_findings_at_the_first_document_without_soclint_yaml(
    program: Path,
) -> None:
    (program / "soclint.yaml").unlink()
    results = json.loads(renderer("sarif")(run(program, select=["C001"])))["runs"][0]["results"]
    assert [r["ruleId"] for r in results] == ["C001"]
    uri = results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    first_document = min(path for path in FILES if path.endswith(".md"))
    assert uri == quote(first_document, safe="/")


def test_sarif_of_a_program_with_no_file_has_a_result_without_location(tmp_path: Path) -> None:
    results = json.loads(renderer("sarif")(run(tmp_path, select=["C001"])))["runs"][0]["results"]
    assert [r["ruleId"] for r in results] == ["C001"]
    assert "locations" not in results[0]


def test_sarif_from_builtin_rules_is_valid(tmp_path: Path) -> None:
    root = write_files(
        tmp_path,
        {
            "policies/a.md": "---\ntype: polcy\nid: A\n---\n",
            "policies/b.md": "# no front-matter\n",
            "policies/c.md": "---\ntype: policy\nid: C\ntitle: C\n---\n",
        },
    )
    report = run(root)
    log = json.loads(renderer("sarif")(report))
    assert _schema_errors(log) == []
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == sorted({f.code for f in report.findings})
    for rule in rules:
        assert {"id", "name", "shortDescription", "fullDescription", "help"} <= rule.keys()
        assert rule["help"]["markdown"].startswith("## What it checks")
        assert "##" not in rule["fullDescription"]["text"]
    for result in log["runs"][0]["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]


def test_sarif_of_a_clean_run_is_valid() -> None:
    log = json.loads(renderer("sarif")(run(EXAMPLE)))
    assert _schema_errors(log) == []
    assert log["runs"][0]["results"] == []


def test_pack_rule_help_is_plain_text_only(report: Report) -> None:
    rules = json.loads(renderer("sarif")(report))["runs"][0]["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules if "markdown" not in rule["help"]] == [
        "X001",
        "X002",
        "X003",
    ]


def test_sarif_messages_cannot_form_links_or_placeholders() -> None:
    assert message_text("risks[3].due: past due") == "risks[3].due: past due"
    assert message_text("'{{company}}' left in") == "'{{{{company}}}}' left in"
    assert message_text(r"see [here](1) or C:\x") == r"see \[here\](1) or C:\\x"


# Fingerprints


def test_fingerprints_ignore_line_shifts_and_day_counts() -> None:
    def finding(line: int, message: str, key_path: tuple[str | int, ...] = ("review",)) -> Finding:
        return Finding(
            "A001", "review-overdue", Severity.ERROR, "p.md", line, 1, message, "P", key_path
        )

    before = finding(5, "review.last: the review fell due 10 days ago")
    moved = finding(9, "review.last: the review fell due 11 days ago")
    other_key = finding(5, "review.last: the review fell due 10 days ago", ("approval",))
    [a], [b], [c] = (fingerprints([f], ["p.md"]) for f in (before, moved, other_key))
    assert a == b
    assert a != c
    twins = fingerprints([before, before], ["p.md", "p.md"])
    assert twins[0] != twins[1]


def test_fingerprints_are_stable_across_runs(program: Path) -> None:
    first = json.loads(renderer("gitlab")(run(program)))
    second = json.loads(renderer("gitlab")(run(program)))
    prints = [issue["fingerprint"] for issue in first]
    assert prints == [issue["fingerprint"] for issue in second]
    assert len(set(prints)) == len(prints)


# GitHub workflow commands


def test_hostile_names_and_messages_read_back_unchanged(report: Report) -> None:
    output = renderer("github")(report)
    lines = [line for line in runner_lines(output) if line]
    commands = [parse_command(line) for line in lines]
    assert [c.name if c else None for c in commands] == [
        "warning",
        "error",
        "notice",
        "error",
        None,
    ]
    hostile = commands[0]
    assert hostile is not None
    assert hostile.properties == {"file": HOSTILE_NAME, "line": "1", "col": "1", "title": "X002"}
    assert hostile.data == report.findings[0].message
    spaced = commands[1]
    assert spaced is not None
    assert spaced.properties["file"] == "policies/access control #1.md"
    # About the program as a whole: an annotation with no file.
    program_wide = commands[3]
    assert program_wide is not None and program_wide.properties == {"title": "C001"}
    # The plain summary line is printed as a log line, not read as a command.
    assert lines[-1] == "Checked 3 documents: 2 errors, 1 warning, 1 info."


def test_any_text_round_trips_through_a_command() -> None:
    pieces = ["%", "%0A", "%25", "\r", "\n", "\r\n", ":", "::", ",", "=", " ", "a", "é", "##[x]"]
    generator = random.Random(6)
    for _ in range(500):
        file = "".join(generator.choices(pieces, k=generator.randint(1, 12))).strip() or "f"
        message = "".join(generator.choices(pieces, k=generator.randint(0, 12)))
        line = command("error", {"file": file, "line": "3", "title": "S001"}, message)
        [only] = runner_lines(line)
        parsed = parse_command(only)
        assert parsed is not None
        assert parsed.properties == {"file": file, "line": "3", "title": "S001"}
        assert parsed.data == message


@pytest.mark.parametrize("name", FORMATS)
def test_console_output_gives_the_runner_no_command_of_its_own(name: str, tmp_path: Path) -> None:
    root = write_files(
        tmp_path / "program",
        {**FILES, COMMAND_NAME: "---\ntype: policy\nid: POL-D\ntitle: D\nowner: x\n---\n"},
    )
    env = {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": ""}
    result = CliRunner(env=env).invoke(main, ["check", str(root), "--format", name])
    assert result.exit_code == 1, result.output
    acted = processed_commands(result.output)
    if name == "github":
        assert [(c.name, c.properties.get("file")) for c in acted] == [
            ("warning", COMMAND_NAME),
            ("warning", HOSTILE_NAME),
            ("error", "policies/access control #1.md"),
            ("notice", "policies/access control #1.md"),
            ("error", None),
        ]
    else:
        assert acted == []
    if name in ("json", "gitlab"):
        assert "##[set-output" in json.dumps(json.loads(result.output), ensure_ascii=False)
    if name == "sarif":
        assert _schema_errors(json.loads(result.output)) == []
    if name == "junit":
        ET.fromstring(result.output.encode())


def test_text_is_left_alone_outside_github_actions(
    program: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(program)
    result = CliRunner(env={"GITHUB_ACTIONS": ""}).invoke(main, ["check"])
    assert result.stdout_bytes.decode() == renderer("text")(run(program))


# JUnit, GitLab and the step summary


def test_junit_is_well_formed_with_hostile_text(report: Report) -> None:
    root = ET.fromstring(renderer("junit")(report).encode())
    failures = root.findall("./testsuite/testcase/failure")
    assert [f.get("type") for f in failures] == ["warning", "error", "info", "error"]
    assert failures[0].get("message") == report.findings[0].message.replace("\r\n", "\n")
    assert root.get("tests") == "4" and root.get("failures") == "4"
    # About the program as a whole: no file, in soclint's own suite.
    program_wide = root.find("./testsuite[@name='soclint']/testcase")
    assert program_wide is not None and program_wide.get("name") == "C001"


def test_junit_replaces_characters_xml_cannot_hold() -> None:
    finding = Finding("S001", "x", Severity.ERROR, "a\x01.md", 1, 1, "bad \x00 byte \udcff")
    root = ET.fromstring(renderer("junit")(Report([finding], 1)).encode())
    failure = root.find("./testsuite/testcase/failure")
    assert failure is not None
    assert failure.get("message") == "bad \ufffd byte \ufffd"


def test_junit_of_a_clean_run_has_one_passing_case() -> None:
    root = ET.fromstring(renderer("junit")(run(EXAMPLE)).encode())
    assert root.get("failures") == "0"
    assert len(root.findall("./testsuite/testcase")) == 1


def test_gitlab_code_quality_fields(report: Report) -> None:
    issues = json.loads(renderer("gitlab")(report))
    assert [(i["check_name"], i["severity"], i["location"]) for i in issues] == [
        ("X002", "minor", {"path": HOSTILE_NAME, "lines": {"begin": 1}}),
        ("X001", "major", {"path": "policies/access control #1.md", "lines": {"begin": 1}}),
        ("X003", "info", {"path": "policies/access control #1.md", "lines": {"begin": 4}}),
        # About the program as a whole: at the program's folder, the repository root here.
        ("C001", "major", {"path": ".", "lines": {"begin": 1}}),
    ]
    assert all(i["description"].startswith(i["check_name"] + " ") for i in issues)


def test_step_summary_escapes_markup(report: Report) -> None:
    text = render_summary(report)
    assert "<script>" not in text
    assert "&lt;script&gt;" in text
    table = text[text.index("<table>") : text.index("</table>")]
    assert "\n\n" not in table  # a blank line would end the HTML block
    assert table.count("<tr>") == 5


def test_step_summary_stays_under_its_cap() -> None:
    long = "x" * 2000
    findings = [
        Finding("S001", "x", Severity.ERROR, f"policies/p{n}.md", n, 1, long) for n in range(3000)
    ]
    text = render_summary(Report(findings, 3000))
    assert len(text.encode()) <= MAX_BYTES
    shown = text.count("<tr>") - 1
    assert 0 < shown < 3000
    assert f"{3000 - shown} more findings are not shown here" in text


# Paths relative to the git work tree


def test_ci_formats_put_the_program_folder_before_paths(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    program = write_files(tmp_path / "compliance", FILES)
    report = run(program)
    github = [parse_command(line) for line in renderer("github")(report).splitlines()]
    assert github[0] is not None
    assert github[0].properties["file"] == f"compliance/{HOSTILE_NAME}"
    sarif = json.loads(renderer("sarif")(report))["runs"][0]["results"][0]
    assert sarif["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == (
        "compliance/a%2Cline%3D1%3A%3Ax.md"
    )
    assert json.loads(renderer("gitlab")(report))[0]["location"]["path"] == (
        f"compliance/{HOSTILE_NAME}"
    )
    # text and json keep paths relative to the program.
    assert json.loads(renderer("json")(report))["findings"][0]["path"] == HOSTILE_NAME


# The command line


def test_output_files_next_to_the_console_format(
    program: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sarif, junit = tmp_path / "out.sarif", tmp_path / "out.xml"
    monkeypatch.chdir(program)
    result = CliRunner().invoke(
        main, ["check", "--output", f"sarif:{sarif}", "--output", f"junit:{junit}"]
    )
    assert result.exit_code == 1
    assert result.output.startswith(f"{HOSTILE_NAME}:1:1: warning: X002 ")
    report = run(program)
    assert sarif.read_bytes().decode() == renderer("sarif")(report)
    assert junit.read_bytes().decode() == renderer("junit")(report)


def test_bad_output_options_are_usage_errors(program: Path, tmp_path: Path) -> None:
    for value in ("sarif", "yaml:x.yaml", "sarif:"):
        result = CliRunner().invoke(main, ["check", str(program), "--output", value])
        assert result.exit_code == 2, value
        assert "FORMAT:FILE" in result.output
    missing = tmp_path / "no" / "such" / "folder" / "x.sarif"
    result = CliRunner().invoke(main, ["check", str(program), "--output", f"sarif:{missing}"])
    assert result.exit_code == 2
    assert result.output.startswith("soclint: error: cannot write the report")


@pytest.mark.parametrize(
    ("fail_on", "exit_code"), [("error", 1), ("warning", 1), ("never", 0), (None, 1)]
)
def test_fail_on(program: Path, fail_on: str | None, exit_code: int) -> None:
    options = ["--fail-on", fail_on] if fail_on else []
    result = CliRunner().invoke(main, ["check", str(program), "--select", "X002,X003", *options])
    expected = {"error": 0, "warning": 1, "never": 0, None: 0}[fail_on]
    assert result.exit_code == expected
    result = CliRunner().invoke(main, ["check", str(program), *options])
    assert result.exit_code == exit_code


def test_github_format_appends_the_step_summary(program: Path, tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    env = {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)}
    result = CliRunner(env=env).invoke(main, ["check", str(program), "--format", "github"])
    assert result.exit_code == 1
    assert summary.read_text(encoding="utf-8") == "earlier step\n" + render_summary(run(program))
    CliRunner(env=env).invoke(main, ["check", str(program), "--format", "json"])
    assert summary.read_text(encoding="utf-8").count("## soclint") == 1


# Console text: what a terminal or a CI log shows


def test_visible_writes_every_control_character_as_an_escape() -> None:
    assert visible("plain é text, C:\\x and ##[x]") == "plain é text, C:\\x and ##[x]"
    assert visible("a\rb\nc\td\x1b[2K\x00") == "a\\rb\\nc\\td\\x1b[2K\\x00"
    assert visible("\x7f\x85\x9b\u2028\u2029\u202e\u2066\udcff") == (
        "\\x7f\\x85\\x9b\\u2028\\u2029\\u202e\\u2066\\udcff"
    )
    assert visible_lines("## Heading\nline\r\x1b[1A") == "## Heading\nline\\r\\x1b[1A"


def test_a_log_line_is_one_line_the_runner_acts_on_nothing_in() -> None:
    pieces = ["::", "##[", "add-mask]", "error::", "\n", "\r", "\r\n", "\x1b", " ", "%0A", "a"]
    generator = random.Random(5)
    for _ in range(500):
        text = "".join(generator.choices(pieces, k=generator.randint(1, 12)))
        line = log_line(text)
        assert runner_lines(line) == [line], repr(text)
        assert processed_commands(line) == [], repr(text)
    assert log_line("::error::x ##[add-mask]y") == ":\\x3aerror::x #\\x23[add-mask]y"


LINE_FORGING = {
    "roster.md": (
        "---\ntype: roster\nid: roster\ntitle: People\npeople:\n"
        "  - {id: priya, name: Priya, email: p@x.example, roles: [security-lead]}\n"
        "authority:\n  approve-policy: [security-lead]\n---\n"
    ),
    "a.md": (
        "---\ntype: standard\nid: STD-A\ntitle: T\n"
        'owner: "nobody\\r\\e[2K\\e[1A\\e[2Kpolicies/fake.md:9:9: Z999 forged\\nsecond line"\n'
        'soclint: {"wa\\nive": 1}\n---\n'
    ),
    "b.md": (
        "---\ntype: !<%0Apolicies/fake.md:1:1:%20S001%20forged%20finding%0A> standard\n"
        "id: B\ntitle: T\n---\n"
    ),
}


def test_text_output_cannot_forge_or_erase_a_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_files(tmp_path, LINE_FORGING)
    monkeypatch.chdir(root)
    assert located(run(root, select=["R001", "S002", "V002"])) == [
        ("R001", "a.md", 5),
        ("V002", "a.md", 6),
        ("S002", "b.md", 2),
    ]
    result = CliRunner().invoke(main, ["check", str(root), "--select", "R001,S002,V002"])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "a.md:5:1: error: R001 owner: 'nobody\\r\\x1b[2K\\x1b[1A\\x1b[2Kpolicies/fake.md:9:9: Z999 "
        "forged\\nsecond line' is not a person in the roster",
        "a.md:6:11: error: V002 soclint: unknown key 'wa\\nive' (did you mean 'waive'?)",
        "b.md:2:7: error: S002 the tag \\npolicies/fake.md:1:1: S001 forged finding\\n is not "
        "supported; remove it",
        "",
        "Checked 3 documents: 3 errors.",
    ]


def test_a_file_name_cannot_forge_a_line(tmp_path: Path) -> None:
    name = "x\r\x1b[2Kpolicies/fake.md:1:1: S001 forged\n.md"
    root = write_files(tmp_path, {name: "# no front-matter\n"})
    output = renderer("text")(run(root, select=["S001"]))
    assert output.splitlines()[0] == (
        "x\\r\\x1b[2Kpolicies/fake.md:1:1: S001 forged\\n.md:1:1: error: S001 "
        + run(root, select=["S001"]).findings[0].message
    )
    assert len(output.splitlines()) == 3


# Every channel carries hostile text as data


def test_json_escapes_what_a_console_would_act_on_and_parses_the_same() -> None:
    value = {"m": "a\x9b2K \u2028 \u202e ##[add-mask]x \x1b \udcff é"}
    text = json_text(value)
    assert not re.search("[\x1b\x9b\u2028\u202e\udcff]", text)
    assert "#\\u0023[add-mask]" in text and "é" in text
    assert json.loads(text) == value
    assert processed_commands(text) == []


def test_junit_writes_what_a_console_would_act_on_as_references() -> None:
    message = "C1 \x9b2K, a separator \u2028, an override \u202e ##[add-mask]x"
    finding = Finding("S001", "x", Severity.ERROR, "a.md", 1, 1, message)
    text = renderer("junit")(Report([finding], 1))
    assert not re.search("[\x9b\u2028\u202e]", text)
    assert processed_commands(text) == []
    failure = ET.fromstring(text.encode()).find("./testsuite/testcase/failure")
    assert failure is not None and failure.get("message") == message


@pytest.mark.parametrize("name", FORMATS)
def test_every_format_prints_only_encodable_text(name: str) -> None:
    finding = Finding("S001", "x", Severity.ERROR, "a\udcff.md", 1, 1, "bad \udcfe name")
    rendered = renderer(name)(Report([finding], 1))
    rendered.encode("utf-8")


def test_output_files_from_before_the_run_are_removed_when_it_stops(
    program: Path, tmp_path: Path
) -> None:
    sarif, junit = tmp_path / "out.sarif", tmp_path / "out.xml"
    sarif.write_text('{"runs": []}\n', encoding="utf-8")
    junit.write_text("<testsuites/>\n", encoding="utf-8")
    (program / "soclint.yaml").write_text("warn_days: soon\n", encoding="utf-8")
    result = CliRunner().invoke(
        main, ["check", str(program), "--output", f"sarif:{sarif}", "--output", f"junit:{junit}"]
    )
    assert result.exit_code == 2
    assert not sarif.exists() and not junit.exists()
    in_the_way = tmp_path / "folder.sarif"
    in_the_way.mkdir()
    result = CliRunner().invoke(main, ["check", str(program), "--output", f"sarif:{in_the_way}"])
    assert result.exit_code == 2
    assert result.output.startswith("soclint: error: cannot replace the report ")


# Coverage and the rule listing


def _program_with_a_hostile_path(tmp_path: Path) -> Path:
    """The example with one policy that has no id in a file whose name holds commands."""
    root = tmp_path / "program"
    shutil.copytree(EXAMPLE, root)
    policy = root / "policies" / "access-control.md"
    text = policy.read_text(encoding="utf-8").replace("id: POL-ACCESS-CONTROL\n", "", 1)
    policy.unlink()
    hostile = "x\n::error file=README.md,line=1::forged by a file name\n##[add-mask]Kestrel.md"
    (root / "policies" / hostile).write_text(text, encoding="utf-8")
    return root


@pytest.mark.parametrize("output_format", ["text", "json", "md"])
def test_coverage_gives_the_runner_no_command(tmp_path: Path, output_format: str) -> None:
    root = _program_with_a_hostile_path(tmp_path)
    result = CliRunner(env={"GITHUB_ACTIONS": "true"}).invoke(
        main, ["coverage", str(root), "--format", output_format]
    )
    assert result.exit_code == 0, result.output
    assert "forged by a file name" in result.output
    assert processed_commands(result.output) == []


def test_coverage_text_keeps_one_criterion_a_line(tmp_path: Path) -> None:
    root = _program_with_a_hostile_path(tmp_path)
    result = CliRunner().invoke(main, ["coverage", str(root)])
    assert result.exit_code == 0
    rows = [line for line in result.output.splitlines() if "forged by a file name" in line]
    assert len(rows) > 1
    for row in rows:
        assert row.startswith("CC") and "covered" in row
        assert "policies/x\\n::error file=README.md,line=1::forged by a file name\\n##[" in row


# The golden pack, with texts in its first rule that hold commands and escapes.
HOSTILE_PACK = PACK.replace(
    "summary: A policy names its owner.",
    'summary: "Names an owner.\\n::error file=a.md,line=1::forged\\r\\e[2K##[add-mask]x"',
).replace(
    "description: A policy must say who owns it.",
    'description: "What it checks.\\n::warning::forged\\n##[add-mask]Names \\e[31mred"',
)


@pytest.mark.parametrize("actions", ["true", ""], ids=["actions", "terminal"])
def test_pack_rules_are_listed_and_explained_as_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, actions: str
) -> None:
    write_files(tmp_path, {"soclint.yaml": "packs: [pack.yaml]\n", "pack.yaml": HOSTILE_PACK})
    monkeypatch.chdir(tmp_path)
    runner = CliRunner(env={"GITHUB_ACTIONS": actions})
    listing = runner.invoke(main, ["rules"])
    explained = runner.invoke(main, ["rule", "X001"])
    as_json = runner.invoke(main, ["rules", "--format", "json"])
    for result in (listing, explained, as_json):
        assert result.exit_code == 0, result.output
        assert "\x1b" not in result.output and "\r" not in result.output
        if actions:
            assert processed_commands(result.output) == []
    [row] = [line for line in listing.output.splitlines() if line.startswith("X001")]
    assert row.endswith(
        "Names an owner.\\n::error file=a.md,line=1::forged\\r\\x1b[2K##[add-mask]x"
    )
    assert "What it checks.\n::warning::forged\n##[add-mask]Names \\x1b[31mred" in explained.output
    [entry] = [rule for rule in json.loads(as_json.output) if rule["code"] == "X001"]
    assert entry["summary"].startswith("Names an owner.\n::error")


def test_step_summary_shows_control_characters_as_escapes() -> None:
    finding = Finding("S001", "x", Severity.ERROR, "a\x1b[2K.md", 1, 1, "erase\x1b[2K\x9b1A")
    text = render_summary(Report([finding], 1))
    assert "\x1b" not in text and "\x9b" not in text
    assert "<code>a\\x1b[2K.md:1:1</code>" in text
    assert "<td>erase\\x1b[2K\\x9b1A</td>" in text


@pytest.mark.parametrize("name", FORMATS)
def test_no_format_names_a_configuration_file_that_does_not_exist(
    name: str, tmp_path: Path
) -> None:
    # No soclint.yaml, no system description, no activity log, no git: C001 and O008 have
    # no document to point at, P002 and A012 have one.
    root = tmp_path / "program"
    shutil.copytree(EXAMPLE, root)
    for gone in ("soclint.yaml", "system-description.md", "registers/activities.md"):
        (root / gone).unlink()
    (root / "policies" / "incident-response.md").unlink()
    policy = root / "policies" / "access-control.md"
    policy.write_text(re.sub(r"  digest: .*\n", "", policy.read_text()))
    report = run(root, select=["C001", "O008", "P002", "A011", "A012"])
    assert {(f.code, f.path) for f in report.findings} == {
        ("C001", None),
        ("O008", None),
        ("P002", None),
        ("A012", "policies/access-control.md"),
    }
    rendered = renderer(name)(report) + render_summary(report)
    assert "soclint.yaml" not in rendered
