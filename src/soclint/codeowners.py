"""CODEOWNERS: who GitHub asks to review a change to each path of the repository.

GitHub reads the first of `.github/CODEOWNERS`, `CODEOWNERS` and
`docs/CODEOWNERS` at the top of the repository. Each line is a pattern and
its owners (`@user`, `@org/team` or an email address); for a path, the last
line whose pattern matches it decides, and a line without owners leaves the
path without any. Patterns are matched as globs.py matches soclint's own
(gitignore style), relative to the top of the repository; a line GitHub
cannot read (a `!` pattern, an invalid glob) is skipped, as GitHub does.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from soclint.config import work_tree_top
from soclint.document import MAX_FILE_BYTES
from soclint.globs import GlobSet, glob_problem

LOCATIONS = (".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS")


@dataclass(frozen=True)
class OwnerLine:
    line: int
    pattern: str
    owners: tuple[str, ...]
    matcher: GlobSet


@dataclass(frozen=True)
class CodeOwners:
    """The CODEOWNERS file of the program's repository.

    `shown` is its path as findings show it (relative to the program root,
    `../.github/CODEOWNERS` when the program is a folder of the repository),
    `prefix` the program root's folder from the top ('' or 'policies/'), and
    `problem` why it could not be read.
    """

    shown: str
    prefix: str
    lines: tuple[OwnerLine, ...]
    problem: str | None = None

    def deciding(self, path: str) -> OwnerLine | None:
        """The line that decides who owns `path` (relative to the program root), if any."""
        full = self.prefix + path
        return next((line for line in reversed(self.lines) if line.matcher.matches(full)), None)


def parse_codeowners(text: str) -> tuple[OwnerLine, ...]:
    lines = []
    for number, raw in enumerate(text.splitlines(), start=1):
        tokens = raw.split()
        if not tokens or tokens[0].startswith(("#", "[", "^[", "!")):
            continue  # comments, GitLab's sections, and negations GitHub does not read
        owners = []
        for token in tokens[1:]:
            if token.startswith("#"):
                break
            owners.append(token)
        if glob_problem(tokens[0]) is None:
            lines.append(OwnerLine(number, tokens[0], tuple(owners), GlobSet([tokens[0]])))
    return tuple(lines)


def find_codeowners(root: Path) -> CodeOwners | None:
    """The CODEOWNERS file GitHub reads for the repository of the program at `root`."""
    top = work_tree_top(root.resolve()) or root.resolve()
    prefix = root.resolve().relative_to(top).as_posix()
    prefix = "" if prefix == "." else prefix + "/"
    for location in LOCATIONS:
        file = top / location
        try:
            status = os.lstat(file)
        except OSError:
            continue
        shown = Path(os.path.relpath(file, root.resolve())).as_posix()
        if not stat.S_ISREG(status.st_mode):
            return CodeOwners(shown, prefix, (), "it is not a regular file")
        if status.st_size > MAX_FILE_BYTES:
            return CodeOwners(shown, prefix, (), "it is larger than soclint reads (1 MiB)")
        try:
            text = file.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError) as error:
            return CodeOwners(shown, prefix, (), f"it cannot be read ({error})")
        return CodeOwners(shown, prefix, parse_codeowners(text))
    return None
