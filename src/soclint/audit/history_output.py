"""`soclint history` as text, JSON or Markdown: per document and rule, the intervals out of
compliance; the findings open at the period's end; the share of days without an error.

Ids, paths and messages come from the policy repository: text shows them
`visible`, JSON is `json_text`, Markdown escapes them (markup.py).
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import groupby
from typing import Any

from soclint.audit.intervals import Interval, PeriodHistory
from soclint.finding import Finding, Severity
from soclint.output.console import visible
from soclint.output.json import json_text
from soclint.output.markup import markdown_text

FORMATS = ("text", "json", "md")
_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


def render(history: PeriodHistory, output_format: str) -> str:
    renderers: dict[str, Callable[[PeriodHistory], str]] = {
        "text": _text,
        "json": _json,
        "md": _markdown,
    }
    return renderers[output_format](history)


def headline(history: PeriodHistory) -> str:
    """The period, and the commits it was read from: those made during it and the one
    in effect at its start."""
    span, count, before = history.span, history.commits, history.commit_at_start
    during = f"{count} commit{'' if count == 1 else 's'} during it"
    if before is None:
        commits = f"{during}, none before it"
    else:
        earlier = f"commit {before.sha[:12]} of {before.day.isoformat()}"
        commits = f"{during}, after {earlier}" if count else f"no commit during it: {earlier}"
    return f"The program from {span.start} to {span.end}: {span.days} days, {commits}."


def share_line(history: PeriodHistory) -> str:
    days, total = history.days_without_error, history.span.days
    return f"No error on {days} of {total} days ({100 * days / total:.0f}%)."


def interval_text(interval: Interval, history: PeriodHistory) -> str:
    """`2026-03-11 → 2026-04-02, 22 days`, or `→ open` when it lasted past the period."""
    end = interval.end.isoformat() if interval.end is not None else "still open"
    days = interval.days(history.span)
    since = " (from the period's start)" if interval.from_start else ""
    return f"{interval.start.isoformat()}{since} → {end}, {days} day{'' if days == 1 else 's'}"


def subject(finding: Finding) -> str:
    """The document a finding is about: `POL-AC (policies/access-control.md)`."""
    if finding.path is None:
        return "the program"
    return f"{finding.document} ({finding.path})" if finding.document else finding.path


def by_severity(history: PeriodHistory) -> list[tuple[Severity, list[Interval]]]:
    """The intervals, errors first, each severity's by document and rule."""
    ordered = sorted(
        history.intervals,
        key=lambda i: (_ORDER[i.finding.severity], subject(i.finding), i.finding.code, i.start),
    )
    return [(level, list(group)) for level, group in groupby(ordered, lambda i: i.finding.severity)]


_HEADINGS = {
    Severity.ERROR: "Out of compliance (errors)",
    Severity.WARNING: "Warnings",
    Severity.INFO: "Notes",
}


def _text(history: PeriodHistory) -> str:
    lines = [headline(history), ""]
    for level, intervals in by_severity(history):
        lines.append(f"{_HEADINGS[level]}:")
        for about, group in groupby(intervals, lambda i: subject(i.finding)):
            lines.append(f"  {visible(about)}")
            for interval in group:
                finding = interval.finding
                lines.append(
                    f"    {finding.code} {finding.name}  {interval_text(interval, history)}"
                )
                lines.append(f"      {visible(finding.message)}")
        lines.append("")
    if not history.intervals:
        lines += ["No finding during the period.", ""]
    lines.append(f"Open at the period's end ({history.span.end}):")
    for finding in history.at_end:
        lines.append(f"  {_located(finding)}")
    if not history.at_end:
        lines.append("  nothing")
    lines += ["", share_line(history)]
    return "\n".join(lines) + "\n"


def _located(finding: Finding) -> str:
    where = f"{finding.path}:{finding.line}:{finding.column}: " if finding.path else ""
    return visible(f"{where}{finding.severity.value} {finding.code} {finding.message}")


def interval_json(interval: Interval, history: PeriodHistory) -> dict[str, Any]:
    finding = interval.finding
    return {
        "code": finding.code,
        "name": finding.name,
        "severity": finding.severity.value,
        "path": finding.path,
        "document": finding.document,
        "start": interval.start.isoformat(),
        "end": interval.end.isoformat() if interval.end is not None else None,
        "days": interval.days(history.span),
        "from_start": interval.from_start,
        "message": finding.message,
    }


def history_json(history: PeriodHistory) -> dict[str, Any]:
    last, start = history.last_commit, history.commit_at_start
    return {
        "version": 1,
        "period": {"start": history.span.start.isoformat(), "end": history.span.end.isoformat()},
        "days": history.span.days,
        "days_without_error": history.days_without_error,
        "commits": history.commits,
        "commit_at_start": start.sha if start is not None else None,
        "commit": last.sha if last is not None else None,
        "intervals": [interval_json(i, history) for _level, g in by_severity(history) for i in g],
        "open_at_end": [finding.to_dict() for finding in history.at_end],
    }


def _json(history: PeriodHistory) -> str:
    return json_text(history_json(history))


def _markdown(history: PeriodHistory) -> str:
    lines = ["# History of the audit period", "", markdown_text(headline(history)), ""]
    lines += [markdown_text(share_line(history)), ""]
    for level, intervals in by_severity(history):
        lines += [f"## {_HEADINGS[level]}", ""]
        lines += ["| Document | Rule | From | To | Days | Finding |", "|---|---|---|---|---|---|"]
        for interval in intervals:
            finding = interval.finding
            end = interval.end.isoformat() if interval.end is not None else "still open"
            lines.append(
                f"| {markdown_text(subject(finding))} | {finding.code} {finding.name} "
                f"| {interval.start.isoformat()} | {end} | {interval.days(history.span)} "
                f"| {markdown_text(finding.message)} |"
            )
        lines.append("")
    lines += [f"## Open at the period's end ({history.span.end})", ""]
    lines += [f"- {markdown_text(_located(f))}" for f in history.at_end] or ["Nothing."]
    return "\n".join(lines) + "\n"
