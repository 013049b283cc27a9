"""The readiness report as one self-contained HTML file.

No script, no link to anything outside the file, no web font: styles are
inline in the page, the heat map and the timeline are inline SVG. It reads the
same printed (a print stylesheet keeps tables whole and colours on). Every
text taken from the repository goes through `html_text` (output/markup.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from soclint.audit.approvals_output import approvals_html
from soclint.audit.history_output import by_severity, headline, interval_text, share_line, subject
from soclint.audit.intervals import PeriodHistory
from soclint.audit.readiness import Due, HeatMap, Readiness
from soclint.finding import Finding
from soclint.output.coverage import coverage_cell, summary
from soclint.output.markup import html_text

_LEVEL_COLOURS = {"high": "#d64545", "medium": "#f0a830", "low": "#5aa469"}
_NO_LEVEL = "#c9ced6"

_STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem auto;
max-width:62rem;padding:0 1rem;color:#1f2933;line-height:1.4}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{margin-top:2rem;border-bottom:2px solid #e4e7eb}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{border:1px solid #d9dee4;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f0f3f7}.done{color:#1e7b34;font-weight:600}.open{color:#b42318;font-weight:600}
.muted{color:#616e7c}ul.findings{margin:.2rem 0 0 1rem;padding:0;font-size:.85rem}
code{font-size:.85rem}td.status{white-space:nowrap}
@media print{body{margin:0;max-width:none}h2{break-after:avoid}tr,svg{break-inside:avoid}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
"""


def render_html(report: Readiness) -> str:
    title = f"Readiness report: {report.title}"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{html_text(title)}</title>",
        f"<style>{_STYLE}</style></head><body>",
        f"<h1>{html_text(title)}</h1>",
        f'<p class="muted">As of {report.as_of.isoformat()}.</p>',
        *_checklist(report),
        *approvals_html(report.approvals),
        *_heat_maps(report.heat_maps),
        *_coverage(report),
        *_calendar(report),
        *_exceptions(report),
        *_history(report.history),
        "</body></html>",
    ]
    return "\n".join(parts) + "\n"


def _finding(finding: Finding) -> str:
    where = f"{finding.path}:{finding.line}" if finding.path else "the program"
    return (
        f"<li>{finding.severity.value} {html_text(finding.code)} <code>{html_text(where)}</code>"
        f" {html_text(finding.message)}</li>"
    )


def _checklist(report: Readiness) -> list[str]:
    done = sum(item.done for item in report.checklist)
    rows = []
    for item in report.checklist:
        status = (
            '<span class="done">✔ Done</span>' if item.done else '<span class="open">✘ Open</span>'
        )
        details = [f"<div>{html_text(item.missing)}</div>"] if item.missing else []
        details += [f'<div class="muted">{html_text(note)}</div>' for note in item.notes]
        if item.findings:
            details.append('<ul class="findings">')
            details += [_finding(f) for f in item.findings]
            details.append("</ul>")
        rows.append(
            f'<tr><td class="status">{status}</td><td>{html_text(item.title)}</td>'
            f"<td>{''.join(details)}</td></tr>"
        )
    return [
        '<h2 id="checklist">Checklist before the audit period</h2>',
        f"<p>{done} of {len(report.checklist)} items done.</p>",
        "<table><tr><th>Status</th><th>Item</th><th>What is missing, and the findings</th></tr>",
        *rows,
        "</table>",
    ]


def _coverage(report: Readiness) -> list[str]:
    matrix = report.coverage
    covered, uncovered = '<span class="done">covered</span>', '<span class="open">uncovered</span>'
    rows = [
        f"<tr><td>{html_text(row.criterion.id)}</td>"
        f"<td>{covered if row.covered else uncovered}</td>"
        f"<td>{html_text(coverage_cell(row))}</td></tr>"
        for row in matrix.ordered()
    ]
    return [
        '<h2 id="coverage">Coverage of the Trust Services Criteria</h2>',
        f"<p>{html_text(summary(matrix))}</p>",
        "<table><tr><th>Criterion</th><th>Status</th><th>Covered by</th></tr>",
        *rows,
        "</table>",
    ]


