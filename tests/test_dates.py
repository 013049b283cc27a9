"""Periods and calendar arithmetic, including month ends and leap days."""

from __future__ import annotations

from datetime import date

import pytest

from soclint.dates import add_months, add_period, as_date, parse_period


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2028, 2, 29), 12, date(2029, 2, 28)),
        (date(2026, 8, 31), 3, date(2026, 11, 30)),
        (date(2026, 11, 15), 3, date(2027, 2, 15)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
    ],
)
def test_add_months_clamps_to_month_end(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        ("annual", (12, "months")),
        ("semiannual", (6, "months")),
        ("quarterly", (3, "months")),
        ("monthly", (1, "months")),
        ("weekly", (7, "days")),
        ("18 months", (18, "months")),
        ("1 month", (1, "months")),
        ("10 days", (10, "days")),
        ("yearly", None),
        ("0 days", None),
        (12, None),
    ],
)
def test_parse_period(period: object, expected: object) -> None:
    assert parse_period(period) == expected


def test_add_period_in_days_and_months() -> None:
    assert add_period(date(2026, 12, 28), "weekly") == date(2027, 1, 4)
    assert add_period(date(2026, 1, 31), "quarterly") == date(2026, 4, 30)
    assert add_period(date(2026, 1, 31), "fortnightly") is None


def test_as_date_accepts_dates_and_iso_strings_only() -> None:
    assert as_date(date(2026, 1, 2)) == date(2026, 1, 2)
    assert as_date("2026-01-02") == date(2026, 1, 2)
    assert as_date("2026-02-30") is None
    assert as_date(20260102) is None
