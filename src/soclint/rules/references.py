"""References: every person, component, vendor, asset, evidence and policy named exists."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from soclint.context import Context
from soclint.document import Document
from soclint.fields import COMPONENT_FIELDS, Pattern, references
from soclint.finding import Hit
from soclint.keypaths import where
from soclint.registry import Subject, rule
from soclint.rule_inputs import reads
from soclint.suggestions import Suggestions
from soclint.unparsed import ids_of, reads_as, unread_note

_DOCUMENT_PEOPLE: tuple[Pattern, ...] = (("owner",), ("approval", "by"))

PERSON_FIELDS: dict[str, tuple[Pattern, ...]] = {
    "policy": _DOCUMENT_PEOPLE,
    "procedure": _DOCUMENT_PEOPLE,
    "standard": _DOCUMENT_PEOPLE,
    "control": (("owner",),),
    "roster": (("owner",),),
    "system-description": (("owner",), ("approval", "by"), ("components", "*", "owner")),
    "risk-register": (
        ("owner",),
        ("signoff", "by"),
        ("reviews", "*", "by"),
        ("risks", "*", "owner"),
        ("risks", "*", "acceptance", "by"),
    ),
    "vendor-register": (("owner",), ("vendors", "*", "owner")),
    "asset-inventory": (("owner",), ("assets", "*", "owner")),
    "evidence-register": (("owner",), ("evidence", "*", "owner")),
    "activity-log": (("owner",), ("activities", "*", "by")),
    "exception-register": (("owner",), ("exceptions", "*", "approval", "by")),
    "acknowledgement-register": (("owner",), ("acknowledgements", "*", "person")),
}

EVIDENCE_FIELDS: dict[str, tuple[Pattern, ...]] = {
    "control": (("evidence", "*"),),
    "activity-log": (("activities", "*", "evidence", "*"),),
}


def _known_rows(ctx: Context, doc_type: str) -> set[str]:
    """The row ids of the `doc_type` registers, with those a register that does not parse
    may hold: its parse error is the finding, not every reference into it."""
    return ctx.repository.row_ids(doc_type) | ids_of(ctx.facts.unparsed, doc_type)


def _unknown(
    refs: Iterable[tuple[Document, tuple[str | int, ...], str]],
    known: set[str],
    what: str,
) -> Iterator[Hit]:
    suggestions = Suggestions()
    for doc, path, value in refs:
        if value not in known:
            close = suggestions.closest(value, known, cutoff=0.75)
            hint = f" (did you mean '{close}'?)" if close else ""
            yield Hit(f"{where(path)}: '{value}' is not {what}{hint}", doc, path)


@rule(
    "R001",
    "unknown-person",
    "A person named is not in the roster.",
    subject=Subject.REPOSITORY,
    reads=reads(documents=True, unparsed=True),
)
def unknown_person(ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    Every person a document names (`owner`, `approval.by`, `signoff.by`,
    review and activity `by`, risk `acceptance.by`, exception approvers,
    the `person` of each acknowledgement) is
    the `id` of a person in the roster. Skipped when there is no roster
    (R007 reports that once).

    ## Why an auditor cares

    Accountability is tested by name (CC1.3, CC1.5): an approver who is not
    on the roster cannot be shown to hold the authority, and a departed
    owner leaves a document nobody maintains.

    ## Failing example

    ```yaml policies/access-control.md
    owner: priya        # the roster has priya.raman
    ```

    ## Passing example

    ```yaml policies/access-control.md
    owner: priya.raman
    ```

    ## Options

    None.
    """
    if ctx.repository.first("roster") is None:
        return
    people = _known_rows(ctx, "roster")
    yield from _unknown(references(ctx.repository, PERSON_FIELDS), people, "a person in the roster")


