"""Structure: files that cannot be read as a document, and ids that clash."""

from __future__ import annotations

from collections.abc import Iterator

from soclint.context import Context
from soclint.document import DOCUMENT_TYPES, Document
from soclint.finding import Hit
from soclint.registry import Subject, rule
from soclint.repository import REGISTERS


def _problems(doc: Document, kind: str) -> Iterator[Hit]:
    for problem in doc.problems:
        if problem.kind == kind:
            yield Hit(problem.message, doc, problem.key_path, problem.line, problem.column)


@rule("S001", "front-matter-missing", "An included file has no YAML front-matter block.")
def front_matter_missing(doc: Document, ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    Every file soclint reads (by default every `*.md` except README, CHANGELOG
    and LICENSE) must start with a line `---`, the YAML front-matter, and a
    closing line `---`. An empty block or one that is never closed counts too.

    ## Why an auditor cares

    The front-matter is what makes a page a controlled document: its owner,
    status, approval and review. A policy without it is just prose nobody can
    show was approved.

    ## Failing example

    ```markdown
    # Access Control Policy
    Access is granted on least privilege...
    ```

    ## Passing example

    ```markdown
    ---
    type: policy
    id: POL-ACCESS
    title: Access Control Policy
    ...
    ---
    # Access Control Policy
    ```

    ## Options

    A Markdown file that is not a program document (a how-to, notes) is left
    out with `exclude` in soclint.yaml.
    """
    return _problems(doc, "front-matter-missing")


@rule("S002", "invalid-yaml", "The front-matter is not valid YAML (reported at the parser's line).")
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

    ```yaml
    controls: [CC6.1, CC6.2
    owner: jdoe
    ```

    ## Passing example

    ```yaml
    controls: [CC6.1, CC6.2]
    owner: jdoe
    ```

    ## Options

    None.
    """
    return _problems(doc, "yaml-syntax")


@rule("S003", "duplicate-key", "A key appears twice in the same mapping.")
def duplicate_key(doc: Document, ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    A key may appear once per mapping. The finding is at the second
    occurrence; soclint keeps the first value and ignores the later one.

    ## Why an auditor cares

    Different YAML tools keep different copies of a duplicated key, so the
    approval date or owner a reviewer sees may not be the one that counts.

    ## Failing example

    ```yaml
    owner: jdoe
    owner: asmith
    ```

    ## Passing example

    ```yaml
    owner: jdoe
    ```

    ## Options

    None.
    """
    return _problems(doc, "duplicate-key")


@rule("S004", "not-utf8", "The file is binary or not UTF-8 text.")
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

    A 40 MB `registers/risks.md` pasted from a spreadsheet export.

    ## Passing example

    A register of 10,000 rows in its front-matter and short prose.

    ## Options

    Split a register that grows larger, or exclude the file.
    """
    return _problems(doc, "file-too-large")


@rule("S006", "invalid-date", "A date that does not exist, such as 2026-02-30.")
def invalid_date(doc: Document, ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    An unquoted value shaped like a date (`YYYY-MM-DD`) must be a real
    calendar date.

    ## Why an auditor cares

    Approval, review and expiry dates drive most of soclint's checks; an
    impossible date silently disables them for that document.

    ## Failing example

    ```yaml
    approval:
      date: 2026-02-30
    ```

    ## Passing example

    ```yaml
    approval:
      date: 2026-02-28
    ```

    ## Options

    None.
    """
    return _problems(doc, "invalid-date")


@rule("S007", "unknown-type", "The front-matter has no `type`, or one soclint does not know.")
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

    ```yaml
    type: polcy
    ```

    ## Passing example

    ```yaml
    type: policy
    ```

    ## Options

    None.
    """
    if doc.data is None:
        return
    value = doc.data.get("type")
    if value is None:
        yield Hit(f"the front-matter has no `type`; use one of: {', '.join(DOCUMENT_TYPES)}", doc)
    elif value not in DOCUMENT_TYPES:
        import difflib

        close = difflib.get_close_matches(str(value), DOCUMENT_TYPES, n=1)
        hint = (
            f"did you mean '{close[0]}'?" if close else f"use one of: {', '.join(DOCUMENT_TYPES)}"
        )
        yield Hit(f"unknown type '{value}'; {hint}", doc, ("type",))


@rule("S008", "numeric-version", "An unquoted `version` that YAML reads as a number.")
def numeric_version(doc: Document, ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    `version` must be a quoted string. Unquoted, YAML reads `1.10` as the
    number 1.1 and `2.0` as 2.0, so version 1.10 sorts before 1.9.

    ## Why an auditor cares

    The version is how a reader tells which text was approved. A version that
    silently changes when parsed breaks that link.

    ## Failing example

    ```yaml
    version: 1.10
    ```

    ## Passing example

    ```yaml
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

    `policies/access.md` and `policies/access-old.md` both with
    `id: POL-ACCESS`.

    ## Passing example

    Retire the old one under its own id (`POL-ACCESS-2023`), or delete it:
    git keeps its history.

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


@rule("S010", "unreadable-file", "The file cannot be read (permissions, not a regular file).")
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

    `policies/access.md` with mode `000`, a named pipe called `notes.md`, or
    a folder `procedures/` with mode `000`.

    ## Passing example

    A regular, readable file in a folder soclint can list.

    ## Options

    Exclude the path if it is not a document (a folder, by its name in
    `exclude`).
    """
    return _problems(doc, "unreadable")
