"""Every rule reads only what it declares (rule_inputs.py): diff mode trusts the declarations
to run a rule only where a change can reach it (change_scope.py).

Each rule with declared inputs runs over the example program and over its own documented
examples with everything it reads tracked (audit/tracking.py); a rule that judges documents
one at a time runs on each document alone. What it read must be within what it declares.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import EXAMPLE
from rule_examples import VERDICTS, ProgramCopy, documented_blocks, in_git
from rule_reads import reads_of, undeclared

from soclint.audit.tracking import Reads
from soclint.program import load_program
from soclint.registry import Rule, Subject
from soclint.rule_inputs import Inputs, reads

RULES = load_program(EXAMPLE).rules
DECLARED = [rule for rule in RULES.values() if rule.reads is not None]
# Rules that run in every phase of diff mode as in a full check: they judge the whole run.
NEVER_SCOPED = {Subject.WAIVER, Subject.CHANGE, Subject.NO_DOCUMENTS}


def test_the_rules_that_are_cheap_to_skip_declare_what_they_read() -> None:
    undeclared_rules = {
        code for code, rule in RULES.items()
        if rule.reads is None and rule.subject not in NEVER_SCOPED
    }  # fmt: skip
    # S012 reads the discovery of files, which no declaration covers: it always runs.
    assert undeclared_rules == {"S012"}


@pytest.mark.slow
@pytest.mark.parametrize(
    ("rule", "verdict"),
    [(rule, verdict) for rule in DECLARED for verdict in ("program", *VERDICTS)],
    ids=lambda value: value.code if isinstance(value, Rule) else value,
)
def test_a_rule_reads_only_what_it_declares(rule: Rule, verdict: str, tmp_path: Path) -> None:
    assert rule.reads is not None
    copy = ProgramCopy(tmp_path / "program", EXAMPLE)
    if verdict != "program":
        blocks = documented_blocks(rule.documentation, verdict)
        copy.apply(blocks, in_git(blocks))
    program = load_program(copy.root)
    problems = [
        f"{own or 'the whole program'}: {what}"
        for own, found in reads_of(rule, program)
        for what in undeclared(found, rule.reads, own)
    ]
    assert not problems, f"{rule.code} reads what it does not declare: {problems}"


def test_an_undeclared_read_is_told() -> None:
    found = Reads(types={"roster", "policy"}, by_path={"a.md", "b.md"}, files=True)
    assert undeclared(found, reads("roster"), "a.md") == [
        "documents by path: ['b.md']",
        "documents of types ['policy']",
        "files by path",
    ]
    assert undeclared(found, reads(documents=True, files=True), "a.md") == []
    assert undeclared(Reads(history=True), Inputs(), None) == ["git history"]
    assert undeclared(Reads(history=True), Inputs(), "a.md") == []
