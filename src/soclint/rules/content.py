"""Links and content: the Markdown body links to what exists, has its sections, and is finished."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from urllib.parse import unquote

from soclint.context import Context
from soclint.document import Document
from soclint.finding import Hit, Severity
from soclint.markdown import MAX_LINKS, LinkColumns
from soclint.options import Option
from soclint.registry import rule
from soclint.repository_paths import Place

# `https:`, `mailto:`, `tel:`... and `//host`: links that leave the repository.
_EXTERNAL = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//)")
_MARKDOWN_SUFFIXES = (".md", ".markdown")
# Numbering in front of a heading: "1. Purpose", "2.1 Scope".
_NUMBERING = re.compile(r"^[0-9]+(?:\.[0-9]+)*\.?\s+")
PLACEHOLDER = re.compile(r"\b(?:TODO|TBD|FIXME)\b|\{\{[^{}]*\}\}|(?i:\blorem ipsum\b)")
# What every placeholder holds (with "lorem", in any case): a quicker test than the pattern.
PLACEHOLDER_HINTS = ("TODO", "TBD", "FIXME", "{{")


@rule("L001", "broken-link", "A relative link points at no file, or at no heading of its file.")
def broken_link(doc: Document, ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    Each relative link and image of the Markdown body (`[text](path)`,
    reference links) resolves to a file or folder inside the repository,
    relative to the document (or to the repository root when it starts with
    `/`); a symbolic link out of the repository does not count, and what it
    leads to is not looked at. A `#anchor`,
    alone or after a Markdown file, names a heading of that file (GitHub's
    anchors: lowercase, punctuation dropped, spaces as hyphens, `-1` for a
    repeated heading) or an `<a name>`. Links with a scheme (`https:`,
    `mailto:`) are not followed. Links in code are not links. A body of
    more than 5,000 links is checked that far, and the rest is reported as
    not checked.

    ## Why an auditor cares

    Policies send the reader to the procedure, the register or the evidence
    that carries them out. A link to a renamed file is a gap the auditor
    finds by clicking, and it suggests nobody read the document since.

    ## Failing example

    ```markdown
    Reviews follow the [access review procedure](../procedures/acces-review.md).
    See [Exceptions](#exception).
    ```

    ## Passing example

    ```markdown
    Reviews follow the [access review procedure](../procedures/access-review.md).
    See [Exceptions](#exceptions).
    ```

    ## Options

    None.
    """
    sketch = ctx.facts.sketch(doc)
    if sketch.links_complete and all(
        _link_problem(doc, target, ctx, quick=True) is None for target in sketch.links
    ):
        return
    body = ctx.facts.body(doc)
    links = body.links
    if body.links_cut_short:  # first: it is never among the findings left unlisted
        unread = body.links_unread_from
        yield Hit(
            f"the body has more than {MAX_LINKS:,} links; the links from line {unread} on are "
            "not checked: split the document",
            doc,
            line=unread,
        )
    columns: LinkColumns | None = None
    problems: dict[str, str | None] = {}
    for link in links:
        if link.target not in problems:
            problems[link.target] = _link_problem(doc, link.target, ctx)
        problem = problems[link.target]
        if problem is not None:
            columns = columns or LinkColumns(doc)
            yield Hit(problem, doc, line=link.line, column=columns.column(link.line, link.target))


def _link_problem(doc: Document, target: str, ctx: Context, quick: bool = False) -> str | None:
    """What is wrong with the link `target` of `doc`, or None when it resolves.

    `quick` judges anchors by the target's sketch instead of its parsed headings.
    """
    if not target or _EXTERNAL.match(target):
        return None
    address, _, fragment = target.partition("#")
    address = unquote(address.partition("?")[0])
    if address:
        folder = "" if address.startswith("/") else posixpath.dirname(doc.path)
        joined = posixpath.join(folder, address.lstrip("/"))
        path = posixpath.normpath(joined)
        resolved = ctx.repository.paths.resolve(joined)
        if resolved.place is Place.OUTSIDE:
            return f"the link '{target}' points outside the repository"
        if resolved.place is Place.MISSING:
            if not path.isprintable():
                return f"the link '{target}' names no file"
            return f"the link '{target}': {path} does not exist"
        real = resolved.real
    else:
        path = real = doc.path
    if not fragment or not path.lower().endswith(_MARKDOWN_SUFFIXES):
        return None
    anchors = _anchors(real, ctx, quick)
    fragment_text = unquote(fragment).lower()
    if anchors is None or fragment_text in anchors:
        return None
    hint = ""
    if not quick:  # a quick judgement only needs to know there is a problem
        close = ctx.facts.anchor_suggestions.closest(fragment_text, anchors)
        hint = f" (did you mean '#{close}'?)" if close else ""
    return f"the link '{target}': {path} has no heading with the anchor '#{fragment}'{hint}"


