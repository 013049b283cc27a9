"""Links and content: links resolved inside the repository (symbolic links, website paths,
letter case), and bodies shaped to defeat the rules."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import located, run, write_files

from soclint.errors import UsageError
from soclint.program import load_program

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


@pytest.mark.slow
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


SITE_LINKS = """\
See [vendor](/security-policies/vendor/) and [its scope](/security-policies/vendor.html#scope).
A [typo](/security-policies/vendr/), an [anchor](/security-policies/vendor/#nope).
The [evidence folder](/security-policies/evidence/) and [the index](/security-policies/).
[careers](/careers/) [a repository path](/content/policies/acess.md) [a page](/guide.md)
[escape](/security-policies/../../../outside/secret.md)
"""


def _site(tmp_path: Path, config: str) -> Path:
    write_files(tmp_path / "outside", {"secret.md": "# Secret\n"})
    return write_files(
        tmp_path / "site",
        {
            "soclint.yaml": config,
            "content/policies/access.md": STANDARD + SITE_LINKS,
            "content/policies/vendor.md": STANDARD.replace("STD-A", "STD-V") + "# Scope\n",
            "content/policies/evidence/_index.md": "# Evidence\n",
        },
    )


def test_site_absolute_links_resolve_through_the_mapped_folder(tmp_path: Path) -> None:
    root = _site(tmp_path, "site_paths:\n  /security-policies/: content/policies\n")
    report = run(root, select=["L001", "L004"])
    found = [(f.code, f.line, f.column, f.message) for f in report.findings]
    page = "content/policies/access.md"
    assert [(code, line, column) for code, line, column, _ in found] == [
        ("L001", 7, 10),
        ("L001", 7, 50),
        ("L004", 9, 11),
        ("L001", 9, 42),
        ("L001", 9, 79),
        ("L001", 10, 10),
    ]
    assert {f.path for f in report.findings} == {page}
    messages = [message for _, _, _, message in found]
    assert messages[0] == (
        "the link '/security-policies/vendr/': neither content/policies/vendr nor "
        "content/policies/vendr.md exists"
    )
    assert "content/policies/vendor.md has no heading with the anchor '#nope'" in messages[1]
    assert messages[2].startswith("the link '/careers/' is not checked")
    assert messages[5].endswith("points outside the repository")


def test_without_a_mapping_website_paths_are_not_checked_and_repository_paths_are(
    tmp_path: Path,
) -> None:
    root = _site(tmp_path, "select: [L001, L004]\n")
    report = run(root)
    # Under /security-policies/, as /careers/, each link is a website's; /content/... and
    # /guide.md read as paths of the repository (a folder of the root, a Markdown file).
    assert [(f.code, f.line) for f in report.findings] == [
        ("L004", 6),
        ("L004", 6),
        ("L004", 7),
        ("L004", 7),
        ("L004", 8),
        ("L004", 8),
        ("L004", 9),
        ("L001", 9),
        ("L001", 9),
        ("L001", 10),
    ]


def test_a_website_path_written_with_an_encoded_slash_is_still_reported(
    tmp_path: Path,
) -> None:
    write_files(
        tmp_path,
        {"a.md": STANDARD + "[careers](%2Fcareers/) [vendor](%2Fpolicies/vendr.md)\n"},
    )
    report = run(tmp_path, select=["L001", "L004"])
    assert [(f.code, f.line, f.column) for f in report.findings] == [
        ("L004", 6, 11),
        ("L001", 6, 33),
    ]


def test_a_mapped_folder_that_leads_out_of_the_repository_is_not_followed(
    tmp_path: Path,
) -> None:
    root = _site(tmp_path, "site_paths:\n  /security-policies: linked\n")
    (root / "linked").symlink_to(tmp_path / "outside")
    report = run(root, select=["L001"])
    outside = [f for f in report.findings if f.message.endswith("points outside the repository")]
    # every link under the prefix leads out, whether or not its target exists there
    assert len(outside) == 7


def test_a_link_in_other_letter_case_names_the_file_it_meant(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {
            "policies/a.md": STANDARD + "[b](B.md) [c](../Procedures/c.md) [d](d.md)\n",
            "policies/b.md": "# B\n",
            "procedures/c.md": "# C\n",
        },
    )
    report = run(tmp_path, select=["L001"])
    assert [(f.line, f.column, f.message) for f in report.findings] == [
        (
            6,
            5,
            "the link 'B.md': policies/B.md does not exist; policies/b.md does, in other "
            "letter case, so the link works only on disks that ignore case",
        ),
        (
            6,
            15,
            "the link '../Procedures/c.md': Procedures/c.md does not exist; procedures/c.md "
            "does, in other letter case, so the link works only on disks that ignore case",
        ),
        (6, 39, "the link 'd.md': policies/d.md does not exist"),
    ]


@pytest.mark.parametrize(
    ("setting", "error"),
    [
        (
            "site_paths:\n  /docs: ../elsewhere\n",
            "soclint.yaml:2:3: site_paths: '../elsewhere' is not a folder inside the repository",
        ),
        ("site_paths:\n  /docs: /srv/site\n", "soclint.yaml:2:3: site_paths: '/srv/site' is not"),
        ("site_paths:\n  docs: content\n", "soclint.yaml:2:3: site_paths: key 'docs' is not"),
    ],
)
def test_a_site_path_must_map_a_url_prefix_to_a_folder_inside(
    tmp_path: Path, setting: str, error: str
) -> None:
    write_files(tmp_path, {"soclint.yaml": setting})
    with pytest.raises(UsageError) as raised:
        load_program(tmp_path)
    assert str(raised.value).startswith(error)
