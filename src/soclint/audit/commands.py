"""What the audit-period commands do, as library calls: `history`, `package` and `report`."""

from __future__ import annotations

from datetime import date

from soclint.audit.intervals import PeriodHistory, period_history
from soclint.audit.replay import ReplayWork, open_history, replay
from soclint.audit.span import chosen_period
from soclint.program import Program


def history_of(program: Program, since: date | None, until: date | None) -> PeriodHistory:
    """The program replayed from `since` to `until` (an end not given: the system
    description's report period)."""
    span = chosen_period(program.repository, since, until)
    work = ReplayWork()
    found = period_history(replay(program, open_history(program), span, work), span)
    found.commits = work.commits
    return found
