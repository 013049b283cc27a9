"""Structure: files that cannot be read as a document, and ids that clash."""

from __future__ import annotations

from collections.abc import Iterator

from soclint.context import Context
from soclint.document import DOCUMENT_TYPES, Document
from soclint.finding import Hit, Severity
from soclint.registry import Subject, rule
from soclint.repository import REGISTERS
from soclint.rule_inputs import OWN_DOCUMENT, reads
from soclint.unparsed import means_soclint
from soclint.yamltree import locate


def _problems(doc: Document, kind: str) -> Iterator[Hit]:
    for problem in doc.problems:
        if problem.kind == kind:
            yield Hit(problem.message, doc, problem.key_path, problem.line, problem.column)


@rule(
    "S001",
    "front-matter-missing",
    "An included file has no YAML front-matter block.",
    reads=OWN_DOCUMENT,
)
def front_matter_missing(doc: Document, ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    Every file soclint reads (by default every Markdown file except README,
    CHANGELOG, LICENSE and the like) must start with a line `---`, the YAML
    front-matter, and a closing line `---`. An empty block or one that is
    never closed counts too. The message says how to fix the near misses:
    comply's format (the YAML first, then a line `---`), blank lines before
    the opening `---`, and a block closed with YAML's end marker `...`.
    These are not read as front-matter, because Jekyll, Hugo and GitHub do
    not read them so either: soclint would judge as metadata what every
    reader of the page sees as text.

    ## Why an auditor cares

    The front-matter is what makes a page a controlled document: its owner,
    status, approval and review. A policy without it is just prose nobody can
    show was approved.

    ## Failing example

    ```markdown standards/password-standard.md
    # Password Standard

    Passwords are at least 14 characters long.
    ```

    ## Passing example

    ```markdown standards/password-standard.md
    ---
    type: standard
    id: STD-PASSWORD
    title: Password Standard
    owner: priya.raman
    status: draft
    version: "0.1"
    ---
    # Password Standard

    Passwords are at least 14 characters long.
    ```

    ## Options

    A Markdown file that is not a program document (a how-to, notes) is left
    out with `extend_exclude` in soclint.yaml.
    """
    return _problems(doc, "front-matter-missing")


@rule(
    "S002",
    "invalid-yaml",
    "The front-matter is not valid YAML (reported at the parser's line).",
    reads=OWN_DOCUMENT,
)
def invalid_yaml(doc: Document, ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    The front-matter must parse as one YAML 1.2 mapping. Syntax errors are
    reported at the line the parser stopped; so are tags soclint does not
    accept (`!!python/object` and other application tags), keys that are
    lists or mappings, aliases that refer to themselves, and YAML nested
    deeper or expanding further than any document needs: 64 levels, 500,000
    values or 4 MiB of text with aliases expanded, and numbers of up to
    1,000 digits (a longer one stays text).

    ## Why an auditor cares

    A document soclint cannot read is a document none of its other checks
    covers: its approval and review go unverified.

    ## Failing example

    ```yaml policies/access-control.md
    controls: [CC6.1, CC6.2
    owner: priya.raman
    ```

    ## Passing example

    ```yaml policies/access-control.md
    controls: [CC6.1, CC6.2]
    owner: priya.raman
    ```

    ## Options

    None.
    """
    return _problems(doc, "yaml-syntax")


@rule("S003", "duplicate-key", "A key appears twice in the same mapping.", reads=OWN_DOCUMENT)
def duplicate_key(doc: Document, ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    A key may appear once per mapping. The finding is at the second
    occurrence; soclint keeps the first value and ignores the later one.

    ## Why an auditor cares

    Different YAML tools keep different copies of a duplicated key, so the
    approval date or owner a reviewer sees may not be the one that counts.

    ## Failing example

    ```yaml policies/access-control.md
    owner: priya.raman
    owner: daniel.okafor
    ```

    ## Passing example

    ```yaml policies/access-control.md
    owner: priya.raman
    ```

    ## Options

    None.
    """
    return _problems(doc, "duplicate-key")


@rule("S004", "not-utf8", "The file is binary or not UTF-8 text.", reads=OWN_DOCUMENT)
def not_utf8(doc: Document, ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    Documents must be UTF-8 text (a byte order mark is tolerated). The
    finding names the first byte that cannot be decoded, at its line.

    ## Why an auditor cares

    A policy saved in a legacy encoding or as a binary export cannot be
    diffed or reviewed in a pull request, so its changes go unseen.

    ## Failing example

    A `.md` file saved as Windows-1252 containing `café` (byte 0xe9).

    ## Passing example

    The same file saved as UTF-8.

    ## Options

    Exclude binary files that happen to end in `.md` with `exclude`.
    """
    return _problems(doc, "not-utf8")


@rule(
    "S005",
    "file-too-large",
    "The file is larger than soclint reads: 1 MiB, or 8 MiB for a register.",
    reads=OWN_DOCUMENT,
)
def file_too_large(doc: Document, ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    soclint reads files up to 1 MiB and reports larger ones instead of
    reading them. A register (risk register, vendor register, asset
    inventory, evidence register, activity log, exception register) keeps
    its rows in the front-matter, so it is read up to 8 MiB (about 10,000
    rows), as long as its Markdown body stays within 1 MiB.

    ## Why an auditor cares

    No policy needs a megabyte of text; a file that size is usually an
    export or a log committed by mistake, and it would be read on every run.

    ## Failing example

    A `registers/risks.md` of 2 MB, pasted from a spreadsheet export.

    ## Passing example

    A register of 10,000 rows in its front-matter and short prose.

    ## Options

    Split a register that grows larger, or exclude the file.
    """
    return _problems(doc, "file-too-large")


@rule("S006", "invalid-date", "A date that does not exist, such as 2026-02-30.", reads=OWN_DOCUMENT)
def invalid_date(doc: Document, ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    An unquoted value shaped like a date (`YYYY-MM-DD`) must be a real
    calendar date. The values of keys soclint.yaml declares as the
    repository's own (`own_keys`) are not judged.

    ## Why an auditor cares

    Approval, review and expiry dates drive most of soclint's checks; an
    impossible date silently disables them for that document.

    ## Failing example

    ```yaml policies/access-control.md
    approval:
      by: daniel.okafor
      date: 2026-02-30
    ```

    ## Passing example

    ```yaml policies/access-control.md
    approval:
      by: daniel.okafor
      date: 2026-02-28
    ```

    ## Options

    None.
    """
    own = {(key,) for key in doc.own_keys}
    return (hit for hit in _problems(doc, "invalid-date") if hit.key_path[:1] not in own)


@rule(
    "S007",
    "unknown-type",
    "The front-matter has no `type`, or one soclint does not know.",
    reads=OWN_DOCUMENT,
)
def unknown_type(doc: Document, ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    `type` selects the schema a document is checked against and must be one
    of: policy, procedure, standard, control, system-description, roster,
    risk-register, vendor-register, asset-inventory, evidence-register,
    activity-log, exception-register.

    ## Why an auditor cares

    A document with a misspelt type is checked against nothing, so nothing
    about it is verified.

    ## Failing example

    ```yaml policies/access-control.md
    type: polcy
    ```

    ## Passing example

    ```yaml policies/access-control.md
    type: policy
    ```

    ## Options

    None.
    """
    if doc.data is None:
        return
    value = doc.data.get("type")
    written = next((key for key in doc.data if key.lower() == "type" and key != "type"), None)
    if value is None and written is not None:
        yield Hit(
            f"the front-matter has no `type`: keys are case-sensitive, so '{written}' is "
            "another key; write `type`",
            doc,
            (written,),
        )
    elif value is None:
        yield Hit(f"the front-matter has no `type`; use one of: {', '.join(DOCUMENT_TYPES)}", doc)
    elif value not in DOCUMENT_TYPES:
        import difflib

        close = difflib.get_close_matches(str(value), DOCUMENT_TYPES, n=1)
        hint = (
            f"did you mean '{close[0]}'?" if close else f"use one of: {', '.join(DOCUMENT_TYPES)}"
        )
        yield Hit(f"unknown type '{value}'; {hint}", doc, ("type",))


@rule(
    "S008",
    "numeric-version",
    "An unquoted `version` that YAML reads as a number.",
    reads=OWN_DOCUMENT,
)
def numeric_version(doc: Document, ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    `version` must be a quoted string. Unquoted, YAML reads `1.10` as the
    number 1.1 and `2.0` as 2.0, so version 1.10 sorts before 1.9.

    ## Why an auditor cares

    The version is how a reader tells which text was approved. A version that
    silently changes when parsed breaks that link.

    ## Failing example

    ```yaml policies/access-control.md
    version: 1.10
    ```

    ## Passing example

    ```yaml policies/access-control.md
    version: "1.10"
    ```

    ## Options

    None.
    """
    if doc.data is None:
        return
    value = doc.data.get("version")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raw = doc.raw.get(("version",), str(value))
        yield Hit(
            f'version {raw} is read as the number {value!r}; quote it: version: "{raw}"',
            doc,
            ("version",),
        )


@rule(
    "S009",
    "duplicate-id",
    "Two documents, or two rows of one kind, share an id.",
    subject=Subject.REPOSITORY,
    reads=reads(documents=True),
)
def duplicate_id(ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    Document ids are unique across the repository; row ids (people,
    components, risks, vendors, assets, evidence, exceptions) are unique
    among rows of their kind. Each later occurrence is reported and names the
    first.

    ## Why an auditor cares

    References resolve by id. With two `POL-ACCESS` documents, an exception
    or a control mapping may point at the draft instead of the approved one.

    ## Failing example

    An old copy of the access-control policy left next to the current one,
    under the same id:

    ```yaml policies/access-control-2023.md
    type: policy
    id: POL-ACCESS-CONTROL
    title: Access Control Policy (2023)
    kind: access-control
    owner: priya.raman
    status: retired
    version: "1.4"
    review: {cycle: annual}
    ```

    ## Passing example

    The old one retired under its own id (or deleted: git keeps its
    history):

    ```yaml policies/access-control-2023.md
    type: policy
    id: POL-ACCESS-CONTROL-2023
    title: Access Control Policy (2023)
    kind: access-control
    owner: priya.raman
    status: retired
    version: "1.4"
    review: {cycle: annual}
    ```

    ## Options

    None.
    """
    seen: dict[str, Document] = {}
    for doc in ctx.repository.documents:
        if doc.id is None:
            continue
        first = seen.setdefault(doc.id, doc)
        if first is not doc:
            line = first.locate(("id",))[0]
            yield Hit(f"duplicate id '{doc.id}': also the id of {first.path}:{line}", doc, ("id",))
    for doc_type, key in REGISTERS.items():
        rows: dict[str, tuple[Document, int]] = {}
        for row in ctx.repository.rows(doc_type):
            row_id = row.fields.get("id")
            if not isinstance(row_id, str):
                continue
            where = (row.document, row.document.locate((*row.key_path, "id"))[0])
            first_doc, first_line = rows.setdefault(row_id, where)
            if (first_doc, first_line) != where:
                yield Hit(
                    f"duplicate {key} id '{row_id}': also at {first_doc.path}:{first_line}",
                    row.document,
                    (*row.key_path, "id"),
                )


@rule(
    "S010",
    "unreadable-file",
    "The file cannot be read (permissions, not a regular file).",
    reads=OWN_DOCUMENT,
)
def unreadable_file(doc: Document, ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    Every included path must be a regular file soclint can read, and every
    folder under the root one it can list: a folder it cannot open is
    reported at the folder, since the documents in it go unchecked. A
    symbolic link that leads nowhere (broken, or a loop) is reported; one
    that leads out of the repository is not followed.

    ## Why an auditor cares

    A document nobody can open in CI is a document nobody checks.

    ## Failing example

    `policies/access-control.md` with mode `000` or replaced by a named
    pipe, or a folder `procedures/` with mode `000`.

    ## Passing example

    A regular, readable file in a folder soclint can list.

    ## Options

    Exclude the path if it is not a document (a folder, by its name in
    `exclude`).
    """
    return _problems(doc, "unreadable")


@rule(
    "S011",
    "no-documents",
    "The program holds no soclint document: nothing to check yet.",
    subject=Subject.NO_DOCUMENTS,
)
def no_documents(ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    Whether any file the run reads is a soclint document: its front-matter
    names one of soclint's types (`type: policy`, `type: roster`, ...), or
    means to (`Type: policy`, `type: polcy`, front-matter that does not
    parse or opens after a blank line: those get their own findings). When
    none does (a first run on an existing policy repository, a folder of
    plain Markdown, an `include` that selects nothing), this is the one
    finding of the run: every other rule would report each document the
    program lacks, and every file that is not in soclint's format. It says
    how many files were read and how to start: `soclint adopt` brings
    existing policies under soclint in one reviewed change, `soclint init`
    starts from the example program.

    ## Why an auditor cares

    A check that reads no document verifies nothing; it must fail, and say
    why in one line rather than in a page of missing parts.

    ## Failing example

    A repository of policies written as plain Markdown, or with a static
    site's front-matter (`title`, `weight`) and no `type`:

    ```yaml soclint.yaml
    include: ["site/**/*.md"]
    ```

    ```markdown site/vendor.md
    ---
    title: Vendor Management
    weight: 3
    ---
    # Vendor Management
    ```

    ## Passing example

    The site's page, in soclint's format:

    ```yaml soclint.yaml
    include: ["site/**/*.md"]
    ```

    ```markdown site/vendor.md
    ---
    type: policy
    id: POL-VENDOR
    title: Vendor Management
    kind: vendor-risk
    ---
    # Vendor Management
    ```

    ## Options

    `include` and `exclude` in soclint.yaml choose the files a run reads.
    With this rule turned off (`ignore: [S011]`), a program without
    documents is checked by every other rule.
    """
    if any(means_soclint(doc) for doc in ctx.repository.documents):
        return
    read = len(ctx.repository.documents)
    found = (
        f"none of the {read} Markdown file{'' if read == 1 else 's'} read has front-matter "
        "naming a soclint type (such as `type: policy`)"
        if read
        else "there is no Markdown file to read"
    )
    yield Hit(
        f"no soclint document: {found}{_unmatched_note(ctx)}; run `soclint adopt` to bring "
        "existing policies under soclint, or `soclint init` to start from the example program"
    )


def _unmatched_include(ctx: Context) -> Iterator[tuple[int, str]]:
    """The `include` patterns written in soclint.yaml that select no file, with their index."""
    config = ctx.config
    for index in ctx.repository.discovery.unmatched_include:
        if ("include", index) in config.positions:
            yield index, config.include[index]


def _unmatched_note(ctx: Context) -> str:
    patterns = [repr(pattern) for _index, pattern in _unmatched_include(ctx)]
    if not patterns:
        return ""
    verb = "selects" if len(patterns) == 1 else "select"
    return f" ({ctx.config.shown_file}: include {', '.join(patterns)} {verb} no file)"


@rule(
    "S012",
    "include-matches-nothing",
    "An `include` pattern of soclint.yaml selects no file.",
    severity=Severity.WARNING,
    subject=Subject.REPOSITORY,
)
def include_matches_nothing(ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    Each pattern of `include` in soclint.yaml (other than a `!` pattern)
    must select at least one file the run looks at: files git ignores,
    hidden folders and other programs' folders are not looked at. The
    finding is at the pattern's line in soclint.yaml.

    ## Why an auditor cares

    A pattern with a typo (`polices/**`, `*.MD`) silently leaves a folder of
    documents unchecked, and a check that did not run reads as a check that
    passed.

    ## Failing example

    ```yaml soclint.yaml
    include: ["*.md", "policies/**/*.md", "procedure/**/*.md"]   # the folder is procedures/
    ```

    ## Passing example

    ```yaml soclint.yaml
    include: ["*.md", "policies/**/*.md", "procedures/**/*.md"]
    ```

    ## Options

    None.
    """
    config = ctx.config
    if config.file is None or not config.file.is_file():
        return
    for index, pattern in _unmatched_include(ctx):
        line, column = locate(config.positions, ("include", index))
        yield Hit(
            f"include[{index}]: {pattern!r} selects no file; check the folder and file names "
            "(letter case counts)",
            line=line,
            column=column,
            file=config.shown_file,
        )
