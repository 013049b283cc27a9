"""soclint.yaml for an adopted repository: `check` reads exactly the program's documents.

The default discovery is run over the repository, and every file it would
read that is no document of the program is excluded: a folder when it holds
no document, else the file, by patterns that match that path and no other.
The result is confirmed by running discovery with the new settings.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path

from soclint.adoption.drafts import config_text
from soclint.config import CONFIG_NAME, DEFAULT_INCLUDE, Config
from soclint.discovery import discover
from soclint.edit.plan import Plan
from soclint.errors import UsageError
from soclint.globs import GlobSet, literal_glob


def scoped_config(
    root: Path, today: date, documents: set[str], own_keys: Mapping[str, Sequence[str]]
) -> Plan:
    """soclint.yaml, excluding every file `check` would read that is not in `documents`, and
    declaring the repository's `own_keys`."""
    read = {path for _file, path in discover(Config(root=root, as_of=today)).files}
    default = GlobSet(DEFAULT_INCLUDE)
    unmatched = sorted(path for path in documents if not default.matches(path))
    include = [*DEFAULT_INCLUDE, *map(literal_glob, unmatched)] if unmatched else None
    excluded = excluded_patterns(read - documents, documents)
    text = config_text(excluded, include, own_keys)
    check = Config(
        root=root,
        as_of=today,
        include=tuple(include or DEFAULT_INCLUDE),
        extend_exclude=tuple(excluded),
    )
    reads = {path for _file, path in discover(check).files}
    existing = {path for path in documents if path in read}
    if reads != existing:
        raise UsageError(
            f"{CONFIG_NAME}: cannot scope it to the adopted documents (it would read "
            f"{', '.join(sorted(reads ^ existing))} otherwise); please report this"
        )
    summary = f"{CONFIG_NAME}: reads the {len(documents)} documents of the program"
    return Plan(root / CONFIG_NAME, CONFIG_NAME, b"", text, summary, True)


def excluded_patterns(paths: set[str], documents: set[str]) -> list[str]:
    """Patterns for `paths`: a folder's when it holds no document, else the file's."""
    patterns: set[str] = set()
    for path in paths:
        parts = path.split("/")
        chosen = literal_glob(path)
        for depth in range(1, len(parts)):
            folder = "/".join(parts[:depth]) + "/"
            if not any(document.startswith(folder) for document in documents):
                chosen = literal_glob(folder.rstrip("/")) + "/"
                break
        patterns.add(chosen)
    return sorted(patterns)
