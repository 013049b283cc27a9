"""The auditor's package of an audit period: what was in force, covered, done and open.

Everything is read from git objects: the documents' versions from the
mainline commits, the registers' rows from every version in force during the
period (listed_rows.py), the evidence files from the commit in effect at the
period's end, the findings and the coverage from a replay of the period
(replay.py). The package is a set of files (`Package.files`) whose
bytes depend only on that commit and the period: no clock, no random id,
every list sorted. `write_package` writes them into an empty folder, with
`manifest.json` listing each file's sha256.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from soclint.audit.intervals import PeriodHistory, period_history
from soclint.audit.listed_rows import ListedRow, ListedRows
from soclint.audit.observed_day import ObservedDay
from soclint.audit.replay import Day, in_effect, open_history, replay
from soclint.audit.span import Span
from soclint.audit.tracking import Reads
from soclint.coverage_matrix import coverage_matrix
from soclint.dates import add_period, as_date
from soclint.document import MAX_FILE_BYTES, document_from_text
from soclint.errors import UsageError
from soclint.finding import Finding
from soclint.history.git_history import Commit, GitHistory, HistoryUnavailable, MainlineCommit
from soclint.history.git_objects import TreeEntry, read_blobs
from soclint.history.lineage import approval_recording, committed_steps
from soclint.history.revisions import Revisions
from soclint.history.snapshot import program_at
from soclint.json_form import canonical_json
from soclint.lifecycle import CONTROLLED_TYPES
from soclint.program import Program
from soclint.register_deadlines import required_activities
from soclint.repository import Repository, load_repository
from soclint.rules.operations.evidence import is_repository_path
from soclint.unparsed import unparsed_documents

# Approvals and acknowledgements recorded elsewhere than the front-matter (approval
# provenance) are under "approvals", next to "documents" (package_approvals.py).


@dataclass
class Package:
    """The package's files by path inside its folder, and what index.html shows."""

    files: dict[str, bytes] = field(default_factory=dict)
    data: dict[str, Any] = field(default_factory=dict)


def parse_period(text: str) -> Span:
    """`2026-04-01..2026-09-30` as a Span; UsageError when it is not one."""
    start, dots, end = text.partition("..")
    first, last = as_date(start.strip()), as_date(end.strip())
    if not dots or first is None or last is None:
        raise UsageError(f"--period '{text}' is not START..END (YYYY-MM-DD..YYYY-MM-DD)")
    if last < first:
        raise UsageError(f"the period {first} → {last} ends before it starts")
    return Span(first, last)


def _commit_json(commit: Commit) -> dict[str, str]:
    return {"sha": commit.sha, "date": commit.day.isoformat(), "author": commit.author}


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _iso(value: object) -> str | None:
    found = as_date(value)
    return found.isoformat() if found is not None else None


def _blob_texts(history: GitHistory, blobs: set[str]) -> dict[str, bytes]:
    return {
        blob: content
        for blob, content in read_blobs(history.git, blobs, MAX_FILE_BYTES)
        if content is not None
    }


def _approval_recorded(
    at_end: GitHistory, revisions: Revisions, path: str, blob: str, start: date
) -> Commit | None:
    """The commit that recorded the approval version `blob` of `path` holds (its approval
    block took that value there), as history tells it at the period's end; the file may
    have been renamed since."""
    paths = [path, *sorted(p for p in at_end.changes if p != path)]
    for candidate in paths:
        steps = committed_steps(candidate, at_end)
        written = [index for index, step in enumerate(steps) if step.after == blob]
        if written:
            index = next((i for i in written if steps[i].day <= start), written[-1])
            recording = approval_recording(steps, revisions, index)
            return recording.commit if recording is not None else None
    return None


