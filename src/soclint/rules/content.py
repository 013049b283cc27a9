"""Links and content: the Markdown body links to what exists, has its sections, and is finished."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import unquote

from soclint.context import Context
from soclint.document import Document
from soclint.finding import Hit, Severity
from soclint.link_targets import MARKDOWN_SUFFIXES, LinkTarget, Reach, locate
from soclint.markdown import MAX_LINKS, LinkColumns
from soclint.options import Option
from soclint.registry import rule
from soclint.rule_inputs import OWN_DOCUMENT, reads

# `https:`, `mailto:`, `tel:`... and `//host`: links that leave the repository.
_EXTERNAL = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//)")
# Numbering in front of a heading: "1. Purpose", "2.1 Scope".
_NUMBERING = re.compile(r"^[0-9]+(?:\.[0-9]+)*\.?\s+")
# What joins the names of sections in one heading ("Purpose and Scope", "Roles &
# Responsibilities"), once blanks are single spaces.
_JOINERS = (" and ", "&", "/", "+")
PLACEHOLDER = re.compile(r"\b(?:TODO|TBD|FIXME)\b|\{\{[^{}]*\}\}|(?i:\blorem ipsum\b)")
# What every placeholder holds (with "lorem", in any case): a quicker test than the pattern.
PLACEHOLDER_HINTS = ("TODO", "TBD", "FIXME", "{{")
# A bracketed placeholder, `[job title]`: words in brackets, on one line, that start with a
# letter. Not one when part of link syntax, which the parser leaves as text when no
# definition matches (`[text][label]`, `[label]: url`, `[text](`), nor a footnote (`[^1]`),
# a task box (`[x]`), a GitHub alert (`[!NOTE]`), a number (`[1]`) or an index (`rows[i]`).
BRACKETED = re.compile(r"(?<![\w\]\\])\[[^\W\d_][^\[\]\n]+\](?![(\[:])")
# How much of a placeholder a message quotes, and how many bracketed texts of a line are
# looked up in the source to tell them from escaped ones (each lookup reads the line).
QUOTED = 60
ESCAPES_CHECKED = 3


@rule(
    "L001",
    "broken-link",
    "A relative link points at no file, or at no heading of its file.",
    reads=reads(documents=True, files=True),
)
def broken_link(doc: Document, ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    Each relative link and image of the Markdown body (`[text](path)`,
    reference links) resolves to a file or folder inside the repository,
    relative to the document (or to the repository root when it starts with
    `/`); a symbolic link out of the repository does not count, and what it
    leads to is not looked at. A link under a URL prefix that `site_paths`
    in soclint.yaml maps to a folder resolves in that folder, to what it
    names or to the Markdown page it is published from (`vendor/` from
    `vendor.md`). A root-absolute link that is neither a path of the
    repository nor mapped is not checked (L004 says so). A path that
    exists only in other letter case is broken, and the message names the
    file it meant: the link works on macOS and Windows disks, not on the
    web or in CI. A `#anchor`, alone or after a Markdown file, names a
    heading of that file (GitHub's anchors: lowercase, punctuation dropped,
    spaces as hyphens, `-1` for a repeated heading) or an `<a name>`. Links
    with a scheme (`https:`, `mailto:`) are not followed. Links in code are
    not links. A body of more than 5,000 links is checked that far, and the
    rest is reported as not checked.

    ## Why an auditor cares

    Policies send the reader to the procedure, the register or the evidence
    that carries them out. A link to a renamed file is a gap the auditor
    finds by clicking, and it suggests nobody read the document since.

    ## Failing example

    ```markdown policies/access-control.md
    Reviews follow the [access review procedure](../procedures/acces-review.md).
    See [Exceptions](#exception).

    ## Exceptions
    ```

    ## Passing example

    ```markdown policies/access-control.md
    Reviews follow the [access review procedure](../procedures/access-review.md).
    See [Exceptions](#exceptions).

    ## Exceptions
    ```

    ## Options

    `site_paths` in soclint.yaml (see L004).
    """
    sketch = ctx.facts.sketch(doc)
    if sketch.links_complete and all(
        not _broken(_link_problem(doc, target, ctx, quick=True)) for target in sketch.links
    ):
        return
    body = ctx.facts.body(doc)
    # First (it is never among the findings left unlisted): reading the links tells
    # whether they were cut short.
    if body.links and body.links_cut_short:
        unread = body.links_unread_from
        yield Hit(
            f"the body has more than {MAX_LINKS:,} links; the links from line {unread} on are "
            "not checked: split the document",
            doc,
            line=unread,
        )
    yield from _link_hits(doc, ctx, _broken, lambda target: True)


