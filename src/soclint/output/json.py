"""The JSON report: `{"version": 1, "findings": [...], "summary": {...}}`."""

from __future__ import annotations

import json

from soclint.engine import Report
from soclint.finding import Severity


def render(report: Report) -> str:
    document = {
        "version": 1,
        "findings": [finding.to_dict() for finding in report.findings],
        "summary": {
            "documents": report.documents,
            "errors": report.count(Severity.ERROR),
            "warnings": report.count(Severity.WARNING),
        },
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
