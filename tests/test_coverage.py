"""Coverage of the criteria in scope: the M004 findings and `soclint coverage`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLE, located, run, write_files

from soclint.cli import main
from soclint.commands import check_coverage
from soclint.program import load_program

# The criteria that only the information security policy covers in the example.
ONLY_INFORMATION_SECURITY = [
    "CC1.2",
    "CC1.3",
    "CC2.1",
    "CC3.1",
    "CC3.2",
    "CC3.3",
    "CC4.2",
    "CC5.1",
    "CC5.2",
    "CC5.3",
]


def _example_copy(tmp_path: Path) -> Path:
    root = tmp_path / "example"
    shutil.copytree(EXAMPLE, root)
    return root


def _uncovered(root: Path) -> list[tuple[str, str, int]]:
    """(criterion, path, line) of each M004 finding."""
    report = run(root, select=["M004"])
    return [(f.message.split(" ", 1)[0], f.path, f.line) for f in report.findings]


def test_the_example_covers_every_criterion_in_scope() -> None:
    result = CliRunner().invoke(main, ["coverage", str(EXAMPLE)])
    assert result.exit_code == 0, result.output
    assert "UNCOVERED" not in result.output
    assert result.output.endswith(
        "38 criteria in scope (security, availability, confidentiality) as of 2026-11-01: "
        "38 covered, 0 uncovered.\n"
    )


def test_removing_a_policy_uncovers_what_only_it_covered(tmp_path: Path) -> None:
    root = _example_copy(tmp_path)
    (root / "policies" / "information-security.md").unlink()
    assert _uncovered(root) == [(c, "system-description.md", 10) for c in ONLY_INFORMATION_SECURITY]


@pytest.mark.slow
@pytest.mark.parametrize(
    "policy", sorted(p.name for p in (EXAMPLE / "policies").glob("*.md")), ids=str
)
def test_each_policy_removed_uncovers_exactly_its_own_criteria(tmp_path: Path, policy: str) -> None:
    example = load_program(EXAMPLE)
    full = check_coverage(example)
    only_this = [
        row.criterion.id
        for row in full.criteria
        if {m.document.path for m in row.covering} == {f"policies/{policy}"}
    ]
    root = _example_copy(tmp_path)
    (root / "policies" / policy).unlink()
    assert [criterion for criterion, _, _ in _uncovered(root)] == only_this


def test_a_draft_counts_for_nothing_and_the_matrix_says_why(tmp_path: Path) -> None:
    root = _example_copy(tmp_path)
    vendor_risk = root / "policies" / "vendor-risk.md"
    vendor_risk.write_text(
        vendor_risk.read_text(encoding="utf-8").replace("status: approved", "status: draft"),
        encoding="utf-8",
    )
    [finding] = run(root, select=["M004"]).findings
    assert (finding.path, finding.line, finding.column) == ("system-description.md", 10, 14)
    assert finding.message.startswith("CC9.2 (")
    assert finding.message.endswith(
        "mapped only by documents not in force: POL-VENDOR-RISK (draft)"
    )

    result = CliRunner().invoke(main, ["coverage", str(root), "--format", "json"])
    assert result.exit_code == 1
    matrix = json.loads(result.output)
    first = matrix["criteria"][0]
    assert (first["id"], first["covered"], first["covered_by"]) == ("CC9.2", False, [])
    assert first["not_in_force"] == [
        {
            "id": "POL-VENDOR-RISK",
            "path": "policies/vendor-risk.md",
            "via": None,
            "standing": "draft",
        }
    ]
    assert matrix["summary"] == {"criteria": 38, "covered": 37, "carved_out": 0, "uncovered": 1}


def test_markdown_matrix_lists_uncovered_first(tmp_path: Path) -> None:
    root = _example_copy(tmp_path)
    (root / "policies" / "vendor-risk.md").unlink()
    result = CliRunner().invoke(main, ["coverage", str(root), "--format", "md"])
    assert result.exit_code == 1
    rows = [line for line in result.output.splitlines() if line.startswith("| ")]
    assert rows[0] == "| Criterion | Title | Status | Covered by |"
    assert (
        rows[1].startswith("| CC9.2 | ") and "| **uncovered** | mapped by no document |" in rows[1]
    )
    assert rows[2].startswith("| CC1.1 | ") and rows[2].endswith(
        "| covered | POL-ACCEPTABLE-USE, POL-HR-SECURITY |"
    )
    assert len(rows) == 38 + 1


def test_coverage_through_a_control_is_shown_with_the_control(tmp_path: Path) -> None:
    root = _example_copy(tmp_path)
    change = root / "policies" / "change-management.md"
    text = change.read_text(encoding="utf-8")
    change.write_text(text.replace("controls: [CC3.4, CC8.1,", "controls: [CC3.4,"), "utf-8")
    result = CliRunner().invoke(main, ["coverage", str(root)])
    assert result.exit_code == 0
    line = next(line for line in result.output.splitlines() if line.startswith("CC8.1 "))
    assert (
        line == "CC8.1  covered    POL-CHANGE-MANAGEMENT via CTL-CHANGE-APPROVAL, POL-SECURE-SDLC"
    )


def test_coverage_without_a_system_description_is_a_usage_error(tmp_path: Path) -> None:
    write_files(tmp_path, {"policy.md": "---\ntype: policy\nid: POL-A\ntitle: A\n---\n"})
    result = CliRunner().invoke(main, ["coverage", str(tmp_path)])
    assert result.exit_code == 2
    assert "no system description" in result.output


def test_coverage_rejects_an_unknown_format() -> None:
    result = CliRunner().invoke(main, ["coverage", str(EXAMPLE), "--format", "html"])
    assert result.exit_code == 2


CARVE_OUT = """\
subservice:
  - vendor: aws
    method: carve-out
    criteria: [CC6.4]
    reason: AWS runs the data centres and their physical access controls
  - {vendor: datadog, method: inclusive, criteria: [CC7.2]}
