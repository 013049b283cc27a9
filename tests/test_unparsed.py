"""A document that exists but does not parse: what it most likely holds, and how the rules
and `soclint coverage` speak of it."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner
from conftest import EXAMPLE, located, run, write_files

from soclint.cli import main
from soclint.program import load_program
from soclint.unparsed import unparsed_documents

BROKEN_POLICY = """\
---
type: policy
id: POL-A
kind: access-control
review:
\tlast: 2026-08-12
controls:
  - CC6.1
\t- CC6.2
---
# A
"""


def _example(tmp_path: Path) -> Path:
    root = tmp_path / "example"
    shutil.copytree(EXAMPLE, root)
    return root


def _replace(file: Path, old: str, new: str) -> None:
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_what_a_document_holds_is_read_key_by_key(tmp_path: Path) -> None:
    write_files(tmp_path, {"a.md": BROKEN_POLICY, "notes.md": "no front-matter\n"})

    [guess] = unparsed_documents(load_program(tmp_path).repository)

    assert guess.path == "a.md"
    assert guess.type == "policy" and guess.id == "POL-A" and guess.text("kind") == "access-control"
    # A key whose lines do not parse gives the words of its text; keys no rule asks
    # about are not read.
    assert guess.get("controls") == ["CC6.1", "CC6.2"]
    assert guess.get("review") is None


def test_a_kind_that_cannot_be_read_is_still_missing_and_the_file_is_named(
    tmp_path: Path,
) -> None:
    root = _example(tmp_path)
    _replace(root / "policies" / "access-control.md", "kind: access-control", "kind: [access")

    report = run(root, select=["S", "P"])

    assert located(report) == [
        ("S002", "policies/access-control.md", 6),
        ("P002", "system-description.md", 1),
    ]
    assert report.findings[1].message.endswith(
        "which the rule pack requires; policies/access-control.md does not parse and may hold it"
    )


def test_coverage_names_the_document_that_does_not_parse(tmp_path: Path) -> None:
    root = _example(tmp_path)
    _replace(root / "policies" / "access-control.md", "  last: 2026-08-12", "\tlast: 2026-08-12")

    result = CliRunner().invoke(main, ["coverage", str(root)])

    # Not covered as far as anyone can show, but not reported uncovered by M004 either.
    assert result.exit_code == 1
    assert (
        "CC6.4  UNCOVERED  Physical access to facilities and protected assets is restricted "
        "to authorized personnel: covered only by policies/access-control.md, which does not "
        "parse\n"
    ) in result.output
    assert located(run(root, select=["S", "M"])) == [("S002", "policies/access-control.md", 14)]


def test_a_file_nothing_can_be_read_of_is_named_where_it_may_be_the_missing_document(
    tmp_path: Path,
) -> None:
    root = _example(tmp_path)
    (root / "system-description.md").write_bytes(b"---\ntype: system-description\n\xff\n---\n")

    report = run(root, select=["S004", "C001"])

    assert located(report) == [("S004", "system-description.md", 3), ("C001", None, None)]
    assert report.findings[1].message.endswith(
        "nothing states the audit scope; system-description.md does not parse and may be it"
    )


def test_a_parse_error_turned_down_hides_nothing(tmp_path: Path) -> None:
    """With S002 off or below error, the broken file no longer stands in for what it may
    hold: nothing would fail the run, so the missing policy and coverage are reported."""
    root = _example(tmp_path)
    _replace(root / "policies" / "access-control.md", "  last: 2026-08-12", "\tlast: 2026-08-12")
    assert located(run(root, select=["S", "P", "M004"])) == [
        ("S002", "policies/access-control.md", 14)
    ]

    for setting in ("severity: {S002: warning}\n", "severity: {S002: off}\n", "ignore: [S002]\n"):
        config = root / "soclint.yaml"
        config.write_text(
            "\n".join(line for line in config.read_text().splitlines() if "S002" not in line)
            + "\n"
            + setting
        )
        codes = {code for code, _path, _line in located(run(root, select=["S", "P", "M004"]))}
        assert {"P002", "M004"} <= codes, setting
