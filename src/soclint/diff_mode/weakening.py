"""What a change takes away from the checks themselves.

Diff mode judges the base with the base's configuration and the head with
the head's, so a change that ignores a rule, lowers a severity, excludes
files or moves `as_of` back would pass by producing fewer findings. Each such
weakening becomes one entry here, at the soclint.yaml key that causes it
(rule A015 reports them). Compared one by one: the rules that run and their
severities, the files read (a file the base reads that is still there and is
no longer read, for whatever reason), `fail_on`, `as_of`, `warn_days` and
separation of duties. Anything else a change of soclint.yaml or a rule pack
can do (a pack's cadences, required sections, `draft_max_age`) is judged by
its effect: the findings the base's configuration reports on the head that
the head's does not.
"""

from __future__ import annotations

import difflib
import os
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

from soclint.config import Config
from soclint.context import Context
from soclint.discovery import FileChoice
from soclint.engine import Evaluation
from soclint.errors import UsageError
from soclint.finding import Finding, Severity
from soclint.history.change import Weakening
from soclint.keypaths import KeyPath, where
from soclint.options import schema_properties
from soclint.pack import Pack
from soclint.program import rule_options
from soclint.registry import Rule
from soclint.settings_file import read_settings
from soclint.yamltree import locate

_SHOWN_FILES = 5


def settings_of(config: Config, pack: Pack | None = None) -> list[bytes | None]:
    """The bytes of soclint.yaml and of each rule pack it names (None: no such file); with
    the `pack` they make, also of the criteria catalog it names."""
    files = [config.file, *config.packs]
    if pack is not None:
        files.append(pack.catalog_file.path if pack.catalog_file is not None else None)
    return [_bytes(file) for file in files]


def _bytes(file: Path | None) -> bytes | None:
    try:
        return None if file is None else file.read_bytes()
    except OSError:
        return None


def unjudged(head: Config, at_base: Path | None, problem: str) -> list[Weakening]:
    """When the base's configuration cannot be used: a change of soclint.yaml cannot be judged.

    `at_base` is the base's soclint.yaml, `problem` why it cannot be used.
    """
    if _bytes(at_base) == _bytes(head.file):
        return []
    message = (
        f"this change edits {head.shown_file}, and the base's configuration cannot be used "
        f"({problem}), so what it changes in the checks cannot be judged"
    )
    return [Weakening(message, 1, 1)]


def weakenings(
    before: Evaluation,
    after: Evaluation,
    moved: Mapping[str, str],
    hidden: Sequence[Finding],
    judge_files: bool = True,
) -> list[Weakening]:
    """How the head (`after`) checks less than the base (`before`).

    `moved` maps the base's paths of renamed files to the head's. `hidden` are the findings
    the base's configuration reports on the head and the head's does not; those that no
    weakening found one by one explains are reported together. Without `judge_files`, the
    files the base reads and the head does not are no weakening.
    """
    base, head = before.ctx, after.ctx
    causes, turned_down = _rules_turned_down(base, head, before.rules, after.rules)
    lost = _files_no_longer_read(base, head, moved) if judge_files else {}
    for key, paths in lost.items():
        causes.setdefault(key, []).append(_files_told(paths))
    for key, what in _settings_loosened(base, head, before.rules):
        causes.setdefault(key, []).append(what)
    positions = _positions(head, after.rules)
    found = []
    for key, parts in causes.items():
        line, column = locate(positions, key)
        prefix = f"{where(key)}: " if key else ""
        found.append(
            Weakening(f"{prefix}this change weakens the checks: {'; '.join(parts)}", line, column)
        )
    unread = {path for paths in lost.values() for path in paths}
    unexplained = [f for f in hidden if f.code not in turned_down and f.path not in unread]
    if unexplained:
        line = _changed_line(base, head, positions)
        found.append(Weakening(_hidden_told(unexplained), line, 1))
    return found


def _files_told(paths: list[str]) -> str:
    shown = ", ".join(paths[:_SHOWN_FILES]) + (", …" if len(paths) > _SHOWN_FILES else "")
    if len(paths) == 1:
        return f"1 file the base reads is no longer checked ({shown})"
    return f"{len(paths)} files the base reads are no longer checked ({shown})"


def _hidden_told(findings: list[Finding]) -> str:
    counts = Counter(f.code for f in findings)
    listed = ", ".join(f"{n} {code}" for code, n in sorted(counts.items()))
    noun = "finding" if len(findings) == 1 else "findings"
    return (
        f"this change to the configuration hides {len(findings)} {noun} that the base's "
        f"configuration reports ({listed})"
    )


def _severity(ctx: Context, code: str, rule: Rule | None) -> Severity | None:
    if rule is None or not ctx.config.enabled(code):
        return None
    return ctx.config.severity_of(code, rule.severity)


