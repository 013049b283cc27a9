"""Paths named inside the repository (links, evidence locations, symbolic links), resolved.

A path is resolved one component at a time from the repository root, symbolic
links included, and nothing outside the root is ever looked at: a path that
climbs out with `..` or through a symbolic link is "outside" whether or not
its target exists. So a finding never tells whether some file exists on the
machine that runs soclint.
"""

from __future__ import annotations

import os
import stat
from collections import deque
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

# As Linux: more symbolic links than this in one path is a loop.
MAX_LINKS = 40
# How many names a RepositoryPaths reads ignoring case, in all: a hint at what a broken
# link meant is a courtesy, and a body of thousands of deep links must not make it slow.
MAX_CASE_STEPS = 10_000


class Place(Enum):
    INSIDE = "inside"
    MISSING = "missing"
    OUTSIDE = "outside"


@dataclass(frozen=True)
class Resolved:
    """Where a path leads: `real` is the path with every link followed, relative to the
    root with `/` ("" for the root itself), and `mode` its file mode, when INSIDE."""

    place: Place
    real: str = ""
    mode: int = 0

    @property
    def is_file(self) -> bool:
        return self.place is Place.INSIDE and stat.S_ISREG(self.mode)


_MISSING = Resolved(Place.MISSING)
_OUTSIDE = Resolved(Place.OUTSIDE)


class RepositoryPaths:
    """Resolves paths relative to `root`; each answer and each file status is kept."""

    def __init__(self, root: Path) -> None:
        self.root = os.path.realpath(root)
        # The root as written and as resolved: an absolute link may use either.
        self._root_spellings = {self.root, os.path.abspath(root)}
        self._resolved: dict[str, Resolved] = {}
        self._status: dict[str, os.stat_result | None] = {}
        # Folder -> its entries by their case-folded name, for `resolve_ignoring_case`.
        self._folded: dict[str, dict[str, str]] = {}
        self._case_steps_left = MAX_CASE_STEPS

    def resolve(self, path: str) -> Resolved:
        """Where `path` (relative to the root, with `/`) leads."""
        found = self._resolved.get(path)
        if found is None:
            found = self._resolved[path] = self._walk(path)
        return found

    def resolve_ignoring_case(self, path: str) -> Resolved:
        """Where `path` leads on a disk that ignores letter case (as macOS and Windows do
        by default): each name that names nothing is read as the entry of its folder
        that differs from it in case alone, when there is one. MISSING, too, once
        MAX_CASE_STEPS names have been read so."""
        if self._case_steps_left <= 0:
            return _MISSING
        return self._walk(path, ignore_case=True)

    def _walk(self, path: str, ignore_case: bool = False) -> Resolved:
        if "\0" in path:
            return _MISSING
        pending = deque(path.split("/"))
        real: list[str] = []
        # The file path of the root and of each folder of `real`, kept alongside it, so a
        # step costs the same however deep the path is.
        folders = [self.root]
        links = 0
        status = self._lstat(self.root)
        while pending:
            part = pending.popleft()
            if part in ("", "."):
                continue
            if ignore_case:
                self._case_steps_left -= 1
                if self._case_steps_left < 0:
                    return _MISSING
            if part == "..":
                if not real:
                    return _OUTSIDE
                real.pop()
                folders.pop()
                status = self._lstat(folders[-1])
                continue
            if status is None or not stat.S_ISDIR(status.st_mode):
                return _MISSING
            candidate = os.path.join(folders[-1], part)
            status = self._lstat(candidate)
            if status is None and ignore_case:
                part = self._folded_entries(folders[-1]).get(part.casefold(), "")
                candidate = os.path.join(folders[-1], part)
                status = self._lstat(candidate) if part else None
            if status is None:
                return _MISSING
            if not stat.S_ISLNK(status.st_mode):
                real.append(part)
                folders.append(candidate)
                continue
            links += 1
            if links > MAX_LINKS:
                return _MISSING
            try:
                target = os.readlink(candidate)
            except OSError:
                return _MISSING
            if os.path.isabs(target):
                inside = self._inside_root(target)
                if inside is None:
                    return _OUTSIDE
                real, folders = [], [self.root]
                target = inside
            pending.extendleft(reversed(target.split(os.sep)))
            status = self._lstat(folders[-1])
        if status is None:
            return _MISSING
        return Resolved(Place.INSIDE, "/".join(real), status.st_mode)

    def _inside_root(self, target: str) -> str | None:
        """`target` relative to the root when it is written under the root, else None."""
        for root in self._root_spellings:
            if target == root:
                return ""
            if target.startswith(root.rstrip(os.sep) + os.sep):
                return target[len(root.rstrip(os.sep)) + 1 :]
        return None

    def _folded_entries(self, folder: str) -> dict[str, str]:
        """The entries of `folder` (inside the root) by case-folded name; of two that fold
        alike, the first in sorted order."""
        if folder not in self._folded:
            try:
                names = sorted(os.listdir(folder))
            except OSError:
                names = []
            folded: dict[str, str] = {}
            for name in names:
                folded.setdefault(name.casefold(), name)
            self._folded[folder] = folded
        return self._folded[folder]

    def _lstat(self, file: str) -> os.stat_result | None:
        if file not in self._status:
            try:
                self._status[file] = os.lstat(file)
            except (OSError, ValueError):
                self._status[file] = None
        return self._status[file]
