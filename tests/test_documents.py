"""Files that are not clean UTF-8 Markdown: each gets one finding at its line, never a crash."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import located, run, write_files

from soclint.document import MAX_FILE_BYTES, read_document

POLICY = "---\ntype: standard\nid: STD-A\n---\nbody\n"


def test_non_utf8_file_is_reported_at_the_line_of_the_bad_byte(tmp_path: Path) -> None:
    write_files(
        tmp_path, {"latin1.md": "---\ntype: standard\ntitle: caf\xe9\n---\n".encode("latin-1")}
    )
    report = run(tmp_path, select=["S"])
    assert located(report) == [("S004", "latin1.md", 3)]
    assert "0xe9" in report.findings[0].message


def test_binary_file_is_reported(tmp_path: Path) -> None:
    write_files(tmp_path, {"image.md": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"})
    assert located(run(tmp_path, select=["S"])) == [("S004", "image.md", 3)]


def test_file_over_one_mebibyte_is_reported_without_being_read(tmp_path: Path) -> None:
    write_files(tmp_path, {"huge.md": POLICY + "x" * MAX_FILE_BYTES})
    report = run(tmp_path, select=["S"])
    assert located(report) == [("S005", "huge.md", 1)]
    assert "1.0 MiB" in report.findings[0].message


def test_byte_order_mark_and_crlf_line_endings_are_accepted(tmp_path: Path) -> None:
    content = "\ufeff" + POLICY.replace("\n", "\r\n")
    write_files(tmp_path, {"windows.md": content.encode("utf-8")})
    doc = read_document(tmp_path / "windows.md", "windows.md")
    assert doc.problems == []
    assert doc.id == "STD-A" and doc.body_line == 5


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file_is_reported(tmp_path: Path) -> None:
    write_files(tmp_path, {"secret.md": POLICY})
    (tmp_path / "secret.md").chmod(0)
    assert located(run(tmp_path, select=["S"])) == [("S010", "secret.md", 1)]


def test_special_files_are_reported_not_read(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.md")
    assert located(run(tmp_path, select=["S"])) == [("S010", "pipe.md", 1)]


def test_symlinks_leaving_the_repository_are_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    repo = tmp_path / "repo"
    write_files(outside, {"secret.md": "no front-matter\n"})
    write_files(repo, {"a.md": POLICY})
    (repo / "link.md").symlink_to(outside / "secret.md")
    (repo / "zero.md").symlink_to("/dev/zero")
    assert located(run(repo, select=["S"])) == []


def test_hidden_folders_and_default_exclusions_are_skipped(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {
            ".github/PULL_REQUEST_TEMPLATE.md": "no front-matter\n",
            ".git/notes.md": "no front-matter\n",
            "node_modules/pkg/README.md": "no front-matter\n",
            "docs/README.md": "no front-matter\n",
            "CHANGELOG.md": "no front-matter\n",
            "docs/guide.md": "no front-matter\n",
        },
    )
    assert located(run(tmp_path, select=["S001"])) == [("S001", "docs/guide.md", 1)]


def test_include_and_exclude_globs_from_config(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {
            "soclint.yaml": "include: ['policies/**/*.md']\nexclude: ['**/drafts/*']\n",
            "policies/a.md": "no front-matter\n",
            "policies/drafts/b.md": "no front-matter\n",
            "notes/c.md": "no front-matter\n",
        },
    )
    assert located(run(tmp_path, select=["S001"])) == [("S001", "policies/a.md", 1)]
