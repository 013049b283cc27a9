"""The program at a past commit, rebuilt from git objects: links resolve inside it only, and
no name in a tree, however made, writes outside the folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from gitrepo import commit, git, init

from soclint.history.git_history import GitHistory
from soclint.history.snapshot import program_at, resolve_link


@pytest.mark.parametrize(
    ("path", "found"),
    [
        ("policies/a.md", "policies/a.md"),  # no link on the way
        ("policies/linked.md", "notes/a.txt"),  # ../notes/a.txt
        ("shortcut/a.txt", "notes/a.txt"),  # a link to a folder on the way
        ("policies/chain.md", "notes/a.txt"),  # a link to a link
        ("policies/up.md", None),  # ../../outside.md leaves the program
        ("policies/absolute.md", None),  # /etc/passwd
        ("policies/loop.md", None),  # loop.md -> loop.md
        ("shortcut/../policies/a.md", "policies/a.md"),  # `..` after a link: from its target
    ],
)
def test_links_resolve_inside_the_program_only(path: str, found: str | None) -> None:
    targets = {
        "policies/linked.md": "../notes/a.txt",
        "shortcut": "notes",
        "policies/chain.md": "linked.md",
        "policies/up.md": "../../outside.md",
        "policies/absolute.md": "/etc/passwd",
        "policies/loop.md": "loop.md",
    }
    assert resolve_link(path, targets) == found


def _tree(root: Path, entries: list[tuple[str, str, str]]) -> str:
    """A tree object from (mode, object, name) lines, as `git mktree` takes any names."""
    listing = "".join(
        f"{mode} {'tree' if mode == '040000' else 'blob'} {sha}\t{name}\n"
        for mode, sha, name in entries
    )
    return git(root, "mktree", input=listing).strip()


def _blob(root: Path, text: str) -> str:
    return git(root, "hash-object", "-w", "--stdin", input=text).strip()


def test_names_in_a_tree_never_lead_a_write_outside_the_folder(tmp_path: Path) -> None:
    root = init(tmp_path / "repo")
    outside = tmp_path / "outside"
    outside.mkdir()
    text = _blob(root, "---\ntype: standard\nid: STD-A\ntitle: A\n---\n")
    folder = _tree(root, [("100644", text, "a.md")])
    hostile = _tree(
        root,
        [
            ("100644", text, ".."),  # a file named `..`
            ("100644", text, "ok.md"),
            ("040000", folder, ".git"),  # a folder git would never check out
            ("040000", folder, "sub"),
            ("120000", _blob(root, str(outside)), "sub"),  # the same name again, as a link
            ("120000", _blob(root, str(outside)), "away"),
            ("120000", _blob(root, "x/" * 3000), "long"),  # longer than any path
        ],
    )
    tip = git(root, "commit-tree", hostile, "-m", "Hostile").strip()
    history = GitHistory.open(root)

    with program_at(history, history.commit(tip), ["**/*.md"]) as program:
        written = sorted(path.relative_to(program).as_posix() for path in program.rglob("*"))
        assert written == ["away", "ok.md", "sub", "sub/a.md"]
        assert (program / "away").is_symlink()
        assert not (program / "sub").is_symlink()
        assert (program / "ok.md").read_text(encoding="utf-8").startswith("---\ntype: standard")
    assert list(outside.iterdir()) == []
    assert not program.exists()


def test_files_no_run_reads_are_placeholders_of_their_size(tmp_path: Path) -> None:
    root = init(tmp_path / "repo")
    (root / "evidence").mkdir()
    (root / "evidence/scan.pdf").write_bytes(b"%PDF" + b"\0" * 5000)
    (root / "big.md").write_text("x" * (1024 * 1024 + 1), encoding="utf-8")
    (root / "policy.md").write_text("---\ntype: policy\n---\n", encoding="utf-8")
    sha = commit(root, "Files", "2025-01-10")
    history = GitHistory.open(root)

    with program_at(history, history.commit(sha), ["**/*.md"]) as program:
        assert (program / "policy.md").read_text(encoding="utf-8") == "---\ntype: policy\n---\n"
        assert os.path.getsize(program / "evidence/scan.pdf") == 5004
        assert os.path.getsize(program / "big.md") == 1024 * 1024 + 1
        assert (program / "evidence/scan.pdf").read_bytes() == b"\0" * 5004
