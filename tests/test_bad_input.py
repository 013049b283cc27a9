"""Hostile or broken content: each problem is a finding at its line, never a crash, and
the other findings of the run are still there."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLE, located, run, write_files

from soclint.cli import main

STANDARD = """\
---
type: standard
id: STD-A
title: T
owner: x
status: approved
version: "1.0"
{line}
---
# A
"""


@pytest.fixture
def example(tmp_path: Path) -> Path:
    root = tmp_path / "program"
    shutil.copytree(EXAMPLE, root)
    return root


def _edit(file: Path, old: str, new: str) -> None:
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_review_on_the_last_day_of_the_calendar_is_a_future_review(tmp_path: Path) -> None:
    write_files(
        tmp_path, {"a.md": STANDARD.format(line="review: {last: 9999-12-31, cycle: annual}")}
    )
    found = located(run(tmp_path, select=["A", "V"]))
    assert ("A008", "a.md", 8) in found


@pytest.mark.parametrize("cycle", ["99999999 days", "999999999 months", "1" * 5000 + " days"])
def test_a_cycle_past_the_calendar_is_a_schema_finding(tmp_path: Path, cycle: str) -> None:
    line = f'review: {{last: 2026-01-01, cycle: "{cycle}"}}'
    write_files(tmp_path, {"a.md": STANDARD.format(line=line)})
    report = run(tmp_path, select=["A", "V"])
    assert [f for f in located(report) if f[0] == "V003"] == [("V003", "a.md", 8)]
    assert "is not a period" in report.findings[-1].message


def test_dates_at_the_calendar_ends_in_the_registers(example: Path) -> None:
    _edit(example / "registers/evidence.md", "collected: 2026-10-16", "collected: 9999-12-31")
    _edit(example / "registers/vendors.md", "period_end: 2026-03-31", "period_end: 9999-12-31")
    _edit(example / "registers/vendors.md", "last_review: 2026-06-16", "last_review: 9999-12-31")
    _edit(example / "registers/exceptions.md", "expires: 2027-01-31", "expires: 9999-12-31")
    _edit(example / "registers/exceptions.md", "date: 2026-08-05", "date: 0001-01-01")
    _edit(example / "registers/risks.md", "expires: 2027-03-31", "expires: 9999-12-31")
    _edit(example / "system-description.md", "end: 2026-09-30", "end: 9999-12-31")
    # Nothing falls due before the calendar ends; the 9999-year audit period is too long,
    # and evidence cannot have been collected in the future.
    found = located(run(example, select=["C", "K", "O", "A002"]))
    assert found == [
        ("O006", "registers/evidence.md", 12),
        ("C004", "system-description.md", 9),
    ]


@pytest.mark.parametrize(
    ("value", "line"),
    [("x-n: " + "9" * 4301, 5), ("version: 0x" + "f" * 4000, 5), ("x-n: !!int " + "9" * 4301, 5)],
    ids=["decimal", "hexadecimal", "tagged"],
)
def test_an_integer_too_long_to_print_is_a_finding(tmp_path: Path, value: str, line: int) -> None:
    write_files(
        tmp_path, {"a.md": f"---\ntype: standard\nid: STD-A\ntitle: T\n{value}\n---\nbody\n"}
    )
    found = located(run(tmp_path, select=["S", "V"]))
    assert ("S002", "a.md", line) in found
    assert ("V001", "a.md", 1) in found  # the other findings are still there


def test_a_nested_list_of_roles_is_a_schema_finding_not_a_crash(example: Path) -> None:
    _edit(example / "roster.md", "roles: [ceo]", "roles: [[ceo]]")
    found = located(run(example))
    assert ("V003", "roster.md", 9) in found
    assert ("A003", "system-description.md", 111) in found


def test_a_list_as_a_component_kind_is_a_schema_finding_not_a_crash(example: Path) -> None:
    _edit(example / "system-description.md", "    kind: service", "    kind: [service]")
    found = located(run(example, select=["V", "C"]))
    assert found == [("V003", "system-description.md", 14)]


def test_a_symbolic_link_loop_is_an_unreadable_file(tmp_path: Path) -> None:
    write_files(tmp_path, {"a.md": "---\ntype: standard\nid: STD-A\ntitle: T\n---\n"})
    (tmp_path / "loop1.md").symlink_to("loop2.md")
    (tmp_path / "loop2.md").symlink_to("loop1.md")
    (tmp_path / "self.md").symlink_to("self.md")
    (tmp_path / "gone.md").symlink_to("nothing-here.md")
    found = located(run(tmp_path, select=["S", "V001"]))
    assert found == [
        ("V001", "a.md", 1),
        ("V001", "a.md", 1),
        ("V001", "a.md", 1),
        ("S010", "gone.md", 1),
        ("S010", "loop1.md", 1),
        ("S010", "loop2.md", 1),
        ("S010", "self.md", 1),
    ]


@pytest.mark.skipif(os.geteuid() == 0, reason="root lists folders whatever their mode")
def test_a_folder_that_cannot_be_listed_is_reported(example: Path) -> None:
    (example / "procedures").chmod(0)
    try:
        report = run(example, select=["S"])
    finally:
        (example / "procedures").chmod(0o755)
    assert located(report) == [("S010", "procedures", 1)]


def test_a_folder_the_system_refuses_to_list_is_reported(
    example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    refused = example / "procedures"
    listing = os.scandir

    def scandir(path: str | Path) -> object:
        if Path(path) == refused:
            raise PermissionError(13, "Permission denied", str(path))
        return listing(path)

    monkeypatch.setattr(os, "scandir", scandir)
    report = run(example, select=["S", "L001"])
    assert ("S010", "procedures", 1) in located(report)
    [unreadable] = [f for f in report.findings if f.code == "S010"]
    assert unreadable.message.startswith("cannot read the folder: Permission denied")


def test_an_excluded_folder_that_cannot_be_listed_is_not_reported(
    example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (example / "soclint.yaml").write_text("exclude: [README.md, private]\n", encoding="utf-8")
    (example / "private").mkdir()
    listing = os.scandir

    def scandir(path: str | Path) -> object:
        if Path(path).name == "private":
            raise PermissionError(13, "Permission denied", str(path))
        return listing(path)

    monkeypatch.setattr(os, "scandir", scandir)
    assert located(run(example, select=["S"])) == []


def test_an_alias_of_a_long_string_repeated_thousands_of_times_is_refused(tmp_path: Path) -> None:
    big = "x" * 700_000
    front = STANDARD.format(line=f'x-big: &a "{big}"\nx-list: [' + ", ".join(["*a"] * 2000) + "]")
    write_files(tmp_path, {"a.md": front})
    found = located(run(tmp_path, select=["S", "A010", "V003"]))
    assert found == [("S002", "a.md", 9)]


@pytest.mark.slow
def test_a_value_repeated_a_hundred_thousand_times_is_one_finding(tmp_path: Path) -> None:
    controls = "  - CC6.1\n" * 100_000
    write_files(
        tmp_path, {"a.md": f"---\ntype: standard\nid: STD-A\ntitle: T\ncontrols:\n{controls}---\n"}
    )
    report = run(tmp_path, select=["V003"])
    assert located(report) == [("V003", "a.md", 7)]
    assert report.findings[0].message == "controls: 'CC6.1' is listed 100,000 times"


@pytest.mark.parametrize(
    "title", ['"T\u2028x\u2029y"', '"T\r\r\r\r\r\rx"', '"T\x85x"'], ids=["LS-PS", "CR", "NEL"]
)
def test_findings_after_a_line_break_git_does_not_count_are_at_their_line(
    tmp_path: Path, title: str
) -> None:
    text = (
        f"---\ntype: standard\nid: STD-A\ntitle: {title}\nx-a: 1\nx-when: 2026-02-30\n---\nbody\n"
    )
    write_files(tmp_path, {"a.md": text})
    report = run(tmp_path, select=["S006"])
    assert [(f.code, f.path, f.line, f.column) for f in report.findings] == [("S006", "a.md", 6, 9)]


def test_links_and_evidence_out_of_the_repository_say_so_without_looking(tmp_path: Path) -> None:
    outside = write_files(tmp_path / "outside", {"exists.txt": "secret\n"})
    root = tmp_path / "repo"
    write_files(
        root,
        {
            "a.md": "---\ntype: standard\nid: STD-A\ntitle: T\n---\n"
            "[1](out/exists.txt) [2](out/missing.txt) [3](abs/exists.txt) [4](up/missing)\n",
            "ev.md": "---\ntype: evidence-register\nid: ev\ntitle: E\nowner: x\nevidence:\n"
            "  - {id: E1, title: t, owner: x, cadence: annual, collected: 2026-10-01, "
            "location: out/exists.txt}\n"
            "  - {id: E2, title: t, owner: x, cadence: annual, collected: 2026-10-01, "
            "location: out/missing.txt}\n"
            "  - {id: E3, title: t, owner: x, cadence: annual, collected: 2026-10-01, "
            "location: inside/file.txt}\n---\n",
            "real/file.txt": "evidence\n",
        },
    )
    (root / "out").symlink_to(os.path.relpath(outside, root))
    (root / "abs").symlink_to(outside)
    (root / "up").symlink_to("..")
    (root / "inside").symlink_to(root / "real")
    report = run(root, select=["L001", "O007"])
    assert located(report) == [
        ("L001", "a.md", 6),
        ("L001", "a.md", 6),
        ("L001", "a.md", 6),
        ("L001", "a.md", 6),
        ("O007", "ev.md", 7),
        ("O007", "ev.md", 8),
    ]
    assert all("points outside the repository" in f.message for f in report.findings)


def test_an_anchor_on_a_key_is_valid_yaml(tmp_path: Path) -> None:
    write_files(
        tmp_path, {"a.md": "---\ntype: standard\nid: STD-A\n&t title: T\nx-alias: *t\n---\n"}
    )
    assert located(run(tmp_path, select=["S"])) == []


def test_an_iso_week_date_is_no_date(example: Path) -> None:
    _edit(example / "policies/access-control.md", "  last: 2026-08-12", '  last: "2025W011"')
    found = located(run(example, select=["A", "V"]))
    assert found == [("V003", "policies/access-control.md", 14)]


def test_fail_on_never_in_the_configuration(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {"soclint.yaml": "fail_on: never\n", "a.md": "---\ntype: standard\nid: STD-A\n---\n"},
    )
    result = CliRunner().invoke(main, ["check", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "V001" in result.output


@pytest.mark.parametrize("option", ["--as-of", "--as-of=2025W011"])
def test_the_as_of_date_on_the_command_line_is_yyyy_mm_dd_only(tmp_path: Path, option: str) -> None:
    args = [option] if "=" in option else [option, "20261101"]
    result = CliRunner().invoke(main, ["check", str(tmp_path), *args])
    assert result.exit_code == 2
    assert "is not a date in the form YYYY-MM-DD" in result.output


def test_a_version_with_a_part_too_long_to_read_is_no_version() -> None:
    from soclint.versions import parse_version

    assert parse_version("1." + "9" * 5000) is None
    assert parse_version("1." + "9" * 1001) is None
    assert parse_version("9" * 1001 + ".1") is None
    assert parse_version("1." + "9" * 1000) == (1, int("9" * 1000))
    assert parse_version("1." + "9" * 1000 + "\n") == (1, int("9" * 1000))
    assert parse_version("2.3\n\n") is None


def test_a_version_too_long_to_read_is_raised_from_no_version() -> None:
    from soclint.versions import bump_version

    assert bump_version("1." + "9" * 1001, "minor") == "1.0"
    assert bump_version("1." + "9" * 1000, "none") == "1." + "9" * 1000