def _versions(
    history: GitHistory, timeline: list[tuple[date, MainlineCommit]], span: Span, last: Commit
) -> tuple[list[dict[str, Any]], dict[str, bytes]]:
    """Each version of each controlled document in force on some day of `span`, and the
    texts by blob."""
    changes: dict[str, list[tuple[date, Commit, TreeEntry | None]]] = {}
    for day, mainline in timeline:
        if day > span.end:
            break
        for path, entry in mainline.changed.items():
            if path.lower().endswith(".md"):
                changes.setdefault(path, []).append((day, mainline.commit, entry))
    spans: list[tuple[str, date, date | None, Commit, TreeEntry]] = []
    for path, steps in changes.items():
        for index, (start, commit, entry) in enumerate(steps):
            end = steps[index + 1][0] if index + 1 < len(steps) else None
            if entry is None or entry.is_link or (end is not None and end <= start):
                continue  # removed, a link, or replaced the day it came
            if start <= span.end and (end is None or end > span.start):
                spans.append((path, start, end, commit, entry))
    texts = _blob_texts(history, {entry.blob for *_rest, entry in spans})
    at_end = history.at(last)
    revisions = Revisions(at_end)
    revisions.prefetch(
        blob
        for path, *_rest in spans
        for step in committed_steps(path, at_end)
        for blob in step.blobs
    )
    versions: list[dict[str, Any]] = []
    for path, start, end, commit, entry in spans:
        content = texts.get(entry.blob)
        if content is None:
            continue
        doc = document_from_text(content.decode("utf-8", "replace"), path)
        if doc.type not in CONTROLLED_TYPES:
            continue
        recorded = _approval_recorded(at_end, revisions, path, entry.blob, start)
        versions.append(
            {
                "path": path,
                "id": doc.id,
                "blob": entry.blob,
                "text": f"documents/{entry.blob}.md",
                "version": _text(doc.get("version")),
                "status": _text(doc.get("status")),
                "approval": {
                    "by": _text(doc.get("approval", "by")),
                    "date": _iso(doc.get("approval", "date")),
                },
                "review": {"last": _iso(doc.get("review", "last"))},
                "recorded_by": _commit_json(recorded) if recorded is not None else None,
                "brought_by": _commit_json(commit),
                "in_force": {
                    "from": start.isoformat(),
                    "until": (end - timedelta(days=1)).isoformat() if end else None,
                },
            }
        )
    versions.sort(key=lambda v: (v["path"], v["in_force"]["from"], v["blob"]))
    return versions, {v["blob"]: texts[v["blob"]] for v in versions}


class _CoverageTimeline:
    """Per criterion, the runs of days with the same covering documents."""

    def __init__(self) -> None:
        self.runs: dict[str, list[dict[str, Any]]] = {}

    def observe(self, day: date, covering: dict[str, list[str]]) -> None:
        for criterion, documents in covering.items():
            runs = self.runs.setdefault(criterion, [])
            if runs and runs[-1]["covered_by"] == documents:
                runs[-1]["until"] = day.isoformat()
            else:
                runs.append(
                    {"from": day.isoformat(), "until": day.isoformat(), "covered_by": documents}
                )

    def as_json(self) -> dict[str, Any]:
        return {
            criterion: {"runs": runs, "gaps": [r for r in runs if not r["covered_by"]]}
            for criterion, runs in sorted(self.runs.items())
        }


def _covering(day: Day, program: Program) -> tuple[dict[str, list[str]], date]:
    """Who covers each criterion on `day`, and the last day on which that holds for the
    same documents (an approval that takes effect, a review that falls due)."""
    holds = Reads()
    as_of = ObservedDay(day.day, holds.narrow)
    unparsed = unparsed_documents(day.repository, program.config.fails)
    matrix = coverage_matrix(day.repository, program.pack, as_of, unparsed)
    covering = {
        row.criterion.id: sorted({m.document.id or m.document.path for m in row.covering})
        for row in matrix.criteria
    }
    return covering, date.max if holds.last is None else date.fromordinal(holds.last)


def _observed(
    days: Iterator[Day], program: Program, timeline: _CoverageTimeline, rows: ListedRows
) -> Iterator[Day]:
    """`days`, noting on the way who covered each criterion and the registers' rows."""
    covering: dict[str, list[str]] = {}
    holds_until = date.min
    last: Day | None = None
    for day in days:
        if day.judged or day.day > holds_until:
            covering, holds_until = _covering(day, program)
        timeline.observe(day.day, covering)
        rows.observe(day.day, day.repository)
        last = day
        yield day
    if last is not None:
        rows.finish(last.day)


def _slots(span: Span, period: str) -> list[tuple[date, date]]:
    """The slots of `period` from the period's first day (the last one cut at its end)."""
    slots, start = [], span.start
    while start <= span.end:
        following = add_period(start, period)
        if following is None or following <= start:
            return [(span.start, span.end)]
        slots.append((start, min(following - timedelta(days=1), span.end)))
        start = following
    return slots


def _unique(entries: list[tuple[dict[str, Any], ListedRow]]) -> list[dict[str, Any]]:
    """Each distinct entry once, with the days some version of its register listed it."""
    found: dict[str, dict[str, Any]] = {}
    for entry, row in entries:
        kept = found.setdefault(canonical_json(entry), {**entry, "listed": row.listed()})
        listed = kept["listed"]
        listed["from"] = min(listed["from"], row.first.isoformat())
        listed["until"] = max(listed["until"], row.last.isoformat())
    return list(found.values())


