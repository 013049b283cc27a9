"""When a recorded date lies in the future.

A sign-off, review, activity or collection date is a calendar date in the
zone of the person who recorded it. East of UTC the day starts earlier:
someone in Sydney who approves at 9:00 on 2 March writes 2026-03-02 while
UTC, and with it a CI runner, is still on 1 March. So a date at most one day
after the as-of date is not in the future; two days after is. Every rule
that judges a date in the future, and `soclint approve` and `review`, ask
this module, so they all draw the line on the same day.
"""

from __future__ import annotations

from datetime import date

from soclint.dates import add_days

# No time zone is more than one calendar day ahead of UTC (the furthest is UTC+14).
DAYS_AHEAD_ALLOWED = 1


def in_future(day: date, as_of: date) -> bool:
    """Whether `day` is after the latest date anyone could have written on `as_of`."""
    # Dates compared, not days counted: a replay of the audit period learns from the
    # comparison on which days the answer holds (audit/observed_day.py).
    return add_days(day, -DAYS_AHEAD_ALLOWED) > as_of
