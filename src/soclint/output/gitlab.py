"""GitLab Code Quality: a JSON list of issues that GitLab shows in the merge request.

Each issue carries a fingerprint (see fingerprint.py) that GitLab uses to
tell new findings from ones the target branch already had.
"""

from __future__ import annotations

from soclint.finding import Severity
from soclint.output.fingerprint import fingerprints
from soclint.output.json import json_text
from soclint.output.paths import checkout_path, checkout_prefix
from soclint.report import Report

SEVERITIES = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def render(report: Report) -> str:
    prefix = checkout_prefix(report.root)
    # GitLab needs a path: a finding about the program as a whole is at its folder.
    program = prefix.rstrip("/") or "."
    paths = [program if f.path is None else checkout_path(prefix, f.path) for f in report.findings]
    issues = []
    for finding, path, fingerprint in zip(
        report.findings, paths, fingerprints(report.findings, paths), strict=True
    ):
        entry = finding.to_dict()
        issues.append(
            {
                "description": f"{entry['code']} {entry['message']}",
                "check_name": entry["code"],
                "fingerprint": fingerprint,
                "severity": SEVERITIES[Severity(entry["severity"])],
                "location": {"path": path, "lines": {"begin": entry["line"] or 1}},
            }
        )
    return json_text(issues)
