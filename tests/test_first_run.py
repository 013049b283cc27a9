"""A first run on a repository not yet in soclint's format: one finding that says how to
start, hints that say how to fix front-matter soclint does not read, and a single id
read where a list of ids is expected."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLE, located, run, write_files
from corpora import SHARED_CORPORA

from soclint.cli import main
from soclint.digest import digest_of
from soclint.document import document_from_text
from soclint.one_item_lists import list_keys

PROSE = "# Access Control Policy\n\nAccess is granted on least privilege.\n"


def check_json(root: Path, *options: str) -> tuple[int, list[dict[str, object]]]:
    result = CliRunner().invoke(main, ["check", str(root), "--format", "json", *options])
    assert "Traceback" not in result.output
    return result.exit_code, json.loads(result.output)["findings"]


@pytest.mark.parametrize(
    "corpus", ["comply/themes/comply-soc2", "comply/example", "2lines"], ids=str
)
def test_a_repository_of_policies_in_another_format_gets_one_finding(
    tmp_path: Path, corpus: str
) -> None:
    if not (SHARED_CORPORA / corpus).is_dir():
        pytest.skip("the corpora of real policy repositories are not on this machine")
    root = tmp_path / "repo"
    shutil.copytree(SHARED_CORPORA / corpus, root)

    status, findings = check_json(root)

    assert status == 1
    assert [(f["code"], f["path"], f["line"]) for f in findings] == [("S011", None, None)]
    message = str(findings[0]["message"])
    assert "soclint adopt" in message and "soclint init" in message
    assert "Markdown files read" in message


def test_text_output_of_a_first_run_is_one_finding(tmp_path: Path) -> None:
    write_files(tmp_path, {"policies/access.md": PROSE, "README.md": "# Policies\n"})

    result = CliRunner().invoke(main, ["check", str(tmp_path)])

    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 2, result.output  # the finding and the summary
    assert lines[0].startswith("error: S011 no soclint document: none of the 1 Markdown file read")


def test_an_empty_folder_gets_one_finding(tmp_path: Path) -> None:
    status, findings = check_json(tmp_path)

    assert status == 1
    assert [f["code"] for f in findings] == ["S011"]
    assert "there is no Markdown file to read" in str(findings[0]["message"])


def test_the_first_run_finding_names_the_include_patterns_that_select_nothing(
    tmp_path: Path,
) -> None:
    write_files(tmp_path, {"soclint.yaml": "include: [polices/**/*.md]\n", "policies/a.md": PROSE})

    (finding,) = run(tmp_path).findings

    assert finding.code == "S011"
    assert "(soclint.yaml: include 'polices/**/*.md' selects no file)" in finding.message


MUST_RUN_EVERY_RULE = {
    # One document soclint reads: the program is checked in full.
    "a soclint document": "---\ntype: policy\nid: POL-A\ntitle: A\n---\n",
    # One it cannot parse: the parse error, not a first run.
    "broken YAML": "---\ntype: policy\nid: [POL-A\n---\n",
    # Keys in the wrong letter case: the hint, not a first run.
    "Type for type": "---\nType: policy\nid: POL-A\n---\n",
    # A type in the wrong letter case, or misspelt: the hint, not a first run.
    "Policy for policy": "---\ntype: Policy\nid: POL-A\n---\n",
    "polcy for policy": "---\ntype: polcy\nid: POL-A\n---\n",
    # Front-matter after a blank line: the hint, not a first run.
    "a blank first line": "\n---\ntype: policy\nid: POL-A\n---\n",
    # A file that cannot be read at all may be a document.
    "binary": b"\x00\x01",
}


@pytest.mark.parametrize("content", MUST_RUN_EVERY_RULE.values(), ids=MUST_RUN_EVERY_RULE)
def test_a_program_with_a_document_soclint_reads_or_means_gets_every_rule(
    tmp_path: Path, content: str | bytes
) -> None:
    write_files(tmp_path, {"policies/a.md": content, "notes.md": PROSE})

    codes = {code for code, _path, _line in located(run(tmp_path))}

    assert "S011" not in codes
    assert {"P002", "C001", "S001"} <= codes


@pytest.mark.parametrize("site_type", ["docs", "post", "policies"])
def test_a_site_page_with_a_type_of_its_own_is_no_soclint_document(
    tmp_path: Path, site_type: str
) -> None:
    write_files(tmp_path, {"policies/a.md": f"---\ntitle: A\ntype: {site_type}\n---\n"})

    assert [code for code, _path, _line in located(run(tmp_path))] == ["S011"]


def test_with_the_first_run_finding_turned_off_every_rule_runs(tmp_path: Path) -> None:
    write_files(tmp_path, {"soclint.yaml": "ignore: [S011]\n", "policies/a.md": PROSE})

    codes = [code for code, _path, _line in located(run(tmp_path))]

    assert "S001" in codes and codes.count("P002") == 15 and "C001" in codes


def test_the_example_program_is_no_first_run(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLE, tmp_path / "example")

    assert located(run(tmp_path / "example")) == []


HINTS = {
    "comply.md": (
        "name: Access Policy\nacronym: AP\nsatisfies:\n  TSC: [CC6.1]\n---\n# Purpose\n",
        "S001",
        1,
        "looks like comply's format, YAML and then a line '---' (line 5)",
    ),
    "blank.md": (
        "\n\n---\ntype: policy\nid: POL-B\n---\n",
        "S001",
        3,
        "must be the first line of the file; remove 2 blank lines before line 3",
    ),
    "dots.md": (
        "---\ntype: policy\nid: POL-D\n...\n# Dots\n\ntext\n---\nmore\n",
        "S001",
        4,
        "closed at line 4 with '...', YAML's end-of-document marker",
    ),
    "type.md": ("---\nid: POL-T\nTYPE: policy\n---\n", "S007", 3, "keys are case-sensitive"),
}


@pytest.mark.parametrize("name", HINTS)
def test_front_matter_soclint_does_not_read_is_reported_with_how_to_fix_it(
    tmp_path: Path, name: str
) -> None:
    content, code, line, hint = HINTS[name]
    write_files(tmp_path, {name: content, "ok.md": "---\ntype: standard\nid: STD-OK\n---\n"})

    report = run(tmp_path, select=["S"])

    assert located(report) == [(code, name, line)]
    assert hint in report.findings[0].message


def test_front_matter_closed_by_dots_then_the_fence_is_read(tmp_path: Path) -> None:
    # YAML ends at `...`; the fence after it closes the front-matter as usual.
    write_files(tmp_path, {"a.md": "---\ntype: standard\nid: STD-A\ntitle: A\n...\n---\n"})

    assert located(run(tmp_path, select=["S"])) == []


def test_a_key_in_another_letter_case_is_named_as_such(tmp_path: Path) -> None:
    write_files(tmp_path, {"a.md": "---\ntype: standard\nid: STD-A\nTitle: A\n---\n"})

    report = run(tmp_path, select=["V002"])

    assert located(report) == [("V002", "a.md", 4)]
    assert "unknown key 'Title' (letter case counts: did you mean 'title'?)" in str(
        report.findings[0].message
    )


def test_the_lists_of_ids_come_from_the_schemas() -> None:
    assert list_keys("policy") == (("controls",), ("applies_to",))
    assert ("activities", "*", "evidence") in list_keys("activity-log")
    assert ("people", "*", "roles") in list_keys("roster")
    assert ("evidence", "*", "controls") in list_keys("evidence-register")
    assert list_keys("vendor-register") == ()  # services and data take a string already


def test_a_single_id_and_its_one_item_list_have_one_digest() -> None:
    front = "---\ntype: policy\nid: POL-A\ntitle: A\ncontrols: {}\n---\nBody.\n"
    single = document_from_text(front.replace("{}", "CC6.1"), "a.md")
    listed = document_from_text(front.replace("{}", "[CC6.1]"), "a.md")
    other = document_from_text(front.replace("{}", "[CC6.2]"), "a.md")

    assert single.get("controls") == ["CC6.1"]
    assert digest_of(single) == digest_of(listed) != digest_of(other)


@pytest.mark.parametrize(("role", "expected"), [("cto", []), ("sre", [("A003", "a.md", 9)])])
def test_a_single_role_gives_the_authority_of_that_role(
    tmp_path: Path, role: str, expected: list[tuple[str, str, int]]
) -> None:
    roster = (
        "---\ntype: roster\nid: roster\ntitle: People\npeople:\n"
        f"  - {{id: daniel, name: Daniel, roles: {role}}}\n"
        "  - {id: priya, name: Priya, roles: [security-lead]}\n"
        "authority:\n  approve-policy: cto\n---\n"
    )
    policy = (
        "---\ntype: policy\nid: POL-A\ntitle: A\nkind: access-control\nowner: priya\n"
        'status: approved\nversion: "1.0"\napproval: {by: daniel, date: 2026-01-10}\n'
        "review: {cycle: annual}\n---\n"
    )
    write_files(tmp_path, {"roster.md": roster, "a.md": policy})

    assert located(run(tmp_path, select=["V", "A003"])) == expected
