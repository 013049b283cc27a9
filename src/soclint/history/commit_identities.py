"""Who made a commit, as git records it: the author's address and, when asked, whether an
approver's SSH key signed it. One `git log` call for any number of commits.

The address is the one written in the commit, never the repository's `.mailmap`
view of it: a mailmap is a file of the checked repository, and could map
anyone's address to an approver's.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from soclint.history.git_command import GitCommand, HistoryUnavailable
from soclint.history.git_objects import OBJECT_ID, id_lines

# %G? letters git prints for a commit's signature.
SIGNATURE_STATES = frozenset("GBUXYREN")
_AUTHOR_FIELDS = ("%H", "%ae")
_SIGNATURE_FIELDS = ("%G?", "%GF")


@dataclass(frozen=True)
class CommitIdentity:
    """A commit's author address and, when it was checked, its signature: `signature` is
    git's %G? letter (G: a good signature by a key of the allowed signers, N: none) and
    `key` the fingerprint of the key that made it ('' when none)."""

    email: str
    signature: str | None = None
    key: str = ""


def commit_identities(
    git: GitCommand, shas: Iterable[str], allowed_signers: str | None = None
) -> dict[str, CommitIdentity]:
    """The identity of each commit of `shas`; with `allowed_signers` (the file's text), the
    signature of each is checked against those keys. HistoryUnavailable when git fails,
    or, to check signatures, ssh-keygen is missing."""
    wanted = sorted(set(shas))
    if any(not OBJECT_ID.fullmatch(sha) for sha in wanted):
        raise HistoryUnavailable("a commit to read is not a git object id")
    if not wanted:
        return {}
    if allowed_signers is None:
        return _read(git, wanted, _AUTHOR_FIELDS)
    with tempfile.TemporaryDirectory(prefix="soclint-signers-") as folder:
        signers = Path(folder, "allowed_signers")
        signers.write_text(allowed_signers, encoding="utf-8")
        found = _read(git.verifying(signers), wanted, _AUTHOR_FIELDS + _SIGNATURE_FIELDS)
    # Git says N (no signature) also for a signature whose program it did not run (OpenPGP,
    # X.509): the commit's own header tells them apart.
    unsigned = [sha for sha, identity in found.items() if identity.signature == "N"]
    for sha in _carrying_signatures(git, unsigned):
        found[sha] = CommitIdentity(found[sha].email, "E", "")
    return found


def _carrying_signatures(git: GitCommand, shas: list[str]) -> set[str]:
    """Those of `shas` whose commit object holds a signature header (gpgsig)."""
    if not shas:
        return set()
    with id_lines(shas) as requests:
        output = git.text("log", "--no-walk=unsorted", "--stdin", "--format=raw", stdin=requests)
    wanted, signed = set(shas), set()
    current = None
    # Headers start at the first column; every line of a message is indented.
    for line in output.splitlines():
        if line.startswith("commit "):
            current = line.split()[1] if len(line.split()) > 1 else None
        elif line.startswith(("gpgsig ", "gpgsig-sha256 ")) and current in wanted:
            signed.add(current)
    return signed


def _read(git: GitCommand, shas: list[str], fields: tuple[str, ...]) -> dict[str, CommitIdentity]:
    # Every field after a NUL: a fixed number of them per commit, read by position.
    log_format = "".join(f"%x00{field}" for field in fields)
    with id_lines(shas) as requests:
        output = git.text(
            "log", "--no-walk=unsorted", "--stdin", "--no-mailmap", "--no-color",
            "--encoding=UTF-8", f"--format={log_format}", stdin=requests,
        )  # fmt: skip
    values = output.split("\0")[1:]
    count = len(fields)
    if len(values) != count * len(shas):
        raise HistoryUnavailable("git printed a log soclint cannot read")
    asked = set(shas)
    found: dict[str, CommitIdentity] = {}
    for start in range(0, len(values), count):
        sha, email, *signature = (value.strip("\n") for value in values[start : start + count])
        if sha not in asked or (signature and signature[0] not in SIGNATURE_STATES):
            raise HistoryUnavailable("git printed a log soclint cannot read")
        state, key = (signature[0], signature[1]) if signature else (None, "")
        found[sha] = CommitIdentity(email, state, key)
    return found
