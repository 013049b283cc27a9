"""Which files a run reads.

A file is read when an `include` glob selects it and no exclude glob does, as
ruff has it: `exclude` replaces the default list (NOT_POLICIES), `extend_exclude`
adds to it, and a later `!` pattern takes back what an earlier one excluded.
Whatever the globs say, a file git ignores is never read (ignored_files.py), nor
anything in a hidden folder (.git, .github), a tool folder (node_modules), or a
folder where another program has its root.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from soclint.config import CONFIG_NAME, Config, starts_program
from soclint.globs import GlobSet
from soclint.ignored_files import IgnoredFiles, NothingIgnored, ignored_files
from soclint.keypaths import KeyPath
from soclint.link_targets import MARKDOWN_SUFFIXES
from soclint.repository_paths import Place, RepositoryPaths

# Markdown files that are plainly not policies, excluded unless `exclude` says otherwise,
# in any letter case: project files with any extension, anywhere; GitHub's community files
# where GitHub reads them, at the root or in docs/ (a `policies/security.md` is a policy);
# and folders of other people's code.
PROJECT_FILES = ("README", "CHANGELOG", "LICENSE")
COMMUNITY_FILES = ("CONTRIBUTING", "SECURITY", "CODE_OF_CONDUCT", "SUPPORT")
OTHER_PEOPLES_CODE = ("vendor", "node_modules")
NOT_POLICIES = (
    *(f"{name}.*" for name in PROJECT_FILES),
    *(f"/{folder}{name}.*" for folder in ("", "docs/") for name in COMMUNITY_FILES),
    *(f"{folder}/" for folder in OTHER_PEOPLES_CODE),
)
# Never read, whatever the globs say: folders of tools, not of people.
PRUNED_FOLDERS = {"node_modules", "__pycache__"}


@dataclass
class Discovery:
    """What a run finds under the root: the files it reads, as (absolute path, path relative
    to the root with `/`), the folders it cannot list, as (path, why), the `include`
    patterns that select no file, by their index, and what it passes over that could hold
    documents (folders it does not enter, Markdown files it does not read), as (path, why);
    a folder's path ends with `/`."""

    files: list[tuple[Path, str]] = field(default_factory=list)
    unreadable_folders: list[tuple[str, str]] = field(default_factory=list)
    unmatched_include: list[int] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)


_NOT_POLICIES = GlobSet(NOT_POLICIES, ignore_case=True)


def plainly_not_a_policy(path: str) -> str | None:
    """Why the file at `path` (relative to the root, with `/`) is on the default list of
    files that are not policies, or None when it is not."""
    if not _NOT_POLICIES.matches(path):
        return None
    folders = [folder.lower() for folder in path.split("/")[:-1]]
    if any(folder in OTHER_PEOPLES_CODE for folder in folders):
        return "other people's code"
    return "a project file, not a policy"


class FileChoice:
    """The include and exclude globs of a configuration, asked about one path at a time."""

    def __init__(self, config: Config) -> None:
        self.include = GlobSet(config.include)
        exclude = config.exclude
        # (soclint.yaml key, its patterns, whether letter case counts not), later lists last
        self._lists: list[tuple[str, tuple[str, ...], bool]] = [
            ("exclude", NOT_POLICIES if exclude is None else exclude, exclude is None),
            ("extend_exclude", config.extend_exclude, False),
        ]
        self._sets = [GlobSet(patterns, no_case) for _key, patterns, no_case in self._lists]
        self._defaults = exclude is None

    def excluded(self, path: str) -> bool:
        for globs in reversed(self._sets):
            decision = globs.decision(path)
            if decision is not None:
                return decision
        return False

    def reads(self, path: str) -> bool:
        return self.include.matches(path) and not self.excluded(path)

    def excluded_by(self, path: str) -> KeyPath | None:
        """Where the pattern that excludes `path` is in soclint.yaml (`("exclude",)` for the
        default list), or None when `path` is not excluded."""
        exclusion = self._exclusion(path)
        return None if exclusion is None else exclusion[0]

    def why_excluded(self, path: str) -> str:
        """The reason a listing of skipped files gives for an excluded `path`."""
        exclusion = self._exclusion(path)
        if exclusion is None:
            return "excluded"
        where, pattern = exclusion
        if where == ("exclude",):
            return f"excluded by default ({pattern!r})"
        return f"excluded by {pattern!r}"

    def _exclusion(self, path: str) -> tuple[KeyPath, str] | None:
        if not self.excluded(path):
            return None
        for key, patterns, no_case in reversed(self._lists):
            for index in range(len(patterns) - 1, -1, -1):
                if GlobSet([patterns[index]], no_case).decision(path):
                    where = (key,) if key == "exclude" and self._defaults else (key, index)
                    return where, patterns[index]
        return None


