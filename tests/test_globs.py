"""include/exclude globs: .gitignore semantics, and a clear error for a glob that cannot be used."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import located, run, write_files

from soclint.cli import main
from soclint.globs import GlobSet, glob_problem, literal_glob

PATHS = (
    "README.md",
    "docs/README.md",
    "docs/guide.md",
    "docs/deep/note.md",
    "policies/access.md",
    "policies/drafts/old.md",
    "x/policies/b.md",
    "*.md",
    "#tag.md",
    "a].md",
    "b.md",
)


def matched(*patterns: str) -> list[str]:
    globs = GlobSet(patterns)
    return [path for path in PATHS if globs.matches(path)]


def test_patterns_have_gitignore_semantics() -> None:
    # A slash at the start anchors to the root; a name alone matches at any depth.
    assert matched("/README.md") == ["README.md"]
    assert matched("README.md") == ["README.md", "docs/README.md"]
    # A trailing slash matches a folder and everything in it; so does a folder's name.
    assert matched("docs/") == ["docs/README.md", "docs/guide.md", "docs/deep/note.md"]
    assert matched("drafts") == ["policies/drafts/old.md"]
    # A slash inside anchors to the root; `*` stays in its folder, `**` spans folders.
    assert matched("policies/*.md") == ["policies/access.md"]
    assert matched("policies/**/*.md") == ["policies/access.md", "policies/drafts/old.md"]
    assert matched("**/policies/*.md") == ["policies/access.md", "x/policies/b.md"]
    # A backslash escapes; `!` takes back what an earlier pattern matched.
    assert matched("\\*.md", "\\#tag.md") == ["*.md", "#tag.md"]
    assert matched("docs/**", "!docs/deep/note.md") == ["docs/README.md", "docs/guide.md"]
    assert matched("/[a-b]*.md") == ["a].md", "b.md"]
    assert matched("/[!a-z]*.md") == ["README.md", "*.md", "#tag.md"]


def test_runs_of_stars_read_as_git_reads_them() -> None:
    assert matched("***/note.md") == matched("**/note.md") == ["docs/deep/note.md"]
    assert matched("*" * 25 + ".md") == matched("*.md")
    # Patterns whose regular expression would backtrack are matched by RE2, which does not.
    assert not GlobSet(["*a" * 40 + "b", "*?" * 40 + "x"]).matches("a" * 250)
    assert GlobSet(["*a" * 40]).matches("a" * 250)


@pytest.mark.parametrize(
    ("pattern", "problem"),
    [
        ("[z-a].md", "'[z-a].md' is not a valid glob: bad character range z-a"),
        ("[[:alpha:]].md", "character class names such as [:alpha:] are not supported"),
        ("#drafts", "is a comment in .gitignore syntax; write \\# for a name with #"),
        ("   ", "a glob must not be blank"),
        ("/", "'/' matches nothing"),
        ("docs\\", "'docs\\\\' is not a valid glob"),
    ],
)
def test_globs_that_cannot_be_used(pattern: str, problem: str) -> None:
    found = glob_problem(pattern)
    assert found is not None and problem in found


def test_usable_globs_have_no_problem() -> None:
    for pattern in ("**/*.md", "/README.md", "docs/", "!keep.md", "\\#x.md", "[[]x.md", "a*"):
        assert glob_problem(pattern) is None, pattern


def test_a_glob_that_cannot_be_used_is_a_configuration_error_at_its_key(tmp_path: Path) -> None:
    write_files(tmp_path, {"a.md": "---\ntype: standard\nid: STD-A\ntitle: T\n---\n"})
    cases = {
        "include: ['[z-a].md']\n": "soclint.yaml:1:11: include[0]: '[z-a].md' is not a valid glob",
        "exclude:\n  - drafts/\n  - '[[:alpha:]].md'\n": "soclint.yaml:3:5: exclude[1]: ",
        "extend_exclude: ['#x']\n": "soclint.yaml:1:18: extend_exclude[0]: '#x' is a comment",
    }
    for config, expected in cases.items():
        (tmp_path / "soclint.yaml").write_text(config)
        result = CliRunner().invoke(main, ["check", str(tmp_path)])
        assert result.exit_code == 2, result.output
        assert expected in result.output and result.output.count("\n") == 1


def test_many_stars_select_the_files_they_name(tmp_path: Path) -> None:
    files = {
        "access-control-policy-2026.md": "no front-matter\n",
        "access-control-policy-2026.x": "no front-matter\n",
        "README.md": "no front-matter\n",
    }
    write_files(tmp_path, {**files, "soclint.yaml": f"include: ['{'*' * 25}.x']\n"})
    assert located(run(tmp_path, select=["S001"])) == [("S001", "access-control-policy-2026.x", 1)]


def test_extend_exclude_adds_to_the_default_excludes(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {
            "README.md": "no front-matter\n",
            "docs/guide.md": "no front-matter\n",
            "docs/keep.md": "no front-matter\n",
            "policy.md": "no front-matter\n",
            "soclint.yaml": "extend_exclude: [docs/, '!docs/keep.md']\n",
        },
    )
    assert located(run(tmp_path, select=["S001"])) == [
        ("S001", "docs/keep.md", 1),
        ("S001", "policy.md", 1),
    ]


@pytest.mark.parametrize("path", [*PATHS, "!bang.md", "sp ace/x?.md", "trailing .md", "a\\b.md"])
def test_a_literal_glob_matches_its_own_path_only(path: str) -> None:
    pattern = literal_glob(path)
    assert glob_problem(pattern) is None
    others = [p for p in (*PATHS, "x/" + path, path + "x") if p != path]
    assert GlobSet([pattern]).matches(path)
    assert not any(GlobSet([pattern]).matches(other) for other in others), pattern
    folder = GlobSet([literal_glob("docs") + "/"])
    assert folder.matches("docs/deep/note.md") and not folder.matches("x/docs/a.md")
