"""Acknowledgements: staff acknowledge each approved policy, and only versions that exist."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from soclint.acknowledgements import (
    ACKNOWLEDGEMENTS,
    Acknowledgement,
    Obligation,
    obligations,
    policy_versions,
    window,
)
from soclint.context import Context
from soclint.document import Document
from soclint.finding import Hit
from soclint.keypaths import where
from soclint.registry import Subject, rule
from soclint.rule_inputs import reads
from soclint.versions import parse_version

# More people than this behind on one policy are reported in one finding at the policy.
LISTED_PER_POLICY = 10
_NAMED_IN_SUMMARY = 5


def _shown(version: tuple[int, ...]) -> str:
    """(2,) -> '2.0', (2, 3) -> '2.3'."""
    return ".".join(map(str, version if len(version) > 1 else (*version, 0)))


def _days(count: int) -> str:
    return f"{count} day{'' if count == 1 else 's'}"


def _one(obligation: Obligation, ctx: Context) -> Hit:
    person, policy = obligation.person, obligation.policy
    latest = obligation.latest
    before = ""
    if latest is not None and latest.version[0] != obligation.major:
        before = (
            f"; their last acknowledgement is of version {latest.written} on "
            f"{latest.day.isoformat()}, and a new major version needs a new one"
        )
    return Hit(
        f"'{person.id}' has not acknowledged {policy.id} version {policy.get('version')} "
        f"({policy.path}): it was due on {obligation.due.isoformat()}, "
        f"{_days((ctx.as_of - obligation.due).days)} ago ({window(ctx.config, ctx.pack)} after "
        f"{obligation.basis}){before}; record it: soclint ack {policy.path} --by {person.id}",
        person.row.document,
        person.row.key_path,
    )


def _summary(policy: Document, late: list[Obligation], ctx: Context) -> Hit:
    named = ", ".join(o.person.id for o in late[:_NAMED_IN_SUMMARY])
    first = min(o.due for o in late)
    within = window(ctx.config, ctx.pack)
    return Hit(
        f"version: {len(late)} people have not acknowledged version {policy.get('version')} "
        f"of this policy within {within} of its approval or of their start (the first "
        f"was due on {first.isoformat()}): {named} and {len(late) - _NAMED_IN_SUMMARY} more; "
        "soclint coverage --format json lists each",
        policy,
        ("version",),
    )


def _obligations(ctx: Context) -> list[Obligation]:
    """The obligations of the policies the rule judges: every policy's, unless diff mode
    focuses on some."""
    if ctx.focus is None:
        return ctx.facts.acknowledgement_obligations
    facts = ctx.facts
    judged = ctx.judged_documents()
    return obligations(
        ctx.repository,
        facts.people,
        ctx.config,
        ctx.pack,
        lambda: facts.full_history,
        facts.acknowledgements,
        judged,
    )


@rule(
    "N001",
    "acknowledgement-overdue",
    "A person has not acknowledged an approved policy in time.",
    subject=Subject.REPOSITORY,
    options=(ACKNOWLEDGEMENTS,),
    reads=reads("acknowledgement-register", "roster", each_document=True),
)
def acknowledgement_overdue(ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    Each person who must acknowledge the policies has acknowledged each
    approved policy within `acknowledgements.within` of the rule pack (30
    days) of the approval of its current major version, or of their `start`
    when that is later. Who must: the holders of the roles the pack lists in
    `acknowledgements.roles`; without a list, everyone in the roster with a
    `start` date who has not left (`end` before the as-of date). A row of
    the acknowledgement register counts when it names the person, the
    policy's id and a version of the same major version: 2.0 and 2.3 both
    meet the obligation for 2.4, 1.9 does not.

    Reported per person and policy at the person's roster entry; when more
    than 10 people are behind on one policy, once at the policy's `version`
    with their count. When the current major version was first approved is
    read from git history where someone has not acknowledged yet (without
    history, the current approval date stands in).

    ## Why an auditor cares

    "Personnel acknowledge the code of conduct and security policies upon
    hire and annually" is tested by sampling people (CC1.1, CC2.2). A
    material change (a new major version) must be acknowledged again.

    ## Failing example

    Version 3.0, a new major version, was approved on 2026-09-01; as of
    2026-11-01 nobody has acknowledged it (the register holds 2.3):

    ```yaml policies/access-control.md
    version: "3.0"
    approval: {by: daniel.okafor, date: 2026-09-01}
    ```

    ## Passing example

    A minor version: the acknowledgements of 2.3 meet the obligation for 2.4.

    ```yaml policies/access-control.md
    version: "2.4"
    approval: {by: daniel.okafor, date: 2026-09-01}
    ```

    ## Options

    `soclint ack` records acknowledgements, one by one or from a CSV export.
    """
    late: dict[Document, list[Obligation]] = {}
    for obligation in _obligations(ctx):
        if obligation.overdue(ctx.as_of):
            late.setdefault(obligation.policy, []).append(obligation)
    for policy, behind in late.items():
        if len(behind) > LISTED_PER_POLICY:
            yield _summary(policy, behind, ctx)
        else:
            yield from (_one(obligation, ctx) for obligation in behind)


