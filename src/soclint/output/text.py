"""`path:line:col: CODE message`, one finding a line, then a summary."""

from __future__ import annotations

from soclint.engine import Report
from soclint.finding import Severity


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
    lines = [f"{f.path}:{f.line}:{f.column}: {f.code} {f.message}" for f in report.findings]
    if lines:
        lines.append("")
    lines.append(summary(report))
    return "\n".join(lines) + "\n"
