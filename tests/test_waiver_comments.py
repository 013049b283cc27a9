"""Waiver comments in a body: the lines each covers, and that they are approved content judged
by the same waiver rules as the front-matter's."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import AS_OF, EXAMPLE, located, run, write_files
from gitrepo import commit, git, init

from soclint.cli import main
from soclint.markdown import Comment
from soclint.waiver_comments import MAX_COMMENTS, CommentWaiver, comment_waivers

POLICY = "policies/access-control.md"
SCOPE_LINE = "Every account that can reach an in-scope component: employee and contractor"


def comment(text: str, line: int, end_line: int | None = None) -> Comment:
    return Comment(text, line, 1, line if end_line is None else end_line)


def covered(waivers: list[CommentWaiver]) -> list[tuple[str | None, int, int, str | None]]:
    return [(w.code, w.first, w.last, w.reason or w.problem) for w in waivers]


def test_each_form_covers_its_lines() -> None:
    waivers = comment_waivers(
        [
            comment(" soclint-disable-next-line L003, M005 -- quoted\n  from the template ", 3, 4),
            comment("soclint-disable-line L001 -- the link is checked elsewhere", 7),
            comment(" soclint-disable L003 K001 -- a block ", 9),
            comment(" soclint-enable K001 ", 12),
            comment(" soclint-disable M005 -- to the end ", 14),
            comment(" an ordinary comment ", 15),
            comment(" soclint-enable ", 18),
            comment(" soclint-disable L001 -- never closed ", 20),
        ],
        last_line=30,
    )
    assert covered(waivers) == [
        ("L003", 5, 5, "quoted from the template"),
        ("M005", 5, 5, "quoted from the template"),
        ("L001", 7, 7, "the link is checked elsewhere"),
        ("L003", 9, 17, "a block"),
        ("K001", 9, 11, "a block"),
        ("M005", 14, 17, "to the end"),
        ("L001", 20, 30, "never closed"),
    ]


def test_comments_that_waive_nothing_say_why() -> None:
    waivers = comment_waivers(
        [
            comment(" soclint-disable-next-line -- no code ", 1),
            comment(" soclint-disable-next-line L003 placeholder -- a word ", 2),
            comment(" soclint-disabel L003 -- misspelt ", 3),
            comment(" soclint-enable L003 ", 4),
            comment(" soclint-disable L003 -- one ", 5),
            comment(" soclint-disable L003 -- again ", 6),
            comment(" soclint-enable ", 7),
            comment(" soclint-enable ", 8),
            comment(" soclint-disable-next-line L003 ", 9),
        ],
        last_line=10,
    )
    assert covered(waivers) == [
        (None, 1, 1, "it names no rule code; write the codes before the reason: "
         "<!-- soclint-disable-next-line L003 -- the reason -->"),
        (None, 2, 2, "'placeholder' is not a rule code such as L003"),
        ("L003", 3, 3, "a word"),
        (None, 3, 3, "'soclint-disabel' is not a directive: soclint-disable-next-line, "
         "soclint-disable-line, soclint-disable, soclint-enable"),
        (None, 4, 4, "soclint-enable L003 ends no soclint-disable L003 block"),
        ("L003", 5, 6, "one"),
        (None, 6, 6, "L003 is already disabled since line 5"),
        (None, 8, 8, "soclint-enable ends no block: no soclint-disable is open"),
        ("L003", 10, 10, None),
    ]  # fmt: skip


def test_comments_past_the_limit_are_not_read() -> None:
    many = [comment(" soclint-disable-line L003 -- r ", line) for line in range(1, 1_500)]
    waivers = comment_waivers(many, last_line=1_500)
    assert len(waivers) == MAX_COMMENTS + 1
    assert waivers[-1].code is None and waivers[-1].line == MAX_COMMENTS + 1
    assert waivers[-1].problem == (
        "soclint reads at most 1,000 waiver comments in a document; "
        "this one and those after it are not read"
    )


def _insert(root: Path, before: str, text: str) -> int:
    """Insert `text` as lines before the line holding `before`; the line `before` is on then."""
    file = root / POLICY
    lines = file.read_text(encoding="utf-8").split("\n")
    at = next(index for index, line in enumerate(lines) if before in line)
    lines[at:at] = text.split("\n")
    file.write_text("\n".join(lines), encoding="utf-8")
    return at + 1 + text.count("\n") + 1


def _digest_line(root: Path) -> int:
    lines = (root / POLICY).read_text(encoding="utf-8").split("\n")
    return next(number for number, line in enumerate(lines, 1) if "digest: sha256:" in line)


def test_a_waiver_comment_is_content_that_needs_approval(example: Path) -> None:
    line = _insert(example, SCOPE_LINE, "TODO: list the service accounts") - 1
    digest = ("A010", POLICY, _digest_line(example))
    assert located(run(example, as_of=AS_OF)) == [digest, ("L003", POLICY, line)]
    _insert(example, "TODO: list", "<!-- soclint-disable-next-line L003 -- quoted -->")
    # The placeholder is waived, but the policy's text is still not the text approved.
    assert located(run(example, as_of=AS_OF)) == [digest]


def test_rules_that_guard_approvals_cannot_be_waived_by_a_comment(example: Path) -> None:
    line = _insert(
        example, SCOPE_LINE, "<!-- soclint-disable A010 -- editorial -->\nEditorial change."
    )
    findings = located(run(example, as_of=AS_OF))
    assert ("A010", POLICY, _digest_line(example)) in findings
    assert ("W006", POLICY, line - 2) in findings


def test_a_comment_reaches_no_line_of_the_front_matter(tmp_path: Path) -> None:
    root = write_files(
        tmp_path,
        {
            "a.md": "---\ntype: standard\nid: A\ntitle: A\nversion: 1.10\n---\n"
            "<!-- soclint-disable S008 -- the version is assigned elsewhere -->\n"
            "Text.\n",
            "soclint.yaml": "select: [S008, W]\n",
        },
    )
    assert located(run(root)) == [("S008", "a.md", 5), ("W003", "a.md", 7)]


def test_a_file_whose_front_matter_is_not_read_cannot_waive_that(tmp_path: Path) -> None:
    comment = "<!-- soclint-disable S001 S002 L003 -- not a document -->\n"
    root = write_files(
        tmp_path,
        {
            "no-front-matter.md": comment + "TODO\n",
            "unparsable.md": "---\ntype: [standard\n---\n" + comment + "TODO\n",
            "soclint.yaml": "select: [S001, S002, L003, W]\n",
        },
    )
    assert located(run(root)) == [
        ("S001", "no-front-matter.md", 1),
        ("L003", "no-front-matter.md", 2),
        ("S002", "unparsable.md", 3),
        ("L003", "unparsable.md", 5),
    ]


def test_a_comment_silences_its_own_document_only(tmp_path: Path) -> None:
    root = write_files(
        tmp_path,
        {
            "a.md": "---\ntype: standard\nid: A\ntitle: A\n---\n"
            "<!-- soclint-disable L003 -- the whole body is a template -->\nTODO\n",
            "b.md": "---\ntype: standard\nid: B\ntitle: B\n---\n\nTODO\n",
            "soclint.yaml": "select: [L003, W]\n",
        },
    )
    assert located(run(root)) == [("L003", "b.md", 7)]


def test_the_listing_limit_counts_what_waivers_left(tmp_path: Path) -> None:
    waived = "<!-- soclint-disable-next-line L003 -- quoted -->\nTODO\n" * 600
    root = write_files(
        tmp_path,
        {
            "a.md": "---\ntype: standard\nid: A\ntitle: A\n---\n" + waived + "TODO\n\n" * 1_100,
            "soclint.yaml": "select: [L003, W]\n",
        },
    )
    findings = run(root).findings
    # The 600 waived lines are silenced and every waiver was used; 1,100 are left, of which
    # the first 1,000 are listed and the 1,001st counts the other 99.
    assert {f.code for f in findings} == {"L003"}
    assert len(findings) == 1_001
    first_unwaived = 6 + 2 * 600
    assert findings[0].line == first_unwaived
    assert findings[-1].line == first_unwaived + 2 * 1_000
    assert findings[-1].message.endswith(
        "(this and 99 more L003 findings of this file are not listed: "
        "soclint lists at most 1,000 of a rule per file)"
    )


def test_the_command_line_reports_comments_that_waive_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_files(
        tmp_path,
        {
            "a.md": "---\ntype: standard\nid: A\ntitle: A\n---\n"
            "<!-- soclint-disable-next-line L003 -- quoted from the template -->\n"
            "Write TODO where the owner's name goes.\n"
            "<!-- soclint-disable-next-line L003 -->\n"
            "TODO\n",
            "soclint.yaml": "select: [L003, W]\n",
        },
    )
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check", "-q"])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "a.md:8:1: error: W001 the waiver of L003 has no reason, so it does not apply",
        "a.md:9:1: warning: L003 template text 'TODO' left in the document; finish or remove it",
    ]


VENDORS = "registers/vendors.md"


@pytest.mark.slow
def test_diff_mode_shows_a_waiver_comment_the_change_adds_and_not_one_it_moves(
    tmp_path: Path,
) -> None:
    root = tmp_path / "repo"
    shutil.copytree(EXAMPLE, root)
    file = root / VENDORS
    file.write_text(file.read_text(encoding="utf-8") + "\n[x](gone.md)\n", encoding="utf-8")
    init(root)
    commit(root, "Program", "2026-10-20")
    git(root, "checkout", "-q", "-b", "change")
    text = file.read_text(encoding="utf-8")
    waiver = "<!-- soclint-disable-next-line L001 -- the page moves next week -->\n"
    file.write_text(text.replace("\n[x](gone.md)", "\n" + waiver + "[x](gone.md)"), "utf-8")
    commit(root, "Waive", "2026-10-25")
    line = text.count("\n")

    report = run(root, diff_base="main")

    assert located(report) == [("W007", VENDORS, line)]
    assert report.findings[0].message == (
        "this change waives L001 findings on line "
        f"{line + 1} while the text stays as it is: the page moves next week; the reviewers "
        "accept them by approving it"
    )
    # Moved down by a line, with its link, it is the waiver the base already held.
    file.write_text(file.read_text(encoding="utf-8").replace(waiver, "\n" + waiver), "utf-8")
    commit(root, "Move", "2026-10-26")
    assert located(run(root, diff_base="HEAD~1")) == []
    # Made a block that covers more lines, it is a new decision.
    block = waiver.replace("disable-next-line", "disable")
    file.write_text(file.read_text(encoding="utf-8").replace(waiver, block), "utf-8")
    commit(root, "Widen", "2026-10-27")
    assert located(run(root, diff_base="HEAD~1")) == [("W007", VENDORS, line + 1)]
