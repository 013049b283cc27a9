"""`path:line:col: CODE message`, one finding a line, then a summary.

File names and messages are `visible` (console.py): a line break or an
escape sequence from a policy file cannot add or erase a line.
"""

from __future__ import annotations

from soclint.engine import Report
from soclint.finding import Severity
from soclint.output.console import visible


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def summary(report: Report) -> str:
    checked = f"Checked {_plural(report.documents, 'document')}"
    if not report.findings:
        return f"{checked}: no findings."
    parts = [
        _plural(report.count(severity), severity.value)
        for severity in Severity
        if report.count(severity)
    ]
    return f"{checked}: {', '.join(parts)}."


def render(report: Report) -> str:
    lines = [
        f"{visible(f.path)}:{f.line}:{f.column}: {f.code} {visible(f.message)}"
        for f in report.findings
    ]
    if lines:
        lines.append("")
    lines.append(summary(report))
    return "\n".join(lines) + "\n"
