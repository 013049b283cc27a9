"""The auditor's package's index.html: every part of package.json as a table, linking the
documents' texts and the evidence copied in. No script, nothing fetched; every value goes
through `html_text` (output/markup.py)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from soclint.output.markup import html_text

_STYLE = (
    "body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:70rem;padding:0 1rem;"
    "color:#1f2933}table{border-collapse:collapse;width:100%;font-size:.85rem}"
    "th,td{border:1px solid #d9dee4;padding:.25rem .45rem;text-align:left;vertical-align:top}"
    "th{background:#f0f3f7}.gap,.missing{color:#b42318;font-weight:600}code{font-size:.8rem}"
    "@media print{tr{break-inside:avoid}}"
)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return html_text(str(value))


def _link(path: object, label: object) -> str:
    if not isinstance(path, str):
        return _cell(label)
    return f'<a href="{html_text(path)}"><code>{_cell(label)}</code></a>'


def _table(
    title: str,
    anchor: str,
    headers: Sequence[str],
    rows: Sequence[Any],
    row: Callable[[Any], list[str]],
) -> list[str]:
    parts = [f'<h2 id="{anchor}">{title}</h2>', "<table><tr>"]
    parts += [f"<th>{h}</th>" for h in headers]
    parts.append("</tr>")
    for item in rows:
        parts.append("<tr>" + "".join(f"<td>{c}</td>" for c in row(item)) + "</tr>")
    if not rows:
        parts.append(f'<tr><td colspan="{len(headers)}">None.</td></tr>')
    parts.append("</table>")
    return parts


def _since(interval: dict[str, Any]) -> str:
    until = interval.get("until")
    return f"{_cell(interval.get('from'))} → {_cell(until) if until else 'still in force'}"


def _document(v: dict[str, Any]) -> list[str]:
    recorded = v["recorded_by"]
    approval_commit = (
        f"<code>{_cell(recorded['sha'][:12])}</code> {_cell(recorded['date'])} "
        f"{_cell(recorded['author'])}"
        if recorded
        else "none"
    )
    return [
        _cell(v["path"]),
        _cell(v["id"]),
        _cell(v["version"]),
        _link(v["text"], v["blob"][:12]),
        _cell(" on ".join(x for x in (v["approval"]["by"], v["approval"]["date"]) if x)),
        _cell(v["review"]["last"]),
        approval_commit,
        _since(v["in_force"]),
    ]


def _coverage(item: tuple[str, dict[str, Any]]) -> list[str]:
    criterion, found = item
    runs = "<br>".join(
        f"{_cell(r['from'])} → {_cell(r['until'])}: "
        + (_cell(", ".join(r["covered_by"])) if r["covered_by"] else '<span class="gap">gap</span>')
        for r in found["runs"]
    )
    return [_cell(criterion), str(len(found["gaps"])), runs]


def _activity(a: dict[str, Any]) -> list[str]:
    done = "<br>".join(
        f"{_cell(d['date'])} by {_cell(d['by'])} ({_cell(d['outcome'])}) evidence: "
        f"{_cell(', '.join(d['evidence']))}"
        for d in a["done"]
    )
    slot = f"{_cell(a['slot']['from'])} → {_cell(a['slot']['until'])}"
    return [
        _cell(a["kind"]),
        _cell(a["cadence"]),
        slot,
        done or '<span class="missing">missing</span>',
    ]


def _finding(f: dict[str, Any]) -> list[str]:
    return [
        _cell(f["path"]),
        f"{_cell(f['code'])} {_cell(f['name'])}",
        _cell(f["severity"]),
        f"{_cell(f['start'])} → {_cell(f['end']) or 'still open'} ({_cell(f['days'])} days)",
        _cell(f["message"]),
    ]


def _recording(r: dict[str, Any]) -> list[str]:
    proven = {True: "proven", False: '<span class="missing">not proven</span>'}
    signature = _SIGNATURES.get(r["signature"], r["signature"])
    return [
        _cell(r["path"]),
        _link(f"documents/{r['blob']}.md", r["blob"][:12]),
        _cell(r["by"]),
        f"<code>{_cell((r['commit'] or '')[:12])}</code> {_cell(r['author'])} "
        f"&lt;{_cell(r['email'])}&gt;",
        _cell(signature),
        f"{proven.get(r['proven'], 'not judged')}: {_cell(r['reason'])}",
    ]


# git's signature letters (%G?), as the table says them.
_SIGNATURES = {
    "G": "good",
    "U": "good, key not trusted",
    "N": "none",
    "B": "bad",
    "X": "expired",
    "Y": "by an expired key",
    "R": "by a revoked key",
    "E": "cannot be checked",
}


def _acknowledgement(a: dict[str, Any]) -> list[str]:
    done = "<br>".join(f"{_cell(r['person'])} on {_cell(r['date'])}" for r in a["recorded"])
    missing = "<br>".join(
        f'<span class="missing">{_cell(m["person"])}</span> (due {_cell(m["due"])}, '
        f"{_cell(m['status'])})"
        for m in a["missing_at_end"]
    )
    return [_cell(a["document"]), _cell(a["version"]), done or "none", missing or "none"]


def _approvals(approvals: dict[str, Any]) -> list[str]:
    provenance = approvals["provenance"]
    level = f"Approvals are proven at the level <code>{_cell(provenance['level'])}</code>."
    if provenance["skipped"]:
        level += f" Not read from git: {_cell(provenance['skipped'])}."
    parts = _table(
        "Approval provenance",
        "provenance",
        ["Path", "Version (blob)", "Approver", "Recorded by", "Signature", "Proven"],
        provenance["versions"],
        _recording,
    )
    parts.insert(1, f"<p>{level}</p>")
    acknowledgements = approvals["acknowledgements"]
    owed = _table(
        "Acknowledgements",
        "acknowledgements",
        ["Policy", "Version", "Acknowledged in the period", "Missing at the period's end"],
        acknowledgements["versions"],
        _acknowledgement,
    )
    owed.insert(
        1,
        f"<p>Each person acknowledges a policy within {_cell(acknowledgements['within'])} of "
        "the approval of its major version or of their start.</p>",
    )
    return parts + owed


def index_html(data: dict[str, Any]) -> str:
    period, commit = data["period"], data["commit"]
    title = f"Audit package {period['start']} → {period['end']}"
    parts = [
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
        f"<title>{_cell(title)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{_cell(title)}</h1>",
        f"<p>Read from commit <code>{_cell(commit['sha'])}</code> ({_cell(commit['date'])}). "
        f"No error on {_cell(data['days_without_error'])} days of the period. Every file is "
        'listed with its sha256 in <a href="manifest.json">manifest.json</a>; the data is in '
        '<a href="package.json">package.json</a>.</p>',
    ]
    parts += _table(
        "Controlled documents in force",
        "documents",
        [
            "Path",
            "Id",
            "Version",
            "Text (blob)",
            "Approved",
            "Last review",
            "Approval recorded in",
            "In force",
        ],
        data["documents"],
        _document,
    )
    parts += _approvals(data["approvals"])
    parts += _table(
        "Coverage timeline",
        "coverage",
        ["Criterion", "Gaps", "Covered by, day by day"],
        sorted(data["coverage"].items()),
        _coverage,
    )
    parts += _table(
        "Recurring activities per slot",
        "activities",
        ["Activity", "Cadence", "Slot", "Done"],
        data["activities"],
        _activity,
    )
    parts += _table(
        "Exceptions in force",
        "exceptions",
        ["Id", "Policy", "Subject", "Approved", "Expires"],
        data["exceptions"],
        lambda e: [
            _cell(e["id"]),
            _cell(e["policy"]),
            _cell(e["subject"]),
            _cell(" on ".join(x for x in (e["approval"]["by"], e["approval"]["date"]) if x)),
            _cell(e["expires"]),
        ],
    )
    parts += _table(
        "Risk acceptances in force",
        "risk-acceptances",
        ["Risk", "Title", "Accepted by", "On", "Expires"],
        data["risk_acceptances"],
        lambda r: [_cell(r[k]) for k in ("risk", "title", "by", "date", "expires")],
    )
    parts += _table(
        "Vendor reviews",
        "vendors",
        ["Vendor", "Name", "Tier", "Reviews in the period", "Last review"],
        data["vendor_reviews"],
        lambda v: [
            *(_cell(v[k]) for k in ("vendor", "name", "tier")),
            _cell(", ".join(v["reviews"]) or "none"),
            _cell(v["last_review"]),
        ],
    )
    parts += _table(
        "Evidence",
        "evidence",
        ["Id", "Location", "Copy", "sha256"],
        data["evidence"],
        lambda e: [
            _cell(e["id"]),
            _cell(e["location"]),
            _link(e["copied"], e.get("path")) if e["copied"] else _cell(e.get("note")),
            f"<code>{_cell(e.get('sha256'))}</code>",
        ],
    )
    parts += _table(
        "Findings open during the period",
        "findings",
        ["File", "Rule", "Severity", "Open", "Finding"],
        data["findings"],
        _finding,
    )
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
