"""What a rule read while it ran, so that a replay of many days runs again only the rules
whose inputs changed.

A rule sees the program through its Context. During a replay it runs with a
tracked one (`tracked_context`), which notes each input the rule reaches: the documents of a
type, a document by its path, every document, a path of the program
resolved (links, evidence locations), the program's folder at large, git
history, and the days on which what it made of the as-of date holds
(observed_day.py). A result is reused on a later day only when none of what
its rule read differs (`Change.affects`).

Anything the tracker does not know, such as an attribute added to Context or
Repository later, counts as having read everything: an unknown way in costs a
run again, never a stale result.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, fields, replace
from datetime import date
from typing import Any, TypeVar, cast

from soclint.audit.observed_day import ObservedDay
from soclint.config import Config
from soclint.context import Context
from soclint.document import Document
from soclint.facts import Facts
from soclint.repository import Repository
from soclint.repository_paths import RepositoryPaths, Resolved

T = TypeVar("T")
K = TypeVar("K")
V = TypeVar("V")


@dataclass
class Reads:
    """The inputs one run of a rule (or one shared computation) reached."""

    everything: bool = False
    # Whether it took the as-of date at all, and the days (ordinals) on which what it
    # made of it holds; None: unbounded.
    dated: bool = False
    first: int | None = None
    last: int | None = None
    history: bool = False
    # The program's folder at large (files read by path from the root).
    files: bool = False
    # The set of all documents.
    documents: bool = False
    # The documents whose front-matter cannot be read (Context.unparsed).
    unparsed: bool = False
    types: set[str] = field(default_factory=set)
    by_path: set[str] = field(default_factory=set)
    # Paths resolved in the program's folder, with what each resolved to.
    paths: dict[str, Resolved] = field(default_factory=dict)

    def holds_on(self, day: int) -> bool:
        return (self.first is None or self.first <= day) and (self.last is None or day <= self.last)

    def narrow(self, first: int | None, last: int | None) -> None:
        if first is not None and (self.first is None or first > self.first):
            self.first = first
        if last is not None and (self.last is None or last < self.last):
            self.last = last

    def add(self, other: Reads) -> None:
        self.everything |= other.everything
        self.dated |= other.dated
        self.narrow(other.first, other.last)
        self.history |= other.history
        self.files |= other.files
        self.documents |= other.documents
        self.unparsed |= other.unparsed
        if other.types:
            self.types |= other.types
        if other.by_path:
            self.by_path |= other.by_path
        if other.paths:
            self.paths.update(other.paths)


@dataclass(frozen=True)
class Change:
    """What differs on `day` (an ordinal) from the day judged before it.

    The date always differs; the rest only on a day that brought a commit.
    `resolve` resolves a path in the program as it is on `day`; paths resolve as
    before unless the files listed (paths, modes, symbolic links) changed: `listing`.
    """

    day: int
    program: bool = False
    commit: bool = False
    files: bool = False
    listing: bool = False
    document_paths: frozenset[str] = frozenset()  # documents added, changed or removed
    unparsed: bool = False  # whether the documents that cannot be read changed
    types: frozenset[str] = frozenset()  # types whose set of documents changed
    resolve: Callable[[str], Resolved] | None = None

    def affects(self, reads: Reads) -> bool:
        """Whether a result that read `reads` on the day judged before may differ."""
        if not reads.holds_on(self.day):
            return True
        if not self.program:
            return False
        if reads.everything:
            return True
        return (
            (reads.documents and bool(self.document_paths))
            or (reads.unparsed and self.unparsed)
            or (reads.history and self.commit)
            or (reads.files and self.files)
            or not reads.types.isdisjoint(self.types)
            or not reads.by_path.isdisjoint(self.document_paths)
            or (self.listing and self._moved(reads.paths))
        )

    def _moved(self, paths: dict[str, Resolved]) -> bool:
        resolve = self.resolve
        return resolve is None or any(resolve(path) != found for path, found in paths.items())


class Recorder:
    """The Reads of the runs under way: a rule's, and a shared computation's inside it."""

    def __init__(self) -> None:
        self._open: list[Reads] = []
        self.day = 0  # the ordinal of the day being judged

    def observed(self, day: date) -> ObservedDay:
        """`day` as the as-of date of a run, reporting each use of it here."""
        self.day = day.toordinal()
        return ObservedDay(day, self.narrow)

    @contextmanager
    def recording(self) -> Iterator[Reads]:
        reads = Reads()
        self._open.append(reads)
        try:
            yield reads
        finally:
            self._open.pop()

    def add(self, reads: Reads) -> None:
        for current in self._open:
            current.add(reads)

    def everything(self) -> None:
        self.add(Reads(True, True, self.day, self.day, history=True, files=True, documents=True))

    def dated(self) -> None:
        for current in self._open:
            current.dated = True

    def narrow(self, first: int | None, last: int | None) -> None:
        for current in self._open:
            current.narrow(first, last)

    def history(self) -> None:
        for current in self._open:
            current.history = True

    def files(self) -> None:
        for current in self._open:
            current.files = True

    def documents(self) -> None:
        for current in self._open:
            current.documents = True

    def unparsed(self) -> None:
        for current in self._open:
            current.unparsed = True

    def types(self, *types: str) -> None:
        for current in self._open:
            current.types.update(types)

    def by_path(self, path: str) -> None:
        for current in self._open:
            current.by_path.add(path)

    def resolved(self, path: str, found: Resolved) -> None:
        for current in self._open:
            current.paths[path] = found


class _TrackedMapping(Mapping[K, V]):
    """A mapping whose lookups note their key, and whose listing notes the whole."""

    def __init__(self, inner: Mapping[K, V], key: Callable[[K], None], whole: Callable[[], None]):
        self._inner, self._key, self._whole = inner, key, whole

    def __getitem__(self, key: K) -> V:
        self._key(key)
        return self._inner[key]

    def __iter__(self) -> Iterator[K]:
        self._whole()
        return iter(self._inner)

    def __len__(self) -> int:
        self._whole()
        return len(self._inner)


class _TrackedPaths:
    """RepositoryPaths that note each path resolved."""

    def __init__(self, inner: RepositoryPaths, recorder: Recorder) -> None:
        self._inner, self._recorder = inner, recorder

    def resolve(self, path: str) -> Resolved:
        found = self._inner.resolve(path)
        self._recorder.resolved(path, found)
        return found

    def __getattr__(self, name: str) -> Any:
        self._recorder.files()
        return getattr(self._inner, name)


class _TrackedRepository:
    """The repository as a tracked rule sees it: each lookup notes what it reached."""

    def __init__(self, inner: Repository, recorder: Recorder) -> None:
        self._inner, self._recorder = inner, recorder

    @property
    def root(self) -> Any:
        self._recorder.files()
        return self._inner.root

    @property
    def documents(self) -> Any:
        self._recorder.documents()
        return self._inner.documents

    @property
    def by_type(self) -> Any:
        recorder = self._recorder
        return _TrackedMapping(self._inner.by_type, recorder.types, recorder.documents)

    @property
    def by_path(self) -> Any:
        recorder = self._recorder
        return _TrackedMapping(self._inner.by_path, recorder.by_path, recorder.documents)

    @property
    def paths(self) -> Any:
        return _TrackedPaths(self._inner.paths, self._recorder)

    @property
    def authority(self) -> Any:
        self._recorder.types("roster")
        return self._inner.authority

    @property
    def categories(self) -> Any:
        self._recorder.types("system-description")
        return self._inner.categories

    def of_type(self, *types: str) -> Any:
        self._recorder.types(*types)
        return self._inner.of_type(*types)

    def first(self, doc_type: str) -> Any:
        self._recorder.types(doc_type)
        return self._inner.first(doc_type)

    def rows(self, doc_type: str) -> Any:
        self._recorder.types(doc_type)
        return self._inner.rows(doc_type)

    def row(self, doc_type: str, row_id: str) -> Any:
        self._recorder.types(doc_type)
        return self._inner.row(doc_type, row_id)

    def row_ids(self, doc_type: str) -> Any:
        self._recorder.types(doc_type)
        return self._inner.row_ids(doc_type)

    def holds(self, person_id: str, authority: str) -> Any:
        self._recorder.types("roster")
        return self._inner.holds(person_id, authority)

    def __getattr__(self, name: str) -> Any:
        self._recorder.everything()
        return getattr(self._inner, name)


@dataclass(frozen=True)
class _WatchedConfig(Config):
    """A Config that notes when a rule takes its `as_of`."""

    recorder: Recorder | None = None

    def __getattribute__(self, name: str) -> Any:
        if name == "as_of":
            recorder = object.__getattribute__(self, "recorder")
            if recorder is not None:
                recorder.dated()
        return object.__getattribute__(self, name)


def watched(config: Config, recorder: Recorder) -> Config:
    """`config`, noting in `recorder` each time its `as_of` is taken."""
    values = {f.name: getattr(config, f.name) for f in fields(Config)}
    return _WatchedConfig(**values, recorder=recorder)


@dataclass
class Memo:
    """A shared computation's value and what it read."""

    value: Any
    reads: Reads


