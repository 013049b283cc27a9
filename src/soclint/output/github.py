"""GitHub Actions workflow commands: one `::error file=…,line=…,col=…,title=CODE::message`
per finding, which the runner turns into an annotation on the pull request's diff.

File names and messages come from the policy repository, so they are escaped
exactly as the actions toolkit escapes them (`%`, CR and LF in the message;
also `:` and `,` in properties). A line can then hold one command only, ending
where soclint's line ends: nothing a policy file says can start another.

The runner reads every line a step prints, whatever the format: a line that
starts with `::`, or holds `##[` anywhere (the older command syntax), can set
a step output or mask the log. `inert_json` and `stop_commands` keep the other
formats from doing that.
"""

from __future__ import annotations

import secrets

from soclint.engine import Report
from soclint.finding import Severity
from soclint.output.paths import checkout_path, checkout_prefix
from soclint.output.text import predating, summary

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
    left_out = predating(report)
    if left_out:
        lines.append(left_out)
    return "\n".join(lines) + "\n"


def inert_json(text: str) -> str:
    """JSON text with `##[` written as `#\\u0023[`: the same JSON, no older-syntax command.

    (A JSON line never starts with `::`: strings cannot hold a line break.)
    """
    return text.replace("##[", "#\\u0023[")


def stop_commands(text: str) -> str:
    """`text` between `::stop-commands::TOKEN` and `::TOKEN::`, the runner's own way to
    print untrusted lines: between the two it processes no command. The token
    is random, so nothing inside can end the pause early."""
    token = secrets.token_hex(16)
    return f"::stop-commands::{token}\n{text}::{token}::\n"
