"""A date one day after the as-of date is not in the future (the signer may be a day ahead of
UTC); two days after is, in every rule that judges dates in the future."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from conftest import ROSTER, run, write_files

from soclint.future_dates import in_future

AS_OF = date(2026, 11, 1)
TOMORROW = (AS_OF + timedelta(days=1)).isoformat()
TWO_DAYS_ON = (AS_OF + timedelta(days=2)).isoformat()

POLICY = """\
---
type: policy
id: POL-A
title: A
owner: priya
status: approved
approval: {by: daniel, date: APPROVED}
review: {last: REVIEWED, cycle: annual}
---
"""
APPROVAL = POLICY.replace("APPROVED", "DAY").replace("REVIEWED", "2026-06-01")
REVIEW = POLICY.replace("APPROVED", "2026-06-01").replace("REVIEWED", "DAY")
SCOPE = """\
---
type: system-description
id: system
approval: {by: daniel, date: DAY}
---
"""
RISKS = """\
---
type: risk-register
id: risks
signoff: {by: daniel, date: DAY}
reviews:
  - {date: 2026-07-01, by: priya}
  - {date: DAY, by: priya}
risks:
  - id: R-1
    acceptance: {by: daniel, date: DAY, expires: 2027-06-01}
---
"""
EXCEPTIONS = """\
---
type: exception-register
id: exceptions
exceptions:
  - {id: E-1, approval: {by: daniel, date: DAY}, expires: 2027-01-01}
---
"""
ACTIVITIES = """\
---
type: activity-log
id: activities
activities:
  - {kind: access-review, date: 2026-07-01, by: priya, outcome: pass}
  - {kind: access-review, date: DAY, by: priya, outcome: pass}
---
"""
EVIDENCE = """\
---
type: evidence-register
id: evidence
evidence:
  - {id: EV-1, title: Access review, cadence: quarterly, collected: DAY}
---
"""

# (file, template, rules run, the findings when the date is two days on)
CASES = [
    ("policy.md", APPROVAL, ["A002"], [("A002", "policy.md", 7)]),
    ("policy.md", REVIEW, ["A008"], [("A008", "policy.md", 8)]),
    ("system.md", SCOPE, ["A002"], [("A002", "system.md", 4)]),
    (
        "risks.md",
        RISKS,
        ["A002", "K010"],
        # sign-off and acceptance are future; the future review does not count,
        # so the July review (quarterly, due 2026-10-01) is overdue
        [("A002", "risks.md", 4), ("K010", "risks.md", 6), ("A002", "risks.md", 10)],
    ),
    ("exceptions.md", EXCEPTIONS, ["A002"], [("A002", "exceptions.md", 5)]),
    ("activities.md", ACTIVITIES, ["O008"], [("O008", "activities.md", 5)]),
    ("evidence.md", EVIDENCE, ["O006"], [("O006", "evidence.md", 5)]),
]


def findings(root: Path, name: str, template: str, day: str, codes: list[str]) -> list[object]:
    write_files(root, {"roster.md": ROSTER, name: template.replace("DAY", day)})
    report = run(root, as_of=AS_OF, select=codes)
    # O008 also names every other activity kind the pack requires; only access reviews matter.
    return [
        (f.code, f.path, f.line)
        for f in report.findings
        if f.path == name and (f.code != "O008" or "access-review" in f.message)
    ]


@pytest.mark.parametrize(("name", "template", "codes", "expected"), CASES)
def test_a_date_the_day_after_the_as_of_date_is_not_in_the_future(
    tmp_path: Path, name: str, template: str, codes: list[str], expected: list[object]
) -> None:
    assert findings(tmp_path, name, template, TOMORROW, codes) == []


@pytest.mark.parametrize(("name", "template", "codes", "expected"), CASES)
def test_a_date_two_days_after_the_as_of_date_is_reported(
    tmp_path: Path, name: str, template: str, codes: list[str], expected: list[object]
) -> None:
    assert findings(tmp_path, name, template, TWO_DAYS_ON, codes) == expected


def test_the_message_says_how_far_ahead_a_date_may_be(tmp_path: Path) -> None:
    write_files(tmp_path, {"roster.md": ROSTER, "policy.md": APPROVAL.replace("DAY", TWO_DAYS_ON)})
    [finding] = run(tmp_path, as_of=AS_OF, select=["A002"]).findings
    assert finding.message == (
        "approval.date: 2026-11-03 is more than a day after the as-of date 2026-11-01; "
        "a sign-off cannot be dated in the future"
    )


def test_in_future_draws_the_line_one_day_after_the_as_of_date() -> None:
    assert not in_future(AS_OF, AS_OF)
    assert not in_future(AS_OF + timedelta(days=1), AS_OF)
    assert in_future(AS_OF + timedelta(days=2), AS_OF)
    assert not in_future(date.min, date.max)
    assert in_future(date.max, date.min)
