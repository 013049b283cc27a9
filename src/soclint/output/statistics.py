"""`--statistics`: how many findings of each code a run reported, most frequent first.

Text is a table of count, code, severity and rule name, as ruff prints it;
JSON is `{"version": 1, "statistics": [{code, name, severity, count}], "summary"}`.
Names of a pack's rules come from the repository, so text shows them `visible`.
"""

from __future__ import annotations

from dataclasses import dataclass

from soclint.finding import Severity
from soclint.output.console import visible
from soclint.output.json import json_text, summary_counts
from soclint.output.terminal import PLAIN, Style
from soclint.output.text import closing
from soclint.report import Report

FORMATS = ("text", "json")


@dataclass(frozen=True)
class CodeCount:
    code: str
    name: str
    severity: Severity
    count: int


def count_by_code(report: Report) -> list[CodeCount]:
    """One entry per code among the findings, by count (most first), then code. A code
    reported at two severities (diff mode judges the base by its own configuration)
    counts at the higher."""
    counts: dict[str, CodeCount] = {}
    for finding in report.findings:
        seen = counts.get(finding.code)
        severity = finding.severity
        if seen is not None and seen.severity.rank > severity.rank:
            severity = seen.severity
        count = seen.count + 1 if seen is not None else 1
        counts[finding.code] = CodeCount(finding.code, finding.name, severity, count)
    return sorted(counts.values(), key=lambda entry: (-entry.count, entry.code))


_SEVERITY_WIDTH = max(len(severity.value) for severity in Severity)


def render_text(report: Report, style: Style = PLAIN, quiet: bool = False) -> str:
    """Count, code, severity and name, a code a line in aligned columns, then the summary
    unless `quiet`."""
    entries = count_by_code(report)
    count_width = max((len(str(entry.count)) for entry in entries), default=1)
    code_width = max((len(entry.code) for entry in entries), default=4)

    def row(entry: CodeCount) -> str:
        # Padded outside the colour, so the escape sequences do not count as width.
        padding = " " * (_SEVERITY_WIDTH - len(entry.severity.value))
        return (
            f"{entry.count:>{count_width}}  {visible(entry.code):<{code_width}}  "
            f"{style.severity(entry.severity)}{padding}  {visible(entry.name)}"
        )

    lines = [row(entry) for entry in entries]
    if not quiet:
        if lines:
            lines.append("")
        lines += closing(report, style)
    return "".join(f"{line}\n" for line in lines)


def render_json(report: Report) -> str:
    return json_text(
        {
            "version": 1,
            "statistics": [
                {
                    "code": entry.code,
                    "name": entry.name,
                    "severity": entry.severity.value,
                    "count": entry.count,
                }
                for entry in count_by_code(report)
            ],
            "summary": summary_counts(report),
        }
    )
