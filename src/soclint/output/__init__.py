"""Report formats. Each module here has `render(report) -> str`, the text to print or save."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from soclint.report import Report

# text and json for people and scripts; the rest for CI systems and code scanning.
FORMATS = ("text", "json", "sarif", "github", "junit", "gitlab")


def renderer(name: str) -> Callable[[Report], str]:
    """The `render` function of format `name`, imported only when it is used."""
    if name not in FORMATS:
        raise ValueError(f"unknown report format {name!r}")
    render: Callable[[Report], str] = importlib.import_module(f"soclint.output.{name}").render
    return render
