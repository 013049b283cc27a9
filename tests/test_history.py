"""Drift and review rules against real git repositories with dated commits."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROSTER, located, run, write_files
from gitrepo import commit, git, init

from soclint.approval_edit import approve_documents, review_documents
from soclint.cli import main
from soclint.report import Report


def policy(approved: str | None = "2026-01-10", body: str = "Access is least privilege.\n",
           status: str = "approved", version: str = "1.0", extra: str = "") -> str:  # fmt: skip
    approval = f"approval:\n  by: daniel\n  date: {approved}\n" if approved else ""
    return (
        f"---\ntype: policy\nid: POL-ACCESS\ntitle: Access\nkind: access-control\n"
        f'owner: priya\nstatus: {status}\nversion: "{version}"\n{approval}'
        f"review:\n  cycle: annual\n{extra}---\n\n# Access\n\n{body}"
    )


POLICY = "policies/access.md"
APPROVAL_DATE_LINE = 11  # `  date:` under approval in policy()
CONFIG = "select: [A]\n"


def program(root: Path, **policy_options: str | None) -> Path:
    init(root)
    write_files(
        root,
        {"soclint.yaml": CONFIG, "roster.md": ROSTER, POLICY: policy(**policy_options)},  # type: ignore[arg-type]
    )
    return root


def edit(root: Path, name: str, old: str, new: str) -> None:
    file = root / name
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def only(report: Report, code: str) -> list[str]:
    return [f.message for f in report.findings if f.code == code]


def test_body_edit_after_approval_is_reported_with_its_commit(tmp_path: Path) -> None:
    root = program(tmp_path)
    commit(root, "Add the access policy", "2026-01-10")
    edit(root, POLICY, "least privilege", "least privilege, reviewed yearly")
    sha = commit(root, "Reword access", "2026-03-05", author="Grace Hopper")

    report = run(root)

    assert located(report) == [("A011", POLICY, APPROVAL_DATE_LINE)]
    (message,) = only(report, "A011")
    assert f"commit {sha[:7]} on 2026-03-05 by Grace Hopper" in message
    assert "after its approval on 2026-01-10" in message


def test_commit_that_only_records_an_approval_or_review_does_not_count(tmp_path: Path) -> None:
    root = program(tmp_path)
    commit(root, "Add the access policy", "2026-01-10")
    edit(root, POLICY, "cycle: annual", "last: 2026-06-01\n  cycle: annual")
    edit(root, POLICY, 'version: "1.0"', 'version: "1.1"')
    commit(root, "Record the mid-year review", "2026-06-01")

    assert located(run(root)) == []


def test_edit_then_approval_commit_is_clean_and_bookkeeping_commits_are_skipped(
    tmp_path: Path,
) -> None:
    root = program(tmp_path)
    commit(root, "Add", "2026-01-10")
    edit(root, POLICY, "least privilege", "need to know")
    change = commit(root, "Reword", "2026-02-01", author="Grace Hopper")
    edit(root, POLICY, "cycle: annual", "last: 2026-03-01\n  cycle: annual")
    commit(root, "Record a review", "2026-03-01")

    # The review-only commit of March is not the change: February's rewording is.
    (message,) = only(run(root), "A011")
    assert f"commit {change[:7]} on 2026-02-01 by Grace Hopper" in message

    edit(root, POLICY, "date: 2026-01-10", "date: 2026-03-05")
    edit(root, POLICY, "last: 2026-03-01", "last: 2026-03-05")
    commit(root, "Approve the rewording", "2026-03-05")
    assert located(run(root)) == []


def test_change_and_approval_in_one_commit_is_clean(tmp_path: Path) -> None:
    # A squash-merged pull request: the edit and its approval land together, later.
    root = program(tmp_path)
    commit(root, "Add", "2026-01-10")
    edit(root, POLICY, "least privilege", "need to know")
    edit(root, POLICY, "date: 2026-01-10", "date: 2026-04-01")
    commit(root, "Reword access (#12)", "2026-04-03")

    assert located(run(root)) == []


def test_a_change_undone_later_is_not_drift(tmp_path: Path) -> None:
    root = program(tmp_path)
    commit(root, "Add", "2026-01-10")
    edit(root, POLICY, "least privilege", "need to know")
    commit(root, "Reword", "2026-02-01")
    edit(root, POLICY, "need to know", "least privilege")
    commit(root, "Revert the rewording", "2026-02-02")

    assert located(run(root)) == []


def test_uncommitted_edits_count_as_changes_made_now(tmp_path: Path) -> None:
    root = program(tmp_path)
    commit(root, "Add", "2026-01-10")
    edit(root, POLICY, "least privilege", "need to know")

    (message,) = only(run(root), "A011")
    assert "by uncommitted changes in the working tree" in message


def test_history_follows_renames(tmp_path: Path) -> None:
    root = program(tmp_path)
    commit(root, "Add", "2026-01-10")
    edit(root, POLICY, "least privilege", "need to know")
    sha = commit(root, "Reword", "2026-02-01")
    git(root, "mv", POLICY, "policies/access-control.md")
    commit(root, "Rename", "2026-03-01")

    report = run(root)
    assert located(report) == [("A011", "policies/access-control.md", APPROVAL_DATE_LINE)]
    assert sha[:7] in report.findings[0].message


def test_program_in_a_subfolder_of_the_repository(tmp_path: Path) -> None:
    init(tmp_path)
    root = tmp_path / "compliance"
    write_files(root, {"soclint.yaml": CONFIG, "roster.md": ROSTER, POLICY: policy()})
    commit(tmp_path, "Add", "2026-01-10")
    edit(root, POLICY, "least privilege", "need to know")
    commit(tmp_path, "Reword", "2026-02-01")

    assert located(run(root)) == [("A011", POLICY, APPROVAL_DATE_LINE)]


def test_one_character_change_after_approve_is_reported_through_the_digest(
    tmp_path: Path,
) -> None:
    # No git at all: the digest alone tells.
    write_files(tmp_path, {"soclint.yaml": CONFIG, "roster.md": ROSTER, POLICY: policy()})
    approve_documents([tmp_path / POLICY], "daniel", date(2026, 2, 1), "minor", date(2026, 2, 1))
    assert located(run(tmp_path)) == []

    edit(tmp_path, POLICY, "least privilege.", "least privilege!")

    report = run(tmp_path)
    assert located(report) == [("A010", POLICY, 12)]
    assert "after its approval on 2026-02-01" in report.findings[0].message


def test_digest_makes_history_unnecessary_even_for_files_committed_later(
    tmp_path: Path,
) -> None:
    root = program(tmp_path)
    approve_documents([root / POLICY], "daniel", date(2026, 1, 10), "none", date(2026, 1, 10))
    commit(root, "Add the approved policy", "2026-05-01")
    edit(root, POLICY, "least privilege", "need to know")
    commit(root, "Reword", "2026-06-01")

    assert [code for code, _path, _line in located(run(root))] == ["A010"]


def test_review_clears_an_overdue_review(tmp_path: Path) -> None:
    root = program(tmp_path, approved="2024-06-01")
    commit(root, "Add", "2024-06-01")
    as_of = date(2025, 7, 1)
    assert located(run(root, as_of=as_of)) == [("A005", POLICY, APPROVAL_DATE_LINE)]

    result = CliRunner().invoke(
        main, ["review", str(root / POLICY), "--by", "priya", "--date", "2025-06-20"]
    )
    assert result.exit_code == 0, result.output
    assert "next review due 2026-06-20" in result.output

    assert located(run(root, as_of=as_of)) == []
    # Recording the review is itself a bookkeeping change: still no drift once committed.
    commit(root, "Record the review", "2025-06-20")
    assert located(run(root, as_of=as_of)) == []


def test_review_refuses_when_the_content_changed_since_approval(tmp_path: Path) -> None:
    root = program(tmp_path, approved="2025-06-01")
    commit(root, "Add", "2025-06-01")
    edit(root, POLICY, "least privilege", "need to know")
    sha = commit(root, "Reword", "2025-07-01")
    before = (root / POLICY).read_bytes()

    result = CliRunner().invoke(
        main, ["review", str(root / POLICY), "--by", "priya", "--date", "2025-10-20"]
    )

    assert result.exit_code == 2
    assert f"changed in commit {sha[:7]}" in result.output
    assert "needs soclint approve" in result.output
    assert (root / POLICY).read_bytes() == before


def test_review_refuses_without_digest_or_history(tmp_path: Path) -> None:
    write_files(tmp_path, {"soclint.yaml": CONFIG, "roster.md": ROSTER, POLICY: policy()})
    with pytest.raises(Exception, match="cannot tell whether the content changed"):
        review_documents([tmp_path / POLICY], "priya", date(2026, 3, 1), date(2026, 3, 1))


def test_shallow_clone_gives_the_skipped_history_notice_and_no_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    origin = program(tmp_path / "origin", approved="2025-06-01")
    commit(origin, "Add", "2025-06-01")
    edit(origin, POLICY, "least privilege", "need to know")
    commit(origin, "Reword", "2025-07-01")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", origin.as_uri(), str(clone))

    monkeypatch.chdir(clone)
    result = CliRunner().invoke(main, ["check", "--as-of", "2026-11-01"])

    assert result.exit_code == 1, result.output  # the overdue review still fails the run
    lines = result.output.splitlines()
    # At the approval it could not check, in the file the checkout has.
    assert lines[0].startswith(f"{POLICY}:{APPROVAL_DATE_LINE - 2}:1: A012 history rules were ")
    assert "skipped for this document: the clone is shallow" in lines[0]
    assert "fetch-depth: 0" in lines[0]
    assert lines[1].startswith(f"{POLICY}:{APPROVAL_DATE_LINE}:3: A005 ")
    assert "Traceback" not in result.output


def test_folder_outside_git_gives_the_notice_once(tmp_path: Path) -> None:
    write_files(tmp_path, {"soclint.yaml": CONFIG, "roster.md": ROSTER, POLICY: policy()})
    write_files(tmp_path, {"policies/draft.md": policy(approved=None, status="draft")})

    report = run(tmp_path)

    assert located(report) == [("A012", POLICY, APPROVAL_DATE_LINE - 2)]
    assert "for this document and 1 other: the folder is not inside a git repository" in (
        report.findings[0].message
    )


def test_draft_older_than_draft_max_age(tmp_path: Path) -> None:
    root = program(tmp_path, approved=None, status="draft")
    first = commit(root, "Start the access policy", "2026-01-05", author="Grace Hopper")
    edit(root, POLICY, "least privilege", "need to know")
    commit(root, "Keep drafting", "2026-08-01")
    write_files(root, {"policies/new.md": policy(approved=None, status="draft")})
    commit(root, "Start another", "2026-09-01")

    report = run(root)

    assert located(report) == [("A009", POLICY, 7)]
    assert f"'draft' since 2026-01-05 (commit {first[:7]} by Grace Hopper)" in (
        report.findings[0].message
    )
    assert "draft_max_age (6 months)" in report.findings[0].message


def test_draft_age_counts_from_when_it_became_a_draft_again(tmp_path: Path) -> None:
    root = program(tmp_path)
    commit(root, "Add", "2025-01-10")
    edit(root, POLICY, "status: approved", "status: draft")
    commit(root, "Start the 2026 rewrite", "2026-08-01")

    assert located(run(root)) == []
    assert located(run(root, as_of=date(2027, 3, 1))) == [("A009", POLICY, 7)]
