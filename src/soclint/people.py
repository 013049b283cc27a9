"""The people of the roster as git and GitHub know them, and when they were there.

Beside its `id`, `roles` and `email`, a roster entry may give `git_emails`
(other addresses the person commits with), `keys` (the SSH public keys they
sign commits with), `github` (their handle) and `start`/`end` (their first
and last day). Rules ask this module who a commit's author or signer is, and
whether a person could act on a day.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from soclint.dates import as_date
from soclint.document import Document
from soclint.keypaths import KeyPath
from soclint.lifecycle import sign_offs
from soclint.repository import Repository, Row
from soclint.ssh_keys import SshKey, allowed_signers, ssh_key

# GitHub commits made on the web carry `<handle>@users.noreply.github.com`, or that
# address with the account's number in front: `12345+<handle>@...`.
_NOREPLY = re.compile(r"^(?:[0-9]+\+)?(?P<handle>[^@]+)@users\.noreply\.github\.com$")


@dataclass(frozen=True)
class Person:
    id: str
    row: Row
    emails: tuple[str, ...]
    keys: tuple[SshKey, ...]
    github: str | None
    start: date | None
    end: date | None

    @property
    def addresses(self) -> str:
        """The addresses a commit by this person may carry, for messages."""
        shown = list(self.emails)
        if self.github:
            shown.append(f"{self.github}@users.noreply.github.com")
        return ", ".join(shown) or "none"

    def commits_as(self, email: str) -> bool:
        """Whether `email`, a commit's author address, is one of this person's (case aside)."""
        address = email.strip().lower()
        if address in (known.lower() for known in self.emails):
            return True
        noreply = _NOREPLY.match(address)
        return bool(self.github and noreply and noreply["handle"] == self.github.lower())

    def there_on(self, day: date) -> bool:
        """Whether `day` lies within the person's start and end (either may be open)."""
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)

    def left_before(self, day: date) -> bool:
        return self.end is not None and self.end < day

    @property
    def fingerprints(self) -> set[str]:
        return {key.fingerprint for key in self.keys}


def _person(row: Row) -> Person | None:
    person_id = row.text("id")
    if person_id is None:
        return None
    emails = [row.text("email"), *row.strings("git_emails")]
    keys = (ssh_key(text) for text in row.strings("keys"))
    return Person(
        id=person_id,
        row=row,
        emails=tuple(dict.fromkeys(e.strip() for e in emails if e and e.strip())),
        keys=tuple(key for key in keys if key is not None),
        github=row.text("github"),
        start=as_date(row.fields.get("start")),
        end=as_date(row.fields.get("end")),
    )


def roster_people(repository: Repository) -> dict[str, Person]:
    """Each person of the roster by id (the first entry of an id that is listed twice)."""
    people: dict[str, Person] = {}
    for row in repository.rows("roster"):
        person = _person(row)
        if person is not None:
            people.setdefault(person.id, person)
    return people


def by_github(people: dict[str, Person]) -> dict[str, Person]:
    """People by GitHub handle, lower case (GitHub handles ignore case)."""
    return {p.github.lower(): p for p in people.values() if p.github}


def key_holders(people: dict[str, Person]) -> dict[str, list[str]]:
    """Key fingerprint -> the ids of the people whose roster entry lists it."""
    holders: dict[str, list[str]] = {}
    for person in people.values():
        for fingerprint in sorted(person.fingerprints):
            holders.setdefault(fingerprint, []).append(person.id)
    return holders


def signers_file(people: dict[str, Person]) -> str:
    """The allowed-signers file of every key in the roster, each under its person's id."""
    return allowed_signers((p.id, key) for p in people.values() for key in p.keys)


# Where documents record a dated act of a person, beside their sign-offs: a mapping
# with `by` and `date`.
_OTHER_ACTS: dict[str, tuple[tuple[str, ...], ...]] = {
    "risk-register": (("reviews", "*"),),
    "activity-log": (("activities", "*"),),
}


@dataclass(frozen=True)
class Act:
    """Something a person did on a day, as a document records it at `key_path`."""

    document: Document
    key_path: KeyPath
    person: str
    day: date


def dated_acts(doc: Document) -> Iterator[Act]:
    """Each act `doc` records with a person (`by`) and a date: the sign-offs that count
    (approvals, sign-offs, acceptances), risk register reviews and activities."""
    found = [sign_off.key_path for sign_off in sign_offs(doc)]
    for pattern in _OTHER_ACTS.get(doc.type or "", ()):
        found += [path for path, value in doc.values_at(*pattern) if isinstance(value, dict)]
    for path in found:
        person, day = doc.get(*path, "by"), as_date(doc.get(*path, "date"))
        if isinstance(person, str) and day is not None:
            yield Act(doc, path, person, day)
