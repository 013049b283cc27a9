"""The program replayed over a period: the rules as of each day, read from git objects.

The program on a day is the tree of the last commit of the branch's
first-parent line that reached it by then (its committer's day; a commit
dated before the one it follows counts from that one's day). The tree is
written, file by file as commits change it, into a private folder
(history/snapshot.py): nothing is checked out, and no filter or hook of the
repository runs. Every day of the period is judged with the configuration
and rule pack of the command's own program, so the whole period is
measured with one yardstick.

A day is judged as `soclint check --as-of DAY` would judge that tree, but
little of the work is done again (tracking.py): a document is parsed once
per content, and a rule runs again only when what it read last time
changed. On a day with no commit, that is the rules that read the date; on
a day with one, also those that read a document it changed.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator, Set
from dataclasses import dataclass, field, replace
from datetime import date
from itertools import chain
from pathlib import Path
from typing import Any

from soclint.audit.span import Span
from soclint.audit.tracking import Change, Memo, Reads, Recorder, kept_for_next_day, tracked_context
from soclint.context import Context
from soclint.discovery import Discovery, discover
from soclint.document import Document, OwnKeys, read_document
from soclint.engine import evaluate, placed
from soclint.errors import UsageError
from soclint.finding import Finding, Hit, Severity
from soclint.history.git_history import Commit, GitHistory, HistoryUnavailable, MainlineCommit
from soclint.history.git_objects import TreeEntry
from soclint.history.snapshot import SnapshotFolder
from soclint.program import Program
from soclint.registry import Rule, Subject
from soclint.repository import Repository, load_repository


@dataclass(frozen=True)
class Day:
    """One day of the period as the rules judge it."""

    day: date
    # The last commit in effect; None before the program's first commit.
    commit: Commit | None
    repository: Repository
    findings: list[Finding]
    # False when nothing changed or fell due since the day before: its findings are that day's.
    judged: bool = True


@dataclass
class ReplayWork:
    """What a replay did: the measure of how little it did again."""

    days: int = 0
    # Days judged: the others hold what the day before them held.
    judged: int = 0
    # The commits that take effect during the period, and the one in effect at its start.
    commits: int = 0
    at_start: Commit | None = None
    parsed: int = 0
    rule_runs: int = 0
    reused: int = 0
    # Each rule's runs by code and, for a rule of one document at a time, document path.
    runs: Counter[tuple[str, str | None]] = field(default_factory=Counter)

    def ran(self, code: str, path: str | None = None) -> None:
        self.rule_runs += 1
        self.runs[code, path] += 1


class _Documents:
    """The documents of the snapshot folder, each content parsed once."""

    def __init__(self, folder: SnapshotFolder, work: ReplayWork, own_keys: OwnKeys) -> None:
        self._folder = folder
        self._work = work
        self._own_keys = own_keys
        self._known: dict[str, tuple[str, Document]] = {}

    def read(self, file: Path, path: str) -> Document:
        content = self._folder.content_id(path)
        known = self._known.get(path)
        if known is not None and content is not None and known[0] == content:
            return known[1]
        doc = read_document(file, path, self._own_keys)
        self._work.parsed += 1
        if content is not None:
            self._known[path] = (content, doc)
        return doc

    def keys(self, repository: Repository) -> dict[str, object]:
        """Each document's content key: equal keys, equal documents. Only the documents of
        `repository` are kept."""
        self._known = {
            doc.path: self._known[doc.path]
            for doc in repository.documents
            if doc.path in self._known and self._known[doc.path][1] is doc
        }
        return {
            doc.path: self._known[doc.path][0] if doc.path in self._known else object()
            for doc in repository.documents
        }


def _by_type(repository: Repository, keys: dict[str, object]) -> dict[str, frozenset[Any]]:
    found: dict[str, set[Any]] = {}
    for doc in repository.documents:
        if doc.type is not None:
            found.setdefault(doc.type, set()).add((doc.path, keys[doc.path]))
    return {doc_type: frozenset(members) for doc_type, members in found.items()}


def _only(keys: dict[str, object], paths: set[str]) -> dict[str, object]:
    return {path: keys[path] for path in paths}


# How many commits a replay reads ahead at once: their files' contents in one git call.
READ_AHEAD = 250


def _read_ahead(
    snapshot: SnapshotFolder,
    state: dict[str, TreeEntry],
    timeline: list[tuple[date, MainlineCommit]],
    pending: int,
) -> int:
    """Read the files of `state` and of the next READ_AHEAD commits from `pending` on; the
    index of the last commit read."""
    last = min(pending + READ_AHEAD, len(timeline))
    ahead = (e for _day, c in timeline[pending:last] for e in c.changed.values() if e is not None)
    snapshot.read_ahead(chain(state.values(), ahead))
    return last


def _changed(before: dict[str, Any], after: dict[str, Any]) -> frozenset[str]:
    return frozenset(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))


@dataclass
class _Result:
    """A rule's findings on the day judged last, and what it read to make them."""

    reads: Reads
    findings: list[Finding]
    # A rule of one document at a time: each document's key, what it read and its hits.
    documents: dict[str, tuple[object, Reads, list[Hit]]] = field(default_factory=dict)


