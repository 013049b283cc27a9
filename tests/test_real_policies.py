"""Content rules on policies written by others: comply's SOC 2 templates and 2lines'."""

from __future__ import annotations

from pathlib import Path

from conftest import located, run, write_files
from corpora import COMPLY_POLICIES, TWO_LINES, as_soclint_policy

from soclint.yamltree import parse_yaml


def _comply_program(root: Path, names: list[str]) -> dict[str, int]:
    """Write comply's policies `names` as soclint policies; the line shift of each."""
    shifts = {}
    for name in names:
        converted = as_soclint_policy(COMPLY_POLICIES / name)
        write_files(root, {name: converted.text})
        shifts[name] = converted.shift
    return shifts


def test_purpose_and_scope_headings_are_both_sections(tmp_path: Path) -> None:
    # The folder's README.md says what the folder holds; it is no policy.
    names = sorted(f.name for f in COMPLY_POLICIES.glob("*.md") if f.name != "README.md")
    _comply_program(tmp_path, names)
    report = run(tmp_path, select=["L002"])
    missing = sorted((f.path, f.message.split("'")[1]) for f in report.findings)
    # Every comply policy opens with "# Purpose and Scope": what is missing is the Policy
    # section of the five without one ("#Policy" is no heading), and everything of the two
    # that only say "Coming Soon".
    assert missing == [
        ("conduct.md", "Policy"),
        ("cyber.md", "Policy"),
        ("policy.md", "Policy"),
        ("privacy.md", "Policy"),
        ("privacy.md", "Purpose"),
        ("privacy.md", "Scope"),
        ("processing.md", "Policy"),
        ("processing.md", "Purpose"),
        ("processing.md", "Scope"),
    ]


def test_bracketed_placeholders_of_a_template_are_reported_at_their_lines(
    tmp_path: Path,
) -> None:
    shifts = _comply_program(tmp_path, ["disaster.md", "cyber.md", "datacenter.md"])
    report = run(tmp_path, select=["L003"])
    # The lines of the comply files that still hold a bracketed placeholder, indented ones
    # (pandoc's `i.` lists, code to CommonMark) included.
    placeholders = {
        "disaster.md": [42, 44, 50, 54, 56, 62, 64, 68, 70, 74, 82, 84, 86, 88, 90, 92, 94],
        "cyber.md": [39, 41],
        "datacenter.md": [27],
    }
    expected = [
        ("L003", name, line + shifts[name])
        for name, lines in placeholders.items()
        for line in lines
    ]
    assert sorted(located(report)) == sorted(expected)
    messages = {(f.path, f.line - shifts[f.path]): f.message for f in report.findings}
    assert messages[("disaster.md", 82)].startswith("template text '[job title]' left")
    assert messages[("disaster.md", 56)].startswith(
        "template text '[set the maximum amount of time before critical processes m…' left"
    )


def test_each_reference_to_a_criterion_that_does_not_exist_lists_its_series(
    tmp_path: Path,
) -> None:
    names = ["classification.md", "encryption.md", "information.md", "password.md", "policy.md"]
    _comply_program(tmp_path, names)
    report = run(tmp_path, select=["M001"])
    # comply maps these five to CC9.9 alone: `controls` item 0, on line 8 once converted.
    assert sorted(located(report)) == [("M001", name, 8) for name in names]
    assert {f.message for f in report.findings} == {
        "controls[0]: 'CC9.9' is neither a criterion of the Trust Services Criteria (2017) nor "
        "the id of a control document; series CC9 (Risk Mitigation) has CC9.1 and CC9.2"
    }


def test_a_range_in_the_text_names_every_criterion_in_it(tmp_path: Path) -> None:
    template = TWO_LINES / "templates" / "policies" / "access-control-policy.md"
    criteria = parse_yaml(template.read_text(encoding="utf-8").split("---\n")[1]).value[
        "tsc_criteria"
    ]
    summary = (TWO_LINES / "compliance" / "controls" / "tsc-security.md").read_text(
        encoding="utf-8"
    )
    # The control summary of 2lines names every series as a range ("| CC6 | CC6.1-CC6.8 |").
    table = summary[summary.index("## Control Summary") :]

    def policy(controls: list[str]) -> str:
        return (
            "---\ntype: policy\nid: POL-A\ntitle: A\nkind: access-control\nstatus: draft\n"
            f"controls: [{', '.join(controls)}]\n---\n" + table
        )

    write_files(tmp_path, {"a.md": policy(criteria)})
    report = run(tmp_path, select=["M005"])
    named = {f.message.split()[3] for f in report.findings if "(in CC6.1-CC6.8)" in f.message}
    # 2lines' access control policy maps CC5.1 and CC6.1 to CC6.5; the table names the rest.
    assert named == {"CC6.6", "CC6.7", "CC6.8"}
    every = [f"CC{series}.{number}" for series in range(1, 10) for number in range(1, 9)]
    write_files(tmp_path, {"a.md": policy(every)})
    report = run(tmp_path, select=["M005"])
    assert located(report) == []
