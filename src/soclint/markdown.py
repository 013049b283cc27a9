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
in code), or says it may not, so for links it can only send a body to the
parser. Its headings are read without their markup, so it may miss one (sending
the body to the parser) or, rarely, count a line that only looks like a heading,
in an HTML block. The sketch reads each part of a body a bounded number of
times, so it takes time linear in the body's length whatever the body holds.
"""

from __future__ import annotations

import heapq
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

    from soclint.document import Document

# Inline content holding one of these has a link, code span or HTML to parse before it
# reads as prose.
_PROSE_MARKS = ("[", "`", "<")
# A heading holding one of these has markup to parse before it reads as plain text.
_HEADING_MARK = re.compile(r"[*_`\[<&\\]")
# The sketch: where an inline link or image destination starts (after `](` and blanks),
# where a link reference definition's does (after `]:`, on its line or the next), the
# stretch of text a destination is (`<...>`, else up to a blank or `)`), an ATX heading
# opening, a setext underline and a code fence. Each is matched at one place and scans a
# stretch of text no other match scans again, so a body of any shape is read in linear time.
_INLINE_MARK = re.compile(r"\]\(\s*")
_DEFINITION_MARK = re.compile(r"\]:[ \t]*(?:\n[ \t]*)?")
_ANGLE_DESTINATION = re.compile(r"<[^<>\n]*>")
_INLINE_DESTINATION = re.compile(r"[^\s)]*")
_DEFINITION_DESTINATION = re.compile(r"\S*")
_ATX_OPENING = re.compile(r" {0,3}#{1,6}[ \t]")
_SETEXT_UNDERLINE = re.compile(r" {0,3}(?:=+|-+)[ \t]*")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
# `<a name="x">` and `<a id="x">`: anchors written by hand (see `html_anchors`).
_ANCHOR_TAG = re.compile(r"<a\s", re.IGNORECASE)
_ANCHOR_NAME = re.compile(r"\b(?:name|id)", re.IGNORECASE)
_ANCHOR_ATTRIBUTE = re.compile(r"""(?:name|id)\s*=\s*["']([^"']+)["']""", re.IGNORECASE)
# Line endings as CommonMark reads them; git and editors count the "\n" ones only.
_LINE_ENDING = re.compile(r"\r\n?|\n")


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


@dataclass(frozen=True)
class Comment:
    """An HTML comment: its text between `<!--` and `-->`, the file line and column where
    it opens, and the file line where it closes."""

    text: str
    line: int
    column: int
    end_line: int


MAX_LINKS = 5_000


class Body:
    """A parsed Markdown body; its parts are worked out on first use.

    Lines are file lines, counted at each "\n" as git and editors count them: a
    lone carriage return ends a line for Markdown but not for the file.
    """

    def __init__(self, text: str, first_line: int = 1) -> None:
        # Whether `links` stopped at MAX_LINKS before the end of the body, and the first
        # line it did not read.
        self.links_cut_short = False
        self.links_unread_from = first_line
        self._md = _parser()
        self._env: dict[str, Any] = {}
        self._tokens = self._md.parse(text, self._env)
        self._text = text
        self._first_line = first_line
        self._file_lines = _file_lines(text)
        # Inline children parsed so far, by id of their inline token.
        self._parsed: dict[int, list[Token]] = {}

    def _line(self, markdown_line: int) -> int:
        """The file line of the body's Markdown line `markdown_line` (from 0)."""
        if self._file_lines is None:
            return self._first_line + markdown_line
        last = len(self._file_lines) - 1
        return self._first_line + self._file_lines[min(markdown_line, last)]

    @cached_property
    def _inline(self) -> list[tuple[int, Token, Token | None]]:
        """Each inline token with its Markdown line and, for a heading, the heading's opening."""
        found = []
        for index, token in enumerate(self._tokens):
            if token.type == "inline" and token.map is not None:
                opening = self._tokens[index - 1]
                heading = opening if opening.type == "heading_open" else None
                found.append((token.map[0], token, heading))
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
                if _HEADING_MARK.search(content):
                    content = _plain(self._children(token))
                found.append((content.strip(), int(opening.tag[1:]), self._line(line)))
        anchors = _unique_anchors(text for text, _, _ in found)
        return tuple(
            Heading(text, level, anchor, line)
            for (text, level, line), anchor in zip(found, anchors, strict=True)
        )

    @cached_property
    def links(self) -> tuple[Link, ...]:
        """Links and images, in the order they appear: the first MAX_LINKS of them.

        Parsing a link costs the parser a hundred times what reading its text
        does, so a body of tens of thousands of links (no policy has them)
        is read only that far; `links_cut_short` tells.
        """
        links: list[Link] = []
        room = MAX_LINKS  # at most one link per "[": how many more the budget allows
        for line, token, _ in self._inline:
            opened = token.content.count("[")
            if not opened:
                continue
            if opened <= room:
                children = self._children(token)
            else:  # read the paragraph only as far as the budget goes, to a line's end
                kept = _lines_holding(token.content, "[", room)
                self.links_cut_short = True
                self.links_unread_from = self._line(line + kept.count("\n"))
                children = []
                self._md.inline.parse(kept, self._md, self._env, children)
            room -= opened
            for offset, child in _located(children):
                if child.type in ("link_open", "image"):
                    target = child.attrs.get("href", child.attrs.get("src"))
                    if isinstance(target, str):
                        links.append(Link(target, self._line(line + offset)))
            if self.links_cut_short:
                break
        return tuple(links)

    @cached_property
    def anchors(self) -> frozenset[str]:
        """The anchors a link may name: those of the headings, and `<a name>` or `<a id>`."""
        anchors = {heading.anchor for heading in self.headings}
        for token in self._tokens:
            if token.type in ("html_block", "inline") and "<" in token.content:
                anchors.update(html_anchors(token.content))
        return frozenset(anchors)

    @cached_property
    def prose(self) -> tuple[tuple[int, str], ...]:
        """(file line, text) of every line of prose, with code spans blanked out.

        Indented text is prose too: in a policy it is an outline written for another
        Markdown dialect (pandoc's `i.` and `a.` lists), not code; fenced code is code.
        """
        indented = [
            (token.map[0], token)
            for token in self._tokens
            if token.type == "code_block" and token.map is not None
        ]
        prose: list[tuple[int, str]] = []
        for line, token in heapq.merge(
            ((line, token) for line, token, _ in self._inline), indented, key=lambda t: t[0]
        ):
            if id(token) in self._parsed or any(m in token.content for m in _PROSE_MARKS):
                lines = _prose_lines(self._children(token))
            else:
                lines = token.content.split("\n")
            prose += [(self._line(line + offset), text) for offset, text in enumerate(lines)]
        return tuple(prose)

    @cached_property
    def comments(self) -> tuple[Comment, ...]:
        """The HTML comments, in HTML blocks and inline, in order; none in code."""
        found: list[tuple[int, str]] = []  # (Markdown line, comment with its marks)
        for token in self._tokens:
            if token.map is None or "<!--" not in token.content:
                continue
            if token.type == "html_block":
                found += _block_comments(token.content, token.map[0])
            elif token.type == "inline":
                found += [
                    (token.map[0] + offset, child.content)
                    for offset, child in _located(self._children(token))
                    if child.type == "html_inline" and child.content.startswith("<!--")
                ]
        if not found:
            return ()
        lines = self._text.split("\n")
        searched: dict[int, int] = {}  # where the next comment on a file line is looked for
        comments = []
        for markdown_line, written in found:
            line = self._line(markdown_line)
            source = lines[min(line - self._first_line, len(lines) - 1)]
            start = source.find(written.split("\n", 1)[0], searched.get(line, 0))
            searched[line] = start + 1 if start >= 0 else searched.get(line, 0)
            end_line = self._line(markdown_line + written.count("\n"))
            text = written[4:-3] if written.endswith("-->") else ""
            comments.append(Comment(text, line, start + 1 if start >= 0 else 1, end_line))
        return tuple(comments)