approval:
  by: maya.chen"""


def _carved_out(tmp_path: Path, aws_report: str) -> Path:
    """The example with CC6.4 mapped by no document, carved out to aws, whose vendor
    register row says `aws_report` where it records its SOC 2 report."""
    root = _example_copy(tmp_path)
    for name, old, new in (
        ("system-description.md", "approval:\n  by: maya.chen", CARVE_OUT),
        ("policies/access-control.md", "CC6.3, CC6.4, ", "CC6.3, "),
        ("registers/vendors.md", "soc2: {type: 2, period_end: 2026-03-31}", aws_report),
    ):
        file = root / name
        text = file.read_text(encoding="utf-8")
        assert old in text
        file.write_text(text.replace(old, new, 1), encoding="utf-8")
    return root


def test_a_criterion_carved_out_to_a_vendor_with_a_current_report_needs_no_document(
    tmp_path: Path,
) -> None:
    root = _carved_out(tmp_path, "soc2: {type: 2, period_end: 2026-03-31}")
    assert located(run(root, select=["M004", "C009"])) == []

    result = CliRunner().invoke(main, ["coverage", str(root)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "CC6.4  carve-out  carved out to aws (SOC 2 type 2 report, period ended 2026-03-31)" in (
        lines
    )
    assert "CC7.2  covered    POL-LOGGING-MONITORING; datadog included (inclusive method)" in (
        lines
    )
    assert lines[-1] == (
        "38 criteria in scope (security, availability, confidentiality) as of 2026-11-01: "
        "37 covered, 1 carved out, 0 uncovered."
    )

    matrix = json.loads(
        CliRunner().invoke(main, ["coverage", str(root), "--format", "json"]).output
    )
    row = next(c for c in matrix["criteria"] if c["id"] == "CC6.4")
    assert (row["status"], row["covered"], row["carved_out_to"]) == ("carved-out", False, "aws")
    assert row["subservice"] == [{"vendor": "aws", "method": "carve-out", "relied_on": True}]
    inclusive = next(c for c in matrix["criteria"] if c["id"] == "CC7.2")
    assert inclusive["subservice"] == [
        {"vendor": "datadog", "method": "inclusive", "relied_on": None}
    ]
    assert matrix["summary"] == {"criteria": 38, "covered": 37, "carved_out": 1, "uncovered": 0}

    table = CliRunner().invoke(main, ["coverage", str(root), "--format", "md"]).output
    row_md = next(line for line in table.splitlines() if line.startswith("| CC6.4 |"))
    assert row_md.endswith(
        "| carved out | carved out to aws (SOC 2 type 2 report, period ended 2026-03-31) |"
    )


@pytest.mark.parametrize(
    ("aws_report", "why"),
    [
        (
            "soc2: {type: 2, period_end: 2025-09-30}",
            "the SOC 2 report of 'aws' is not current: its period ended 2025-09-30, more than "
            "12 months before 2026-11-01",
        ),
        (
            "questionnaire: {date: 2026-06-01}",
            "the vendor register records no SOC 2 report of 'aws' (soc2: {type, period_end}), "
            "which a carve-out relies on",
        ),
    ],
    ids=["stale-report", "no-report"],
)
def test_a_carve_out_without_a_current_report_leaves_the_criterion_uncovered(
    tmp_path: Path, aws_report: str, why: str
) -> None:
    root = _carved_out(tmp_path, aws_report)
    report = run(root, select=["M004", "C009"])
    # C009 at the carve-out's vendor, M004 at the security category
    assert located(report) == [
        ("M004", "system-description.md", 10),
        ("C009", "system-description.md", 111),
    ]
    uncovered, carve_out = report.findings
    assert carve_out.message == f"subservice[0].vendor: {why}"
    assert uncovered.message.startswith("CC6.4 (")
    assert uncovered.message.endswith(
        "; it is carved out to aws, which it cannot rely on without a current SOC 2 report in "
        "the vendor register"
    )

    result = CliRunner().invoke(main, ["coverage", str(root)])
    assert result.exit_code == 1
    assert result.output.splitlines()[0].startswith("CC6.4  UNCOVERED  Physical access")
    assert result.output.splitlines()[0].endswith(
        "mapped by no document; carved out to aws, which cannot be relied on"
    )


def test_an_inclusive_vendor_leaves_its_criteria_to_the_company_s_documents(
    tmp_path: Path,
) -> None:
    root = _carved_out(tmp_path, "soc2: {type: 2, period_end: 2026-03-31}")
    file = root / "system-description.md"
    file.write_text(
        file.read_text(encoding="utf-8").replace("method: carve-out", "method: inclusive"),
        encoding="utf-8",
    )
    report = run(root, select=["M004", "C009"])
    assert located(report) == [("M004", "system-description.md", 10)]
    assert report.findings[0].message.startswith("CC6.4 (")


def test_a_carve_out_to_a_vendor_of_a_register_that_does_not_parse_waits_for_it(
    tmp_path: Path,
) -> None:
    root = _carved_out(tmp_path, "soc2: {type: 2, period_end: 2026-03-31}")
    vendors = root / "registers" / "vendors.md"
    vendors.write_text(
        vendors.read_text(encoding="utf-8").replace("owner: grace.lindqvist", "owner: [grace"),
        encoding="utf-8",
    )
    # the parse error is the one finding: no M004 for CC6.4, no C009 for aws
    assert [code for code, _, _ in located(run(root, select=["S", "M004", "C009"]))] == ["S002"]
