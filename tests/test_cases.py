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
      b.md: {text: "caf\xe9", encoding: cp1252}   # text in another encoding,
      c.md: {text: "x\n", repeat: 1000}           # repeated, or
      d.md: {symlink: nowhere.md}                 # a symbolic link
    remove: [policies/privacy.md]   # optional: base files to delete
    replace:                 # optional: edit base files, each [old text, new text]
      system-description.md: [["[security]", "[security, privacy]"]]
    commits:                 # optional: a git repository; the files so far are committed
      - date: 2026-03-02     # with the first of these, each with its own files, remove
        files: {a.md: ...}   # and replace, on its date; the top level's are made first
    uncommitted:             # optional: files, remove and replace made after the commits
      files: {c.md: ...}
    diff_base: HEAD~1        # optional: check the last state in diff mode against this revision
    expect:                  # exactly these findings: "CODE path:line" or "CODE path:line:col",
      - S003 a.md:5          # or "CODE" alone for one about the program with no location
      - C001
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLE, run, write_files
from gitrepo import commit, init

from soclint.dates import as_date
from soclint.program import load_program
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


def _change(root: Path, spec: dict[str, Any], case: str) -> None:
    """Write, delete and edit the files `spec` names."""
    for name, content in (spec.get("files") or {}).items():
        if isinstance(content, dict) and "symlink" in content:
            (root / name).symlink_to(content["symlink"])
        elif isinstance(content, dict):
            text = content["text"] * content.get("repeat", 1)
            write_files(root, {name: text.encode(content.get("encoding", "utf-8"))})
        else:
            write_files(root, {name: content})
    for name in spec.get("remove") or []:
        (root / name).unlink()
    for name, edits in (spec.get("replace") or {}).items():
        text = (root / name).read_text(encoding="utf-8")
        for old, new in edits:
            assert old in text, f"{case}: {old!r} is not in {name}"
            text = text.replace(old, new, 1)
        (root / name).write_text(text, encoding="utf-8")


@pytest.mark.parametrize("case", _cases(), ids=lambda p: str(p.relative_to(CASES).with_suffix("")))
def test_case(case: Path, tmp_path: Path) -> None:
    spec = parse_yaml(case.read_text(encoding="utf-8")).value
    root = tmp_path / "repo"
    if spec.get("base") == "example":
        shutil.copytree(EXAMPLE, root)
    root.mkdir(exist_ok=True)
    if "config" in spec:
        (root / "soclint.yaml").write_text(spec["config"], encoding="utf-8")
    _change(root, spec, case.name)
    if spec.get("commits"):
        init(root)
    for step in spec.get("commits") or []:
        _change(root, step, case.name)
        commit(root, f"Change of {step['date']}", str(step["date"]))
    _change(root, spec.get("uncommitted") or {}, case.name)

    diff_mode = {"diff_base": spec["diff_base"]} if "diff_base" in spec else {}
    report = run(root, as_of=as_date(spec.get("as_of")) or date(2026, 11, 1), **diff_mode)

    expected = [_expected(entry) for entry in spec.get("expect") or []]
    shown = "\n".join(f"{f.code} {f.path}:{f.line}:{f.column} {f.message}" for f in report.findings)
    assert sorted((f.code, f.path or "", f.line or 0) for f in report.findings) == sorted(
        (code, path or "", line or 0) for code, path, line, _ in expected
    ), shown
    columns = {(f.code, f.path, f.line): f.column for f in report.findings}
    for code, path, line, column in expected:
        if column is not None:
            assert columns[(code, path, line)] == column, shown


def test_every_rule_has_a_case() -> None:
    covered = {
        _expected(entry)[0]
        for case in _cases()
        for entry in parse_yaml(case.read_text(encoding="utf-8")).value.get("expect") or []
    }
    missing = sorted(set(load_program(EXAMPLE).rules) - covered)
    assert missing == [], f"no case in tests/cases/ expects a finding of {', '.join(missing)}"
