"""Diff mode judges only what a change can reach (change_scope.py), and reads the base of a
change that only edits documents from those documents alone (diff_mode/focus.py); it reports
exactly what judging the whole program at both ends, the base from a copy of its tree, would:
the same findings, at the same places, in the same words. Each case makes a pull request of
the example program and compares the two."""

from __future__ import annotations

import random
import shutil
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLE, ROSTER, run, write_files
from gitrepo import commit, git, init
from test_diff_mode import APPROVAL_DATE_LINE, policy

from soclint.change_scope import ChangeScope
from soclint.diff_mode import compare
from soclint.engine import evaluate
from soclint.history.git_command import GitCommand
from soclint.history.git_history import GitHistory
from soclint.output.json import summary_counts
from soclint.output.text import predating
from soclint.program import load_program
from soclint.report import Report

POLICY = "policies/access-control.md"
RISKS = "registers/risks.md"
ACKS = "registers/acknowledgements.md"


def edit(root: Path, path: str, old: str, new: str) -> None:
    text = (root / path).read_text(encoding="utf-8")
    assert old in text, (path, old)
    (root / path).write_text(text.replace(old, new, 1), encoding="utf-8")


def body_edit(root: Path) -> None:
    edit(root, POLICY, "## Scope", "A sentence nobody approved.\n\n## Scope")


def narrower_roster(root: Path) -> None:
    edit(root, "roster.md", "approve-policy: [ceo, cto, security-lead]", "approve-policy: [ceo]")


def heading_renamed(root: Path) -> None:
    edit(root, POLICY, "## Purpose", "## Why")
    with (root / "policies/workstation-mobile.md").open("a", encoding="utf-8") as file:
        file.write("\nSee [why](access-control.md#why).\n")
    commit(root, "A link to a heading", "2026-10-24")
    edit(root, POLICY, "## Why", "## Aim")


def policy_deleted(root: Path) -> None:
    git(root, "rm", "-q", POLICY)


def policy_renamed(root: Path) -> None:
    git(root, "mv", POLICY, "policies/access.md")


def criterion_unmapped(root: Path) -> None:
    edit(root, "policies/vendor-risk.md", "controls: [CC2.3, CC9.2]", "controls: [CC2.3]")


def risk_miscounted(root: Path) -> None:
    edit(root, RISKS, "    score: 12\n", "    score: 13\n")


def unknown_version_acknowledged(root: Path) -> None:
    edit(root, ACKS, 'version: "1.4", date: 2026-01-21', 'version: "1.9", date: 2026-01-21')


def new_major_version(root: Path) -> None:
    edit(root, "policies/hr-security.md", 'version: "1.2"', 'version: "2.0"')


def front_matter_broken(root: Path) -> None:
    edit(root, POLICY, 'version: "2.3"', 'version: "2.3\n')


def type_changed(root: Path) -> None:
    edit(root, "policies/cryptography.md", "type: policy", "type: standard")


def untracked_policy(root: Path) -> None:
    text = (root / POLICY).read_text(encoding="utf-8")
    (root / "policies/copy.md").write_text(text.replace("POL-ACCESS-CONTROL", "POL-COPY"))


def evidence_removed(root: Path) -> None:
    git(root, "rm", "-q", "evidence/2026-05-dr-exercise-report.txt")


def scope_widened(root: Path) -> None:
    edit(root, "system-description.md", "categories: [security, availability, confidentiality]",
         "categories: [security, availability, confidentiality, privacy]")  # fmt: skip


def changed_and_undone(root: Path) -> None:
    body_edit(root)
    commit(root, "An edit", "2026-10-23")
    edit(root, POLICY, "A sentence nobody approved.\n\n", "")


CHANGES: dict[str, Callable[[Path], None]] = {
    f.__name__: f
    for f in (
        body_edit,
        narrower_roster,
        heading_renamed,
        policy_deleted,
        policy_renamed,
        criterion_unmapped,
        risk_miscounted,
        unknown_version_acknowledged,
        new_major_version,
        front_matter_broken,
        type_changed,
        untracked_policy,
        evidence_removed,
        scope_widened,
        changed_and_undone,
    )
}


def shown(report: Report) -> list[tuple[str, str | None, int | None, str]]:
    return sorted((f.code, f.path, f.line, f.message) for f in report.findings)