def _rules_turned_down(
    base: Context, head: Context, base_rules: dict[str, Rule], head_rules: dict[str, Rule]
) -> tuple[dict[KeyPath, list[str]], set[str]]:
    """What changed, by cause, for each rule the head runs less severely than the base, and
    the codes of those rules. Rules turned off by one cause are told together."""
    off: dict[KeyPath, list[str]] = {}
    causes: dict[KeyPath, list[str]] = {}
    turned_down: set[str] = set()
    for code, rule in base_rules.items():
        before = _severity(base, code, rule)
        after = _severity(head, code, head_rules.get(code))
        if before is None or (after is not None and after.rank >= before.rank):
            continue
        turned_down.add(code)
        if after is None:
            off.setdefault(_cause_of_off(head, code, code in head_rules), []).append(code)
        else:
            prefixes = [p for p in head.config.severity if code.startswith(p)]
            key: KeyPath = ("severity", max(prefixes, key=len)) if prefixes else ("severity",)
            what = f"{code} reports as {after.value}, at the base as {before.value}"
            causes.setdefault(key, []).append(what)
    for key, codes in off.items():
        what = f"{', '.join(codes)} no longer run{'s' if len(codes) == 1 else ''}"
        causes.setdefault(key, []).insert(0, what)
    return causes, turned_down


def _cause_of_off(head: Context, code: str, exists: bool) -> KeyPath:
    config = head.config
    if not exists:
        return ("packs",)
    if config.severity_of(code, Severity.ERROR) is None:
        prefixes = [p for p in config.severity if code.startswith(p)]
        return ("severity", max(prefixes, key=len))
    if config.select and not any(code.startswith(p) for p in config.select):
        return ("select",)
    matching = [i for i, p in enumerate(config.ignore) if code.startswith(p)]
    return ("ignore", max(matching, key=lambda i: len(config.ignore[i]))) if matching else ()


def _files_no_longer_read(
    base: Context, head: Context, moved: Mapping[str, str]
) -> dict[KeyPath, list[str]]:
    """Files the base reads that are still there and the head does not read, by cause."""
    read_now = {doc.path for doc in head.repository.documents}
    root = head.config.root
    read_before = {moved.get(doc.path, doc.path) for doc in base.repository.documents}
    choice = FileChoice(head.config)
    causes: dict[KeyPath, list[str]] = {}
    for path in sorted(read_before - read_now):
        if not os.path.lexists(root / path):
            continue
        cause = choice.excluded_by(path)
        if cause is None:
            cause = () if choice.include.matches(path) else ("include",)
        causes.setdefault(cause, []).append(path)
    return causes


def _gate(level: object) -> int:
    """How severe a finding must be to fail the check (4: nothing fails it)."""
    return level.rank if isinstance(level, Severity) else 4


def _named(level: object) -> str:
    return level.value if isinstance(level, Severity) else "never"


def _settings_loosened(
    base: Context, head: Context, rules: dict[str, Rule]
) -> Iterator[tuple[KeyPath, str]]:
    """Each setting the head loosens, at its key: the run's own settings, and the options
    of `rules` (the base's) whose change weakens the checks."""
    before, after = base.config, head.config
    if _gate(after.fail_on) > _gate(before.fail_on):
        failing = f"the check fails at {_named(after.fail_on)}"
        yield ("fail_on",), f"{failing}, at the base at {_named(before.fail_on)}"
    if after.as_of < before.as_of:
        judged = f"dates are judged as of {after.as_of.isoformat()}"
        yield ("as_of",), f"{judged}, at the base as of {before.as_of.isoformat()}"
    if after.warn_days < before.warn_days:
        warning = f"warnings start {after.warn_days} days ahead"
        yield ("warn_days",), f"{warning}, at the base {before.warn_days}"
    for option in rule_options(rules):
        was, now = option.value(before, base.pack), option.value(after, head.pack)
        if option.weakened_when is not None and option.weakened_when(was, now):
            yield (option.key,), option.weakening


def _positions(head: Context, rules: dict[str, Rule]) -> dict[KeyPath, tuple[int, int]]:
    """Where each key of the head's soclint.yaml is (none when there is no such file);
    `rules` are the head's, whose options the file may set."""
    config = head.config
    if config.file is None or not config.file.is_file():
        return {}
    options = schema_properties(rule_options(rules), in_pack=False)
    try:
        _data, tree = read_settings(config.file, "config", config.shown_file, properties=options)
    except UsageError:
        return {}
    return tree.positions


def _changed_line(base: Context, head: Context, positions: dict[KeyPath, tuple[int, int]]) -> int:
    """The first line of the head's soclint.yaml that differs from the base's, else `packs`."""
    before, after = (_text(ctx.config.file) for ctx in (base, head))
    if before == after:
        return locate(positions, ("packs",))[0]
    old, new = before.splitlines(), after.splitlines()
    for tag, _i1, _i2, j1, _j2 in difflib.SequenceMatcher(None, old, new).get_opcodes():
        if tag != "equal":
            return max(1, min(j1 + 1, len(new)))
    return 1


def _text(file: Path | None) -> str:
    content = _bytes(file)
    return "" if content is None else content.decode("utf-8", "replace")