@rule(
    "L004",
    "unchecked-site-link",
    "A root-absolute link is a path of a website that soclint cannot check.",
    severity=Severity.INFO,
    reads=reads(files=True),
)
def unchecked_site_link(doc: Document, ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    A link that starts with `/` and names no file or folder of the
    repository is, in a repository that feeds a website, a path of the
    site (`/security-policies/vendor/`). Map its URL prefix to the folder
    the site publishes it from (`site_paths` in soclint.yaml) and L001
    checks it; until then it is reported here, as not checked. A
    root-absolute link that reads as a path of the repository (it names a
    Markdown file, or starts with a folder or file of the repository root)
    is L001's, broken when it names nothing.

    ## Why an auditor cares

    A policy site links its pages by their published paths. A link soclint
    cannot follow may be broken without anyone knowing; saying so keeps the
    check honest.

    ## Failing example

    ```markdown policies/information-security.md
    Third parties are assessed under the [vendor policy](/security-policies/vendor-risk/).
    ```

    ## Passing example

    The site publishes `policies/` under `/security-policies/`, and says so:

    ```yaml soclint.yaml
    site_paths:
      /security-policies/: policies
    ```

    ```markdown policies/information-security.md
    Third parties are assessed under the [vendor policy](/security-policies/vendor-risk/).
    ```

    ## Options

    `site_paths` in soclint.yaml: a map of URL path prefix to the folder of
    the repository published under it. A path under a prefix names the
    file or folder it spells, else the Markdown page it is published from
    (`vendor/` and `vendor.html` from `vendor.md`).
    """
    sketch = ctx.facts.sketch(doc)
    site_like = [target for target in sketch.links if _root_absolute(target)]
    if sketch.links_complete and not any(
        _unchecked(_link_problem(doc, target, ctx, quick=True)) for target in site_like
    ):
        return
    yield from _link_hits(doc, ctx, _unchecked, _root_absolute)


def _root_absolute(target: str) -> bool:
    """Whether the path of the link `target` starts at the root (`/a`, `%2Fa`)."""
    return _address(target).startswith("/")


def _address(target: str) -> str:
    """The path of the link `target`, decoded, without its query and fragment."""
    return unquote(target.partition("#")[0].partition("?")[0])


@dataclass(frozen=True)
class _Problem:
    """What is wrong with a link; `unchecked` for a website path soclint cannot follow."""

    message: str
    unchecked: bool = False


def _broken(problem: _Problem | None) -> bool:
    return problem is not None and not problem.unchecked


def _unchecked(problem: _Problem | None) -> bool:
    return problem is not None and problem.unchecked


def _link_hits(
    doc: Document,
    ctx: Context,
    reported: Callable[[_Problem | None], bool],
    considered: Callable[[str], bool],
) -> Iterator[Hit]:
    """A finding at each link of `doc`'s body whose target is `considered` and whose
    problem is `reported`."""
    columns: LinkColumns | None = None
    problems: dict[str, _Problem | None] = {}
    for link in ctx.facts.body(doc).links:
        if not considered(link.target):
            continue
        if link.target not in problems:
            problems[link.target] = _link_problem(doc, link.target, ctx)
        problem = problems[link.target]
        if problem is not None and reported(problem):
            columns = columns or LinkColumns(doc)
            column = columns.column(link.line, link.target)
            yield Hit(problem.message, doc, line=link.line, column=column)


def _link_problem(doc: Document, target: str, ctx: Context, quick: bool = False) -> _Problem | None:
    """What is wrong with the link `target` of `doc`, or None when it resolves.

    `quick` judges anchors by the target's sketch instead of its parsed headings.
    """
    if not target or _EXTERNAL.match(target):
        return None
    address, fragment = _address(target), target.partition("#")[2]
    if address:
        found = locate(address, doc.path, ctx.repository.paths, ctx.facts.site_paths)
        path = found.path
        if found.reach is Reach.OUTSIDE:
            return _Problem(f"the link '{target}' points outside the repository")
        if found.reach is Reach.UNMAPPED:
            return _Problem(
                f"the link '{target}' is not checked: it names no path of the repository; if "
                "a website publishes it, map its URL prefix to a folder in soclint.yaml "
                "(site_paths)",
                unchecked=True,
            )
        if found.reach is Reach.MISSING:
            return _Problem(_missing(target, found))
        real = found.real
    else:
        path = real = doc.path
    if not fragment or not path.lower().endswith(MARKDOWN_SUFFIXES):
        return None
    anchors = _anchors(real, ctx, quick)
    fragment_text = unquote(fragment).lower()
    if anchors is None or fragment_text in anchors:
        return None
    hint = ""
    if not quick:  # a quick judgement only needs to know there is a problem
        close = ctx.facts.anchor_suggestions.closest(fragment_text, anchors)
        hint = f" (did you mean '#{close}'?)" if close else ""
    return _Problem(
        f"the link '{target}': {path} has no heading with the anchor '#{fragment}'{hint}"
    )


def _missing(target: str, found: LinkTarget) -> str:
    """Why the link `target`, whose path names nothing, is broken."""
    if not found.path.isprintable():
        return f"the link '{target}' names no file"
    what = (
        f"neither {found.path} nor {found.page} exists"
        if found.page
        else (f"{found.path} does not exist")
    )
    if found.real:
        return (
            f"the link '{target}': {what}; {found.real} does, in other letter case, so the "
            "link works only on disks that ignore case"
        )
    return f"the link '{target}': {what}"


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
    reads=OWN_DOCUMENT,
)
def missing_section(doc: Document, ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    The Markdown body has a heading, at any level, for each section the
    rule pack requires of its document type; the SOC 2 pack requires
    Purpose, Scope and Policy of every policy. Headings match ignoring case,
    a trailing colon and numbering ("1. Purpose"). A heading that joins
    names with "and", "&", "/", "+" or commas counts for each of them:
    "Purpose and Scope" is both the Purpose and the Scope section, and a
    required "Roles and Responsibilities" is met by "Roles &
    Responsibilities". A heading that only starts with a name ("Policy
    Exceptions") is another section. Reported at the document's first
    heading, else where the body starts (the closing `---` of a file that
    has no body).

    ## Why an auditor cares

    Auditors read a policy for its purpose, what it applies to and what it
    requires. A policy without a scope cannot be tested against a system;
    one without its requirements is a statement of intent.

    ## Failing example

    ```markdown policies/access-control.md
    # Access Control Policy

    ## Purpose
    ...
    ## Rules
    ...
    ```

    ## Passing example

    ```markdown policies/access-control.md
    # Access Control Policy

    ## Purpose and Scope
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
    sketched = {_section_parts(heading) for heading in ctx.facts.sketch(doc).headings}
    if all(_has_section(sketched, section) for section in required):
        return
    headings = ctx.facts.body(doc).headings
    present = {_section_parts(h.text) for h in headings}
    line = headings[0].line if headings else doc.body_line
    for section in required:
        if not _has_section(present, section):
            yield Hit(
                f"the body has no '{section}' section; a {doc.type} needs the headings "
                f"{', '.join(required)}",
                doc,
                line=line,
            )


def _section_parts(text: str) -> frozenset[str]:
    """The sections a heading names: "2. Purpose and Scope:" -> {purpose, scope}."""
    name = " ".join(_NUMBERING.sub("", text.strip()).rstrip(":").split()).casefold()
    joined = name
    for joiner in _JOINERS:
        joined = joined.replace(joiner, ",")
    parts = frozenset(part.strip() for part in joined.split(","))
    return parts - {""} or frozenset([name])


def _has_section(headings: set[frozenset[str]], section: str) -> bool:
    """Whether one of `headings` (each as its parts) names every part of `section`."""
    wanted = _section_parts(section)
    return any(wanted <= heading for heading in headings)


@rule(
    "L003",
    "placeholder-text",
    "The body still holds template text (TODO, TBD, {{...}}, [job title], lorem ipsum).",
    severity=Severity.WARNING,
    reads=OWN_DOCUMENT,
)
def placeholder_text(doc: Document, ctx: Context) -> Iterator[Hit]:
    r"""
    ## What it checks

    The prose of the Markdown body holds no template leftovers: `TODO`,
    `TBD`, `FIXME` (in capitals), `{{ placeholders }}`, "lorem ipsum", and
    bracketed placeholders such as `[job title]` or `[amount]`: text in
    square brackets, on one line, that starts with a letter and is more
    than one character long. Brackets that are Markdown are not
    placeholders: links (`[text](url)`, `[text][label]`, `[label]` with a
    definition), reference definitions (`[label]: url`), footnotes
    (`[^1]`), task boxes (`[ ]`, `[x]`), GitHub alerts (`[!NOTE]`),
    numbers (`[1]`) and indexes (`rows[i]`); nor are brackets escaped in the
    source (`\[sic\]`). Fenced code blocks and code spans are skipped;
    indented text is read as prose (in a policy it is an outline written for
    another Markdown dialect, such as pandoc's `i.` lists, not code). One
    finding per line.

    ## Why an auditor cares

    A policy the auditor receives with "TODO: define retention period" or
    "[job title] may approve purchases up to [amount]" was approved
    unfinished; the requirement it leaves open cannot be tested.

    ## Failing example

    ```markdown policies/record-retention.md
    Backups are kept for {{ retention_days }} days. TODO: confirm with legal.
    [job title] may approve urgent purchases up to [amount].
    ```

    ## Passing example

    ```markdown policies/record-retention.md
    Backups are kept for 35 days, as the [schedule](https://example.com/retention) says.
    The CTO may approve urgent purchases up to USD 20,000.
    ```

    ## Options

    None.
    """
    body = doc.body
    if (
        not any(hint in body for hint in PLACEHOLDER_HINTS)
        and "lorem" not in body.lower()
        and BRACKETED.search(body) is None
    ):
        return  # spares parsing a body with none at all
    for line, text in ctx.facts.body(doc).prose:
        found = _placeholder(doc, ctx, line, text)
        if found is not None:
            quoted = found if len(found) <= QUOTED else found[: QUOTED - 1] + "…"
            yield Hit(
                f"template text '{quoted}' left in the document; finish or remove it",
                doc,
                line=line,
                column=ctx.facts.source_column(doc, line, found),
            )


def _placeholder(doc: Document, ctx: Context, line: int, text: str) -> str | None:
    """The first template leftover of the prose `text` on file line `line`, else None."""
    word = PLACEHOLDER.search(text)
    for checked, bracketed in enumerate(BRACKETED.finditer(text)):
        if checked == ESCAPES_CHECKED or (word is not None and word.start() < bracketed.start()):
            break
        # Brackets escaped in the source (`\[sic\]`) are text the author meant.
        if ctx.facts.source_has(doc, line, bracketed[0]):
            return bracketed[0]
    return word[0] if word is not None else None
