"""A program as it was at a past commit, rebuilt from git objects in a private folder.

Diff mode judges the base of a pull request with the same rules as the
working tree, and some rules look at files (links, evidence locations, rule
packs), so the base is written out as files: the commit's tree listing
(`git ls-tree`) and its blobs (one `git cat-file --batch`). Nothing is
checked out: no filter, hook or attribute of the repository runs, and the
working tree and the index are not touched.

Only files a run may read as text get their content; every other file is a
placeholder of its size, which is all a rule asks of it (does the path
exist). Symbolic links are written as they are, after every other file and
never through another link, so a run resolves them as it resolves the
working tree's: what leads outside the program is not read.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

from soclint.document import MAX_REGISTER_BYTES
from soclint.globs import GlobSet
from soclint.history.git_history import Commit, GitHistory
from soclint.history.git_objects import SUBMODULE_MODE, TreeEntry, read_blobs
from soclint.link_targets import MARKDOWN_SUFFIXES

# Besides the documents: Markdown that links point into, and settings (packs, catalogs).
TEXT_SUFFIXES = (*MARKDOWN_SUFFIXES, ".yaml", ".yml", ".json")
_MAX_LINK_HOPS = 40  # as the kernel's limit on links followed in one path
_MAX_LINK_BYTES = 4096  # as the kernel's longest path


@contextmanager
def program_at(history: GitHistory, commit: Commit, include: Sequence[str]) -> Iterator[Path]:
    """The program's folder as it was at `commit`, removed again on exit.

    `include` are the globs of the documents a run reads, besides TEXT_SUFFIXES.
    """
    entries = {entry.path: entry for entry in history.tree(commit)}
    with tempfile.TemporaryDirectory(prefix="soclint-base-") as folder:
        snapshot = SnapshotFolder(history, Path(folder).resolve() / "program", include)
        snapshot.show(entries)
        yield snapshot.root


class SnapshotFolder:
    """A folder that holds the program as one tree of the repository had it, written from
    git objects, and changed in place to hold another: only files that differ are written
    again (a replay of many commits writes each change once)."""

    def __init__(self, history: GitHistory, root: Path, include: Sequence[str]) -> None:
        self.history = history
        self.root = root
        self._include = GlobSet(include)
        self._shown: dict[str, TreeEntry] = {}
        self._targets: dict[str, str] = {}
        self._read_ahead: dict[str, bytes] = {}
        root.mkdir()

    def show(self, entries: Mapping[str, TreeEntry]) -> set[str]:
        """Make the folder hold exactly `entries` (by path); the paths that changed.

        When a symbolic link changes, everything is written again: what is read as
        text, and where links lead, may have changed anywhere.
        """
        shown = self._shown
        changed = {p for p in shown.keys() | entries.keys() if shown.get(p) != entries.get(p)}
        if any(entry.is_link for p in changed for entry in (shown.get(p), entries.get(p)) if entry):
            for child in self.root.iterdir():
                _remove(child)
            shown = {}
        links = [e for e in entries.values() if e.is_link and e.size <= _MAX_LINK_BYTES]
        targets = self._targets = self._link_targets(links)
        texts = _read_as_text(list(entries.values()), targets, self._include)
        for path in sorted(shown.keys() - entries.keys(), reverse=True):
            self._delete(path)
        written = [e for e in entries.values() if not e.is_link and shown.get(e.path) != e]
        for path in sorted(shown.keys() & {e.path for e in written}, reverse=True):
            self._delete(path)
        by_blob: dict[str, list[TreeEntry]] = {}
        for entry in written:
            if entry.path in texts:
                by_blob.setdefault(entry.blob, []).append(entry)
            else:
                _write_file(self.root, entry, None)
        for blob in by_blob.keys() & self._read_ahead.keys():
            ready = self._read_ahead.pop(blob)
            for entry in by_blob.pop(blob):
                _write_file(self.root, entry, ready)
        sizes = {blob: found[0].size for blob, found in by_blob.items()}
        for blob, content in read_blobs(self.history.git, by_blob, MAX_REGISTER_BYTES, sizes):
            for entry in by_blob[blob]:
                _write_file(self.root, entry, content)
        if not shown:
            for path, target in targets.items():
                _write_link(self.root, path, target)
        self._shown = dict(entries)
        return changed

    def read_ahead(self, entries: Iterable[TreeEntry]) -> None:
        """Read in one batch the content of the files among `entries` that a run may read
        as text, for the calls of `show` to come (a replay knows every file it will show)."""
        wanted = {
            entry.blob: entry.size
            for entry in entries
            if not entry.is_link
            and entry.size <= MAX_REGISTER_BYTES
            and (self._include.matches(entry.path) or entry.path.lower().endswith(TEXT_SUFFIXES))
            and entry.blob not in self._read_ahead
        }
        for blob, content in read_blobs(self.history.git, wanted, MAX_REGISTER_BYTES, wanted):
            if content is not None:
                self._read_ahead[blob] = content

    def content_id(self, path: str) -> str | None:
        """The blob whose content the file at `path` holds, links followed; None when no
        file of the tree is there."""
        entry = self._shown.get(path)
        if entry is not None and entry.is_link:
            real = resolve_link(path, self._targets)
            entry = self._shown.get(real) if real is not None else None
        return None if entry is None or entry.is_link else entry.blob

    def _link_targets(self, links: list[TreeEntry]) -> dict[str, str]:
        texts = {
            blob: content.decode("utf-8", "surrogateescape")
            for blob, content in read_blobs(
                self.history.git, {e.blob for e in links}, _MAX_LINK_BYTES
            )
            if content is not None
        }
        return {e.path: texts[e.blob] for e in links if e.blob in texts}

    def _delete(self, path: str) -> None:
        """Remove the file at `path`, and each folder it leaves empty."""
        target = _destination(self.root, path)
        if target is None:
            return
        _remove(target)
        for folder in target.parents:
            if folder == self.root:
                break
            try:
                folder.rmdir()
            except OSError:
                break


def _remove(target: Path) -> None:
    """Remove a file, a link or a folder with what it holds; nothing when it is not there."""
    try:
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)
        else:
            target.unlink()
    except FileNotFoundError:
        return


def _read_as_text(
    entries: list[TreeEntry], targets: Mapping[str, str], include: GlobSet
) -> set[str]:
    """The files whose content a run may read: documents, Markdown, settings, link targets."""
    files = {entry.path: entry for entry in entries if not entry.is_link}
    wanted = {p for p in files if include.matches(p) or p.lower().endswith(TEXT_SUFFIXES)}
    for link in targets:
        found = resolve_link(link, targets)
        if found is not None and found in files:
            wanted.add(found)
    # Read as the working tree's files are: document.read_document applies the limits.
    return {path for path in wanted if files[path].size <= MAX_REGISTER_BYTES}


def resolve_link(path: str, targets: Mapping[str, str]) -> str | None:
    """Where `path` leads, symbolic links (`targets`) followed, as a path relative to the root.

    None when the way leaves the root, starts at `/`, or loops.
    """
    pending = path.split("/")
    reached: list[str] = []
    hops = 0
    while pending:
        part = pending.pop(0)
        if part in ("", "."):
            continue
        if part == "..":
            if not reached:
                return None
            reached.pop()
            continue
        target = targets.get("/".join([*reached, part]))
        if target is None:
            reached.append(part)
            continue
        hops += 1
        if hops > _MAX_LINK_HOPS or target.startswith("/"):
            return None
        pending = target.split("/") + pending
    return "/".join(reached)


def _destination(root: Path, path: str) -> Path | None:
    """Where `path` goes under `root`; None for a name git would not check out (`..`, `.git`)."""
    parts = path.split("/")
    if any(part in ("", ".", "..") or part.lower() == ".git" for part in parts):
        return None
    return root.joinpath(*parts)


def _write_file(root: Path, entry: TreeEntry, content: bytes | None) -> None:
    """The file of `entry`: `content`, else a placeholder of its size."""
    target = _destination(root, entry.path)
    if target is None:
        return
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        if entry.mode == SUBMODULE_MODE:
            target.mkdir()
            return
        with open(target, "xb") as out:
            if content is not None:
                out.write(content)
            else:
                out.truncate(entry.size)
    except OSError:
        return  # a name this file system cannot hold: the base lacks that file


def _write_link(root: Path, path: str, target: str) -> None:
    """The symbolic link `path` -> `target`, unless a link on the way would lead it elsewhere."""
    link = _destination(root, path)
    if link is None:
        return
    folder = root
    for part in link.relative_to(root).parts[:-1]:
        folder = folder / part
        if folder.is_symlink():
            return
    try:
        link.parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target, link)
    except (OSError, ValueError):
        return  # no links here, or a target the file system refuses