def judged_whole(root: Path, monkeypatch: pytest.MonkeyPatch, base: str) -> Report:
    """Diff mode with every rule run over every document at both ends, the base read from
    a copy of its whole tree, with its own git log."""
    with monkeypatch.context() as patched:
        patched.setattr(compare, "change_scope", lambda *_args: None)
        patched.setattr(compare, "edited_in_place", lambda *_args: None)
        patched.setattr(GitHistory, "_head_commit", "")
        return run(root, diff_base=base)


@pytest.mark.slow
@pytest.mark.parametrize("committed", [True, False], ids=["committed", "uncommitted"])
@pytest.mark.parametrize("change", CHANGES)
def test_judging_what_the_change_reaches_reports_what_judging_everything_does(
    change: str, committed: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "repo"
    shutil.copytree(EXAMPLE, root)
    init(root)
    write_files(root, {"policies/info.md": "# Not a document\n"})
    commit(root, "The program", "2026-10-20")
    git(root, "checkout", "-q", "-b", "change")
    CHANGES[change](root)
    if committed:
        commit(root, "The change", "2026-10-25")
    base = "main" if committed else "HEAD"

    focused = run(root, diff_base=base)
    whole = judged_whole(root, monkeypatch, base)

    assert focused.focused and not whole.focused
    assert shown(focused) == shown(whole)
    # Every change breaks something, but the one that undoes itself within the branch.
    assert bool(focused.findings) == (change != "changed_and_undone" or not committed)


def test_a_change_of_the_configuration_is_judged_whole(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(EXAMPLE, root)
    init(root)
    commit(root, "The program", "2026-10-20")
    edit(root, "soclint.yaml", "warn_days: 30", "warn_days: 45")
    body_edit(root)

    report = run(root, diff_base="HEAD")

    assert not report.focused
    assert ("A010", POLICY, 12) in [(f.code, f.path, f.line) for f in report.findings]


def test_a_change_touches_every_file_it_made_differ_even_for_a_while(tmp_path: Path) -> None:
    root = init(tmp_path / "repo")
    write_files(root, {"a.md": "a\n", "b.md": "b\n", "c.md": "c\n", "d.md": "d\n", "e.md": "e\n"})
    commit(root, "Base", "2026-10-20")
    base = GitHistory.open(root).commit("HEAD")
    write_files(root, {"a.md": "a, changed\n"})
    commit(root, "A change", "2026-10-21")
    write_files(root, {"a.md": "a\n"})
    commit(root, "The change undone", "2026-10-22")
    write_files(root, {"b.md": "b, uncommitted\n", "new.md": "untracked\n"})
    (root / "c.md").unlink()
    git(root, "rm", "-q", "d.md")

    assert GitHistory.open(root).touched_since(base) == {"a.md", "b.md", "c.md", "d.md", "new.md"}


def test_against_head_the_log_is_read_once_for_both_ends(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = init(tmp_path / "repo")
    write_files(
        root, {"roster.md": ROSTER, "policies/a.md": policy("a"), "policies/b.md": policy("b")}
    )
    commit(root, "Approved policies", "2025-01-10")
    edit(root, "policies/a.md", "The a rules.", "The a rules, changed unapproved.")
    logs: list[tuple[str, ...]] = []
    text = GitCommand.text

    def counted(self: GitCommand, *args: str, **options: Any) -> str:
        if args[:2] == ("log", "--raw"):
            logs.append(args)
        return text(self, *args, **options)

    monkeypatch.setattr(GitCommand, "text", counted)
    report = run(root, as_of=date(2025, 3, 3), diff_base="HEAD")

    assert ("A011", "policies/a.md", APPROVAL_DATE_LINE) in [
        (f.code, f.path, f.line) for f in report.findings
    ]
    assert len(logs) == 1


@pytest.mark.slow
def test_an_edit_of_a_document_another_links_to_is_an_edit_of_both(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "repo"
    shutil.copytree(EXAMPLE, root)
    (root / "policies/alias.md").symlink_to("access-control.md")
    init(root)
    commit(root, "The program, one policy under two names", "2026-10-20")
    body_edit(root)

    focused = run(root, diff_base="HEAD")

    assert shown(focused) == shown(judged_whole(root, monkeypatch, "HEAD"))
    assert ("A010", "policies/alias.md") in [(f.code, f.path) for f in focused.findings]


@pytest.mark.slow
def test_a_change_of_the_criteria_catalog_a_pack_names_is_judged_whole(tmp_path: Path) -> None:
    catalog = (
        "title: the Acme control catalog\ncriteria:\n"
        "  - {id: AC-1, category: security, series: AC, title: Access is reviewed}\n"
        "  - {id: AC-2, category: security, series: AC, title: Access is revoked}\n"
    )
    root = init(tmp_path / "repo")
    write_files(
        root,
        {
            "a.md": "---\ntype: standard\nid: STD-A\ntitle: A\ncontrols: [AC-1, AC-2]\n---\n",
            "packs/acme.yaml": "pack: acme\ntitle: Acme\ncatalog: ../catalogs/acme.yaml\n",
            "catalogs/acme.yaml": catalog,
            "soclint.yaml": "packs: [packs/acme.yaml]\nselect: [M001]\n",
        },
    )
    commit(root, "A program with its own catalog", "2026-10-20")
    write_files(root, {"catalogs/acme.yaml": catalog.rsplit("  - ", 1)[0]})

    report = run(root, diff_base="HEAD")

    assert not report.focused
    assert [(f.code, f.path, f.line) for f in report.findings] == [("M001", "a.md", 5)]


# Small edits of values and headings that break something somewhere, often elsewhere.
EDITS = [
    ("status: approved", "status: draft"),
    ('version: "', 'version: "9'),
    ("date: 2026-", "date: 2025-"),
    ("controls: [", "controls: [CC9.9, "),
    ("## ", "## X "),
    ("likelihood: 3", "likelihood: 4"),
    ("roles: [", "roles: [ceo, "),
    ("approve-policy: [", "approve-policy: [nobody, "),
    ("type: policy", "type: standard"),
    ("id: ", "id: Z"),
]


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(6))
def test_random_edits_are_judged_as_judging_everything_judges_them(
    seed: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "repo"
    shutil.copytree(EXAMPLE, root)
    init(root)
    commit(root, "The program", "2026-10-20")
    chosen = random.Random(seed)
    files = sorted(root.glob("**/*.md"))
    for file in chosen.sample(files, 3):
        text = file.read_text(encoding="utf-8")
        edits = [(old, new) for old, new in EDITS if old in text]
        if edits:
            old, new = chosen.choice(edits)
            at = chosen.choice([i for i in range(len(text)) if text.startswith(old, i)])
            file.write_text(text[:at] + new + text[at + len(old) :], encoding="utf-8")

    focused = run(root, diff_base="HEAD")

    assert shown(focused) == shown(judged_whole(root, monkeypatch, "HEAD"))


def test_a_waiver_is_judged_only_where_its_rule_ran(tmp_path: Path) -> None:
    root = tmp_path / "program"
    shutil.copytree(EXAMPLE, root)
    waiver = "soclint:\n  waive:\n    - {code: L003, reason: drafting, until: 2026-12-31}\n---\n"
    for path in (POLICY, "policies/hr-security.md"):
        edit(root, path, "\n---\n", "\n" + waiver)
    edit(root, "policies/hr-security.md", "## Purpose", "## Purpose\n\nTODO: the purpose.")
    program = load_program(root, as_of=date(2026, 11, 1), select=["L003", "W003"])
    scope = ChangeScope(frozenset({POLICY}), frozenset(), False, False, False)

    unused = [(f.code, f.path) for f in evaluate(program, scope=scope).findings]

    # L003 ran on the touched policy alone: its waiver there silences nothing, and the one
    # of the other policy, which silences a TODO, is not judged as unused.
    assert unused == [("W003", POLICY)]
    everything = [(f.code, f.path) for f in evaluate(program).findings]
    assert everything == [("W003", POLICY)]


def test_the_older_findings_are_counted_where_they_were_judged() -> None:
    whole = Report([], 30, predating=2)
    focused = Report([], 30, predating=2, focused=True)

    assert predating(whole) == "2 findings that predate this change are not shown; --all shows them"
    assert predating(replace(whole, predating=1)) == (
        "1 finding that predates this change is not shown; --all shows it"
    )
    assert predating(focused) == (
        "2 findings that predate this change in what it touches are not shown; "
        "--all judges the whole program and shows every finding"
    )
    assert summary_counts(whole)["predating_in"] == "program"
    assert summary_counts(focused)["predating_in"] == "touched"
    assert "predating" not in summary_counts(Report([], 30))
