"""Benchmark: pull-request mode on a large generated program.

Generates the repository of benchmarks/history.py (2,000 documents and 5,000
commits by default; its soclint.yaml selects the approval rules, history
included), then a branch with one commit that edits one document, and times
as commands:

- `soclint check` of the branch (one check of the program);
- `soclint check --diff-base main`: the program checked at the head and,
  rebuilt from git objects, at the base, and the findings compared.

Run: .venv/bin/python benchmarks/diff_mode.py [--documents N] [--commits N] [--runs N]
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from history import generate


def _branch_with_one_edit(root: Path) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)

    git("checkout", "-q", "-b", "change")
    document = sorted((root / "procedures").rglob("*.md"))[0]
    text = document.read_text(encoding="utf-8")
    document.write_text(text.replace("least privilege", "least privilege and need"), "utf-8")
    git("-c", "user.name=Ada", "-c", "user.email=ada@example.com", "commit", "-qam", "Edit one")


def _median_seconds(command: list[str], runs: int) -> tuple[float, float]:
    """Median wall and CPU (user + system) seconds of `command`."""
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        began = time.perf_counter()
        subprocess.run(command, capture_output=True, check=False)
        walls.append(time.perf_counter() - began)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--commits", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="soclint-diff-mode-"))
    root = folder / "program"
    try:
        generate(root, options.documents, options.commits, per_folder=50)
        _branch_with_one_edit(root)
        check = [sys.executable, "-m", "soclint", "check", str(root)]
        for label, command in (
            ("soclint check (one check)", check),
            ("soclint check --diff-base main", [*check, "--diff-base", "main"]),
        ):
            wall, cpu = _median_seconds(command, options.runs)
            print(f"{label:<34} {wall:7.3f} s, CPU {cpu:7.3f} s (medians of {options.runs})")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
