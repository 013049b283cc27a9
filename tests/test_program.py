"""One program, found and loaded the same way by every command: where its root is, which
paths a check reports, and the same refusals from check, coverage, rules, approve and review."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import EXAMPLE, write_files
from gitrepo import commit, init

from soclint.cli import main
from soclint.errors import UsageError
from soclint.program import find_root, load_program, target

AS_OF = ["--as-of", "2026-11-01"]


def _git_program(tmp_path: Path) -> Path:
    """A copy of the example in a git repository, without soclint.yaml, with findings in a
    policy, in the roster's people and about the program as a whole."""
    root = tmp_path / "repo"
    shutil.copytree(EXAMPLE, root)
    (root / "soclint.yaml").unlink()
    (root / "policies" / "incident-response.md").unlink()
    policy = root / "policies" / "access-control.md"
    policy.write_text(policy.read_text().replace("owner: priya.raman", "owner: nobody"))
    init(root)
    commit(root, "Program", "2026-10-01")
    return root


def _check(cwd: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, Any]:
    monkeypatch.chdir(cwd)
    result = CliRunner().invoke(main, ["check", "--format", "json", *AS_OF, *args])
    return result.exit_code, json.loads(result.output)


# Where the root is


def test_the_root_is_the_nearest_folder_with_soclint_yaml(tmp_path: Path) -> None:
    write_files(tmp_path, {"program/soclint.yaml": "", "program/policies/a.md": ""})
    assert find_root(tmp_path / "program" / "policies") == tmp_path / "program"


def test_without_soclint_yaml_the_root_is_the_top_of_the_git_work_tree(tmp_path: Path) -> None:
    init(tmp_path / "repo")
    (tmp_path / "repo" / "policies").mkdir()
    assert find_root(tmp_path / "repo" / "policies") == tmp_path / "repo"
    # In a linked worktree or a submodule `.git` is a file.
    write_files(tmp_path, {"worktree/.git": "gitdir: elsewhere\n", "worktree/a/b/x.md": ""})
    assert find_root(tmp_path / "worktree" / "a" / "b") == tmp_path / "worktree"


def test_a_soclint_yaml_above_the_work_tree_belongs_to_no_program_in_it(tmp_path: Path) -> None:
    write_files(tmp_path, {"soclint.yaml": "", "repo/policies/a.md": ""})
    init(tmp_path / "repo")
    assert find_root(tmp_path / "repo" / "policies") == tmp_path / "repo"


def test_with_neither_the_root_is_the_folder_given(tmp_path: Path) -> None:
    (tmp_path / "policies").mkdir()
    assert find_root(tmp_path / "policies") == tmp_path / "policies"


def test_a_folder_that_cannot_be_searched_marks_no_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_files(tmp_path, {"soclint.yaml": "", "locked/a.md": ""})
    is_file = Path.is_file

    def searched(path: Path) -> bool:
        if path.parent.name == "locked":
            raise PermissionError(13, "Permission denied")
        return is_file(path)

    monkeypatch.setattr(Path, "is_file", searched)
    assert find_root(tmp_path / "locked") == tmp_path


def test_paths_name_a_part_of_one_program(tmp_path: Path) -> None:
    write_files(tmp_path, {"soclint.yaml": "", "policies/a.md": "", "registers/r.md": ""})
    aim = target([Path("policies/a.md"), Path("registers")], tmp_path)
    assert aim.root == tmp_path.resolve() and aim.paths == ("policies/a.md", "registers")
    assert target([Path(".")], tmp_path / "policies").paths == ("policies",)
    assert target([Path("policies"), Path(".")], tmp_path).paths is None  # the root: all
    assert target([], tmp_path / "policies").paths is None


def test_paths_of_two_programs_are_a_usage_error(tmp_path: Path) -> None:
    write_files(tmp_path, {"a/soclint.yaml": "", "a/x.md": "", "b/soclint.yaml": "", "b/y.md": ""})
    with pytest.raises(UsageError, match="belong to different programs"):
        target([Path("a/x.md"), Path("b/y.md")], tmp_path)


def test_a_program_inside_another_is_not_read_as_part_of_it(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {
            "soclint.yaml": "select: [S]\n",
            "a.md": "---\ntype: standard\nid: A\n---\n",
            "nested/soclint.yaml": "select: [S]\n",
            "nested/b.md": "no front-matter\n",
        },
    )
    assert [d.path for d in load_program(tmp_path).repository.documents] == ["a.md"]
    assert [d.path for d in load_program(tmp_path / "nested").repository.documents] == ["b.md"]


# What check reports