def _block_comments(html: str, first_line: int) -> Iterator[tuple[int, str]]:
    """(Markdown line, comment) of each complete comment in an HTML block that opens at
    `first_line`: from `<!--` to the first `-->`, or `<!-->` and `<!--->` (CommonMark)."""
    position = html.find("<!--")
    while position >= 0:
        rest = position + 4
        if html.startswith(">", rest) or html.startswith("->", rest):
            end = html.find(">", rest) + 1
        else:
            close = html.find("-->", rest)
            if close < 0:
                return
            end = close + 3
        yield first_line + html.count("\n", 0, position), html[position:end]
        position = html.find("<!--", end)


def _lines_holding(text: str, mark: str, count: int) -> str:
    """The lines of `text` before the one where `mark` occurs for the `count + 1`th time."""
    position = -1
    for _ in range(count + 1):
        position = text.find(mark, position + 1)
        if position < 0:
            return text
    return text[: text.rfind("\n", 0, position) + 1]


def _file_lines(text: str) -> list[int] | None:
    """The file line (from 0) of each Markdown line of `text`; None when they are the same.

    They differ after a carriage return not followed by a line feed: Markdown ends a line
    there, the file does not.
    """
    if "\r" not in text or "\r" not in text.replace("\r\n", ""):
        return None
    lines: list[int] = []
    for index, line in enumerate(text.split("\n")):
        lone = line[:-1] if line.endswith("\r") else line
        lines += [index] * (lone.count("\r") + 1)
    return lines


