"""The register rules end to end: the example program over time, bad shapes, deadline wording."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from click.testing import CliRunner
from conftest import EXAMPLE, located, run, write_files

from soclint.cli import main
from soclint.deadlines import Deadline, period_adjective
from soclint.document import Document


def _check_example(as_of: str) -> list[tuple[str, str, int]]:
    result = CliRunner().invoke(
        main, ["check", str(EXAMPLE), "--as-of", as_of, "--format", "json", "--select", "K,O"]
    )
    assert result.exit_code in (0, 1), result.output
    return [(f["code"], f["path"], f["line"]) for f in json.loads(result.output)["findings"]]


def test_example_program_lapses_the_day_after_its_quarter() -> None:
    # The Q3 access review was on 2026-10-16: current through 2027-01-16.
    access_review = ("O008", "registers/activities.md", 106)
    access_evidence = ("O006", "registers/evidence.md", 12)
    on_time = _check_example("2027-01-16")
    assert access_review not in on_time and access_evidence not in on_time
    assert ("O013", "registers/activities.md", 106) in on_time
    late = _check_example("2027-01-17")
    assert access_review in late and access_evidence in late


def test_example_program_a_year_on() -> None:
    found = set(_check_example("2027-11-01"))
    # The risk register: last signed off 2026-10-14, last reviewed 2026-10-13.
    assert {("K009", "registers/risks.md", 11), ("K010", "registers/risks.md", 16)} <= found
    # Every critical and high vendor was reviewed in June 2026.
    vendor_reviews = {line for code, path, line in found if code == "O001"}
    assert vendor_reviews == {15, 24, 33, 42, 51, 60, 69}
    # The acceptance of R-008 ran to 2027-03-31.
    assert ("K005", "registers/risks.md", 125) in found


BAD_SHAPES = {
    "risks.md": """\
---
type: risk-register
id: risks
title: Risks
owner: p
scale: [5, 5]
thresholds: {high: "x", medium: [1]}
signoff: "yes"
reviews: ["x", {date: "soon"}, {date: 2026-10-01, by: [1]}]
risks:
  - "a string"
  - 5
  - {id: [1], likelihood: "high", impact: true, score: 1.5, treatment: [accept],
     status: {a: 1}, acceptance: "yes", controls: "CC6.1", due: 5, plan: [1]}
---
""",
    "vendors.md": """\
---
type: vendor-register
id: vendors
title: Vendors
owner: p
vendors:
  - {id: x, tier: [critical], soc2: "yes", questionnaire: [], last_review: "x", addendum: "yes"}
  - {id: y, tier: critical, soc2: {period_end: [1]}, questionnaire: {date: 7}, last_review: 5}
  - "z"
---
""",
    "assets.md": """\
---
type: asset-inventory
id: assets
title: Assets
owner: p
assets:
  - {id: x, kind: [database], data: {a: 1}, owner: p}
  - {id: y, kind: database, data: [1, Customer data], owner: p}
---
""",
    "evidence.md": """\
---
type: evidence-register
id: evidence
title: Evidence
owner: p
evidence:
  - {id: x, cadence: [1], collected: [1], location: [1]}
  - {id: y, cadence: "bogus", collected: 2026-10-01, location: "a\\0b"}
  - {id: z, cadence: annual, collected: 2026-10-01, location: "C:\\\\evidence\\\\z.pdf"}
---
""",
    "log.md": """\
---
type: activity-log
id: log
title: Log
owner: p
activities: "none"
---
""",
    "exceptions.md": """\
---
type: exception-register
id: exceptions
title: Exceptions
owner: p
exceptions:
  - {id: a, severity: [high], approval: "yes", expires: "x"}
  - {id: b, severity: high, approval: {by: p, date: "x"}, expires: 2030-01-01}
  - 7
---
""",
}


def test_wrongly_shaped_registers_give_findings_not_tracebacks(tmp_path: Path) -> None:
    write_files(tmp_path, {"soclint.yaml": "select: [K, O]\n", **BAD_SHAPES})
    assert sorted(located(run(tmp_path))) == [
        ("K009", "risks.md", 8),  # signoff is not a mapping with a date
        ("O002", "vendors.md", 8),  # y: no usable SOC 2 report or questionnaire
        ("O003", "vendors.md", 8),
        ("O005", "assets.md", 8),
        ("O007", "evidence.md", 8),  # a NUL byte in the path
        # the log's activities is not a list, so no kind is recorded
        *[("O008", "log.md", 6)] * 8,
        ("O011", "exceptions.md", 7),
    ]


def test_missing_evidence_path_never_echoes_control_characters(tmp_path: Path) -> None:
    write_files(tmp_path, {"soclint.yaml": "select: [O007]\n", **BAD_SHAPES})
    (finding,) = run(tmp_path).findings
    assert "\0" not in finding.message


def _deadline(due: date, expiry: bool = False) -> Deadline:
    doc = Document(path="x.md", file=Path("x.md"))
    return Deadline(doc, ("a", 0, "due"), due, "the thing", "last 2026-01-01", "do it", expiry)


def test_deadline_boundaries_and_wording() -> None:
    as_of = date(2026, 3, 1)
    assert not _deadline(as_of).passed(as_of)
    assert _deadline(date(2026, 2, 28)).passed(as_of)
    assert _deadline(date(2026, 3, 31)).near(as_of, 30)
    assert not _deadline(date(2026, 4, 1)).near(as_of, 30)
    assert not _deadline(date(2026, 2, 28)).near(as_of, 30)
    assert _deadline(date(2026, 2, 28)).overdue_hit(as_of).message == (
        "a[0].due: the thing fell due on 2026-02-28, 1 day ago (last 2026-01-01); do it"
    )
    assert _deadline(as_of, expiry=True).soon_hit(as_of).message == (
        "a[0].due: the thing expires on 2026-03-01, today (last 2026-01-01); do it"
    )
    assert "in 2 days" in _deadline(date(2026, 3, 3)).soon_hit(as_of).message


def test_period_adjective() -> None:
    assert period_adjective("annual") == "annual"
    assert period_adjective("24 months") == "24-month"
    assert period_adjective("1 day") == "1-day"
    assert period_adjective("90 days") == "90-day"
