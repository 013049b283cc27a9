"""`path:line:col: CODE message`, one finding a line, then a summary.

Paths are shown from the folder soclint was run in, as a terminal or an
editor resolves them. A finding about the program as a whole, with no file to
point at, is `CODE message`. File names and messages are `visible`
(console.py): a line break or an escape sequence from a policy file cannot add
or erase a line.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from soclint.finding import Finding, Severity
from soclint.output.console import visible
from soclint.output.paths import path_from
from soclint.report import Report


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def summary(report: Report) -> str:
    checked = f"Checked {_plural(report.documents, 'document')}"
    if not report.findings:
        counted = f"{checked}: no findings."
    else:
        parts = [
            _plural(report.count(severity), severity.value)
            for severity in Severity
            if report.count(severity)
        ]
        counted = f"{checked}: {', '.join(parts)}."
    if report.elsewhere:
        noun = "finding is" if report.elsewhere == 1 else "findings are"
        counted += f" {report.elsewhere} {noun} outside the paths given and not shown."
    return counted


def _line(finding: Finding, shown: Callable[[str], str]) -> str:
    if finding.path is None:
        return f"{finding.code} {visible(finding.message)}"
    path = shown(finding.path)
    return f"{path}:{finding.line}:{finding.column}: {finding.code} {visible(finding.message)}"


def predating(report: Report) -> str | None:
    """Diff mode: how many findings of the head it left out because the base had them."""
    count = report.predating
    if not count:
        return None
    if count == 1:
        return "1 finding that predates this change is not shown; --all shows it"
    return f"{count} findings that predate this change are not shown; --all shows them"


def render(report: Report) -> str:
    @cache
    def shown(path: str) -> str:
        return visible(path_from(report.root, path, report.cwd))

    lines = [_line(f, shown) for f in report.findings]
    if lines:
        lines.append("")
    lines.append(summary(report))
    left_out = predating(report)
    if left_out:
        lines.append(left_out)
    return "\n".join(lines) + "\n"
