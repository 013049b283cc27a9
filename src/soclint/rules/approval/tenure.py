"""Tenure: people sign only while they are there, and hold no authority once they have left."""

from __future__ import annotations

from collections.abc import Iterator

from soclint.context import Context
from soclint.deadlines import Deadline
from soclint.finding import Hit, Severity
from soclint.keypaths import where
from soclint.people import dated_acts
from soclint.registry import Subject, rule
from soclint.rule_inputs import reads


@rule(
    "A016",
    "signed-outside-tenure",
    "An approval, sign-off, review or activity is dated outside its person's start and end.",
    subject=Subject.REPOSITORY,
    waivable=False,
    reads=reads("roster", documents=True),
)
def signed_outside_tenure(ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    Each dated act of a person falls within their `start` and `end` in the
    roster (either may be left out): the approval of an approved policy,
    procedure or standard and of the system description, the risk
    register's `signoff` and `reviews`, each risk's `acceptance`, each
    exception's `approval` and each activity of the activity log. Reported
    at the act's `by`.

    ## Why an auditor cares

    An approval dated before the approver joined or after they left is, at
    best, a wrong date and, at worst, someone else's act under their name
    (CC1.3, CC5.3).

    ## Failing example

    A typo in the year puts the approval before the approver joined
    (daniel.okafor started 2019-05-13):

    ```yaml policies/access-control.md
    approval: {by: daniel.okafor, date: 2019-02-10}
    ```

    ## Passing example

    ```yaml policies/access-control.md
    approval: {by: daniel.okafor, date: 2026-02-10}
    ```

    ## Options

    None. `start` and `end` are dates of the roster entry.
    """
    people = ctx.facts.people
    for doc in ctx.repository.documents:
        for act in dated_acts(doc):
            person = people.get(act.person)
            if person is None or person.there_on(act.day):
                continue
            path = (*act.key_path, "by")
            if person.start is not None and act.day < person.start:
                when = f"before they started on {person.start.isoformat()}"
            else:
                assert person.end is not None
                when = f"after they left on {person.end.isoformat()}"
            yield Hit(
                f"{where(path)}: '{person.id}' is recorded here on {act.day.isoformat()}, {when} "
                "(start and end in the roster); correct the date or the person",
                doc,
                path,
            )


def _authority_deadlines(ctx: Context) -> Iterator[Deadline]:
    """The end date of each person of the roster who holds an authority through a role."""
    held = ctx.repository.authority
    for person in ctx.facts.people.values():
        roles = set(person.row.strings("roles"))
        granting = {name: roles & holders for name, holders in held.items() if roles & holders}
        if person.end is None or not granting:
            continue
        through = sorted(set().union(*granting.values()))
        yield Deadline(
            document=person.row.document,
            key_path=(*person.row.key_path, "end"),
            due=person.end,
            subject=f"the authority of '{person.id}' ({', '.join(sorted(granting))})",
            basis=f"their last day in the roster; held through {', '.join(through)}",
            advice="take those roles from the entry (keep the entry: past records name them)",
            expiry=True,
        )


@rule(
    "A017",
    "authority-after-leaving",
    "A person whose end date has passed still holds an authority through their roles.",
    subject=Subject.REPOSITORY,
    reads=reads("roster"),
)
def authority_after_leaving(ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    A person of the roster whose `end` date is before the as-of date holds
    no role that carries an authority (`approve-policy`, `sign-off-scope`,
    `sign-off-risk`, `approve-exception`). Reported at their `end`.

    ## Why an auditor cares

    Removing a leaver's authority is part of offboarding (CC6.2, CC6.3):
    while the roster gives it, soclint accepts their approval, and so does
    anyone reading it.

    ## Failing example

    ```yaml roster.md
    people:
      - {id: tom.nakamura, name: Tom Nakamura, roles: [cto], end: 2026-05-31}
    ```

    ## Passing example

    ```yaml roster.md
    people:
      - {id: tom.nakamura, name: Tom Nakamura, roles: [], end: 2026-05-31}
    ```

    ## Options

    None. A018 warns before the end date.
    """
    for deadline in _authority_deadlines(ctx):
        if deadline.passed(ctx.as_of):
            yield deadline.overdue_hit(ctx.as_of)


@rule(
    "A018",
    "authority-ends-soon",
    "A person who holds an authority leaves within the warning window.",
    severity=Severity.WARNING,
    subject=Subject.REPOSITORY,
    reads=reads("roster"),
)
def authority_ends_soon(ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    A person who holds an authority through their roles has an `end` date
    on or after the as-of date and within `warn_days` (default 30) of it.
    Reported at their `end`.

    ## Why an auditor cares

    Documents they own or approve need another owner or approver before
    they go; finding out afterwards leaves a gap in the record.

    ## Failing example

    As of 2026-11-01:

    ```yaml roster.md
    people:
      - {id: tom.nakamura, name: Tom Nakamura, roles: [cto], end: 2026-11-20}
    ```

    ## Passing example

    ```yaml roster.md
    people:
      - {id: tom.nakamura, name: Tom Nakamura, roles: [sre], end: 2026-11-20}
    ```

    ## Options

    `warn_days` in soclint.yaml.
    """
    for deadline in _authority_deadlines(ctx):
        if deadline.near(ctx.as_of, ctx.config.warn_days):
            yield deadline.soon_hit(ctx.as_of)
