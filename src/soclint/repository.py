"""All documents of a policy repository, indexed by id and type, and the lookups rules share."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property, partial
from pathlib import Path
from typing import Any

from soclint.collector import collector_paused
from soclint.config import Config
from soclint.discovery import Discovery, discover
from soclint.document import Document, read_document
from soclint.repository_paths import RepositoryPaths
from soclint.yamltree import YamlProblem

# Registers: document type -> the list key holding its rows.
REGISTERS = {
    "roster": "people",
    "system-description": "components",
    "risk-register": "risks",
    "vendor-register": "vendors",
    "asset-inventory": "assets",
    "evidence-register": "evidence",
    "activity-log": "activities",
    "exception-register": "exceptions",
    "acknowledgement-register": "acknowledgements",
}


@dataclass(frozen=True)
class Row:
    """One row of a register: the document, the index in its list, and its fields."""

    document: Document
    key: str
    index: int
    fields: dict[str, Any]

    @property
    def key_path(self) -> tuple[str, int]:
        return (self.key, self.index)

    def text(self, field: str) -> str | None:
        """The field's value when it is a string: a list or a mapping is no name."""
        value = self.fields.get(field)
        return value if isinstance(value, str) else None

    def strings(self, field: str) -> list[str]:
        """The strings the field lists; other items (lists, numbers) are left out."""
        value = self.fields.get(field)
        return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def _unreadable_folder(root: Path, path: str, why: str) -> Document:
    """A stand-in document for a folder that cannot be listed, so the run reports it."""
    problem = YamlProblem(
        "unreadable", 1, 1, f"cannot read the folder: {why}; the documents in it are not checked"
    )
    return Document(path=path, file=root / path, problems=[problem])


class Repository:
    def __init__(
        self, root: Path, documents: list[Document], discovery: Discovery | None = None
    ) -> None:
        self.root = root
        self.documents = documents
        # How the documents were found: what include matched, what was left out.
        self.discovery = discovery or Discovery()

    @cached_property
    def paths(self) -> RepositoryPaths:
        """Resolves the paths documents name (links, evidence locations) inside the root."""
        return RepositoryPaths(self.root)

    @cached_property
    def by_type(self) -> dict[str, list[Document]]:
        index: dict[str, list[Document]] = {}
        for doc in self.documents:
            if doc.type is not None:
                index.setdefault(doc.type, []).append(doc)
        return index

    def of_type(self, *types: str) -> list[Document]:
        return [doc for t in types for doc in self.by_type.get(t, [])]

    @cached_property
    def by_path(self) -> dict[str, Document]:
        """Documents by their path relative to the root, with `/`."""
        return {doc.path: doc for doc in self.documents}

    @cached_property
    def linked(self) -> frozenset[str]:
        """The paths of the documents whose file is reached through a symbolic link, of
        itself or of a folder: what the file holds may change under another name."""
        root = os.path.realpath(self.root)
        return frozenset(
            doc.path
            for doc in self.documents
            if os.path.realpath(doc.file) != os.path.join(root, doc.path)
        )

    def first(self, doc_type: str) -> Document | None:
        found = self.by_type.get(doc_type)
        return found[0] if found else None

    def rows(self, doc_type: str) -> Iterator[Row]:
        """Every row of every register of `doc_type`."""
        key = REGISTERS[doc_type]
        for doc in self.by_type.get(doc_type, []):
            for index, fields in doc.rows(key):
                yield Row(doc, key, index, fields)

    @cached_property
    def _row_index(self) -> dict[str, dict[str, Row]]:
        index: dict[str, dict[str, Row]] = {}
        for doc_type in REGISTERS:
            rows = index.setdefault(doc_type, {})
            for row in self.rows(doc_type):
                row_id = row.fields.get("id")
                if isinstance(row_id, str):
                    rows.setdefault(row_id, row)
        return index

    def row(self, doc_type: str, row_id: str) -> Row | None:
        """The row of a `doc_type` register with id `row_id` (the first, with duplicates)."""
        return self._row_index[doc_type].get(row_id)

    def row_ids(self, doc_type: str) -> set[str]:
        return set(self._row_index[doc_type])

    @cached_property
    def authority(self) -> dict[str, set[str]]:
        """Roster authority -> the roles that hold it."""
        held: dict[str, set[str]] = {}
        for doc in self.by_type.get("roster", []):
            table = doc.get("authority")
            if isinstance(table, dict):
                for name, roles in table.items():
                    if isinstance(roles, list):
                        held.setdefault(name, set()).update(r for r in roles if isinstance(r, str))
        return held

    def holds(self, person_id: str, authority: str) -> bool:
        """Whether the roster gives `person_id` a role that carries `authority`."""
        row = self.row("roster", person_id)
        if row is None:
            return False
        return bool(self.authority.get(authority, set()) & set(row.strings("roles")))

    @cached_property
    def categories(self) -> set[str]:
        """The Trust Services categories in scope, from the system description."""
        doc = self.first("system-description")
        value = doc.get("categories") if doc else None
        return {c for c in value if isinstance(c, str)} if isinstance(value, list) else set()


def load_repository(
    config: Config,
    read: Callable[[Path, str], Document] | None = None,
    found: Discovery | None = None,
) -> Repository:
    """The documents of the program `config` describes, each made by `read(file, path)`
    (by default, read from the file); `found` is what `discover` found, when it is known
    already."""
    found = found or discover(config)
    read = read or partial(read_document, own_keys=config.own_keys)
    with collector_paused():
        documents = [read(file, path) for file, path in found.files]
    documents += [
        _unreadable_folder(config.root, path, why) for path, why in found.unreadable_folders
    ]
    return Repository(config.root, documents, found)
