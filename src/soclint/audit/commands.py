"""What the audit-period commands do, as library calls: `history`, `package` and `report`."""

from __future__ import annotations

from datetime import date

from soclint.audit.intervals import PeriodHistory, period_history
from soclint.audit.readiness import Readiness, readiness
from soclint.audit.replay import ReplayWork, open_history, replay
from soclint.audit.span import chosen_period
from soclint.engine import evaluate
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
    return readiness(evaluation, history)
