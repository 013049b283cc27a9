"""Paths as CI systems want them: relative to the top of the git work tree.

soclint shows paths relative to the program's folder (where soclint.yaml is).
GitHub annotations, code scanning and GitLab resolve a path against the root
of the repository they checked out, so when the program lives in a subfolder
(`policies/`) the machine formats put that folder in front.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath


def _work_tree(folder: Path) -> Path | None:
    """The nearest folder from `folder` upward with a `.git` entry (a folder or, in
    worktrees and submodules, a file)."""
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return None


def checkout_prefix(root: Path | None) -> str:
    """What to put before a program-relative path: '' or 'policies/'."""
    if root is None:
        return ""
    root = root.resolve()
    top = _work_tree(root)
    if top is None or top == root:
        return ""
    return root.relative_to(top).as_posix() + "/"


def checkout_path(prefix: str, path: str) -> str:
    """`path` (relative to the program, or absolute outside it) as CI shows it."""
    if PurePosixPath(path).is_absolute():
        return path
    return prefix + path


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
