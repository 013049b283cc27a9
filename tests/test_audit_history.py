"""`soclint history`: the program replayed over the audit period from dated commits, with
the exact intervals each finding was open, and the same verdict as a check of each day."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from datetime import date, timedelta
from itertools import groupby
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLE, ROSTER, write_files
from gitrepo import commit, git, init

from soclint.audit.intervals import period_history
from soclint.audit.replay import ReplayWork, open_history, replay
from soclint.audit.span import Span
from soclint.cli import main
from soclint.engine import evaluate
from soclint.history.snapshot import program_at
from soclint.program import Program, load_program
from soclint.repository import load_repository

SCOPE = """\
---
type: system-description
id: system
title: Scope
report:
  type: 2
  period: {start: 2026-01-01, end: 2026-06-30}
categories: [security]
components: []
approval: {by: daniel, date: 2025-12-01}
---
"""

# Reviewed every quarter: the review of 2025-12-01 falls due on 2026-03-01.
POLICY = """\
---
type: policy
id: POL-AC
title: Access Control
kind: access-control
owner: priya
status: approved
version: "1.0"
approval: {by: daniel, date: 2025-12-01}
review: {last: 2025-12-01, cycle: quarterly}
controls: [CC6.1]
---

# Access Control
"""

EXCEPTIONS = """\
---
type: exception-register
id: exceptions
title: Exceptions
exceptions:
  - id: EXC-1
    policy: POL-AC
    subject: A legacy host without single sign-on
    severity: medium
    justification: Replaced in the spring.
    approval: {by: daniel, date: 2025-12-15}
    expires: 2026-04-15
