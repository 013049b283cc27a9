"""Markdown bodies: headings, links and prose at the file lines they are on."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import EXAMPLE

from soclint.markdown import Body, Heading, Link, github_anchor, html_anchors, sketch_markdown

TEXT = """\
# Access Control Policy

Grant access through [the request
form](../forms/access.md) and a `code
span that spans lines` before [this link](#scope).

Scope
-----

- An item with [a link](a.md)

  and a second paragraph with [another](b.md#x).

> Quoted [link](quoted.md)

```
[not a link](code.md)
```

## Scope

## The `soclint` *tool*: [docs](c.md)!

[ref link][r]

[r]: ref.md
"""


def test_links_are_at_their_file_lines() -> None:
    body = Body(TEXT, first_line=20)
    assert body.links == (
        Link("../forms/access.md", 22),
        Link("#scope", 24),
        Link("a.md", 29),
        Link("b.md#x", 31),
        Link("quoted.md", 33),
        Link("c.md", 41),
        Link("ref.md", 43),
    )


def test_headings_have_github_anchors_made_unique() -> None:
    body = Body(TEXT, first_line=20)
    assert body.headings == (
        Heading("Access Control Policy", 1, "access-control-policy", 20),
        Heading("Scope", 2, "scope", 26),
        Heading("Scope", 2, "scope-1", 39),
        Heading("The soclint tool: docs!", 2, "the-soclint-tool-docs", 41),
    )
    assert body.anchors == {"access-control-policy", "scope", "scope-1", "the-soclint-tool-docs"}


def test_prose_skips_code_and_keeps_line_numbers() -> None:
    prose = dict(Body(TEXT, first_line=20).prose)
    assert prose[22] == "Grant access through the request"
    assert prose[23] == "form and a  "
    assert prose[24] == " before this link."
    assert prose[31] == "and a second paragraph with another."
    assert prose[41] == "The   tool: docs!"
    assert not any("not a link" in text for text in prose.values())
    assert 36 not in prose


def test_windows_line_endings_keep_lines() -> None:
    body = Body("# Title\r\n\r\nSee [x](x.md)\r\nTODO\r\n", first_line=5)
    assert body.links == (Link("x.md", 7),)
    assert dict(body.prose)[8] == "TODO"


def test_hand_written_html_anchors_count() -> None:
    body = Body('<a name="top"></a>\n\nText <a id="mid"></a> here.\n')
    assert body.anchors == {"top", "mid"}


def test_github_anchor() -> None:
    assert github_anchor("Roles and responsibilities") == "roles-and-responsibilities"
    assert github_anchor("1. Purpose & scope (v2)") == "1-purpose--scope-v2"
    assert github_anchor("Données personnelles") == "données-personnelles"
    assert github_anchor("snake_case-heading") == "snake_case-heading"
    # every ASCII sign and control character is dropped, as in a heading of other letters
    signs = "".join(chr(code) for code in range(128) if not chr(code).isalnum())
    assert github_anchor(f"A{signs}Z") == "a--_z"  # " -_" stay, the space as "-"
    assert github_anchor(f"É{signs}Z") == "é--_z"
    assert github_anchor("\u212a (Kelvin) and K") == "k-kelvin-and-k"


def test_sketch_holds_every_link_the_parser_finds() -> None:
    sketch, body = sketch_markdown(TEXT), Body(TEXT)
    assert {link.target for link in body.links} <= sketch.links
    assert "code.md" in sketch.links  # in a code block: only the parser knows it is no link


def test_sketch_reads_headings_outside_fences_without_markup() -> None:
    sketch = sketch_markdown(TEXT + "\n~~~\n# Not a heading\n~~~\n\n    # Nor this\n")
    assert sketch.headings == (
        "Access Control Policy",
        "Scope",
        "Scope",
        "The `soclint` *tool*: [docs](c.md)!",
    )
    # With its markup the last heading's anchor differs, which sends a link to it to the parser.
    assert sketch.anchors == {
        "access-control-policy",
        "scope",
        "scope-1",
        "the-soclint-tool-docscmd",
    }


@pytest.mark.slow
def test_a_clean_program_is_checked_without_parsing_markdown() -> None:
    script = (
        "import sys; from soclint.program import load_program; from soclint.commands import check; "
        f"report = check(load_program(__import__('pathlib').Path({str(EXAMPLE)!r}))); "
        "print(len(report.findings), 'markdown_it' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.stdout.split() == ["0", "False"], result.stderr


def test_hand_written_anchors_in_tags_that_never_close() -> None:
    # Each unclosed tag ends where the next begins; a closed tag may hold `>` in a value.
    assert sketch_markdown("<a " * 2000).html_anchors == frozenset()
    assert set(html_anchors('<a title="t" <a id="y">')) == {"y"}
    assert set(html_anchors('<a href="x"> <A NAME="a>b"> <a\nid=\'c\'>')) == {"a>b", "c"}
    assert set(html_anchors('<a name="first" id="second">')) == {"first"}
    assert set(html_anchors("<a name= <a id='z'>")) == {"z"}


def test_atx_headings_with_long_runs_of_blanks_and_closing_hashes() -> None:
    sketch = sketch_markdown(
        "# a" + " " * 5000 + "x\n## Scope ##   \n# ###\n#\tTab #x\n####### Seven\n    # Code\n"
    )
    assert sketch.headings == ("a" + " " * 5000 + "x", "Scope", "###", "Tab #x")


def test_setext_headings_and_underlines() -> None:
    sketch = sketch_markdown("Scope\n===\n\nPolicy\n  ---  \nText\n---\n---\n    Code\n---\n")
    # the underline of one heading is not the text of the next
    assert sketch.headings == ("Scope", "Policy", "Text")


def test_a_line_that_reads_as_two_headings_gives_both() -> None:
    assert sketch_markdown("# Title\n---\n").headings == ("# Title", "Title")


def test_sketch_reads_lines_as_markdown_does() -> None:
    # A lone carriage return ends a line; a form feed or a line separator does not.
    assert sketch_markdown("Intro\r# Scope\r\n").headings == ("Scope",)
    assert sketch_markdown("Intro\f# Scope\u2028# More\n").headings == ()
    assert sketch_markdown("[a]:\ry.md\r").links == {"y.md"}


def test_sketch_reads_definitions_that_follow_each_other() -> None:
    text = "# Terms [a]:   \n[b]: y.md\n\nSee [b].\n"
    assert {link.target for link in Body(text).links} == {"y.md"}
    assert "y.md" in sketch_markdown(text).links
    assert sketch_markdown("[a]:" + " " * 5000 + "\n\n" + " " * 5000 + "\n").links == {""}


def test_sketch_says_when_links_are_written_inside_others() -> None:
    text = "[a](b[c](d.md)\n"
    assert [link.target for link in Body(text).links] == ["d.md"]
    sketch = sketch_markdown(text)
    assert not sketch.links_complete
    assert sketch_markdown("[a](b.md) [c](<d e.md>)").links_complete
    assert not sketch_markdown("](" * 3000).links_complete


def test_lone_carriage_returns_do_not_count_as_file_lines() -> None:
    body = Body("Line 1\rstill line 1 [a](a.md)\n# Line 2\r\nTODO on line 3\r[b](b.md)\n", 5)
    assert body.links == (Link("a.md", 5), Link("b.md", 7))
    assert [(h.text, h.line) for h in body.headings] == [("Line 2", 6)]
    assert body.prose == (
        (5, "Line 1"),
        (5, "still line 1 a"),
        (6, "Line 2"),
        (7, "TODO on line 3"),
        (7, "b"),
    )


def test_backtick_runs_that_close_no_code_span_are_text() -> None:
    body = Body("a ``` b\n`` c\n[x](x.md) `code\nspan` [y](y.md)\n" + "`" * 300 + "d" + "`" * 299)
    assert body.links == (Link("x.md", 3), Link("y.md", 4))
    assert dict(body.prose)[1] == "a ``` b"


def test_html_comments_are_found_at_their_lines_and_columns_outside_code() -> None:
    body = Body(
        "Text <!-- one --> and <!-- one --> again\n"
        "<!-- block\n"
        "over two lines -->\n"
        "\n"
        "> <!-- quoted -->\n"
        "\n"
        "`<!-- in a code span -->` and\n"
        "\n"
        "```\n"
        "<!-- in a fence -->\n"
        "```\n"
        "\n"
        "    <!-- indented code -->\n"
        "\n"
        "<!-- first --> <!-- second -->\n"
        "<!-->\n"
        "<!-- never closed\n",
        10,
    )
    assert [(c.text, c.line, c.column, c.end_line) for c in body.comments] == [
        (" one ", 10, 6, 10),
        (" one ", 10, 23, 10),
        (" block\nover two lines ", 11, 1, 12),
        (" quoted ", 14, 3, 14),
        (" first ", 24, 1, 24),
        (" second ", 24, 16, 24),
        ("", 25, 1, 25),
    ]


def test_html_comments_after_lone_carriage_returns_are_at_file_lines() -> None:
    body = Body("a\rb <!-- x -->\n<!-- y\r-->\n<!-- z -->\n", 3)
    assert [(c.text, c.line, c.end_line) for c in body.comments] == [
        (" x ", 3, 3),
        (" y\n", 4, 4),
        (" z ", 5, 5),
    ]
