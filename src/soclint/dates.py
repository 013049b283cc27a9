"""Dates and periods: `annual`, `quarterly`, `N months`, `N days`, added to a date.

Arithmetic stays inside the calendar `datetime.date` can hold: a deadline that
would fall after 9999-12-31 is 9999-12-31, which no as-of date passes.
"""

from __future__ import annotations

import calendar
import re
from datetime import MAXYEAR, MINYEAR, date, timedelta
from typing import Any

_NAMED_MONTHS = {"annual": 12, "semiannual": 6, "quarterly": 3, "monthly": 1}
_NAMED_DAYS = {"weekly": 7}
# At most four digits, as the schemas' `period` allows: no cycle needs more.
_COUNTED = re.compile(r"([1-9][0-9]{0,3}) (month|day)s?")
ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")


def parse_iso_date(text: str) -> date | None:
    """The date written as exactly `YYYY-MM-DD`, or None (for 2026-02-30 too).

    Stricter than `date.fromisoformat`, which on newer Pythons also reads
    `2025W011` or `20250101`: the same text is a date on every version.
    """
    match = ISO_DATE.fullmatch(text)
    if match is None:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def as_date(value: Any) -> date | None:
    """A date from a front-matter value: a YAML date or an ISO `YYYY-MM-DD` string."""
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        return parse_iso_date(value)
    return None


def parse_period(text: Any) -> tuple[int, str] | None:
    """`annual` -> (12, 'months'), `10 days` -> (10, 'days'); None when not a period."""
    if not isinstance(text, str):
        return None
    if text in _NAMED_MONTHS:
        return _NAMED_MONTHS[text], "months"
    if text in _NAMED_DAYS:
        return _NAMED_DAYS[text], "days"
    match = _COUNTED.fullmatch(text)
    if match is None:
        return None
    return int(match[1]), match[2] + "s"


def add_months(start: date, months: int) -> date:
    """`start` plus calendar months, clamped to the month's end (Jan 31 + 1 month = Feb 28/29)
    and to the calendar's first and last days."""
    index = start.year * 12 + start.month - 1 + months
    year, month = divmod(index, 12)
    if year > MAXYEAR:
        return date.max
    if year < MINYEAR:
        return date.min
    last_day = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(start.day, last_day))


def add_days(start: date, days: int) -> date:
    """`start` plus `days`, clamped to the calendar's first and last days."""
    try:
        return start + timedelta(days=days)
    except OverflowError:
        return date.max if days > 0 else date.min


def add_period(start: date, period: str) -> date | None:
    """`start` plus `period`, or None when `period` is not one."""
    parsed = parse_period(period)
    if parsed is None:
        return None
    count, unit = parsed
    return add_months(start, count) if unit == "months" else add_days(start, count)