---
"""


def started_program(root: Path) -> Path:
    """The program's first commit, on 2025-12-20: a quarterly review due on 2026-03-01,
    an exception that expires on 2026-04-15."""
    init(root)
    write_files(
        root,
        {
            "soclint.yaml": "select: [A005, A006, O010, O013]\nwarn_days: 10\n",
            "roster.md": ROSTER,
            "system-description.md": SCOPE,
            "policies/access-control.md": POLICY,
            "registers/exceptions.md": EXCEPTIONS,
        },
    )
    commit(root, "Start the program", "2025-12-20")
    return root


def audited_program(root: Path) -> Path:
    """A program whose review lapses and is caught up, and whose exception expires."""
    started_program(root)
    policy = root / "policies/access-control.md"
    policy.write_text(POLICY.replace("last: 2025-12-01", "last: 2026-03-20"), encoding="utf-8")
    commit(root, "Review the access control policy, late", "2026-03-20")
    return root


def test_history_reports_the_exact_intervals_of_a_lapsed_review_and_an_expired_exception(
    tmp_path: Path,
) -> None:
    root = audited_program(tmp_path / "repo")
    result = CliRunner().invoke(main, ["history", str(root), "--format", "json"])
    assert result.exit_code == 1, result.output
    report = json.loads(result.output)
    intervals = [
        (i["code"], i["path"], i["start"], i["end"], i["days"]) for i in report["intervals"]
    ]
    assert intervals == [
        # The review fell due on 2026-03-01: overdue from the day after until the review
        # on 2026-03-20; the next fell due on 2026-06-20 and is still open.
        ("A005", "policies/access-control.md", "2026-03-02", "2026-03-20", 18),
        ("A005", "policies/access-control.md", "2026-06-21", None, 10),
        # The exception expired on 2026-04-15 and was never renewed.
        ("O010", "registers/exceptions.md", "2026-04-16", None, 76),
        # The warnings ahead of each, warn_days (10) before the date up to the date.
        ("A006", "policies/access-control.md", "2026-02-19", "2026-03-02", 11),
        ("A006", "policies/access-control.md", "2026-06-10", "2026-06-21", 11),
        ("O013", "registers/exceptions.md", "2026-04-05", "2026-04-16", 11),
    ]
    assert report["period"] == {"start": "2026-01-01", "end": "2026-06-30"}
    assert report["days"] == 181
    # Errors on 2026-03-02..03-19, 2026-04-16..06-30 and (overlapping) 2026-06-21..06-30.
    assert report["days_without_error"] == 181 - 18 - 76
    assert [(f["code"], f["path"], f["line"]) for f in report["open_at_end"]] == [
        ("A005", "policies/access-control.md", 10),
        ("O010", "registers/exceptions.md", 12),
    ]
    assert report["commits"] == 1  # the review; the first commit predates the period
    assert report["commit_at_start"] == git(root, "rev-parse", "HEAD~1").strip()


def test_history_text_names_the_document_rule_and_interval(tmp_path: Path) -> None:
    root = audited_program(tmp_path / "repo")
    result = CliRunner().invoke(main, ["history", str(root), "--until", "2026-03-31"])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    start = git(root, "rev-parse", "HEAD~1").strip()
    assert lines[0] == (
        f"The program from 2026-01-01 to 2026-03-31: 90 days, 1 commit during it, "
        f"after commit {start[:12]} of 2025-12-20."
    )
    assert "  POL-AC (policies/access-control.md)" in lines
    assert "    A005 review-overdue  2026-03-02 → 2026-03-20, 18 days" in lines
    assert lines[-1] == "No error on 72 of 90 days (80%)."


def test_history_of_a_clean_period_passes(tmp_path: Path) -> None:
    root = audited_program(tmp_path / "repo")
    result = CliRunner().invoke(
        main, ["history", str(root), "--since", "2026-01-01", "--until", "2026-02-18"]
    )
    assert result.exit_code == 0, result.output
    start = git(root, "rev-parse", "HEAD~1").strip()
    assert result.output.splitlines()[0] == (
        "The program from 2026-01-01 to 2026-02-18: 49 days, no commit during it: "
        f"commit {start[:12]} of 2025-12-20."
    )
    assert "No finding during the period." in result.output
    assert result.output.endswith("No error on 49 of 49 days (100%).\n")


def test_a_period_that_starts_before_the_first_commit_says_none_came_before(
    tmp_path: Path,
) -> None:
    root = audited_program(tmp_path / "repo")

    result = CliRunner().invoke(
        main, ["history", str(root), "--since", "2025-12-01", "--until", "2025-12-31"]
    )
    as_json = CliRunner().invoke(
        main,
        [
            "history",
            str(root),
            "--since",
            "2025-12-01",
            "--until",
            "2025-12-31",
            "--format",
            "json",
        ],
    )

    assert result.output.splitlines()[0] == (
        "The program from 2025-12-01 to 2025-12-31: 31 days, 1 commit during it, none before it."
    )
    report = json.loads(as_json.output)
    assert (report["commits"], report["commit_at_start"]) == (1, None)


def test_only_days_on_which_something_changed_or_fell_due_are_judged(tmp_path: Path) -> None:
    root = audited_program(tmp_path / "repo")
    program = load_program(root)
    work = ReplayWork()
    span = Span(date(2026, 1, 1), date(2026, 6, 30))
    days = list(replay(program, open_history(program), span, work))
    assert len(days) == work.days == 181
    judged = [day.day for day in days if day.judged]
    # Nothing changes from the first day until the warning window of the review opens,
    # 10 days before it falls due on 2026-03-01.
    assert [day for day in judged if day < date(2026, 2, 20)] == [
        date(2026, 1, 1),
        date(2026, 2, 19),
    ]
    # A finding that counts days in its message is judged each day it is open; the days
    # between the review commit (2026-03-20) and the exception's warning are not judged.
    assert [day for day in judged if date(2026, 3, 19) <= day < date(2026, 4, 6)] == [
        date(2026, 3, 19),
        date(2026, 3, 20),
        date(2026, 4, 5),
    ]
    # Each of the four documents was parsed once, and the policy again when it changed.
    assert work.parsed == 5
    # The rules ran again on the days judged, only where their inputs changed.
    assert work.rule_runs < 2 * work.judged


def test_a_commit_parses_only_the_blobs_it_changed_and_reruns_only_their_rules(
    tmp_path: Path,
) -> None:
    root = started_program(tmp_path / "repo")
    exceptions = root / "registers/exceptions.md"
    exceptions.write_text(
        EXCEPTIONS.replace("Replaced in the spring.", "Replaced in April."), encoding="utf-8"
    )
    commit(root, "Reword an exception's justification", "2026-01-10")
    write_files(root, {"notes.txt": "not a document\n"})
    commit(root, "Add a note", "2026-01-14")
    program = load_program(root)
    work = ReplayWork()

    days = list(
        replay(program, open_history(program), Span(date(2026, 1, 1), date(2026, 1, 20)), work)
    )

    # Nothing falls due in these days: only the days of the commits are judged.
    assert [day.day for day in days if day.judged] == [
        date(2026, 1, 1),
        date(2026, 1, 10),
        date(2026, 1, 14),
    ]
    # The four documents on the first day, then the exception register that changed;
    # the note changed no document.
    assert work.parsed == 5
    # The register rules, which read the exception register, ran again on its change;
    # the review rules, one document at a time, ran again on that register only.
    once = {
        (code, path): 1
        for code in ("A005", "A006")
        for path in ("policies/access-control.md", "roster.md", "system-description.md")
    }
    assert dict(work.runs) == {
        **once,
        ("A005", "registers/exceptions.md"): 2,
        ("A006", "registers/exceptions.md"): 2,
        ("O010", None): 2,
        ("O013", None): 2,
    }


def _check_each_day(root: Path, span: Span) -> None:
    """Every day of the replay equals a fresh run of the rules over that day's commit."""
    program = load_program(root)
    history = open_history(program)
    days = list(replay(program, history, span))
    for commit_day, group in groupby(days, key=lambda day: day.commit):
        assert commit_day is not None
        with program_at(history, commit_day, program.config.include) as folder:
            repository = load_repository(replace(program.config, root=folder))
            for day in group:
                config = replace(program.config, root=folder, as_of=day.day)
                fresh = Program(config, program.pack, program.rules).with_repository(repository)
                judged = evaluate(fresh, history.at(commit_day))
                judged.findings.sort(key=lambda f: f.sort_key)
                expected = [f.to_dict() for f in judged.findings]
                assert [f.to_dict() for f in day.findings] == expected, day.day


