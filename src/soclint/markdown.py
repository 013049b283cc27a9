"""A document body read as Markdown: its headings, links and prose lines, each at its file line.

Parsed by markdown-it-py (CommonMark), imported on first use. The block
structure is parsed once per body; inline syntax only where it can change the
answer (a paragraph with a link, a heading with markup, prose with a code
span), which saves a good part of the parsing time. Code blocks and code spans
are never prose.

Most bodies of a program in good shape need no parsing at all: a `Sketch`,
read with regular expressions, lists every link destination and heading a body
might have. When all of those resolve and every required section is there, a
rule is done; otherwise it parses the body, and its findings come from the
parser alone. A sketch holds every link the parser finds and perhaps more (one
in code), so for links it can only send a body to the parser. Its headings are
read without their markup, so it may miss one (sending the body to the parser)
or, rarely, count a line that only looks like a heading, in an HTML block.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, cached_property
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_inline import StateInline
    from markdown_it.token import Token

    from soclint.context import Context
    from soclint.document import Document

# Inline content holding one of these has a link, code span or HTML to parse before it
# reads as prose.
_PROSE_MARKS = ("[", "`", "<")
# A heading holding one of these has markup to parse before it reads as plain text.
_HEADING_MARKS = ("*", "_", "`", "[", "<", "&", "\\")
# The sketch: an inline link or image destination, a link reference definition, an ATX
# heading, a setext heading, and a code fence.
_DESTINATION = re.compile(r"\]\(\s*(<[^>\n]*>|[^\s)]*)")
_DEFINITION = re.compile(
    r"^[ \t>*+\-0-9.]*\[(?:\\.|[^\]\\\n])+\]:[ \t]*\n?[ \t]*(<[^>\n]*>|\S+)", re.MULTILINE
)
_ATX = re.compile(r"^ {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$", re.MULTILINE)
_SETEXT = re.compile(r"^ {0,3}(\S.*)\n {0,3}(?:=+|-+)[ \t]*$", re.MULTILINE)
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
# `<a name="x">` and `<a id="x">`: anchors written by hand.
_HTML_ANCHOR = re.compile(r"""<a\s[^>]*?\b(?:name|id)\s*=\s*["']([^"']+)["']""", re.IGNORECASE)


@dataclass(frozen=True)
class Heading:
    text: str
    level: int
    anchor: str
    line: int


@dataclass(frozen=True)
class Link:
    """A link or image destination as written, and the file line it is on."""

    target: str
    line: int


class Body:
    """A parsed Markdown body; its parts are worked out on first use."""

    def __init__(self, text: str, first_line: int = 1) -> None:
        self._md = _parser()
        self._env: dict[str, Any] = {}
        self._tokens = self._md.parse(text, self._env)
        self._first_line = first_line
        # Inline children parsed so far, by id of their inline token.
        self._parsed: dict[int, list[Token]] = {}

    @cached_property
    def _inline(self) -> list[tuple[int, Token, Token | None]]:
        """Each inline token with its file line and, for a heading, the heading's opening."""
        found = []
        for index, token in enumerate(self._tokens):
            if token.type == "inline" and token.map is not None:
                opening = self._tokens[index - 1]
                heading = opening if opening.type == "heading_open" else None
                found.append((self._first_line + token.map[0], token, heading))
        return found

    def _children(self, token: Token) -> list[Token]:
        children = self._parsed.get(id(token))
        if children is None:
            children = self._parsed[id(token)] = []
            self._md.inline.parse(token.content, self._md, self._env, children)
        return children

    @cached_property
    def headings(self) -> tuple[Heading, ...]:
        found = []
        for line, token, opening in self._inline:
            if opening is not None:
                content = token.content
                if any(mark in content for mark in _HEADING_MARKS):
                    content = _plain(self._children(token))
                found.append((content.strip(), int(opening.tag[1:]), line))
        anchors = _unique_anchors(text for text, _, _ in found)
        return tuple(
            Heading(text, level, anchor, line)
            for (text, level, line), anchor in zip(found, anchors, strict=True)
        )

    @cached_property
    def links(self) -> tuple[Link, ...]:
        """Links and images, in the order they appear."""
        links = []
        for line, token, _ in self._inline:
            if "[" not in token.content:
                continue
            for offset, child in _located(self._children(token)):
                if child.type in ("link_open", "image"):
                    target = child.attrs.get("href", child.attrs.get("src"))
                    if isinstance(target, str):
                        links.append(Link(target, line + offset))
        return tuple(links)

    @cached_property
    def anchors(self) -> frozenset[str]:
        """The anchors a link may name: those of the headings, and `<a name>` or `<a id>`."""
        anchors = {heading.anchor for heading in self.headings}
        for token in self._tokens:
            if token.type in ("html_block", "inline"):
                anchors.update(_HTML_ANCHOR.findall(token.content))
        return frozenset(anchors)

    @cached_property
    def prose(self) -> tuple[tuple[int, str], ...]:
        """(file line, text) of every line of prose, with code spans blanked out."""
        prose: list[tuple[int, str]] = []
        for line, token, _ in self._inline:
            if id(token) in self._parsed or any(m in token.content for m in _PROSE_MARKS):
                lines = _prose_lines(self._children(token))
            else:
                lines = token.content.split("\n")
            prose += [(line + offset, text) for offset, text in enumerate(lines)]
        return tuple(prose)


