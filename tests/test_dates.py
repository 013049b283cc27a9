"""Periods and calendar arithmetic, including month ends and leap days."""

from __future__ import annotations

from datetime import date

import pytest

from soclint.dates import add_days, add_months, add_period, as_date, parse_iso_date, parse_period


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
        ("9999 days", (9999, "days")),
        ("10000 days", None),
        ("99999999 days", None),
        ("9" * 5000 + " months", None),
        ("annual\n", None),
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


@pytest.mark.parametrize(
    "text",
    [
        "2025W011",
        "2025-W01-1",
        "20250101",
        "2025-01-01T00:00",
        "2025-1-1",
        "\uff12\uff10\uff12\uff15-01-01",
        "",
    ],
)
def test_only_yyyy_mm_dd_is_a_date_on_every_python(text: str) -> None:
    assert parse_iso_date(text) is None
    assert as_date(text) is None


def test_parse_iso_date_reads_real_dates_only() -> None:
    assert parse_iso_date("2024-02-29") == date(2024, 2, 29)
    assert parse_iso_date("2025-02-29") is None
    assert parse_iso_date("2025-01-01\n") is None


@pytest.mark.parametrize(
    ("start", "period", "expected"),
    [
        (date(9999, 12, 31), "annual", date.max),
        (date(9999, 6, 30), "9999 months", date.max),
        (date(9999, 12, 25), "weekly", date.max),
        (date(2026, 1, 1), "9999 days", date(2053, 5, 18)),
        (date(9999, 1, 31), "monthly", date(9999, 2, 28)),
    ],
)
def test_deadlines_past_the_calendar_end_on_its_last_day(
    start: date, period: str, expected: date
) -> None:
    assert add_period(start, period) == expected


def test_day_and_month_arithmetic_stays_in_the_calendar() -> None:
    assert add_days(date.max, 1) == date.max
    assert add_days(date.min, -1) == date.min
    assert add_days(date(2026, 1, 1), 10**12) == date.max
    assert add_months(date(1, 1, 1), -1) == date.min
    assert add_months(date(2026, 1, 1), 10**9) == date.max