def test_check_of_a_folder_inside_a_program_without_soclint_yaml_is_clean(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "repo"
    shutil.copytree(EXAMPLE, root)
    (root / "soclint.yaml").unlink()
    init(root)
    # The folder is not taken for the program: no missing roster, no link "outside".
    exit_code, report = _check(root, monkeypatch, "policies")
    assert (exit_code, report["findings"]) == (0, [])
    assert report["root"] == root.resolve().as_posix()
    exit_code, report = _check(root, monkeypatch, "policies/access-control.md")
    assert (exit_code, report["findings"]) == (0, [])


@pytest.mark.slow
def test_from_a_subfolder_the_verdict_is_the_one_from_the_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _git_program(tmp_path)
    exit_code, whole = _check(root, monkeypatch)
    assert exit_code == 1
    codes = {(f["code"], f["path"]) for f in whole["findings"]}
    assert ("R001", "policies/access-control.md") in codes
    assert ("P002", "system-description.md") in codes

    assert _check(root / "policies", monkeypatch) == (exit_code, whole)
    assert _check(root / "registers", monkeypatch) == (exit_code, whole)


@pytest.mark.slow
def test_path_arguments_report_the_whole_programs_findings_in_those_paths(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _git_program(tmp_path)
    _, whole = _check(root, monkeypatch)

    exit_code, part = _check(root, monkeypatch, "policies/access-control.md", "registers")

    assert exit_code == 1
    expected = [
        f
        for f in whole["findings"]
        if f["path"] == "policies/access-control.md" or str(f["path"]).startswith("registers/")
    ]
    assert part["findings"] == expected and expected
    # A file of the program with nothing to report passes, whatever the rest holds.
    exit_code, clean = _check(root, monkeypatch, "policies/cryptography.md")
    assert (exit_code, clean["findings"]) == (0, [])


@pytest.mark.slow
def test_text_paths_are_relative_to_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _git_program(tmp_path)
    monkeypatch.chdir(root / "policies")

    result = CliRunner().invoke(main, ["check", *AS_OF, "access-control.md", "../roster.md"])

    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0].startswith("access-control.md:6:1: error: R001 owner: 'nobody'")
    assert lines[-1].startswith("Checked 30 documents: ")
    assert lines[-1].endswith(" outside the paths given and not shown.")

    result = CliRunner().invoke(main, ["check", *AS_OF])
    assert "../system-description.md:1:1: error: P002 " in result.output


def test_findings_without_a_location_are_reported_only_for_the_whole_program(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_files(tmp_path, {"soclint.yaml": "select: [C001, S001]\n", "policies/a.md": "# A\n"})
    _, whole = _check(tmp_path, monkeypatch)
    assert [(f["code"], f["path"]) for f in whole["findings"]] == [
        ("S001", "policies/a.md"),
        ("C001", None),
    ]
    _, part = _check(tmp_path, monkeypatch, "policies")
    assert [f["code"] for f in part["findings"]] == ["S001"]
    _, again = _check(tmp_path / "policies", monkeypatch, "..")
    assert again["findings"] == whole["findings"]


# Every command loads the program the same way


@pytest.mark.parametrize(
    "command",
    [
        ["check"],
        ["coverage"],
        ["rules"],
        ["rule", "S001"],
        ["approve", "policies/access-control.md", "--by", "daniel.okafor"],
        ["review", "policies/access-control.md", "--by", "daniel.okafor"],
    ],
    ids=lambda command: command[0],
)
def test_every_command_refuses_a_pack_that_reuses_a_builtin_code(
    command: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "program"
    shutil.copytree(EXAMPLE, root)
    (root / "soclint.yaml").write_text("packs: [pack.yaml]\n")
    (root / "pack.yaml").write_text(
        "pack: acme\ntitle: Acme\nrules:\n  - code: S001\n    name: acme-rule\n"
        "    summary: A rule.\n    severity: error\n    match: {}\n    assert: {}\n"
        "    message: m\n"
    )
    policy = (root / "policies" / "access-control.md").read_bytes()
    monkeypatch.chdir(root / "policies")
    if command[0] in ("approve", "review"):
        command = [command[0], "access-control.md", *command[2:]]

    result = CliRunner().invoke(main, command)

    assert result.exit_code == 2, result.output
    assert (
        result.output
        == "soclint: error: pack.yaml:4:5: rule code S001 is taken by a built-in rule\n"
    )
    assert (root / "policies" / "access-control.md").read_bytes() == policy


def test_approve_judges_a_file_by_its_own_programs_roster(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("a", "b"):
        shutil.copytree(EXAMPLE, tmp_path / name)
        (tmp_path / name / "soclint.yaml").unlink()
        init(tmp_path / name)
    roster = tmp_path / "b" / "roster.md"
    roster.write_text(
        roster.read_text().replace(
            "people:\n", "people:\n  - {id: outsider, name: O, email: o@x.example, roles: [ceo]}\n"
        )
    )
    policy = tmp_path / "a" / "policies" / "access-control.md"
    before = policy.read_bytes()
    monkeypatch.chdir(tmp_path)

    refused = CliRunner().invoke(
        main, ["approve", "a/policies/access-control.md", "--by", "outsider"]
    )

    assert refused.exit_code == 2
    assert "'outsider' is not a person in the roster" in refused.output
    assert policy.read_bytes() == before
    approved = CliRunner().invoke(
        main, ["approve", "b/policies/access-control.md", "--by", "outsider", "--bump", "none"]
    )
    assert approved.exit_code == 0, approved.output


def test_rules_and_coverage_from_a_subfolder_use_the_programs_pack(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "program"
    shutil.copytree(EXAMPLE, root)
    with (root / "soclint.yaml").open("a") as config:
        config.write("packs: [pack.yaml]\n")
    (root / "pack.yaml").write_text(
        "pack: acme\ntitle: Acme\nrules:\n  - code: ACME001\n    name: acme-rule\n"
        "    summary: An Acme rule.\n    severity: error\n    match: {}\n    assert: {}\n"
        "    message: m\n"
    )
    monkeypatch.chdir(root / "policies")

    assert "ACME001  acme-rule" in CliRunner().invoke(main, ["rules"]).output
    assert CliRunner().invoke(main, ["rule", "acme-rule"]).output.startswith("ACME001 ")
    coverage = CliRunner().invoke(main, ["coverage", "access-control.md"])
    assert coverage.exit_code == 0, coverage.output
    assert "38 covered, 0 uncovered" in coverage.output
