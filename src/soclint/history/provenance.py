"""Approval provenance: the commit that recorded each sign-off, and whether it proves the
person named in it made it (soclint.yaml `provenance: off | author | signed`).

The commit that recorded a sign-off (an approval, the risk register's sign-off,
a risk's acceptance, an exception's approval) is the newest change that gave
its block the value it has now (lineage.recording_step), found in the one
`git log` pass the drift rules read, for every document at once. One more
`git log` call reads each recording commit's author address and, for
`signed`, checks its signature with git's own verification against an
allowed-signers file made from the roster's keys (commit_identities.py):

- author: the commit's author address is one of the person's (`email`,
  `git_emails`, or GitHub's no-reply address of their `github` handle);
- signed: the commit carries a good SSH signature by a key the roster lists
  for the person.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from soclint.config import Config
from soclint.dates import as_date
from soclint.document import Document
from soclint.history.commit_identities import CommitIdentity, commit_identities
from soclint.history.git_command import HistoryUnavailable
from soclint.history.lineage import file_steps, likely_read, recording_step
from soclint.history.revisions import Revision, Revisions
from soclint.lifecycle import SignOff, sign_offs
from soclint.options import Option
from soclint.pack import Pack
from soclint.people import Person, key_holders, signers_file
from soclint.repository import Repository

if TYPE_CHECKING:
    from soclint.history.git_history import Commit

LEVELS = ("off", "author", "signed")

PROVENANCE: Option[str] = Option(
    "provenance",
    {
        "enum": list(LEVELS),
        "description": "a provenance level: off, author (the approver authored the commit "
        "that recorded the approval) or signed (the approver signed it with a key of the "
        "roster)",
    },
    default="off",
    help="how an approval is proven from git: `off`, `author` (the approver authored the "
    "commit that recorded it) or `signed` (the commit carries the approver's SSH signature)",
    weakened_when=lambda before, after: LEVELS.index(after) < LEVELS.index(before),
    weakening="approvals are proven less strictly from git",
)


@dataclass(frozen=True)
class Recording:
    """A sign-off and the commit that recorded it.

    `commit` is None when no commit did: with `pending`, the sign-off is not
    committed yet; without, no readable revision of the history holds it.
    `unchecked` says why a signature was not checked, when it could not be.
    """

    document: Document
    sign_off: SignOff
    commit: Commit | None
    pending: bool
    identity: CommitIdentity | None = None
    unchecked: str | None = None

    @property
    def signer(self) -> str | None:
        by = self.sign_off.fields.get("by")
        return by if isinstance(by, str) else None

    @property
    def what(self) -> str:
        """'approval', 'sign-off' or 'acceptance': what the block is called in a message."""
        last = str(self.sign_off.key_path[-1])
        return {"signoff": "sign-off", "acceptance": "acceptance"}.get(last, "approval")

    def to_json(self) -> dict[str, object]:
        commit, identity = self.commit, self.identity
        return {
            "document": self.document.id,
            "path": self.document.path,
            "key": ".".join(str(step) for step in self.sign_off.key_path),
            "by": self.signer,
            "commit": commit.sha if commit else None,
            "author": commit.author if commit else None,
            "email": identity.email if identity else None,
            "signature": identity.signature if identity else None,
            "key_fingerprint": identity.key or None if identity else None,
        }


@dataclass(frozen=True)
class Verdict:
    """Whether a recording proves its sign-off: None while it cannot yet (not committed)."""

    proven: bool | None
    reason: str


def provenance_level(config: Config, pack: Pack) -> str:
    level = PROVENANCE.value(config, pack)
    return level if level in LEVELS else "off"


def judged_sign_offs(repository: Repository) -> list[Document]:
    """The documents whose sign-offs provenance judges: those with a sign-off that counts."""
    return [doc for doc in repository.documents if next(sign_offs(doc), None) is not None]


def recordings(
    revisions: Revisions,
    repository: Repository,
    people: dict[str, Person],
    level: str,
    as_of: date,
) -> list[Recording] | str:
    """Each sign-off that counts with the commit that recorded it, at provenance `level`;
    or why git history cannot tell."""
    try:
        found = _recorded(judged_sign_offs(repository), revisions, as_of)
        return _identified(revisions, found, people if level == "signed" else None)
    except HistoryUnavailable as error:
        return str(error)


def _recorded(documents: list[Document], revisions: Revisions, as_of: date) -> list[Recording]:
    signed = [(doc, list(sign_offs(doc))) for doc in documents]
    runs = [file_steps(doc, revisions.history, as_of) for doc, _ in signed]
    likely = []
    for (_doc, blocks), steps in zip(signed, runs, strict=True):
        days = [day for block in blocks if (day := as_date(block.fields.get("date")))]
        likely += likely_read(steps, min(days)) if days else steps
    revisions.prefetch(blob for step in likely for blob in step.blobs)
    found = []
    for (doc, blocks), steps in zip(signed, runs, strict=True):
        current = revisions.current(doc)
        for block in blocks:
            step = recording_step(steps, revisions, current, _value_of(block))
            if step is None or step.commit is None:
                pending = not steps or (step is not None and step.commit is None)
                found.append(Recording(doc, block, None, pending))
            else:
                found.append(Recording(doc, block, step.commit, False))
    return found


def version_recordings(
    revisions: Revisions,
    versions: list[tuple[Document, str]],
    people: dict[str, Person],
    level: str,
) -> list[Recording] | str:
    """The approval of each past version of a document (its text and blob) with the commit
    that recorded it: the newest change, up to the one that wrote the blob, that gave the
    approval its value. A version without an approval that counts has no recording."""
    try:
        wanted = []
        for doc, blob in versions:
            block = next((b for b in sign_offs(doc) if b.key_path == ("approval",)), None)
            # Only committed changes write a blob: the day given to uncommitted ones is moot.
            steps = file_steps(doc, revisions.history, date.max)
            wrote = next((i for i, step in enumerate(steps) if step.after == blob), None)
            if block is not None and wrote is not None:
                wanted.append((doc, block, blob, steps[wrote:]))
        revisions.prefetch(b for *_rest, steps in wanted for step in steps for b in step.blobs)
        found = []
        for doc, block, blob, steps in wanted:
            step = recording_step(steps, revisions, revisions.get(blob), _value_of(block))
            found.append(Recording(doc, block, step.commit if step else None, False))
        return _identified(revisions, found, people if level == "signed" else None)
    except HistoryUnavailable as error:
        return str(error)


def _value_of(block: SignOff) -> Callable[[Revision], str | None]:
    return lambda revision: revision.sign_offs.get(block.name)


def _identified(
    revisions: Revisions, found: list[Recording], signers_of: dict[str, Person] | None
) -> list[Recording]:
    """`found` with each recording commit's identity, read in one git call; with
    `signers_of` (the roster's people), its signature checked against their keys."""
    git = revisions.history.git
    shas = [recording.commit.sha for recording in found if recording.commit is not None]
    unchecked = None
    if signers_of is not None:
        try:
            signers = signers_file(signers_of)
            identities = commit_identities(git, shas, signers)
        except HistoryUnavailable as error:
            unchecked = str(error)
            identities = commit_identities(git, shas)
    else:
        identities = commit_identities(git, shas)
    return [
        Recording(
            r.document,
            r.sign_off,
            r.commit,
            r.pending,
            identities.get(r.commit.sha) if r.commit else None,
            unchecked if r.commit else None,
        )
        for r in found
    ]


def judge(recording: Recording, person: Person, level: str, people: dict[str, Person]) -> Verdict:
    """Whether `recording` proves that `person` made the sign-off, at `level`."""
    what, commit, identity = recording.what, recording.commit, recording.identity
    if commit is None or identity is None:
        if recording.pending:
            return Verdict(
                None, f"this {what} is not committed yet, so no commit shows who made it"
            )
        return Verdict(
            False,
            f"no commit of the history recorded this {what} as it stands (the earlier "
            "versions of the file cannot be read)",
        )
    made = (
        f"commit {commit.short} on {commit.day.isoformat()} by {commit.author} "
        f"<{identity.email}> recorded this {what}"
    )
    if level == "author":
        if person.commits_as(identity.email):
            return Verdict(True, made)
        return Verdict(
            False,
            f"{made}, and {identity.email or 'its empty address'} is not an address of "
            f"'{person.id}' in the roster ({person.addresses})",
        )
    problem = _signature_problem(recording, person, people)
    return Verdict(
        problem is None, f"{made}{', signed by their key' if problem is None else problem}"
    )


def _signature_problem(
    recording: Recording, person: Person, people: dict[str, Person]
) -> str | None:
    """Why the recording commit's signature does not prove `person` made it, or None."""
    identity = recording.identity
    assert identity is not None
    if recording.unchecked is not None:
        return f", and its signature was not checked: {recording.unchecked}"
    state, key = identity.signature, identity.key
    if state == "G" and key in person.fingerprints:
        return None
    no_keys = "" if person.keys else f"; '{person.id}' has no keys in the roster"
    if state == "N":
        return f", and the commit is not signed{no_keys}"
    if state in ("G", "U") and key:
        holders = key_holders(people).get(key, [])
        whose = f"the key of {', '.join(holders)}" if holders else "a key of no one in the roster"
        return f", and it is signed with {key}, {whose}{no_keys}"
    reasons = {
        "B": "a signature that does not verify",
        "X": "an expired signature",
        "Y": "a signature by an expired key",
        "R": "a signature by a revoked key",
    }
    carried = reasons.get(
        state or "", "a signature soclint cannot check (it checks SSH signatures)"
    )
    return f", and the commit carries {carried}{no_keys}"
