"""Diff mode (`check --diff-base REV`): what a pull request causes, wherever it lands.

The base is the merge base of REV and HEAD, so commits that landed on the
target branch after the pull request branched off do not count as its
changes. The program at the base is rebuilt from git objects (history/snapshot.py)
and checked like the head, with the base's own soclint.yaml and the git
history as it stood at the base commit. The head's findings that the base did
not have are the change's, in any file; the others predate it and are only
counted, unless `--all`.

Findings are matched by what they are about, never by line (matching.py):
a finding of the base hides at most one finding of the head, and only one no
more severe than itself.

A change of soclint.yaml or a rule pack changes what is checked, so the base
is judged by its own configuration, and the head also by the base's: what
that reports and the head's configuration hides is shown, and each weakening
of the checks is reported at soclint.yaml (weakening.py, rule A015). A change
that starts a program (its base has no soclint.yaml and no soclint document,
as when `soclint adopt` runs) leaves out no file the base checked: only the
rules and settings it turns down count.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from soclint.config import Config
from soclint.diff_mode.focus import change_scope, edited_in_place, reusing
from soclint.diff_mode.matching import Key, keys_of, unmatched
from soclint.diff_mode.weakening import settings_of, unjudged, weakenings
from soclint.document import DOCUMENT_TYPES
from soclint.engine import Evaluation, evaluate, evaluate_config
from soclint.errors import UsageError
from soclint.finding import Finding, Severity
from soclint.history.change import BaseProgram
from soclint.history.git_history import Commit, GitHistory, HistoryUnavailable
from soclint.history.snapshot import program_at
from soclint.program import Program, load_configuration, program_of
from soclint.registry import Rule
from soclint.repository import load_repository

_HIDDEN_NOTE = " (the base's configuration reports this; this change's configuration hides it)"


@dataclass(frozen=True)
class ChangeVerdict:
    """What diff mode reports, and how it decides the exit status."""

    findings: list[Finding]
    # Findings of the head the base already had, left out (None with --all).
    predating: int | None
    base: BaseProgram
    # The base's configuration: it decides which rules of Subject.CHANGE run.
    trusted: Config
    fail_on: Severity | None
    # The base's rules: a finding the head's configuration hides may come from a pack
    # the head no longer names.
    rules: dict[str, Rule]
    # Whether only what the change can reach was judged (change_scope.py): then the
    # findings that predate it are counted only there.
    focused: bool = False


def judge_change(program: Program) -> tuple[Evaluation, ChangeVerdict]:
    """The head (`program`) evaluated, and compared with the program at the base."""
    config = program.config
    rev = config.diff_base
    assert rev is not None  # runs only with --diff-base
    try:
        history = GitHistory.open(config.root)
        commit = history.merge_base(rev)
        renamed, touched = history.renamed_since(commit), history.touched_since(commit)
        change = _Change(history, commit, renamed, touched)
        edited = edited_in_place(program.repository, history, commit, change.touched, config)
        if edited is not None:
            base = Program(_as_base(config), program.pack, program.rules)
            return _judge(program, change, base.with_repository(edited), base.config, "")
        with program_at(history, commit, config.include) as root:
            base, trusted, problem = _base_program(config, root)
            if base.config.own_keys == config.own_keys:
                read = reusing(program.repository, change.touched, config.own_keys)
                base = base.with_repository(load_repository(base.config, read))
            return _judge(program, change, base, trusted, problem, root)
    except HistoryUnavailable as error:
        raise UsageError(f"--diff-base {rev}: {error}") from None


@dataclass(frozen=True)
class _Change:
    """The commits a change made since its base, as git tells them."""

    history: GitHistory
    commit: Commit  # the base
    renamed: dict[str, str]  # head path -> base path
    touched: frozenset[str]  # see GitHistory.touched_since


def _judge(
    program: Program,
    change: _Change,
    base: Program,
    trusted: Config | None,
    problem: str,
    root: Path | None = None,
) -> tuple[Evaluation, ChangeVerdict]:
    """The head's evaluation and its verdict against the `base` program, judged by
    `trusted` (None: the base's configuration cannot be used, for `problem`); `root` is the
    copy of the base's tree, when one was written."""
    config = program.config
    history, commit, renamed = change.history, change.commit, change.renamed
    scope = None
    if (
        trusted is not None
        and not config.report_all
        and settings_of(trusted, base.pack) == settings_of(config, program.pack)
        and _is_program(base)
    ):
        scope = change_scope(change.touched, program.repository, base.repository)
    head = evaluate(program, history, scope=scope)
    past = history.at(commit)
    before = evaluate(base, past, first_run=False, scope=scope, prior=head.ctx.facts)
    moved = {then: now for now, then in renamed.items()}
    head_keys, base_keys = _keys(head), _keys(before, moved)
    new = _pick(head.findings, unmatched(head_keys, base_keys))
    shown = list(head.findings) if config.report_all else new
    predating = None if config.report_all else len(head.findings) - len(new)
    if trusted is None:
        assert root is not None  # the base's own configuration was read from its tree
        found = unjudged(config, _at_base(config, root), problem)
        # Only the command line's choices, not the head's, decide whether A015 runs.
        chosen = config.command_line
        select, ignore = tuple(chosen.get("select", ())), tuple(chosen.get("ignore", ()))
        trusted = Config(config.root, config.as_of, select=select, ignore=ignore)
    else:
        hidden: list[Finding] = []
        # A change that starts a program hides nothing the base checked: the base had no
        # program, so what its defaults would read (a README, a website's pages) is no loss.
        starting = not _is_program(base)
        if settings_of(before.ctx.config) != settings_of(config) and not starting:
            # The head judged by the base's configuration: what that reports and the
            # head's does not is hidden by the change; what the base lacked, it caused.
            judged = evaluate_config(replace(trusted, root=config.root, file=config.file))
            judged_keys = _keys(judged)
            # The same files under two configurations: a finding at the same place counts
            # as reported, whatever words the head's configuration gives it.
            unreported = unmatched(_keys(judged, by_place=True), _keys(head, by_place=True))
            hidden = _pick(judged.findings, unreported)
            caused = unmatched([judged_keys[i] for i in unreported], base_keys)
            shown += [replace(f, message=f.message + _HIDDEN_NOTE) for f in _pick(hidden, caused)]
        found = weakenings(before, head, moved, hidden, judge_files=not starting)
    documents = {moved.get(doc.path, doc.path): doc for doc in before.ctx.repository.documents}
    at_base = BaseProgram(config.diff_base or "", commit, documents, found)
    gate = _stricter(trusted.fail_on, config.fail_on)
    verdict = ChangeVerdict(
        shown, predating, at_base, trusted, gate, before.rules, focused=scope is not None
    )
    return head, verdict


def _is_program(base: Program) -> bool:
    """Whether the base is a soclint program: it has soclint.yaml or a soclint document."""
    if base.config.file is not None:
        return True
    return any(doc.type in DOCUMENT_TYPES for doc in base.repository.documents)


def _base_program(config: Config, root: Path) -> tuple[Program, Config | None, str]:
    """The base at `root` with its own configuration, and that configuration.

    When the base's configuration cannot be used here, the base with the head's
    configuration, None and why.
    """
    try:
        trusted = load_configuration(
            root, config_file=_at_base(config, root), **config.command_line
        )
        return program_of(_tracked(trusted)), trusted, ""
    except UsageError as error:
        return program_of(_tracked(_rooted(config, root))), None, str(error)


def _as_base(config: Config) -> Config:
    """The head's configuration judging the base, when the change left it alone."""
    return replace(config, diff_base=None, report_all=False)


def _tracked(config: Config) -> Config:
    """`config` judging the base: a tree of the files git tracks, of which git ignores none."""
    return replace(config, honour_gitignore=False)


def _at_base(config: Config, root: Path) -> Path | None:
    """Where the head's configuration file is in the base: the same file when outside the
    program, None when the base has none."""
    if config.file is None:
        return None
    try:
        relative = config.file.resolve().relative_to(config.root.resolve())
    except ValueError:
        return config.file
    found = root / relative
    return found if found.is_file() else None


def _rooted(config: Config, root: Path) -> Config:
    """The head's configuration, judging the program at `root` (diff mode's base)."""
    file = None if config.file is None else _at_base(config, root) or root / config.shown_file
    return replace(config, root=root, file=file, diff_base=None, report_all=False)


def _stricter(first: Severity | None, second: Severity | None) -> Severity | None:
    """The fail_on that fails on more (None: `never`, fails on nothing)."""
    return min(first, second, key=lambda level: 4 if level is None else level.rank)


def _pick(findings: list[Finding], indices: Iterable[int]) -> list[Finding]:
    return [findings[i] for i in indices]


def _keys(
    run: Evaluation, moved: Mapping[str, str] | None = None, by_place: bool = False
) -> list[Key]:
    return keys_of(run.findings, run.ctx.repository.by_path, moved, by_place)
