"""The bundled example program checks clean."""

from __future__ import annotations

from pathlib import Path

from soclint.config import load_config
from soclint.engine import check

EXAMPLE = Path(__file__).resolve().parents[1] / "policies-example"


def test_example_checks_clean() -> None:
    report = check(load_config(EXAMPLE))
    assert [f"{f.path}:{f.line}: {f.code} {f.message}" for f in report.findings] == []
    assert report.documents >= 30
