"""The program each file an edit names belongs to, found as every command finds it."""

from __future__ import annotations

from pathlib import Path

from soclint.program import Program, find_root, load_program


class Programs:
    """Programs by root, each loaded once however many of its files a command names;
    configured by `config_file` instead of their soclint.yaml when one is given."""

    def __init__(self, config_file: Path | None = None) -> None:
        self._config_file = config_file
        self._loaded: dict[Path, Program] = {}

    def of(self, file: Path) -> Program:
        """The program of `file` (a file, or a folder of the program)."""
        root = find_root(file if file.is_dir() else file.parent)
        if root not in self._loaded:
            self._loaded[root] = load_program(root, config_file=self._config_file)
        return self._loaded[root]
