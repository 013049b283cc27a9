"""The package's approvals and acknowledgements: for each version in force during the
period, the commit that recorded its approval and what it proves; for each policy version,
the acknowledgements recorded during the period, and those missing at its end.

The program is judged as it stood at the period's end, with the history up to that
commit (`accountability.accountability`, as `coverage --format json` and the readiness
report): the same provenance and the same acknowledgement rules, no second judgement.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from soclint.accountability import Accountability, accountability, judged
from soclint.acknowledgements import recorded_acknowledgements
from soclint.audit.span import Span
from soclint.document import document_from_text
from soclint.facts import Facts
from soclint.history.git_history import Commit, GitHistory, HistoryUnavailable
from soclint.history.provenance import version_recordings
from soclint.program import Program
from soclint.repository import Repository


def _people_at_end(
    program: Program, repository: Repository, history: GitHistory, last: Commit, span: Span
) -> tuple[Facts, Accountability]:
    facts = Facts(
        repository, replace(program.config, as_of=span.end), program.pack, history.at(last)
    )
    return facts, accountability(facts)


def _provenance(
    facts: Facts, people: Accountability, versions: list[dict[str, Any]], texts: dict[str, bytes]
) -> dict[str, Any]:
    """The recording of each version's approval, by path and blob."""
    shown: dict[str, Any] = {"level": people.level, "skipped": None, "versions": []}
    revisions = facts.full_history
    if isinstance(revisions, HistoryUnavailable):
        shown["skipped"] = str(revisions)
        return shown
    documents = [
        (document_from_text(texts[v["blob"]].decode("utf-8", "replace"), v["path"]), v["blob"])
        for v in versions
    ]
    # Off, the recording commit and its author are still shown; nothing is judged.
    level = "author" if people.level == "off" else people.level
    found = version_recordings(revisions, documents, facts.people, level)
    if isinstance(found, str):
        shown["skipped"] = found
        return shown
    blobs = {id(doc): blob for doc, blob in documents}
    for recording, verdict in judged(found, facts.people, level):
        entry = {
            **recording.to_json(),
            "blob": blobs[id(recording.document)],
            "proven": verdict.proven if people.level != "off" else None,
            "reason": verdict.reason,
        }
        del entry["document"], entry["key"]
        entry["id"] = recording.document.id
        shown["versions"].append(entry)
    shown["versions"].sort(key=lambda e: (e["path"], e["blob"]))
    return shown


def _acknowledgements(
    repository: Repository, people: Accountability, versions: list[dict[str, Any]], span: Span
) -> list[dict[str, Any]]:
    """Per policy version of the period: the acknowledgements of it recorded in the period,
    and, for the version in force at its end, who had not acknowledged it."""
    policies = {(v["id"], v["version"]) for v in versions if v["id"] and v["version"] is not None}
    recorded: dict[tuple[str, str], list[dict[str, str]]] = {}
    for row in recorded_acknowledgements(repository):
        key = (row.document, row.written)
        if key in policies and row.day in span:
            recorded.setdefault(key, []).append(
                {"person": row.person, "version": row.written, "date": row.day.isoformat()}
            )
    missing: dict[tuple[str, str], list[dict[str, str]]] = {}
    for obligation in people.obligations:
        if obligation.met_by is not None:
            continue
        key = (obligation.policy.id or "", str(obligation.policy.get("version")))
        missing.setdefault(key, []).append(
            {
                "person": obligation.person.id,
                "due": obligation.due.isoformat(),
                "status": "overdue" if obligation.overdue(people.as_of) else "pending",
            }
        )
    return [
        {
            "document": key[0],
            "version": key[1],
            "recorded": sorted(recorded.get(key, []), key=_by_date_and_person),
            "missing_at_end": sorted(missing.get(key, []), key=_by_date_and_person),
        }
        for key in sorted(set(recorded) | set(missing))
    ]


def _by_date_and_person(entry: dict[str, str]) -> tuple[str, str]:
    return entry.get("date", ""), entry["person"]


def approvals_json(
    program: Program,
    repository: Repository,
    history: GitHistory,
    last: Commit,
    span: Span,
    versions: list[dict[str, Any]],
    texts: dict[str, bytes],
) -> dict[str, Any]:
    """The package's "approvals": `repository` is the program at `last`, the period's last
    commit; `versions` and `texts` the documents in force during `span`."""
    facts, people = _people_at_end(program, repository, history, last, span)
    return {
        "provenance": _provenance(facts, people, versions, texts),
        "acknowledgements": {
            "within": people.window,
            "versions": _acknowledgements(repository, people, versions, span),
        },
    }
