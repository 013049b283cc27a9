"""A run: run the program's selected rules, place and waive findings, sort them.

`commands.check` makes the report of a run, and in diff mode also evaluates the
program at the base (diff_mode/).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Set
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from soclint.change_scope import ChangeScope, Reach
from soclint.config import Config
from soclint.context import Context
from soclint.facts import Facts
from soclint.finding import Finding, Hit, Severity
from soclint.history.change import BaseProgram
from soclint.program import Program, program_of
from soclint.registry import Rule, Subject
from soclint.repository import Repository
from soclint.suppression import WaiverTerms, apply_waivers, collect_waivers
from soclint.unparsed import means_soclint

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


def run_rules(
    rules: Iterable[tuple[Rule, Severity]],
    ctx: Context,
    silenceable: Set[tuple[str | None, str]] = frozenset(),
) -> list[Finding]:
    """The rules' findings, at most MAX_LISTED of a rule per document, then one that counts
    the rest: a hostile document of a hundred thousand problems is read, not printed.

    Of a (document path, code) in `silenceable` every finding is kept: waivers silence
    findings line by line, and `listed` bounds what they leave.
    """
    findings: list[Finding] = []
    for rule, severity in rules:
        findings += placed(rule.run(ctx), rule, severity, silenceable)
    return findings


def placed(
    hits: Iterable[Hit],
    rule: Rule,
    severity: Severity,
    silenceable: Set[tuple[str | None, str]] = frozenset(),
) -> list[Finding]:
    """The findings of `rule`'s `hits`, at most MAX_LISTED per document, then one that
    counts the rest; of a (document path, code) in `silenceable` every finding is kept."""
    findings: list[Finding] = []
    counts: dict[str | None, int] = {}
    unlisted: dict[str | None, tuple[Hit, int]] = {}
    for hit in hits:
        where = hit.document.path if hit.document is not None else hit.file
        count = counts.get(where, 0)
        if count < MAX_LISTED or (where, rule.code) in silenceable:
            counts[where] = count + 1
            findings.append(place(hit, rule, severity))
        else:
            first, more = unlisted.get(where, (hit, 0))
            unlisted[where] = (first, more + 1)
    for first, more in unlisted.values():
        shown = replace(first, message=_unlisted(first.message, rule.code, more))
        findings.append(place(shown, rule, severity))
    return findings


def listed(findings: Iterable[Finding], pairs: Set[tuple[str | None, str]]) -> list[Finding]:
    """The findings with at most MAX_LISTED of each (path, code) of `pairs`, in the order
    they came, then one that counts the rest (see `run_rules`)."""
    counts: dict[tuple[str | None, str], int] = {}
    kept: list[Finding] = []
    first_unlisted: dict[tuple[str | None, str], Finding] = {}
    for finding in findings:
        key = (finding.path, finding.code)
        count = counts.get(key, 0)
        counts[key] = count + 1
        if count < MAX_LISTED or key not in pairs:
            kept.append(finding)
        elif count == MAX_LISTED:
            first_unlisted[key] = finding
    for key, first in first_unlisted.items():
        more = counts[key] - MAX_LISTED
        kept.append(replace(first, message=_unlisted(first.message, first.code, more)))
    return kept


def _unlisted(message: str, code: str, count: int) -> str:
    """The message of the first unlisted finding, saying how many of the rule's findings in
    its file are not listed."""
    others = "" if count == 1 else f" and {count - 1:,} more"
    return (
        f"{message} (this{others} {code} findings of this file are not listed: "
        f"soclint lists at most {MAX_LISTED:,} of a rule per file)"
    )


def chosen_rules(config: Config, rules: dict[str, Rule]) -> list[tuple[Rule, Severity]]:
    """The rules `config` runs, each with the severity it reports at."""
    chosen = []
    for code, rule in rules.items():
        severity = config.severity_of(code, rule.severity) if config.enabled(code) else None
        if severity is not None:
            chosen.append((rule, severity))
    return chosen


def _for_contents(
    chosen: list[tuple[Rule, Severity]], repository: Repository, first_run: bool
) -> list[tuple[Rule, Severity]]:
    """The rules to run over `repository`: on a `first_run` over a repository that holds no
    soclint document, the rules that say so, if any runs, alone; otherwise every rule but
    those."""
    alone = [(r, s) for r, s in chosen if r.subject is Subject.NO_DOCUMENTS]
    if first_run and alone and not any(means_soclint(doc) for doc in repository.documents):
        return alone
    return [(r, s) for r, s in chosen if r.subject is not Subject.NO_DOCUMENTS]


@dataclass(frozen=True)
class Evaluation:
    """One run of the rules over one program: its findings, before any diff-mode choice."""

    findings: list[Finding]
    rules: dict[str, Rule]
    # The context of the run's last phase: the waivers applied.
    ctx: Context


RuleRunner = Callable[
    [Iterable[tuple[Rule, Severity]], Context, Set[tuple[str | None, str]]], list[Finding]
]


def evaluate(
    program: Program,
    history: GitHistory | None = None,
    run: RuleRunner = run_rules,
    first_run: bool = True,
    scope: ChangeScope | None = None,
    prior: Facts | None = None,
) -> Evaluation:
    """Every enabled rule over `program`, waivers applied.

    `history` replaces the working tree's git history (diff mode's base, read at its
    commit); `run` runs the rules before waivers apply (a replay reuses earlier results).
    With `first_run`, a program of no soclint document gets that one finding (S011) alone.
    With a `scope` (diff mode), only what the change it describes can reach runs; `prior`
    are the facts of the head, which judging the base takes for the documents they share.
    """
    config, pack = program.config, program.pack
    rules, repository = program.rules, program.repository
    chosen = _for_contents(chosen_rules(config, rules), repository, first_run)
    readers = tuple(rule.history_for for rule, _ in chosen if rule.history_for is not None)
    facts = Facts(repository, config, pack, history, prior)
    ctx = Context(repository, config, pack, facts, history_readers=readers)
    reach = {rule.code: Reach.ALL if scope is None else scope.reach(rule) for rule, _ in chosen}
    fully = {code for code, how in reach.items() if how is Reach.ALL}
    focus = frozenset() if scope is None else scope.documents
    touched = {code: focus for code, how in reach.items() if how is Reach.TOUCHED}
    unwaivable = frozenset(code for code, rule in rules.items() if not rule.waivable)
    terms = WaiverTerms(ctx.as_of, config.waiver_max_term, frozenset(rules), unwaivable)
    waivers = collect_waivers(repository.documents, terms, fully, facts.body, touched)
    last = (Subject.WAIVER, Subject.CHANGE)
    first = [(r, s) for r, s in chosen if r.subject not in last]
    found = run([(r, s) for r, s in first if r.code in fully], ctx, waivers.aimed)
    if touched:
        focused = replace(ctx, focus=focus)
        found += run([(r, s) for r, s in first if r.code in touched], focused, waivers.aimed)
    findings = listed(apply_waivers(found, waivers), waivers.aimed)
    waived = replace(ctx, waivers=waivers)
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
    """`evaluate` of the program `config` describes (diff mode's base, judged by its own).

    Every rule runs, even where no soclint document is yet: what the base reports is what
    a change that starts a program did not cause."""
    return evaluate(program_of(config), history, first_run=False)
