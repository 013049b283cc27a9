"""Approval: who approved or signed what, when, and whether they were allowed to."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from soclint.context import Context
from soclint.dates import as_date
from soclint.document import Document
from soclint.finding import Hit
from soclint.future_dates import in_future
from soclint.keypaths import KeyPath, where
from soclint.lifecycle import CONTROLLED_TYPES, says_approved, sign_offs
from soclint.options import Option
from soclint.registry import rule
from soclint.rule_inputs import OWN_DOCUMENT, reads


def _signatures(doc: Document) -> Iterator[tuple[KeyPath, dict[str, Any], str]]:
    """Each (key path, sign-off mapping, authority it needs) that `doc` records and that counts."""
    for sign_off in sign_offs(doc):
        yield sign_off.key_path, sign_off.fields, sign_off.authority


@rule(
    "A001",
    "approval-missing",
    "An approved policy, procedure or standard lacks approval.by or approval.date.",
    waivable=False,
    reads=OWN_DOCUMENT,
)
def approval_missing(doc: Document, ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    A policy, procedure or standard with `status: approved` records who
    approved it and when: `approval.by` (a person of the roster) and
    `approval.date`. Reported at `approval`, or at `status` when there is no
    `approval` at all.

    ## Why an auditor cares

    "Policies are approved by management" is tested by looking at the
    approval record (CC1.3, CC2.2, CC5.3). A status nobody can trace to an
    approver and a date is not evidence of approval.

    ## Failing example

    ```yaml procedures/offboarding.md
    type: procedure
    id: PROC-OFFBOARDING
    title: Offboarding Procedure
    owner: jonas.weber
    status: approved
    version: "1.0"
    ```

    ## Passing example

    ```yaml procedures/offboarding.md
    type: procedure
    id: PROC-OFFBOARDING
    title: Offboarding Procedure
    owner: jonas.weber
    status: approved
    version: "1.0"
    approval:
      by: priya.raman
      date: 2026-10-12
    ```

    ## Options

    `soclint approve PATH --by PERSON` records the approval, with the
    content digest.
    """
    if doc.type not in CONTROLLED_TYPES or not says_approved(doc):
        return
    approval = doc.get("approval")
    fields = approval if isinstance(approval, dict) else {}
    missing = [f"approval.{key}" for key in ("by", "date") if fields.get(key) is None]
    if missing:
        yield Hit(
            f"status is 'approved' but {' and '.join(missing)} "
            f"{'is' if len(missing) == 1 else 'are'} missing; record who approved it and when "
            "(soclint approve PATH --by PERSON)",
            doc,
            ("approval",) if isinstance(approval, dict) else ("status",),
        )


