"""Key paths: where in a document's front-matter a value is, as `("risks", 3, "due")`."""

from __future__ import annotations

KeyPath = tuple[str | int, ...]


def where(path: KeyPath) -> str:
    """A key path as people write it: `risks[3].due`."""
    text = ""
    for step in path:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else str(step))
    return text
