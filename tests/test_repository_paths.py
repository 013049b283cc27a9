"""Paths resolved inside the repository, symbolic links followed, nothing outside looked at."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import write_files

from soclint import repository_paths
from soclint.repository_paths import MAX_LINKS, Place, RepositoryPaths


@pytest.fixture
def root(tmp_path: Path) -> Path:
    write_files(tmp_path / "outside", {"secret.txt": "secret\n"})
    repo = write_files(tmp_path / "repo", {"docs/a.md": "# A\n", "evidence/e.csv": "x\n"})
    (repo / "docs" / "to-a.md").symlink_to("a.md")
    (repo / "docs" / "chain.md").symlink_to("to-a.md")
    (repo / "docs" / "up").symlink_to("..")
    (repo / "docs" / "absolute.md").symlink_to(repo / "docs" / "a.md")
    (repo / "evidence-link").symlink_to("evidence")
    (repo / "out").symlink_to("../outside")
    (repo / "abs-out").symlink_to(tmp_path / "outside")
    (repo / "root-out").symlink_to("/")
    (repo / "loop").symlink_to("loop")
    return repo


@pytest.mark.parametrize(
    ("path", "real"),
    [
        ("docs/a.md", "docs/a.md"),
        ("docs/to-a.md", "docs/a.md"),
        ("docs/chain.md", "docs/a.md"),
        ("docs/absolute.md", "docs/a.md"),
        ("docs/up/evidence/e.csv", "evidence/e.csv"),
        ("evidence-link/e.csv", "evidence/e.csv"),
        ("evidence-link/../docs/a.md", "docs/a.md"),
        ("./docs//a.md", "docs/a.md"),
        ("docs", "docs"),
        ("", ""),
    ],
)
def test_paths_inside_resolve_to_their_real_path(root: Path, path: str, real: str) -> None:
    resolved = RepositoryPaths(root).resolve(path)
    assert (resolved.place, resolved.real) == (Place.INSIDE, real)


@pytest.mark.parametrize(
    "path",
    [
        "..",
        "../outside/secret.txt",
        "docs/../../x",
        "out/secret.txt",
        "out/nothing.txt",
        "abs-out/secret.txt",
        "abs-out/nothing",
        "root-out/etc/passwd",
        "root-out/nothing",
        "docs/up/../x",
    ],
)
def test_paths_that_leave_the_repository_are_outside_whether_or_not_they_exist(
    root: Path, path: str
) -> None:
    assert RepositoryPaths(root).resolve(path).place is Place.OUTSIDE


@pytest.mark.parametrize(
    "path", ["docs/b.md", "docs/a.md/x", "loop", "loop/x", "nul\0byte", "x" * 5000]
)
def test_paths_to_nothing_are_missing(root: Path, path: str) -> None:
    assert RepositoryPaths(root).resolve(path).place is Place.MISSING


def test_a_chain_of_links_longer_than_the_limit_is_missing(root: Path) -> None:
    for number in range(MAX_LINKS + 1):
        (root / f"l{number}").symlink_to(f"l{number + 1}" if number < MAX_LINKS else "docs")
    assert RepositoryPaths(root).resolve("l1/a.md").place is Place.INSIDE
    assert RepositoryPaths(root).resolve("l0/a.md").place is Place.MISSING


def test_only_regular_files_are_files(root: Path) -> None:
    paths = RepositoryPaths(root)
    assert paths.resolve("docs/chain.md").is_file
    assert not paths.resolve("docs").is_file
    assert not paths.resolve("out/secret.txt").is_file


def test_nothing_outside_the_root_is_looked_at(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = RepositoryPaths(root)  # resolving the root itself looks at its parents
    real_root = os.path.realpath(root)
    looked: list[str] = []
    lstat, readlink = os.lstat, os.readlink

    def watched_lstat(path: str) -> os.stat_result:
        looked.append(path)
        return lstat(path)

    def watched_readlink(path: str) -> str:
        looked.append(path)
        return readlink(path)

    monkeypatch.setattr(os, "lstat", watched_lstat)
    monkeypatch.setattr(os, "readlink", watched_readlink)
    for path in ("out/secret.txt", "abs-out/secret.txt", "root-out/etc/passwd", "../x", "loop"):
        paths.resolve(path)
    assert looked and all(p == real_root or p.startswith(real_root + os.sep) for p in looked)


@pytest.mark.parametrize(
    ("path", "real"),
    [
        ("Docs/A.md", "docs/a.md"),
        ("DOCS/to-A.md", "docs/a.md"),
        ("Evidence-Link/E.csv", "evidence/e.csv"),
    ],
)
def test_a_path_in_other_letter_case_resolves_when_case_is_ignored(
    root: Path, path: str, real: str
) -> None:
    paths = RepositoryPaths(root)
    assert paths.resolve(path).place is Place.MISSING
    resolved = paths.resolve_ignoring_case(path)
    assert (resolved.place, resolved.real) == (Place.INSIDE, real)


def test_ignoring_case_lists_no_folder_outside_the_root(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = RepositoryPaths(root)
    real_root = os.path.realpath(root)
    listed: list[str] = []
    listdir = os.listdir

    def watched_listdir(path: str) -> list[str]:
        listed.append(path)
        return listdir(path)

    monkeypatch.setattr(os, "listdir", watched_listdir)
    for path in ("OUT/Secret.txt", "Abs-Out/SECRET.txt", "Root-Out/ETC", "docs/UP/../../X"):
        assert paths.resolve_ignoring_case(path).place is not Place.INSIDE
    assert paths.resolve_ignoring_case("Docs/Nothing.md").place is Place.MISSING
    assert listed and all(p == real_root or p.startswith(real_root + os.sep) for p in listed)


def test_reading_names_ignoring_case_stops_at_its_budget(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(repository_paths, "MAX_CASE_STEPS", 3)
    paths = RepositoryPaths(root)
    assert paths.resolve_ignoring_case("Docs/A.md").place is Place.INSIDE  # 2 names
    assert paths.resolve_ignoring_case("Docs/A.md").place is Place.MISSING  # 2 more: over
    assert paths.resolve("docs/a.md").place is Place.INSIDE
