"""`soclint approve` and `soclint review` edit only the lines they must, atomically, or refuse."""

from __future__ import annotations

import difflib
import os
import re
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLE, ROSTER, located, run, write_files

from soclint.approval_edit import approve_documents
from soclint.cli import main
from soclint.digest import digest_of, document_from_text
from soclint.errors import UsageError

# Comments everywhere, odd quoting and spacing, flow and block styles, a folded
# scalar, nulls spelled three ways, CRLF-free but with trailing spaces in the body.
ODD = """\
---
# Access control policy -- keep the keys in this order, the auditors like it.
type:   policy            # two spaces after the colon
id: 'POL-ODD'
title: "Access \\"control\\": the rules"
kind: access-control
owner: priya   # Priya owns it
status: 'draft'          # not approved yet
version: "1.9"           # quoted on purpose
approval: {by: tom, date: 2025-01-05}   # flow style, old approver
review:
    last: 2025-01-05    # four-space indent
    cycle: annual
controls: [ CC6.1,   CC6.2 ]    # spaced flow list
applies_to:
-   api
- web-app
empty:
tilde: ~
nul: null
notes: >-
  folded text
  over two lines
x-owner-note: 'it''s single-quoted'
# a comment before the closing fence
---

# Access<sp>

Body text with trailing spaces<sp>
and a line without.
""".replace("<sp>", "   ")


def program(root: Path, files: dict[str, str]) -> Path:
    return write_files(root, {"roster.md": ROSTER, **files})


def changed_lines(before: str, after: str) -> list[str]:
    diff = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
    return [line for line in diff if line[:1] in "+-" and line[:3] not in ("---", "+++")]


def test_approve_changes_only_the_approval_review_version_and_status_lines(
    tmp_path: Path,
) -> None:
    program(tmp_path, {"odd.md": ODD})

    result = CliRunner().invoke(
        main,
        ["approve", str(tmp_path / "odd.md"), "--by", "daniel", "--date", "2025-03-01"],
    )

    assert result.exit_code == 0, result.output
    assert result.output == (
        "odd.md: approved by daniel on 2025-03-01, version 1.9 -> 1.10, digest recorded\n"
    )
    after = (tmp_path / "odd.md").read_text(encoding="utf-8")
    digest = digest_of(document_from_text(ODD, "odd.md"))
    assert changed_lines(ODD, after) == [
        "-status: 'draft'          # not approved yet",
        '-version: "1.9"           # quoted on purpose',
        "-approval: {by: tom, date: 2025-01-05}   # flow style, old approver",
        "+status: 'approved'       # not approved yet",  # comments keep their column
        '+version: "1.10"          # quoted on purpose',
        f'+approval: {{by: daniel, date: 2025-03-01, digest: "{digest}"}}'
        " # flow style, old approver",
        "-    last: 2025-01-05    # four-space indent",
        "+    last: 2025-03-01    # four-space indent",
    ]
    assert after.endswith(ODD[ODD.index("\n---\n") :])  # the body byte for byte


def test_approve_adds_an_approval_block_to_a_new_draft(tmp_path: Path) -> None:
    draft = (
        "---\ntype: procedure\nid: PROC-A\ntitle: A\nowner: priya\nstatus: draft\n"
        'version: "0.1"\ncontrols: [CC6.1]\n---\nText.\n'
    )
    program(tmp_path, {"a.md": draft})

    approve_documents([tmp_path / "a.md"], "daniel", date(2025, 3, 1), "major", date(2025, 3, 1))

    after = (tmp_path / "a.md").read_text(encoding="utf-8")
    digest = digest_of(document_from_text(draft, "a.md"))
    assert changed_lines(draft, after) == [
        "-status: draft",
        '-version: "0.1"',
        "+status: approved",
        '+version: "1.0"',
        "+approval:",
        "+  by: daniel",
        "+  date: 2025-03-01",
        f"+  digest: {digest}",
    ]
    assert located(run(tmp_path, as_of=date(2025, 3, 2), select=["A", "V"])) == []


def test_approve_keeps_a_later_review_date_and_bump_none_keeps_the_version(
    tmp_path: Path,
) -> None:
    text = (EXAMPLE / "policies" / "access-control.md").read_text(encoding="utf-8")
    text = re.sub(r"  digest: .*\n", "", text.replace("daniel.okafor", "daniel"))
    program(tmp_path, {"p.md": text})
    source = (tmp_path / "p.md").read_text(encoding="utf-8")

    approve_documents([tmp_path / "p.md"], "daniel", date(2026, 2, 10), "none", date(2026, 2, 10))

    # Only the digest is added: approver, date, version and the August review stay.
    assert [line[:10] for line in changed_lines(source, (tmp_path / "p.md").read_text())] == [
        "+  digest:"
    ]


def test_refuses_a_person_without_authority_and_leaves_every_file_untouched(
    tmp_path: Path,
) -> None:
    program(tmp_path, {"a.md": ODD, "b.md": ODD.replace("POL-ODD", "POL-B")})
    before = {name: (tmp_path / name).read_bytes() for name in ("a.md", "b.md")}
    stamps = {name: (tmp_path / name).stat().st_mtime_ns for name in before}

    result = CliRunner().invoke(
        main, ["approve", str(tmp_path / "a.md"), str(tmp_path / "b.md"), "--by", "tom"]
    )

    assert result.exit_code == 2
    assert result.output == (
        "soclint: error: a.md: 'tom' does not hold the authority 'approve-policy'\n"
    )
    for name, content in before.items():
        assert (tmp_path / name).read_bytes() == content
        assert (tmp_path / name).stat().st_mtime_ns == stamps[name]


