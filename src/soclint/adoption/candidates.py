"""Which files of a repository adopt reads as policy documents, and why it leaves the others.

Every Markdown file git does not ignore is a candidate, except what is plainly
not a policy: project files (README, CHANGELOG, LICENSE, and CONTRIBUTING,
SECURITY, CODE_OF_CONDUCT, SUPPORT where GitHub reads them, in any case), other
people's code (`vendor/`, `node_modules/`), hidden folders, templates, to-do
lists, a website's section pages, and the folders of another program.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from pathlib import Path

from soclint.config import starts_program
from soclint.discovery import plainly_not_a_policy
from soclint.link_targets import MARKDOWN_SUFFIXES

# Files that hold no policy of the company, by name without its suffix, in any case.
OTHER_FILES = {
    "todo": "a to-do list",
    "_index": "a website's section page",
    **dict.fromkeys(
        ("notice", "authors", "contributors", "maintainers", "codeowners", "provenance"),
        "a project file, not a policy",
    ),
}
# Folders of templates: Hugo's archetypes, a project's templates.
TEMPLATE_FOLDERS = frozenset({"templates", "template", "_templates", "archetypes"})


@dataclass
class Candidates:
    """The Markdown files adopt reads (paths relative to the root, with `/`), whether git
    tracks each, and the files it leaves out with the reason."""

    files: dict[str, bool] = field(default_factory=dict)
    left_out: dict[str, str] = field(default_factory=dict)


def _stem(path: str) -> str:
    name = posixpath.basename(path)
    return name[: name.rfind(".")].lower() if "." in name else name.lower()


def why_not_a_policy(path: str) -> str | None:
    """Why the Markdown file at `path` is plainly no policy document, or None."""
    if (reason := plainly_not_a_policy(path)) is not None:
        return reason
    folders = path.split("/")[:-1]
    stem = _stem(path)
    if stem in OTHER_FILES:
        return OTHER_FILES[stem]
    if "template" in stem or any(folder.lower() in TEMPLATE_FOLDERS for folder in folders):
        return "a template"
    return None


def _in_other_program(root: Path, path: str) -> bool:
    """Whether a folder between `root` and the file holds a program of its own."""
    folder = root
    for part in path.split("/")[:-1]:
        folder = folder / part
        if starts_program(folder):
            return True
    return False


def sort_files(root: Path, files: dict[str, bool]) -> Candidates:
    """The candidates among `files` (path relative to `root` -> whether git tracks it)."""
    found = Candidates()
    for path in sorted(files):
        if not path.lower().endswith(MARKDOWN_SUFFIXES):
            continue
        if any(part.startswith(".") for part in path.split("/")[:-1]):
            continue  # hidden folders (.github) hold no documents, as for `check`
        file = root / path
        if file.is_symlink():
            found.left_out[path] = "a symbolic link; adopt the file it leads to"
        elif not file.is_file():
            continue  # deleted from the work tree, or a submodule
        elif _in_other_program(root, path):
            continue  # another program's document
        elif (reason := why_not_a_policy(path)) is not None:
            found.left_out[path] = reason
        else:
            found.files[path] = files[path]
    return found
