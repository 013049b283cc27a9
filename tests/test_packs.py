"""A company's own rule pack, named in soclint.yaml: its rules, cadences and asset kinds apply
like the built-in ones, its rules are waivable and documented, and a broken pack stops the run.
"""

from __future__ import annotations

import json
import os
import shutil
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLE, located, run, write_files

from soclint.cli import main
from soclint.json_form import to_json
from soclint.resources import data_path
from soclint.validation import violations
from soclint.yamltree import parse_yaml

COMPANY_PACK = """\
pack: acme
title: Acme Corp additions
cadences:
  activities:
    vulnerability-scan: monthly
assets:
  data_stores: [crm]
rules:
  - code: ACME001
    name: vendor-website-listed
    summary: Every vendor lists its website.
    severity: warning
    description: |
      ## What it checks

      Each vendor of the vendor register has a `website`.
    match:
      required: [type]
      properties:
        type: {const: vendor-register}
    assert:
      properties:
        vendors:
          items:
            required: [website]
    message: every vendor lists its website so reviewers can find its trust page
"""

CONFIG = "as_of: 2026-11-01\npacks: [packs/acme.yaml]\n"

VENDORS = """\
---
type: vendor-register
id: vendor-register
title: Vendor Register
owner: grace.lindqvist
{waiver}vendors:
  - id: aws
    name: Amazon Web Services
    tier: critical
    owner: tom.nakamura
    soc2: {{type: 2, period_end: 2026-03-31}}
    addendum: true
    last_review: 2026-06-16
    website: https://aws.amazon.com
  - id: webflow
    name: Webflow
    tier: low
    owner: marcus.bell
    last_review: 2026-03-03
---

# Vendor Register
"""


@pytest.fixture
def program(tmp_path: Path) -> Path:
    """A copy of the example program using the company pack, with a short vendor register."""
    root = tmp_path / "program"
    shutil.copytree(EXAMPLE, root)
    write_files(
        root,
        {
            "packs/acme.yaml": COMPANY_PACK,
            "soclint.yaml": CONFIG,
            "registers/vendors.md": VENDORS.format(waiver=""),
        },
    )
    return root


def _without_references(found: list[tuple[str, str, int]]) -> list[tuple[str, str, int]]:
    """The findings, less R006: the system description names vendors the short register drops."""
    return [row for row in found if row[0] != "R006"]


def test_pack_rule_fires_at_the_failing_row(program: Path) -> None:
    report = run(program)
    assert _without_references(located(report)) == [
        # The pack's monthly scan cadence: the 2026-10-20 scan is due again on 2026-11-20.
        ("O013", "registers/activities.md", 112),
        ("ACME001", "registers/vendors.md", 15),
    ]
    finding = next(f for f in report.findings if f.code == "ACME001")
    assert finding.severity.value == "warning"
    assert finding.message.startswith("every vendor lists its website")


def test_pack_rule_is_waivable_like_a_builtin_rule(program: Path) -> None:
    waiver = (
        "soclint:\n  waive:\n    - code: ACME001\n"
        "      reason: Webflow's site is the product itself\n      until: 2027-03-31\n"
    )
    write_files(program, {"registers/vendors.md": VENDORS.format(waiver=waiver)})
    assert _without_references(located(run(program))) == [("O013", "registers/activities.md", 112)]

    # After `until`, the finding is back and the expired waiver is reported.
    report = run(program, as_of=date(2027, 4, 1))
    codes = {code for code, path, _ in located(report) if path == "registers/vendors.md"}
    assert {"ACME001", "W002"} <= codes


def test_pack_rule_respects_select_and_severity(program: Path) -> None:
    write_files(program, {"soclint.yaml": CONFIG + "select: [ACME]\nseverity: {ACME001: error}\n"})
    report = run(program)
    assert [(f.code, f.severity.value) for f in report.findings] == [("ACME001", "error")]


def test_pack_cadence_replaces_the_builtin_one(program: Path) -> None:
    # The latest vulnerability scan is 2026-10-20: current for quarterly, not for monthly.
    report = run(program, as_of=date(2026, 11, 21))
    assert ("O008", "registers/activities.md", 112) in located(report)
    write_files(program, {"soclint.yaml": "as_of: 2026-11-01\n"})
    assert ("O008", "registers/activities.md", 112) not in located(
        run(program, as_of=date(2026, 11, 21))
    )


def test_pack_adds_data_store_kinds(program: Path) -> None:
    inventory = (EXAMPLE / "registers/assets.md").read_text(encoding="utf-8")
    front_matter, fence, body = inventory.partition("\n---\n")
    crm = (
        "\n  - id: AST-CRM\n    name: HubSpot portal\n    kind: crm\n"
        "    owner: marcus.bell\n    data: Customer contacts and deal notes"
    )
    write_files(program, {"registers/assets.md": front_matter + crm + fence + body})
    line = front_matter.count("\n") + 2
    assert ("O005", "registers/assets.md", line) in located(run(program))