@pytest.mark.parametrize(
    ("person", "error"),
    [
        ("priya", "'priya' owns this document; separation of duties needs another approver"),
        ("nobody", "'nobody' is not a person in the roster"),
    ],
)
def test_refuses_self_approval_and_unknown_people(tmp_path: Path, person: str, error: str) -> None:
    program(tmp_path, {"a.md": ODD})
    with pytest.raises(UsageError, match=error):
        approve_documents([tmp_path / "a.md"], person, date(2025, 3, 1), "minor", date(2025, 3, 1))
    assert (tmp_path / "a.md").read_text(encoding="utf-8") == ODD


def test_refuses_documents_it_cannot_approve(tmp_path: Path) -> None:
    broken = "---\ntype: policy\nid: [unclosed\n---\n"
    program(tmp_path, {"broken.md": broken})

    result = CliRunner().invoke(main, ["approve", str(tmp_path / "broken.md"), "--by", "daniel"])
    assert result.exit_code == 2 and "broken.md:4: cannot edit" in result.output

    result = CliRunner().invoke(main, ["approve", str(tmp_path / "roster.md"), "--by", "daniel"])
    assert result.exit_code == 2 and "not of a roster" in result.output

    result = CliRunner().invoke(
        main, ["approve", str(tmp_path / "roster.md"), "--by", "daniel", "--date", "2999-01-01"]
    )
    assert result.exit_code == 2 and "after today" in result.output


def test_system_description_is_approved_with_sign_off_scope(tmp_path: Path) -> None:
    scope = "---\ntype: system-description\nid: system\ncategories: [security]\n---\n"
    program(tmp_path, {"system.md": scope})

    with pytest.raises(UsageError, match="'priya' does not hold the authority 'sign-off-scope'"):
        approve_documents(
            [tmp_path / "system.md"], "priya", date(2025, 3, 1), "minor", date(2025, 3, 1)
        )
    approve_documents(
        [tmp_path / "system.md"], "daniel", date(2025, 3, 1), "minor", date(2025, 3, 1)
    )

    after = (tmp_path / "system.md").read_text(encoding="utf-8")
    assert after.startswith(scope[: -len("---\n")] + "approval:\n  by: daniel\n  date: 2025-03-01")
    assert "status" not in after and "version" not in after


def test_a_failed_write_leaves_the_original_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    program(tmp_path, {"a.md": ODD})

    def fail(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        approve_documents(
            [tmp_path / "a.md"], "daniel", date(2025, 3, 1), "minor", date(2025, 3, 1)
        )

    assert (tmp_path / "a.md").read_text(encoding="utf-8") == ODD
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md", "roster.md"]


def test_crlf_files_keep_their_line_endings_and_byte_order_mark(tmp_path: Path) -> None:
    crlf = "\ufeff" + ODD.replace("\n", "\r\n")
    program(tmp_path, {})
    (tmp_path / "a.md").write_bytes(crlf.encode("utf-8"))

    approve_documents([tmp_path / "a.md"], "daniel", date(2025, 3, 1), "minor", date(2025, 3, 1))

    after = (tmp_path / "a.md").read_bytes().decode("utf-8")
    assert after.startswith("\ufeff---\r\n")
    assert after.count("\r\n") == crlf.count("\r\n")
    assert len(changed_lines(crlf, after)) == 8


def test_review_records_only_the_review_date(tmp_path: Path) -> None:
    program(tmp_path, {"a.md": ODD})
    approve_documents([tmp_path / "a.md"], "daniel", date(2025, 3, 1), "minor", date(2025, 3, 1))
    approved = (tmp_path / "a.md").read_text(encoding="utf-8")

    result = CliRunner().invoke(
        main, ["review", str(tmp_path / "a.md"), "--by", "priya", "--date", "2025-09-01"]
    )

    assert result.exit_code == 0, result.output
    assert changed_lines(approved, (tmp_path / "a.md").read_text(encoding="utf-8")) == [
        "-    last: 2025-03-01    # four-space indent",
        "+    last: 2025-09-01    # four-space indent",
    ]


def test_review_refuses_changed_content_drafts_and_early_dates(tmp_path: Path) -> None:
    program(tmp_path, {"a.md": ODD})
    runner = CliRunner()

    draft = runner.invoke(main, ["review", str(tmp_path / "a.md"), "--by", "priya"])
    assert draft.exit_code == 2 and "only an approved document is reviewed" in draft.output

    approve_documents([tmp_path / "a.md"], "daniel", date(2025, 3, 1), "minor", date(2025, 3, 1))
    early = runner.invoke(
        main, ["review", str(tmp_path / "a.md"), "--by", "priya", "--date", "2025-02-01"]
    )
    assert early.exit_code == 2 and "is before the approval on 2025-03-01" in early.output

    text = (tmp_path / "a.md").read_text(encoding="utf-8")
    (tmp_path / "a.md").write_text(text.replace("Body text", "Body txt"), encoding="utf-8")
    changed = runner.invoke(
        main, ["review", str(tmp_path / "a.md"), "--by", "priya", "--date", "2025-09-01"]
    )
    assert changed.exit_code == 2
    assert "the digest no longer matches); a changed document needs soclint approve" in (
        changed.output
    )
