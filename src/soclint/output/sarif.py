"""SARIF 2.1.0, the format GitHub code scanning and other security dashboards read.

One run; `tool.driver.rules` describes each rule that has a finding, its
`help` carrying the full documentation `soclint rule CODE` prints. There is no
`helpUri`: soclint has no website, and a link into some copy of the source
would go stale; the schema makes it optional.

Result messages are plain text, escaped as SARIF §3.11.5 and §3.11.6 ask:
braces doubled (they mark placeholders), and where a message holds `](`,
square brackets and backslashes escaped so text from a policy file cannot pose
as an embedded link.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

from soclint import __version__
from soclint.finding import Severity
from soclint.output.fingerprint import fingerprints
from soclint.output.json import json_text
from soclint.output.paths import checkout_path, checkout_prefix
from soclint.registry import Rule
from soclint.report import Report

SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
FINGERPRINT_KEY = "soclint/v1"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_LINK_CHARACTER = re.compile(r"([\\\[\]])")


def message_text(message: str) -> str:
    """`message` as a SARIF plain text message string."""
    text = message.replace("{", "{{").replace("}", "}}")
    return _LINK_CHARACTER.sub(r"\\\1", text) if "](" in text else text


def _section(documentation: str, heading: str) -> str | None:
    """The text under `## heading` in a rule's documentation, its paragraphs unwrapped."""
    match = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^## |\Z)", documentation, re.M | re.S)
    paragraphs = match.group(1).strip().split("\n\n") if match else []
    return "\n\n".join(" ".join(p.split()) for p in paragraphs if p.strip()) or None


def _descriptor(code: str, rule: Rule | None) -> dict[str, Any]:
    if rule is None:
        return {"id": code}
    help_text = rule.documentation or rule.summary
    # A pack's rules come from the policy repository: their text is shown as
    # plain text, never rendered as Markdown.
    help_entry = {"text": help_text}
    if rule.family != "declarative":
        help_entry["markdown"] = help_text
    return {
        "id": code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": _section(help_text, "What it checks") or rule.summary},
        "help": help_entry,
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"tags": ["soc2", rule.family]},
    }


def _uri(path: str) -> str:
    return quote(path, safe="/", errors="surrogateescape")


def render(report: Report) -> str:
    prefix = checkout_prefix(report.root)
    paths = ["" if f.path is None else checkout_path(prefix, f.path) for f in report.findings]
    anchor = None if report.anchor is None else checkout_path(prefix, report.anchor)
    codes = sorted({f.code for f in report.findings})
    index = {code: position for position, code in enumerate(codes)}
    results = []
    for finding, path, fingerprint in zip(
        report.findings, paths, fingerprints(report.findings, paths), strict=True
    ):
        entry = finding.to_dict()
        result: dict[str, Any] = {
            "ruleId": entry["code"],
            "ruleIndex": index[entry["code"]],
            "level": LEVELS[Severity(entry["severity"])],
            "message": {"text": message_text(entry["message"])},
        }
        if finding.path is not None:
            location = {
                "artifactLocation": {"uri": _uri(path), "uriBaseId": "%SRCROOT%"},
                "region": {"startLine": entry["line"], "startColumn": entry["column"]},
            }
            result["locations"] = [{"physicalLocation": location}]
        elif anchor is not None:
            # About the program as a whole, with no file of its own: GitHub code scanning
            # refuses the whole upload for a result without a location, so it is shown at
            # the top of an existing file of the program and marked as about the program.
            location = {
                "artifactLocation": {"uri": _uri(anchor), "uriBaseId": "%SRCROOT%"},
                "region": {"startLine": 1, "startColumn": 1},
            }
            result["locations"] = [{"physicalLocation": location}]
            result["properties"] = {"soclint/program": True}
        result["partialFingerprints"] = {FINGERPRINT_KEY: fingerprint}
        results.append(result)
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "soclint",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "rules": [_descriptor(code, report.rules.get(code)) for code in codes],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return json_text(log)
