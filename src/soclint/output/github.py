"""GitHub Actions workflow commands: one `::error file=…,line=…,col=…,title=CODE::message`
per finding, which the runner turns into an annotation on the pull request's diff
(`::error title=CODE::message` for a finding about the program as a whole).

File names and messages come from the policy repository, so they are escaped
exactly as the actions toolkit escapes them (`%`, CR and LF in the message;
also `:` and `,` in properties). A line can then hold one command only, ending
where soclint's line ends: nothing a policy file says can start another.

The runner reads every line a step prints, on stdout and on stderr, whatever
the format: a line that starts with `::`, or holds `##[` anywhere (the older
command syntax), can set a step output or mask the log. `log_text` and
`log_line` keep console text from doing that; the JSON and XML formats escape
`##[` in their own syntax.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping

from soclint.finding import Severity
from soclint.output.console import visible
from soclint.output.paths import checkout_path, checkout_prefix
from soclint.output.text import closing
from soclint.report import Report

_SURROGATE = re.compile("[\ud800-\udfff]")
COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    # A lone surrogate (from a file name that is not UTF-8) cannot be printed;
    # the toolkit, in JavaScript, would write U+FFFD for it too.
    text = _SURROGATE.sub("\ufffd", text)
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


def render(report: Report, quiet: bool = False) -> str:
    """One annotation a finding, then the summary unless `quiet`."""
    prefix = checkout_prefix(report.root)
    lines = []
    for finding in report.findings:
        entry = finding.to_dict()
        # A finding about the program as a whole is an annotation with no file.
        properties = (
            {}
            if finding.path is None
            else {
                "file": checkout_path(prefix, entry["path"]),
                "line": str(entry["line"]),
                "col": str(entry["column"]),
            }
        )
        properties["title"] = entry["code"]
        lines.append(command(COMMANDS[Severity(entry["severity"])], properties, entry["message"]))
    if not quiet:
        lines += closing(report)
    return "".join(f"{line}\n" for line in lines)


def under_actions(environ: Mapping[str, str]) -> bool:
    return environ.get("GITHUB_ACTIONS") == "true"


def stop_commands(text: str) -> str:
    """`text` between `::stop-commands::TOKEN` and `::TOKEN::`, the runner's own way to
    print untrusted lines: between the two it processes no command. The token
    is random, so nothing inside can end the pause early."""
    token = secrets.token_hex(16)
    return f"::stop-commands::{token}\n{text}::{token}::\n"


def log_text(text: str, environ: Mapping[str, str]) -> str:
    """A report of `visible` lines as printed on the console: under GitHub Actions
    between stop-commands, so that the runner acts on none of its lines."""
    return stop_commands(text) if under_actions(environ) else text


def log_line(text: str) -> str:
    """`text` as one `visible` line that holds no workflow command, for stderr.

    A stop-commands pause on stderr could also silence annotations printed on
    stdout at the same moment, so the line is made inert by itself: `##[` is
    written as `#\\x23[` and a leading `::` as `:\\x3a`. It is, everywhere:
    a container run inside a workflow need not see GITHUB_ACTIONS.
    """
    line = visible(text).replace("##[", "#\\x23[")
    stripped = line.lstrip()
    if stripped.startswith("::"):
        line = line[: len(line) - len(stripped)] + ":\\x3a" + stripped[2:]
    return line