class _IncludeUse:
    """Which `include` patterns (other than `!` ones) have selected a file so far."""

    def __init__(self, include: tuple[str, ...]) -> None:
        self._waiting = {
            index: GlobSet([pattern])
            for index, pattern in enumerate(include)
            if not pattern.startswith("!")
        }

    def seen(self, path: str) -> None:
        if self._waiting:
            for index in [i for i, globs in self._waiting.items() if globs.matches(path)]:
                del self._waiting[index]

    @property
    def unmatched(self) -> list[int]:
        return sorted(self._waiting)


def discover(config: Config) -> Discovery:
    """The files a run reads under the program's root, the folders it cannot list, and
    the include patterns that select nothing."""
    choice = FileChoice(config)
    ignored: IgnoredFiles = (
        ignored_files(config.root) if config.honour_gitignore else NothingIgnored()
    )
    include_use = _IncludeUse(config.include)
    root = config.root
    paths = RepositoryPaths(root)
    found = Discovery()

    def unlistable(error: OSError) -> None:
        folder = Path(error.filename or root).relative_to(root).as_posix()
        if not (choice.excluded(folder) or choice.excluded(folder + "/")):
            found.unreadable_folders.append((folder, error.strerror or str(error)))

    for folder, subfolders, files in os.walk(root, onerror=unlistable):
        relative = Path(folder).relative_to(root).as_posix()
        prefix = "" if relative == "." else relative + "/"
        ignored.enter(prefix, Path(folder))
        entered = []
        for name in sorted(subfolders):
            why = _folder_skipped(Path(folder) / name, prefix + name, ignored)
            if why is None:
                entered.append(name)
            elif name != ".git":  # git's own store, in every repository: not worth a line
                found.skipped.append((f"{prefix}{name}/", why))
        subfolders[:] = entered
        for name in sorted(files):
            path = prefix + name
            markdown = name.lower().endswith(MARKDOWN_SUFFIXES)
            if ignored.ignores(path):
                if markdown:
                    found.skipped.append((path, "ignored by git"))
                continue
            include_use.seen(path)
            file = Path(folder) / name
            if not choice.include.matches(path):
                if markdown:
                    found.skipped.append(
                        (path, _not_included(path, choice.include, config.include))
                    )
            elif choice.excluded(path):
                found.skipped.append((path, choice.why_excluded(path)))
            elif not _stays_inside(file, path, paths):
                found.skipped.append((path, "a symbolic link that leads out of the repository"))
            else:
                found.files.append((file, path))
    found.unmatched_include = include_use.unmatched
    return found


def _folder_skipped(folder: Path, path: str, ignored: IgnoredFiles) -> str | None:
    """Why the walk does not enter `folder` (at `path`), or None when it does.

    Hidden folders (.git, .github, .venv) and tool folders are never policy documents;
    a folder where another program has its root holds that program's documents.
    """
    if folder.name.startswith("."):
        return "a hidden folder"
    if folder.name in PRUNED_FOLDERS:
        return "a folder of tool files"
    if folder.is_symlink():
        return "a symbolic link to a folder, which soclint does not follow"
    if ignored.ignores(path, folder=True):
        return "ignored by git"
    if starts_program(folder):
        if (folder / CONFIG_NAME).is_file():
            return f"another program: it holds its own {CONFIG_NAME}"
        return "another program: it is a git work tree of its own"
    return None


def _not_included(path: str, include: GlobSet, patterns: tuple[str, ...]) -> str:
    why = f"not matched by include ({', '.join(repr(p) for p in patterns)})"
    stem, dot, suffix = path.rpartition(".")
    if suffix != suffix.lower() and include.matches(f"{stem}{dot}{suffix.lower()}"):
        why += f"; patterns are case-sensitive and its name ends in .{suffix}"
    return why


def _stays_inside(file: Path, path: str, paths: RepositoryPaths) -> bool:
    """False for a symbolic link that leads out of the repository: it is not followed.

    A link that leads nowhere (broken, or a loop) is read, and reported as unreadable.
    """
    return not file.is_symlink() or paths.resolve(path).place is not Place.OUTSIDE
