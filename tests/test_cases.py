"""Every case under tests/cases/: a small repository and the findings it must produce.

A case is a YAML file:

    # what the case shows (the first comment is its description)
    base: example            # optional: start from a copy of policies-example/
    as_of: 2026-11-01        # optional, default 2026-11-01
    config: |                # optional soclint.yaml (replaces the base's)
      select: [S]
    files:                   # files to write (over the base's)
      a.md: |
        ---
        type: policy
        ---
    remove: [policies/privacy.md]   # optional: base files to delete
    replace:                 # optional: edit base files, each [old text, new text]
      system-description.md: [["[security]", "[security, privacy]"]]
    expect:                  # exactly these findings: "CODE path:line" or "CODE path:line:col",
      - S003 a.md:5          # or "CODE" alone for one about the program with no location
      - C001
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from conftest import EXAMPLE, run, write_files

from soclint.dates import as_date
from soclint.yamltree import parse_yaml

CASES = Path(__file__).parent / "cases"


def _cases() -> list[Path]:
    return sorted(CASES.rglob("*.yaml"))


def _expected(entry: str) -> tuple[str, str | None, int | None, int | None]:
    """'S003 a.md:5' or 'S003 a.md:5:3' -> (code, path, line, column or None); 'C001' ->
    ('C001', None, None, None)."""
    if " " not in entry:
        return entry, None, None, None
    code, where = entry.split(" ", 1)
    path, line, *column = where.split(":")
    return code, path, int(line), int(column[0]) if column else None


@pytest.mark.parametrize("case", _cases(), ids=lambda p: str(p.relative_to(CASES).with_suffix("")))
def test_case(case: Path, tmp_path: Path) -> None:
    spec = parse_yaml(case.read_text(encoding="utf-8")).value
    root = tmp_path / "repo"
    if spec.get("base") == "example":
        shutil.copytree(EXAMPLE, root)
    root.mkdir(exist_ok=True)
    if "config" in spec:
        (root / "soclint.yaml").write_text(spec["config"], encoding="utf-8")
    write_files(root, spec.get("files") or {})
    for name in spec.get("remove") or []:
        (root / name).unlink()
    for name, edits in (spec.get("replace") or {}).items():
        text = (root / name).read_text(encoding="utf-8")
        for old, new in edits:
            assert old in text, f"{case.name}: {old!r} is not in {name}"
            text = text.replace(old, new, 1)
        (root / name).write_text(text, encoding="utf-8")

    report = run(root, as_of=as_date(spec.get("as_of")) or date(2026, 11, 1))

    expected = [_expected(entry) for entry in spec.get("expect") or []]
    shown = "\n".join(f"{f.code} {f.path}:{f.line}:{f.column} {f.message}" for f in report.findings)
    assert sorted((f.code, f.path or "", f.line or 0) for f in report.findings) == sorted(
        (code, path or "", line or 0) for code, path, line, _ in expected
    ), shown
    columns = {(f.code, f.path, f.line): f.column for f in report.findings}
    for code, path, line, column in expected:
        if column is not None:
            assert columns[(code, path, line)] == column, shown
