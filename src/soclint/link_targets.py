"""Where the path of a link in a document leads: a file of the repository, or not.

A relative path resolves from the document's folder. A root-absolute path
(`/policies/vendor.md`) resolves from the repository root, unless it starts
with a URL path prefix that soclint.yaml maps to a folder (`site_paths`), as a
repository that feeds a website writes its links (`/security-policies/vendor/`):
then it resolves in that folder, where the page may be the Markdown file it is
published from (`vendor.md` for `vendor/` or `vendor.html`). A root-absolute
path that does neither, and does not look like a path of the repository (its
first name is no entry of the root, and it names no Markdown file), is a path
of some website: soclint cannot check it. Every path is resolved by
RepositoryPaths, so nothing outside the repository is looked at.
"""

from __future__ import annotations

import dataclasses
import posixpath
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any

from soclint.repository_paths import Place, RepositoryPaths

# The files read as Markdown, as the pre-commit hook's `files` has it.
MARKDOWN_SUFFIXES = (".md", ".markdown")
# What a website serves a page as, besides the folder of its name (`vendor/`).
_PAGE_SUFFIXES = (".html", ".htm")


class Reach(Enum):
    FOUND = "found"
    MISSING = "missing"
    OUTSIDE = "outside"
    # A root-absolute path of a website that no site path maps: not checked.
    UNMAPPED = "unmapped"


@dataclass(frozen=True)
class LinkTarget:
    """Where a link's path leads: `path` is the repository path it names (normalised),
    `real` the file it reaches with every symbolic link followed (when FOUND), or, when
    MISSING, the one it would reach on a disk that ignores letter case (if any)."""

    reach: Reach
    path: str
    real: str = ""
    # For a website path that names nothing: the Markdown page it was looked for as.
    page: str = ""


class SitePaths:
    """The URL path prefixes soclint.yaml maps to folders (`/security-policies` ->
    `content/policies`, each as config.py normalises it), kept as a tree of names so
    that finding the prefix of a link takes time linear in the link, however many
    prefixes there are."""

    def __init__(self, folders: Mapping[str, str]) -> None:
        self.folders = dict(folders)
        # Name -> the node below it; a node where a prefix ends holds it under "/",
        # which no name can be.
        self._tree: dict[str, Any] = {}
        for prefix in self.folders:
            node = self._tree
            for name in _names(prefix):
                node = node.setdefault(name, {})
            node["/"] = prefix

    def prefix_of(self, address: str) -> str | None:
        """The longest prefix that the root-absolute `address` starts with, whole names
        only (`/a` holds `/a` and `/a/b`, not `/ab`)."""
        node = self._tree
        found: str | None = node.get("/")
        for name in _names(address):
            below = node.get(name)
            if below is None:
                break
            node = below
            found = node.get("/", found)
        return found


def _names(path: str) -> list[str]:
    """The names of the root-absolute `path`: `/a/b` -> [a, b], `/` -> []."""
    return [] if path == "/" else path[1:].split("/")


def locate(
    address: str, document: str, paths: RepositoryPaths, site_paths: SitePaths
) -> LinkTarget:
    """Where the path `address` of a link in the document at `document` leads."""
    if not address.startswith("/"):
        return _resolved(posixpath.join(posixpath.dirname(document), address), paths)
    prefix = site_paths.prefix_of(address)
    if prefix is not None:
        folder = site_paths.folders[prefix]
        return _site_page(address[len(prefix) :].strip("/"), folder, paths)
    found = _resolved(address.lstrip("/"), paths)
    if found.reach is Reach.MISSING and not _repository_like(found.path, paths):
        return LinkTarget(Reach.UNMAPPED, found.path)
    return found


def _resolved(joined: str, paths: RepositoryPaths) -> LinkTarget:
    path = posixpath.normpath(joined) if joined else "."
    resolved = paths.resolve(joined)
    if resolved.place is Place.INSIDE:
        return LinkTarget(Reach.FOUND, path, resolved.real)
    if resolved.place is Place.OUTSIDE:
        return LinkTarget(Reach.OUTSIDE, path)
    other = paths.resolve_ignoring_case(joined)
    return LinkTarget(Reach.MISSING, path, other.real if other.place is Place.INSIDE else "")


def _site_page(rest: str, folder: str, paths: RepositoryPaths) -> LinkTarget:
    """What the website path `rest` (below its prefix) names in `folder`, else the
    Markdown page it is published from."""
    found = _resolved(posixpath.join(folder, rest) if rest else folder, paths)
    if found.reach is not Reach.MISSING or not rest:
        return found
    page = rest
    for suffix in _PAGE_SUFFIXES:
        page = page.removesuffix(suffix)
    sources = [_resolved(posixpath.join(folder, page + s), paths) for s in MARKDOWN_SUFFIXES]
    for source in sources:
        if source.reach is not Reach.MISSING:
            return source
    missing = next((s for s in [found, *sources] if s.real), found)
    return dataclasses.replace(missing, page=sources[0].path)


def _repository_like(path: str, paths: RepositoryPaths) -> bool:
    """Whether a root-absolute path that names nothing still reads as meant for the
    repository: it names a Markdown file, or starts with an entry of the root."""
    if path.lower().endswith(MARKDOWN_SUFFIXES):
        return True
    first = path.split("/", 1)[0]
    return first in ("", ".", "..") or paths.resolve(first).place is not Place.MISSING
