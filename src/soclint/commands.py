"""What the commands that read a program do, as library calls: `check` and `coverage`.

`check` runs the rules (engine.py) and, in diff mode, judges what the change since
the base causes (diff_mode/).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from soclint.collector import collector_paused
from soclint.coverage_matrix import Matrix, coverage_matrix
from soclint.engine import chosen_rules, evaluate, run_change_rules
from soclint.errors import UsageError
from soclint.program import Program
from soclint.report import Report
from soclint.unparsed import unparsed_documents

if TYPE_CHECKING:
    from soclint.accountability import Accountability


def check(program: Program) -> Report:
    """Run every enabled rule over the program.

    With `config.diff_base`, report what the change since the base causes (diff_mode/).
    The cyclic garbage collector waits until the report is made (see collector.py).
    """
    with collector_paused():
        return _check(program)


def _check(program: Program) -> Report:
    config = program.config
    focused = False
    if config.diff_base is None:
        head = evaluate(program)
        findings, rules, predating, fail_on = head.findings, head.rules, None, None
    else:
        # Imported here: only diff mode reads git for the whole program.
        from soclint.diff_mode.compare import judge_change

        head, change = judge_change(program)
        # The base's configuration decides which of the rules that judge the change run,
        # so a change cannot turn them off.
        findings = change.findings + run_change_rules(
            head, chosen_rules(change.trusted, head.rules), change.base
        )
        rules = {**change.rules, **head.rules}
        predating, fail_on, focused = change.predating, change.fail_on, change.focused
    findings.sort(key=lambda f: f.sort_key)
    return Report(
        findings,
        len(head.ctx.repository.documents),
        rules=rules,
        root=config.root,
        predating=predating,
        fail_on=fail_on,
        focused=focused,
        anchor=_anchor(program),
    )


def _anchor(program: Program) -> str | None:
    """The file a format that needs one puts findings about the whole program at."""
    config = program.config
    if config.file is not None and config.file.is_file():
        shown = config.shown_file
        if not shown.startswith(("/", "../")):
            return shown
    return min((doc.path for doc in program.repository.documents), default=None)


def check_coverage(program: Program) -> Matrix:
    """The coverage matrix as `soclint coverage` shows it: UsageError without a scope."""
    repository = program.repository
    if repository.first("system-description") is None:
        raise UsageError(
            f"{repository.root}: no system description (type: system-description), "
            "so no category is in scope"
        )
    as_of = program.config.as_of
    return coverage_matrix(repository, program.pack, as_of, unparsed_documents(repository))


def check_accountability(program: Program) -> Accountability:
    """Who recorded each sign-off and who acknowledged each policy, as `soclint coverage
    --format json` shows them (read from git only when asked)."""
    from soclint.accountability import accountability
    from soclint.facts import Facts

    return accountability(Facts(program.repository, program.config, program.pack))
