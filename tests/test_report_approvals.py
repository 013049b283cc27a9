"""`soclint report`'s "Approvals and acknowledgements": per controlled document, what the
commit that recorded its approval proves, and who has acknowledged it; the policy suite's
checklist item notes the approvals git does not prove."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from click.testing import CliRunner
from conftest import write_files
from gitrepo import commit, init
from test_acknowledgements import roster

from soclint.audit.approvals import Acknowledged
from soclint.audit.commands import readiness_of
from soclint.audit.readiness import Readiness
from soclint.cli import main
from soclint.program import load_program

AS_OF = date(2026, 11, 1)
DANIEL = ("Daniel", "d@x.example")
TOM = ("Tom", "t@x.example")

ROSTER = roster(
    "{id: daniel, name: Daniel, email: d@x.example, roles: [cto]}",
    "{id: tom, name: Tom, email: t@x.example, roles: [sre], start: 2025-06-02}",
    "{id: ana, name: Ana, email: a@x.example, roles: [sre], start: 2025-01-06}",
)


def policy(name: str, version: str, approved: str) -> str:
    return (
        f"---\ntype: policy\nid: POL-{name.upper()}\ntitle: {name}\nkind: {name}\n"
        f'owner: daniel\nstatus: approved\nversion: "{version}"\n'
        f"approval:\n  by: daniel\n  date: {approved}\n---\n\n# {name}\n\nText of {version}.\n"
    )


def acknowledgements(*rows: tuple[str, str, str, str]) -> str:
    listed = "".join(
        f'  - {{person: {person}, document: {document}, version: "{version}", date: {day}}}\n'
        for person, document, version, day in rows
    )
    return (
        "---\ntype: acknowledgement-register\nid: acks\ntitle: Acknowledgements\n"
        f"acknowledgements:\n{listed}---\n"
    )


ACKS = acknowledgements(
    ("tom", "POL-ACCESS", "1.0", "2026-02-20"),
    ("tom", "POL-VENDORS", "1.0", "2026-02-20"),
    ("ana", "POL-VENDORS", "1.0", "2026-02-21"),
)


def program(root: Path, level: str, tom: tuple[str, str] = TOM) -> Path:
    """access 1.0 recorded by daniel (tom acknowledged it, ana did not); vendors 1.0
    recorded by daniel, then 2.0 by `tom` (both acknowledged 1.0 only); crypto approved
    in the working tree, not committed."""
    init(root)
    write_files(
        root,
        {
            "soclint.yaml": f"provenance: {level}\n",
            "roster.md": ROSTER,
            "policies/access.md": policy("access", "1.0", "2026-02-10"),
            "policies/vendors.md": policy("vendors", "1.0", "2026-02-10"),
        },
    )
    commit(root, "Approve access and vendors", "2026-02-10", *DANIEL)
    write_files(root, {"registers/acks.md": ACKS})
    commit(root, "Record acknowledgements", "2026-02-21", *DANIEL)
    write_files(root, {"policies/vendors.md": policy("vendors", "2.0", "2026-05-01")})
    commit(root, "Approve vendors 2.0", "2026-05-01", *tom)
    write_files(root, {"policies/crypto.md": policy("crypto", "1.0", "2026-10-30")})
    return root


def _report(root: Path) -> Readiness:
    return readiness_of(load_program(root, as_of=AS_OF))


def _suite_notes(report: Readiness) -> tuple[str, ...]:
    item = next(i for i in report.checklist if i.title == "Policy suite approved and published")
    return item.notes


def test_each_approval_is_proven_not_proven_or_not_yet_committed(tmp_path: Path) -> None:
    root = program(tmp_path / "repo", "author")
    access = commit_of(root, "Approve access and vendors")
    vendors = commit_of(root, "Approve vendors 2.0")

    report = _report(root)

    assert [(e.path, e.state, e.provenance) for e in report.approvals] == [
        (
            "policies/access.md",
            "proven",
            f"proven by author: commit {access} on 2026-02-10 by Daniel <d@x.example> "
            "recorded this approval",
        ),
        (
            "policies/crypto.md",
            "uncommitted",
            "not yet committed, so no commit shows who made it",
        ),
        (
            "policies/vendors.md",
            "unproven",
            f"not proven: commit {vendors} on 2026-05-01 by Tom <t@x.example> recorded this "
            "approval, and t@x.example is not an address of 'daniel' in the roster "
            "(d@x.example)",
        ),
    ]
    assert _suite_notes(report) == (
        "approval not proven by git: POL-VENDORS; approval not yet committed: POL-CRYPTO",
    )


def test_acknowledgements_done_overdue_and_of_an_old_major_version(tmp_path: Path) -> None:
    report = _report(program(tmp_path / "repo", "author"))

    assert {e.name: e.acknowledged for e in report.approvals} == {
        # tom acknowledged; ana never did, due 30 days after the approval.
        "POL-ACCESS": Acknowledged(owed=2, done=1, overdue=("ana",)),
        # Not due yet: approved two days before the report.
        "POL-CRYPTO": Acknowledged(owed=2, done=0, overdue=()),
        # Both acknowledged 1.0; 2.0 is a new major version, due on 2026-05-31.
        "POL-VENDORS": Acknowledged(owed=2, done=0, overdue=("ana", "tom")),
    }


def test_with_provenance_off_the_report_says_so_and_notes_nothing(tmp_path: Path) -> None:
    report = _report(program(tmp_path / "repo", "off"))

    assert {e.state for e in report.approvals} == {"off"}
    assert report.approvals[0].provenance == (
        "provenance off: soclint.yaml does not ask git to prove approvals"
    )
    assert _suite_notes(report) == ()


def test_without_git_history_the_report_says_why_nothing_was_checked(tmp_path: Path) -> None:
    root = tmp_path / "program"
    write_files(
        root,
        {
            "soclint.yaml": "provenance: author\n",
            "roster.md": ROSTER,
            "policies/access.md": policy("access", "1.0", "2026-02-10"),
        },
    )

    (entry,) = _report(root).approvals

    assert entry.state == "unchecked"
    assert entry.provenance.startswith("not checked: ")
    assert _suite_notes(_report(root)) == ()


def test_many_overdue_people_are_counted_with_the_first_names() -> None:
    late = Acknowledged(owed=9, done=2, overdue=tuple(f"p{n}" for n in range(7)))

    assert late.describe() == "2 of 9 acknowledged; 7 overdue: p0, p1, p2, p3, p4 and 2 more"
    assert Acknowledged(3, 3, ()).describe() == "3 of 3 acknowledged"


def test_the_markdown_report_has_the_section_and_the_note(tmp_path: Path) -> None:
    root = program(tmp_path / "repo", "author")
    out = tmp_path / "report.md"

    result = CliRunner().invoke(
        main, ["report", str(root), "--as-of", "2026-11-01", "--format", "md", "-o", str(out)]
    )

    assert result.exit_code == 1, result.output  # the checklist has open items
    text = out.read_text(encoding="utf-8")
    section = text[text.index("## Approvals and acknowledgements") : text.index("## Coverage")]
    rows = [line for line in section.splitlines() if line.startswith("| POL-")]
    assert [row.split(" | ")[0] for row in rows] == [
        "| POL-ACCESS",
        "| POL-CRYPTO",
        "| POL-VENDORS",
    ]
    assert rows[2].endswith("| 0 of 2 acknowledged; 2 overdue: ana, tom |")
    assert "not proven: commit " in rows[2]
    assert (
        "  - approval not proven by git: POL-VENDORS; approval not yet committed: POL-CRYPTO"
        in text
    )


# Git keeps no angle brackets in a name, but quotes, ampersands and table bars it keeps.
HOSTILE = ("Tom | & \"quoted\" 'x' Lee", "evil@x.example")


def test_a_commit_author_cannot_put_markup_into_the_report(tmp_path: Path) -> None:
    root = program(tmp_path / "repo", "author", tom=HOSTILE)
    html, md = tmp_path / "report.html", tmp_path / "report.md"
    runner = CliRunner()

    for out, form in ((html, "html"), (md, "md")):
        result = runner.invoke(
            main, ["report", str(root), "--as-of", "2026-11-01", "--format", form, "-o", str(out)]
        )
        assert result.exit_code == 1, result.output

    page = html.read_text(encoding="utf-8")
    assert '<h2 id="approvals">Approvals and acknowledgements</h2>' in page
    assert (
        "by Tom | &amp; &quot;quoted&quot; &#x27;x&#x27; Lee &lt;evil@x.example&gt; recorded"
        in page
    )
    (row,) = [line for line in md.read_text(encoding="utf-8").splitlines() if "evil@" in line]
    assert "by Tom \\| \\& \"quoted\" 'x' Lee \\<evil@x.example\\> recorded" in row
    assert len(re.findall(r"(?<!\\)\|", row)) == 5  # four cells, no more


def commit_of(root: Path, message: str) -> str:
    from gitrepo import git

    return git(root, "log", "--format=%h", f"--grep=^{message}$").strip()
