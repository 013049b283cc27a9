"""Report formats. Each module here has `render(report) -> str`, the text to print or save."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from soclint.output.terminal import Style
    from soclint.report import Report

# text and json for people and scripts; the rest for CI systems and code scanning.
FORMATS = ("text", "json", "sarif", "github", "junit", "gitlab")


def renderer(name: str) -> Callable[[Report], str]:
    """The `render` function of format `name`, imported only when it is used."""
    if name not in FORMATS:
        raise ValueError(f"unknown report format {name!r}")
    render: Callable[[Report], str] = importlib.import_module(f"soclint.output.{name}").render
    return render


def console_report(
    report: Report, name: str, style: Style, quiet: bool = False, statistics: bool = False
) -> str:
    """The report in format `name` as the console shows it: in `style` (text), without
    the summary when `quiet` (text, github), or as counts per code with `statistics`
    (text, json)."""
    if statistics:
        from soclint.output import statistics as counts

        if name == "json":
            return counts.render_json(report)
        return counts.render_text(report, style, quiet)
    if name == "text":
        from soclint.output import text

        return text.render(report, style, quiet)
    if name == "github":
        from soclint.output import github

        return github.render(report, quiet)
    return renderer(name)(report)
