"""`path:line:col: severity: CODE message`, one finding a line, then a summary.

The severity (`error`, `warning`, `info`) follows the location as compilers
write it, so editors and terminals that read compiler output can jump to the
line. Paths are shown from the folder soclint was run in, as a terminal or an
editor resolves them. A finding about the program as a whole, with no file to
point at, is `severity: CODE message`. File names and messages are `visible`
(console.py): a line break or an escape sequence from a policy file cannot add
or erase a line. On a terminal the severity is coloured (terminal.py).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from soclint.finding import Finding, Severity
from soclint.output.console import visible
from soclint.output.paths import path_from
from soclint.output.terminal import PLAIN, Style
from soclint.report import Report


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def summary(report: Report, style: Style = PLAIN) -> str:
    checked = f"Checked {plural(report.documents, 'document')}"
    if not report.findings:
        counted = f"{checked}: {style.good('no findings')}."
    else:
        parts = [
            style.severity(severity, plural(report.count(severity), severity.value))
            for severity in Severity
            if report.count(severity)
        ]
        counted = f"{checked}: {', '.join(parts)}."
    if report.elsewhere:
        noun = "finding is" if report.elsewhere == 1 else "findings are"
        counted += f" {report.elsewhere} {noun} outside the paths given and not shown."
    return counted


def _line(finding: Finding, shown: Callable[[str], str], style: Style) -> str:
    said = f"{style.severity(finding.severity)}: {finding.code} {visible(finding.message)}"
    if finding.path is None:
        return said
    return f"{style.path(shown(finding.path))}:{finding.line}:{finding.column}: {said}"


def predating(report: Report) -> str | None:
    """Diff mode: how many findings of the head it left out because the base had them."""
    count = report.predating
    if not count:
        return None
    if report.focused:
        where, rest = (
            "in what it touches ",
            "--all judges the whole program and shows every finding",
        )
    else:
        where, rest = "", "--all shows " + ("it" if count == 1 else "them")
    if count == 1:
        return f"1 finding that predates this change {where}is not shown; {rest}"
    return f"{count} findings that predate this change {where}are not shown; {rest}"


def closing(report: Report, style: Style = PLAIN) -> list[str]:
    """The lines after the findings: the summary, and what diff mode left out."""
    left_out = predating(report)
    return [summary(report, style), *([left_out] if left_out else [])]


def render(report: Report, style: Style = PLAIN, quiet: bool = False) -> str:
    """The report as text; `quiet` prints the findings alone."""

    @cache
    def shown(path: str) -> str:
        return visible(path_from(report.root, path, report.cwd))

    lines = [_line(f, shown, style) for f in report.findings]
    if not quiet:
        if lines:
            lines.append("")
        lines += closing(report, style)
    return "".join(f"{line}\n" for line in lines)
