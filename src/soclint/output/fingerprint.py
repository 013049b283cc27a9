"""Fingerprints that let code scanning and GitLab follow one finding across runs.

A fingerprint hashes what the finding is about (code, file, key path) and
what it says, never its line: editing an unrelated part of the file moves the
line but keeps the fingerprint. Numbers in the message are left out, because
day counts ("264 days ago") change every day and would close and reopen the
same alert daily. Findings that would still hash alike (two identical broken
links in one body) are told apart by their order.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Sequence

from soclint.finding import Finding
from soclint.keypaths import where

_NUMBER = re.compile(r"\d+")


def fingerprints(findings: Sequence[Finding], paths: Sequence[str]) -> list[str]:
    """One hex fingerprint per finding; `paths` are the paths the format shows."""
    seen: Counter[str] = Counter()
    prints = []
    for finding, path in zip(findings, paths, strict=True):
        basis = "\0".join(
            (finding.code, path, where(finding.key_path), _NUMBER.sub("#", finding.message))
        )
        seen[basis] += 1
        prints.append(
            hashlib.sha256(f"{basis}\0{seen[basis]}".encode("utf-8", "surrogatepass")).hexdigest()
        )
    return prints
