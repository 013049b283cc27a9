"""Files git ignores: a run never reads them.

In a git work tree, git says which: one `git ls-files --others --ignored
--exclude-standard --directory`, run through GitCommand (nothing the repository
configures runs), honours every `.gitignore`, `.git/info/exclude` and
`core.excludesFile`, and never counts a tracked file as ignored. Without git,
outside a work tree, when git ignores the program's folder itself, or when git
gives no answer in time (it waits forever on a named pipe called `.gitignore`),
the `.gitignore` files under the root are read here, with git's precedence: a
deeper file overrides a higher one, the last matching line of a file decides,
and nothing inside an ignored folder is looked at.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Protocol

from soclint.document import MAX_FILE_BYTES
from soclint.globs import GlobSet, gitignore_globs
from soclint.history.git_command import GitCommand, HistoryUnavailable

GITIGNORE = ".gitignore"
# How long git may take to list the ignored files; then it is stopped, and the
# `.gitignore` files are read here, where only regular files are read.
GIT_LIST_SECONDS = 30.0


class IgnoredFiles(Protocol):
    """What is ignored, asked folder by folder as a walk from the root reaches them."""

    def enter(self, prefix: str, folder: Path) -> None:
        """The walk reached `folder`, whose paths start with `prefix` ("" or ending in `/`)."""

    def ignores(self, path: str, folder: bool = False) -> bool:
        """Whether the file (or `folder`) at `path`, relative to the root with `/`, is ignored."""


class NothingIgnored:
    """A tree of tracked files only (diff mode's base): git ignores none of them."""

    def enter(self, prefix: str, folder: Path) -> None:
        pass

    def ignores(self, path: str, folder: bool = False) -> bool:
        return False


class ListedByGit:
    """The files and folders (written with a trailing `/`) git lists as ignored."""

    def __init__(self, ignored: set[str]) -> None:
        self._ignored = ignored

    def enter(self, prefix: str, folder: Path) -> None:
        pass

    def ignores(self, path: str, folder: bool = False) -> bool:
        return (path + "/" if folder else path) in self._ignored


class GitignoreFiles:
    """The `.gitignore` files under the root, each read when the walk reaches its folder.

    A file of `tracked` (paths relative to the root), and a folder holding one, is never
    ignored, as in git.
    """

    def __init__(self, tracked: frozenset[str] = frozenset()) -> None:
        self._globs: dict[str, GlobSet] = {}
        self._tracked = tracked
        self._holding_tracked = {
            path[:end] for path in tracked for end, char in enumerate(path) if char == "/"
        }

    def enter(self, prefix: str, folder: Path) -> None:
        lines = _lines_of(folder / GITIGNORE)
        if lines:
            self._globs[prefix] = gitignore_globs(lines)

    def ignores(self, path: str, folder: bool = False) -> bool:
        if path in (self._holding_tracked if folder else self._tracked):
            return False
        parts = path.split("/")
        for depth in range(len(parts) - 1, -1, -1):
            prefix = "".join(part + "/" for part in parts[:depth])
            globs = self._globs.get(prefix)
            if globs is not None:
                decision = globs.decision(path[len(prefix) :] + ("/" if folder else ""))
                if decision is not None:
                    return decision
        return False


def _lines_of(file: Path) -> list[str]:
    """The lines of a `.gitignore` file; none when it is not a regular file of at most 1 MiB,
    or cannot be read (a file soclint cannot read ignores nothing, so nothing is missed)."""
    try:
        status = os.stat(file)
        if not stat.S_ISREG(status.st_mode) or status.st_size > MAX_FILE_BYTES:
            return []
        content = file.read_bytes()
    except (OSError, ValueError):
        return []
    return content.decode("utf-8", "surrogateescape").splitlines()


def ignored_files(root: Path) -> IgnoredFiles:
    """What git ignores under `root`: asked of git in a work tree, else read from the
    `.gitignore` files."""
    if not any(os.path.lexists(folder / ".git") for folder in (root, *root.parents)):
        return GitignoreFiles()
    git = GitCommand(root)
    try:
        listed = git.text(
            "ls-files", "-z", "--others", "--ignored", "--exclude-standard", "--directory",
            timeout=GIT_LIST_SECONDS,
        )  # fmt: skip
    except HistoryUnavailable:
        return GitignoreFiles(_tracked(git))
    ignored = {path for path in listed.split("\0") if path}
    if "./" in ignored:  # the program's folder itself: git's rules say nothing about its files
        return GitignoreFiles(_tracked(git))
    return ListedByGit(ignored)


def _tracked(git: GitCommand) -> frozenset[str]:
    """The files git tracks under its work tree folder, from the index alone (no ignore
    rules are read, so no file of the work tree can make git wait)."""
    try:
        listed = git.text("ls-files", "-z", timeout=GIT_LIST_SECONDS)
    except HistoryUnavailable:
        return frozenset()
    return frozenset(path for path in listed.split("\0") if path)