_CELL = 44


def heat_map_svg(heat_map: HeatMap) -> str:
    """A likelihood x impact grid (impact upwards), each cell coloured by its level and
    holding its count of open risks."""
    left, bottom = 60, 46
    width, height = left + heat_map.likelihoods * _CELL + 10, heat_map.impacts * _CELL + bottom + 10
    label = f"Risk heat map of {heat_map.register}"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'role="img" aria-label="{html_text(label)}">'
    ]
    for likelihood in range(1, heat_map.likelihoods + 1):
        for impact in range(1, heat_map.impacts + 1):
            x = left + (likelihood - 1) * _CELL
            y = 10 + (heat_map.impacts - impact) * _CELL
            colour = _LEVEL_COLOURS.get(heat_map.level.get((likelihood, impact), ""), _NO_LEVEL)
            count = heat_map.counts.get((likelihood, impact), 0)
            parts.append(
                f'<rect x="{x}" y="{y}" width="{_CELL}" height="{_CELL}" fill="{colour}" '
                f'stroke="#ffffff" stroke-width="2"><title>likelihood {likelihood}, impact '
                f"{impact}: {count} open risk{'' if count == 1 else 's'}</title></rect>"
            )
            if count:
                parts.append(
                    f'<text x="{x + _CELL // 2}" y="{y + _CELL // 2 + 6}" text-anchor="middle" '
                    f'font-size="17" font-weight="700" fill="#ffffff">{count}</text>'
                )
    base = 10 + heat_map.impacts * _CELL
    for likelihood in range(1, heat_map.likelihoods + 1):
        x = left + (likelihood - 1) * _CELL + _CELL // 2
        parts.append(
            f'<text x="{x}" y="{base + 16}" text-anchor="middle" font-size="12">{likelihood}</text>'
        )
    for impact in range(1, heat_map.impacts + 1):
        y = 10 + (heat_map.impacts - impact) * _CELL + _CELL // 2 + 4
        parts.append(
            f'<text x="{left - 8}" y="{y}" text-anchor="end" font-size="12">{impact}</text>'
        )
    middle = left + heat_map.likelihoods * _CELL // 2
    parts.append(
        f'<text x="{middle}" y="{base + 36}" text-anchor="middle" font-size="13">likelihood</text>'
    )
    parts.append(
        f'<text x="16" y="{10 + heat_map.impacts * _CELL // 2}" text-anchor="middle" '
        f'font-size="13" '
        f'transform="rotate(-90 16 {10 + heat_map.impacts * _CELL // 2})">impact</text>'
    )
    parts.append("</svg>")
    return "".join(parts)


def _heat_maps(maps: Sequence[HeatMap]) -> list[str]:
    parts = ['<h2 id="risks">Risk heat map</h2>']
    if not maps:
        return [*parts, "<p>No risk register with a likelihood and impact scale.</p>"]
    for heat_map in maps:
        total = sum(heat_map.counts.values())
        parts.append(
            f"<p>{html_text(heat_map.register)}: {total} open risks rated on the scale.</p>"
        )
        parts.append(heat_map_svg(heat_map))
    legend = " ".join(
        f'<span style="background:{colour};color:#fff;padding:0 .4rem">{level}</span>'
        for level, colour in _LEVEL_COLOURS.items()
    )
    return [*parts, f"<p>{legend}</p>"]


def _due_rows(entries: Iterable[Due], report: Readiness) -> list[str]:
    rows = []
    for entry in entries:
        late = ' class="open"' if entry.due < report.as_of else ""
        rows.append(
            f"<tr><td{late}>{entry.due.isoformat()}</td><td>{html_text(entry.subject)}</td>"
            f"<td><code>{html_text(entry.path)}</code></td></tr>"
        )
    return rows or ['<tr><td colspan="3" class="muted">Nothing.</td></tr>']


