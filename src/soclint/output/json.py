"""The JSON report: `{"version": 1, "findings": [...], "summary": {...}}`."""

from __future__ import annotations

import json

from soclint.engine import Report
from soclint.finding import Severity
from soclint.output.github import inert_json


def render(report: Report) -> str:
    summary: dict[str, int] = {
        "documents": report.documents,
        "errors": report.count(Severity.ERROR),
        "warnings": report.count(Severity.WARNING),
    }
    if report.predating is not None:
        summary["predating"] = report.predating  # diff mode: findings of the base not shown
    document = {
        "version": 1,
        "findings": [finding.to_dict() for finding in report.findings],
        "summary": summary,
    }
    return inert_json(json.dumps(document, indent=2, ensure_ascii=False)) + "\n"