@rule(
    "A002",
    "approval-in-future",
    "An approval or sign-off is dated more than a day after the as-of date.",
    waivable=False,
    reads=OWN_DOCUMENT,
)
def approval_in_future(doc: Document, ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    No approval or sign-off is dated in the future of the date the run judges
    against (`as_of`, else today): the approval of an approved policy,
    procedure or standard (drafts and retired documents are not judged), the
    system description's approval, the risk register's `signoff`, each risk's
    `acceptance` and each exception's `approval`.

    A sign-off date is a calendar date in the signer's time zone, which can
    be a day ahead of UTC (and of a CI runner): a date one day after the
    as-of date is accepted, two days after is reported.

    ## Why an auditor cares

    A date in the future is a typo at best and a backfilled record at worst;
    either way the auditor cannot rely on it.

    ## Failing example

    ```yaml policies/access-control.md
    approval: {by: daniel.okafor, date: 2062-02-10}
    ```

    ## Passing example

    ```yaml policies/access-control.md
    approval: {by: daniel.okafor, date: 2026-02-10}
    ```

    ## Options

    `as_of` in soclint.yaml or `--as-of` sets the date judged against.
    """
    for path, value, _authority in _signatures(doc):
        day = as_date(value.get("date"))
        if day is not None and in_future(day, ctx.as_of):
            yield Hit(
                f"{where((*path, 'date'))}: {day.isoformat()} is more than a day after the as-of "
                f"date {ctx.as_of.isoformat()}; a sign-off cannot be dated in the future",
                doc,
                (*path, "date"),
            )


@rule(
    "A003",
    "approver-without-authority",
    "The person who approved or signed lacks the roster authority to do so.",
    waivable=False,
    reads=reads("roster"),
)
def approver_without_authority(doc: Document, ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    The person who approved or signed holds, through a role in the roster,
    the authority that sign-off needs:

    | sign-off | authority |
    |---|---|
    | `approval` of an approved policy, procedure or standard | `approve-policy` |
    | `approval` of the system description | `sign-off-scope` |
    | risk register `signoff`, each risk `acceptance` | `sign-off-risk` |
    | `approval` of each exception | `approve-exception` |

    People missing from the roster are reported by R001, a missing roster by
    R007; this rule checks the people the roster lists.

    ## Why an auditor cares

    The control is "approved by someone authorised", not "approved by
    someone". An approval by a person without the authority is, for the
    auditor, no approval (CC1.3, CC5.3).

    ## Failing example

    ```yaml policies/access-control.md
    # roster: tom.nakamura has roles [sre]; approve-policy: [ceo, cto, security-lead]
    approval: {by: tom.nakamura, date: 2026-02-10}
    ```

    ## Passing example

    ```yaml policies/access-control.md
    approval: {by: daniel.okafor, date: 2026-02-10}   # cto
    ```

    ## Options

    Authority is data: change `authority:` in the roster.
    """
    repository = ctx.repository
    for path, value, authority in _signatures(doc):
        person = value.get("by")
        if not isinstance(person, str):
            continue
        row = repository.row("roster", person)
        if row is None or repository.holds(person, authority):
            continue
        held = ", ".join(row.strings("roles"))
        holders = ", ".join(sorted(repository.authority.get(authority, set())))
        given = f"the roster gives it to {holders}" if holders else "no role holds it in the roster"
        yield Hit(
            f"{where((*path, 'by'))}: '{person}' does not hold the authority '{authority}' "
            f"(roles: {held or 'none'}; {given})",
            doc,
            (*path, "by"),
        )


SEPARATION_OF_DUTIES = Option(
    "separation_of_duties",
    {"type": "boolean", "description": "a boolean (true or false)"},
    default=False,
    help="whether an owner may not approve or sign their own document (true in the SOC 2 "
    "pack; `false` in soclint.yaml turns it off for one program)",
    weakened_when=lambda before, after: before and not after,
    weakening="owners may approve their own documents",
)


@rule(
    "A004",
    "self-approval",
    "The owner of a document approved or signed it themselves.",
    waivable=False,
    options=(SEPARATION_OF_DUTIES,),
    reads=OWN_DOCUMENT,
)
def self_approval(doc: Document, ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    With separation of duties on, the `owner` of a document is not the
    person who approved it (`approval.by`) or signed it off (`signoff.by`).
    Row-level sign-offs (a risk's acceptance, an exception's approval) are
    not compared with the document's owner.

    ## Why an auditor cares

    An owner approving their own policy is the segregation-of-duties gap
    auditors look for first (CC1.3, CC5.1): nobody independent looked at it.

    ## Failing example

    ```yaml policies/access-control.md
    owner: priya.raman
    approval: {by: priya.raman, date: 2026-02-10}
    ```

    ## Passing example

    ```yaml policies/access-control.md
    owner: priya.raman
    approval: {by: daniel.okafor, date: 2026-02-10}
    ```

    """
    owner = doc.get("owner")
    if not isinstance(owner, str) or not SEPARATION_OF_DUTIES.value(ctx.config, ctx.pack):
        return
    for path, value, authority in _signatures(doc):
        if len(path) == 1 and value.get("by") == owner:
            yield Hit(
                f"{where((*path, 'by'))}: '{owner}' owns this document and cannot approve it; "
                f"separation of duties needs another person with '{authority}'",
                doc,
                (*path, "by"),
            )
