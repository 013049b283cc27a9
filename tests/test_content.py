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


def test_a_body_of_more_links_than_soclint_reads_says_where_it_stopped(tmp_path: Path) -> None:
    # Line 6 is the body's first: 600 lines of ten broken links, one paragraph, then a
    # second paragraph; the budget of 5,000 links ends after the 500th line.
    lines = "[x](nope.md) " * 10 + "\n"
    write_files(tmp_path, {"a.md": STANDARD + lines * 600 + "\n[y](gone.md)\n"})
    report = run(tmp_path, select=["L001"])
    cut_short = [f for f in report.findings if "links from line" in f.message]
    assert [(f.line, f.message) for f in cut_short] == [
        (
            506,
            "the body has more than 5,000 links; the links from line 506 on are not checked: "
            "split the document",
        )
    ]
    # That finding and 999 of the 5,000 broken links read are listed, then one that
    # counts the others.
    assert len(report.findings) == 1_000 + 1
    [more] = [f for f in report.findings if "not listed" in f.message]
    assert more.message.endswith(
        "(this and 4,000 more L001 findings of this file are not listed: soclint lists at "
        "most 1,000 of a rule per file)"
    )


def test_findings_past_the_listing_limit_are_counted_not_lost(tmp_path: Path) -> None:
    lines = "[x](nope.md) " * 10 + "\n\n"
    write_files(tmp_path, {"a.md": STANDARD + lines * 120, "b.md": STANDARD + "[y](gone.md)\n"})
    found = located(run(tmp_path, select=["L001"]))
    in_a = [line for code, path, line in found if path == "a.md"]
    # 1,200 broken links: 1,000 listed, the 1,001st (line 6 + 2 * 100) counts the other 199.
    assert len(in_a) == 1_001 and in_a[-1] == 6 + 2 * 100
    assert ("L001", "b.md", 6) in found
