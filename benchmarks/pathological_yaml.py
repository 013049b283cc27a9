"""Time and memory of `soclint check` on front-matter built to make the work explode.

    .venv/bin/python benchmarks/pathological_yaml.py

Each case is one document under the 1 MiB file limit, checked by a fresh
`soclint check` process:

- aliases: a 700 KB string aliased 2,000 times (and, smaller strings, 70,000
  times), which used to be written out whole by the digest and by messages;
- repeats: one control id listed 100,000 times in a list that must not
  repeat items, which used to be reported item by item in quadratic time;
- numbers: integers of 4,301 decimal and 4,000 hexadecimal digits;
- dates: a review on 9999-12-31 and a cycle of 99,999,999 days.

Prints each case's wall and CPU seconds and the process's peak memory. Target:
every case under 2 s and 200 MiB. The verdict reads the CPU time, which is the
wall time on an idle machine; on a busy one the wall time only says how busy.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

SOCLINT = [sys.executable, "-m", "soclint"]
HEAD = '---\ntype: standard\nid: STD-A\ntitle: T\nowner: priya\nstatus: approved\nversion: "1.0"\n'
APPROVAL = 'approval: {by: dan, date: 2026-01-01, digest: "sha256:' + "0" * 64 + '"}\n'


def aliases(size: int, count: int) -> str:
    listed = ", ".join(["*a"] * count)
    return HEAD + APPROVAL + f'x-big: &a "{"x" * size}"\nx-list: [{listed}]\n---\n# A\n'


def repeats(count: int) -> str:
    return "---\ntype: standard\nid: STD-A\ntitle: T\ncontrols:\n" + "  - CC6.1\n" * count + "---\n"


def numbers() -> str:
    return HEAD + f"x-n: {'9' * 4301}\nx-h: 0x{'f' * 4000}\n---\n# A\n"


def dates() -> str:
    return HEAD + 'review: {last: 9999-12-31, cycle: "99999999 days"}\n---\n# A\n'


CASES: dict[str, Callable[[], str]] = {
    "aliases 700 KB x 2,000": lambda: aliases(700_000, 2_000),
    "aliases 10 B x 70,000": lambda: aliases(10, 70_000),
    "repeats 100,000": lambda: repeats(100_000),
    "numbers 4,301 digits": numbers,
    "dates past 9999": dates,
}


def measure(name: str, text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "a.md").write_text(text, encoding="utf-8")
        started = time.perf_counter()
        process = subprocess.Popen(
            [*SOCLINT, "check", folder, "--as-of", "2026-11-01"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        # wait4 gives this child's own usage; ru_maxrss is in KiB on Linux.
        _pid, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
    cpu = usage.ru_utime + usage.ru_stime
    peak = usage.ru_maxrss / 1024
    code = os.waitstatus_to_exitcode(status)
    verdict = "ok" if cpu < 2 and peak < 200 and code in (0, 1) else "FAIL"
    size = len(text.encode("utf-8")) / 1024
    print(
        f"{name:<24} {size:7.0f} KiB  wall {wall:5.2f} s  cpu {cpu:5.2f} s  "
        f"peak {peak:6.1f} MiB  exit {code}  {verdict}"
    )


if __name__ == "__main__":
    for case, build in CASES.items():
        measure(case, build())
