"""Links that leave the repository through a symbolic link are findings, not followed."""

from __future__ import annotations

from pathlib import Path

from conftest import located, run, write_files

STANDARD = "---\ntype: standard\nid: STD-A\ntitle: A\n---\n"


def test_symbolic_links_out_of_the_repository_are_not_followed(tmp_path: Path) -> None:
    outside = write_files(tmp_path / "outside", {"secret.md": "# Secret heading\n"})
    root = write_files(
        tmp_path / "repo",
        {
            "a.md": STANDARD + "[file](docs/linked.md#secret-heading)\n[folder](docs/out/)\n"
            "[inside](docs/inside.md#title)\n",
            "docs/real.md": "# Title\n",
        },
    )
    (root / "docs" / "linked.md").symlink_to(outside / "secret.md")
    (root / "docs" / "out").symlink_to(outside)
    (root / "docs" / "inside.md").symlink_to(root / "docs" / "real.md")
    report = run(root, select=["L001"])
    assert located(report) == [("L001", "a.md", 6), ("L001", "a.md", 7)]
    assert all("points outside the repository" in f.message for f in report.findings)


def test_bodies_shaped_to_defeat_regular_expressions_are_read(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {
            "a.md": STANDARD + "<a " * 20000 + "\n",
            "b.md": STANDARD.replace("STD-A", "STD-B") + "# a" + " " * 20000 + "x\n",
            "c.md": STANDARD.replace("STD-A", "STD-C") + "[r]:" + " " * 20000 + "\n\n",
            "d.md": STANDARD.replace("STD-A", "STD-D") + "See [a](#a) and [b](b.md).\n",
        },
    )
    report = run(tmp_path, select=["L"])
    assert located(report) == [("L001", "d.md", 6)]
    assert "has no heading with the anchor '#a'" in report.findings[0].message


def test_findings_after_a_lone_carriage_return_are_at_their_file_line(tmp_path: Path) -> None:
    write_files(tmp_path, {"b.md": STANDARD + "line 6\rstill line 6\nTODO on line 7\n"})
    report = run(tmp_path, select=["L003"])
    assert located(report) == [("L003", "b.md", 7)]
    assert report.findings[0].column == 1


def test_each_broken_link_is_at_the_column_of_its_destination(tmp_path: Path) -> None:
    line = "[nope.md](nope.md) [x](nope.md) [x](gone.md) [x](<nope.md>) [x][r]\n"
    write_files(tmp_path, {"a.md": STANDARD + line * 3 + "\n[r]: nope.md\n"})
    report = run(tmp_path, select=["L001"])
    columns = [(f.line, f.column) for f in report.findings]
    # the reference link's destination is on another line: column 1
    assert columns == [(line, column) for line in (6, 7, 8) for column in (1, 11, 24, 37, 51)]