@dataclass(frozen=True)
class Sketch:
    """What a body might hold, found without parsing: link destinations and headings.

    `links_complete` is False when the body has links written inside the destinations
    of others, which only the parser can tell apart.
    """

    links: frozenset[str]
    headings: tuple[str, ...]

    html_anchors: frozenset[str]
    links_complete: bool = True

    @cached_property
    def anchors(self) -> frozenset[str]:
        return frozenset(_unique_anchors(self.headings)) | self.html_anchors


def sketch_markdown(text: str) -> Sketch:
    """The sketch of Markdown `text`: links read anywhere, headings outside code fences."""
    text = _LINE_ENDING.sub("\n", text) if "\r" in text else text
    inline = _destinations(text, _INLINE_MARK, _INLINE_DESTINATION)
    definitions = _destinations(text, _DEFINITION_MARK, _DEFINITION_DESTINATION)
    links = {target for _, target in (*inline, *definitions)}
    return Sketch(
        frozenset(target for target in links if target is not None),
        tuple(_sketched_headings(list(_outside_fences(text.split("\n"))))),
        frozenset(html_anchors(text)),
        links_complete=None not in links,
    )


def _destinations(
    text: str, mark: re.Pattern[str], stretch: re.Pattern[str]
) -> Iterator[tuple[int, str | None]]:
    """(position, destination) of what is written after each `mark` in `text`.

    A mark that lies inside the destination of the one before (`[a](b[c](d.md)`) gives
    None: reading each such suffix would take time and memory quadratic in the text.
    """
    stretch_end = -1
    for found in mark.finditer(text):
        start = found.end()
        angle = _ANGLE_DESTINATION.match(text, start)
        if angle is not None:
            yield start + 1, angle[0][1:-1]
        elif start < stretch_end:
            yield start, None
        else:
            written = stretch.match(text, start)
            stretch_end = written.end() if written else start
            yield start, text[start:stretch_end]


def _outside_fences(lines: Iterable[str]) -> Iterator[str]:
    fence = ""
    for line in lines:
        if fence:
            closing = line.strip()
            if closing.startswith(fence) and not closing.strip(fence[0]):
                fence = ""
        elif opening := _FENCE.match(line):
            fence = opening[1]
        else:
            yield line


def _sketched_headings(lines: list[str]) -> Iterator[str]:
    """The text of each ATX and setext heading of `lines`, in order.

    A line that reads both ways (`# Title` over `---`) gives both readings, in the
    order of their text.
    """
    setext_at = -2  # a setext heading's underline is not the text of another
    for index, line in enumerate(lines):
        found = []
        atx = _atx_text(line)
        if atx is not None:
            found.append(atx.strip())
        if index > setext_at + 1 and index + 1 < len(lines):
            text = _setext_text(line, lines[index + 1])
            if text is not None:
                found.append(text.strip())
                setext_at = index
        yield from sorted(found)


def _atx_text(line: str) -> str | None:
    """The text of an ATX heading line (`## Scope ##`) without its markers, else None."""
    opening = _ATX_OPENING.match(line)
    if opening is None:
        return None
    text = line[opening.end() :].lstrip(" \t").rstrip(" \t")
    before_closing = text.rstrip("#")
    if before_closing != text and before_closing.endswith((" ", "\t")):
        return before_closing.rstrip(" \t")
    return text