def _calendar(report: Readiness) -> list[str]:
    head = "<table><tr><th>Due</th><th>What</th><th>File</th></tr>"
    return [
        '<h2 id="calendar">Review calendar</h2>',
        "<h3>The next 90 days (and anything overdue)</h3>",
        head,
        *_due_rows(report.soon, report),
        "</table>",
        "<h3>Later in the next 12 months</h3>",
        head,
        *_due_rows(report.later, report),
        "</table>",
    ]


def _exceptions(report: Readiness) -> list[str]:
    rows = []
    for entry in report.exceptions:
        expired = entry.expires is not None and entry.expires < report.as_of
        expires = entry.expires.isoformat() if entry.expires else "no expiry"
        approval = " on ".join(
            x for x in (entry.approved_by, entry.approved_on and entry.approved_on.isoformat()) if x
        )
        expiry = f'<td class="open">{expires} (expired)</td>' if expired else f"<td>{expires}</td>"
        approved = html_text(approval) or '<span class="open">none recorded</span>'
        rows.append(
            f"<tr><td>{html_text(entry.id)}</td><td>{html_text(entry.policy)}</td>"
            f"<td>{html_text(entry.subject)}</td>{expiry}<td>{approved}</td></tr>"
        )
    return [
        '<h2 id="exceptions">Exceptions</h2>',
        "<table><tr><th>Id</th><th>Policy</th><th>Subject</th><th>Expires</th><th>Approved</th></tr>",
        *(rows or ['<tr><td colspan="5" class="muted">No exception.</td></tr>']),
        "</table>",
    ]


def timeline_svg(history: PeriodHistory) -> str:
    """One bar per interval out of compliance (errors and warnings), along the period."""
    span = history.span
    rows = [i for _level, group in by_severity(history) for i in group]
    left, width, row_height = 10, 900, 16
    height = 24 + row_height * max(len(rows), 1)
    scale = width / span.days
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + width + 10}" height="{height}" '
        f'role="img" aria-label="Intervals out of compliance">',
        f'<rect x="{left}" y="0" width="{width}" height="{height}" fill="#f7f9fb"/>',
        f'<text x="{left}" y="14" font-size="11">{span.start.isoformat()}</text>',
        f'<text x="{left + width}" y="14" font-size="11" text-anchor="end">'
        f"{span.end.isoformat()}</text>",
    ]
    for index, interval in enumerate(rows):
        x = left + (interval.start - span.start).days * scale
        bar = max(interval.days(span) * scale, 2)
        colour = "#d64545" if interval.finding.severity.value == "error" else "#f0a830"
        finding = interval.finding
        label = f"{subject(finding)} {finding.code} {interval_text(interval, history)}"
        parts.append(
            f'<rect x="{x:.1f}" y="{22 + index * row_height}" width="{bar:.1f}" '
            f'height="{row_height - 4}" fill="{colour}"><title>{html_text(label)}</title></rect>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _history(history: PeriodHistory | str) -> list[str]:
    parts = ['<h2 id="history">The audit period, replayed from git history</h2>']
    if isinstance(history, str):
        return [*parts, f'<p class="muted">{html_text(history)}</p>']
    parts += [f"<p>{html_text(headline(history))} {html_text(share_line(history))}</p>"]
    parts.append(timeline_svg(history))
    parts.append(
        "<table><tr><th>Document</th><th>Rule</th><th>Out of compliance</th><th>Finding</th></tr>"
    )
    for _level, intervals in by_severity(history):
        for interval in intervals:
            finding = interval.finding
            parts.append(
                f"<tr><td>{html_text(subject(finding))}</td><td>{html_text(finding.code)} "
                f"{html_text(finding.name)}</td>"
                f"<td>{html_text(interval_text(interval, history))}</td>"
                f"<td>{html_text(finding.message)}</td></tr>"
            )
    if not history.intervals:
        parts.append('<tr><td colspan="4" class="muted">No finding during the period.</td></tr>')
    parts.append("</table>")
    return parts
