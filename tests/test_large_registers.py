"""Registers keep their rows in the front-matter: one of 10,000 rows is read and checked,
while the limit on prose still holds for every other file and for a register's body."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import located, run, write_files
from gitrepo import commit, git, init

from soclint.document import MAX_FILE_BYTES, MAX_REGISTER_BYTES

ROWS = 10_000


def _register(rows: int, body: str = "# Risks\n", broken_row: int | None = None) -> str:
    lines = ["---", "type: risk-register", "id: risk-register", "title: Risks", "risks:"]
    for index in range(rows):
        score = (1 + index % 5) * (1 + index % 3) + (index == broken_row)
        lines.append(
            f"  - {{id: R-{index:05d}, title: Risk number {index} of the generated register, "
            f"owner: priya, likelihood: {1 + index % 5}, impact: {1 + index % 3}, "
            f"score: {score}, treatment: mitigate, plan: Plan {index}, due: 2027-06-30, "
            "status: open}"
        )
    return "\n".join([*lines, "---", body])


def _row_line(index: int) -> int:
    return 6 + index


@pytest.mark.slow
def test_a_register_of_ten_thousand_rows_is_read_and_checked(tmp_path: Path) -> None:
    text = _register(ROWS, broken_row=ROWS - 1)
    assert MAX_FILE_BYTES < len(text.encode()) < MAX_REGISTER_BYTES
    write_files(tmp_path, {"soclint.yaml": "select: [S, K002]\n", "risks.md": text})

    assert located(run(tmp_path)) == [("K002", "risks.md", _row_line(ROWS - 1))]


def test_a_register_with_a_body_over_the_prose_limit_is_not_read(tmp_path: Path) -> None:
    text = _register(10, body="x" * (MAX_FILE_BYTES + 1))
    write_files(tmp_path, {"soclint.yaml": "select: [S]\n", "risks.md": text})

    report = run(tmp_path)

    assert located(report) == [("S005", "risks.md", 1)]
    assert "registers up to 8 MiB" in report.findings[0].message


def test_a_register_over_its_limit_is_not_read(tmp_path: Path) -> None:
    text = _register(10) + "\n" + "x" * MAX_REGISTER_BYTES
    write_files(tmp_path, {"soclint.yaml": "select: [S]\n", "risks.md": text})

    assert located(run(tmp_path)) == [("S005", "risks.md", 1)]


@pytest.mark.slow
def test_a_large_file_that_only_claims_to_be_a_register_is_not_read(tmp_path: Path) -> None:
    # A line of the quoted title reads as a register's type; the document is a policy.
    text = _register(ROWS).replace(
        "type: risk-register\n", 'title: "Risks\ntype: risk-register"\ntype: policy\n'
    )
    write_files(tmp_path, {"soclint.yaml": "select: [S]\n", "risks.md": text})

    assert located(run(tmp_path)) == [("S005", "risks.md", 1)]


@pytest.mark.slow
def test_pull_request_mode_reports_a_row_broken_in_a_large_register(tmp_path: Path) -> None:
    root = init(tmp_path / "repo")
    write_files(root, {"soclint.yaml": "select: [S, K002]\n", "risks.md": _register(ROWS)})
    commit(root, "Add the register", "2026-10-01")
    git(root, "branch", "base")
    write_files(root, {"risks.md": _register(ROWS, broken_row=1234)})
    commit(root, "Rescore a risk", "2026-10-02")

    report = run(root, diff_base="base")

    assert located(report) == [("K002", "risks.md", _row_line(1234))]
