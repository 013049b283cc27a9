"""The readiness report as Markdown: the HTML report's sections, with the heat map as a
table of counts. Text from the repository is escaped by `markdown_text`."""

from __future__ import annotations

from collections.abc import Iterable

from soclint.audit.approvals_output import approvals_markdown
from soclint.audit.history_output import render as render_history
from soclint.audit.readiness import Due, HeatMap, Readiness
from soclint.output.coverage import render as render_coverage
from soclint.output.markup import markdown_text


def render_markdown(report: Readiness) -> str:
    lines = [f"# Readiness report: {markdown_text(report.title)}", ""]
    lines += [f"As of {report.as_of.isoformat()}.", "", "## Checklist before the audit period", ""]
    for item in report.checklist:
        mark = "x" if item.done else " "
        lines.append(f"- [{mark}] {markdown_text(item.title)}")
        if item.missing:
            lines.append(f"  - {markdown_text(item.missing)}")
        lines += [f"  - {markdown_text(note)}" for note in item.notes]
        for f in item.findings:
            where = f"{f.path}:{f.line}" if f.path else "the program"
            lines.append(
                f"  - {f.severity.value} {f.code} {markdown_text(where)}: "
                f"{markdown_text(f.message)}"
            )
    lines += ["", *approvals_markdown(report.approvals)]
    lines += ["## Coverage of the Trust Services Criteria", ""]
    lines += _demoted(render_coverage(report.coverage, "md"))
    lines += ["## Risk heat map", ""]
    for heat_map in report.heat_maps:
        lines += _heat_map(heat_map)
    if not report.heat_maps:
        lines += ["No risk register with a likelihood and impact scale.", ""]
    lines += ["## Review calendar", "", "### The next 90 days (and anything overdue)", ""]
    lines += _due(report.soon)
    lines += ["### Later in the next 12 months", ""]
    lines += _due(report.later)
    lines += [
        "## Exceptions",
        "",
        "| Id | Policy | Subject | Expires | Approved |",
        "|---|---|---|---|---|",
    ]
    for entry in report.exceptions:
        expires = entry.expires.isoformat() if entry.expires else "no expiry"
        if entry.expires is not None and entry.expires < report.as_of:
            expires += " (expired)"
        approved = " on ".join(
            x for x in (entry.approved_by, entry.approved_on and entry.approved_on.isoformat()) if x
        )
        lines.append(
            f"| {markdown_text(entry.id)} | {markdown_text(entry.policy)} | "
            f"{markdown_text(entry.subject)} | {expires} | "
            f"{markdown_text(approved) or 'none recorded'} |"
        )
    lines += ["", "## The audit period, replayed from git history", ""]
    if isinstance(report.history, str):
        lines += [markdown_text(report.history), ""]
    else:
        lines += _demoted(render_history(report.history, "md"))[2:]
    return "\n".join(lines).rstrip("\n") + "\n"


def _demoted(markdown: str) -> list[str]:
    """A rendered Markdown document as lines, its headings one level down."""
    return [f"#{line}" if line.startswith("#") else line for line in markdown.split("\n")]


def _heat_map(heat_map: HeatMap) -> list[str]:
    header = "| impact \\ likelihood | " + " | ".join(
        str(n) for n in range(1, heat_map.likelihoods + 1)
    )
    lines = [f"Open risks of {markdown_text(heat_map.register)}:", "", header + " |"]
    lines.append("|---" * (heat_map.likelihoods + 1) + "|")
    for impact in range(heat_map.impacts, 0, -1):
        cells = []
        for likelihood in range(1, heat_map.likelihoods + 1):
            count = heat_map.counts.get((likelihood, impact), 0)
            level = heat_map.level.get((likelihood, impact))
            cells.append(f"{count} ({level})" if level else str(count))
        lines.append(f"| {impact} | " + " | ".join(cells) + " |")
    return [*lines, ""]


def _due(entries: Iterable[Due]) -> list[str]:
    lines = [
        f"- {entry.due.isoformat()} {markdown_text(entry.subject)} ({markdown_text(entry.path)})"
        for entry in entries
    ]
    return [*(lines or ["Nothing."]), ""]
