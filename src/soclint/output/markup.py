"""Text from the policy repository inside Markdown and HTML: one escaping helper for each.

Ids, titles, paths and messages come from files anyone may write. In Markdown
they are one `visible` line with the markup characters escaped, so none can
add a line, a table cell, a link or a tag. In HTML (and the SVG inside it)
`<`, `>`, `&` and both quotes are entities and control characters are shown
`visible`, so none can open a tag, an attribute or a script, whatever the
element it lands in; every HTML writer of soclint puts such text through
`html_text`.
"""

from __future__ import annotations

import re
from html import escape

from soclint.output.console import visible

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&])")


def markdown_text(text: str) -> str:
    """`text` as it reads in a Markdown paragraph or table cell: one line, markup escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", visible(" ".join(text.split())))


def html_text(text: str) -> str:
    """`text` as it reads in an HTML element or a quoted attribute value."""
    return escape(visible(text), quote=True)