def _other_versions(
    ctx: Context, among: Iterable[Document] | None = None
) -> tuple[dict[str, Document], list[Acknowledgement]]:
    """The policies by id, and the acknowledgements of a version other than their policy's
    current one: only history tells whether such a version existed. Of the policies
    `among` only, when given."""
    policies: dict[str, Document] = {}
    for doc in ctx.repository.of_type("policy") if among is None else among:
        if doc.id and doc.type == "policy":
            policies.setdefault(doc.id, doc)
    rows = [
        row
        for row in ctx.facts.acknowledgements
        if row.document in policies
        and row.version != parse_version(policies[row.document].get("version"))
    ]
    return policies, rows


def _policies_of_other_versions(ctx: Context) -> list[Document]:
    policies, rows = _other_versions(ctx)
    return list(dict.fromkeys(policies[row.document] for row in rows))


@rule(
    "N002",
    "acknowledgement-of-unknown-version",
    "An acknowledgement names a version its policy never had.",
    subject=Subject.REPOSITORY,
    history_for=_policies_of_other_versions,
    reads=reads("acknowledgement-register", each_document=True),
)
def acknowledgement_of_unknown_version(ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    Each row of the acknowledgement register names a version its policy
    has now or had at some commit of its history. A version other than the
    current one is looked up in git history; without history it is not
    judged (A012 does not report this). Rows naming people or policies that
    do not exist are R001 and R004.

    ## Why an auditor cares

    An acknowledgement of a version that never existed was not an
    acknowledgement of anything the auditor can read: a typo, or an import
    that made rows up.

    ## Failing example

    POL-ACCESS-CONTROL has been 2.3 since the program's first commit; it
    never had 2.5:

    ```yaml registers/acknowledgements.md committed 2026-02-16
    acknowledgements:
      - {person: tom.nakamura, document: POL-ACCESS-CONTROL, version: "2.5", date: 2026-02-16}
    ```

    ## Passing example

    2.3 is a version of the policy's history, now at 2.4:

    ```yaml policies/access-control.md committed 2026-10-01
    version: "2.4"
    ```

    ```yaml registers/acknowledgements.md
    acknowledgements:
      - {person: tom.nakamura, document: POL-ACCESS-CONTROL, version: "2.3", date: 2026-02-16}
    ```

    ## Options

    None.
    """
    policies, rows = _other_versions(ctx, None if ctx.focus is None else ctx.judged_documents())
    wanted = list(dict.fromkeys(policies[r.document] for r in rows))
    versions = policy_versions(lambda: ctx.facts.full_history, wanted, ctx.as_of)
    for row in rows:
        known = versions[policies[row.document]].known
        if known is None or row.version in known:
            continue
        had = ", ".join(_shown(version) for version in sorted(known))
        path = (*row.row.key_path, "version")
        yield Hit(
            f"{where(path)}: {row.document} never had version {row.written} (its versions: "
            f"{had or 'none'}); name a version it had",
            row.row.document,
            path,
        )
