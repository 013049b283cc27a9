"""What a change touched, as the rules see it (change_scope.py), and the base's documents
taken from the head's where the change left them alone.

A file the change did not touch (history/git_history.py, `touched_since`)
holds at the base what it holds at the head, and had the same history up to
the base: its document is the head's, not parsed again. A document reached
through a symbolic link is always treated as touched: the file the link leads
to may have changed under a name the change does not list.

A change that only edits documents in place, the common pull request, leaves
every other file and the listing of the folder as the base had them: the base
is then the head's program with those documents as the base had them, read
from git objects, and no copy of the base's tree is written (`edited_in_place`).
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Set
from dataclasses import replace
from pathlib import Path

from soclint.change_scope import ChangeScope
from soclint.config import Config
from soclint.document import Document, OwnKeys, read_document
from soclint.history.git_history import Commit, GitHistory
from soclint.history.git_objects import SUBMODULE_MODE
from soclint.history.snapshot import SnapshotFolder
from soclint.repository import Repository

DocumentReader = Callable[[Path, str], Document]


def reusing(head: Repository, touched: Set[str], own_keys: OwnKeys) -> DocumentReader:
    """A reader of the base's documents that takes each untouched one from `head`."""

    def read(file: Path, path: str) -> Document:
        doc = head.by_path.get(path)
        if doc is None or path in touched or path in head.linked:
            return read_document(file, path, own_keys)
        return replace(doc, file=file)

    return read


def edited_in_place(
    head: Repository, history: GitHistory, commit: Commit, touched: Set[str], config: Config
) -> Repository | None:
    """The base's documents when the change only edited documents in place: every file it
    touched is a document of the head and a plain file at `commit` too, and no document is
    reached through a link. None for any other change (a file added, removed or renamed, a
    file besides the documents changed), whose base is read from a copy of its tree."""
    documents = head.by_path
    # A document reached through a link may hold a touched file under another name.
    if head.linked or any(path not in documents for path in touched):
        return None
    entries = {e.path: e for e in history.tree(commit) if e.path in touched}
    plain = all(not e.is_link and e.mode != SUBMODULE_MODE for e in entries.values())
    if entries.keys() != set(touched) or not plain:
        return None
    with tempfile.TemporaryDirectory(prefix="soclint-base-") as folder:
        edited = SnapshotFolder(history, Path(folder).resolve() / "program", config.include)
        edited.show(entries)
        then = {
            path: replace(read_document(edited.root / path, path, config.own_keys), file=doc.file)
            for path, doc in documents.items()
            if path in touched
        }
    base = [then.get(doc.path, doc) for doc in head.documents]
    return Repository(head.root, base, head.discovery)


def change_scope(touched: Set[str], head: Repository, base: Repository) -> ChangeScope:
    """The scope of a change that touched the files `touched`, between the documents of
    `base` and of `head` (renamed files are touched under both names)."""
    head_paths, base_paths = head.by_path.keys(), base.by_path.keys()
    linked = head.linked | base.linked
    documents = frozenset(
        (touched & (head_paths | base_paths)) | (head_paths ^ base_paths) | linked
    )
    sides = [doc for p in documents for r in (head, base) if (doc := r.by_path.get(p))]
    return ChangeScope(
        documents=documents,
        types=frozenset(doc.type for doc in sides if doc.type is not None),
        files=bool(touched) or head_paths != base_paths or bool(linked),
        unparsed=any(doc.data is None for doc in sides),
        history=bool(touched),
    )
