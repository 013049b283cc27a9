"""Edits change only their own lines, never lose another run's edit, and respect read-only files."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROSTER, write_files

from soclint import atomic_write
from soclint.cli import main
from soclint.digest import digest_of
from soclint.document import document_from_text
from soclint.edit import approve as approve_command
from soclint.edit.approve import approve_documents
from soclint.errors import UsageError

ON = date(2025, 3, 1)
POLICY = (
    "---\n"
    "type: policy\n"
    "id: POL-A\n"
    "title: A\n"
    "owner: priya\n"
    "status: approved\n"
    'version: "1.3"\n'
    "approval:\n"
    "  by: priya\n"
    "  date: 2025-01-05\n"
    "review:\n"
    "  last: 2025-01-05\n"
    "  cycle: annual\n"
    "---\n"
    "Body text.\r\n"
)


def approve(root: Path, name: str = "a.md") -> None:
    approve_documents([root / name], "daniel", ON, "minor", ON)


def digest(text: str) -> str:
    found = digest_of(document_from_text(text, "a.md"))
    assert found is not None
    return found


def lines_of(text: str) -> list[str]:
    return text.split("\n")


def test_one_crlf_line_keeps_its_ending_and_every_other_line_keeps_its_own(
    tmp_path: Path,
) -> None:
    text = POLICY.replace("title: A\n", "title: A\r\n")
    write_files(tmp_path, {"roster.md": ROSTER, "a.md": text.encode("utf-8")})

    approve(tmp_path)

    assert (tmp_path / "a.md").read_bytes().decode("utf-8") == (
        "---\n"
        "type: policy\n"
        "id: POL-A\n"
        "title: A\r\n"
        "owner: priya\n"
        "status: approved\n"
        'version: "1.4"\n'
        "approval:\n"
        "  by: daniel\n"
        "  date: 2025-03-01\n"
        f"  digest: {digest(text)}\n"
        "review:\n"
        "  last: 2025-03-01\n"
        "  cycle: annual\n"
        "---\n"
        "Body text.\r\n"
    )


def test_trailing_blanks_stay_on_every_line_the_edited_ones_included(tmp_path: Path) -> None:
    front, body = POLICY.split("---\n")[1], POLICY.split("---\n")[2]
    padded = "---\n" + "".join(line + "   \n" for line in front.splitlines()) + "---\n" + body
    write_files(tmp_path, {"roster.md": ROSTER, "a.md": padded})

    approve(tmp_path)

    after = (tmp_path / "a.md").read_bytes().decode("utf-8")
    changed = [
        (old, new)
        for old, new in zip(lines_of(padded), lines_of(after), strict=False)
        if old != new
    ]
    assert changed[:4] == [
        ('version: "1.3"   ', 'version: "1.4"   '),
        ("  by: priya   ", "  by: daniel   "),
        ("  date: 2025-01-05   ", "  date: 2025-03-01   "),
        ("review:   ", f"  digest: {digest(padded)}"),  # a line added after the date
    ]
    assert after.count("   \n") == padded.count("   \n")
    assert after.endswith("---\nBody text.\r\n")


def test_a_change_on_lines_ruamel_writes_differently_rewrites_only_those_lines(
    tmp_path: Path,
) -> None:
    text = (
        "---\n"
        "type: policy\n"
        "id: POL-A\n"
        'title: "Line\u2028separator and a lone\rreturn"\n'
        "owner: priya\n"
        "status: approved\n"
        'version: "1.3"\n'
        "approval: {by: priya,\n"
        "   date: 2025-01-05}   # flow style over two lines\n"
        "controls: [ CC6.1,   CC6.2 ]\n"
        "---\n"
        "Body.\n"
    )
    write_files(tmp_path, {"roster.md": ROSTER, "a.md": text})

    approve(tmp_path)

    after = (tmp_path / "a.md").read_bytes().decode("utf-8")
    assert after == text.replace('version: "1.3"', 'version: "1.4"').replace(
        "approval: {by: priya,\n   date: 2025-01-05}   # flow style over two lines\n",
        # the joined mapping is written as ruamel writes it, comment and all
        f'approval: {{by: daniel, date: 2025-03-01, digest: "{digest(text)}"}}'
        " # flow style over two lines\n",
    )


def test_a_read_only_file_is_refused_and_left_as_it_was(tmp_path: Path) -> None:
    write_files(tmp_path, {"roster.md": ROSTER, "a.md": POLICY})
    (tmp_path / "a.md").chmod(0o444)

    result = CliRunner().invoke(main, ["approve", str(tmp_path / "a.md"), "--by", "daniel"])

    assert (result.exit_code, result.output) == (
        2,
        "soclint: error: a.md: cannot write it: the file is read-only\n",
    )
    assert (tmp_path / "a.md").read_bytes().decode("utf-8") == POLICY
    assert stat.S_IMODE((tmp_path / "a.md").stat().st_mode) == 0o444


@pytest.fixture
def read_only_folder(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "policies"
    write_files(tmp_path, {"soclint.yaml": "", "roster.md": ROSTER, "policies/a.md": POLICY})
    folder.chmod(0o555)
    yield folder
    folder.chmod(0o755)


def test_a_file_in_a_read_only_folder_is_refused_in_one_line(
    tmp_path: Path, read_only_folder: Path
) -> None:
    result = CliRunner().invoke(main, ["approve", str(read_only_folder / "a.md"), "--by", "daniel"])

    assert (result.exit_code, result.output) == (
        2,
        "soclint: error: policies/a.md: cannot write it: its folder is read-only, "
        "so the file cannot be replaced\n",
    )
    assert (read_only_folder / "a.md").read_bytes().decode("utf-8") == POLICY
    assert os.listdir(read_only_folder) == ["a.md"]


def test_temporary_files_of_a_killed_run_are_removed_and_nothing_else(tmp_path: Path) -> None:
    leftovers = [".a.md.soclint-k1ll3d00.tmp", ".other.md.soclint-k1ll3d01.tmp"]
    kept = [".a.md.swp", ".a.md.k1ll3d02.tmp", "notes.tmp"]
    write_files(
        tmp_path, {"roster.md": ROSTER, "a.md": POLICY, **dict.fromkeys(leftovers + kept, "x")}
    )

    approve(tmp_path)

    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["a.md", "roster.md", *kept])


@pytest.fixture
def folder_locked_elsewhere(tmp_path: Path) -> Iterator[Path]:
    """`tmp_path` locked by another process, as a running soclint edit holds it."""
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import fcntl, os, sys\n"
            "fd = os.open(sys.argv[1], os.O_RDONLY)\n"
            "fcntl.flock(fd, fcntl.LOCK_EX)\n"
            "print('locked', flush=True)\n"
            "sys.stdin.read()\n",
            str(tmp_path),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
    yield tmp_path
    assert holder.stdin is not None
    holder.stdin.close()
    holder.wait()


def test_an_edit_waits_for_the_folder_lock_and_refuses_when_it_is_not_released(
    folder_locked_elsewhere: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = folder_locked_elsewhere
    in_use = ".a.md.soclint-1nus3000.tmp"
    write_files(root, {"roster.md": ROSTER, "a.md": POLICY, in_use: "being written"})
    monkeypatch.setattr(atomic_write, "LOCK_TIMEOUT_SECONDS", 0.2)

    with pytest.raises(UsageError, match="another soclint command has been writing in this folder"):
        approve(root)

    assert (root / "a.md").read_bytes().decode("utf-8") == POLICY
    assert (root / in_use).exists()  # the holder's temporary file is not a leftover


def test_an_edit_saved_by_someone_else_meanwhile_is_not_overwritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_files(tmp_path, {"roster.md": ROSTER, "a.md": POLICY})
    saved = POLICY.replace("Body text.", "Body text, saved by an editor.")
    plan_edit = approve_command.edited_text

    def edit_while_an_editor_saves(text: str, change: object) -> str:
        (tmp_path / "a.md").write_bytes(saved.encode("utf-8"))
        return plan_edit(text, change)  # type: ignore[arg-type]

    monkeypatch.setattr(approve_command, "edited_text", edit_while_an_editor_saves)
    with pytest.raises(UsageError, match=r"a\.md: the file changed while soclint was editing it"):
        approve(tmp_path)

    assert (tmp_path / "a.md").read_bytes().decode("utf-8") == saved


def test_parallel_runs_take_turns_and_every_reported_edit_is_kept(tmp_path: Path) -> None:
    """Reviews run at once: each is applied on top of the last or refused, never silently lost."""
    approved = POLICY.replace(
        "  date: 2025-01-05\n", f"  date: 2025-01-05\n  digest: {digest(POLICY)}\n"
    )
    write_files(tmp_path, {"roster.md": ROSTER, "a.md": approved})
    days = [f"2025-02-{day:02d}" for day in (9, 3, 7, 1, 8, 2, 6, 4)]
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "soclint", "review", "a.md", "--by", "priya", "--date", day],
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for day in days
    ]
    results = [
        (day, *run.communicate(), run.returncode) for day, run in zip(days, runs, strict=True)
    ]

    applied = [day for day, out, _err, code in results if code == 0 and "reviewed by" in out]
    refused = [
        day for day, _out, err, code in results if code == 2 and "is before the review" in err
    ]
    assert sorted(applied + refused) == sorted(days)
    final = (tmp_path / "a.md").read_bytes().decode("utf-8")
    assert f"  last: {max(applied)}\n" in final
    assert "2025-02-09" in applied


def test_a_report_is_not_written_over_a_read_only_file(tmp_path: Path) -> None:
    report = tmp_path / "soclint.sarif"
    report.write_text("kept", encoding="utf-8")
    report.chmod(0o444)

    with pytest.raises(PermissionError, match="the file is read-only"):
        atomic_write.write_atomic(report, b"new")

    assert report.read_text(encoding="utf-8") == "kept"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["soclint.sarif"]
