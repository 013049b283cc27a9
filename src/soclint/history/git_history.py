"""Git history of the policy repository, read in a few git calls.

One `git log --raw` pass gives every commit that touched a file under the
root, newest first, with the blob ids before and after each change; a merge
commit is listed with the files it left different from every parent (a
conflict resolution, an edit made in the merge), with each parent's blob.
The working tree is compared with HEAD by hashing file bytes (git_objects.py), so
no filter or hook of the repository runs. File contents stream from one
`git cat-file --batch`, each within the size limit of documents. Every call
goes through GitCommand, finding the repository too; nothing here runs git once
per file.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, timezone
from functools import cached_property
from pathlib import Path
from typing import IO

from soclint.document import MAX_FILE_BYTES
from soclint.history.git_command import GitCommand, GitFailed, visible
from soclint.history.git_command import HistoryUnavailable as HistoryUnavailable
from soclint.history.git_command import NotARepository as NotARepository
from soclint.history.git_objects import (
    OBJECT_ID,
    SUBMODULE_MODE,
    TreeEntry,
    blob_sizes,
    list_tree,
    matches_blob,
    read_blobs,
)

# Fields git prints from its own data only (hex, digits, signs), then the author's
# name and email each alone between two NULs, which neither can hold: no commit can
# shift a field.
_LOG_FORMAT = "%x00H,%H,%ad,%cd%x00%an%x00%ae%x00"
_LOG_OPTIONS = ("--date=raw", "--encoding=UTF-8", "--no-color", "--no-show-signature",
                f"--format={_LOG_FORMAT}")  # fmt: skip
_DIFF_OPTIONS = ("--no-textconv", "--no-ext-diff", "--no-color", "--no-abbrev", "-z")


class BlobTooLarge(HistoryUnavailable):
    """A file at some revision is larger than soclint reads."""


@dataclass(frozen=True)
class Commit:
    sha: str
    day: date
    author: str
    email: str = ""

    @property
    def short(self) -> str:
        return self.sha[:7]


@dataclass(frozen=True)
class MainlineCommit:
    """A commit of the branch's first-parent line and the files it changed there.

    `day` is the committer's day, when the change reached the branch (a pull
    request authored in March and merged in April took effect in April).
    `changed` maps each path (relative to the root) to the file after the
    commit, or None where the commit deleted it.
    """

    commit: Commit
    changed: dict[str, TreeEntry | None]


@dataclass(frozen=True)
class Change:
    """One commit's change to a file: its blob before (None when added) and after.

    For a merge, `before` is the file in the first parent and `merged_from`
    the file in each other parent.
    """

    commit: Commit
    before: str | None
    after: str
    merged_from: tuple[str | None, ...] = ()


def _blob(oid: str) -> str | None:
    return None if not oid.strip("0") else oid


def day_of(raw: str) -> date:
    """The calendar day of a raw git date (`<seconds> <+hhmm>`) in its own time zone.

    A date no calendar can hold (after 9999-12-31) or that git could not
    read counts as the latest day there is: later than any approval.
    """
    seconds, _space, zone = raw.partition(" ")
    if not seconds.isdigit() or len(zone) != 5 or zone[0] not in "+-" or not zone[1:].isdigit():
        return date.max
    offset = (int(zone[1:3]) * 60 + int(zone[3:])) * (-1 if zone[0] == "-" else 1)
    try:
        moment = datetime.fromtimestamp(int(seconds), timezone.utc)
        return (moment + timedelta(minutes=offset)).date()
    except (OverflowError, OSError, ValueError):
        return date.max


@dataclass(frozen=True)
class _LogEntry:
    """One file of a commit's `--raw` output; one blob before and one path per parent."""

    statuses: str
    befores: tuple[str | None, ...]
    after: str | None
    path: str
    sources: tuple[str, ...]
    mode: str  # the file's mode after the change


