"""Waivers written in a document's body as HTML comments, in markdownlint's manner.

    <!-- soclint-disable-next-line L003 -- the template text is quoted on purpose -->
    <!-- soclint-disable-line L003 -- reason -->  (covers the line the comment is on)
    <!-- soclint-disable L003 M005 -- reason -->  ...  <!-- soclint-enable L003 M005 -->

A comment names one or more rule codes, then ` -- ` and the reason. A block
runs from its `soclint-disable` line up to the line before the matching
`soclint-enable`, or to the end of the document; `soclint-enable` without a
code ends every open block. A comment that starts with `soclint-` but cannot
be read (an unknown directive, no code, a word that is no rule code, an
enable that ends no block, a code disabled twice) waives nothing and says why;
so do the comments after the first MAX_COMMENTS of a document.
Comments in code blocks and code spans are text, not comments (markdown.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from soclint.markdown import Comment

DIRECTIVE = "soclint-"
KINDS = ("disable-next-line", "disable-line", "disable", "enable")
_CODE = re.compile(r"[A-Z]+[0-9]{3}")
_REASON_MARK = re.compile(r"(?:^|\s)--(?=\s|$)")
_SEPARATORS = re.compile(r"[\s,]+")
EXAMPLE = "<!-- soclint-disable-next-line L003 -- the reason -->"
# The most soclint comments read in one document; no policy needs more, and the ones after
# them waive nothing, so a body of a hundred thousand costs no more than one of a thousand.
MAX_COMMENTS = 1_000


@dataclass(frozen=True)
class CommentWaiver:
    """A waiver of `code` written in a comment that opens at `line`, `column`, covering the
    file lines `first` to `last`; or, with `problem` set, a comment that waives nothing."""

    code: str | None
    reason: str | None
    line: int
    column: int
    first: int
    last: int
    problem: str | None = None


@dataclass(frozen=True)
class _Directive:
    kind: str
    codes: list[str]
    not_codes: list[str]
    reason: str | None


def _directive(text: str) -> _Directive | None:
    """The directive a comment's text holds; None when it is no soclint comment."""
    words = text.strip().split(None, 1)
    if not words or not words[0].startswith(DIRECTIVE):
        return None
    rest = words[1] if len(words) > 1 else ""
    mark = _REASON_MARK.search(rest)
    named, reason = (rest[: mark.start()], rest[mark.end() :]) if mark else (rest, "")
    tokens = [token for token in _SEPARATORS.split(named) if token]
    return _Directive(
        kind=words[0][len(DIRECTIVE) :],
        codes=[token for token in tokens if _CODE.fullmatch(token)],
        not_codes=[token for token in tokens if not _CODE.fullmatch(token)],
        reason=" ".join(reason.split()) or None,
    )


def comment_waivers(comments: Iterable[Comment], last_line: int) -> list[CommentWaiver]:
    """The waivers the soclint comments among `comments` write, in the order they are
    written; `last_line` is the document's last line, where an open block ends."""
    reader = _Reader()
    read = 0
    for comment in comments:
        directive = _directive(comment.text)
        if directive is None:
            continue
        read += 1
        if read > MAX_COMMENTS:
            reader.problem(
                comment,
                f"soclint reads at most {MAX_COMMENTS:,} waiver comments in a document; "
                "this one and those after it are not read",
            )
            break
        reader.read(comment, directive)
    return reader.waivers(last_line)


class _Reader:
    """The waivers of one document's comments, read in order. A block's waiver takes its
    place when the block opens, and learns its last line when the block ends."""

    def __init__(self) -> None:
        self._found: list[CommentWaiver | None] = []
        # code -> (place in _found, the comment that opened its block, the reason)
        self._open: dict[str, tuple[int, Comment, str | None]] = {}

    def problem(self, comment: Comment, message: str) -> None:
        at = (comment.line, comment.column, comment.line, comment.line)
        self._found.append(CommentWaiver(None, None, *at, problem=message))

    def _waiver(self, code: str, reason: str | None, at: Comment, first: int, last: int) -> None:
        self._found.append(CommentWaiver(code, reason, at.line, at.column, first, last))

    def read(self, comment: Comment, directive: _Directive) -> None:
        if directive.kind not in KINDS:
            known = ", ".join(DIRECTIVE + kind for kind in KINDS)
            self.problem(comment, f"'{DIRECTIVE}{directive.kind}' is not a directive: {known}")
            return
        for word in directive.not_codes:
            self.problem(comment, f"'{word}' is not a rule code such as L003")
        if directive.kind == "enable":
            self._enable(comment, directive.codes)
            return
        if not directive.codes and not directive.not_codes:
            self.problem(
                comment, f"it names no rule code; write the codes before the reason: {EXAMPLE}"
            )
        line, end = comment.line, comment.end_line
        for code in directive.codes:
            if directive.kind == "disable-next-line":
                self._waiver(code, directive.reason, comment, end + 1, end + 1)
            elif directive.kind == "disable-line":
                self._waiver(code, directive.reason, comment, line, end)
            elif code in self._open:
                since = self._open[code][1].line
                self.problem(comment, f"{code} is already disabled since line {since}")
            else:
                self._open[code] = (len(self._found), comment, directive.reason)
                self._found.append(None)

    def _enable(self, comment: Comment, codes: list[str]) -> None:
        if not codes and not self._open:
            self.problem(comment, "soclint-enable ends no block: no soclint-disable is open")
        for code in codes or list(self._open):
            if code in self._open:
                self._close(code, comment.line - 1)
            else:
                self.problem(comment, f"soclint-enable {code} ends no soclint-disable {code} block")

    def _close(self, code: str, last: int) -> None:
        place, start, reason = self._open.pop(code)
        at = (start.line, start.column, start.line, last)
        self._found[place] = CommentWaiver(code, reason, *at)

    def waivers(self, last_line: int) -> list[CommentWaiver]:
        """Every waiver read, the blocks still open ending at `last_line`."""
        for code in list(self._open):
            self._close(code, last_line)
        return [waiver for waiver in self._found if waiver is not None]