class _Runner:
    """Runs a day's rules (engine.evaluate's `run`), reusing each result whose inputs did
    not change since the day judged before."""

    def __init__(self, work: ReplayWork) -> None:
        self._work = work
        self._recorder = Recorder()
        self._memo: dict[Any, Memo] = {}
        self._results: dict[str, _Result] = {}
        self._change = Change(0)
        self._keys: dict[str, object] = {}
        self._documents: list[Document] = []

    def next_day(self, change: Change, keys: dict[str, object]) -> None:
        """Start a day that differs from the one judged before by `change`; `keys` are its
        documents' content keys."""
        self._change, self._keys = change, keys
        self._memo = kept_for_next_day(self._memo, change.program)

    def judge(
        self, day: date, program: Program, history: GitHistory | None
    ) -> tuple[list[Finding], date]:
        """The findings of `program` as of `day`, and the last day on which they hold."""
        observed = self._recorder.observed(day)
        with self._recorder.recording() as reads:
            dated = replace(program.config, as_of=observed)
            judged = replace(program, config=dated).with_repository(program.repository)
            evaluation = evaluate(judged, history, self.run)
        evaluation.findings.sort(key=lambda f: f.sort_key)
        last = date.max if reads.last is None else date.fromordinal(reads.last)
        return evaluation.findings, last

    def run(
        self,
        rules: Iterable[tuple[Rule, Severity]],
        ctx: Context,
        silenceable: Set[tuple[str | None, str]],
    ) -> list[Finding]:
        tracked = tracked_context(ctx, self._recorder, self._memo)
        self._documents = ctx.repository.documents
        change = self._change
        findings: list[Finding] = []
        for rule, severity in rules:
            known = self._results.get(rule.code)
            unaffected = known is not None and not change.affects(known.reads)
            per_document = rule.subject is Subject.DOCUMENT
            if known is not None and unaffected and not (per_document and change.program):
                self._work.reused += 1
                self._recorder.add(known.reads)
            elif per_document:
                known = self._results[rule.code] = self._each_document(
                    rule, severity, tracked, known, unaffected, silenceable
                )
            else:
                self._work.ran(rule.code)
                with self._recorder.recording() as reads:
                    found = placed(rule.run(tracked), rule, severity, silenceable)
                known = self._results[rule.code] = _Result(reads, found)
            findings += known.findings
        return findings

    def _each_document(
        self,
        rule: Rule,
        severity: Severity,
        ctx: Context,
        known: _Result | None,
        unaffected: bool,
        silenceable: Set[tuple[str | None, str]],
    ) -> _Result:
        """A rule of one document at a time, run again on each document whose result may
        differ: when the change leaves what the rule read alone, the changed documents."""
        documents: dict[str, tuple[object, Reads, list[Hit]]] = {}
        hits: list[Hit] = []
        # What the results kept read is known: what they read together (a little more
        # than that, once documents are gone, which costs a run again, never a stale one).
        reads = Reads()
        if unaffected and known is not None:
            reads.add(known.reads)
        for doc in self._documents:
            key = self._keys.get(doc.path)
            entry = known.documents.get(doc.path) if known is not None else None
            if (
                entry is None
                or entry[0] != key
                or (not unaffected and self._change.affects(entry[1]))
            ):
                self._work.ran(rule.code, doc.path)
                with self._recorder.recording() as read:
                    entry = (key, read, list(rule.check(doc, ctx)))
                reads.add(read)
            else:
                self._work.reused += 1
                if not unaffected:
                    reads.add(entry[1])
            documents[doc.path] = entry
            hits += entry[2]
        self._recorder.add(reads)
        return _Result(reads, placed(hits, rule, severity, silenceable), documents)


