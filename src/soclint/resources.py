"""Where the data that ships with soclint lives: schemas, rule packs, the example program."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_path(name: str) -> Path:
    """The folder `name` (schemas, rules, policies-example) of this installation.

    A wheel carries the folders under `soclint/data/`; a source checkout (and an
    editable install) has them at the repository root.
    """
    packaged = _PACKAGE / "data" / name
    if packaged.is_dir():
        return packaged
    return _PACKAGE.parents[1] / name
