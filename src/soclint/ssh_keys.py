"""SSH public keys from the roster: read strictly, fingerprinted as ssh-keygen prints them,
and written as the allowed-signers file that git checks commit signatures against.

A key is only ever data here. Its type must be one OpenSSH signs commits with,
and its base64 must decode to a key blob of that same type, so nothing of a
roster entry other than the key itself reaches the allowed-signers file.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass

KEY_TYPES = frozenset(
    {
        "ssh-ed25519",
        "ssh-rsa",
        "ecdsa-sha2-nistp256",
        "ecdsa-sha2-nistp384",
        "ecdsa-sha2-nistp521",
        "sk-ssh-ed25519@openssh.com",
        "sk-ecdsa-sha2-nistp256@openssh.com",
    }
)
# A principal of the allowed-signers file: no space, comma, quote or pattern character.
_PRINCIPAL = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


@dataclass(frozen=True)
class SshKey:
    kind: str
    blob: str  # base64, as in a .pub file

    @property
    def fingerprint(self) -> str:
        """`SHA256:` and the unpadded base64 of the key's SHA-256, as git's %GF shows it."""
        digest = hashlib.sha256(base64.b64decode(self.blob)).digest()
        return "SHA256:" + base64.b64encode(digest).decode("ascii").rstrip("=")


def ssh_key(text: object) -> SshKey | None:
    """The key in `text` ("ssh-ed25519 AAAA... comment"), or None when it is not one."""
    if not isinstance(text, str):
        return None
    parts = text.split()
    if len(parts) < 2 or parts[0] not in KEY_TYPES:
        return None
    kind, blob = parts[0], parts[1]
    try:
        raw = base64.b64decode(blob, validate=True)
    except (binascii.Error, ValueError):
        return None
    # The blob opens with its own type, length-prefixed: a key of another type is not this one.
    named = kind.encode("ascii")
    if raw[:4] != len(named).to_bytes(4, "big") or raw[4 : 4 + len(named)] != named:
        return None
    return SshKey(kind, blob)


def allowed_signers(keys: Iterable[tuple[str, SshKey]]) -> str:
    """The allowed-signers file for (principal, key) pairs, each key valid for git only.

    A principal that could be read as a pattern or a list is left out with its key.
    """
    return "".join(
        f'{principal} namespaces="git" {key.kind} {key.blob}\n'
        for principal, key in keys
        if _PRINCIPAL.match(principal)
    )