@dataclass(frozen=True)
class Sketch:
    """What a body might hold, found without parsing: link destinations and headings."""

    links: frozenset[str]
    headings: tuple[str, ...]

    html_anchors: frozenset[str]

    @cached_property
    def anchors(self) -> frozenset[str]:
        return frozenset(_unique_anchors(self.headings)) | self.html_anchors


def sketch_markdown(text: str) -> Sketch:
    """The sketch of Markdown `text`: links read anywhere, headings outside code fences."""
    links = {m[1] for m in _DESTINATION.finditer(text)} | {m[1] for m in _DEFINITION.finditer(text)}
    prose = "\n".join(_outside_fences(text))
    found = sorted(
        [(m.start(), m[1]) for m in _ATX.finditer(prose)]
        + [(m.start(), m[1]) for m in _SETEXT.finditer(prose)]
    )
    return Sketch(
        frozenset(link[1:-1] if link.startswith("<") else link for link in links),
        tuple(heading.strip() for _, heading in found),
        frozenset(_HTML_ANCHOR.findall(text)),
    )


def _outside_fences(text: str) -> Iterator[str]:
    fence = ""
    for line in text.splitlines():
        if fence:
            closing = line.strip()
            if closing.startswith(fence) and not closing.strip(fence[0]):
                fence = ""
        elif opening := _FENCE.match(line):
            fence = opening[1]
        else:
            yield line


def sketch_of(doc: Document, ctx: Context) -> Sketch:
    """The sketch of `doc`'s body, made once per run."""
    return ctx.cached(("sketch", doc.path), lambda: sketch_markdown(doc.body))


def body_of(doc: Document, ctx: Context) -> Body:
    """The parsed body of `doc`, parsed once per run."""
    return ctx.cached(("markdown", doc.path), lambda: Body(doc.body, doc.body_line))


def github_anchor(text: str) -> str:
    """The anchor GitHub gives a heading: lowercase, punctuation dropped, spaces to hyphens."""
    kept = (c for c in text.strip().lower() if c in " -_" or unicodedata.category(c)[0] in "LNM")
    return "".join(kept).replace(" ", "-")


def _unique_anchors(headings: Iterable[str]) -> list[str]:
    """The anchors of `headings` in order, a repeated one suffixed `-1`, `-2`, as GitHub does."""
    anchors: list[str] = []
    seen: dict[str, int] = {}
    for heading in headings:
        anchor = github_anchor(heading)
        count = seen.get(anchor, 0)
        seen[anchor] = count + 1
        anchors.append(f"{anchor}-{count}" if count else anchor)
    return anchors


@cache
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    class Parser(MarkdownIt):
        def normalizeLink(self, url: str) -> str:
            # Destinations are checked against files, never rendered: keep them as written,
            # not percent-encoded, so findings quote what the author typed.
            return url

    md = Parser("commonmark")
    # Inline syntax is parsed on demand (_children), not for every paragraph.
    md.disable("inline")
    md.inline.ruler.at("backticks", _backticks_counting_lines)
    return md


def _backticks_counting_lines(state: StateInline, silent: bool) -> bool:
    """The CommonMark code span rule, noting how many line breaks the span swallowed."""
    from markdown_it.rules_inline import backtick

    start = state.pos
    found = backtick(state, silent)
    if found and not silent:
        state.tokens[-1].meta["newlines"] = state.src.count("\n", start, state.pos)
    return found


def _newlines(child: Token) -> int:
    if child.type in ("softbreak", "hardbreak"):
        return 1
    if child.type == "code_inline":
        count = child.meta.get("newlines", 0)
        return count if isinstance(count, int) else 0
    return child.content.count("\n")


def _located(children: list[Token]) -> Iterator[tuple[int, Token]]:
    """Each inline token with the line, from 0, of the content it starts on."""
    offset = 0
    for child in children:
        yield offset, child
        offset += _newlines(child)


def _prose_lines(children: list[Token]) -> list[str]:
    """The lines of inline content as text, code spans replaced by a space."""
    lines = [""]
    for child in children:
        if child.type == "code_inline":
            lines[-1] += " "
            lines += [""] * _newlines(child)
        elif child.type in ("softbreak", "hardbreak"):
            lines.append("")
        else:
            first, *rest = child.content.split("\n")
            lines[-1] += first
            lines += rest
    return lines


def _plain(children: list[Token]) -> str:
    """The text a reader sees: code spans kept, markup and inline HTML dropped."""
    words = []
    for child in children:
        if child.type in ("text", "text_special", "code_inline", "image"):
            words.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            words.append(" ")
    return "".join(words).strip()


def source_column(doc: Document, line: int, needle: str) -> int:
    """The column of the first `needle` on file line `line` of `doc`'s body, else 1."""
    lines = doc.body.split("\n")
    index = line - doc.body_line
    found = lines[index].find(needle) if 0 <= index < len(lines) else -1
    return found + 1 if found >= 0 else 1