@pytest.mark.slow
def test_replay_judges_each_day_as_a_check_of_that_day_would(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(EXAMPLE, root)
    init(root)
    commit(root, "The example program", "2026-08-20")
    # A body edit without re-approval: the digest no longer matches.
    policy = root / "policies/access-control.md"
    policy.write_text(policy.read_text(encoding="utf-8") + "\nOne more line.\n", "utf-8")
    commit(root, "Edit the access control policy", "2026-09-10")
    # An evidence file removed, then an activity log entry added.
    (root / "evidence/2026-09-backup-restore-test.txt").unlink()
    commit(root, "Remove a file", "2026-09-12")
    log = root / "registers/activities.md"
    text = log.read_text(encoding="utf-8")
    entry = "  - kind: dr-test\n    date: 2026-09-20\n    by: tom.nakamura\n    outcome: pass\n"
    log.write_text(text.replace("---\n\n# Activity Log", entry + "---\n\n# Activity Log"), "utf-8")
    commit(root, "Record a test", "2026-09-20")
    _check_each_day(root, Span(date(2026, 9, 5), date(2026, 10, 10)))


def test_a_day_before_the_first_commit_is_a_program_without_documents(tmp_path: Path) -> None:
    root = audited_program(tmp_path / "repo")
    program = load_program(root)
    span = Span(date(2025, 12, 18), date(2025, 12, 21))
    days = list(replay(program, open_history(program), span))
    assert [d.commit is None for d in days] == [True, True, False, False]
    assert days[0].repository.documents == []
    # Judged by the rules this program selects, an empty program has no finding.
    assert period_history(days, span).days_without_error == 4


def test_commits_dated_before_the_one_they_follow_take_effect_on_its_day(tmp_path: Path) -> None:
    root = audited_program(tmp_path / "repo")
    policy = root / "policies/access-control.md"
    policy.write_text(POLICY.replace("last: 2025-12-01", "last: 2026-03-25"), encoding="utf-8")
    commit(root, "A commit with a clock set back", "2026-03-01")
    program = load_program(root)
    span = Span(date(2026, 3, 18), date(2026, 3, 22))
    days = list(replay(program, open_history(program), span))
    assert [str(d.commit.day) if d.commit else None for d in days][-1] == "2026-03-01"
    # It took effect on 2026-03-20, after the review commit it follows.
    assert [any(f.code == "A005" for f in d.findings) for d in days] == [
        True,
        True,
        False,
        False,
        False,
    ]


def test_history_needs_a_period_and_complete_git_history(tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    write_files(plain, {"soclint.yaml": "", "roster.md": ROSTER})
    result = CliRunner().invoke(main, ["history", str(plain), "--since", "2026-01-01"])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1
    assert "no audit period" in result.output

    result = CliRunner().invoke(
        main, ["history", str(plain), "--since", "2026-01-01", "--until", "2026-02-01"]
    )
    assert result.exit_code == 2
    assert "the audit period is read from git history" in result.output
    assert "not inside a git repository" in result.output

    root = audited_program(tmp_path / "repo")
    result = CliRunner().invoke(
        main, ["history", str(root), "--since", "2026-03-01", "--until", "2026-02-01"]
    )
    assert result.exit_code == 2
    assert "ends before it starts" in result.output

    shallow = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{root}", str(shallow))
    result = CliRunner().invoke(main, ["history", str(shallow)])
    assert result.exit_code == 2
    assert "the clone is shallow" in result.output


@pytest.mark.slow
@pytest.mark.parametrize("output_format", ["text", "md"])
def test_text_from_documents_cannot_add_lines_or_markup(tmp_path: Path, output_format: str) -> None:
    root = audited_program(tmp_path / "repo")
    register = root / "registers/exceptions.md"
    text = register.read_text(encoding="utf-8")
    register.write_text(text.replace("id: EXC-1", 'id: "EXC-1\\n| forged | row |"'), "utf-8")
    commit(root, "A hostile id", "2026-03-25")
    result = CliRunner().invoke(main, ["history", str(root), "--format", output_format])
    assert "\n| forged" not in result.output
    assert ("\\n" if output_format == "text" else "\\|") in result.output


def test_days_in_a_span() -> None:
    span = Span(date(2026, 2, 27), date(2026, 3, 2))
    assert list(span.each_day()) == [date(2026, 2, 27) + timedelta(days=n) for n in range(4)]
    assert span.days == 4 and date(2026, 3, 1) in span and date(2026, 3, 3) not in span
