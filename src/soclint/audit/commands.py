"""What the audit-period commands do, as library calls: `history`, `package` and `report`."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from soclint.accountability import accountability
from soclint.audit.approvals import approval_entries, unproven_note
from soclint.audit.intervals import PeriodHistory, period_history
from soclint.audit.readiness import Readiness, readiness
from soclint.audit.replay import ReplayWork, open_history, replay
from soclint.audit.span import chosen_period
from soclint.engine import Evaluation, evaluate
from soclint.errors import UsageError
from soclint.program import Program


def history_of(program: Program, since: date | None, until: date | None) -> PeriodHistory:
    """The program replayed from `since` to `until` (an end not given: the system
    description's report period)."""
    span = chosen_period(program.repository, since, until)
    work = ReplayWork()
    found = period_history(replay(program, open_history(program), span, work), span)
    found.commits, found.commit_at_start = work.commits, work.at_start
    return found


def readiness_of(program: Program) -> Readiness:
    """The readiness report of `program` as of its as-of date, with the audit period (the
    system description's, up to the as-of date) replayed when git history allows."""
    evaluation = evaluate(program)
    as_of = program.config.as_of
    history: PeriodHistory | str
    try:
        span = chosen_period(program.repository, None, None)
        if span.start > as_of:
            history = f"The audit period starts on {span.start.isoformat()}: nothing to replay yet."
        else:
            history = history_of(program, span.start, min(span.end, as_of))
    except UsageError as error:
        history = f"Not replayed: {error}"
    return _with_approvals(readiness(evaluation, history), evaluation)


# The checklist item that notes the approvals git does not prove.
_SUITE_ITEM = "Policy suite approved and published"


def _with_approvals(report: Readiness, evaluation: Evaluation) -> Readiness:
    """`report` with the approvals and acknowledgements of the program, judged from the
    facts the rules' run already read."""
    entries = approval_entries(evaluation.ctx.repository, accountability(evaluation.ctx.facts))
    note = unproven_note(entries)
    checklist = tuple(
        replace(item, notes=(*item.notes, note)) if note and item.title == _SUITE_ITEM else item
        for item in report.checklist
    )
    return replace(report, checklist=checklist, approvals=entries)