def _activities(rows: ListedRows, program: Program, span: Span) -> list[dict[str, Any]]:
    entries = []
    for row in rows.of_type("activity-log"):
        done = as_date(row.fields.get("date"))
        if done is not None and done in span:
            entry = {
                "kind": _text(row.fields.get("kind")),
                "date": done.isoformat(),
                "by": _text(row.fields.get("by")),
                "outcome": _text(row.fields.get("outcome")),
                "evidence": sorted(
                    e for e in row.fields.get("evidence") or [] if isinstance(e, str)
                ),
            }
            entries.append((entry, row))
    done_entries = _unique(entries)
    found = []
    for kind, period in sorted(required_activities(program.pack).items()):
        for first, last in _slots(span, period):
            done_in = sorted(
                (
                    {k: v for k, v in entry.items() if k != "kind"}
                    for entry in done_entries
                    if entry["kind"] == kind
                    and first.isoformat() <= entry["date"] <= last.isoformat()
                ),
                key=lambda e: (e["date"], e["by"] or "", canonical_json(e)),
            )
            found.append(
                {
                    "kind": kind,
                    "cadence": period,
                    "slot": {"from": first.isoformat(), "until": last.isoformat()},
                    "done": done_in,
                    "missing": not done_in,
                }
            )
    return found


def _overlaps(start: date | None, end: date | None, span: Span) -> bool:
    return (start is None or start <= span.end) and (end is None or end >= span.start)


def _approval_by(fields: dict[str, Any]) -> str | None:
    approval = fields.get("approval")
    return _text(approval.get("by")) if isinstance(approval, dict) else None


def _exceptions(rows: ListedRows, span: Span) -> list[dict[str, Any]]:
    entries = []
    for row in rows.of_type("exception-register"):
        approval = row.fields.get("approval")
        approved = as_date(approval.get("date")) if isinstance(approval, dict) else None
        expires = as_date(row.fields.get("expires"))
        if not _overlaps(approved, expires, span):
            continue
        entry = {
            "id": _text(row.fields.get("id")),
            "policy": _text(row.fields.get("policy")),
            "subject": _text(row.fields.get("subject")),
            "approval": {
                "by": _approval_by(row.fields),
                "date": approved.isoformat() if approved else None,
            },
            "expires": expires.isoformat() if expires else None,
        }
        entries.append((entry, row))
    return sorted(
        _unique(entries),
        key=lambda e: (e["id"] or "", e["expires"] or "", e["listed"]["from"], canonical_json(e)),
    )


def _risk_acceptances(rows: ListedRows, span: Span) -> list[dict[str, Any]]:
    entries = []
    for row in rows.of_type("risk-register"):
        acceptance = row.fields.get("acceptance")
        if row.fields.get("treatment") != "accept" or not isinstance(acceptance, dict):
            continue
        accepted, expires = as_date(acceptance.get("date")), as_date(acceptance.get("expires"))
        if _overlaps(accepted, expires, span):
            entry = {
                "risk": _text(row.fields.get("id")),
                "title": _text(row.fields.get("title")),
                "by": _text(acceptance.get("by")),
                "date": accepted.isoformat() if accepted else None,
                "expires": expires.isoformat() if expires else None,
            }
            entries.append((entry, row))
    return sorted(
        _unique(entries), key=lambda r: (r["risk"] or "", r["listed"]["from"], canonical_json(r))
    )


def _vendor_reviews(rows: ListedRows, span: Span) -> list[dict[str, Any]]:
    """Per vendor: every review recorded in some version of the register during the period
    and dated in it, the last review recorded, and the days it was listed."""
    vendors: dict[str, dict[str, Any]] = {}
    for row in sorted(rows.of_type("vendor-register"), key=lambda r: (r.first, r.last)):
        vendor_id = _text(row.fields.get("id")) or ""
        reviewed = as_date(row.fields.get("last_review"))
        found = vendors.setdefault(
            vendor_id,
            {"vendor": _text(row.fields.get("id")), "reviews": set(), "listed": row.listed()},
        )
        found.update(
            {
                "name": _text(row.fields.get("name")),
                "tier": _text(row.fields.get("tier")),
                "last_review": reviewed.isoformat() if reviewed else None,
            }
        )
        found["listed"]["from"] = min(found["listed"]["from"], row.first.isoformat())
        found["listed"]["until"] = max(found["listed"]["until"], row.last.isoformat())
        if reviewed is not None and reviewed in span:
            found["reviews"].add(reviewed.isoformat())
    return [
        {**found, "reviews": sorted(found["reviews"]), "reviewed_in_period": bool(found["reviews"])}
        for _id, found in sorted(vendors.items())
    ]


_SUFFIX = re.compile(r"\.[A-Za-z0-9]{1,10}$")