def in_effect(commits: list[MainlineCommit]) -> list[tuple[date, MainlineCommit]]:
    """Each commit with the day it takes effect: its own, or the day of the commit before
    it when that is later (a clock that was wrong, a rebase)."""
    effective: list[tuple[date, MainlineCommit]] = []
    latest = date.min
    for commit in commits:
        latest = max(latest, commit.commit.day)
        effective.append((latest, commit))
    return effective


def open_history(program: Program) -> GitHistory:
    """The git history of the program, complete; UsageError says why there is none."""
    try:
        history = GitHistory.open(program.root)
        if history.is_shallow:
            raise HistoryUnavailable(
                "the clone is shallow; fetch the whole history (actions/checkout with "
                "fetch-depth: 0)"
            )
        if history.is_partial:
            raise HistoryUnavailable("the clone is partial: old versions of files are missing")
    except HistoryUnavailable as error:
        message = f"{program.root}: the audit period is read from git history: {error}"
        raise UsageError(message) from None
    return history


def replay(
    program: Program, history: GitHistory, span: Span, work: ReplayWork | None = None
) -> Iterator[Day]:
    """Each day of `span`, judged as the program stood then; `work` counts what was done."""
    work = work if work is not None else ReplayWork()
    try:
        timeline = in_effect(history.mainline())
    except HistoryUnavailable as error:
        raise UsageError(f"{program.root}: cannot read the git history: {error}") from None
    with tempfile.TemporaryDirectory(prefix="soclint-replay-") as folder:
        snapshot = SnapshotFolder(
            history, Path(folder).resolve() / "program", program.config.include
        )
        # A commit's tree holds the files git tracks, of which git ignores none.
        config = replace(
            program.config,
            root=snapshot.root,
            diff_base=None,
            report_all=False,
            honour_gitignore=False,
        )
        documents = _Documents(snapshot, work, config.own_keys)
        work.commits += sum(1 for day, _commit in timeline if day in span)
        before = [mainline for day, mainline in timeline if day < span.start]
        work.at_start = before[-1].commit if before else None
        runner = _Runner(work)
        state: dict[str, TreeEntry] = {}
        pending = 0
        commit: MainlineCommit | None = None
        repository: Repository | None = None
        keys: dict[str, object] = {}
        types: dict[str, frozenset[Any]] = {}
        unparsed: set[str] = set()
        past: GitHistory | None = None
        read_until = -1  # the commits up to this one are read ahead
        files_listed: frozenset[tuple[str, str, str]] = frozenset()
        found = Discovery()
        findings: list[Finding] = []
        holds_until = date.min  # the last day on which the findings judged last still hold
        for day in span.each_day():
            arrived = commit
            while pending < len(timeline) and timeline[pending][0] <= day:
                commit = timeline[pending][1]
                for path, entry in commit.changed.items():
                    if entry is None:
                        state.pop(path, None)
                    else:
                        state[path] = entry
                pending += 1
            work.days += 1
            if repository is not None and commit is arrived and day <= holds_until:
                yield Day(day, commit.commit if commit else None, repository, findings, False)
                continue
            change = Change(day.toordinal())
            if repository is None or commit is not arrived:
                if pending > read_until:
                    read_until = _read_ahead(snapshot, state, timeline, pending)
                files = snapshot.show(state)
                listed = frozenset(
                    (p, e.mode, e.blob if e.is_link else "") for p, e in state.items()
                )
                listing = listed != files_listed
                if listing:
                    found, files_listed = discover(config), listed
                repository = load_repository(config, documents.read, found)
                new_keys = documents.keys(repository)
                new_types = _by_type(repository, new_keys)
                new_unparsed = {
                    path for path, doc in repository.by_path.items() if doc.data is None
                }
                change = Change(
                    day.toordinal(),
                    program=True,
                    commit=True,
                    files=bool(files),
                    listing=listing,
                    document_paths=_changed(keys, new_keys),
                    types=_changed(types, new_types),
                    unparsed=bool(_changed(_only(keys, unparsed), _only(new_keys, new_unparsed))),
                    resolve=repository.paths.resolve,
                )
                keys, types, unparsed = new_keys, new_types, new_unparsed
                past = history.at(commit.commit) if commit is not None else None
            runner.next_day(change, keys)
            day_program = Program(config, program.pack, program.rules).with_repository(repository)
            findings, holds_until = runner.judge(day, day_program, past)
            work.judged += 1
            yield Day(day, commit.commit if commit else None, repository, findings)
