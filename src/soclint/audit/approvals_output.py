"""The readiness report's "Approvals and acknowledgements" section, as HTML and Markdown.
Every text from the repository goes through `html_text` or `markdown_text`
(output/markup.py)."""

from __future__ import annotations

from collections.abc import Sequence

from soclint.audit.approvals import ApprovalEntry
from soclint.output.markup import html_text, markdown_text

TITLE = "Approvals and acknowledgements"
_INTRO = (
    "Per controlled document, what the commit that recorded its approval proves, and how "
    "many of the people who must acknowledge it have."
)
_NONE = "No policy, procedure or standard."
# The HTML class of each provenance state (readiness_html's style).
_CLASS = {"proven": "done", "unproven": "open", "uncommitted": "open"}


def _acknowledgements(entry: ApprovalEntry) -> str:
    if entry.acknowledged is None:
        return "nobody has to acknowledge it"
    return entry.acknowledged.describe()


def approvals_html(entries: Sequence[ApprovalEntry]) -> list[str]:
    rows = []
    for entry in entries:
        kind = _CLASS.get(entry.state)
        provenance = html_text(entry.provenance)
        shown = f'<span class="{kind}">{provenance}</span>' if kind else provenance
        rows.append(
            f"<tr><td>{html_text(entry.name)}</td><td><code>{html_text(entry.path)}</code></td>"
            f"<td>{shown}</td><td>{html_text(_acknowledgements(entry))}</td></tr>"
        )
    return [
        f'<h2 id="approvals">{TITLE}</h2>',
        f"<p>{_INTRO}</p>",
        "<table><tr><th>Document</th><th>File</th><th>Approval provenance</th>"
        "<th>Acknowledgements</th></tr>",
        *(rows or [f'<tr><td colspan="4" class="muted">{_NONE}</td></tr>']),
        "</table>",
    ]


def approvals_markdown(entries: Sequence[ApprovalEntry]) -> list[str]:
    lines = [f"## {TITLE}", "", _INTRO, ""]
    if not entries:
        return [*lines, _NONE, ""]
    lines += [
        "| Document | File | Approval provenance | Acknowledgements |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| {markdown_text(e.name)} | {markdown_text(e.path)} | {markdown_text(e.provenance)} | "
        f"{markdown_text(_acknowledgements(e))} |"
        for e in entries
    ]
    return [*lines, ""]
