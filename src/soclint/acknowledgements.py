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
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from soclint.config import Config
from soclint.dates import add_period, as_date
from soclint.document import Document
from soclint.history.lineage import file_steps
from soclint.lifecycle import APPROVED, is_approved
from soclint.options import Option
from soclint.pack import Pack
from soclint.people import Person
from soclint.repository import Repository, Row
from soclint.versions import parse_version

if TYPE_CHECKING:
    from soclint.history.git_history import HistoryUnavailable
    from soclint.history.revisions import Revisions

    # The program's full history, read when first asked, or why there is none.
    History = Callable[[], Revisions | HistoryUnavailable]

DEFAULT_WINDOW = "30 days"

ACKNOWLEDGEMENTS: Option[dict[str, Any]] = Option(
    "acknowledgements",
    {
        "type": "object",
        "description": "acknowledgement settings: {within, roles}",
        "properties": {
            "within": {
                "$ref": "urn:soclint:schemas:common#/$defs/period",
                "description": "a period: how long after a policy's approval, or a person's "
                "start, they have to acknowledge it",
            },
            "roles": {
                "type": "array",
                "items": {"$ref": "urn:soclint:schemas:common#/$defs/text"},
                "uniqueItems": True,
                "description": "a list of distinct role names whose holders must acknowledge "
                "each approved policy",
            },
        },
        "additionalProperties": False,
    },
    default={"within": DEFAULT_WINDOW},
    help="`within`: how long people have to acknowledge each approved policy (30 days); "
    "`roles`: the roles whose holders must (without it, everyone with a `start` date who "
    "has not left)",
)


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


def recorded_acknowledgements(repository: Repository) -> list[Acknowledgement]:
    """Every readable row of the acknowledgement registers (the schema reports the others)."""
    found = []
    for row in repository.rows("acknowledgement-register"):
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


def policy_versions(
    full_history: History, docs: list[Document], as_of: date
) -> dict[Document, PolicyVersions]:
    """The versions of each approved policy of `docs`, from history where it can be read."""
    from soclint.history.git_history import HistoryUnavailable

    major = {doc: _major(doc) for doc in docs}
    current = {doc: as_date(doc.get("approval", "date")) for doc in docs}
    history = full_history()
    if isinstance(history, HistoryUnavailable):
        return {doc: PolicyVersions(None, day) for doc, day in current.items()}
    runs = {doc: file_steps(doc, history.history, as_of) for doc in docs}
    history.prefetch(blob for steps in runs.values() for step in steps for blob in step.blobs)
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
            approved = _approval_day(revision.approval) if revision.status == APPROVED else None
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


def window(config: Config, pack: Pack) -> str:
    """How long people have to acknowledge a policy: soclint.yaml over the pack."""
    return str(ACKNOWLEDGEMENTS.value(config, pack).get("within") or DEFAULT_WINDOW)


def _acknowledging_roles(config: Config, pack: Pack) -> list[str] | None:
    roles = ACKNOWLEDGEMENTS.value(config, pack).get("roles")
    return None if roles is None else [str(role) for role in roles]


def must_acknowledge(person: Person, as_of: date, roles: list[str] | None) -> bool:
    """Whether `person` acknowledges the policies: holds one of `roles`, or, without a
    list, has a start date; and has not left."""
    if person.left_before(as_of):
        return False
    if roles is None:
        return person.start is not None
    return bool(set(roles) & set(person.row.strings("roles")))


def acknowledged_policies(documents: Iterable[Document]) -> list[Document]:
    """The policies of `documents` people acknowledge: approved, with a version and a date."""
    return [
        doc
        for doc in documents
        if doc.type == "policy" and is_approved(doc) and doc.id and _major(doc) is not None
    ]


def obligations(
    repository: Repository,
    roster: dict[str, Person],
    config: Config,
    pack: Pack,
    full_history: History,
    rows: list[Acknowledgement],
    among: Iterable[Document] | None = None,
) -> list[Obligation]:
    """Every person's obligation to acknowledge every approved policy, by person, then policy;
    of the policies `among` only, when given. `rows` are the recorded acknowledgements.

    History is read only for the policies that need it: someone has not
    acknowledged them yet (history can only move their due date earlier), or
    an acknowledgement names a version other than the current one (history
    tells whether it existed).
    """
    roles = _acknowledging_roles(config, pack)
    people = [p for p in roster.values() if must_acknowledge(p, config.as_of, roles)]
    policies = acknowledged_policies(repository.of_type("policy") if among is None else among)
    if not people or not policies:
        return []
    span = window(config, pack)
    ids = {policy.id for policy in policies}
    rows = [row for row in rows if row.document in ids]
    first = _obligations(span, people, policies, rows, {})
    unsure = [
        o.policy
        for o in first
        if o.met_by is None or o.met_by.version != parse_version(o.policy.get("version"))
    ]
    if not unsure:
        return first
    versions = policy_versions(full_history, list(dict.fromkeys(unsure)), config.as_of)
    return _obligations(span, people, policies, rows, versions)


def _obligations(
    span: str,
    people: list[Person],
    policies: list[Document],
    rows: list[Acknowledgement],
    versions: dict[Document, PolicyVersions],
) -> list[Obligation]:
    by_pair: dict[tuple[str, str], list[Acknowledgement]] = {}
    for row in sorted(rows, key=lambda r: r.day):
        by_pair.setdefault((row.person, row.document), []).append(row)
    judged = []
    for policy in policies:
        major, approved = _major(policy), as_date(policy.get("approval", "date"))
        assert major is not None and approved is not None and policy.id is not None
        known = versions.get(policy)
        since = known.major_since if known and known.major_since else approved
        judged.append((policy, policy.id, major, since, known))
    found = []
    for person in people:
        for policy, policy_id, major, since, known in judged:
            start = max(since, person.start) if person.start else since
            due = add_period(start, span)
            if due is None or (person.end is not None and due > person.end):
                continue
            mine = by_pair.get((person.id, policy_id), [])
            allowed = known.known if known else None
            meeting = [
                row
                for row in mine
                if row.version[0] == major and (allowed is None or row.version in allowed)
            ]
            met_by, latest = (meeting[0] if meeting else None), (mine[-1] if mine else None)
            found.append(Obligation(person, policy, major, since, due, met_by, latest))
    return found
