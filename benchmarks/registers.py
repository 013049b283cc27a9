"""Time `soclint check` on the example program with large registers.

    .venv/bin/python benchmarks/registers.py [ROWS]

Copies policies-example/ to a temporary folder, grows the risk register,
evidence register and activity log to ROWS rows each (default 2000), and
prints the time of a full check and the time the register rules (K and O)
take on their own. Target: the register rules stay linear, under 0.25 s for
2000 rows per register (0.19 s measured on the development machine).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from soclint.commands import check
from soclint.context import Context
from soclint.facts import Facts
from soclint.program import load_program

EXAMPLE = Path(__file__).resolve().parents[1] / "policies-example"


def _grow(file: Path, rows: str) -> None:
    text = file.read_text(encoding="utf-8")
    front_matter, fence, body = text.partition("\n---\n")
    file.write_text(front_matter + rows + fence + body, encoding="utf-8")


def _risks(count: int) -> str:
    return "".join(
        f"\n  - {{id: R-B{i}, title: Risk {i}, asset: AST-OKTA, owner: priya.raman, "
        f"likelihood: {1 + i % 5}, impact: {1 + i % 3}, treatment: mitigate, "
        f"plan: Plan {i}, due: 2027-06-30, status: open, controls: [CC6.1]}}"
        for i in range(count)
    )


def _evidence(count: int) -> str:
    return "".join(
        f"\n  - {{id: EV-B{i}, title: Evidence {i}, controls: [CC6.1], owner: priya.raman, "
        "cadence: annual, collected: 2026-10-01, "
        "location: evidence/2026-q3-access-review.csv}"
        for i in range(count)
    )


def _activities(count: int) -> str:
    start = date(2026, 10, 31)
    return "".join(
        f"\n  - {{kind: access-review, date: {start - timedelta(days=i % 60)}, "
        "by: priya.raman, outcome: pass, evidence: [EV-ACCESS-REVIEW]}"
        for i in range(count)
    )


def main(rows: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "program"
        shutil.copytree(EXAMPLE, root)
        _grow(root / "registers/risks.md", _risks(rows))
        _grow(root / "registers/evidence.md", _evidence(rows))
        _grow(root / "registers/activities.md", _activities(rows))
        program = load_program(root)
        started = time.perf_counter()
        report = check(program)
        total = time.perf_counter() - started
        repository, config, pack = program.repository, program.config, program.pack
        ctx = Context(repository, config, pack, Facts(repository, config, pack))
        started = time.perf_counter()
        for code, rule in program.rules.items():
            if code[0] in "KO":
                list(rule.run(ctx))
        registers = time.perf_counter() - started
        print(
            f"{rows} rows per register: full check {total:.3f} s, {len(report.findings)} findings"
        )
        print(f"register rules (K, O) alone: {registers:.3f} s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
