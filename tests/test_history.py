"""Drift and review rules against real git repositories with dated commits."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROSTER, located, run, write_files
from gitrepo import commit, git, init

from soclint.cli import main
from soclint.document import MAX_FILE_BYTES
from soclint.edit.approve import approve_documents, review_documents
from soclint.history.git_history import (
    BlobTooLarge,
    GitHistory,
    HistoryUnavailable,
    NotARepository,
    day_of,
)
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


def test_a_key_the_repository_declares_its_own_changes_no_approved_content(
    tmp_path: Path,
) -> None:
    # A website reorders its menu: `weight` is the site's, not the approved policy's.
    root = program(tmp_path, extra="weight: 10\n")
    edit(root, "soclint.yaml", CONFIG, CONFIG + "own_keys: {policy: [weight]}\n")
    commit(root, "Add the access policy", "2026-01-10")
    edit(root, POLICY, "weight: 10", "weight: 20")
    commit(root, "Reorder the menu", "2026-03-05")
    assert located(run(root)) == []

    edit(root, "soclint.yaml", "own_keys: {policy: [weight]}\n", "")
    assert [code for code, _path, _line in located(run(root))] == ["A011"]


def test_approve_leaves_the_keys_the_repository_declares_its_own_out_of_the_digest(
    tmp_path: Path,
) -> None:
    config = CONFIG + "own_keys: {policy: [weight]}\n"
    files = {"soclint.yaml": config, "roster.md": ROSTER, POLICY: policy(extra="weight: 10\n")}
    write_files(tmp_path, files)
    approve_documents([tmp_path / POLICY], "daniel", date(2026, 2, 1), "minor", date(2026, 2, 1))
    edit(tmp_path, POLICY, "weight: 10", "weight: 20")
    assert located(run(tmp_path)) == []

    edit(tmp_path, POLICY, "least privilege.", "least privilege!")
    assert [code for code, _path, _line in located(run(tmp_path))] == ["A010"]


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
    assert lines[0].startswith(
        f"{POLICY}:{APPROVAL_DATE_LINE - 2}:1: info: A012 history rules were "
    )
    assert "skipped for this document: the clone is shallow" in lines[0]
    assert "fetch-depth: 0" in lines[0]
    assert lines[1].startswith(f"{POLICY}:{APPROVAL_DATE_LINE}:3: error: A005 ")
    assert "Traceback" not in result.output


def test_folder_outside_git_gives_the_notice_once(tmp_path: Path) -> None:
    write_files(tmp_path, {"soclint.yaml": CONFIG, "roster.md": ROSTER, POLICY: policy()})
    write_files(tmp_path, {"policies/draft.md": policy(approved=None, status="draft")})

    report = run(tmp_path)

    assert located(report) == [("A012", POLICY, APPROVAL_DATE_LINE - 2)]
    assert "for this document and 1 other: the folder is not inside a git repository" in (
        report.findings[0].message
    )


@pytest.mark.parametrize(
    ("ignored", "expected"),
    [
        # Only the draft's age went unchecked: the notice is at its status.
        (["A011"], [("A012", "policies/draft.md", 7)]),
        (["A009"], [("A012", POLICY, APPROVAL_DATE_LINE - 2)]),
        (["A009", "A011"], []),
    ],
)
def test_the_notice_counts_the_documents_of_the_history_rules_that_run(
    tmp_path: Path, ignored: list[str], expected: list[tuple[str, str, int]]
) -> None:
    write_files(tmp_path, {"soclint.yaml": CONFIG, "roster.md": ROSTER, POLICY: policy()})
    write_files(tmp_path, {"policies/draft.md": policy(approved=None, status="draft")})

    report = run(tmp_path, ignore=ignored)

    assert located(report) == expected
    assert all(" and 1 other" not in f.message for f in report.findings)


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


def drift_message(root: Path) -> str:
    """The message of the one finding a check of `root` gives: A011, at the approval date."""
    report = run(root)
    assert located(report) == [("A011", POLICY, APPROVAL_DATE_LINE)]
    return report.findings[0].message


def merge(root: Path, branch: str) -> None:
    """Start merging `branch` without committing: the caller may edit, then commit()."""
    git(root, "merge", "-q", "--no-ff", "--no-commit", branch)


def test_a_change_made_in_a_merge_commit_is_reported(tmp_path: Path) -> None:
    root = program(tmp_path)
    commit(root, "Add", "2026-01-10")
    git(root, "checkout", "-q", "-b", "side")
    write_files(root, {"notes.md": "Side.\n"})
    commit(root, "Side work", "2026-02-01")
    git(root, "checkout", "-q", "main")
    merge(root, "side")
    edit(root, POLICY, "least privilege", "granted on request")
    sha = commit(root, "Merge branch side", "2026-02-03")

    assert f"commit {sha[:7]} on 2026-02-03" in drift_message(root)


def test_a_merged_branch_that_changed_and_then_approved_the_policy_is_clean(
    tmp_path: Path,
) -> None:
    root = program(tmp_path)
    commit(root, "Add", "2026-01-10")
    git(root, "checkout", "-q", "-b", "reword")
    edit(root, POLICY, "least privilege", "need to know")
    commit(root, "Reword", "2026-02-20")
    edit(root, POLICY, "date: 2026-01-10", "date: 2026-03-01")
    commit(root, "Approve the rewording", "2026-03-01")
    git(root, "checkout", "-q", "main")
    write_files(root, {"notes.md": "Meanwhile.\n"})
    commit(root, "Meanwhile on main", "2026-03-02")
    merge(root, "reword")
    commit(root, "Merge branch reword", "2026-03-03")

    assert located(run(root)) == []


def test_a_branch_edit_merged_after_a_later_approval_is_reported_whatever_its_date(
    tmp_path: Path,
) -> None:
    # The branch's commit is dated before the approval recorded on main, but the
    # approval was given to the text on main: the merged edit was never approved.
    root = program(tmp_path, approved="2025-12-01")
    commit(root, "Add", "2025-12-01")
    git(root, "checkout", "-q", "-b", "reword")
    edit(root, POLICY, "least privilege", "need to know")
    sha = commit(root, "Reword", "2026-01-05", author="Grace Hopper")
    git(root, "checkout", "-q", "main")
    edit(root, POLICY, "date: 2025-12-01", "date: 2026-01-10")
    commit(root, "Approve the policy again", "2026-01-10")
    merge(root, "reword")
    commit(root, "Merge branch reword", "2026-02-01")

    assert f"commit {sha[:7]} on 2026-01-05 by Grace Hopper" in drift_message(root)


def test_an_edit_after_the_approval_on_a_merged_branch_is_reported(tmp_path: Path) -> None:
    root = program(tmp_path)
    commit(root, "Add", "2026-01-10")
    git(root, "checkout", "-q", "-b", "reword")
    edit(root, POLICY, "least privilege", "need to know")
    edit(root, POLICY, "date: 2026-01-10", "date: 2026-03-01")
    commit(root, "Reword and approve", "2026-03-01")
    edit(root, POLICY, "need to know", "granted on request")
    sha = commit(root, "Reword again", "2026-03-02")
    git(root, "checkout", "-q", "main")
    write_files(root, {"notes.md": "Meanwhile.\n"})
    commit(root, "Meanwhile on main", "2026-03-02")
    merge(root, "reword")
    commit(root, "Merge branch reword", "2026-03-03")

    assert f"commit {sha[:7]} on 2026-03-02" in drift_message(root)


def test_a_merge_that_combines_an_approved_change_with_an_unapproved_one_is_reported(
    tmp_path: Path,
) -> None:
    root = program(tmp_path, body="Access is least privilege.\n\nAccounts are named.\n")
    commit(root, "Add", "2026-01-10")
    git(root, "checkout", "-q", "-b", "reword")
    edit(root, POLICY, "least privilege", "need to know")
    edit(root, POLICY, "date: 2026-01-10", "date: 2026-03-01")
    commit(root, "Reword and approve", "2026-03-01")
    git(root, "checkout", "-q", "main")
    edit(root, POLICY, "are named", "may be shared")
    commit(root, "Allow shared accounts", "2026-02-15")
    merge(root, "reword")
    sha = commit(root, "Merge branch reword", "2026-03-03")

    # The branch's approval covers the branch's text, not the merged one.
    assert f"commit {sha[:7]} on 2026-03-03" in drift_message(root)


def test_an_edit_dated_before_the_approval_it_follows_is_reported(tmp_path: Path) -> None:
    # A rebase keeps author dates, and anyone can set them: the order of commits decides.
    root = program(tmp_path)
    commit(root, "Add the approved policy", "2026-01-10")
    edit(root, POLICY, "least privilege", "need to know")
    sha = commit(root, "Reword", "2026-01-05")

    assert f"commit {sha[:7]} on 2026-01-05" in drift_message(root)


def test_a_back_dated_approval_of_a_later_edit_is_reported(tmp_path: Path) -> None:
    root = program(tmp_path)
    commit(root, "Add", "2026-01-10")
    edit(root, POLICY, "least privilege", "need to know")
    sha = commit(root, "Reword", "2026-02-01")
    edit(root, POLICY, "date: 2026-01-10", "date: 2026-01-20")
    commit(root, "Approve, dated before the rewording", "2026-03-05")

    assert f"commit {sha[:7]} on 2026-02-01" in drift_message(root)


def test_a_change_hidden_behind_a_revision_that_does_not_parse_is_reported(
    tmp_path: Path,
) -> None:
    root = program(tmp_path)
    commit(root, "Add", "2026-01-10")
    edit(root, POLICY, "least privilege", "need to know")
    edit(root, POLICY, "title: Access\n", "title: Access\nbroken: [\n")
    commit(root, "Reword, breaking the front-matter", "2026-02-01")
    edit(root, POLICY, "broken: [\n", "")
    sha = commit(root, "Repair the front-matter", "2026-02-02")

    assert sha[:7] in drift_message(root)


def test_a_front_matter_broken_and_repaired_without_a_change_is_clean(tmp_path: Path) -> None:
    root = program(tmp_path)
    commit(root, "Add", "2026-01-10")
    edit(root, POLICY, "title: Access\n", "title: Access\nbroken: [\n")
    commit(root, "Break the front-matter", "2026-02-01")
    edit(root, POLICY, "broken: [\n", "")
    commit(root, "Repair it", "2026-02-02")

    assert located(run(root)) == []


def test_a_revision_too_large_to_read_is_judged_across(tmp_path: Path) -> None:
    root = program(tmp_path)
    commit(root, "Add", "2026-01-10")
    original = (root / POLICY).read_text()
    edit(root, POLICY, "least privilege.", "least privilege." + " padding" * 200_000)
    commit(root, "Paste a huge text", "2026-02-01")
    (root / POLICY).write_text(original)
    commit(root, "Remove it again", "2026-02-02")
    assert located(run(root)) == []

    edit(root, POLICY, "least privilege", "need to know")
    edit(root, POLICY, "title: Access\n", "title: Access\n" + "x: y\n" * 300_000)
    commit(root, "Reword inside a huge front-matter", "2026-03-01")
    edit(root, POLICY, "x: y\n" * 300_000, "")
    sha = commit(root, "Trim it", "2026-03-02")

    assert sha[:7] in drift_message(root)


def test_commit_metadata_cannot_break_the_log(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = program(tmp_path)
    commit(root, "Add", "2026-01-10")
    edit(root, POLICY, "least privilege", "need to know")
    # A name that holds the log's own separators, and a date git prints as 10000-01-01.
    monkeypatch.setenv("GIT_AUTHOR_DATE", "@253402300800 +0000")
    git(root, "commit", "-q", "-am", "Reword", author="evil\x01name\x1b[31m H,")

    message = drift_message(root)

    assert "on 9999-12-31 by evil\ufffdname\ufffd[31m H," in message
    assert message.isprintable()


def test_uncommitted_compares_file_bytes_with_head(tmp_path: Path) -> None:
    root = init(tmp_path)
    write_files(root, {"same.md": "S\n", "edited.md": "E\n", "gone.md": "G\n", "crlf.md": "C\n"})
    commit(root, "Files", "2026-01-10")
    head = {n: git(root, "rev-parse", f"HEAD:{n}").strip() for n in ("edited.md", "crlf.md")}
    os.utime(root / "same.md", (1_900_000_000, 1_900_000_000))  # stat-dirty, same bytes
    write_files(root, {"edited.md": "E2\n", "crlf.md": "C\r\n"})
    write_files(root, {"staged.md": "N\n", "loose.md": "L\n"})
    (root / "gone.md").unlink()
    git(root, "add", "staged.md")

    assert GitHistory.open(root).uncommitted == {
        "edited.md": head["edited.md"],
        "crlf.md": head["crlf.md"],
        "staged.md": None,
    }


def test_line_endings_alone_are_not_a_change_of_content(tmp_path: Path) -> None:
    root = program(tmp_path)
    commit(root, "Add", "2026-01-10")
    (root / POLICY).write_bytes((root / POLICY).read_bytes().replace(b"\n", b"\r\n"))

    assert located(run(root)) == []


def test_changed_since_a_base_follows_renames_and_counts_untracked_files(tmp_path: Path) -> None:
    root = init(tmp_path)
    write_files(root, {"a.md": "A\n" * 20, "b.md": "B\n", "c.md": "C\n", "d.md": "D\n"})
    commit(root, "Base", "2026-01-10")
    blob = {name: git(root, "rev-parse", f"HEAD:{name}").strip() for name in ("a.md", "c.md")}
    git(root, "mv", "a.md", "renamed.md")
    (root / "b.md").unlink()
    write_files(root, {"added.md": "N\n"})
    commit(root, "Rename, delete, add", "2026-02-01")
    write_files(root, {"c.md": "C2\n", "untracked.md": "U\n"})
    history = GitHistory.open(root)
    base = history.commit("HEAD~1")

    assert history.changed_since(base) == {
        "renamed.md": blob["a.md"],
        "added.md": None,
        "c.md": blob["c.md"],
        "untracked.md": None,
    }


def test_blobs_over_the_size_limit_are_never_read(tmp_path: Path) -> None:
    root = init(tmp_path)
    big = "x" * (MAX_FILE_BYTES + 1)
    write_files(root, {"small.md": "small\n", "big.md": big})
    commit(root, "Files", "2026-01-10")
    small, large = (git(root, "rev-parse", f"HEAD:{n}").strip() for n in ("small.md", "big.md"))
    history = GitHistory.open(root)

    assert dict(history.read([small, large])) == {small: "small\n", large: None}
    assert history.text(small) == "small\n"
    with pytest.raises(BlobTooLarge):
        history.text(large)
    with pytest.raises(HistoryUnavailable):
        history.text("HEAD:small.md")  # only object ids, never a revision expression


@pytest.mark.parametrize(
    ("raw", "day"),
    [
        ("1767997800 +0530", date(2026, 1, 10)),  # 2026-01-09 22:30 UTC, in India
        ("1767997800 -0100", date(2026, 1, 9)),
        ("253402300800 +0000", date.max),  # 10000-01-01, which git prints as such
        ("9" * 5000 + " +0000", date.max),
        ("", date.max),  # git could not read the date
    ],
)
def test_the_day_of_a_git_date(raw: str, day: date) -> None:
    assert day_of(raw) == day


@pytest.mark.slow
@pytest.mark.parametrize(
    ("rev", "says"),
    [
        ("HEAD..HEAD", "'HEAD..HEAD' names several commits, not one"),
        ("^HEAD", "'^HEAD' names several commits, not one"),
        ("HEAD^@", "'HEAD^@' names several commits, not one"),
        ("HEAD~1^@", "'HEAD~1^@' names a set of commits, not one"),
        ("HEAD~2^@", "'HEAD~2^@' names no commit"),
        ("HEAD^{tree}", "'HEAD^{tree}' is a tree, not a commit"),
        ("HEAD:policies/access.md", "'HEAD:policies/access.md' is a blob, not a commit"),
        ("--output=x", "'--output=x' is not a revision"),
        ("no-such-branch", "'no-such-branch' is not a commit of this clone; if it exists"),
    ],
)
def test_a_diff_base_that_names_no_single_commit_is_a_usage_error(
    tmp_path: Path, rev: str, says: str
) -> None:
    root = program(tmp_path)
    commit(root, "Add", "2026-01-10")
    git(root, "checkout", "-q", "-b", "side")
    write_files(root, {"notes.md": "Side.\n"})
    commit(root, "Side", "2026-01-11")
    git(root, "checkout", "-q", "main")
    write_files(root, {"other.md": "Main.\n"})
    commit(root, "Main", "2026-01-12")
    merge(root, "side")
    commit(root, "Merge", "2026-01-13")

    result = CliRunner().invoke(main, ["check", str(root), "--diff-base", rev])

    assert result.exit_code == 2
    assert result.output.startswith(f"soclint: error: --diff-base {rev}: {says}")
    assert result.output.count("\n") == 1
    assert not (root / "x").exists()


def test_a_commit_whose_author_git_cannot_read_is_dated_last_and_named_as_such(
    tmp_path: Path,
) -> None:
    root = program(tmp_path)
    commit(root, "Add", "2026-01-10")
    edit(root, POLICY, "least privilege", "need to know")
    git(root, "add", "-A")
    tree = git(root, "write-tree").strip()
    parent = git(root, "rev-parse", "HEAD").strip()
    # A NUL inside the author line: git prints neither its name nor its date.
    raw = (
        f"tree {tree}\nparent {parent}\nauthor Ev\x01il\x00Name <e@x> 1767960000 +0000\n"
        "committer C <c@x> 1767960000 +0000\n\nReword\n"
    )
    (root / ".git" / "raw-commit").write_text(raw)
    sha = git(root, "hash-object", "-t", "commit", "-w", "--literally", ".git/raw-commit").strip()
    git(root, "update-ref", "HEAD", sha)

    (change, _added) = GitHistory.open(root).changes[POLICY]

    assert (change.commit.sha, change.commit.day) == (sha, date.max)
    assert change.commit.author == "an unnamed author"
    assert located(run(root)) == [("A011", POLICY, APPROVAL_DATE_LINE)]


def test_uncommitted_in_a_repository_of_sha256_objects(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    git(tmp_path, "init", "-q", "--object-format=sha256", str(root))
    write_files(root, {"same.md": "S\n", "edited.md": "E\n"})
    commit(root, "Files", "2026-01-10")
    edited = git(root, "rev-parse", "HEAD:edited.md").strip()
    os.utime(root / "same.md", (1_900_000_000, 1_900_000_000))
    write_files(root, {"edited.md": "E2\n"})

    assert len(edited) == 64
    assert GitHistory.open(root).uncommitted == {"edited.md": edited}


# Before adoption: the policy as plain Markdown, or with a static site's front-matter.
PLAIN = "# Access\n\n{text}\n"
SITE = "---\ntitle: Access\nweight: 3\n---\n\n# Access\n\n{text}\n"


@pytest.mark.parametrize("before", [PLAIN, SITE], ids=["plain", "site"])
def test_an_adoption_that_back_dates_an_approval_before_a_rewrite_is_reported(
    tmp_path: Path, before: str
) -> None:
    root = init(tmp_path)
    write_files(root, {"soclint.yaml": CONFIG, "roster.md": ROSTER})
    write_files(root, {POLICY: before.format(text="Access is granted on request.")})
    commit(root, "Add the access policy", "2025-06-01")
    write_files(root, {POLICY: before.format(text="Access is least privilege.")})
    sha = commit(root, "Rewrite the access policy", "2026-01-13")
    write_files(root, {POLICY: policy(approved="2026-01-12")})
    commit(root, "Bring the policies under soclint", "2026-02-01")

    message = drift_message(root)

    assert f"commit {sha[:7]} on 2026-01-13" in message
    assert "after its approval on 2026-01-12" in message


@pytest.mark.slow
@pytest.mark.parametrize("before", [PLAIN, SITE], ids=["plain", "site"])
def test_an_adoption_as_a_draft_and_its_later_approval_are_clean(
    tmp_path: Path, before: str
) -> None:
    root = init(tmp_path)
    write_files(root, {"soclint.yaml": CONFIG, "roster.md": ROSTER})
    write_files(root, {POLICY: before.format(text="Access is least privilege.")})
    commit(root, "Add the access policy", "2025-06-01")
    write_files(root, {POLICY: policy(approved=None, status="draft")})
    commit(root, "Bring the policies under soclint", "2026-02-01")
    # A draft since the adoption, not since the text was first committed.
    assert located(run(root, as_of=date(2026, 7, 31))) == []
    assert located(run(root, as_of=date(2026, 8, 2))) == [("A009", POLICY, 7)]

    write_files(root, {POLICY: policy(approved="2026-02-10")})
    commit(root, "Approve the access policy", "2026-02-10")
    assert located(run(root)) == []


def test_an_adoption_that_records_an_approval_of_unchanged_text_is_clean(
    tmp_path: Path,
) -> None:
    root = init(tmp_path)
    write_files(root, {"soclint.yaml": CONFIG, "roster.md": ROSTER})
    write_files(root, {POLICY: PLAIN.format(text="Access is least privilege.")})
    commit(root, "Rewrite the access policy", "2026-01-13")
    write_files(root, {POLICY: policy(approved="2026-01-13")})
    commit(root, "Bring the policies under soclint", "2026-02-01")

    assert located(run(root)) == []


def test_an_edit_after_the_approval_date_is_reported_when_the_recording_also_edits(
    tmp_path: Path,
) -> None:
    root = program(tmp_path, approved="2025-01-10")
    commit(root, "Add", "2025-01-10")
    edit(root, POLICY, "least privilege", "need to know")
    sha = commit(root, "Reword", "2026-03-07")
    edit(root, POLICY, "need to know", "need-to-know")
    edit(root, POLICY, "date: 2025-01-10", "date: 2026-03-05")
    commit(root, "Fix a typo and record the approval of 2026-03-05", "2026-03-08")

    assert f"commit {sha[:7]} on 2026-03-07" in drift_message(root)


def test_a_history_opens_at_the_top_of_the_work_tree_holding_the_folder(tmp_path: Path) -> None:
    root = init(tmp_path / "repo")
    write_files(root, {"programs/acme/a.md": "A\n", "b.md": "B\n"})
    commit(root, "Files", "2026-01-10")
    history = GitHistory.open(root / "programs" / "acme")

    assert history.top == root.resolve()
    assert set(history.changes) == {"a.md"}


def test_a_linked_work_tree_opens_at_its_own_top(tmp_path: Path) -> None:
    root = init(tmp_path / "repo")
    write_files(root, {"a.md": "A\n"})
    commit(root, "A", "2026-01-10")
    git(root, "worktree", "add", "-q", str(tmp_path / "linked"))
    write_files(tmp_path / "linked", {"a.md": "A, edited in the linked work tree\n"})
    history = GitHistory.open(tmp_path / "linked")

    assert history.top == (tmp_path / "linked").resolve()
    assert set(history.uncommitted) == {"a.md"}


@pytest.mark.parametrize("where", ["outside", "missing", "dangling-link"])
def test_a_folder_in_no_repository_has_no_history(tmp_path: Path, where: str) -> None:
    folder = tmp_path / "program"
    folder.mkdir()
    if where == "missing":
        folder = tmp_path / "gone"
    if where == "dangling-link":
        (folder / ".git").write_text(f"gitdir: {tmp_path / 'nowhere'}\n", encoding="utf-8")
    with pytest.raises(NotARepository, match=r"^the folder is not inside a git repository$"):
        GitHistory.open(folder)


def test_a_repository_without_a_work_tree_has_no_history(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q", "--bare", "bare.git")
    root = init(tmp_path / "repo")
    for folder in (tmp_path / "bare.git", root / ".git"):
        with pytest.raises(HistoryUnavailable, match=r"^the repository has no working tree$"):
            GitHistory.open(folder)


def test_a_check_outside_any_repository_says_history_was_skipped(tmp_path: Path) -> None:
    write_files(tmp_path, {"soclint.yaml": CONFIG, "roster.md": ROSTER, POLICY: policy()})

    skipped = [f for f in run(tmp_path).findings if f.code == "A012"]
    assert skipped, "the history rules say they were skipped"
    assert all("not inside a git repository" in f.message for f in skipped)