@dataclass(frozen=True)
class _LogCommit:
    """A commit as `git log` printed it; dates raw (see `day_of`)."""

    sha: str
    authored: str
    committed: str
    author: str
    email: str
    entries: list[_LogEntry]


def _unreadable_log() -> HistoryUnavailable:
    return HistoryUnavailable("git printed a log soclint cannot read")


def _log_entry(meta: str, tokens: list[str], position: int) -> tuple[_LogEntry, int]:
    """The `--raw -z` entry whose meta field is `meta`; its paths are the tokens at `position`.

    `:mode mode blob blob status` then one path, or two for a rename or copy;
    a merge's combined entry has a colon, a mode and a blob per parent and,
    with --combined-all-paths, a path per parent then the path in the merge.
    """
    colons = len(meta) - len(meta.lstrip(":"))
    fields = meta[colons:].split(" ")
    if len(fields) != 2 * colons + 3:
        raise _unreadable_log()
    oids, statuses = fields[colons + 1 : 2 * colons + 2], fields[-1]
    count = colons + 1 if colons > 1 else (2 if statuses[:1] in ("R", "C") else 1)
    paths = tokens[position : position + count]
    if len(paths) != count or not all(OBJECT_ID.fullmatch(oid) for oid in oids):
        raise _unreadable_log()
    sources = tuple(paths[:-1]) if colons > 1 or count == 2 else (paths[0],)
    if colons == 1:
        statuses = statuses[:1]
    befores, after = tuple(map(_blob, oids[:-1])), _blob(oids[-1])
    entry = _LogEntry(statuses, befores, after, paths[-1], sources, fields[colons])
    return entry, position + count


def _commit_of(header: str, author: str, email: str) -> _LogCommit:
    fields = header.split(",")
    if len(fields) != 4 or not OBJECT_ID.fullmatch(fields[1]):
        raise _unreadable_log()
    name = visible(author) or "an unnamed author"
    return _LogCommit(fields[1], fields[2], fields[3], name, visible(email), [])


def parse_log(output: str) -> Iterator[_LogCommit]:
    """The commits of `git log` run with _LOG_OPTIONS (and `--raw -z`), in its order.

    Tokens are read by position: a name or a path is taken where one is
    expected and never looked into, so none can pass for a commit or an entry.
    """
    tokens = output.split("\0")
    commit: _LogCommit | None = None
    position = 0
    while position < len(tokens):
        token = tokens[position]
        position += 1
        if token.startswith("H,"):
            if commit is not None:
                yield commit
            if position + 1 >= len(tokens):
                raise _unreadable_log()
            commit = _commit_of(token, tokens[position], tokens[position + 1])
            position += 2
        elif token.lstrip("\n").startswith(":") and commit is not None:
            entry, position = _log_entry(token.lstrip("\n"), tokens, position)
            commit.entries.append(entry)
        elif token.strip("\n"):
            raise _unreadable_log()
    if commit is not None:
        yield commit


