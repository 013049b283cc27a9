"""CODEOWNERS and the roster agree on who reviews a change to a policy."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from soclint.context import Context
from soclint.document import Document
from soclint.finding import Hit, Severity
from soclint.lifecycle import CONTROLLED_TYPES
from soclint.people import Person, by_github
from soclint.registry import Subject, rule
from soclint.rule_inputs import reads

if TYPE_CHECKING:
    from soclint.codeowners import CodeOwners, OwnerLine

APPROVE = "approve-policy"


def _named(docs: list[Document]) -> str:
    """'policies/a.md', or 'policies/a.md and 3 other documents'."""
    others = len(docs) - 1
    more = f" and {others} other document{'' if others == 1 else 's'}" if others else ""
    return f"{docs[0].path}{more}"


def _owned(ctx: Context, owners: CodeOwners) -> dict[OwnerLine | None, list[Document]]:
    """The controlled documents by the CODEOWNERS line that decides their owners."""
    found: dict[OwnerLine | None, list[Document]] = {}
    for doc in sorted(ctx.repository.of_type(*CONTROLLED_TYPES), key=lambda d: d.path):
        found.setdefault(owners.deciding(doc.path), []).append(doc)
    return found


def _person(ctx: Context, owner: str) -> Person | str:
    """The roster person CODEOWNERS' `owner` names, or why there is none."""
    if owner.startswith("@") and "/" in owner:
        return "is a team, whose members soclint cannot see (name the approvers' handles)"
    if owner.startswith("@"):
        person = by_github(ctx.facts.people).get(owner[1:].lower())
        return person or "is the GitHub handle (github:) of no one in the roster"
    found = [p for p in ctx.facts.people.values() if p.commits_as(owner)]
    return found[0] if found else "is the address of no one in the roster"


@rule(
    "A021",
    "codeowner-without-authority",
    "A code owner of a policy is not a roster person who may approve policies.",
    severity=Severity.WARNING,
    subject=Subject.REPOSITORY,
    reads=reads("policy", "procedure", "roster", "standard", files=True),
)
def codeowner_without_authority(ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    Where the repository has a CODEOWNERS file (`.github/CODEOWNERS`,
    `CODEOWNERS` or `docs/CODEOWNERS`), every owner of a policy, procedure
    or standard is a person of the roster who holds `approve-policy`: an
    `@handle` is the `github` of that person, an address one of theirs.
    For each document the last matching line decides, as on GitHub.
    Reported at the CODEOWNERS line, once per owner. A team (`@org/team`)
    is reported too: soclint cannot see who is in it.

    ## Why an auditor cares

    With branch protection, a code owner's review is what lets a change to
    a policy merge. A code owner the roster does not authorise can let a
    policy change through that no approver looked at (CC8.1, CC5.3).

    ## Failing example

    The roster gives tom.nakamura (`github: tnakamura`) no `approve-policy`:

    ```text .github/CODEOWNERS
    /policies/  @tnakamura
    ```

    ## Passing example

    ```text .github/CODEOWNERS
    /policies/  @dokafor @praman-sec
    ```

    ## Options

    None. `github:` of a roster entry names the person's handle.
    """
    owners = ctx.facts.codeowners
    if owners is None:
        return
    if owners.problem is not None:
        yield Hit(f"CODEOWNERS cannot be checked: {owners.problem}", file=owners.shown, line=1)
        return
    for line, docs in _owned(ctx, owners).items():
        for owner in line.owners if line else ():
            person = _person(ctx, owner)
            if isinstance(person, Person):
                if ctx.repository.holds(person.id, APPROVE):
                    continue
                roles = ", ".join(person.row.strings("roles")) or "none"
                person = f"is '{person.id}' of the roster, who does not hold {APPROVE} ({roles})"
            yield Hit(
                f"{owner} owns {_named(docs)} by this line, and {person}; a change to them "
                f"could merge on the review of someone who may not approve them",
                file=owners.shown,
                line=line.line if line else 1,
            )


@rule(
    "A022",
    "document-without-codeowner",
    "CODEOWNERS names no owner for a policy, procedure or standard.",
    severity=Severity.WARNING,
    subject=Subject.REPOSITORY,
    reads=reads("policy", "procedure", "standard", files=True),
)
def document_without_codeowner(ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    Where the repository has a CODEOWNERS file, every policy, procedure and
    standard has an owner in it: some line matches its path, and the last
    one that does names owners. Reported at that line, or at the first line
    of the file when none matches, naming the documents.

    ## Why an auditor cares

    A policy nobody owns in CODEOWNERS can change on anyone's review: the
    approval control of CC8.1 is not enforced where the change happens.

    ## Failing example

    ```text .github/CODEOWNERS
    /src/  @kestrel-ledger/platform
    ```

    ## Passing example

    ```text .github/CODEOWNERS
    /src/         @kestrel-ledger/platform
    /policies/    @dokafor @praman-sec
    /procedures/  @dokafor @praman-sec
    /standards/   @dokafor @praman-sec
    ```

    ## Options

    None.
    """
    owners = ctx.facts.codeowners
    if owners is None or owners.problem is not None:
        return
    for line, docs in _owned(ctx, owners).items():
        if line is not None and line.owners:
            continue
        how = "no line matches them" if line is None else "this line, the last to match, has none"
        yield Hit(
            f"{_named(docs)} {'has' if len(docs) == 1 else 'have'} no code owner ({how}); "
            f"name the people who hold {APPROVE}",
            file=owners.shown,
            line=line.line if line else 1,
        )


@rule(
    "A023",
    "approver-without-github",
    "With a CODEOWNERS file, a person who may approve policies has no GitHub handle.",
    severity=Severity.WARNING,
    subject=Subject.REPOSITORY,
    reads=reads("roster", files=True),
)
def approver_without_github(ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    Where the repository has a CODEOWNERS file, each person of the roster
    who holds `approve-policy` and has not left gives their GitHub handle
    (`github:`), so CODEOWNERS can name them and soclint can match its
    owners to the roster. Reported at the person's roster entry.

    ## Why an auditor cares

    An approver who cannot be a code owner approves in the front-matter
    only; their review is not what lets the change merge.

    ## Failing example

    ```text .github/CODEOWNERS
    /policies/  @dokafor
    ```

    ```yaml roster.md
    people:
      - {id: daniel.okafor, name: Daniel Okafor, roles: [cto]}
    ```

    ## Passing example

    ```text .github/CODEOWNERS
    /policies/  @dokafor
    ```

    ```yaml roster.md
    people:
      - {id: daniel.okafor, name: Daniel Okafor, roles: [cto], github: dokafor}
    ```

    ## Options

    None.
    """
    if ctx.facts.codeowners is None:
        return
    for person in ctx.facts.people.values():
        if person.github or person.left_before(ctx.as_of):
            continue
        if ctx.repository.holds(person.id, APPROVE):
            yield Hit(
                f"'{person.id}' holds {APPROVE} but has no github handle in the roster, so "
                "CODEOWNERS cannot name them; add github: with their handle",
                person.row.document,
                person.row.key_path,
            )
