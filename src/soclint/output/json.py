"""The JSON report, `{"version": 1, "root": ..., "findings": [...], "summary": {...}}`; and
`json_text`, which writes every JSON soclint prints or saves.

Finding paths are relative to `root`, the program's folder as an absolute
path; a finding about the program as a whole has null path, line and column.
"""

from __future__ import annotations

import json
import re

from soclint.finding import Severity
from soclint.output.console import WIDE_CONTROLS
from soclint.report import Report

_WIDE_CONTROL = re.compile(f"[{WIDE_CONTROLS}]")


def _unicode_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def json_text(document: object) -> str:
    """`document` as indented JSON that reads the same on a console or in a CI log.

    Text stays as it is, but the control characters JSON would leave raw (C1,
    line separators, direction marks, lone surrogates) are `\\u` escapes, and
    `##[` is written `#\\u0023[`, so that no line is a GitHub Actions command
    (github.py; a JSON line never starts with `::`: strings cannot hold a line
    break). Parsed, it is the same JSON.
    """
    text = json.dumps(document, indent=2, ensure_ascii=False)
    return _WIDE_CONTROL.sub(_unicode_escape, text).replace("##[", "#\\u0023[") + "\n"


def summary_counts(report: Report) -> dict[str, int | str]:
    """The `summary` of a JSON report: documents checked and findings per severity."""
    summary: dict[str, int | str] = {
        "documents": report.documents,
        "errors": report.count(Severity.ERROR),
        "warnings": report.count(Severity.WARNING),
        "infos": report.count(Severity.INFO),
    }
    if report.predating is not None:
        summary["predating"] = report.predating  # diff mode: findings of the base not shown
        # Where they were counted: in what the change touches, or in the whole program.
        summary["predating_in"] = "touched" if report.focused else "program"
    return summary


def render(report: Report) -> str:
    document = {
        "version": 1,
        "root": report.root.as_posix() if report.root is not None else None,
        "findings": [finding.to_dict() for finding in report.findings],
        "summary": summary_counts(report),
    }
    return json_text(document)
