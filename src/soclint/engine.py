"""A run: run the program's selected rules, place and waive findings, sort them."""

from __future__ import annotations

from collections.abc import Iterable

from soclint.context import Context
from soclint.finding import Finding, Hit, Severity
from soclint.program import Program
from soclint.registry import Rule, Scope
from soclint.report import Report
from soclint.waivers import WaiverTerms, apply_waivers


def place(hit: Hit, rule: Rule, severity: Severity) -> Finding:
    """A Finding at the file, line and column the hit names, or with no location when
    the hit names no document; never past the last line of the file."""
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


def _run(rules: Iterable[tuple[Rule, Severity]], ctx: Context) -> list[Finding]:
    return [place(hit, rule, severity) for rule, severity in rules for hit in rule.run(ctx)]


def check(program: Program) -> Report:
    """Run every enabled rule over the program."""
    config, rules, repository = program.config, program.rules, program.repository
    ctx = Context(repository, config, program.pack)
    chosen: list[tuple[Rule, Severity]] = []
    for code, rule in rules.items():
        severity = config.severity_of(code, rule.severity) if config.enabled(code) else None
        if severity is not None:
            chosen.append((rule, severity))
    findings = _run(((r, s) for r, s in chosen if r.scope is not Scope.WAIVER), ctx)
    ran = {rule.code for rule, _ in chosen}
    terms = WaiverTerms(ctx.as_of, config.waiver_max_term, rules)
    findings, ctx.waivers = apply_waivers(findings, repository.documents, terms, ran)
    findings += _run(((r, s) for r, s in chosen if r.scope is Scope.WAIVER), ctx)
    if config.diff_base is not None and not config.report_all:
        from soclint.diffmode import only_changed

        findings = only_changed(findings, ctx)
    findings.sort(key=lambda f: f.sort_key)
    return Report(findings, len(repository.documents), rules=rules, root=config.root)