def test_pack_rule_is_documented_by_the_cli(program: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(program)
    shown = CliRunner().invoke(main, ["rule", "ACME001"])
    assert shown.exit_code == 0, shown.output
    assert "Each vendor of the vendor register has a `website`." in shown.output
    assert "packs/acme.yaml" in shown.output
    listed = CliRunner().invoke(main, ["rules", "--format", "json"])
    assert "ACME001" in [entry["code"] for entry in json.loads(listed.output)]


@pytest.mark.parametrize(
    ("change", "where", "says"),
    [
        ("    vulnerability-scan: monthly", "5:5", "a period"),
        ("  data_stores: [crm]", "7:3", "a list"),
        ("    severity: warning", "12:5", "a finding severity"),
        ("  - code: ACME001", "9:5", "a rule code"),
    ],
    ids=["period", "asset-kinds", "severity", "code"],
)
def test_invalid_pack_stops_with_file_and_line(
    program: Path, change: str, where: str, says: str
) -> None:
    broken = {
        "    vulnerability-scan: monthly": "    vulnerability-scan: fortnightly",
        "  data_stores: [crm]": "  data_stores: crm",
        "    severity: warning": "    severity: loud",
        "  - code: ACME001": "  - code: acme-1",
    }[change]
    write_files(program, {"packs/acme.yaml": COMPANY_PACK.replace(change, broken)})
    result = CliRunner().invoke(main, ["check", str(program)])
    assert result.exit_code == 2
    assert result.output.startswith(f"soclint: error: packs/acme.yaml:{where}: "), result.output
    assert says in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_pack_rule_may_not_take_a_builtin_code(program: Path) -> None:
    write_files(program, {"packs/acme.yaml": COMPANY_PACK.replace("ACME001", "K001")})
    result = CliRunner().invoke(main, ["check", str(program)])
    assert result.exit_code == 2
    assert result.output == (
        "soclint: error: packs/acme.yaml:9:5: rule code K001 is taken by a built-in rule\n"
    )


def test_pack_schema_never_runs_code(program: Path) -> None:
    # A pack is data: a YAML tag asking for Python objects is not honoured.
    tagged = "title: !!python/object/apply:os.system ['touch pwned']"
    write_files(
        program, {"packs/acme.yaml": COMPANY_PACK.replace("title: Acme Corp additions", tagged)}
    )
    result = CliRunner().invoke(main, ["check", str(program)])
    assert result.exit_code == 2
    assert result.output.startswith("soclint: error: packs/acme.yaml:2:8: the tag"), result.output
    assert not (program / "pwned").exists()


CATALOG = """\
title: the Acme control catalog
criteria:
  - {id: AC-1, category: security, series: AC, title: Access is reviewed}
"""


def _catalog_program(root: Path, catalog: str, files: dict[str, str] | None = None) -> Path:
    return write_files(
        root,
        {
            "a.md": "---\ntype: standard\nid: STD-A\ntitle: A\ncontrols: [AC-1, AC-2]\n---\n",
            "packs/acme.yaml": f"pack: acme\ntitle: Acme\ncatalog: {catalog}\n",
            "soclint.yaml": "packs: [packs/acme.yaml]\nselect: [M001]\n",
            **(files or {}),
        },
    )


def test_a_pack_names_its_own_criteria_catalog(tmp_path: Path) -> None:
    root = _catalog_program(tmp_path, "../catalogs/acme.yaml", {"catalogs/acme.yaml": CATALOG})
    report = run(root)
    assert located(report) == [("M001", "a.md", 5)]
    assert "'AC-2' is neither a criterion of the Acme control catalog" in report.findings[0].message


def _check_error(root: Path) -> str:
    result = CliRunner().invoke(main, ["check", str(root)])
    assert result.exit_code == 2, result.output
    assert result.output.count("\n") == 1, result.output
    return result.output


def test_a_catalog_outside_the_repository_is_not_read(tmp_path: Path) -> None:
    write_files(tmp_path, {"secret.yaml": CATALOG})
    root = tmp_path / "repo"
    for catalog in ("/dev/zero", "../../secret.yaml", "linked.yaml"):
        _catalog_program(root, catalog)
        (root / "packs" / "linked.yaml").unlink(missing_ok=True)
        (root / "packs" / "linked.yaml").symlink_to(tmp_path / "secret.yaml")
        output = _check_error(root)
        assert output == (
            f"soclint: error: packs/acme.yaml:3:1: the catalog '{catalog}' is outside the "
            "repository\n"
        )


def test_a_catalog_is_read_with_the_limits_of_every_settings_file(tmp_path: Path) -> None:
    big = CATALOG + "# " + "x" * (1024 * 1024) + "\n"
    root = _catalog_program(tmp_path / "big", "big.yaml", {"packs/big.yaml": big})
    assert _check_error(root) == "soclint: error: packs/big.yaml: larger than 1 MiB\n"

    root = _catalog_program(tmp_path / "fifo", "pipe.yaml")
    os.mkfifo(root / "packs" / "pipe.yaml")
    assert _check_error(root) == "soclint: error: packs/pipe.yaml: not a regular file\n"

    wrong = CATALOG.replace("title: Access is reviewed", "title: {text: no}")
    root = _catalog_program(tmp_path / "wrong", "wrong.yaml", {"packs/wrong.yaml": wrong})
    assert _check_error(root) == (
        "soclint: error: packs/wrong.yaml:3:48: criteria[0].title: must be a non-empty string, "
        "not a mapping\n"
    )


def test_builtin_catalog_is_valid_against_the_catalog_schema() -> None:
    tree = parse_yaml((data_path("rules") / "tsc2017.yaml").read_text(encoding="utf-8"))
    assert list(violations("catalog", to_json(tree.value))) == []