def _setext_text(line: str, underline: str) -> str | None:
    """The text of a setext heading: `line` over a line of `=` or `-`, else None."""
    indent = len(line) - len(line.lstrip(" "))
    if indent > 3 or indent == len(line) or line[indent].isspace():
        return None
    if _SETEXT_UNDERLINE.fullmatch(underline) is None:
        return None
    return line[indent:]


def html_anchors(html: str) -> Iterator[str]:
    """The names of `<a name="x">` and `<a id="x">` tags in `html`, as written.

    A tag runs from `<a` to the next `>`; its first `name` or `id` attribute with a
    quoted value counts. A tag that does not close before the next `<a` starts is read up
    to there, which the next tag then covers: each stretch of text is scanned once.
    """
    tags = [tag.span() for tag in _ANCHOR_TAG.finditer(html)]
    resume = 0
    for index, (start, end) in enumerate(tags):
        if start < resume:
            continue
        limit = tags[index + 1][0] if index + 1 < len(tags) else len(html)
        closing = html.find(">", end, limit)
        for name in _ANCHOR_NAME.finditer(html, end, closing if closing >= 0 else limit):
            attribute = _ANCHOR_ATTRIBUTE.match(html, name.start())
            if attribute is not None:
                yield attribute[1]
                resume = attribute.end()
                break


def github_anchor(text: str) -> str:
    """The anchor GitHub gives a heading: lowercase, punctuation dropped, spaces to hyphens."""
    lowered = text.strip().lower()
    if lowered.isascii():  # most headings: one pass in C
        return lowered.translate(_ASCII_DROPPED).replace(" ", "-")
    kept = (c for c in lowered if c in " -_" or unicodedata.category(c)[0] in "LNM")
    return "".join(kept).replace(" ", "-")


# What an anchor drops of ASCII: all but letters and digits (Unicode's L, N and M), " -_".
_ASCII_DROPPED = dict.fromkeys(
    code for code in range(128) if not (chr(code).isalnum() or chr(code) in " -_")
)


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

    if state.src[state.pos] != "`":
        return False
    start, pushed = state.pos, len(state.tokens)
    found = backtick(state, silent)
    # A run of backticks that closes no span is kept as text, with no token of its own.
    if found and not silent and len(state.tokens) > pushed:
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
    # Each line is joined once from its parts: a line of many tokens is not copied per token.
    lines: list[list[str]] = [[]]
    for child in children:
        if child.type == "code_inline":
            lines[-1].append(" ")
            lines += [[] for _ in range(_newlines(child))]
        elif child.type in ("softbreak", "hardbreak"):
            lines.append([])
        else:
            first, *rest = child.content.split("\n")
            lines[-1].append(first)
            lines += [[line] for line in rest]
    return ["".join(parts) for parts in lines]


def _plain(children: list[Token]) -> str:
    """The text a reader sees: code spans kept, markup and inline HTML dropped."""
    words = []
    for child in children:
        if child.type in ("text", "text_special", "code_inline", "image"):
            words.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            words.append(" ")
    return "".join(words).strip()


class LinkColumns:
    """Where the destinations of `doc`'s inline links and images are written.

    `column` gives a link on file line `line` with destination `target` the column
    of the next such destination written there, and 1 when none is (a reference link,
    a destination with escapes): links come in order, so repeated ones each get theirs.
    """

    def __init__(self, doc: Document) -> None:
        self._found: dict[tuple[int, str], list[int]] = {}
        self._taken: dict[tuple[int, str], int] = {}
        body = doc.body
        line, line_start, scanned = doc.body_line, 0, 0
        for start, target in _destinations(body, _INLINE_MARK, _INLINE_DESTINATION):
            if target is None:
                continue
            newlines = body.count("\n", scanned, start)
            if newlines:
                line += newlines
                line_start = body.rfind("\n", scanned, start) + 1
            scanned = start
            self._found.setdefault((line, target), []).append(start - line_start + 1)

    def column(self, line: int, target: str) -> int:
        columns = self._found.get((line, target), [])
        taken = self._taken.get((line, target), 0)
        self._taken[(line, target)] = taken + 1
        return columns[taken] if taken < len(columns) else 1
