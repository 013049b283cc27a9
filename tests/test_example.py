"""The bundled example program checks clean."""

from __future__ import annotations

from conftest import EXAMPLE

from soclint.commands import check
from soclint.program import load_program


def test_example_checks_clean() -> None:
    report = check(load_program(EXAMPLE))
    assert [f"{f.path}:{f.line}: {f.code} {f.message}" for f in report.findings] == []
    assert report.documents >= 30
