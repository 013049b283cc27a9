"""The JSON report: `{"version": 1, "root": ..., "findings": [...], "summary": {...}}`.

Finding paths are relative to `root`, the program's folder as an absolute
path; a finding about the program as a whole has null path, line and column.
"""

from __future__ import annotations

import json

from soclint.finding import Severity
from soclint.output.github import inert_json
from soclint.report import Report


def render(report: Report) -> str:
    document = {
        "version": 1,
        "root": report.root.as_posix() if report.root is not None else None,
        "findings": [finding.to_dict() for finding in report.findings],
        "summary": {
            "documents": report.documents,
            "errors": report.count(Severity.ERROR),
            "warnings": report.count(Severity.WARNING),
            "infos": report.count(Severity.INFO),
        },
    }
    return inert_json(json.dumps(document, indent=2, ensure_ascii=False)) + "\n"
