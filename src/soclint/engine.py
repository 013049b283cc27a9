"""A run: run the program's selected rules, place and waive findings, sort them.

`commands.check` makes the report of a run, and in diff mode also evaluates the
program at the base (diff_mode/).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from soclint.config import Config
from soclint.context import Context
from soclint.facts import Facts
from soclint.finding import Finding, Hit, Severity
from soclint.history.change import BaseProgram
from soclint.program import Program, program_of
from soclint.registry import Rule, Subject
from soclint.suppression import WaiverTerms, apply_waivers

if TYPE_CHECKING:
    from soclint.history.git_history import GitHistory


def place(hit: Hit, rule: Rule, severity: Severity) -> Finding:
    """A Finding at the file, line and column the hit names, or with no location when
    the hit names no file; never past the last line of a document."""
    doc = hit.document
    path, line, column = None, None, None
    if doc is not None:
        path = doc.path
        if hit.line is not None:
            line, column = hit.line, hit.column or 1
        else:
            line, column = doc.locate(hit.key_path)
        if doc.line_count is not None and line > max(doc.line_count, 1):
            line, column = max(doc.line_count, 1), 1
    elif hit.file is not None and hit.line is not None:
        path, line, column = hit.file, hit.line, hit.column or 1
    return Finding(
        code=rule.code,
        name=rule.name,
        severity=severity,
        path=path,
        line=line,
        column=column,
        message=hit.message,
        document=doc.id if doc is not None else None,
        key_path=hit.key_path,
    )


# The most findings of one rule listed for one document; the rest are counted in one more.
MAX_LISTED = 1_000


def run_rules(rules: Iterable[tuple[Rule, Severity]], ctx: Context) -> list[Finding]:
    """The rules' findings, at most MAX_LISTED of a rule per document, then one that counts
    the rest: a hostile document of a hundred thousand problems is read, not printed."""
    findings: list[Finding] = []
    for rule, severity in rules:
        listed: dict[str | None, int] = {}
        unlisted: dict[str | None, tuple[Hit, int]] = {}
        for hit in rule.run(ctx):
            where = hit.document.path if hit.document is not None else hit.file
            count = listed.get(where, 0)
            if count < MAX_LISTED:
                listed[where] = count + 1
                findings.append(place(hit, rule, severity))
            else:
                first, more = unlisted.get(where, (hit, 0))
                unlisted[where] = (first, more + 1)
        for first, more in unlisted.values():
            findings.append(place(_more(first, rule.code, more), rule, severity))
    return findings


def _more(first: Hit, code: str, count: int) -> Hit:
    """The first unlisted hit, saying how many of the rule's findings in its file are not
    listed."""
    others = "" if count == 1 else f" and {count - 1:,} more"
    message = (
        f"{first.message} (this{others} {code} findings of this file are not listed: "
        f"soclint lists at most {MAX_LISTED:,} of a rule per file)"
    )
    return replace(first, message=message)


def chosen_rules(config: Config, rules: dict[str, Rule]) -> list[tuple[Rule, Severity]]:
    """The rules `config` runs, each with the severity it reports at."""
    chosen = []
    for code, rule in rules.items():
        severity = config.severity_of(code, rule.severity) if config.enabled(code) else None
        if severity is not None:
            chosen.append((rule, severity))
    return chosen


@dataclass(frozen=True)
class Evaluation:
    """One run of the rules over one program: its findings, before any diff-mode choice."""

    findings: list[Finding]
    rules: dict[str, Rule]
    # The context of the run's last phase: the waivers applied.
    ctx: Context


def evaluate(program: Program, history: GitHistory | None = None) -> Evaluation:
    """Every enabled rule over `program`, waivers applied.

    `history` replaces the working tree's git history (diff mode's base, read at its commit).
    """
    config, pack = program.config, program.pack
    rules, repository = program.rules, program.repository
    chosen = chosen_rules(config, rules)
    readers = tuple(rule.history_for for rule, _ in chosen if rule.history_for is not None)
    facts = Facts(repository, config, pack, history)
    ctx = Context(repository, config, pack, facts, history_readers=readers)
    last = (Subject.WAIVER, Subject.CHANGE)
    findings = run_rules(((r, s) for r, s in chosen if r.subject not in last), ctx)
    ran = {rule.code for rule, _ in chosen}
    unwaivable = frozenset(code for code, rule in rules.items() if not rule.waivable)
    terms = WaiverTerms(ctx.as_of, config.waiver_max_term, frozenset(rules), unwaivable)
    findings, outcome = apply_waivers(findings, repository.documents, terms, ran)
    waived = replace(ctx, waivers=outcome)
    findings += run_rules(((r, s) for r, s in chosen if r.subject is Subject.WAIVER), waived)
    return Evaluation(findings, rules, waived)


def run_change_rules(
    head: Evaluation, chosen: Iterable[tuple[Rule, Severity]], base: BaseProgram
) -> list[Finding]:
    """The findings of the `chosen` rules that judge a change (Subject.CHANGE), over the head
    that `head` evaluated and the program at the base."""
    ctx = replace(head.ctx, change=base)
    return run_rules(((r, s) for r, s in chosen if r.subject is Subject.CHANGE), ctx)


def evaluate_config(config: Config, history: GitHistory | None = None) -> Evaluation:
    """`evaluate` of the program `config` describes (diff mode's base, judged by its own)."""
    return evaluate(program_of(config), history)