class GitHistory:
    """The history of the files under `root`, a folder of the work tree `top`."""

    def __init__(self, top: Path, root: Path) -> None:
        self.top = top.resolve()
        relative = root.resolve().relative_to(self.top).as_posix()
        self.prefix = "" if relative == "." else relative + "/"
        self._pathspec = relative
        self.git = GitCommand(self.top)
        self._texts: dict[str, str | None] = {}
        self._tip = "HEAD"  # where the log starts: the checkout, or a past commit (`at`)

    @classmethod
    def open(cls, root: Path) -> GitHistory:
        """The history of the repository holding `root`; HistoryUnavailable says why not.

        git finds the repository, as it would for any command run in `root`.
        """
        if not root.is_dir():
            raise NotARepository("the folder is not inside a git repository")
        try:
            found = GitCommand(root).text(
                "rev-parse", "--is-bare-repository", "--show-toplevel", "--is-shallow-repository"
            )
        except GitFailed as error:
            if error.said.startswith("fatal: not a git repository"):
                raise NotARepository("the folder is not inside a git repository") from None
            if "must be run in a work tree" in error.said:
                raise HistoryUnavailable("the repository has no working tree") from None
            raise
        # The top may hold a line break: it is what lies between the first and last lines.
        bare, _, rest = found.partition("\n")
        top, _, shallow = rest.removesuffix("\n").rpartition("\n")
        if bare not in ("true", "false") or shallow not in ("true", "false"):
            raise HistoryUnavailable("git gave an answer soclint cannot read")
        if bare == "true" or not top:
            raise HistoryUnavailable("the repository has no working tree")
        try:
            history = cls(Path(top), root)
        except ValueError:
            raise HistoryUnavailable(
                "the folder is outside the repository's working tree"
            ) from None
        history.__dict__["is_shallow"] = shallow == "true"
        return history

    def _run(self, args: list[str], stdin: IO[bytes] | None = None) -> bytes:
        """git's output as bytes, run as every call here is (see GitCommand)."""
        return self.git.run(*args, stdin=stdin)

    def _git(self, *args: str) -> str:
        """git's output as text (undecodable bytes kept as escapes)."""
        return self.git.text(*args)

    def _limit(self) -> list[str]:
        """The log's pathspec: none for the whole repository, else the root's folder.

        A pathspec makes git compare each commit with its parent twice (once to
        simplify history, once for the output), so the whole repository is
        read without one; a folder of a larger repository is worth limiting to.
        """
        return ["--"] if not self.prefix else ["--", self._pathspec]

    def _relative(self, path: str) -> str | None:
        return path[len(self.prefix) :] if path.startswith(self.prefix) else None

    def _in_root(self, found: dict[str, str | None]) -> dict[str, str | None]:
        return {
            relative: blob
            for path, blob in found.items()
            if (relative := self._relative(path)) is not None
        }

    @cached_property
    def is_shallow(self) -> bool:
        return self._git("rev-parse", "--is-shallow-repository").strip() == "true"

    @cached_property
    def is_partial(self) -> bool:
        """Whether this is a partial clone: old file versions may be missing, and never fetched."""
        try:
            found = self._git(
                "config", "--get-regexp", r"^(remote\..*\.promisor|extensions\.partialclone)$"
            )
        except HistoryUnavailable:  # nothing matched
            return False
        return bool(found.strip())

    @cached_property
    def has_commits(self) -> bool:
        try:
            self._git("rev-parse", "--verify", "--quiet", "HEAD^{commit}")
        except HistoryUnavailable:
            return False
        return True

    @cached_property
    def changes(self) -> dict[str, list[Change]]:
        """Each file's changes, newest first, under the path it has now (renames followed).

        Merges are read as combined diffs (`-c`): a merge counts as a change of
        a file only where it left the file different from every parent; a
        file it took as it was from one side keeps that side's commits.
        """
        if not self.has_commits:
            return {}
        output = self._git(
            "log", "--raw", *_DIFF_OPTIONS, "-M", "-c", "--combined-all-paths", "--root",
            "--topo-order", *_LOG_OPTIONS, self._tip, *self._limit(),
        )  # fmt: skip
        found: dict[str, list[Change]] = {}
        now_called: dict[str, str] = {}  # a path in older commits -> the file's path today
        # Paths whose older commits belong to an earlier file of the same name.
        ended: set[str] = set()
        for logged in parse_log(output):
            commit = Commit(logged.sha, day_of(logged.authored), logged.author, logged.email)
            for entry in logged.entries:
                if entry.after is None or entry.path in ended:
                    continue
                current = now_called.get(entry.path, entry.path)
                change = Change(commit, entry.befores[0], entry.after, entry.befores[1:])
                found.setdefault(current, []).append(change)
                for status, source in zip(entry.statuses, entry.sources, strict=True):
                    if status == "R" and source != entry.path:
                        now_called[source] = current
                if set(entry.statuses) <= {"A", "R", "C"}:
                    ended.add(entry.path)
        return {
            relative: changes
            for path, changes in found.items()
            if (relative := self._relative(path)) is not None
        }

    def work_tree_files(self) -> dict[str, bool]:
        """Every file under the root that git does not ignore, relative to the root, and
        whether git tracks it (untracked files are listed unless a .gitignore names them)."""
        pathspec = [self._pathspec] if self.prefix else []
        tracked = self._git("ls-files", "-z", "--", *pathspec)
        untracked = self._git("ls-files", "-z", "--others", "--exclude-standard", "--", *pathspec)
        found = {path: True for path in tracked.split("\0") if path}
        found.update((path, False) for path in untracked.split("\0") if path)
        return {
            relative: is_tracked
            for path, is_tracked in found.items()
            if (relative := self._relative(path)) is not None
        }

    @cached_property
    def uncommitted(self) -> dict[str, str | None]:
        """Files whose working copy differs from HEAD: path -> blob at HEAD (None: new).

        New means added to the index and not committed yet; files git does
        not track are not listed. The bytes of each file are compared with
        its blob as they are, without git's filters. A history read at a past
        commit (`at`) has nothing uncommitted.
        """
        if not self.has_commits or self._tip != "HEAD":
            return {}
        pathspec = [self._pathspec] if self.prefix else []
        committed = self._committed
        found: dict[str, str | None] = {
            path: entry.blob
            for path, entry in committed.items()
            if matches_blob(self.top / path, entry) is False
        }
        staged = self._git("ls-files", "-z", "--", *pathspec)
        for path in staged.split("\0"):
            if path and path not in committed and os.path.lexists(self.top / path):
                found[path] = None
        return self._in_root(found)

    def read(
        self, blobs: Iterable[str], limit: int = MAX_FILE_BYTES
    ) -> Iterator[tuple[str, str | None]]:
        """Each of `blobs` as text, or None when it is larger than `limit` bytes (by default,
        larger than documents may be).

        Streamed: only the text being yielded is held here.
        """
        for blob, data in read_blobs(self.git, blobs, limit):
            yield blob, None if data is None else data.decode("utf-8", "surrogateescape")

    def prefetch(self, blobs: Iterable[str], limit: int = MAX_FILE_BYTES) -> None:
        """Read `blobs` with one `git cat-file --batch`, so that `text` finds them."""
        self._texts.update(self.read(set(blobs) - self._texts.keys(), limit))

    def text(self, blob: str) -> str:
        """The content of `blob` as text (undecodable bytes kept as escapes).

        BlobTooLarge when it is larger than documents may be.
        """
        if blob not in self._texts:
            self.prefetch([blob])
        text = self._texts[blob]
        if text is None:
            raise BlobTooLarge(f"object {blob[:7]} is larger than soclint reads (1 MiB)")
        return text

    def commit(self, rev: str) -> Commit:
        """The commit `rev` names, dated by its committer date."""
        if not rev or rev.startswith("-"):
            raise HistoryUnavailable(f"'{visible(rev)}' is not a revision")
        try:
            named = self._git("rev-parse", "--verify", "--quiet", "--end-of-options",
                              f"{rev}^{{commit}}").strip()  # fmt: skip
        except HistoryUnavailable:
            named = ""
        if not OBJECT_ID.fullmatch(named):
            raise self._not_one_commit(rev)
        output = self._git("log", "-1", "--no-walk", *_LOG_OPTIONS, named, "--")
        logged = next(parse_log(output), None)
        if logged is None:
            raise _unreadable_log()
        return Commit(logged.sha, day_of(logged.committed), logged.author, logged.email)

    def _not_one_commit(self, rev: str) -> HistoryUnavailable:
        """Why `rev` names no commit: a range or set of commits, another object, or nothing here."""
        shown = visible(rev)
        try:
            output = self._git("rev-parse", "--end-of-options", rev)
        except HistoryUnavailable:
            output = rev
        names = [line for line in output.splitlines() if line != "--end-of-options"]
        if not names:
            return HistoryUnavailable(f"'{shown}' names no commit")
        if len(names) > 1 or any(name.startswith("^") for name in names):
            return HistoryUnavailable(f"'{shown}' names several commits, not one")
        if len(names) == 1 and OBJECT_ID.fullmatch(names[0]):
            kind = self._git("cat-file", "-t", names[0]).strip()
            if kind == "commit":  # a set that happens to hold one commit, as X^@
                return HistoryUnavailable(f"'{shown}' names a set of commits, not one")
            return HistoryUnavailable(f"'{shown}' is a {visible(kind)}, not a commit")
        return HistoryUnavailable(
            f"'{shown}' is not a commit of this clone; if it exists upstream, fetch it "
            "(actions/checkout with fetch-depth: 0)"
        )

    def merge_base(self, rev: str) -> Commit:
        """The newest commit that `rev` and HEAD share: where a pull request branched off."""
        named = self.commit(rev)
        try:
            shared = self._git("merge-base", named.sha, "HEAD").strip()
        except HistoryUnavailable:
            shared = ""
        if not OBJECT_ID.fullmatch(shared):
            raise HistoryUnavailable(
                f"'{visible(rev)}' and HEAD share no commit in this clone; fetch more history "
                "(actions/checkout with fetch-depth: 0)"
            )
        return named if shared == named.sha else self.commit(shared)

    def changed_since(self, base: Commit) -> dict[str, str | None]:
        """Files that differ between `base` and the working tree: path -> blob at base.

        The blob is None for files added since `base`, untracked ones included.
        Committed changes come from comparing the two trees; uncommitted ones
        from `uncommitted`.
        """
        output = self._git("diff-tree", "-r", "-M", *_DIFF_OPTIONS, base.sha, "HEAD",
                           *self._limit())  # fmt: skip
        found: dict[str, str | None] = {}
        for entry in _diff_entries(output):
            if entry.after is not None and os.path.lexists(self.top / entry.path):
                found[entry.path] = None if entry.statuses == "A" else entry.befores[0]
        found = self._in_root(found)
        for path, blob in self.uncommitted.items():
            found.setdefault(path, blob)  # unchanged between base and HEAD
        pathspec = [self._pathspec] if self.prefix else []
        untracked = self._git("ls-files", "--others", "--exclude-standard", "-z", "--", *pathspec)
        for path in untracked.split("\0"):
            relative = self._relative(path)
            if path and relative is not None:
                found.setdefault(relative, None)
        return found

    def touched_since(self, base: Commit) -> frozenset[str]:
        """Every file under the root that a commit since `base` changed, even where a later
        commit undid it, or whose working copy is not HEAD's (changed, deleted, new or
        untracked): outside these, each file and its history are as they were at `base`.

        The working tree is compared with HEAD by hashing its bytes, as `uncommitted`."""
        output = self._git("log", "-m", "--no-renames", "--name-only", "--format=",
                           *_DIFF_OPTIONS, f"{base.sha}..HEAD", *self._limit())  # fmt: skip
        found = {path for line in output.split("\0") if (path := line.strip("\n"))}
        pathspec = [self._pathspec] if self.prefix else []
        committed = self._committed if self.has_commits else {}
        found.update(path for path in committed if not os.path.lexists(self.top / path))
        untracked = self._git("ls-files", "--others", "--exclude-standard", "-z", "--", *pathspec)
        found.update(path for path in untracked.split("\0") if path)
        touched = {relative for path in found if (relative := self._relative(path)) is not None}
        return frozenset(touched | self.uncommitted.keys())

    def at(self, commit: Commit) -> GitHistory:
        """The history as it stood at `commit`: the log ends there, and nothing is uncommitted.

        At HEAD's own commit (diff mode against HEAD: the change is uncommitted) the log is
        HEAD's, read once for both."""
        past = copy.copy(self)  # the same repository and blob cache
        same_log = self._tip == "HEAD" and commit.sha == self._head_commit
        for computed in ("uncommitted",) if same_log else ("changes", "uncommitted"):
            past.__dict__.pop(computed, None)
        past._tip = commit.sha
        return past

    @cached_property
    def _committed(self) -> dict[str, TreeEntry]:
        """HEAD's files under the root, by their path in the repository."""
        return list_tree(self.git, "HEAD", [self._pathspec] if self.prefix else [])

    @cached_property
    def _head_commit(self) -> str:
        try:
            return self._git("rev-parse", "--verify", "--quiet", "HEAD^{commit}").strip()
        except HistoryUnavailable:
            return ""

    def tree(self, commit: Commit) -> list[TreeEntry]:
        """Every file under the root in `commit`'s tree, submodules included, with paths
        relative to the root."""
        pathspec = [self._pathspec] if self.prefix else []
        found = list_tree(self.git, commit.sha, pathspec, submodules=True)
        return [
            replace(entry, path=relative)
            for path, entry in found.items()
            if (relative := self._relative(path))
        ]

    def mainline(self) -> list[MainlineCommit]:
        """The commits of HEAD's first-parent line, oldest first, each with the files it
        changed under the root compared with its first parent, in one `git log` pass.

        A merge counts as the change it brought to the branch. Renames are a
        deletion and an addition. Each file's size is asked of git in one more call.
        """
        if not self.has_commits:
            return []
        output = self._git(
            "log", "--first-parent", "--diff-merges=first-parent", "--raw", "--no-renames",
            "--root", "--reverse", *_DIFF_OPTIONS, *_LOG_OPTIONS, "HEAD", *self._limit(),
        )  # fmt: skip
        commits: list[MainlineCommit] = []
        for logged in parse_log(output):
            commit = Commit(logged.sha, day_of(logged.committed), logged.author)
            changed: dict[str, TreeEntry | None] = {}
            for entry in logged.entries:
                path = self._relative(entry.path)
                if path:
                    after = entry.after
                    changed[path] = None if after is None else TreeEntry(path, entry.mode, after, 0)
            commits.append(MainlineCommit(commit, changed))
        blobs = {
            changed_file.blob
            for mainline_commit in commits
            for changed_file in mainline_commit.changed.values()
            if changed_file is not None and changed_file.mode != SUBMODULE_MODE
        }
        sizes = blob_sizes(self.git, blobs)
        for mainline_commit in commits:
            changed = mainline_commit.changed
            for path, changed_file in changed.items():
                if changed_file is not None and changed_file.blob in sizes:
                    changed[path] = replace(changed_file, size=sizes[changed_file.blob])
        return commits

    def renamed_since(self, base: Commit) -> dict[str, str]:
        """Files renamed between `base` and HEAD: path at HEAD -> path at `base`.

        Commits only: comparing two trees never reads (or filters) the working tree.
        """
        output = self._git("diff-tree", "-r", "-M", "--diff-filter=R", *_DIFF_OPTIONS,
                           base.sha, "HEAD", *self._limit())  # fmt: skip
        found: dict[str, str] = {}
        for entry in _diff_entries(output):
            now, then = self._relative(entry.path), self._relative(entry.sources[0])
            if now and then:
                found[now] = then
        return found


def _diff_entries(output: str) -> Iterator[_LogEntry]:
    """The entries of `git diff-tree --raw -z` output (no commit headers)."""
    tokens = output.split("\0")
    position = 0
    while position < len(tokens):
        token = tokens[position].lstrip("\n")
        position += 1
        if token.startswith(":"):
            entry, position = _log_entry(token, tokens, position)
            yield entry
        elif token:
            raise _unreadable_log()
