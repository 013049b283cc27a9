"""Coverage of the criteria in scope: the M004 findings and `soclint coverage`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLE, run, write_files

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
    assert matrix["summary"] == {"criteria": 38, "covered": 37, "uncovered": 1}


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
