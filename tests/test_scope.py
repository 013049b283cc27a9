"""The report window of the system description (C004): a type 2 period of 3 to 12 months."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import located, run, write_files

SCOPE = """\
---
type: system-description
id: system
title: System
report:
{report}
categories: [security]
components: []
---
"""


@pytest.mark.parametrize(
    ("report", "line"),
    [
        ("  type: 2\n  period: {start: 2026-04-01, end: 2026-06-30}", None),
        ("  type: 2\n  period: {start: 2026-01-01, end: 2026-12-31}", None),
        ("  type: 2\n  period: {start: 2026-01-31, end: 2026-04-30}", None),
        ("  type: 2\n  period:\n    start: 2026-04-01\n    end: 2026-06-29", 9),
        ("  type: 2\n  period:\n    start: 2026-01-01\n    end: 2027-01-01", 9),
        ("  type: 2\n  period:\n    start: 2026-09-30\n    end: 2026-04-01", 9),
        ("  type: 2\n  as_of: 2026-06-30", 5),
        ("  type: 1\n  as_of: 2026-06-30", None),
        ("  type: 1\n  period: {start: 2026-01-01, end: 2026-06-30}", 5),
    ],
)
def test_report_window(tmp_path: Path, report: str, line: int | None) -> None:
    write_files(tmp_path, {"system.md": SCOPE.format(report=report)})
    report_found = run(tmp_path, select=["C004"])
    assert located(report_found) == ([] if line is None else [("C004", "system.md", line)])


def test_period_message_names_both_dates_and_the_limit(tmp_path: Path) -> None:
    period = "  type: 2\n  period: {start: 2026-04-01, end: 2026-05-15}"
    write_files(tmp_path, {"system.md": SCOPE.format(report=period)})
    [finding] = run(tmp_path, select=["C004"]).findings
    assert finding.message == (
        "report.period: 2026-04-01 to 2026-05-15 is shorter than 3 months; "
        "a type 2 report covers 3 to 12 months"
    )
