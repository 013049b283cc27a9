"""CODEOWNERS agrees with the roster: the owners of each policy may approve policies."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from conftest import located, run, write_files
from gitrepo import init

from soclint.cli import main
from soclint.codeowners import parse_codeowners

ROSTER = """\
---
type: roster
id: roster
title: People
people:
  - {id: daniel, name: D, email: d@x.example, roles: [cto], github: Dan-O}
  - {id: tom, name: T, email: t@x.example, roles: [sre], github: tnak}
  - {id: priya, name: P, email: p@x.example, roles: [security-lead]}
  - {id: ana, name: A, email: a@x.example, roles: [cto], end: 2026-01-31}
authority:
  approve-policy: [cto, security-lead]
---
"""
CODEOWNERS = """\
# Everything else belongs to the platform team.
*                  @acme/platform
/policies/         @dan-o d@x.example   # approvers
/policies/old.md
/policies/tom.md   @tnak @ghost p@x.example
!/policies/x.md    @tnak
"""


def doc(doc_type: str, doc_id: str) -> str:
    return f"---\ntype: {doc_type}\nid: {doc_id}\ntitle: T\nstatus: draft\n---\n"


PROGRAM = {
    "soclint.yaml": "select: [A021, A022, A023]\n",
    "roster.md": ROSTER,
    "policies/access.md": doc("policy", "POL-ACCESS"),
    "policies/old.md": doc("policy", "POL-OLD"),
    "policies/tom.md": doc("policy", "POL-TOM"),
    "procedures/run.md": doc("procedure", "PRO-RUN"),
    "registers/risks.md": "---\ntype: risk-register\nid: risks\ntitle: Risks\nrisks: []\n---\n",
}


def test_owners_who_may_not_approve_and_documents_without_owners_are_reported(
    tmp_path: Path,
) -> None:
    root = init(tmp_path / "repo")
    write_files(root, {**PROGRAM, ".github/CODEOWNERS": CODEOWNERS})

    report = run(root)

    assert located(report) == [
        ("A021", ".github/CODEOWNERS", 2),
        ("A022", ".github/CODEOWNERS", 4),
        ("A021", ".github/CODEOWNERS", 5),
        ("A021", ".github/CODEOWNERS", 5),
        ("A023", "roster.md", 8),
    ]
    messages = [f.message for f in report.findings]
    assert messages[0].startswith(
        "@acme/platform owns procedures/run.md by this line, and is a team"
    )
    assert messages[1].startswith("policies/old.md has no code owner (this line, the last to")
    assert "@ghost owns policies/tom.md by this line, and is the GitHub handle" in messages[2]
    assert "@tnak owns policies/tom.md by this line, and is 'tom' of the roster" in messages[3]
    assert messages[4].startswith("'priya' holds approve-policy but has no github handle")


def test_a_program_in_a_folder_is_matched_from_the_top_of_the_repository(tmp_path: Path) -> None:
    top = init(tmp_path / "repo")
    program = {f"compliance/{name}": text for name, text in PROGRAM.items()}
    write_files(
        top,
        {
            **program,
            "CODEOWNERS": "/compliance/ @dan-o\n/compliance/procedures/ @tnak\n/src/ @tnak\n",
        },
    )

    assert located(run(top / "compliance")) == [
        ("A021", "../CODEOWNERS", 2),
        ("A023", "roster.md", 8),
    ]
    result = CliRunner().invoke(main, ["check", str(top / "compliance"), "--format", "json"])
    github = CliRunner().invoke(main, ["check", str(top / "compliance"), "--format", "github"])
    assert json.loads(result.output)["findings"][0]["path"] == "../CODEOWNERS"
    assert github.output.startswith("::warning file=CODEOWNERS,line=2,")


def test_the_first_file_github_reads_is_the_one_checked(tmp_path: Path) -> None:
    root = init(tmp_path / "repo")
    write_files(
        root,
        {
            **PROGRAM,
            ".github/CODEOWNERS": "* @dan-o\n",
            "CODEOWNERS": "* @tnak\n",
        },
    )

    assert located(run(root)) == [("A023", "roster.md", 8)]


def test_without_codeowners_nothing_is_reported(tmp_path: Path) -> None:
    root = init(tmp_path / "repo")
    write_files(root, PROGRAM)

    assert located(run(root)) == []


def test_a_codeowners_file_that_cannot_be_read_says_so(tmp_path: Path) -> None:
    root = init(tmp_path / "repo")
    write_files(root, {**PROGRAM, ".github/CODEOWNERS": b"* @dan-o \xff\n"})

    (finding, _a023) = run(root).findings

    assert (finding.code, finding.path, finding.line) == ("A021", ".github/CODEOWNERS", 1)
    assert "CODEOWNERS cannot be checked: it cannot be read" in finding.message


def test_lines_github_does_not_read_are_skipped() -> None:
    lines = parse_codeowners(
        "# comment\n\n[Section]\n^[Optional] @a\n!/x @b\n/docs/[ @c\n/p/ @d # note @e\n"
    )

    assert [(line.line, line.pattern, line.owners) for line in lines] == [(7, "/p/", ("@d",))]
