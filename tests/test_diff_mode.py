"""`soclint check --diff-base REV`: what a pull request changed must be versioned and approved."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from click.testing import CliRunner
from conftest import EXAMPLE, ROSTER, located, run, write_files
from gitrepo import commit, git, init

from soclint.approval_edit import approve_documents
from soclint.cli import main


def policy(name: str, status: str = "approved", approved: str = "2025-01-10") -> str:
    return (
        f"---\ntype: policy\nid: POL-{name.upper()}\ntitle: {name}\nkind: {name}\n"
        f'owner: priya\nstatus: {status}\nversion: "1.0"\n'
        f"approval:\n  by: daniel\n  date: {approved}\n"
        f"review:\n  cycle: annual\n---\n\nThe {name} rules.\n"
    )


VERSION_LINE, APPROVAL_DATE_LINE = 8, 11


def pull_request(root: Path, main_day: str = "2025-01-20") -> Path:
    """main: four approved policies (one overdue); a branch edits three of them."""
    init(root)
    write_files(
        root,
        {
            "soclint.yaml": "select: [A]\n",
            "roster.md": ROSTER,
            "policies/edited.md": policy("edited"),
            "policies/reapproved.md": policy("reapproved"),
            "policies/draft.md": policy("draft", status="draft"),
            "policies/untouched.md": policy("untouched", approved="2024-01-10"),
        },
    )
    for name in ("edited", "reapproved"):
        approve_documents(
            [root / f"policies/{name}.md"], "daniel", date(2025, 1, 10), "none",
            date(2025, 1, 10),
        )  # fmt: skip
    commit(root, "Program", main_day)
    git(root, "checkout", "-q", "-b", "reword")
    for name in ("edited", "reapproved", "draft"):
        file = root / f"policies/{name}.md"
        file.write_text(file.read_text().replace("rules.", "rules, reworded."))
    approve_documents(
        [root / "policies/reapproved.md"], "daniel", date(2025, 3, 2), "minor",
        date(2025, 3, 2),
    )  # fmt: skip
    commit(root, "Reword three policies", "2025-03-02")
    return root


def test_changed_policy_without_new_version_and_approval_is_reported(tmp_path: Path) -> None:
    root = pull_request(tmp_path)

    report = run(root, as_of=date(2025, 3, 3), diff_base="main")

    assert located(report) == [
        ("A013", "policies/edited.md", VERSION_LINE),
        ("A014", "policies/edited.md", APPROVAL_DATE_LINE),
        ("A010", "policies/edited.md", APPROVAL_DATE_LINE + 1),
    ]
    version, approval = (f.message for f in report.findings[:2])
    assert version.startswith("version: '1.0' is not above '1.0' at main (")
    assert approval.startswith("approval.date: 2025-01-10 is before main (")
    assert "2025-01-20), but the content changed since" in approval


def test_an_approval_carried_over_unchanged_is_not_renewed_even_on_the_same_day(
    tmp_path: Path,
) -> None:
    root = pull_request(tmp_path, main_day="2025-01-10")

    report = run(root, as_of=date(2025, 3, 3), diff_base="main", select=["A014"])

    assert located(report) == [("A014", "policies/edited.md", APPROVAL_DATE_LINE)]
    assert "the approval is the same as at main (" in report.findings[0].message


def test_only_changed_files_are_reported_unless_all(tmp_path: Path) -> None:
    root = pull_request(tmp_path)
    as_of = date(2025, 3, 3)  # untouched.md is overdue: approved 2024-01-10

    changed = {path for _code, path, _line in located(run(root, as_of=as_of, diff_base="main"))}
    everything = located(run(root, as_of=as_of, diff_base="main", report_all=True))

    assert changed == {"policies/edited.md"}
    assert ("A005", "policies/untouched.md", APPROVAL_DATE_LINE) in everything


def test_base_is_where_the_branch_left_main(tmp_path: Path) -> None:
    root = pull_request(tmp_path)
    git(root, "checkout", "-q", "main")
    write_files(root, {"policies/later.md": policy("later", approved="2025-04-01")})
    commit(root, "A later policy on main", "2025-04-01")
    git(root, "checkout", "-q", "reword")

    report = run(root, as_of=date(2025, 4, 2), diff_base="main")

    assert {path for _code, path, _line in located(report)} == {"policies/edited.md"}
    assert "A014" in {f.code for f in report.findings}  # still judged against 2025-01-10


def test_uncommitted_and_untracked_files_count_as_changed(tmp_path: Path) -> None:
    root = pull_request(tmp_path)
    write_files(
        root, {"policies/new.md": "---\ntype: policy\nid: POL-NEW\nstatus: approved\n---\n"}
    )

    report = run(root, as_of=date(2025, 3, 3), diff_base="HEAD")

    assert located(report) == [("A001", "policies/new.md", 4)]


def test_a_revision_that_is_not_there_is_a_usage_error(tmp_path: Path) -> None:
    root = pull_request(tmp_path / "repo")
    result = CliRunner().invoke(main, ["check", str(root), "--diff-base", "no-such-branch"])
    assert result.exit_code == 2
    assert result.output == (
        "soclint: error: --diff-base no-such-branch: 'no-such-branch' is not a commit of "
        "this clone; if it exists upstream, fetch it (actions/checkout with fetch-depth: 0)\n"
    )

    outside = write_files(tmp_path / "outside", {"a.md": policy("a")})
    result = CliRunner().invoke(main, ["check", str(outside), "--diff-base", "main"])
    assert result.exit_code == 2
    assert "not inside a git repository" in result.output


def test_a_policy_deleted_by_the_pull_request_is_reported_where_the_suite_is(
    tmp_path: Path,
) -> None:
    root = tmp_path / "program"
    shutil.copytree(EXAMPLE, root)
    init(root)
    commit(root, "Program", "2026-10-01")
    git(root, "checkout", "-q", "-b", "remove")
    (root / "policies" / "incident-response.md").unlink()
    commit(root, "Remove a policy", "2026-10-02")

    report = run(root, diff_base="main", select=["P002"])

    # The system description did not change, and the finding about the suite still shows.
    assert located(report) == [("P002", "system-description.md", 1)]
