"""GitHub Actions workflow commands: one `::error file=…,line=…,col=…,title=CODE::message`
per finding, which the runner turns into an annotation on the pull request's diff.

File names and messages come from the policy repository, so they are escaped
exactly as the actions toolkit escapes them (`%`, CR and LF in the message;
also `:` and `,` in properties). A line can then hold one command only, ending
where soclint's line ends: nothing a policy file says can start another.
"""

from __future__ import annotations

from soclint.engine import Report
from soclint.finding import Severity
from soclint.output.paths import checkout_path, checkout_prefix
from soclint.output.text import summary

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, properties: dict[str, str], message: str) -> str:
    """`::name key=value,…::message`, escaped."""
    shown = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
    return (
        f"::{name} {shown}::{escape_data(message)}"
        if shown
        else f"::{name}::{escape_data(message)}"
    )


def render(report: Report) -> str:
    prefix = checkout_prefix(report.root)
    lines = []
    for finding in report.findings:
        entry = finding.to_dict()
        properties = {
            "file": checkout_path(prefix, entry["path"]),
            "line": str(entry["line"]),
            "col": str(entry["column"]),
            "title": entry["code"],
        }
        lines.append(command(COMMANDS[Severity(entry["severity"])], properties, entry["message"]))
    lines.append(summary(report))
    return "\n".join(lines) + "\n"
