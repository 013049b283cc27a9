"""Paths as CI systems want them: relative to the top of the git work tree.

soclint shows paths relative to the program's folder (where soclint.yaml is).
GitHub annotations, code scanning and GitLab resolve a path against the root
of the repository they checked out, so when the program lives in a subfolder
(`policies/`) the machine formats put that folder in front.
"""

from __future__ import annotations

import os
import posixpath
from pathlib import Path, PurePosixPath

from soclint.config import work_tree_top


def checkout_prefix(root: Path | None) -> str:
    """What to put before a program-relative path: '' or 'policies/'."""
    if root is None:
        return ""
    root = root.resolve()
    top = work_tree_top(root)
    if top is None or top == root:
        return ""
    return root.relative_to(top).as_posix() + "/"


def checkout_path(prefix: str, path: str) -> str:
    """`path` (relative to the program, or absolute outside it) as CI shows it."""
    if PurePosixPath(path).is_absolute():
        return path
    # A file above the program (the repository's CODEOWNERS) is shown as ../.github/CODEOWNERS.
    return posixpath.normpath(prefix + path) if path.startswith("../") else prefix + path


def path_from(root: Path | None, path: str, folder: Path | None) -> str:
    """`path` (relative to the program root `root`) as seen from `folder`: relative when the
    file lies in `folder` or `folder` in the program (`../roster.md` from a subfolder),
    else absolute; as it is when either is unknown."""
    if root is None or folder is None:
        return path
    file = root / path
    if file.is_relative_to(folder) or folder.is_relative_to(root):
        return Path(os.path.relpath(file, folder)).as_posix()
    return file.as_posix()
