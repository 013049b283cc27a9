"""The Markdown that GitHub Actions shows on a run's summary page ($GITHUB_STEP_SUMMARY).

The counts, then the findings as an HTML table: inside an HTML block Markdown
is not parsed, so once `<`, `>`, `&` and quotes are escaped a message from a
policy file is plain text and cannot add rows, links or markup; control
characters in it are shown `visible`, as on the console. GitHub takes
at most 1 MiB per step; the table stops well before that and says how many
findings it left out.
"""

from __future__ import annotations

from soclint.output.console import visible
from soclint.output.markup import html_text
from soclint.output.paths import checkout_path, checkout_prefix
from soclint.output.text import predating, summary
from soclint.report import Report

MAX_BYTES = 128 * 1024
MAX_MESSAGE = 500


def _cell(text: str) -> str:
    text = visible(" ".join(text.split()))
    if len(text) > MAX_MESSAGE:
        text = text[: MAX_MESSAGE - 1] + "…"
    return html_text(text)


def render(report: Report) -> str:
    older = predating(report)
    head = f"## soclint\n\n{summary(report)}\n" + (f"\n{older}.\n" if older else "")
    if not report.findings:
        return head
    prefix = checkout_prefix(report.root)
    rows = []
    size = len(head.encode()) + 200
    for finding in report.findings:
        entry = finding.to_dict()
        place = (
            "the program"
            if finding.path is None
            else f"{checkout_path(prefix, entry['path'])}:{entry['line']}:{entry['column']}"
        )
        row = (
            f"<tr><td>{entry['severity']}</td><td>{_cell(entry['code'])}</td>"
            f"<td><code>{_cell(place)}</code></td><td>{_cell(entry['message'])}</td></tr>"
        )
        size += len(row.encode("utf-8", "replace")) + 1
        if size > MAX_BYTES:
            break
        rows.append(row)
    table = [
        "<table>",
        "<tr><th>Severity</th><th>Code</th><th>Location</th><th>Message</th></tr>",
        *rows,
        "</table>",
    ]
    left_out = len(report.findings) - len(rows)
    not_shown = "finding is" if left_out == 1 else "findings are"
    tail = (
        f"\n{left_out} more {not_shown} not shown here; `soclint check` lists them all.\n"
        if left_out
        else ""
    )
    return f"{head}\n" + "\n".join(table) + "\n" + tail
