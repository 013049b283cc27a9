"""Provenance: the commit that recorded each approval shows the approver made it."""

from __future__ import annotations

from collections.abc import Iterator

from soclint.context import Context
from soclint.document import Document
from soclint.finding import Hit, Severity
from soclint.history.provenance import (
    PROVENANCE,
    Recording,
    judge,
    judged_sign_offs,
    provenance_level,
)
from soclint.keypaths import where
from soclint.registry import Subject, rule
from soclint.rule_inputs import reads

_ADVICE = {
    "author": "the person named commits their own sign-off (or add the address to their "
    "git_emails in the roster if it is theirs)",
    "signed": "the person named commits their own sign-off, signed with a key the roster "
    "lists for them (git commit -S, gpg.format ssh)",
}


def _judged(ctx: Context) -> Iterator[tuple[Recording, bool | None, str]]:
    """Each sign-off of a person in the roster, whether its recording proves it (None: not
    yet), and why; nothing when provenance is off or history cannot tell (see A012)."""
    level = provenance_level(ctx.config, ctx.pack)
    if level == "off":
        return
    found = ctx.facts.sign_off_recordings
    if isinstance(found, str):
        return
    people = ctx.facts.people
    for recording in found:
        person = people.get(recording.signer or "")
        if person is not None:  # R001 reports people missing from the roster
            verdict = judge(recording, person, level, people)
            yield recording, verdict.proven, verdict.reason


def _judged_documents(ctx: Context) -> list[Document]:
    """The documents whose history provenance reads: none while it is off."""
    if provenance_level(ctx.config, ctx.pack) == "off":
        return []
    return judged_sign_offs(ctx.repository)


def _hit(recording: Recording, message: str) -> Hit:
    path = (*recording.sign_off.key_path, "by")
    return Hit(f"{where(path)}: {message}", recording.document, path)


@rule(
    "A019",
    "approval-not-proven",
    "The commit that recorded an approval or sign-off does not show its signer made it.",
    subject=Subject.HISTORY,
    waivable=False,
    history_for=_judged_documents,
    options=(PROVENANCE,),
    reads=reads("roster", documents=True, history=True),
)
def approval_not_proven(ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    With `provenance: author` or `provenance: signed` in soclint.yaml, each
    approval and sign-off that counts (the approval of an approved policy,
    procedure or standard and of the system description, the risk
    register's `signoff`, each risk's `acceptance`, each exception's
    `approval`) was recorded by a commit that shows the person in its `by`
    made it. The recording commit is the newest one that gave the block the
    value it has now.

    - `author`: the commit's author address is one of the person's in the
      roster: `email`, `git_emails`, or GitHub's no-reply address of their
      `github` handle. The address is read as the commit holds it, never
      through the repository's `.mailmap`.
    - `signed`: the commit carries a good SSH signature by one of the
      person's `keys`. Git checks it against an allowed-signers file soclint
      writes from the roster, with the ssh-keygen installed on the machine,
      never a program the repository names.

    The finding names the commit, its author and why it proves nothing. An
    approval not yet committed is A020. Needs the full history (see A012);
    one `git log` pass serves every document, and one more reads the
    recording commits.

    ## Why an auditor cares

    Anyone with write access can type `approval: {by: ceo}`. An approval is
    an act by the approver (CC1.3, CC5.3): the commit trail shows the
    approver recorded it, and a signature shows it beyond a typed address.

    ## Failing example

    The approval is committed by someone whose address is not one of
    daniel.okafor's in the roster:

    ```yaml soclint.yaml
    provenance: author
    ```

    ```yaml policies/access-control.md committed 2026-02-10
    approval: {by: daniel.okafor, date: 2026-02-10}
    ```

    ## Passing example

    Daniel records the approval himself (`soclint approve ... --by
    daniel.okafor`) and commits it with his address,
    daniel.okafor@kestrelledger.example, which the roster lists.

    ## Options

    `soclint init` writes `provenance: author`.
    """
    level = provenance_level(ctx.config, ctx.pack)
    for recording, proven, reason in _judged(ctx):
        if proven is False:
            yield _hit(recording, f"{reason}; {_ADVICE[level]}")


@rule(
    "A020",
    "approval-not-yet-provable",
    "An approval or sign-off is not committed yet, so no commit proves who made it.",
    severity=Severity.INFO,
    subject=Subject.HISTORY,
    options=(PROVENANCE,),
    reads=reads("roster", documents=True, history=True),
)
def approval_not_yet_provable(ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    With `provenance` on, an approval or sign-off that is only in the working
    tree (changed but not committed, or in a file git does not track yet)
    has no commit to prove who made it. Reported as information: committing
    it, by the approver, settles it, and A019 judges it from then on.

    ## Why an auditor cares

    Until it is committed, an approval is a claim in a file. The check that
    matters runs on the commit, in the pull request.

    ## Failing example

    The approval is just written, not committed:

    ```yaml soclint.yaml committed 2026-10-30
    provenance: author
    ```

    ```yaml policies/access-control.md
    approval: {by: daniel.okafor, date: 2026-11-01}
    ```

    ## Passing example

    The approval is committed (A019 judges by whom):

    ```yaml soclint.yaml committed 2026-10-30
    provenance: author
    ```

    ```yaml policies/access-control.md committed 2026-11-01
    approval: {by: daniel.okafor, date: 2026-11-01}
    ```

    ## Options

    None.
    """
    for recording, proven, reason in _judged(ctx):
        if proven is None:
            yield _hit(recording, f"not yet provable: {reason}")
