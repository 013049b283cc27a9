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
from pathlib import Path

from synthetic import activity_rows, evidence_rows, grow_register, risk_rows

from soclint.commands import check
from soclint.context import Context
from soclint.facts import Facts
from soclint.program import load_program

EXAMPLE = Path(__file__).resolve().parents[1] / "policies-example"


def main(rows: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "program"
        shutil.copytree(EXAMPLE, root)
        grow_register(root / "registers/risks.md", risk_rows(rows))
        grow_register(root / "registers/evidence.md", evidence_rows(rows))
        grow_register(root / "registers/activities.md", activity_rows(rows))
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
