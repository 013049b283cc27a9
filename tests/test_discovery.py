"""Which files a run reads: git's ignore rules (asked of git, or read from .gitignore files
without it), the default list of files that are not policies, include and exclude."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import located, run, write_files
from gitrepo import commit, git, init

from soclint.cli import main

# A file the run reads and reports (S001: no front-matter), so the tests see what is read.
PROSE = "# Notes\n"
# A soclint document, so that a run is not a first run (S011) and every rule reports.
POLICY = "---\ntype: policy\nid: POL-A\ntitle: A\n---\n"
READ_ONLY_S001 = {"select": ["S001"]}


def read(root: Path, **options: object) -> list[str]:
    """The files a check of `root` reads that have no front-matter."""
    return [path for _code, path, _line in located(run(root, **{**READ_ONLY_S001, **options}))]


GIT_TREE = {
    ".gitignore": "build/\n*.tmp.md\n!keep.tmp.md\ntracked.md\n",
    "policies/access.md": PROSE,
    "policies/scratch.tmp.md": PROSE,
    "policies/keep.tmp.md": PROSE,
    "policies/.gitignore": "local.md\n",
    "policies/local.md": PROSE,
    "build/site/access.md": PROSE,
    "tracked.md": PROSE,
    "untracked.md": PROSE,
    "excluded-by-info.md": PROSE,
}


def test_in_a_git_work_tree_git_says_which_files_are_ignored(tmp_path: Path) -> None:
    root = init(tmp_path)
    write_files(root, {"tracked.md": PROSE})
    commit(root, "A tracked file that .gitignore names later", "2026-01-10")
    write_files(root, GIT_TREE)  # type: ignore[arg-type]
    (root / ".git" / "info").mkdir(exist_ok=True)
    (root / ".git" / "info" / "exclude").write_text("excluded-by-info.md\n")

    assert read(root) == [
        "policies/access.md",
        "policies/keep.tmp.md",
        "tracked.md",  # git tracks it: its ignore rules do not apply
        "untracked.md",
    ]


@pytest.mark.slow
def test_when_git_gives_no_answer_the_gitignore_files_are_read_instead(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # git waits forever for a writer on a named pipe called .gitignore: it is stopped.
    monkeypatch.setattr("soclint.ignored_files.GIT_LIST_SECONDS", 1.0)
    root = init(tmp_path)
    write_files(root, {"tracked.md": PROSE, "build/site/tracked.md": PROSE})
    commit(root, "Files that .gitignore names later", "2026-01-10")
    write_files(root, GIT_TREE)  # type: ignore[arg-type]
    (root / "notes").mkdir()
    os.mkfifo(root / "notes" / ".gitignore")

    # As git would list them, but for .git/info/exclude, which only git reads.
    assert read(root) == [
        "build/site/tracked.md",  # tracked, in an ignored folder: read
        "excluded-by-info.md",
        "policies/access.md",
        "policies/keep.tmp.md",
        "tracked.md",
        "untracked.md",
    ]


def test_without_git_the_gitignore_files_are_read_as_git_reads_them(tmp_path: Path) -> None:
    files = {
        **GIT_TREE,
        # A deeper file overrides a higher one; nothing in an ignored folder is looked at.
        "policies/.gitignore": "local.md\n!scratch.tmp.md\n",
        "build/.gitignore": "!site/\n",
        # Lines git cannot use are left out; the others still count.
        "notes/.gitignore": "[z-a]\n# comment\n\ndraft.md\n",
        "notes/draft.md": PROSE,
        "notes/final.md": PROSE,
    }
    write_files(tmp_path, files)  # type: ignore[arg-type]

    assert read(tmp_path) == [
        "excluded-by-info.md",
        "notes/final.md",
        "policies/access.md",
        "policies/keep.tmp.md",
        "policies/scratch.tmp.md",
        "untracked.md",
    ]


def test_a_program_in_a_folder_git_ignores_is_read_by_its_own_gitignore_files(
    tmp_path: Path,
) -> None:
    root = init(tmp_path)
    write_files(root, {".gitignore": "scratch/\n", "README.md": "Readme.\n"})
    commit(root, "Ignore the scratch folder", "2026-01-10")
    program = tmp_path / "scratch" / "program"
    write_files(
        program,
        {"soclint.yaml": "", ".gitignore": "old/\n", "access.md": PROSE, "old/a.md": PROSE},
    )

    assert read(program) == ["access.md"]


def test_the_tree_of_a_diff_base_is_read_whole_as_git_tracks_it(tmp_path: Path) -> None:
    # A file git tracks although .gitignore names it is read at the base as at the head,
    # so its findings predate the change instead of showing as the change's.
    root = init(tmp_path)
    write_files(root, {".gitignore": "forced.md\n", "a.md": POLICY, "forced.md": PROSE})
    git(root, "add", "-f", "forced.md")
    commit(root, "Base", "2026-01-10")
    write_files(root, {"b.md": PROSE})
    commit(root, "Head", "2026-01-11")

    report = run(root, diff_base="HEAD~1", select=["S001"])

    # Had the base not read forced.md, the change would have added it, and its S001.
    assert located(report) == [("S001", "b.md", 1)]


NOT_POLICIES = {
    "README.md": PROSE,
    "docs/readme.markdown": PROSE,
    "Changelog.md": PROSE,
    "LICENSE.md": PROSE,
    "contributing.md": PROSE,
    "SECURITY.md": PROSE,
    "Code_Of_Conduct.md": PROSE,
    "SUPPORT.md": PROSE,
    "README.ja.md": PROSE,
    "vendor/lib/policy.md": PROSE,
    "Vendor/other.md": PROSE,
    "node_modules/pkg/policy.md": PROSE,
    "docs/Security.md": PROSE,
    "policies/security-policy.md": PROSE,
    "policies/support-process.md": PROSE,
    "policies/security.md": PROSE,  # a policy: GitHub reads SECURITY.md at the root or docs/
}


def test_files_that_are_plainly_not_policies_are_left_out_in_any_letter_case(
    tmp_path: Path,
) -> None:
    write_files(tmp_path, NOT_POLICIES)  # type: ignore[arg-type]

    assert read(tmp_path) == [
        "policies/security-policy.md",
        "policies/security.md",
        "policies/support-process.md",
    ]


def test_exclude_replaces_the_default_list(tmp_path: Path) -> None:
    write_files(tmp_path, {**NOT_POLICIES, "soclint.yaml": "exclude: [policies/]\n"})  # type: ignore[arg-type]

    # node_modules is never read: a folder of tools, not of people.
    assert "README.md" in read(tmp_path)
    assert "vendor/lib/policy.md" in read(tmp_path)
    assert [p for p in read(tmp_path) if p.startswith(("policies/", "node_modules/"))] == []


def test_extend_exclude_adds_to_the_default_list_and_may_take_back_from_it(
    tmp_path: Path,
) -> None:
    config = "extend_exclude: [policies/support-process.md, '!SECURITY.md']\n"
    write_files(tmp_path, {**NOT_POLICIES, "soclint.yaml": config})  # type: ignore[arg-type]

    assert read(tmp_path) == ["SECURITY.md", "policies/security-policy.md", "policies/security.md"]


def test_markdown_files_of_either_extension_are_read(tmp_path: Path) -> None:
    write_files(tmp_path, {"a.md": PROSE, "b.markdown": PROSE, "c.MD": PROSE, "d.txt": PROSE})

    assert read(tmp_path) == ["a.md", "b.markdown"]


def test_an_include_pattern_that_selects_no_file_is_a_warning_at_its_line(
    tmp_path: Path,
) -> None:
    config = (
        "include:\n"
        "  - policies/**/*.md\n"
        "  - procedure/**/*.md\n"  # the folder is procedures/
        "  - '!policies/old/*.md'\n"  # takes back; selects nothing by design
        "  - build/**/*.md\n"  # selects only files git ignores
        "  - drafts/*.md\n"  # selects a file that exclude then removes: not unused
        "exclude: [drafts/]\n"
    )
    root = init(tmp_path)
    write_files(
        root,
        {
            "soclint.yaml": config,
            ".gitignore": "build/\n",
            "policies/a.md": POLICY,
            "procedures/b.md": POLICY,
            "build/c.md": POLICY,
            "drafts/d.md": POLICY,
        },
    )

    report = run(root, select=["S012"])

    assert located(report) == [("S012", "soclint.yaml", 3), ("S012", "soclint.yaml", 5)]
    assert report.findings[0].message.startswith("include[1]: 'procedure/**/*.md' selects no file")
    assert report.findings[0].severity.value == "warning"


def test_the_default_include_that_selects_nothing_is_left_to_the_first_run_finding(
    tmp_path: Path,
) -> None:
    write_files(tmp_path, {"soclint.yaml": "as_of: 2026-01-01\n", "notes.txt": "Notes.\n"})

    assert [code for code, _path, _line in located(run(tmp_path))] == ["S011"]


@pytest.mark.parametrize("command", [["check"], ["check", "--format", "json"]])
def test_ignored_files_are_never_read_even_when_named(tmp_path: Path, command: list[str]) -> None:
    root = init(tmp_path)
    write_files(root, {".gitignore": "secret.md\n", "a.md": POLICY, "secret.md": PROSE})

    result = CliRunner().invoke(main, [*command, str(root / "secret.md")])

    assert "secret.md:1" not in result.output and "S001" not in result.output


def test_show_files_names_what_git_ignores(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = init(tmp_path)
    write_files(root, {"tracked.md": PROSE})
    commit(root, "A tracked file that .gitignore names later", "2026-01-10")
    write_files(root, GIT_TREE)  # type: ignore[arg-type]
    monkeypatch.chdir(root)

    result = CliRunner().invoke(main, ["check", "--show-files", "-q"])

    lines = result.output.splitlines()
    assert "skipped build/: ignored by git" in lines
    assert "skipped policies/local.md: ignored by git" in lines
    assert "skipped policies/scratch.tmp.md: ignored by git" in lines
    assert "read    tracked.md" in lines
    assert "read    policies/keep.tmp.md" in lines