# Facts about the whole program, computed from the tracked repository, kept with what they read.
_PROGRAM_FACTS = frozenset(
    {
        "control_criteria",
        "coverage",
        "latest_activities",
        "deadlines",
        "anchor_suggestions",
        "people",
        "sign_off_recordings",
        "acknowledgement_obligations",
        "acknowledgements",
    }
)
# Facts about one document (or one file), which read nothing but their argument.
_DOCUMENT_FACTS = frozenset(
    {"json_of", "violations", "sketch", "body", "source_column", "source_has"}
)
_HISTORY_FACTS = frozenset({"git_history", "full_history"})
_PLAIN = frozenset(
    {"repository", "config", "pack", "as_of", "plain", "recorder", "memo", "site_paths"}
)
# Facts read from files by path, outside the documents.
_FILE_FACTS = frozenset({"codeowners", "markdown_file"})


def _memo_key(name: str, args: tuple[Any, ...]) -> tuple[Any, ...]:
    return (name, *(a.path if isinstance(a, Document) else a for a in args))


class TrackedFacts(Facts):
    """The Facts of a replayed day: each fact notes what it read in `recorder`, and is kept
    in `memo` with those reads, so that a rule that finds it done still notes them."""

    def __init__(
        self,
        plain: Facts,
        repository: Repository,
        config: Config,
        recorder: Recorder,
        memo: dict[Any, Memo],
    ) -> None:
        super().__init__(repository, config, plain.pack)
        self.plain, self.recorder, self.memo = plain, recorder, memo

    def __getattribute__(self, name: str) -> Any:
        if name.startswith("_") or name in _PLAIN:
            return super().__getattribute__(name)
        recorder: Recorder = super().__getattribute__("recorder")
        if name == "unparsed":
            # Worked out from the documents that cannot be read alone, noted as that input.
            recorder.unparsed()
            return super().__getattribute__("plain").unparsed
        if name in _HISTORY_FACTS:
            recorder.history()
            return getattr(super().__getattribute__("plain"), name)
        if name in _FILE_FACTS:
            recorder.files()
            return getattr(super().__getattribute__("plain"), name)
        if name in _PROGRAM_FACTS:
            return self._kept((name,), lambda: super(TrackedFacts, self).__getattribute__(name))
        if name in _DOCUMENT_FACTS:
            method = super().__getattribute__(name)
            return lambda *args: self._kept(_memo_key(name, args), lambda: method(*args))
        recorder.everything()
        return super().__getattribute__(name)

    def _kept(self, key: tuple[Any, ...], compute: Callable[[], T]) -> T:
        memo: dict[Any, Memo] = super().__getattribute__("memo")
        recorder: Recorder = super().__getattribute__("recorder")
        found = memo.get(key)
        if found is None:
            with recorder.recording() as reads:
                value = compute()
            found = memo[key] = Memo(value, reads)
        else:
            recorder.add(found.reads)
        result: T = found.value
        return result


def tracked_context(ctx: Context, recorder: Recorder, memo: dict[Any, Memo]) -> Context:
    """`ctx` as a replayed day's rules see it: what each rule reads is noted in `recorder`."""
    repository = cast(Repository, _TrackedRepository(ctx.repository, recorder))
    config = watched(ctx.config, recorder)
    facts = TrackedFacts(ctx.facts, repository, config, recorder, memo)
    return replace(ctx, repository=repository, config=config, facts=facts)


def kept_for_next_day(memo: dict[Any, Memo], program_changed: bool) -> dict[Any, Memo]:
    """The shared work still good on the next day judged: none when the program changed
    (work kept by a document's path may hold that document), else what did not take the
    date (work that took it may hold it)."""
    if program_changed:
        return {}
    return {key: found for key, found in memo.items() if not found.reads.dated}
