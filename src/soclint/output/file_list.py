"""`--show-files`: the files a check reads and what it skips, with the reason.

Text is one path a line, in path order, shown from the folder soclint was run
in: `read    PATH` or `skipped PATH: why`; a folder's path ends with `/`.
JSON is `{"version": 1, "root", "read": [PATH], "skipped": [{path, reason}]}`
with paths relative to the root. Paths and reasons come from the repository
(file names, patterns of soclint.yaml), so text shows them `visible`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from soclint.output.console import visible
from soclint.output.json import json_text
from soclint.output.paths import path_from
from soclint.output.text import plural
from soclint.report import inside

if TYPE_CHECKING:
    from soclint.discovery import Discovery

FORMATS = ("text", "json")


@dataclass(frozen=True)
class FileList:
    """What a run reads and skips under `root`, as paths relative to it with `/`."""

    root: Path
    read: list[str]
    # (path, why); a folder's path ends with `/`.
    skipped: list[tuple[str, str]]

    @classmethod
    def of(cls, discovery: Discovery, root: Path) -> FileList:
        unreadable = [
            (f"{path}/", f"cannot read the folder: {why}")
            for path, why in discovery.unreadable_folders
        ]
        return cls(root, [path for _, path in discovery.files], [*discovery.skipped, *unreadable])

    def within(self, paths: tuple[str, ...] | None) -> FileList:
        """The entries in `paths` (relative to the root); None keeps them all."""
        if paths is None:
            return self
        return FileList(
            self.root,
            [path for path in self.read if inside(path, paths)],
            [(path, why) for path, why in self.skipped if inside(path.rstrip("/"), paths)],
        )


def render_text(files: FileList, cwd: Path, quiet: bool = False) -> str:
    def shown(path: str) -> str:
        folder = "/" if path.endswith("/") else ""
        return visible(path_from(files.root, path.rstrip("/"), cwd)) + folder

    entries = [(path, f"read    {shown(path)}") for path in files.read]
    entries += [(path, f"skipped {shown(path)}: {visible(why)}") for path, why in files.skipped]
    lines = [line for _, line in sorted(entries)]
    if not quiet:
        lines.append(f"{plural(len(files.read), 'file')} read, {len(files.skipped)} skipped.")
    return "".join(f"{line}\n" for line in lines)


def render_json(files: FileList) -> str:
    return json_text(
        {
            "version": 1,
            "root": files.root.as_posix(),
            "read": files.read,
            "skipped": [{"path": path, "reason": why} for path, why in sorted(files.skipped)],
        }
    )
