"""Staff acknowledgements: who must acknowledge which approved policy, by when, and who has.

The acknowledgement register lists rows `{person, document, version, date}`.
Each person who must acknowledge (the pack's `acknowledgements.roles`, else
everyone with a `start` who has not left) acknowledges each approved policy
within the pack's `acknowledgements.within` (30 days) of the approval of its
current major version or of their start, whichever is later. An
acknowledgement of any version of the same major version counts: a minor
version needs none (a material change raises the major version).

When the current major version was first approved, and which versions a
policy ever had, come from git history, read only for the policies that need
it: one `git log` pass and one batch of file reads for all of them. Without
history the current approval date stands in for the first, and versions
other than the current one cannot be judged.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from soclint.context import Context
from soclint.dates import add_period, as_date
from soclint.document import Document
from soclint.history.lineage import Revisions, file_steps, full_history
from soclint.lifecycle import is_approved
from soclint.people import Person
from soclint.repository import Row
from soclint.versions import parse_version

DEFAULT_WINDOW = "30 days"


@dataclass(frozen=True)
class Acknowledgement:
    """One row of an acknowledgement register whose four fields can be read."""

    row: Row
    person: str
    document: str
    version: tuple[int, ...]
    day: date

    @property
    def written(self) -> str:
        return str(self.row.fields.get("version"))


def recorded_acknowledgements(ctx: Context) -> list[Acknowledgement]:
    """Every readable row of the acknowledgement registers (the schema reports the others)."""
    found = []
    for row in ctx.repository.rows("acknowledgement-register"):
        person, document = row.text("person"), row.text("document")
        version, day = parse_version(row.fields.get("version")), as_date(row.fields.get("date"))
        if person and document and version and day:
            found.append(Acknowledgement(row, person, document, version, day))
    return found


@dataclass(frozen=True)
class PolicyVersions:
    """What is known of a policy's versions: all it ever had (None: history cannot tell),
    and the day its current major version was first approved."""

    known: frozenset[tuple[int, ...]] | None
    major_since: date | None


def _major(doc: Document) -> int | None:
    version = parse_version(doc.get("version"))
    return version[0] if version else None


def _approval_day(approval: str | None) -> date | None:
    """The date of an approval block held as canonical JSON."""
    value = json.loads(approval) if approval else None
    return as_date(value.get("date")) if isinstance(value, dict) else None


def policy_versions(ctx: Context, docs: list[Document]) -> dict[Document, PolicyVersions]:
    """The versions of each approved policy of `docs`, from history where it can be read."""
    major = {doc: _major(doc) for doc in docs}
    current = {doc: as_date(doc.get("approval", "date")) for doc in docs}
    history = full_history(ctx)
    if not isinstance(history, Revisions):
        return {doc: PolicyVersions(None, day) for doc, day in current.items()}
    runs = {doc: file_steps(doc, history.history, ctx.as_of) for doc in docs}
    history.prefetch(step for steps in runs.values() for step in steps)
    found = {}
    for doc, steps in runs.items():
        own = parse_version(doc.get("version"))
        known = {own} if own else set()
        since, same_major = current[doc], True
        for step in steps:
            revision = history.current(doc) if step.after is None else history.get(step.after)
            version = parse_version(revision.version) if revision.readable else None
            if version is None:
                continue
            known.add(version)
            same_major = same_major and version[0] == major[doc]
            approved = _approval_day(revision.approval) if revision.status == "approved" else None
            if same_major and approved and (since is None or approved < since):
                since = approved
        found[doc] = PolicyVersions(frozenset(known), since)
    return found


@dataclass(frozen=True)
class Obligation:
    """`person` must acknowledge major version `major` of `policy` by `due`.

    `met_by` is the acknowledgement that meets it, `latest` their newest
    acknowledgement of the policy at all, and `since` the day the major
    version was approved.
    """

    person: Person
    policy: Document
    major: int
    since: date
    due: date
    met_by: Acknowledgement | None
    latest: Acknowledgement | None

    def overdue(self, as_of: date) -> bool:
        return self.met_by is None and self.due < as_of

    @property
    def basis(self) -> str:
        start = self.person.start
        if start is not None and start > self.since:
            return f"they started on {start.isoformat()}"
        return f"version {self.major} was approved on {self.since.isoformat()}"


def window(ctx: Context) -> str:
    return ctx.pack.acknowledgement_window or DEFAULT_WINDOW


def must_acknowledge(person: Person, ctx: Context) -> bool:
    """Whether `person` acknowledges the policies: holds a role the pack lists, or, without a
    list, has a start date; and has not left."""
    if person.left_before(ctx.as_of):
        return False
    roles = ctx.pack.acknowledging_roles
    if roles is None:
        return person.start is not None
    return bool(set(roles) & set(person.row.strings("roles")))


def acknowledged_policies(ctx: Context) -> list[Document]:
    """The approved policies people acknowledge: approved, with a version and a date."""
    return [
        doc
        for doc in ctx.repository.of_type("policy")
        if is_approved(doc) and doc.id and _major(doc) is not None
    ]


def obligations(ctx: Context) -> list[Obligation]:
    """Every person's obligation to acknowledge every approved policy, by person, then policy.

    History is read only for the policies that need it: someone has not
    acknowledged them yet (history can only move their due date earlier), or
    an acknowledgement names a version other than the current one (history
    tells whether it existed).
    """

    def load() -> list[Obligation]:
        people = [p for p in ctx.people.values() if must_acknowledge(p, ctx)]
        policies = acknowledged_policies(ctx)
        if not people or not policies:
            return []
        rows = recorded_acknowledgements(ctx)
        first = _obligations(ctx, people, policies, rows, {})
        unsure = [
            o.policy
            for o in first
            if o.met_by is None or o.met_by.version != parse_version(o.policy.get("version"))
        ]
        if not unsure:
            return first
        versions = policy_versions(ctx, list(dict.fromkeys(unsure)))
        return _obligations(ctx, people, policies, rows, versions)

    return ctx.cached("acknowledgement-obligations", load)


def _obligations(
    ctx: Context,
    people: list[Person],
    policies: list[Document],
    rows: list[Acknowledgement],
    versions: dict[Document, PolicyVersions],
) -> list[Obligation]:
    span = window(ctx)
    by_pair: dict[tuple[str, str], list[Acknowledgement]] = {}
    for row in sorted(rows, key=lambda r: r.day):
        by_pair.setdefault((row.person, row.document), []).append(row)
    found = []
    for person in people:
        for policy in policies:
            major, approved = _major(policy), as_date(policy.get("approval", "date"))
            assert major is not None and approved is not None and policy.id is not None
            known = versions.get(policy)
            since = known.major_since if known and known.major_since else approved
            start = max(since, person.start) if person.start else since
            due = add_period(start, span)
            if due is None or (person.end is not None and due > person.end):
                continue
            mine = by_pair.get((person.id, policy.id), [])
            allowed = known.known if known else None
            meeting = [
                row
                for row in mine
                if row.version[0] == major and (allowed is None or row.version in allowed)
            ]
            met_by, latest = (meeting[0] if meeting else None), (mine[-1] if mine else None)
            found.append(Obligation(person, policy, major, since, due, met_by, latest))
    return found
