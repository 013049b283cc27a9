"""Diff mode (`check --diff-base REV`): the state of the program where a pull request began.

The base is the merge base of REV and HEAD, so commits that landed on the
target branch after the pull request branched off do not count as its
changes. Findings are reported only for files changed since the base, and
findings about the program as a whole (those with no file, and those at the
system description, where the suite and the coverage of the scope are
reported), unless `--all` is given.
"""

from __future__ import annotations

from dataclasses import dataclass

from soclint.context import Context
from soclint.drift import Revisions, git_history
from soclint.errors import UsageError
from soclint.finding import Finding
from soclint.history import Commit, HistoryUnavailable


@dataclass(frozen=True)
class Baseline:
    """REV as given, the commit compared with, and files changed since: path -> blob at base."""

    rev: str
    commit: Commit
    changed: dict[str, str | None]
    revisions: Revisions


def baseline(ctx: Context) -> Baseline | None:
    """The run's base for diff mode, or None when the run compares with nothing."""
    rev = ctx.config.diff_base
    if rev is None:
        return None

    def load() -> Baseline:
        history = git_history(ctx)
        try:
            if isinstance(history, HistoryUnavailable):
                raise history
            commit = history.merge_base(rev)
            return Baseline(rev, commit, history.changed_since(commit), Revisions(history))
        except HistoryUnavailable as error:
            raise UsageError(f"--diff-base {rev}: {error}") from None

    return ctx.cached("diff-base", load)


def only_changed(findings: list[Finding], ctx: Context) -> list[Finding]:
    """The findings in files changed since the base, and those about the program as a whole."""
    base = baseline(ctx)
    if base is None:
        return findings
    scope = ctx.repository.first("system-description")
    whole = {None, scope.path if scope is not None else None}
    return [f for f in findings if f.path in whole or f.path in base.changed]
