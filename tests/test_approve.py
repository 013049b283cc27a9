"""`soclint approve` and `soclint review` edit only the lines they must, atomically, or refuse."""

from __future__ import annotations

import difflib
import os
import re
from datetime import date, timedelta
from pathlib import Path

import gitrepo
import pytest
from click.testing import CliRunner, Result
from conftest import EXAMPLE, ROSTER, located, run, write_files

from soclint.cli import main
from soclint.digest import digest_of
from soclint.document import document_from_text
from soclint.edit.approve import approve_documents
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
        "soclint: error: b.md: 'tom' does not hold the authority 'approve-policy'\n"
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
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(UsageError, match=r"a\.md: cannot write it: No space left on device"):
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


APPROVED = """\
---
type: policy
id: POL-A
title: A
owner: priya
status: approved
version: "2.3"
approval:
  by: daniel
  date: 2025-01-05
review:
  last: 2025-01-05
  cycle: annual
---
Body.
"""


def with_digest(text: str) -> str:
    """`text` with the digest of its content recorded in its approval."""
    digest = digest_of(document_from_text(text, "a.md"))
    return text.replace("  date: 2025-01-05\n", f"  date: 2025-01-05\n  digest: {digest}\n", 1)


def invoke(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


@pytest.mark.parametrize(
    ("text", "command", "error"),
    [
        pytest.param(
            APPROVED.replace('version: "2.3"', "version: 2.10"),  # YAML reads the number 2.1
            ("approve", "--by", "daniel", "--date", "2025-03-01"),
            "a.md: version 2.10 is read as the number 2.1, so it cannot be raised safely; "
            'quote it (version: "2.10") and approve again',
            id="unquoted-version",
        ),
        pytest.param(
            APPROVED.replace('version: "2.3"', 'version: "v2"'),
            ("approve", "--by", "daniel", "--date", "2025-03-01"),
            "a.md: version 'v2' is not dot-separated numbers such as '2.3', so it cannot be "
            "raised; correct it and approve again",
            id="version-not-numbers",
        ),
        pytest.param(
            APPROVED,
            ("approve", "--by", "daniel", "--date", "2025-01-04"),
            "a.md: the approval date 2025-01-04 is before the approval already recorded on "
            "2025-01-05",
            id="approval-before-the-recorded-one",
        ),
        pytest.param(
            with_digest(APPROVED).replace("  last: 2025-01-05", "  last: 2025-06-01"),
            ("review", "--by", "priya", "--date", "2025-05-01"),
            "a.md: the review date 2025-05-01 is before the review already recorded on 2025-06-01",
            id="review-before-the-recorded-one",
        ),
    ],
)
def test_refuses_to_write_a_wrong_record_and_leaves_the_file_as_it_was(
    tmp_path: Path, text: str, command: tuple[str, ...], error: str
) -> None:
    program(tmp_path, {"a.md": text})

    result = invoke(command[0], str(tmp_path / "a.md"), *command[1:])

    assert (result.exit_code, result.output) == (2, f"soclint: error: {error}\n")
    assert (tmp_path / "a.md").read_text(encoding="utf-8") == text


def test_the_version_stays_when_the_content_is_unchanged_since_the_approval(
    tmp_path: Path,
) -> None:
    text = with_digest(APPROVED)
    program(tmp_path, {"a.md": text})

    result = invoke("approve", str(tmp_path / "a.md"), "--by", "daniel", "--date", "2025-03-01")

    assert result.exit_code == 0, result.output
    assert result.output == (
        "a.md: approved by daniel on 2025-03-01, version 2.3 kept: the content is unchanged "
        "since the approval on 2025-01-05, digest recorded\n"
    )
    assert changed_lines(text, (tmp_path / "a.md").read_text(encoding="utf-8")) == [
        "-  date: 2025-01-05",
        "+  date: 2025-03-01",
        "-  last: 2025-01-05",
        "+  last: 2025-03-01",
    ]


def test_the_version_is_raised_when_the_content_changed_since_the_approval(
    tmp_path: Path,
) -> None:
    program(tmp_path, {"a.md": with_digest(APPROVED).replace("Body.", "New body.")})

    result = invoke("approve", str(tmp_path / "a.md"), "--by", "daniel", "--date", "2025-03-01")

    assert result.output == (
        "a.md: approved by daniel on 2025-03-01, version 2.3 -> 2.4, digest recorded\n"
    )
    assert 'version: "2.4"' in (tmp_path / "a.md").read_text(encoding="utf-8")


def test_without_a_digest_git_history_tells_whether_the_content_changed(tmp_path: Path) -> None:
    program(gitrepo.init(tmp_path), {"a.md": APPROVED})
    gitrepo.commit(tmp_path, "Approve A", when="2025-01-05")

    unchanged = approve_documents(
        [tmp_path / "a.md"], "daniel", date(2025, 3, 1), "minor", date(2025, 3, 1)
    )
    assert "version 2.3 kept: the content is unchanged" in unchanged[0].summary

    text = re.sub(r"  digest: .*\n", "", (tmp_path / "a.md").read_text(encoding="utf-8"))
    (tmp_path / "a.md").write_text(text, encoding="utf-8")
    gitrepo.commit(tmp_path, "Record the approval", when="2025-03-01")
    (tmp_path / "a.md").write_text(text.replace("Body.", "Changed."), encoding="utf-8")
    gitrepo.commit(tmp_path, "Change the text", when="2025-04-01")
    changed = approve_documents(
        [tmp_path / "a.md"], "daniel", date(2025, 4, 2), "minor", date(2025, 4, 2)
    )
    assert "version 2.3 -> 2.4" in changed[0].summary


def test_every_refusal_of_a_run_is_reported_and_nothing_is_written(tmp_path: Path) -> None:
    files = {
        "a.md": APPROVED.replace('version: "2.3"', "version: 2.10"),
        "b.md": APPROVED.replace("POL-A", "POL-B"),
        "c.md": APPROVED.replace("POL-A", "POL-C"),  # fine on its own
    }
    program(tmp_path, files)

    result = invoke(
        "approve",
        *(str(tmp_path / name) for name in files),
        "--by",
        "priya",
        "--date",
        "2025-01-04",
    )

    assert result.exit_code == 2
    assert result.output.splitlines() == [
        "soclint: error: a.md: 'priya' owns this document; separation of duties needs another "
        "approver",
        "soclint: error: a.md: the approval date 2025-01-04 is before the approval already "
        "recorded on 2025-01-05",
        "soclint: error: a.md: version 2.10 is read as the number 2.1, so it cannot be raised "
        'safely; quote it (version: "2.10") and approve again',
        "soclint: error: b.md: 'priya' owns this document; separation of duties needs another "
        "approver",
        "soclint: error: b.md: the approval date 2025-01-04 is before the approval already "
        "recorded on 2025-01-05",
        "soclint: error: c.md: 'priya' owns this document; separation of duties needs another "
        "approver",
        "soclint: error: c.md: the approval date 2025-01-04 is before the approval already "
        "recorded on 2025-01-05",
    ]
    for name, text in files.items():
        assert (tmp_path / name).read_text(encoding="utf-8") == text


def test_dry_run_prints_the_unified_diff_and_writes_nothing(tmp_path: Path) -> None:
    program(tmp_path, {"a.md": APPROVED})
    stamp = (tmp_path / "a.md").stat().st_mtime_ns
    args = ("approve", str(tmp_path / "a.md"), "--by", "daniel", "--date", "2025-03-01")

    dry = invoke(*args, "--dry-run")

    assert dry.exit_code == 0, dry.output
    assert (tmp_path / "a.md").read_text(encoding="utf-8") == APPROVED
    assert (tmp_path / "a.md").stat().st_mtime_ns == stamp
    assert dry.stderr == (
        "would be a.md: approved by daniel on 2025-03-01, version 2.3 -> 2.4, digest recorded\n"
    )
    invoke(*args)
    after = (tmp_path / "a.md").read_text(encoding="utf-8")
    expected = difflib.unified_diff(
        APPROVED.splitlines(keepends=True), after.splitlines(keepends=True), "a/a.md", "b/a.md"
    )
    assert dry.stdout == "".join(expected)
    assert dry.stdout.startswith("--- a/a.md\n+++ b/a.md\n@@ ")


def test_review_dry_run_prints_the_diff_and_writes_nothing(tmp_path: Path) -> None:
    text = with_digest(APPROVED)
    program(tmp_path, {"a.md": text})

    dry = invoke(
        "review", str(tmp_path / "a.md"), "--by", "priya", "--date", "2025-09-01", "--dry-run"
    )

    assert dry.exit_code == 0, dry.output
    assert "-  last: 2025-01-05\n+  last: 2025-09-01\n" in dry.stdout
    assert dry.stderr.startswith("would be a.md: reviewed by priya on 2025-09-01")
    assert (tmp_path / "a.md").read_text(encoding="utf-8") == text


def test_an_approval_already_recorded_changes_nothing(tmp_path: Path) -> None:
    program(tmp_path, {"a.md": with_digest(APPROVED)})
    args = ("approve", str(tmp_path / "a.md"), "--by", "daniel", "--date", "2025-03-01")
    invoke(*args)
    stamp = (tmp_path / "a.md").stat().st_mtime_ns

    again = invoke(*args)

    assert again.output == "a.md: already recorded, nothing to change\n"
    assert (tmp_path / "a.md").stat().st_mtime_ns == stamp


@pytest.mark.parametrize("command", ["approve", "review"])
def test_a_date_a_day_ahead_of_today_is_accepted_and_two_days_ahead_refused(
    tmp_path: Path, command: str
) -> None:
    today = date.today()
    program(tmp_path, {"a.md": with_digest(APPROVED)})
    person = "daniel" if command == "approve" else "priya"

    ahead = invoke(
        command, str(tmp_path / "a.md"), "--by", person, "--date", str(today + timedelta(days=2))
    )
    assert ahead.exit_code == 2
    assert f"more than a day after today ({today.isoformat()})" in ahead.output

    tomorrow = today + timedelta(days=1)
    result = invoke(command, str(tmp_path / "a.md"), "--by", person, "--date", str(tomorrow))
    assert result.exit_code == 0, result.output
    assert f"on {tomorrow.isoformat()}" in result.output
