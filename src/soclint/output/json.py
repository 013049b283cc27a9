"""The JSON report: `{"version": 1, "findings": [...], "summary": {...}}`."""

from __future__ import annotations

import json

from soclint.engine import Report
from soclint.finding import Severity
from soclint.output.github import inert_json


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
    return inert_json(json.dumps(document, indent=2, ensure_ascii=False)) + "\n"
