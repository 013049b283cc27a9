"""A run: load the repository, run the selected rules, place and waive findings, sort them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from soclint.config import Config, shown_path
from soclint.context import Context
from soclint.errors import UsageError
from soclint.finding import Finding, Hit, Severity
from soclint.pack import Pack, load_pack
from soclint.registry import Rule, Scope, builtin_rules
from soclint.repository import Repository, load_repository
from soclint.waivers import apply_waivers


@dataclass
class Report:
    findings: list[Finding]
    documents: int
    # What the machine formats need beyond the findings: each rule's metadata
    # (SARIF) and the program's folder (paths relative to the git checkout).
    rules: dict[str, Rule] = field(default_factory=dict)
    root: Path | None = None

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    def fails(self, threshold: Severity) -> bool:
        return any(f.severity.rank >= threshold.rank for f in self.findings)


def all_rules(pack: Pack) -> dict[str, Rule]:
    """Built-in rules and the pack's declarative rules, by code."""
    from soclint.rules.declarative import declarative_rule

    rules = builtin_rules()
    for spec in pack.rules:
        if spec.code in rules:
            raise UsageError(f"{spec.source}: rule code {spec.code} is taken by a built-in rule")
        rules[spec.code] = declarative_rule(spec)
    return dict(sorted(rules.items()))


def config_pack(config: Config) -> Pack:
    """The built-in pack with the packs soclint.yaml names layered on."""
    extra = [(p, shown_path(p, config.root)) for p in config.packs]
    return load_pack(extra, taken=set(builtin_rules()), root=config.root)


def _check_selectors(config: Config, rules: dict[str, Rule]) -> None:
    for key, selector in config.selectors():
        if not any(code.startswith(selector) for code in rules):
            raise UsageError(
                f"{config.shown_file}: {key}: '{selector}' is not a rule code or prefix"
            )


def place(hit: Hit, rule: Rule, severity: Severity, ctx: Context) -> Finding:
    """A Finding at the file, line and column the hit names."""
    doc = hit.document
    if doc is not None:
        path, document = doc.path, doc.id
        if hit.line is not None:
            line, column = hit.line, hit.column or 1
        else:
            line, column = doc.locate(hit.key_path)
    else:
        path, document = ctx.config.shown_file, None
        line, column = hit.line or 1, hit.column or 1
    return Finding(
        code=rule.code,
        name=rule.name,
        severity=severity,
        path=path,
        line=line,
        column=column,
        message=hit.message,
        document=document,
        key_path=hit.key_path,
    )


def _run(rules: Iterable[tuple[Rule, Severity]], ctx: Context) -> list[Finding]:
    return [place(hit, rule, severity, ctx) for rule, severity in rules for hit in rule.run(ctx)]


def check(config: Config, repository: Repository | None = None) -> Report:
    """Run every enabled rule over the repository at `config.root`."""
    pack = config_pack(config)
    rules = all_rules(pack)
    _check_selectors(config, rules)
    repository = repository or load_repository(config)
    ctx = Context(repository, config, pack)
    chosen: list[tuple[Rule, Severity]] = []
    for code, rule in rules.items():
        severity = config.severity_of(code, rule.severity) if config.enabled(code) else None
        if severity is not None:
            chosen.append((rule, severity))
    findings = _run(((r, s) for r, s in chosen if r.scope is not Scope.WAIVER), ctx)
    ran = {rule.code for rule, _ in chosen}
    findings, ctx.waivers = apply_waivers(
        findings, repository.documents, ctx.as_of, set(rules), ran
    )
    findings += _run(((r, s) for r, s in chosen if r.scope is Scope.WAIVER), ctx)
    if config.diff_base is not None and not config.report_all:
        from soclint.diffmode import only_changed

        findings = only_changed(findings, ctx)
    findings.sort(key=lambda f: f.sort_key)
    return Report(findings, len(repository.documents), rules=rules, root=config.root)
