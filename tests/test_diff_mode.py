"""`soclint check --diff-base REV`: the findings a pull request causes, wherever they land; what
it changed must be versioned and approved; it cannot weaken the checks that judge it."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterable
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLE, ROSTER, located, run, write_files
from gitrepo import commit, git, init

from soclint.cli import main
from soclint.edit.approve import approve_documents
from soclint.finding import Severity


def policy(name: str, status: str = "approved", approved: str = "2025-01-10") -> str:
    return (
        f"---\ntype: policy\nid: POL-{name.upper()}\ntitle: {name}\nkind: {name}\n"
        f'owner: priya\nstatus: {status}\nversion: "1.0"\n'
        f"approval:\n  by: daniel\n  date: {approved}\n"
        f"review:\n  cycle: annual\n---\n\nThe {name} rules.\n"
    )


VERSION_LINE, APPROVAL_DATE_LINE = 8, 11


def pull_request(root: Path, main_day: str = "2025-01-20") -> Path:
    """main: four approved policies (one overdue); a branch edits three of them."""
    init(root)
    write_files(
        root,
        {
            "soclint.yaml": "select: [A]\n",
            "roster.md": ROSTER,
            "policies/edited.md": policy("edited"),
            "policies/reapproved.md": policy("reapproved"),
            "policies/draft.md": policy("draft", status="draft"),
            "policies/untouched.md": policy("untouched", approved="2024-01-10"),
        },
    )
    for name in ("edited", "reapproved"):
        approve_documents(
            [root / f"policies/{name}.md"], "daniel", date(2025, 1, 10), "none",
            date(2025, 1, 10),
        )  # fmt: skip
    commit(root, "Program", main_day)
    git(root, "checkout", "-q", "-b", "reword")
    for name in ("edited", "reapproved", "draft"):
        file = root / f"policies/{name}.md"
        file.write_text(file.read_text().replace("rules.", "rules, reworded."))
    approve_documents(
        [root / "policies/reapproved.md"], "daniel", date(2025, 3, 2), "minor",
        date(2025, 3, 2),
    )  # fmt: skip
    commit(root, "Reword three policies", "2025-03-02")
    return root


def test_changed_policy_without_new_version_and_approval_is_reported(tmp_path: Path) -> None:
    root = pull_request(tmp_path)

    report = run(root, as_of=date(2025, 3, 3), diff_base="main")

    assert located(report) == [
        ("A013", "policies/edited.md", VERSION_LINE),
        ("A014", "policies/edited.md", APPROVAL_DATE_LINE),
        ("A010", "policies/edited.md", APPROVAL_DATE_LINE + 1),
    ]
    version, approval = (f.message for f in report.findings[:2])
    assert version.startswith("version: '1.0' is not above '1.0' at main (")
    assert approval.startswith("approval.date: 2025-01-10 is before main (")
    assert "2025-01-20), but the content changed since" in approval


def test_an_approval_carried_over_unchanged_is_not_renewed_even_on_the_same_day(
    tmp_path: Path,
) -> None:
    root = pull_request(tmp_path, main_day="2025-01-10")

    report = run(root, as_of=date(2025, 3, 3), diff_base="main", select=["A014"])

    assert located(report) == [("A014", "policies/edited.md", APPROVAL_DATE_LINE)]
    assert "the approval is the same as at main (" in report.findings[0].message


@pytest.mark.slow
def test_findings_the_base_had_are_left_out_unless_all(tmp_path: Path) -> None:
    root = pull_request(tmp_path)
    as_of = date(2025, 3, 3)  # untouched.md is overdue: approved 2024-01-10

    changed = {path for _code, path, _line in located(run(root, as_of=as_of, diff_base="main"))}
    everything = located(run(root, as_of=as_of, diff_base="main", report_all=True))

    assert changed == {"policies/edited.md"}
    assert ("A005", "policies/untouched.md", APPROVAL_DATE_LINE) in everything


def test_base_is_where_the_branch_left_main(tmp_path: Path) -> None:
    root = pull_request(tmp_path)
    git(root, "checkout", "-q", "main")
    write_files(root, {"policies/later.md": policy("later", approved="2025-04-01")})
    commit(root, "A later policy on main", "2025-04-01")
    git(root, "checkout", "-q", "reword")

    report = run(root, as_of=date(2025, 4, 2), diff_base="main")

    assert {path for _code, path, _line in located(report)} == {"policies/edited.md"}
    assert "A014" in {f.code for f in report.findings}  # still judged against 2025-01-10


def test_uncommitted_and_untracked_files_count_as_changed(tmp_path: Path) -> None:
    root = pull_request(tmp_path)
    write_files(
        root, {"policies/new.md": "---\ntype: policy\nid: POL-NEW\nstatus: approved\n---\n"}
    )

    report = run(root, as_of=date(2025, 3, 3), diff_base="HEAD")

    assert located(report) == [("A001", "policies/new.md", 4)]


def test_a_revision_that_is_not_there_is_a_usage_error(tmp_path: Path) -> None:
    root = pull_request(tmp_path / "repo")
    result = CliRunner().invoke(main, ["check", str(root), "--diff-base", "no-such-branch"])
    assert result.exit_code == 2
    assert result.output == (
        "soclint: error: --diff-base no-such-branch: 'no-such-branch' is not a commit of "
        "this clone; if it exists upstream, fetch it (actions/checkout with fetch-depth: 0)\n"
    )

    outside = write_files(tmp_path / "outside", {"a.md": policy("a")})
    result = CliRunner().invoke(main, ["check", str(outside), "--diff-base", "main"])
    assert result.exit_code == 2
    assert "not inside a git repository" in result.output


def test_a_policy_deleted_by_the_pull_request_is_reported_where_the_suite_is(
    tmp_path: Path,
) -> None:
    root = tmp_path / "program"
    shutil.copytree(EXAMPLE, root)
    init(root)
    commit(root, "Program", "2026-10-01")
    git(root, "checkout", "-q", "-b", "remove")
    (root / "policies" / "incident-response.md").unlink()
    commit(root, "Remove a policy", "2026-10-02")

    report = run(root, diff_base="main", select=["P002"])

    # The system description did not change, and the finding about the suite still shows.
    assert located(report) == [("P002", "system-description.md", 1)]


# Pull requests against a copy of the example program, which checks clean.


def example_on_a_branch(root: Path, broken: Iterable[tuple[str, str, str]] = ()) -> Path:
    """main: the example program with `broken` edits (path, old, new); branch `change`."""
    shutil.copytree(EXAMPLE, root)
    init(root)
    for path, old, new in broken:
        edit(root, path, old, new)
    commit(root, "Program", "2026-10-20")
    git(root, "checkout", "-q", "-b", "change")
    return root


def edit(root: Path, path: str, old: str, new: str) -> None:
    file = root / path
    text = file.read_text(encoding="utf-8")
    assert old in text, (path, old)
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def pull(root: Path, *edits: tuple[str, str, str]) -> None:
    """Commit `edits` (path, old, new) on the branch."""
    for path, old, new in edits:
        edit(root, path, old, new)
    commit(root, "Change", "2026-10-25")


@pytest.mark.slow
def test_narrowing_the_roster_fails_every_approval_it_invalidates(tmp_path: Path) -> None:
    root = example_on_a_branch(tmp_path / "repo")
    pull(root, ("roster.md", "approve-policy: [ceo, cto, security-lead]", "approve-policy: [ceo]"))

    report = run(root, diff_base="main")

    assert located(report) == located(run(root))  # every finding is the change's
    assert {f.code for f in report.findings} == {"A003"}
    assert len(report.findings) == 15
    assert ("A003", "policies/access-control.md", 10) in located(report)
    assert "roster.md" not in {f.path for f in report.findings}
    assert report.predating == 0


@pytest.mark.slow
def test_unmapping_the_only_policy_of_a_criterion_fails_at_the_system_description(
    tmp_path: Path,
) -> None:
    root = example_on_a_branch(tmp_path / "repo")
    pull(root, ("policies/vendor-risk.md", "controls: [CC2.3, CC9.2]", "controls: [CC2.3]"))

    report = run(root, diff_base="main")

    assert located(report) == [
        ("A013", "policies/vendor-risk.md", 8),
        ("A014", "policies/vendor-risk.md", 11),
        ("A010", "policies/vendor-risk.md", 12),
        ("M004", "system-description.md", 10),
    ]
    assert report.findings[-1].message.startswith("CC9.2 ")


@pytest.mark.slow
def test_renaming_a_policy_fails_the_links_to_it_and_keeps_its_own_old_findings_hidden(
    tmp_path: Path,
) -> None:
    broken_link = ("## Purpose", "## Purpose\n\nSee [the old runbook](old-runbook.md).")
    root = example_on_a_branch(tmp_path / "repo", [("policies/access-control.md", *broken_link)])
    git(root, "mv", "policies/access-control.md", "policies/access.md")
    commit(root, "Rename the access-control policy", "2026-10-25")

    report = run(root, diff_base="main")

    assert located(report) == [
        ("L001", "policies/hr-security.md", 72),
        ("L001", "procedures/access-review.md", 23),
    ]
    # The old broken link and the digest it broke, now in policies/access.md.
    assert report.predating == 2
    assert located(run(root))[:2] == [
        ("A010", "policies/access.md", 12),
        ("L001", "policies/access.md", 24),
    ]


RISKS = "registers/risks.md"


@pytest.mark.slow
def test_editing_a_long_broken_file_does_not_resurface_its_old_findings(tmp_path: Path) -> None:
    root = example_on_a_branch(
        tmp_path / "repo",
        [
            (RISKS, "    score: 15\n", "    score: 14\n"),  # 3 x 5 is not 14
            (RISKS, "## Treatments", "## Treatments\n\nTODO: review the plans."),
        ],
    )
    before = located(run(root))
    assert [code for code, _path, _line in before] == ["K002", "L003"]
    new_risk = (
        "  - id: R-000\n    title: A new risk\n    asset: AST-OKTA\n    threat: Someone\n"
        "    owner: priya.raman\n    likelihood: 2\n    impact: 2\n    score: 5\n"
        "    treatment: mitigate\n    plan: A plan\n    due: 2027-01-29\n"
        "    status: open\n    controls: [CC6.1]\n"
    )
    # Every old row moves down and along the list; the body moves down.
    pull(
        root,
        (RISKS, "risks:\n", "risks:\n" + new_risk),
        (RISKS, "## Scoring", "A new paragraph.\n\n## Scoring"),
    )

    report = run(root, diff_base="main")

    assert located(report) == [("K002", RISKS, 25)]
    assert report.findings[0].message.startswith("risks[0].score: 5 is not likelihood x impact")
    assert report.predating == 2
    everything = run(root, diff_base="main", report_all=True)
    assert located(everything) == [
        ("K002", RISKS, 25),
        ("K002", RISKS, before[0][2] + 13),
        ("L003", RISKS, before[1][2] + 15),
    ]
    assert everything.predating is None


def test_a_row_fixed_and_another_broken_the_same_way_is_reported(tmp_path: Path) -> None:
    root = example_on_a_branch(tmp_path / "repo", [(RISKS, "    score: 15\n", "    score: 14\n")])
    base = run(root, select=["K002"]).findings
    text = (root / RISKS).read_text(encoding="utf-8")
    first_row = text.split("  - id: R-002")[0].split("risks:\n")[1]
    # R-001 goes; R-002 takes its place in the list, with the very same mistake.
    pull(
        root,
        (RISKS, first_row, ""),
        (
            RISKS,
            "likelihood: 2\n    impact: 5\n    score: 10\n",
            "likelihood: 3\n    impact: 5\n    score: 14\n",
        ),
    )

    report = run(root, diff_base="main", select=["K002"])

    assert [f.message for f in report.findings] == [f.message for f in base]
    assert located(report) == [("K002", RISKS, 25)]
    assert report.predating == 0


def test_findings_alike_count_one_for_one_and_the_new_line_is_the_one_shown(
    tmp_path: Path,
) -> None:
    link = "[the old runbook](old-runbook.md)"
    root = example_on_a_branch(
        tmp_path / "repo", [(RISKS, "## Treatments", f"## Treatments\n\n{link} {link}")]
    )
    pull(root, (RISKS, "## Scoring", f"## Scoring\n\n{link}"))  # a third, alike

    report = run(root, diff_base="main", select=["L001"])

    assert located(report) == [("L001", RISKS, 203)]
    assert report.predating == 2


@pytest.mark.slow
def test_a_finding_raised_in_severity_is_the_change_s(tmp_path: Path) -> None:
    root = example_on_a_branch(
        tmp_path / "repo",
        [
            (RISKS, "## Treatments", "## Treatments\n\nTODO: review the plans."),
            ("soclint.yaml", "warn_days: 30\n", "warn_days: 30\nseverity: {L003: info}\n"),
        ],
    )
    pull(root, ("soclint.yaml", "{L003: info}", "{L003: error}"))

    report = run(root, diff_base="main")

    assert [(f.code, f.severity.value) for f in report.findings] == [("L003", "error")]
    assert report.predating == 0


NARROW_ROSTER = ("roster.md", "approve-policy: [ceo, cto, security-lead]", "approve-policy: [ceo]")


def config_line(root: Path, text: str) -> int:
    """The line of soclint.yaml that starts with `text`."""
    lines = (root / "soclint.yaml").read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if line.startswith(text))


@pytest.mark.slow
def test_a_breakage_the_change_also_ignores_is_shown_and_so_is_the_weakening(
    tmp_path: Path,
) -> None:
    root = example_on_a_branch(tmp_path / "repo")
    pull(
        root, NARROW_ROSTER, ("soclint.yaml", "warn_days: 30\n", "warn_days: 30\nignore: [A003]\n")
    )

    report = run(root, diff_base="main")

    assert run(root).findings == []  # the full check of the head is green
    weakened = [f for f in report.findings if f.code == "A015"]
    assert located(report).count(("A003", "policies/access-control.md", 10)) == 1
    assert len(report.findings) == 16
    assert [(f.path, f.line, f.message) for f in weakened] == [
        (
            "soclint.yaml",
            config_line(root, "ignore:"),
            "ignore[0]: this change weakens the checks: A003 no longer runs",
        )
    ]
    assert all(
        f.message.endswith("this change's configuration hides it)")
        for f in report.findings
        if f.code == "A003"
    )
    assert report.fails(Severity.ERROR)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("old", "new", "where", "what"),
    [
        ("warn_days: 30", "warn_days: 30\nignore: [L001]", "ignore[0]", "L001 no longer runs"),
        (
            "warn_days: 30",
            "warn_days: 30\nselect: [A, K, L, M, O, P, R, S, V, W]",
            "select",
            "C001, C002, C003, C004, C005, C006, C008, C009, D101, D102, N001, N002 no longer run",
        ),
        (
            "warn_days: 30",
            "warn_days: 30\nseverity: {A005: warning}",
            "severity.A005",
            "A005 reports as warning, at the base as error",
        ),
        (
            "warn_days: 30",
            "warn_days: 30\nseverity: {A006: 'off'}",
            "severity.A006",
            "A006 no longer runs",
        ),
        (
            "warn_days: 30",
            "warn_days: 30\nexclude: [README.md, policies/access-control.md]",
            "exclude[1]",
            "1 file the base reads is no longer checked (policies/access-control.md)",
        ),
        (
            "warn_days: 30",
            "warn_days: 30\nextend_exclude: [x.md, policies/access-control.md]",
            "extend_exclude[1]",
            "1 file the base reads is no longer checked (policies/access-control.md)",
        ),
        (
            "as_of: 2026-11-01",
            "as_of: 2026-06-01",
            "as_of",
            "dates are judged as of 2026-06-01, at the base as of 2026-11-01",
        ),
        (
            "warn_days: 30",
            "warn_days: 7",
            "warn_days",
            "warnings start 7 days ahead, at the base 30",
        ),
        (
            "warn_days: 30",
            "warn_days: 30\nseparation_of_duties: false",
            "separation_of_duties",
            "owners may approve their own documents",
        ),
    ],
)
def test_a_change_that_only_weakens_the_configuration_is_not_green(
    tmp_path: Path, old: str, new: str, where: str, what: str
) -> None:
    root = example_on_a_branch(tmp_path / "repo")
    pull(root, ("soclint.yaml", old, new))

    report = run(root, as_of=None, diff_base="main")  # as_of from soclint.yaml

    line = config_line(root, where.split(".")[0].split("[")[0] + ":")
    message = f"{where}: this change weakens the checks: {what}"
    weakened = [(f.path, f.line, f.message) for f in report.findings if f.code == "A015"]
    assert weakened == [("soclint.yaml", line, message)]
    assert report.fails(Severity.ERROR)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("warn_days: 30", "warn_days: 45"),  # warns earlier: a new warning, no weakening
        ("# as_of pins", "# The date: as_of pins"),  # a comment
        ("warn_days: 30", "warn_days: 30\nseverity: {A006: error}"),
        ("warn_days: 30", "warn_days: 30\nfail_on: warning"),
    ],
)
def test_a_change_that_keeps_or_tightens_the_checks_is_not_a_weakening(
    tmp_path: Path, old: str, new: str
) -> None:
    root = example_on_a_branch(tmp_path / "repo")
    pull(root, ("soclint.yaml", old, new))

    report = run(root, as_of=None, diff_base="main")

    assert "A015" not in {f.code for f in report.findings}
    assert not report.fails(Severity.ERROR)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("base", "head", "weakened"),
    [("signed", "author", True), ("author", "off", True), ("author", "signed", False)],
)
def test_lowering_the_provenance_level_weakens_the_checks(
    tmp_path: Path, base: str, head: str, weakened: bool
) -> None:
    root = example_on_a_branch(
        tmp_path / "repo", [("soclint.yaml", "provenance: off", f"provenance: {base}")]
    )
    pull(root, ("soclint.yaml", f"provenance: {base}", f"provenance: {head}"))

    report = run(root, as_of=None, diff_base="main")

    message = "provenance: this change weakens the checks: approvals are proven less strictly"
    found = [(f.line, f.message) for f in report.findings if f.code == "A015"]
    line = config_line(root, "provenance:")
    assert ((line, f"{message} from git") in found) is weakened


@pytest.mark.slow
def test_raising_the_provenance_level_hides_nothing_the_base_reported(tmp_path: Path) -> None:
    # Every approval was committed by the tests' author, not by its approver: the base's
    # `author` level reports each (A019), and so does the head's `signed`, in other words.
    root = example_on_a_branch(
        tmp_path / "repo", [("soclint.yaml", "provenance: off", "provenance: author")]
    )
    assert "A019" in {f.code for f in run(root, as_of=None).findings}
    pull(root, ("soclint.yaml", "provenance: author", "provenance: signed"))

    report = run(root, as_of=None, diff_base="main")

    assert "A015" not in {f.code for f in report.findings}
    # Back down to `off`, the same findings are hidden, and the reviewers are told.
    pull(root, ("soclint.yaml", "provenance: signed", "provenance: off"))
    lowered = run(root, as_of=None, diff_base="main")
    hidden = [f.message for f in lowered.findings if f.code == "A015"]
    assert any("approvals are proven less strictly" in message for message in hidden)


@pytest.mark.slow
def test_the_change_cannot_turn_the_weakening_report_off(tmp_path: Path) -> None:
    root = example_on_a_branch(tmp_path / "repo")
    pull(root, ("soclint.yaml", "warn_days: 30", "warn_days: 30\nignore: [A015, L]"))

    report = run(root, diff_base="main")

    assert [(f.code, f.message) for f in report.findings] == [
        ("A015", "ignore[0]: this change weakens the checks: A015 no longer runs"),
        (
            "A015",
            "ignore[1]: this change weakens the checks: L001, L002, L003, L004 no longer run",
        ),
    ]


@pytest.mark.slow
def test_what_the_change_hides_by_other_settings_is_shown_where_soclint_yaml_changed(
    tmp_path: Path,
) -> None:
    sections = "required_sections: {risk-register: [Treatments]}\n"
    root = example_on_a_branch(
        tmp_path / "repo", [("soclint.yaml", "warn_days: 30\n", f"warn_days: 30\n{sections}")]
    )
    assert run(root).findings == []
    pull(
        root,
        ("soclint.yaml", sections, "required_sections: {risk-register: []}\n"),
        (RISKS, "## Treatments", "## How we treat risks"),
    )

    report = run(root, diff_base="main")

    assert [(f.code, f.path, f.line) for f in report.findings] == [
        ("L002", RISKS, 195),
        ("A015", "soclint.yaml", config_line(root, "required_sections")),
    ]
    assert report.findings[1].message == (
        "this change to the configuration hides 1 finding that the base's configuration "
        "reports (1 L002)"
    )


@pytest.mark.slow
def test_the_stricter_fail_on_of_base_and_head_decides_the_exit_status(tmp_path: Path) -> None:
    root = example_on_a_branch(
        tmp_path / "repo", [("soclint.yaml", "warn_days: 30", "warn_days: 30\nfail_on: warning")]
    )
    pull(
        root,
        ("soclint.yaml", "fail_on: warning", "fail_on: error"),
        (RISKS, "## Treatments", "## Treatments\n\nTODO: review the plans."),  # a warning
    )

    result = CliRunner().invoke(main, ["check", str(root), "--diff-base", "main"])

    assert result.exit_code == 1
    weakened = (
        "fail_on: this change weakens the checks: the check fails at error, at the base at warning"
    )
    assert f"soclint.yaml:{config_line(root, 'fail_on')}:1: error: A015 {weakened}" in result.output
    assert f"{RISKS}:219:1: warning: L003" in result.output


def test_an_edit_behind_a_symbolic_link_is_the_change_s(tmp_path: Path) -> None:
    root = init(tmp_path / "repo")
    write_files(
        root,
        {
            "soclint.yaml": "select: [A]\n",
            "roster.md": ROSTER,
            "notes/linked.txt": policy("linked", approved="2024-01-10"),
        },
    )
    on = date(2024, 1, 10)  # a year before: the annual review is overdue
    approve_documents([root / "notes/linked.txt"], "daniel", on, "none", on)
    (root / "policies").mkdir()
    (root / "policies/linked.md").symlink_to("../notes/linked.txt")
    commit(root, "A policy kept outside the files soclint reads", "2024-01-10")
    edit(root, "notes/linked.txt", "The linked rules.", "The linked rules, loosened.")
    commit(root, "Edit the text behind the link", "2025-02-01")

    report = run(root, as_of=date(2025, 3, 3), diff_base="HEAD~1")

    # The policy's content changed, though its own path did not.
    assert located(report) == [
        ("A013", "policies/linked.md", VERSION_LINE),
        ("A014", "policies/linked.md", APPROVAL_DATE_LINE),
        ("A010", "policies/linked.md", APPROVAL_DATE_LINE + 1),
    ]
    assert report.predating == 1  # the overdue review, read through the link at the base too
    assert ("A005", "policies/linked.md", 15) in located(run(root, as_of=date(2025, 3, 3)))


@pytest.mark.slow
def test_history_rules_judge_the_base_by_the_base_commit_s_own_history(tmp_path: Path) -> None:
    # No digests: whether content changed after approval is told by git alone.
    root = init(tmp_path / "repo")
    write_files(
        root,
        {
            "soclint.yaml": "select: [A011]\n",
            "roster.md": ROSTER,
            "policies/old.md": policy("old"),
            "policies/other.md": policy("other"),
        },
    )
    commit(root, "Approved policies", "2025-01-10")
    edit(root, "policies/old.md", "The old rules.", "The old rules, changed unapproved.")
    commit(root, "An unapproved change on main", "2025-02-01")
    git(root, "checkout", "-q", "-b", "change")
    edit(root, "roster.md", "roles: [sre]", "roles: [sre, oncall]")
    commit(root, "An unrelated change", "2025-03-01")

    report = run(root, as_of=date(2025, 3, 3), diff_base="main")

    assert located(run(root, as_of=date(2025, 3, 3))) == [
        ("A011", "policies/old.md", APPROVAL_DATE_LINE)
    ]
    assert report.findings == []
    # The old finding is in a file the change does not touch, so it is not judged again;
    # --all judges everything, by the head's history.
    assert report.predating == 0
    everything = run(root, as_of=date(2025, 3, 3), diff_base="main", report_all=True)
    assert located(everything) == [("A011", "policies/old.md", APPROVAL_DATE_LINE)]

    edit(root, "policies/other.md", "The other rules.", "The other rules, changed unapproved.")
    commit(root, "An unapproved change in the pull request", "2025-03-02")

    report = run(root, as_of=date(2025, 3, 3), diff_base="main")

    assert located(report) == [("A011", "policies/other.md", APPROVAL_DATE_LINE)]


def long_broken_pull_request(root: Path) -> Path:
    """Two old findings in the risk register (an error, a warning); the change adds an error."""
    example_on_a_branch(
        root,
        [
            (RISKS, "    score: 15\n", "    score: 14\n"),
            (RISKS, "## Treatments", "## Treatments\n\nTODO: review the plans."),
        ],
    )
    pull(root, (RISKS, "    score: 12\n", "    score: 13\n"))  # 3 x 4 is not 13
    return root


@pytest.mark.slow
def test_every_format_says_how_many_findings_predate_the_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = long_broken_pull_request(tmp_path / "repo")
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    monkeypatch.chdir(root)
    left_out = (
        "2 findings that predate this change in what it touches are not shown; "
        "--all judges the whole program and shows every finding"
    )

    def check(*options: str) -> str:
        result = CliRunner().invoke(main, ["check", str(root), "--diff-base", "main", *options])
        assert result.exit_code == 1
        return result.output

    text = check()
    assert text.splitlines()[-3:] == ["", "Checked 31 documents: 1 error.", left_out]
    assert text.startswith(f"{RISKS}:64:5: error: K002 risks[3].score: 13 is not")
    assert json.loads(check("--format", "json"))["summary"] == {
        "documents": 31,
        "errors": 1,
        "warnings": 0,
        "infos": 0,
        "predating": 2,
        "predating_in": "touched",
    }
    assert check("--format", "github").splitlines()[-1] == left_out
    assert f"\n{left_out}.\n" in summary.read_text(encoding="utf-8")

    everything = check("--all")
    assert everything.splitlines()[-1] == "Checked 31 documents: 2 errors, 1 warning."
    assert "predating" not in json.loads(check("--all", "--format", "json"))["summary"]


@pytest.mark.slow
def test_one_finding_that_predates_the_change_is_counted_in_the_singular(tmp_path: Path) -> None:
    root = example_on_a_branch(tmp_path / "repo", [(RISKS, "    score: 15\n", "    score: 14\n")])
    pull(root, (RISKS, "## Treatments", "## Treatments\n\nTODO: review the plans."))

    result = CliRunner().invoke(main, ["check", str(root), "--diff-base", "main"])

    assert result.exit_code == 0  # a new warning only
    assert result.output.splitlines()[-2:] == [
        "Checked 31 documents: 1 warning.",
        "1 finding that predates this change in what it touches is not shown; "
        "--all judges the whole program and shows every finding",
    ]


@pytest.mark.slow
def test_the_base_is_read_from_git_objects_and_nothing_in_the_checkout_changes(
    tmp_path: Path,
) -> None:
    root = long_broken_pull_request(tmp_path / "repo")
    # A filter git would run when it checks a file out, and work not yet committed.
    write_files(root, {".gitattributes": "*.md filter=mark\n"})
    git(root, "config", "filter.mark.smudge", f"touch {tmp_path / 'SMUDGED'}; cat")
    git(root, "config", "filter.mark.clean", "cat")
    commit(root, "Attributes", "2026-10-26")
    edit(root, RISKS, "    score: 10\n", "    score: 11\n")  # uncommitted: R-002
    status = git(root, "status", "--porcelain")  # (git status refreshes the index first)
    index = (root / ".git/index").read_bytes()

    report = run(root, diff_base="main")

    assert [(code, line) for code, _path, line in located(report)] == [("K002", 38), ("K002", 64)]
    assert not (tmp_path / "SMUDGED").exists()
    assert (root / ".git/index").read_bytes() == index
    assert git(root, "status", "--porcelain") == status
    assert "    score: 11\n" in (root / RISKS).read_text(encoding="utf-8")
    assert git(root, "worktree", "list").count("\n") == 1


@pytest.mark.slow
def test_a_change_to_a_configuration_the_base_cannot_use_is_not_judged_green(
    tmp_path: Path,
) -> None:
    root = example_on_a_branch(
        tmp_path / "repo", [("soclint.yaml", "warn_days: 30", "warn_days: 30\nwarn_dayz: 3")]
    )
    pull(root, ("soclint.yaml", "warn_dayz: 3", "ignore: [A]"))

    report = run(root, diff_base="main")

    assert [(f.code, f.path, f.line) for f in report.findings] == [("A015", "soclint.yaml", 1)]
    assert report.findings[0].message.startswith(
        "this change edits soclint.yaml, and the base's configuration cannot be used "
        "(soclint.yaml:8:1: "
    )


@pytest.mark.slow
def test_a_document_moved_where_soclint_does_not_read_is_a_weakening(tmp_path: Path) -> None:
    root = example_on_a_branch(tmp_path / "repo")
    (root / ".archive").mkdir()
    git(root, "mv", "policies/access-control.md", ".archive/access-control.md")
    commit(root, "Archive the access-control policy", "2026-10-25")

    report = run(root, diff_base="main")

    assert ("A015", "soclint.yaml", 1) in located(report)
    assert ("P002", "system-description.md", 1) in located(report)
    weakened = next(f for f in report.findings if f.code == "A015")
    assert weakened.message == (
        "this change weakens the checks: "
        "1 file the base reads is no longer checked (.archive/access-control.md)"
    )


VENDORS = "registers/vendors.md"


@pytest.mark.slow
def test_a_waiver_added_to_a_register_is_shown_to_the_reviewers(tmp_path: Path) -> None:
    root = example_on_a_branch(tmp_path / "repo", [(VENDORS, "\n---\n", "\n---\n\n[x](gone.md)\n")])
    assert located(run(root, select=["L001"])) == [("L001", VENDORS, 119)]
    waiver = "soclint:\n  waive:\n    - {code: L001, reason: moved soon, until: 2026-12-31}\n"
    pull(root, (VENDORS, "owner: grace.lindqvist\n", "owner: grace.lindqvist\n" + waiver))

    report = run(root, diff_base="main")

    # The broken link is silenced, and the reviewers see the decision that silenced it.
    assert located(report) == [("W007", VENDORS, 8)]
    assert report.findings[0].severity.value == "warning"
    assert report.findings[0].message.startswith(
        "this change waives L001 findings in this document until 2026-12-31: moved soon"
    )
    # A waiver the base already held is not the change's.
    pull(root, (VENDORS, "[x](gone.md)", "[x](gone.md) and more"))
    assert located(run(root, diff_base="HEAD~1")) == []


def starting_a_program(root: Path, config: str) -> Path:
    """main: Markdown files and no program; a branch makes one of them a soclint policy and
    adds soclint.yaml with `config`."""
    init(root)
    write_files(root, {"notes.md": "# Notes\n", "policies/access.md": "# Access\n\nRules.\n"})
    commit(root, "Notes and a policy", "2025-01-10")
    git(root, "checkout", "-q", "-b", "adopt")
    body = (root / "policies/access.md").read_text()
    write_files(
        root,
        {
            "soclint.yaml": config,
            "roster.md": ROSTER,
            "policies/access.md": policy("access", status="draft").split("---\n\n")[0]
            + "---\n"
            + body,
        },
    )
    commit(root, "Adopt", "2025-02-01")
    return root


def test_a_change_that_starts_a_program_weakens_no_file_its_base_read(tmp_path: Path) -> None:
    root = starting_a_program(tmp_path, "extend_exclude: [/notes.md]\n")

    report = run(root, as_of=date(2025, 2, 2), diff_base="main")

    assert "A015" not in {f.code for f in report.findings}


@pytest.mark.slow
def test_a_change_that_starts_a_program_still_may_not_turn_rules_off(tmp_path: Path) -> None:
    root = starting_a_program(tmp_path, "extend_exclude: [/notes.md]\nignore: [A003]\n")

    report = run(root, as_of=date(2025, 2, 2), diff_base="main")

    weakened = [f.message for f in report.findings if f.code == "A015"]
    assert weakened == ["ignore[0]: this change weakens the checks: A003 no longer runs"]
    # Once a program exists, leaving out a file it reads is a weakening again.
    git(root, "checkout", "-q", "-b", "later")
    (root / "soclint.yaml").write_text("extend_exclude: [/notes.md, /policies/]\nignore: [A003]\n")
    commit(root, "Read less", "2025-02-03")
    later = run(root, as_of=date(2025, 2, 4), diff_base="adopt")
    assert [f.message for f in later.findings if f.code == "A015"] == [
        "extend_exclude[1]: this change weakens the checks: 1 file the base reads is no longer "
        "checked (policies/access.md)"
    ]


@pytest.mark.slow
def test_declaring_a_typo_as_the_repository_s_own_key_is_shown_to_the_reviewers(
    tmp_path: Path,
) -> None:
    root = example_on_a_branch(tmp_path / "repo")
    pull(
        root,
        ("soclint.yaml", "warn_days: 30\n", "warn_days: 30\nown_keys:\n  policy: [aproval]\n"),
        ("policies/access-control.md", "status: approved\n", "status: approved\naproval: x\n"),
    )

    report = run(root, diff_base="main")

    # The head's configuration neither judges the new key nor counts it in the digest; the
    # base's reports both, so the change that hides them is shown to the reviewers.
    assert located(report) == [
        ("V002", "policies/access-control.md", 8),
        ("A010", "policies/access-control.md", 13),
        ("A015", "soclint.yaml", 8),
    ]
    assert "(did you mean 'approval'?) (the base's configuration reports this" in (
        report.findings[0].message
    )
    assert report.findings[2].message.endswith(
        "hides 2 findings that the base's configuration reports (1 A010, 1 V002)"
    )


def test_a_change_that_starts_a_program_shows_the_problems_it_adds_not_those_it_found(
    tmp_path: Path,
) -> None:
    init(tmp_path)
    write_files(tmp_path, {"policies/access.md": "# Access\n\nSee [old](gone.md).\n"})
    commit(tmp_path, "A policy with a broken link", "2025-01-10")
    git(tmp_path, "checkout", "-q", "-b", "adopt")
    front_matter = policy("access", status="draft").split("---\n\n")[0] + "---\n"
    body = "# Access\n\nSee [old](gone.md) and [new](missing.md).\n"
    write_files(tmp_path, {"roster.md": ROSTER, "policies/access.md": front_matter + body})
    commit(tmp_path, "Adopt, and a second broken link", "2025-02-01")

    report = run(tmp_path, as_of=date(2025, 2, 2), diff_base="main")

    broken = [f for f in report.findings if f.code == "L001"]
    assert [f.message for f in broken] == [
        "the link 'missing.md': policies/missing.md does not exist"
    ]
    assert report.predating >= 1