def _evidence(
    repository: Repository, tree: dict[str, TreeEntry], history: GitHistory
) -> tuple[list[dict[str, Any]], dict[str, bytes]]:
    """The evidence register's rows, each repository file it names copied (confined to
    the repository, links followed inside it, at most MAX_FILE_BYTES)."""
    rows, wanted = [], {}
    for row in repository.rows("evidence-register"):
        location = _text(row.fields.get("location"))
        entry: dict[str, Any] = {"id": _text(row.fields.get("id")), "location": location}
        if (
            location is None
            or not location.strip()
            or not is_repository_path(location)
            or "\0" in location
        ):
            entry["copied"] = None
            entry["note"] = "not a file of the repository"
        else:
            resolved = repository.paths.resolve(location)
            found = tree.get(resolved.real) if resolved.is_file else None
            if found is None:
                entry["copied"], entry["note"] = None, "no file of the repository"
            elif found.size > MAX_FILE_BYTES:
                entry["copied"], entry["note"] = None, f"larger than {MAX_FILE_BYTES:,} bytes"
            else:
                entry["blob"] = found.blob
                wanted[found.blob] = resolved.real
        rows.append(entry)
    contents = _blob_texts(history, set(wanted))
    files = {}
    for entry in rows:
        blob = entry.pop("blob", None)
        if blob is None:
            continue
        content = contents.get(blob)
        if content is None:
            entry["copied"], entry["note"] = None, "unreadable"
            continue
        digest = hashlib.sha256(content).hexdigest()
        suffix = _SUFFIX.search(wanted[blob])
        name = f"evidence/{digest}{suffix.group(0).lower() if suffix else ''}"
        files[name] = content
        entry.update({"copied": name, "sha256": digest, "path": wanted[blob]})
    return sorted(rows, key=lambda r: (r["id"] or "", r["location"] or "")), files


def _finding_json(finding: Finding) -> dict[str, Any]:
    return finding.to_dict()


def _findings(history: PeriodHistory) -> list[dict[str, Any]]:
    from soclint.audit.history_output import interval_json

    found = [interval_json(interval, history) for interval in history.intervals]
    return sorted(found, key=lambda i: (i["start"], i["path"] or "", i["code"], i["message"]))


def package_of(program: Program, span: Span) -> Package:
    """The package of `program`'s audit period `span`, from its git history."""
    from soclint.audit.package_approvals import approvals_json
    from soclint.audit.package_index import index_html

    history = open_history(program)
    try:
        timeline = in_effect(history.mainline())
    except HistoryUnavailable as error:
        raise UsageError(f"{program.root}: cannot read the git history: {error}") from None
    at_end = [mainline for day, mainline in timeline if day <= span.end]
    if not at_end:
        raise UsageError(f"no commit of the program was made by {span.end}: nothing to package")
    last = at_end[-1].commit
    coverage, rows = _CoverageTimeline(), ListedRows()
    replayed = period_history(
        _observed(replay(program, history, span), program, coverage, rows), span
    )
    versions, texts = _versions(history, timeline, span, last)
    tree = {entry.path: entry for entry in history.tree(last)}
    with program_at(history, last, program.config.include) as folder:
        repository = load_repository(replace(program.config, root=folder))
        evidence, evidence_files = _evidence(repository, tree, history)
        data: dict[str, Any] = {
            "version": 1,
            "period": {"start": span.start.isoformat(), "end": span.end.isoformat()},
            "commit": _commit_json(last),
            "documents": versions,
            "coverage": coverage.as_json(),
            "activities": _activities(rows, program, span),
            "exceptions": _exceptions(rows, span),
            "risk_acceptances": _risk_acceptances(rows, span),
            "vendor_reviews": _vendor_reviews(rows, span),
            "evidence": evidence,
            "findings": _findings(replayed),
            "open_at_end": sorted(
                (_finding_json(f) for f in replayed.at_end),
                key=lambda f: (f["path"] or "", f["line"] or 0, f["code"], f["message"]),
            ),
            "days_without_error": replayed.days_without_error,
        }
        data["approvals"] = approvals_json(
            program, repository, history, last, span, versions, texts
        )
    files = {f"documents/{blob}.md": content for blob, content in texts.items()}
    files.update(evidence_files)
    files["package.json"] = _json_bytes(data)
    files["index.html"] = index_html(data).encode("utf-8")
    return Package(files, data)


def _json_bytes(value: Any) -> bytes:
    return (json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def manifest(files: dict[str, bytes]) -> bytes:
    """Every file of the package with its sha256 and size, by path."""
    listed = [
        {"path": path, "sha256": hashlib.sha256(content).hexdigest(), "bytes": len(content)}
        for path, content in sorted(files.items())
    ]
    return _json_bytes({"version": 1, "files": listed})


def write_package(package: Package, folder: Path) -> None:
    """Write the package into `folder`, which must not exist or be empty (UsageError)."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise UsageError(f"{folder}: exists and is not an empty folder; give a new one")
    files = dict(package.files)
    files["manifest.json"] = manifest(package.files)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for path, content in sorted(files.items()):
            target = folder / path
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "xb") as out:
                out.write(content)
            os.chmod(target, 0o644)
    except OSError as error:
        raise UsageError(f"{folder}: cannot write the package: {error.strerror or error}") from None
