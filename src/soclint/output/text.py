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


def predating(report: Report) -> str | None:
    """Diff mode: how many findings of the head it left out because the base had them."""
    count = report.predating
    if not count:
        return None
    if count == 1:
        return "1 finding that predates this change is not shown; --all shows it"
    return f"{count} findings that predate this change are not shown; --all shows them"


def render(report: Report) -> str:
    lines = [f"{f.path}:{f.line}:{f.column}: {f.code} {f.message}" for f in report.findings]
    if lines:
        lines.append("")
    lines.append(summary(report))
    left_out = predating(report)
    if left_out:
        lines.append(left_out)
    return "\n".join(lines) + "\n"