def _anchors(path: str, ctx: Context, quick: bool) -> frozenset[str] | None:
    """The anchors of the Markdown file at `path`, None when it cannot be read as text."""
    doc = ctx.repository.by_path.get(path)
    if doc is None:
        # A Markdown file soclint does not check as a document, such as README.md.
        doc = ctx.facts.markdown_file(path)
        if doc is None:
            return None
    return ctx.facts.sketch(doc).anchors if quick else ctx.facts.body(doc).anchors


REQUIRED_SECTIONS: Option[dict[str, list[str]]] = Option(
    "required_sections",
    {
        "type": "object",
        "description": "a map of document type to the list of headings its body must have",
        "propertyNames": {"$ref": "urn:soclint:schemas:common#/$defs/document_type"},
        "additionalProperties": {
            "type": "array",
            "items": {"$ref": "urn:soclint:schemas:common#/$defs/text"},
            "description": "a list of headings",
        },
    },
    default={},
    help="the headings the body of each document type must have; soclint.yaml replaces "
    "the pack's list for the types it names",
    pack_key="sections",
)


@rule(
    "L002",
    "missing-section",
    "The body lacks a section its document type requires.",
    options=(REQUIRED_SECTIONS,),
)
def missing_section(doc: Document, ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    The Markdown body has a heading, at any level, for each section the
    rule pack requires of its document type; the SOC 2 pack requires
    Purpose, Scope and Policy of every policy. Headings match ignoring case,
    a trailing colon and numbering ("1. Purpose"). Reported at the
    document's first heading, else where the body starts (the closing `---`
    of a file that has no body).

    ## Why an auditor cares

    Auditors read a policy for its purpose, what it applies to and what it
    requires. A policy without a scope cannot be tested against a system;
    one without its requirements is a statement of intent.

    ## Failing example

    ```markdown
    # Access Control Policy

    ## Purpose
    ...
    ## Rules
    ...
    ```

    ## Passing example

    ```markdown
    # Access Control Policy

    ## Purpose
    ## Scope
    ## Policy
    ```

    ## Options

    For example, in soclint.yaml:

    ```yaml
    required_sections:
      policy: [Purpose, Scope, Policy, Exceptions]
      procedure: [Steps]
    ```
    """
    if doc.type is None:
        return
    required = REQUIRED_SECTIONS.value(ctx.config, ctx.pack).get(doc.type)
    if not required:
        return
    sketched = {_section_name(heading) for heading in ctx.facts.sketch(doc).headings}
    if all(_section_name(section) in sketched for section in required):
        return
    headings = ctx.facts.body(doc).headings
    present = {_section_name(h.text) for h in headings}
    line = headings[0].line if headings else doc.body_line
    for section in required:
        if _section_name(section) not in present:
            yield Hit(
                f"the body has no '{section}' section; a {doc.type} needs the headings "
                f"{', '.join(required)}",
                doc,
                line=line,
            )


def _section_name(text: str) -> str:
    return " ".join(_NUMBERING.sub("", text.strip()).rstrip(":").split()).casefold()


@rule(
    "L003",
    "placeholder-text",
    "The body still holds template text (TODO, TBD, {{...}}, lorem ipsum).",
    severity=Severity.WARNING,
)
def placeholder_text(doc: Document, ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    The prose of the Markdown body holds no template leftovers: `TODO`,
    `TBD`, `FIXME` (in capitals), `{{ placeholders }}` and "lorem ipsum".
    Code blocks and code spans are skipped. One finding per line.

    ## Why an auditor cares

    A policy the auditor receives with "TODO: define retention period" was
    approved unfinished; the requirement it leaves open cannot be tested.

    ## Failing example

    ```markdown
    Backups are kept for {{ retention_days }} days. TODO: confirm with legal.
    ```

    ## Passing example

    ```markdown
    Backups are kept for 35 days.
    ```

    ## Options

    None.
    """
    if not any(hint in doc.body for hint in PLACEHOLDER_HINTS) and "lorem" not in doc.body.lower():
        return  # spares parsing a body with none at all
    for line, text in ctx.facts.body(doc).prose:
        found = PLACEHOLDER.search(text)
        if found is not None:
            yield Hit(
                f"template text '{found[0]}' left in the document; finish or remove it",
                doc,
                line=line,
                column=ctx.facts.source_column(doc, line, found[0]),
            )