@rule(
    "R002",
    "unknown-component",
    "A component named is not in the system description.",
    subject=Subject.REPOSITORY,
    reads=reads(
        "asset-inventory", "policy", "procedure", "standard", "system-description", unparsed=True
    ),
)
def unknown_component(ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    Each `applies_to` item of a policy, procedure or standard and each
    asset's `component` is the `id` of a component of the system
    description. Skipped when there is no system description.

    ## Why an auditor cares

    The system description fixes the audit's boundary. A policy that applies
    to a component the description does not list claims coverage the
    auditor cannot place in scope.

    ## Failing example

    ```yaml policies/access-control.md
    applies_to: [api, postgres]     # the description calls it `database`
    ```

    ## Passing example

    ```yaml policies/access-control.md
    applies_to: [api, database]
    ```

    ## Options

    None.
    """
    if ctx.repository.first("system-description") is None:
        return
    components = _known_rows(ctx, "system-description")
    yield from _unknown(
        references(ctx.repository, COMPONENT_FIELDS),
        components,
        "a component of the system description",
    )


@rule(
    "R003",
    "unknown-evidence",
    "An evidence id named is not in the evidence register.",
    subject=Subject.REPOSITORY,
    reads=reads("activity-log", "control", "evidence-register", unparsed=True),
)
def unknown_evidence(ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    The `evidence` of a control and of each activity-log entry lists ids of
    the evidence register.

    ## Why an auditor cares

    Evidence is what the auditor samples. A control or activity that points
    at evidence nobody indexed cannot be shown to have operated.

    ## Failing example

    ```yaml registers/activities.md
    activities:
      - {kind: access-review, date: 2026-10-16, by: priya.raman, outcome: pass,
         evidence: [EV-AR-Q4]}
    ```

    ## Passing example

    The activity names an evidence id of the register (or the register lists
    `EV-AR-Q4` with its location):

    ```yaml registers/activities.md
    activities:
      - {kind: access-review, date: 2026-10-16, by: priya.raman, outcome: pass,
         evidence: [EV-ACCESS-REVIEW]}
    ```

    ## Options

    None.
    """
    known = _known_rows(ctx, "evidence-register")
    yield from _unknown(
        references(ctx.repository, EVIDENCE_FIELDS),
        known,
        "an evidence id of the evidence register",
    )


@rule(
    "R004",
    "unknown-policy",
    "An exception or acknowledgement names a policy that does not exist.",
    subject=Subject.REPOSITORY,
    reads=reads("acknowledgement-register", "exception-register", "policy", unparsed=True),
)
def unknown_policy(ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    Each exception's `policy`, and each acknowledgement's `document`, is the
    `id` of a policy document.

    ## Why an auditor cares

    An exception is a documented deviation from a specific policy; one that
    names no policy cannot be evaluated against the requirement it waives.

    ## Failing example

    ```yaml registers/exceptions.md
    exceptions:
      - {id: EXC-1, policy: POL-ACCES-CONTROL, subject: Shared break-glass account,
         severity: low, expires: 2027-01-31}
    ```

    ## Passing example

    ```yaml registers/exceptions.md
    exceptions:
      - {id: EXC-1, policy: POL-ACCESS-CONTROL, subject: Shared break-glass account,
         severity: low, expires: 2027-01-31}
    ```

    ## Options

    None.
    """
    policies = {doc.id for doc in ctx.repository.of_type("policy") if doc.id}
    policies |= ids_of(ctx.facts.unparsed, "policy")
    refs = references(
        ctx.repository,
        {
            "exception-register": (("exceptions", "*", "policy"),),
            "acknowledgement-register": (("acknowledgements", "*", "document"),),
        },
    )
    yield from _unknown(refs, policies, "the id of a policy")


@rule(
    "R005",
    "unknown-asset",
    "A risk names an asset that is not in the asset inventory.",
    subject=Subject.REPOSITORY,
    reads=reads("asset-inventory", "risk-register", unparsed=True),
)
def unknown_asset(ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    Each risk's `asset` is the `id` of an asset of the asset inventory.

    ## Why an auditor cares

    Risk assessment starts from what you protect (CC3.2). A risk tied to an
    asset nobody inventoried has no owner for the asset and no evidence the
    asset is in scope.

    ## Failing example

    ```yaml registers/risks.md
    risks:     # the inventory calls the database AST-RDS-PROD
      - {id: R-002, title: Ransomware, asset: prod-db, owner: tom.nakamura,
         likelihood: 2, impact: 3, treatment: accept, status: closed}
    ```

    ## Passing example

    ```yaml registers/risks.md
    risks:
      - {id: R-002, title: Ransomware, asset: AST-RDS-PROD, owner: tom.nakamura,
         likelihood: 2, impact: 3, treatment: accept, status: closed}
    ```

    ## Options

    None.
    """
    refs = references(ctx.repository, {"risk-register": (("risks", "*", "asset"),)})
    assets = _known_rows(ctx, "asset-inventory")
    yield from _unknown(refs, assets, "an asset of the asset inventory")


@rule(
    "R006",
    "unknown-vendor",
    "A component names a vendor that is not in the vendor register.",
    subject=Subject.REPOSITORY,
    reads=reads("system-description", "vendor-register", unparsed=True),
)
def unknown_vendor(ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    Each system-description component's `vendor` is the `id` of a vendor of
    the vendor register.

    ## Why an auditor cares

    A component run by a vendor makes that vendor a subservice organisation
    (CC9.2): it must be assessed like every other vendor, which starts with
    being in the register.

    ## Failing example

    ```yaml system-description.md
    components:     # the vendor register calls it aws
      - {id: database, name: Postgres, in_scope: true, owner: tom.nakamura, vendor: amazon}
    ```

    ## Passing example

    The vendor register lists `aws`, and the component says so:

    ```yaml system-description.md
    components:
      - {id: database, name: Postgres, in_scope: true, owner: tom.nakamura, vendor: aws}
    ```

    ## Options

    None.
    """
    refs = references(ctx.repository, {"system-description": (("components", "*", "vendor"),)})
    vendors = _known_rows(ctx, "vendor-register")
    yield from _unknown(refs, vendors, "a vendor of the vendor register")


@rule(
    "R007",
    "roster-missing",
    "Documents name people but the repository has no roster.",
    subject=Subject.REPOSITORY,
    reads=reads("policy", "roster", unparsed=True),
)
def roster_missing(ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    When any document names a person, the repository must hold a roster
    (`type: roster`): the people and the roles that carry each authority.
    Reported once, at the first document that names someone.

    ## Why an auditor cares

    Without a roster, no approval can be shown to come from someone with the
    authority to give it.

    ## Failing example

    Policies with `owner:` and `approval.by:`, and no roster:

    ```sh
    git rm roster.md
    ```

    ## Passing example

    ```yaml roster.md
    type: roster
    id: roster
    title: People and authority
    people:
      - {id: priya.raman, name: Priya Raman, email: priya@example.com, roles: [security-lead]}
      - {id: daniel.okafor, name: Daniel Okafor, email: daniel@example.com, roles: [cto]}
    authority:
      approve-policy: [cto, security-lead]
    ```

    ## Options

    None.
    """
    roster, unread = reads_as(ctx.facts.unparsed, "roster")
    if ctx.repository.first("roster") is not None or roster:
        return
    maybe = unread_note(unread, "be it")
    for doc, path, _value in references(ctx.repository, PERSON_FIELDS):
        yield Hit(
            f"people are named but the repository has no roster (type: roster){maybe}", doc, path
        )
        return
