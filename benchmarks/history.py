"""Benchmark: the one-pass git history behind the drift rules, on a large generated program.

Generates, in a temporary folder, a git repository of 2,000 documents and
5,000 commits over two years (through `git fast-import`, in a few seconds):
one commit adds every document, approved and without digests; each later
commit edits the body of one document, records an approval of one, or both
at once (a squash-merged pull request). Then it times, in this process:

- the one `git log` pass, and the comparison of the working tree with HEAD
  (file bytes hashed) for uncommitted changes;
- rule A011 over every document: a fresh history (the pass above, again),
  the blobs it needs in one `git cat-file --batch`, and the decision for
  each document, with the documents already read;
- `soclint check --select A` end to end, as a command.

Run: .venv/bin/python benchmarks/history.py [--documents N] [--commits N] [--keep]
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from synthetic import fast_import_commit, import_history

START = date(2024, 1, 1)
ROSTER = """\
---
type: roster
id: roster
title: People
people:
  - {id: priya, name: Priya, email: p@x.example, roles: [security-lead]}
  - {id: daniel, name: Daniel, email: d@x.example, roles: [cto]}
authority:
  approve-policy: [cto, security-lead]
---
"""
PARAGRAPH = (
    "Access to production systems is granted on least privilege, approved by the "
    "system owner, reviewed every quarter and removed on the last working day.\n"
)


@dataclass
class Doc:
    path: str
    approved: date
    paragraphs: list[str] = field(default_factory=lambda: [PARAGRAPH] * 30)

    def text(self, number: int) -> str:
        return (
            f"---\ntype: procedure\nid: PROC-{number:04d}\ntitle: Procedure {number}\n"
            f'kind: operations\nowner: priya\nstatus: approved\nversion: "1.0"\n'
            f"approval:\n  by: daniel\n  date: {self.approved.isoformat()}\n"
            f"review:\n  last: {self.approved.isoformat()}\n  cycle: annual\n"
            f"controls: [CC6.1]\n---\n\n# Procedure {number}\n\n## Steps\n\n"
            + "\n".join(self.paragraphs)
        )


def generate(root: Path, documents: int, commits: int, per_folder: int, seed: int = 7) -> None:
    """A repository at `root` with `documents` documents and `commits` commits.

    Documents sit in folders of `per_folder` each (0: all in one folder).
    """
    rng = random.Random(seed)

    def folder(number: int) -> str:
        return f"area-{number // per_folder:02d}/" if per_folder else ""

    docs = [Doc(f"procedures/{folder(n)}p{n:04d}.md", START) for n in range(documents)]
    stream = [
        fast_import_commit(
            START,
            "Add the program",
            {
                "soclint.yaml": "select: [A]\nas_of: 2026-01-15\n",
                "roster.md": ROSTER,
                **{d.path: d.text(n) for n, d in enumerate(docs)},
            },
        )
    ]
    for index in range(1, commits):
        day = START + timedelta(days=index * 730 // commits)
        number = rng.randrange(documents)
        doc = docs[number]
        choice = rng.random()
        if choice < 0.6:
            doc.paragraphs[rng.randrange(len(doc.paragraphs))] = f"Edited in commit {index}.\n"
            message = f"Edit {doc.path}"
        elif choice < 0.85:
            doc.approved = day
            message = f"Approve {doc.path}"
        else:
            doc.paragraphs.append(f"Added and approved in commit {index}.\n")
            doc.approved = day
            message = f"Edit and approve {doc.path}"
        stream.append(fast_import_commit(day, message, {doc.path: doc.text(number)}))
    import_history(root, stream)


def _timed(label: str, action):  # type: ignore[no-untyped-def]
    began = time.perf_counter()
    result = action()
    print(f"{label:<58} {time.perf_counter() - began:7.3f} s")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--commits", type=int, default=5000)
    parser.add_argument(
        "--per-folder",
        type=int,
        default=50,
        help="documents per folder (default 50; 0 puts all of them in one folder)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the generated repository")
    options = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="soclint-history-"))
    root = folder / "program"
    try:
        _timed(
            f"generate {options.documents} documents, {options.commits} commits",
            lambda: generate(root, options.documents, options.commits, options.per_folder),
        )
        from soclint.history.git_history import GitHistory

        history = _timed("find the repository (GitHistory.open)", lambda: GitHistory.open(root))
        changes = _timed("one git log pass (GitHistory.changes)", lambda: history.changes)
        _timed("uncommitted changes (GitHistory.uncommitted)", lambda: history.uncommitted)
        print(f"{'':<58} {sum(map(len, changes.values()))} changes of {len(changes)} files")

        from soclint.commands import check
        from soclint.program import load_program

        program = load_program(root, select=["A011"])
        _timed(
            f"read the {options.documents} documents (not history)",
            lambda: program.repository,
        )
        report = _timed(
            "rule A011: log pass, uncommitted, blobs, drift of each",
            lambda: check(program),
        )
        print(f"{'':<58} {len(report.findings)} documents changed after approval")

        command = [sys.executable, "-m", "soclint", "check", str(root), "--select", "A"]
        _timed(
            "soclint check --select A (the whole command)",
            lambda: subprocess.run(command, capture_output=True, check=False),
        )
        if options.keep:
            print(f"kept: {root}")
    finally:
        if not options.keep:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
