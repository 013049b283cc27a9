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
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

from soclint.document import MAX_REGISTER_BYTES
from soclint.globs import GlobSet
from soclint.history.git_history import Commit, GitHistory
from soclint.history.git_objects import SUBMODULE_MODE, TreeEntry

# Besides the documents: Markdown that links point into, and settings (packs, catalogs).
TEXT_SUFFIXES = (".md", ".markdown", ".yaml", ".yml", ".json")
_MAX_LINK_HOPS = 40  # as the kernel's limit on links followed in one path
_MAX_LINK_BYTES = 4096  # as the kernel's longest path


@contextmanager
def program_at(history: GitHistory, commit: Commit, include: Sequence[str]) -> Iterator[Path]:
    """The program's folder as it was at `commit`, removed again on exit.

    `include` are the globs of the documents a run reads, besides TEXT_SUFFIXES.
    """
    entries = history.tree(commit)
    # A link longer than a path can be leads nowhere; it is left out, not read.
    links = [entry for entry in entries if entry.is_link and entry.size <= _MAX_LINK_BYTES]
    history.prefetch(entry.blob for entry in links)
    targets = {entry.path: history.text(entry.blob) for entry in links}
    texts = _read_as_text(entries, targets, GlobSet(include))
    history.prefetch((entry.blob for entry in entries if entry.path in texts), MAX_REGISTER_BYTES)
    with tempfile.TemporaryDirectory(prefix="soclint-base-") as folder:
        root = Path(folder).resolve() / "program"
        root.mkdir()
        for entry in entries:
            if not entry.is_link:
                _write_file(root, entry, history if entry.path in texts else None)
        for path, target in targets.items():
            _write_link(root, path, target)
        yield root


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


def _write_file(root: Path, entry: TreeEntry, history: GitHistory | None) -> None:
    """The file of `entry`: its content from `history`, else a placeholder of its size."""
    target = _destination(root, entry.path)
    if target is None:
        return
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        if entry.mode == SUBMODULE_MODE:
            target.mkdir()
            return
        with open(target, "xb") as out:
            if history is not None:
                out.write(history.text(entry.blob).encode("utf-8", "surrogateescape"))
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
